package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/workspace"
)

// deviceCodeFor keeps a device-code prompt on screen long enough to type the code.
const deviceCodeFor = 5 * time.Minute

// handleEvent handles the workspace bus's events; ok is false for any other message.
func (m *model) handleEvent(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case workspace.ComputesSnapshot, workspace.ComputeChange, workspace.JobsSnapshot, workspace.JobChange:
		return m.toAll(msg), true
	case workspace.ConnectionState:
		if m.conns == nil {
			m.conns = map[string]workspace.ConnectionState{}
		}
		m.conns[msg.Watcher] = msg
		if msg.Err == nil {
			// Polls succeed again: any sign-in has completed.
			m.prompt = nil
		}
		m.layout()
		return nil, true
	case workspace.OperationEvent:
		return m.handleOperation(msg), true
	case workspace.DeviceCodePrompt:
		m.prompt = &msg
		m.promptUntil = m.deps.Now().Add(deviceCodeFor)
		m.layout()
		return nil, true
	}
	return nil, false
}

// handleOperation reports long-running operations' outcomes on the flash line.
func (m *model) handleOperation(ev workspace.OperationEvent) tea.Cmd {
	switch ev.Phase {
	case workspace.OperationSucceeded:
		return common.Flash(common.FlashInfo, ev.Verb+" "+ev.Target+": done")
	case workspace.OperationFailed:
		text := ev.Verb + " " + ev.Target + " failed"
		if ev.Err != nil {
			text += ": " + ev.Err.Error()
		}
		return common.Flash(common.FlashError, text)
	case workspace.OperationStarted:
		return common.Flash(common.FlashInfo, ev.Verb+" "+ev.Target+"…")
	}
	return nil
}
