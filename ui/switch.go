package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/pages/computes"
	"github.com/amlconsole/amlconsole/workspace"
)

// switchedMsg answers Deps.SwitchWorkspace.
type switchedMsg struct {
	rg, name string
	ws       Workspace
	cfg      workspace.Config
	readOnly bool
	err      error
}

// switchWorkspace calls Deps.SwitchWorkspace in a command.
func (m *model) switchWorkspace(msg common.SwitchWorkspaceMsg) tea.Cmd {
	if m.deps.SwitchWorkspace == nil {
		return common.Flash(common.FlashWarn, "switching workspaces is not available in this session")
	}
	sw := m.deps.SwitchWorkspace
	m.flash.show(common.FlashMsg{Level: common.FlashInfo, Text: "switching to workspace " + msg.Name + "…"}, m.deps.Now())
	return func() tea.Msg {
		ws, err := sw(msg.ResourceGroup, msg.Name)
		out := switchedMsg{rg: msg.ResourceGroup, name: msg.Name, ws: ws, err: err}
		if err == nil && ws != nil {
			out.cfg, out.readOnly = ws.Config(), ws.ReadOnly()
		}
		return out
	}
}

// handleSwitched moves the console to the new client: a fresh compute list, header and
// region.
func (m *model) handleSwitched(msg switchedMsg) tea.Cmd {
	if msg.err != nil || msg.ws == nil {
		text := "switching to workspace " + msg.name + ": "
		if msg.err != nil {
			text += msg.err.Error()
		} else {
			text += "no client returned"
		}
		return common.Flash(common.FlashError, text)
	}
	m.wsGen++
	m.common.Workspace = msg.ws
	m.cfg, m.readOnly, m.region = msg.cfg, msg.readOnly, ""
	var cmds []tea.Cmd
	for len(m.stack) > 0 {
		cmds = append(cmds, m.stack[len(m.stack)-1].Stop())
		m.stack = m.stack[:len(m.stack)-1]
	}
	m.flash.show(common.FlashMsg{Level: common.FlashInfo, Text: "now in workspace " + msg.name}, m.deps.Now())
	cmds = append(cmds, m.loadWorkspace(), m.push(func(id common.PageID) common.Page {
		return computes.New(m.common, id)
	}))
	return tea.Batch(cmds...)
}
