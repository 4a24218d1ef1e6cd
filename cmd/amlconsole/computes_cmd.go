package main

import (
	"sort"
	"strings"

	"github.com/amlconsole/amlconsole/compute"
	"github.com/spf13/cobra"
)

// newComputesCommand is the headless face of the compute views, for scripts and jump boxes.
func newComputesCommand(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:     "computes",
		Aliases: []string{"compute"},
		Short:   "List and inspect the workspace's computes without the console",
		// Check -o before connecting, so a typo fails at once rather than after sign-in.
		PersistentPreRunE: func(*cobra.Command, []string) error { return compute.CheckFormat(output) },
	}
	cmd.PersistentFlags().StringVarP(&output, "output", "o", compute.FormatTable,
		"output format: "+strings.Join(compute.Formats(), ", "))

	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List every compute with its state and nodes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := a.headlessClient(cmd.Context())
			if err != nil {
				return err
			}
			resources, err := client.ListComputes(cmd.Context())
			if err != nil {
				return err
			}
			items := make([]compute.Summary, 0, len(resources))
			for _, r := range resources {
				items = append(items, compute.Summarize(r))
			}
			sort.Slice(items, func(i, j int) bool { return items[i].Name < items[j].Name })
			return compute.WriteList(a.stdout, output, items)
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "show NAME",
		Short: "Show one compute: errors first, then every setting (secrets redacted)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			client, err := a.headlessClient(cmd.Context())
			if err != nil {
				return err
			}
			r, err := client.GetCompute(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return compute.WriteShow(a.stdout, output, r)
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "nodes NAME",
		Short: "List the nodes of a cluster",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			client, err := a.headlessClient(cmd.Context())
			if err != nil {
				return err
			}
			nodes, err := client.ListNodes(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return compute.WriteNodes(a.stdout, output, compute.NodeRows(nodes))
		},
	})
	return cmd
}
