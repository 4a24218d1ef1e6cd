package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
)

// layout recomputes the page area after a resize, help toggle, banner or command line.
func (m *model) layout() {
	m.flashH = m.flashHeight()
	m.help.SetWidth(m.width)
	m.bodyTop = 2 + len(m.bannerLines())
	for _, p := range m.stack {
		m.sizePage(p)
	}
}

// bodyHeight is what is left for the page: header, banner, flash line and footer taken.
func (m *model) bodyHeight() int {
	flash := m.flashH
	if m.command.active() {
		flash = 1 // the command line takes the flash line's place
	}
	return max(1, m.height-m.bodyTop-flash-m.footerHeight())
}

func (m *model) footerHeight() int {
	if m.command.active() {
		return max(1, len(m.matchingCommands()))
	}
	if !m.showHelp {
		return 1
	}
	if top := m.top(); top != nil {
		return max(1, strings.Count(m.help.FullHelpView(top.FullHelp()), "\n")+1)
	}
	return 1
}

func (m *model) sizePage(p common.Page) {
	if p != nil {
		p.SetSize(m.width, m.bodyHeight())
	}
}

// View composes header, banner, page, flash (or command) line and footer. The alt screen,
// mouse mode and window title are set here, the only tea.View of the console.
func (m *model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "amlconsole"
	if ws := m.cfg.Workspace.Value; ws != "" {
		v.WindowTitle += " — " + ws
	}
	if m.width <= 0 || m.height <= 0 {
		return v
	}
	var b strings.Builder
	b.WriteString(m.headerView())
	for _, line := range m.bannerLines() {
		b.WriteString("\n" + line)
	}
	body := ""
	if top := m.top(); top != nil {
		body = top.View()
	}
	b.WriteString("\n" + common.Lines(body, m.bodyHeight()))
	if m.command.active() {
		b.WriteString("\n" + m.commandView())
		b.WriteString("\n" + m.commandHint())
	} else {
		lines := m.flashLines()
		if len(lines) == 0 {
			lines = []string{""}
		}
		b.WriteString("\n" + strings.Join(lines, "\n"))
		b.WriteString("\n" + m.footerView())
	}
	v.SetContent(clip(b.String(), m.width, m.height))
	return v
}

// clip cuts the frame to the terminal: at most height lines, none wider than width. Only
// terminals smaller than the layout needs (or help wider than the screen) ever need it.
func clip(frame string, width, height int) string {
	lines := strings.Split(frame, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		lines[i] = common.Fit(l, width)
	}
	return strings.Join(lines, "\n")
}

// footerView is the one help.Model rendering the visible page's keys.
func (m *model) footerView() string {
	top := m.top()
	if top == nil {
		return ""
	}
	if m.showHelp {
		return m.help.FullHelpView(top.FullHelp())
	}
	return m.help.ShortHelpView(top.ShortHelp())
}
