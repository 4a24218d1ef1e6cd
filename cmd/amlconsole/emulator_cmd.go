package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/amlconsole/amlconsole/emulator"
	"github.com/spf13/cobra"
)

func newEmulatorCommand(a *app) *cobra.Command {
	var opts emulator.Options
	cmd := &cobra.Command{
		Use:   "emulator",
		Short: "Serve a local Azure ML workspace emulator until interrupted",
		Long: "Serves a local imitation of one Azure Machine Learning workspace at the Resource Manager and\n" +
			"run-history level. When ready it prints one JSON line with endpoint, subscription,\n" +
			"resourceGroup, workspace and location (and caFile with --tls), then serves until SIGINT or SIGTERM.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			exe, err := os.Executable()
			if err != nil {
				return fmt.Errorf("locating the amlconsole binary for the trainer: %w", err)
			}
			opts.TrainerCommand = shellQuote(exe) + " " + trainerCommandName
			srv, err := emulator.Start(cmd.Context(), opts)
			if err != nil {
				return err
			}
			line, err := json.Marshal(srv.Info())
			if err != nil {
				srv.Close()
				return err
			}
			fmt.Fprintln(a.stdout, string(line))
			<-cmd.Context().Done()
			return srv.Close()
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Listen, "listen", "127.0.0.1:0", "loopback address to listen on")
	f.StringVar(&opts.DataDir, "data-dir", "", "keep state here across restarts (default: a temporary directory removed on exit)")
	f.StringVar(&opts.Seed, "seed", "demo", "initial content of a new workspace: demo or empty")
	f.Float64Var(&opts.Speed, "speed", 1, "speed factor for every simulated delay")
	f.BoolVar(&opts.TLS, "tls", false, "serve HTTPS with a generated self-signed certificate")
	f.BoolVar(&opts.NoExec, "no-exec", false, "simulate jobs without running their commands")
	return cmd
}
