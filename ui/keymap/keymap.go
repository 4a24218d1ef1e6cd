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
	// bind is a one-key binding whose help shows the key as typed.
	bind := func(k, desc string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc)) }
	// Lists and scrollable text move with the same keys; only the help words differ.
	up := func(help string) key.Binding {
		return key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", help))
	}
	down := func(help string) key.Binding {
		return key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", help))
	}
	pageUp := key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up"))
	pageDown := key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", "page down"))
	top := key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top"))
	bottom := key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom"))
	return KeyMap{
		Global: Global{
			Quit:      bind("q", "quit"),
			ForceQuit: bind("ctrl+c", "quit"),
			Help:      bind("?", "help"),
			Command:   bind(":", "command"),
			Filter:    bind("/", "filter"),
			Back:      bind("esc", "back"),
			Refresh:   bind("ctrl+r", "refresh"),
		},
		List: List{
			Up:       up("up"),
			Down:     down("down"),
			PageUp:   pageUp,
			PageDown: pageDown,
			Top:      top,
			Bottom:   bottom,
			Open:     bind("enter", "details"),
		},
		Sort: Sort{
			Name:     bind("N", "sort name"),
			Kind:     bind("K", "sort kind"),
			State:    bind("S", "sort state"),
			Size:     bind("Z", "sort VM size"),
			Nodes:    bind("O", "sort nodes"),
			Priority: bind("P", "sort priority"),
			Identity: bind("I", "sort identity"),
			Age:      bind("A", "sort age"),
		},
		Scroll: Scroll{
			Up:       up("scroll up"),
			Down:     down("scroll down"),
			PageUp:   pageUp,
			PageDown: pageDown,
			HalfUp:   bind("ctrl+u", "½ page up"),
			HalfDown: bind("ctrl+d", "½ page down"),
			Top:      top,
			Bottom:   bottom,
			Left:     key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "scroll left")),
			Right:    key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "scroll right")),
		},
		Compute: Compute{
			Describe: bind("d", "describe"),
			YAML:     bind("y", "yaml"),
			Nodes:    bind("n", "nodes"),
			Jobs:     bind("l", "jobs"),
		},
		Workspaces: Workspaces{
			Scope: bind("a", "rg / subscription"),
		},
		Input: Input{
			Accept:   bind("enter", "apply"),
			Cancel:   bind("esc", "cancel"),
			Complete: bind("tab", "complete"),
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
