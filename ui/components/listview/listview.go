// Package listview is the body of a list page: the "/" filter sharing the title line and the
// table under it, with what every list page does the same way — typing and pasting into the
// focused filter, the cursor keys, the mouse wheel and clicks. The page keeps its data, its
// own keys and what a row opens.
package listview

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/components/filter"
	"github.com/amlconsole/amlconsole/ui/components/table"
)

// wheelStep is how many rows one notch of the mouse wheel moves.
const wheelStep = 3

// Model is a titled, filterable table.
type Model struct {
	// Table shows the page's rows; the page fills it (SetRows, SetSource, Empty).
	Table table.Model
	// Filter is the query the page applies to its rows when Update reports Filtered.
	Filter filter.Model

	common common.Common
	width  int
}

// New returns an empty list with columns.
func New(c common.Common, columns ...table.Column) Model {
	return Model{common: c, Table: table.New(c.Styles, columns...), Filter: filter.New(c)}
}

// Event is what Update did with a message.
type Event int

// The events.
const (
	// Ignored: not a list message, or a key the page binds itself.
	Ignored Event = iota
	// Handled: the list used the message; the page has nothing to do.
	Handled
	// Filtered: the query changed; the page applies Filter.Matcher to its rows.
	Filtered
	// Activated: the selected row was clicked again; the page opens it.
	Activated
)

// Update handles the keys, pastes, wheel and clicks every list page treats alike. While the
// filter has focus it takes every key.
func (m *Model) Update(msg tea.Msg) (Event, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if m.Filter.Focused() {
			return m.updateFilter(msg)
		}
		return m.handleKey(msg)
	case tea.PasteMsg:
		return m.updateFilter(msg)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.Table.MoveBy(-wheelStep)
		case tea.MouseWheelDown:
			m.Table.MoveBy(wheelStep)
		}
		return Handled, nil
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft {
			// Other buttons belong to the terminal (paste, context menu): take them, do nothing.
			return Handled, nil
		}
		// Y is relative to the page (the root subtracts its header); the title bar comes
		// first, then the table's own header.
		i, ok := m.Table.RowAt(msg.Y - common.TitleHeight)
		switch {
		case !ok:
		case i == m.Table.Cursor():
			return Activated, nil
		default:
			m.Table.Select(i)
		}
		return Handled, nil
	}
	return Ignored, nil
}

func (m *Model) handleKey(msg tea.KeyPressMsg) (Event, tea.Cmd) {
	k := m.common.Keys
	switch {
	case key.Matches(msg, k.Global.Filter):
		return Handled, m.Filter.Focus()
	case key.Matches(msg, k.List.Up):
		m.Table.MoveBy(-1)
	case key.Matches(msg, k.List.Down):
		m.Table.MoveBy(1)
	case key.Matches(msg, k.List.PageUp):
		m.Table.PageUp()
	case key.Matches(msg, k.List.PageDown):
		m.Table.PageDown()
	case key.Matches(msg, k.List.Top):
		m.Table.Top()
	case key.Matches(msg, k.List.Bottom):
		m.Table.Bottom()
	default:
		return Ignored, nil
	}
	return Handled, nil
}

// updateFilter hands a key or paste to the filter; it reports Filtered when the query changed.
func (m *Model) updateFilter(msg tea.Msg) (Event, tea.Cmd) {
	var changed bool
	var cmd tea.Cmd
	m.Filter, changed, cmd = m.Filter.Update(msg)
	if changed {
		return Filtered, cmd
	}
	return Handled, cmd
}

// ClearFilter removes an applied query, as esc does before it means back; it reports whether
// there was one (the page then refilters).
func (m *Model) ClearFilter() bool {
	if !m.Filter.Active() {
		return false
	}
	m.Filter.Clear()
	return true
}

// SetSize sets the page's size: the title line and the table under it.
func (m *Model) SetSize(w, h int) {
	m.width = w
	m.Filter.SetWidth(w)
	m.Table.SetSize(w, common.BodyHeight(h))
}

// SetCommon updates styles and keys.
func (m *Model) SetCommon(c common.Common) {
	m.common = c
	m.Table.SetStyles(c.Styles)
	m.Filter.SetCommon(c)
}

// InputFocused reports whether the filter is being typed.
func (m Model) InputFocused() bool { return m.Filter.Focused() }

// View renders the title bar (title left, info right) over the table.
func (m Model) View(title, info string) string {
	return common.Titled(m.common.Styles, m.width, title, info, m.Table.View())
}

// TypingHelp is the short help while the filter has focus; typing is false when it has not.
func (m Model) TypingHelp() (bindings []key.Binding, typing bool) {
	if !m.Filter.Focused() {
		return nil, false
	}
	return []key.Binding{m.common.Keys.Input.Accept, m.common.Keys.Input.Cancel}, true
}

// Bindings are the cursor keys, for the page's full help.
func (m Model) Bindings() []key.Binding {
	l := m.common.Keys.List
	return []key.Binding{l.Up, l.Down, l.PageUp, l.PageDown, l.Top, l.Bottom}
}
