package common

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/amlconsole/amlconsole/ui/keymap"
	"github.com/amlconsole/amlconsole/ui/styles"
)

// Common is handed to every page and component: one explicit value instead of globals. Pages
// keep a copy; the root sends a new one (SetCommon) when the theme or workspace changes.
type Common struct {
	Styles styles.Styles
	Keys   keymap.KeyMap
	// Workspace is the client; call it only inside a tea.Cmd.
	Workspace Workspace
	// Watch subscribes to a bus topic and forwards its events to the program until stop is
	// called; call it only inside a tea.Cmd (see Subscription). Nil: no live events.
	Watch func(topic string) (stop func())
	// Now is the clock; Update handlers use the time carried by TickMsg instead of calling it.
	Now func() time.Time
	// Tick schedules timers (tea.Tick in the program).
	Tick TimerFunc
}

// TimerFunc schedules a message after a delay, like tea.Tick. Pages schedule refreshes
// through Common.Tick so tests can fire timers by hand instead of waiting.
type TimerFunc func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
