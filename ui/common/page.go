package common

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// PageID identifies one page instance on the stack. Async results name the page they answer,
// so a result for a page that has been closed, or reopened since, is dropped.
type PageID int

// Page is the contract every page keeps. Pages are pointers; only the root model is a
// tea.Model.
//
//   - Start runs when the page becomes visible (pushed, or uncovered by Back): it starts
//     watchers and loads what it shows. Stop runs when it is covered or closed: it stops
//     watchers and cancels requests. Both return commands; neither does I/O itself.
//   - Update gets every message meant for the page; View renders it at the size SetSize gave.
//   - InputFocused reports a focused text field: the root then sends it every key, and global
//     shortcuts (even q) do not fire.
//   - Escape is offered esc before the root pops the page; it returns true when it used it
//     (clearing a filter, say).
type Page interface {
	help.KeyMap
	ID() PageID
	Title() string
	Start() tea.Cmd
	Stop() tea.Cmd
	Update(msg tea.Msg) (Page, tea.Cmd)
	View() string
	SetSize(width, height int)
	SetCommon(c Common)
	InputFocused() bool
	Escape() bool
}

// Addressed is a message meant for one page; the root delivers it to that page wherever it is
// on the stack, and drops it when the page is gone.
type Addressed interface {
	Target() PageID
}

// Orphaned is an addressed message that holds something to release when no page takes it
// (a watcher's stop function, say).
type Orphaned interface {
	Addressed
	Release() tea.Cmd
}

// Completer is a page that offers completions for command arguments (compute names for
// ":nodes ").
type Completer interface {
	Completions(command string) []string
}
