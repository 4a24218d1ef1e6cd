// Package filter is the "/" filter of list pages: a one-line input whose text selects rows by
// case-insensitive substring, or rejects them when it starts with "!".
package filter

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
)

// Model is the filter's state: the input while typing, and the applied query.
type Model struct {
	common common.Common
	input  textinput.Model
}

// New returns an empty, unfocused filter.
func New(c common.Common) Model {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "substring, !substring to exclude"
	in.SetStyles(c.Styles.Input)
	return Model{common: c, input: in}
}

// SetCommon updates styles.
func (m *Model) SetCommon(c common.Common) {
	m.common = c
	m.input.SetStyles(c.Styles.Input)
}

// SetWidth sets the input's width from the page's: it shares the title line.
func (m *Model) SetWidth(w int) { m.input.SetWidth(max(10, min(40, w/2-2))) }

// Focus starts typing.
func (m *Model) Focus() tea.Cmd { return m.input.Focus() }

// Focused reports whether the user is typing.
func (m Model) Focused() bool { return m.input.Focused() }

// Active reports whether a query is applied (typing or not).
func (m Model) Active() bool { return m.input.Value() != "" }

// Value is the raw query, with its "!" if any.
func (m Model) Value() string { return m.input.Value() }

// Clear removes the query and stops typing.
func (m *Model) Clear() {
	m.input.Reset()
	m.input.Blur()
}

// Update handles a key while focused: enter keeps the query and stops typing, esc clears it.
// It reports whether the query changed, so the page refilters only then.
func (m Model) Update(msg tea.Msg) (Model, bool, tea.Cmd) {
	if !m.input.Focused() {
		return m, false, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.common.Keys.Input.Accept):
			m.input.Blur()
			return m, false, nil
		case key.Matches(k, m.common.Keys.Input.Cancel):
			changed := m.Active()
			m.Clear()
			return m, changed, nil
		}
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, m.input.Value() != before, cmd
}

// View renders the input while typing, or the applied query, or "".
func (m Model) View() string {
	if m.input.Focused() {
		return m.input.View()
	}
	if m.Active() {
		return m.common.Styles.Roles.Muted.Render("filter: ") + m.common.Styles.Roles.Accent.Render(m.input.Value())
	}
	return ""
}

// Matcher returns the query compiled for matching lowercase haystacks.
func (m Model) Matcher() Matcher { return Compile(m.input.Value()) }

// Matcher matches rows against a compiled query.
type Matcher struct {
	needle string
	invert bool
}

// Compile turns a query into a Matcher: case-insensitive substring, "!" inverts. "!" alone
// and "" match everything.
func Compile(query string) Matcher {
	q := strings.ToLower(query)
	invert := strings.HasPrefix(q, "!")
	if invert {
		q = q[1:]
	}
	return Matcher{needle: q, invert: invert && q != ""}
}

// Match reports whether a row whose text is haystack (already lowercase) passes.
func (m Matcher) Match(haystack string) bool {
	if m.needle == "" {
		return true
	}
	return strings.Contains(haystack, m.needle) != m.invert
}
