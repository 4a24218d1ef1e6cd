package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
)

// The page stack: only the top page is started; Back pops it and restarts the one below.

func (m *model) top() common.Page {
	if len(m.stack) == 0 {
		return nil
	}
	return m.stack[len(m.stack)-1]
}

// push stops the visible page and starts a new one on top.
func (m *model) push(newPage func(common.PageID) common.Page) tea.Cmd {
	var stop tea.Cmd
	if top := m.top(); top != nil {
		stop = top.Stop()
	}
	m.nextID++
	p := newPage(m.nextID)
	m.stack = append(m.stack, p)
	m.sizePage(p)
	return handOver(p.Start(), stop)
}

// handOver runs the new page's start commands before the old page's stop commands: when both
// watch the same topic, the bus never sees it unwatched, so its poller keeps running instead
// of stopping and polling Azure again at once.
func handOver(start, stop tea.Cmd) tea.Cmd {
	return tea.Sequence(start, stop)
}

// pop closes the top page and restarts the one below; the start page stays.
func (m *model) pop() tea.Cmd {
	if len(m.stack) <= 1 {
		return nil
	}
	top := m.top()
	m.stack = m.stack[:len(m.stack)-1]
	under := m.top()
	m.sizePage(under)
	stop := top.Stop()
	return handOver(under.Start(), stop)
}

// popToRoot closes every page above the start page.
func (m *model) popToRoot() tea.Cmd {
	if len(m.stack) <= 1 {
		return nil
	}
	var stops []tea.Cmd
	for len(m.stack) > 1 {
		stops = append(stops, m.top().Stop())
		m.stack = m.stack[:len(m.stack)-1]
	}
	m.sizePage(m.top())
	return handOver(m.top().Start(), tea.Batch(stops...))
}

// toTop sends a message to the visible page.
func (m *model) toTop(msg tea.Msg) tea.Cmd {
	top := m.top()
	if top == nil {
		return nil
	}
	_, cmd := top.Update(msg)
	return cmd
}

// toPage delivers an addressed message to its page wherever it is on the stack; with no
// such page it releases what the message holds.
func (m *model) toPage(msg common.Addressed) tea.Cmd {
	for _, p := range m.stack {
		if p.ID() == msg.Target() {
			_, cmd := p.Update(msg)
			return cmd
		}
	}
	if o, ok := msg.(common.Orphaned); ok {
		return o.Release()
	}
	return nil
}

// toAll sends a message to every page on the stack (live data keeps covered pages current).
func (m *model) toAll(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, p := range m.stack {
		_, cmd := p.Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}
