// Package table is the console's virtualised table: it reads rows from a Source and renders
// only the ones on screen, so a frame costs the same with fifty rows or fifty thousand, and a
// change to one row costs no copy of the others. Column widths come from widths measured once
// per row (NewRow), so laying out is a pass over integers.
package table

import (
	"charm.land/lipgloss/v2"
	"github.com/amlconsole/amlconsole/ui/styles"
)

// gap is the space between columns.
const gap = 2

// Column describes one column.
type Column struct {
	Title string
	// MinWidth is the narrowest the column gets; longer cells are cut with "…".
	MinWidth int
	// MaxWidth caps the width the content asks for; 0 means no cap.
	MaxWidth int
	// Drop orders columns for narrow terminals: the highest Drop goes first; 0 is never
	// dropped.
	Drop int
	// Styled columns render with the row's CellStyle (the state column, coloured by meaning).
	Styled bool
	// Flex columns may be squeezed by a quarter before other columns are dropped, and down to
	// MinWidth once nothing is left to drop (long names and sizes read well enough cut);
	// other columns keep their content width or go.
	Flex bool
}

// Row is one row: plain-text cells and their display widths.
type Row struct {
	// Key identifies the row across updates, so the cursor stays on the same item.
	Key    string
	Cells  []string
	widths []int
	// CellStyle styles the Styled columns; nil renders them like the rest of the row. A
	// pointer keeps rows small (styles are large values).
	CellStyle *lipgloss.Style
	// Changed rows are highlighted (a state that just changed).
	Changed bool
}

// NewRow measures the cells once; tables lay out from these widths.
func NewRow(key string, style *lipgloss.Style, cells ...string) Row {
	w := make([]int, len(cells))
	for i, c := range cells {
		w[i] = width(c)
	}
	return Row{Key: key, Cells: cells, widths: w, CellStyle: style}
}

// Widths returns the measured width of each cell.
func (r Row) Widths() []int { return r.widths }

// Source is where a table's rows come from. Row is called only for rows on screen.
type Source interface {
	Len() int
	Row(i int) Row
	Key(i int) string
	// Widest stores the widest cell of each column in widths (len = number of columns),
	// leaving a column alone when no cell is wider than what is there.
	Widest(widths []int)
}

// Rows is a Source over a slice.
type Rows []Row

// Len implements Source.
func (r Rows) Len() int { return len(r) }

// Row implements Source.
func (r Rows) Row(i int) Row { return r[i] }

// Key implements Source.
func (r Rows) Key(i int) string { return r[i].Key }

// Widest implements Source.
func (r Rows) Widest(widths []int) {
	for i := range r {
		Widen(widths, r[i].widths)
	}
}

// Widen raises widths to the row widths w where w is wider.
func Widen(widths, w []int) {
	for c, cw := range w {
		if c < len(widths) && cw > widths[c] {
			widths[c] = cw
		}
	}
}

// Model is the table's state. The zero value is not usable; call New.
type Model struct {
	styles  styles.Styles
	columns []Column
	src     Source
	natural []int // per column: widest cell or title

	cursor, offset int
	width, height  int

	sortCol  int
	sortDesc bool
	// Empty is shown when there are no rows.
	Empty string

	layout []slot // visible columns and their widths, for the current width
}

type slot struct{ col, width int }

// New returns an empty table with columns.
func New(s styles.Styles, columns ...Column) Model {
	m := Model{styles: s, columns: columns, sortCol: -1, src: Rows(nil)}
	m.natural = make([]int, len(columns))
	m.measure()
	return m
}

// SetStyles changes the styles (theme switch).
func (m *Model) SetStyles(s styles.Styles) { m.styles = s }

// SetSize sets the table's outer size; one line is the header.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = max(0, width), max(0, height)
	m.relayout()
	m.clamp()
}

// SetSort marks the sorted column in the header (sorting is the caller's job).
func (m *Model) SetSort(col int, desc bool) {
	m.sortCol, m.sortDesc = col, desc
	m.measure()
}

// SetRows shows a slice of rows.
func (m *Model) SetRows(rows []Row) { m.SetSource(Rows(rows)) }

// SetSource shows the rows of src, keeping the cursor on the row with the same key when it is
// still there. Call it again after src changes.
func (m *Model) SetSource(src Source) {
	key := m.SelectedKey()
	m.src = src
	m.measure()
	if key != "" && (m.cursor >= src.Len() || src.Key(m.cursor) != key) {
		for i, n := 0, src.Len(); i < n; i++ {
			if src.Key(i) == key {
				m.cursor = i
				break
			}
		}
	}
	m.clamp()
}

// Len is the number of rows.
func (m Model) Len() int { return m.src.Len() }

// Cursor is the selected row's index.
func (m Model) Cursor() int { return m.cursor }

// Offset is the index of the first row on screen.
func (m Model) Offset() int { return m.offset }

// SelectedKey is the key of the selected row, or "".
func (m Model) SelectedKey() string {
	if m.src == nil || m.cursor < 0 || m.cursor >= m.src.Len() {
		return ""
	}
	return m.src.Key(m.cursor)
}

// VisibleColumns returns the titles of the columns shown at the current width.
func (m Model) VisibleColumns() []string {
	out := make([]string, 0, len(m.layout))
	for _, s := range m.layout {
		out = append(out, m.columns[s.col].Title)
	}
	return out
}

// pageSize is the number of rows on screen.
func (m Model) pageSize() int { return max(1, m.height-1) }

// MoveBy moves the cursor by n rows (negative: up), scrolling as needed.
func (m *Model) MoveBy(n int) {
	m.cursor += n
	m.clamp()
}

// PageDown moves a screen down.
func (m *Model) PageDown() { m.MoveBy(m.pageSize()) }

// PageUp moves a screen up.
func (m *Model) PageUp() { m.MoveBy(-m.pageSize()) }

// Top selects the first row.
func (m *Model) Top() { m.cursor = 0; m.clamp() }

// Bottom selects the last row.
func (m *Model) Bottom() { m.cursor = m.src.Len() - 1; m.clamp() }

// Select selects row i.
func (m *Model) Select(i int) { m.cursor = i; m.clamp() }

// RowAt returns the row index under line y of the table's view (0 is the header).
func (m Model) RowAt(y int) (int, bool) {
	i := m.offset + y - 1
	if y < 1 || i >= m.src.Len() || y > m.pageSize() {
		return 0, false
	}
	return i, true
}

func (m *Model) clamp() {
	n := m.src.Len()
	if n == 0 {
		m.cursor, m.offset = 0, 0
		return
	}
	m.cursor = min(max(m.cursor, 0), n-1)
	page := m.pageSize()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+page {
		m.offset = m.cursor - page + 1
	}
	m.offset = min(max(m.offset, 0), max(0, n-page))
}

func (m Model) title(c int) string {
	t := m.columns[c].Title
	if c == m.sortCol {
		if m.sortDesc {
			return t + "↓"
		}
		return t + "↑"
	}
	return t
}
