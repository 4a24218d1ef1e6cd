package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/amlconsole/amlconsole/workspace"
	"github.com/spf13/cobra"
)

func newConfigCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the resolved workspace settings and where each came from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if a.flags.useEmulator {
				if err := a.startEmulator(cmd.Context()); err != nil {
					return err
				}
			}
			in, err := a.configInput()
			if err != nil {
				return err
			}
			cfg, err := workspace.ResolveConfig(in)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SETTING\tVALUE\tSOURCE")
			for _, s := range cfg.Settings() {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, s.Value, s.Source)
			}
			fmt.Fprintf(tw, "auth\t%s\t%s\n", a.flags.auth, authSource(cmd, a.flags.useEmulator))
			return tw.Flush()
		},
	}
}

// authSource says where the auth mode came from: --emulator sets it, else --auth or the default.
func authSource(cmd *cobra.Command, emulator bool) string {
	switch {
	case emulator:
		return "flag --emulator"
	case cmd.Flags().Changed("auth"):
		return "flag --auth"
	}
	return "default"
}
