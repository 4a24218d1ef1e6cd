package listview

import (
	"strconv"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/components/table"
	"github.com/amlconsole/amlconsole/ui/keymap"
	"github.com/amlconsole/amlconsole/ui/styles"
)

// list is a 40×12 list of n rows named row-0, row-1, ...
func list(t *testing.T, n int) *Model {
	t.Helper()
	c := common.Common{
		Styles: styles.New(styles.ThemeNone),
		Keys:   keymap.DefaultKeyMap(),
		Now:    func() time.Time { return time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC) },
		Tick:   tea.Tick,
	}
	m := New(c, table.Column{Title: "NAME", MinWidth: 8})
	m.SetSize(40, 12)
	var rows []table.Row
	for i := range n {
		rows = append(rows, table.NewRow("row-"+strconv.Itoa(i), nil, "row-"+strconv.Itoa(i)))
	}
	m.Table.SetRows(rows)
	return &m
}

// click is a left click on the i-th row of the table (after the title and header lines).
func click(i int, button tea.MouseButton) tea.MouseClickMsg {
	return tea.MouseClickMsg{X: 2, Y: common.TitleHeight + 1 + i, Button: button}
}

func TestClickSelectsThenActivates(t *testing.T) {
	m := list(t, 5)
	if ev, _ := m.Update(click(2, tea.MouseLeft)); ev != Handled || m.Table.SelectedKey() != "row-2" {
		t.Fatalf("first click: event %v, selected %q; want row-2 selected", ev, m.Table.SelectedKey())
	}
	if ev, _ := m.Update(click(2, tea.MouseLeft)); ev != Activated {
		t.Fatalf("a click on the selected row: event %v, want Activated", ev)
	}
}

func TestOnlyTheLeftButtonSelects(t *testing.T) {
	m := list(t, 5)
	for _, b := range []tea.MouseButton{tea.MouseRight, tea.MouseMiddle} {
		if ev, _ := m.Update(click(3, b)); ev != Handled || m.Table.SelectedKey() != "row-0" {
			t.Errorf("button %v: event %v, selected %q; want the click taken and the cursor unmoved", b, ev, m.Table.SelectedKey())
		}
	}
}

func TestWheelMovesTheCursor(t *testing.T) {
	m := list(t, 20)
	m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if got := m.Table.Cursor(); got != wheelStep {
		t.Errorf("after one notch down the cursor is at %d, want %d", got, wheelStep)
	}
	m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if got := m.Table.Cursor(); got != 0 {
		t.Errorf("after one notch back up the cursor is at %d, want 0", got)
	}
}

func TestTypingGoesToTheFocusedFilter(t *testing.T) {
	m := list(t, 3)
	m.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
	if !m.InputFocused() {
		t.Fatal("/ should focus the filter")
	}
	ev, _ := m.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})
	if ev != Filtered || m.Table.Cursor() != 0 {
		t.Errorf("j while typing: event %v, cursor %d; want the filter to take it, not the cursor key", ev, m.Table.Cursor())
	}
	if bindings, typing := m.TypingHelp(); !typing || len(bindings) == 0 {
		t.Error("while typing the help should show accept and cancel")
	}
}
