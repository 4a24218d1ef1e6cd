// Package pager is scrollable text under a title line: the details and YAML pages.
package pager

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/charmbracelet/x/ansi"
)

// Model is a titled viewport.
type Model struct {
	common   common.Common
	vp       viewport.Model
	text     string
	width    int
	Title    string
	Info     string
	hasLines bool
}

// New returns an empty pager.
func New(c common.Common, title string) Model {
	vp := viewport.New()
	vp.KeyMap = c.Keys.Scroll.Viewport()
	// Lines are wrapped here, keeping their indentation, rather than by the viewport (which
	// would start continuations at column 0 and make YAML unreadable).
	vp.SoftWrap = false
	vp.MouseWheelEnabled = true
	return Model{common: c, vp: vp, Title: title}
}

// SetCommon updates keys and styles.
func (m *Model) SetCommon(c common.Common) {
	m.common = c
	m.vp.KeyMap = c.Keys.Scroll.Viewport()
}

// SetSize sets the outer size; one line is the title.
func (m *Model) SetSize(w, h int) {
	m.vp.SetHeight(common.BodyHeight(h))
	if w != m.width {
		m.width = w
		m.vp.SetWidth(w)
		m.rewrap()
	}
}

// SetContent replaces the text, keeping the scroll position where it still fits.
func (m *Model) SetContent(s string) {
	m.text = s
	m.hasLines = true
	m.rewrap()
}

func (m *Model) rewrap() {
	y := m.vp.YOffset()
	m.vp.SetContentLines(wrapIndented(m.text, m.width))
	m.vp.SetYOffset(y)
}

// wrapIndented wraps each line to width; continuation lines keep the line's indentation
// plus two spaces, so nested YAML and wrapped values stay readable.
func wrapIndented(text string, width int) []string {
	lines := strings.Split(text, "\n")
	if width <= 0 {
		return lines
	}
	out := make([]string, 0, len(lines))
	for _, line := range lines {
		if ansi.StringWidth(line) <= width {
			out = append(out, line)
			continue
		}
		plain := ansi.Strip(line)
		indent := len(plain) - len(strings.TrimLeft(plain, " "))
		cont := strings.Repeat(" ", min(indent+2, width/2))
		head := strings.SplitN(ansi.Wrap(line, width, " "), "\n", 2)[0]
		// The rest is cut from the original line, not re-joined from wrapped pieces, so a
		// value broken mid-word (a long resource id) keeps exactly its characters.
		rest := strings.TrimPrefix(ansi.TruncateLeft(line, ansi.StringWidth(head), ""), " ")
		out = append(out, head)
		for _, p := range strings.Split(ansi.Wrap(rest, width-len(cont), " "), "\n") {
			out = append(out, cont+p)
		}
	}
	return out
}

// Update scrolls on the scroll keys and the mouse wheel, plus top and bottom.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.common.Keys.Scroll.Top):
			m.vp.GotoTop()
			return m, nil
		case key.Matches(k, m.common.Keys.Scroll.Bottom):
			m.vp.GotoBottom()
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	return m, cmd
}

// View renders the title (with the scroll position) and the visible lines.
func (m Model) View() string {
	info := m.Info
	if m.hasLines && m.vp.TotalLineCount() > m.vp.Height() {
		pos := fmt.Sprintf("%d%%", int(m.vp.ScrollPercent()*100))
		if info != "" {
			info += "  "
		}
		info += pos
	}
	return common.Titled(m.common.Styles, m.width, m.Title, info, m.vp.View())
}

// Bindings are the scroll keys for help.
func (m Model) Bindings() []key.Binding {
	s := m.common.Keys.Scroll
	return []key.Binding{s.Up, s.Down, s.PageUp, s.PageDown, s.HalfUp, s.HalfDown, s.Top, s.Bottom}
}
