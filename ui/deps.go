// Package ui is amlconsole's console: a Bubble Tea v2 root model with a page stack, a header,
// a flash line, a command line and a footer of key help. cmd/amlconsole builds it with New and
// forwards the workspace bus's events to the program as messages. See README.md for the
// invariants every page keeps.
package ui

import (
	"time"

	"github.com/amlconsole/amlconsole/ui/common"
)

// Workspace is what the UI needs of workspace.Client; *workspace.Client satisfies it. The UI
// calls it only inside tea.Cmds.
type Workspace = common.Workspace

// Deps is everything the console gets from cmd.
type Deps struct {
	// Workspace is the one client of the workspace.
	Workspace Workspace
	// Watch subscribes to the bus for topic and forwards its events to the program (with
	// program.Send) until stop is called. Pages call it inside a tea.Cmd when they start and
	// call stop when they stop, so only the visible page keeps watchers polling. Nil: the
	// console shows what it loads, without live updates.
	Watch func(topic string) (stop func())
	// SwitchWorkspace rebuilds the client for another workspace (":ws") and returns it; the
	// console then talks to the new client and watches through the same Watch. Nil: switching
	// is not offered. It is called inside a tea.Cmd.
	SwitchWorkspace func(resourceGroup, name string) (Workspace, error)
	// AuthMode is the --auth mode in use; Identity the signed-in principal when known
	// (shown instead of the mode). Version is the build's version.
	AuthMode, Identity, Version string
	// Theme is "" (follow the terminal's background), "dark", "light" or "none". NO_COLOR in
	// the environment forces "none".
	Theme string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}
