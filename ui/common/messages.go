package common

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/workspace"
)

// PushMsg asks the root to open a page on top of the stack. New builds the page with the id
// the root assigns.
type PushMsg struct {
	New func(id PageID) Page
}

// Push returns a command that opens a page.
func Push(newPage func(id PageID) Page) tea.Cmd {
	return func() tea.Msg { return PushMsg{New: newPage} }
}

// FlashLevel is how loud a flash message is.
type FlashLevel int

// The flash levels.
const (
	FlashInfo FlashLevel = iota
	FlashWarn
	FlashError
)

// FlashMsg shows a message on the flash line until it times out.
type FlashMsg struct {
	Level FlashLevel
	Text  string
}

// Flash returns a command that shows a message on the flash line.
func Flash(level FlashLevel, text string) tea.Cmd {
	return func() tea.Msg { return FlashMsg{Level: level, Text: text} }
}

// TickMsg is the root's clock: it carries the time (from Deps.Now) and the latest ARM budget
// so Update never calls the clock or the client itself. Every page receives it.
type TickMsg struct {
	Now        time.Time
	RateLimits workspace.RateLimits
}

// SwitchWorkspaceMsg asks the root to switch to another workspace (through
// Deps.SwitchWorkspace, in a command).
type SwitchWorkspaceMsg struct {
	ResourceGroup, Name string
}
