// Package pager is scrollable text under a title line: the details and YAML pages.
package pager

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
)

// Model is a titled viewport.
type Model struct {
	common   common.Common
	vp       viewport.Model
	width    int
	Title    string
	Info     string
	hasLines bool
}

// New returns an empty pager.
func New(c common.Common, title string) Model {
	vp := viewport.New()
	vp.KeyMap = c.Keys.Scroll.Viewport()
	vp.SoftWrap = true // YAML lines longer than the screen wrap rather than hide
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
	m.width = w
	m.vp.SetWidth(w)
	m.vp.SetHeight(max(1, h-1))
}

// SetContent replaces the text, keeping the scroll position where it still fits.
func (m *Model) SetContent(s string) {
	y := m.vp.YOffset()
	m.vp.SetContent(s)
	m.vp.SetYOffset(y)
	m.hasLines = true
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
	return common.TitleBar(m.common.Styles, m.width, m.Title, info) + "\n" + m.vp.View()
}

// Bindings are the scroll keys for help.
func (m Model) Bindings() []key.Binding {
	s := m.common.Keys.Scroll
	return []key.Binding{s.Up, s.Down, s.PageUp, s.PageDown, s.HalfUp, s.HalfDown, s.Top, s.Bottom}
}
