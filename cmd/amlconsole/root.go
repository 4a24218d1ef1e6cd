package main

import (
	"github.com/spf13/cobra"
)

// newRootCommand builds the command tree. Without a subcommand it runs the console.
func newRootCommand(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "amlconsole",
		Short: "A fast terminal console for Azure Machine Learning workspaces",
		Long: "amlconsole shows the computes and jobs of an Azure Machine Learning workspace and lets you\n" +
			"act on them from the keyboard. Run it with --emulator to try it without an Azure account.",
		Version:       currentBuild().String(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runConsole(cmd.Context(), a)
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	f := &a.flags
	pf := root.PersistentFlags()
	pf.StringVar(&f.subscription, "subscription", "", "Azure subscription ID")
	pf.StringVarP(&f.resourceGroup, "resource-group", "g", "", "resource group of the workspace")
	pf.StringVarP(&f.workspace, "workspace", "w", "", "Azure Machine Learning workspace name")
	pf.StringVar(&f.cloud, "cloud", "", "Azure cloud: AzurePublic, AzureChina or AzureUSGovernment")
	pf.StringVar(&f.endpoint, "endpoint", "", "Resource Manager endpoint URL (private endpoints, the emulator)")
	pf.StringVar(&f.configPath, "config", "", "Azure ML config.json (default: searched from the working directory upward)")
	pf.StringVar(&f.auth, "auth", "auto", "authentication: auto, cli, device-code, managed-identity, env or none")
	pf.StringVar(&f.identityClientID, "identity-client-id", "", "client ID of the user-assigned managed identity (--auth managed-identity)")
	pf.BoolVar(&f.readOnly, "read-only", false, "refuse every change to the workspace")
	pf.BoolVar(&f.useEmulator, "emulator", false, "run against an embedded workspace emulator (no Azure account needed)")
	pf.StringVar(&f.logFile, "log-file", "", "write the Azure SDK's request log here (secrets redacted)")
	pf.DurationVar(&f.refresh, "refresh", 0, "poll interval for live views (default: adaptive, 2s while anything changes, 20s when steady)")

	root.AddCommand(
		newConfigCommand(a),
		newComputesCommand(a),
		newEmulatorCommand(a),
		newTrainerCommand(),
	)
	return root
}
