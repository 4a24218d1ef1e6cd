package table

import (
	"fmt"
	"strings"
	"testing"

	"github.com/amlconsole/amlconsole/ui/styles"
	"github.com/charmbracelet/x/ansi"
)

// countingSource is n generated rows that counts how many it produced.
type countingSource struct {
	n, made int
}

func (s *countingSource) Len() int         { return s.n }
func (s *countingSource) Key(i int) string { return fmt.Sprintf("row-%06d", i) }
func (s *countingSource) Row(i int) Row {
	s.made++
	return NewRow(s.Key(i), nil, s.Key(i), "Cluster", "● Steady")
}
func (s *countingSource) Widest(w []int) { Widen(w, []int{10, 7, 8}) }

func testColumns() []Column {
	return []Column{
		{Title: "NAME", MinWidth: 6, Flex: true},
		{Title: "KIND", MinWidth: 4, Drop: 1},
		{Title: "STATE", MinWidth: 5, Styled: true},
	}
}

func TestViewRendersOnlyVisibleRows(t *testing.T) {
	for _, n := range []int{50, 50000} {
		src := &countingSource{n: n}
		m := New(styles.New(styles.ThemeNone), testColumns()...)
		m.SetSize(40, 11)
		m.SetSource(src)
		m.Select(n / 2)
		src.made = 0
		view := ansi.Strip(m.View())
		if src.made != 10 {
			t.Errorf("%d rows: View built %d rows, want the 10 on screen", n, src.made)
		}
		if !strings.Contains(view, fmt.Sprintf("row-%06d", n/2)) {
			t.Errorf("%d rows: the selected row is not on screen:\n%s", n, view)
		}
		if lines := strings.Count(view, "\n") + 1; lines != 11 {
			t.Errorf("%d rows: %d lines, want 11", n, lines)
		}
	}
}

func TestCursorAndScrolling(t *testing.T) {
	src := &countingSource{n: 100}
	m := New(styles.New(styles.ThemeNone), testColumns()...)
	m.SetSize(40, 6) // 5 rows on screen
	m.SetSource(src)
	m.MoveBy(7)
	if m.Cursor() != 7 || m.Offset() != 3 {
		t.Fatalf("cursor %d offset %d after moving 7", m.Cursor(), m.Offset())
	}
	m.PageDown()
	if m.Cursor() != 12 {
		t.Fatalf("page down to %d", m.Cursor())
	}
	m.Bottom()
	if m.Cursor() != 99 || m.Offset() != 95 {
		t.Fatalf("bottom: cursor %d offset %d", m.Cursor(), m.Offset())
	}
	m.MoveBy(10)
	if m.Cursor() != 99 {
		t.Fatal("moved past the end")
	}
	m.Top()
	if m.Cursor() != 0 || m.Offset() != 0 {
		t.Fatal("top")
	}
	if i, ok := m.RowAt(2); !ok || i != 1 {
		t.Fatalf("RowAt(2) = %d, %v", i, ok)
	}
	if _, ok := m.RowAt(0); ok {
		t.Fatal("the header is not a row")
	}
	// The cursor follows its key when rows move.
	m.Select(40)
	shifted := &countingSource{n: 100}
	m.SetSource(keyShift{shifted, 5})
	if m.SelectedKey() != "row-000040" {
		t.Fatalf("cursor on %s after the rows moved", m.SelectedKey())
	}
}

// keyShift renumbers keys so row i has the key of row i-shift.
type keyShift struct {
	*countingSource
	shift int
}

func (k keyShift) Key(i int) string { return k.countingSource.Key(i - k.shift) }

func TestNarrowDropsByPriorityAndSqueezesFlex(t *testing.T) {
	rows := Rows{NewRow("a", nil, "a-rather-long-name", "Cluster", "● Steady")}
	m := New(styles.New(styles.ThemeNone), testColumns()...)
	m.SetRows(rows)
	m.SetSize(80, 3)
	if got := strings.Join(m.VisibleColumns(), ","); got != "NAME,KIND,STATE" {
		t.Fatalf("wide: %s", got)
	}
	m.SetSize(32, 3) // name squeezed by a quarter, kind kept
	if got := strings.Join(m.VisibleColumns(), ","); got != "NAME,KIND,STATE" {
		t.Fatalf("32: %s", got)
	}
	if !strings.Contains(ansi.Strip(m.View()), "a-rather-lon…") {
		t.Fatalf("name not cut with an ellipsis:\n%s", ansi.Strip(m.View()))
	}
	m.SetSize(16, 3)
	if got := strings.Join(m.VisibleColumns(), ","); got != "NAME,STATE" {
		t.Fatalf("16: %s", got)
	}
	for _, line := range strings.Split(ansi.Strip(m.View()), "\n") {
		if ansi.StringWidth(line) > 16 {
			t.Errorf("line wider than 16: %q", line)
		}
	}
}

func TestSortMarkAndEmpty(t *testing.T) {
	m := New(styles.New(styles.ThemeNone), testColumns()...)
	m.SetSize(40, 4)
	m.Empty = "nothing here"
	m.SetSort(2, true)
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "STATE↓") || !strings.Contains(view, "nothing here") {
		t.Fatalf("view:\n%s", view)
	}
}
