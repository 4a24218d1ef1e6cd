package table

// measure recomputes the natural column widths: a pass over the rows' stored widths.
func (m *Model) measure() {
	for c := range m.columns {
		m.natural[c] = width(m.title(c))
	}
	m.src.Widest(m.natural)
	m.relayout()
}

// relayout picks the columns that fit and their widths: drop the least important columns
// until the rest fit (flex columns counted at three quarters of their width), then squeeze
// the least important columns toward their minimum until everything fits.
func (m *Model) relayout() {
	shown := make([]bool, len(m.columns))
	for i := range shown {
		shown[i] = true
	}
	need := func() int {
		total, n := 0, 0
		for i, c := range m.columns {
			if !shown[i] {
				continue
			}
			n++
			if c.Flex {
				// A flex column may lose a quarter of its width before others must go.
				total += max(c.MinWidth, m.ideal(i)*3/4)
			} else {
				total += m.ideal(i)
			}
		}
		return total + gap*max(0, n-1)
	}
	for need() > m.width {
		drop := -1
		for i, c := range m.columns {
			if shown[i] && c.Drop > 0 && (drop < 0 || c.Drop > m.columns[drop].Drop) {
				drop = i
			}
		}
		if drop < 0 {
			break
		}
		shown[drop] = false
	}
	m.layout = m.layout[:0]
	total := 0
	for i := range m.columns {
		if !shown[i] {
			continue
		}
		w := m.ideal(i)
		m.layout = append(m.layout, slot{col: i, width: w})
		total += w
	}
	total += gap * max(0, len(m.layout)-1)
	// Squeeze flex columns first, least important first; others only if that is not enough.
	for _, flexOnly := range []bool{true, false} {
		for excess := total - m.width; excess > 0; {
			best := -1
			for j, s := range m.layout {
				c := m.columns[s.col]
				if s.width <= c.MinWidth || (flexOnly && !c.Flex) {
					continue
				}
				if best < 0 || rank(c) > rank(m.columns[m.layout[best].col]) {
					best = j
				}
			}
			if best < 0 {
				break
			}
			cut := min(excess, m.layout[best].width-m.columns[m.layout[best].col].MinWidth)
			m.layout[best].width -= cut
			excess -= cut
			total -= cut
		}
	}
}

// ideal is the width column i's content asks for, within its bounds.
func (m *Model) ideal(i int) int {
	c := m.columns[i]
	w := max(m.natural[i], c.MinWidth)
	if c.MaxWidth > 0 {
		w = min(w, max(c.MaxWidth, c.MinWidth))
	}
	return w
}

// rank orders columns for shrinking: droppable ones by Drop, the permanent ones last.
func rank(c Column) int {
	if c.Drop == 0 {
		return -1
	}
	return c.Drop
}
