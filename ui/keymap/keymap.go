// Package keymap holds every key binding of the console, grouped by area and built by
// DefaultKeyMap. Pages take the groups they use from the KeyMap in common.Common; nothing
// binds keys on its own.
package keymap

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
)

// KeyMap is the whole console's bindings.
type KeyMap struct {
	Global     Global
	List       List
	Sort       Sort
	Scroll     Scroll
	Compute    Compute
	Workspaces Workspaces
	Input      Input
}

// Global bindings work on every page unless a text field has focus (then only ForceQuit).
type Global struct {
	Quit      key.Binding
	ForceQuit key.Binding
	Help      key.Binding
	Command   key.Binding
	Filter    key.Binding
	Back      key.Binding
	Refresh   key.Binding
}

// List bindings move the cursor in tables.
type List struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Open                                    key.Binding
}

// Sort bindings are k9s-style shift keys, one per column; pressing the same key again
// reverses the order.
type Sort struct {
	Name, Kind, State, Size, Nodes, Priority, Identity, Age key.Binding
}

// Scroll bindings move scrollable text (details, YAML).
type Scroll struct {
	Up, Down, PageUp, PageDown, HalfUp, HalfDown, Top, Bottom, Left, Right key.Binding
}

// Compute bindings act on one compute, from the list or its details.
type Compute struct {
	Describe, YAML, Nodes, Jobs key.Binding
}

// Workspaces bindings belong to the ":ws" page.
type Workspaces struct {
	// Scope toggles between the resource group's workspaces and the subscription's.
	Scope key.Binding
}

// Input bindings drive the command line and the filter while they have focus.
type Input struct {
	Accept, Cancel, Complete key.Binding
}

// DefaultKeyMap returns the console's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Global: Global{
			Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
			ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
			Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
			Command:   key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "command")),
			Filter:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
			Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
			Refresh:   key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "refresh")),
		},
		List: List{
			Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
			Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
			PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
			PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", "page down")),
			Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
			Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),
			Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		},
		Sort: Sort{
			Name:     key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "sort name")),
			Kind:     key.NewBinding(key.WithKeys("K"), key.WithHelp("K", "sort kind")),
			State:    key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "sort state")),
			Size:     key.NewBinding(key.WithKeys("Z"), key.WithHelp("Z", "sort VM size")),
			Nodes:    key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "sort nodes")),
			Priority: key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "sort priority")),
			Identity: key.NewBinding(key.WithKeys("I"), key.WithHelp("I", "sort identity")),
			Age:      key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "sort age")),
		},
		Scroll: Scroll{
			Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
			Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
			PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
			PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", "page down")),
			HalfUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "½ page up")),
			HalfDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "½ page down")),
			Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
			Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),
			Left:     key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "scroll left")),
			Right:    key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "scroll right")),
		},
		Compute: Compute{
			Describe: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "describe")),
			YAML:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yaml")),
			Nodes:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "nodes")),
			Jobs:     key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "jobs")),
		},
		Workspaces: Workspaces{
			Scope: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "rg / subscription")),
		},
		Input: Input{
			Accept:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
			Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
			Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
		},
	}
}

// Viewport returns the scroll bindings in the shape bubbles' viewport wants, so scrollable
// pages move with the same keys as the rest of the console (and never with letters the
// pages use for actions).
func (s Scroll) Viewport() viewport.KeyMap {
	return viewport.KeyMap{
		Up:           s.Up,
		Down:         s.Down,
		PageUp:       s.PageUp,
		PageDown:     s.PageDown,
		HalfPageUp:   s.HalfUp,
		HalfPageDown: s.HalfDown,
		Left:         s.Left,
		Right:        s.Right,
	}
}
