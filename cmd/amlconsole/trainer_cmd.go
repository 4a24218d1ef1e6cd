package main

import (
	"fmt"

	"github.com/amlconsole/amlconsole/emulator/trainer"
	"github.com/spf13/cobra"
)

// trainerCommandName is the hidden subcommand the emulator's demo jobs run, so the demo needs
// no Python.
const trainerCommandName = "__trainer"

func newTrainerCommand() *cobra.Command {
	return &cobra.Command{
		Use:                trainerCommandName,
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if code := trainer.Main(args, cmd.OutOrStdout(), cmd.ErrOrStderr()); code != 0 {
				return exitCodeError(code)
			}
			return nil
		},
	}
}

// exitCodeError ends the process with its status and no message of its own: the trainer
// already printed why it failed, as a real training script would.
type exitCodeError int

func (e exitCodeError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }
