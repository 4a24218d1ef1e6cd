package table

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// View renders the header and the rows on screen, and nothing else.
func (m Model) View() string {
	if m.height <= 0 || m.width <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow((m.width + 16) * m.height)
	m.header(&b)
	n := m.src.Len()
	if n == 0 {
		b.WriteByte('\n')
		b.WriteString(m.styles.Roles.Muted.Render(fit(m.Empty, m.width)))
		return b.String()
	}
	end := min(n, m.offset+m.pageSize())
	var line strings.Builder
	for i := m.offset; i < end; i++ {
		b.WriteByte('\n')
		m.row(&b, &line, i)
	}
	return b.String()
}

func (m Model) header(b *strings.Builder) {
	var line strings.Builder
	for j, s := range m.layout {
		if j > 0 {
			line.WriteString(strings.Repeat(" ", gap))
		}
		cell := fit(m.title(s.col), s.width)
		if s.col == m.sortCol {
			b.WriteString(m.styles.TableHeader.Render(line.String()))
			line.Reset()
			b.WriteString(m.styles.SortedHeader.Render(cell))
			continue
		}
		line.WriteString(cell)
	}
	b.WriteString(m.styles.TableHeader.Render(line.String()))
}

// row renders row i: the selected and changed rows in one style each, others in the
// terminal's own colours with the styled column coloured (one style render per row keeps
// frames cheap).
func (m Model) row(b, line *strings.Builder, i int) {
	r := m.src.Row(i)
	selected := i == m.cursor
	whole := selected || r.Changed
	line.Reset()
	for j, s := range m.layout {
		if j > 0 {
			line.WriteString(strings.Repeat(" ", gap))
		}
		var cell string
		if s.col < len(r.Cells) {
			cell = r.Cells[s.col]
		}
		cell = fit(cell, s.width)
		if !whole && m.columns[s.col].Styled && r.CellStyle != nil {
			b.WriteString(line.String())
			line.Reset()
			b.WriteString(r.CellStyle.Render(cell))
			continue
		}
		line.WriteString(cell)
	}
	rest := line.String()
	switch {
	case selected:
		b.WriteString(m.styles.SelectedRow.Render(padRight(rest, m.width)))
	case r.Changed:
		b.WriteString(m.styles.ChangedRow.Render(padRight(rest, m.width)))
	default:
		b.WriteString(rest)
	}
}

// fit pads or cuts s to exactly w cells.
func fit(s string, w int) string {
	sw := width(s)
	if sw == w {
		return s
	}
	if sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	if w <= 0 {
		return ""
	}
	cut := ansi.Truncate(s, w, "…")
	return cut + strings.Repeat(" ", max(0, w-width(cut)))
}

// padRight pads s with spaces to at least w cells.
func padRight(s string, w int) string {
	if sw := width(s); sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	return s
}

// width is the display width of plain text, with a fast path for ASCII.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}
