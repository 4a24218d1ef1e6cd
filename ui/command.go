package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/pages/nodes"
	"github.com/amlconsole/amlconsole/ui/pages/workspaces"
)

// command is one ":" command: its name, argument, what it does, and whether it exists yet.
type command struct {
	name, arg, help string
	// later names the issue a command arrives with; such commands say so instead of
	// pretending.
	later string
}

// commands are the ":" commands, in the order the hint lists them.
func commands() []command {
	return []command{
		{name: "computes", help: "the compute list"},
		{name: "nodes", arg: "NAME", help: "a cluster's nodes"},
		{name: "jobs", help: "jobs and runs", later: "the jobs issue"},
		{name: "triage", help: "what is failing, stuck or out of quota", later: "the triage issue"},
		{name: "usage", help: "quota and usage", later: "the usage issue"},
		{name: "ws", arg: "[NAME]", help: "switch workspace"},
		{name: "quit", help: "leave amlconsole"},
	}
}

// commandLine is the ":" prompt.
type commandLine struct {
	input textinput.Model
}

func newCommandLine(c common.Common) commandLine {
	in := textinput.New()
	in.Prompt = ":"
	in.ShowSuggestions = true
	in.SetStyles(c.Styles.Input)
	return commandLine{input: in}
}

func (c *commandLine) active() bool { return c.input.Focused() }

// open focuses the prompt with completions: every command, and "nodes NAME" for the
// clusters the pages know.
func (m *model) openCommand() tea.Cmd {
	var sugg []string
	for _, c := range commands() {
		sugg = append(sugg, c.name)
	}
	for _, name := range m.completions("nodes") {
		sugg = append(sugg, "nodes "+name)
	}
	m.command.input.Reset()
	m.command.input.SetStyles(m.common.Styles.Input)
	m.command.input.SetWidth(max(10, m.width-4))
	m.command.input.SetSuggestions(sugg)
	m.layout()
	return m.command.input.Focus()
}

func (m *model) closeCommand() {
	m.command.input.Reset()
	m.command.input.Blur()
	m.layout()
}

// completions asks the pages on the stack for command arguments.
func (m *model) completions(cmd string) []string {
	var out []string
	for _, p := range m.stack {
		if c, ok := p.(common.Completer); ok {
			out = append(out, c.Completions(cmd)...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// handleCommandKey drives the prompt: enter runs, esc cancels, the rest edits (tab accepts
// the completion shown).
func (m *model) handleCommandKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.common.Keys.Input
	switch {
	case key.Matches(msg, k.Accept):
		line := m.command.input.Value()
		m.closeCommand()
		return m.run(line)
	case key.Matches(msg, k.Cancel):
		m.closeCommand()
		return nil
	}
	var cmd tea.Cmd
	m.command.input, cmd = m.command.input.Update(msg)
	m.layout()
	return cmd
}

// run executes one command line.
func (m *model) run(line string) tea.Cmd {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return nil
	}
	name, args := strings.ToLower(fields[0]), fields[1:]
	switch name {
	case "q", "q!", "quit", "exit":
		return m.quit()
	case "computes", "compute", "co":
		return m.popToRoot()
	case "nodes", "no":
		return m.runNodes(args)
	case "ws", "workspace", "workspaces":
		return m.runWorkspace(args)
	}
	for _, c := range commands() {
		if c.name == name && c.later != "" {
			return common.Flash(common.FlashWarn, fmt.Sprintf(":%s (%s) is not built yet: it arrives with %s", c.name, c.help, c.later))
		}
	}
	return common.Flash(common.FlashError, fmt.Sprintf("unknown command %q: try :computes, :nodes NAME, :ws or :quit (tab completes)", ":"+name))
}

func (m *model) runNodes(args []string) tea.Cmd {
	if len(args) != 1 {
		return common.Flash(common.FlashError, ":nodes needs one cluster name: :nodes NAME (tab completes)")
	}
	name := args[0]
	if known := m.completions("nodes"); len(known) > 0 && !slices.Contains(known, name) {
		return common.Flash(common.FlashError, fmt.Sprintf(":nodes %s: no cluster of that name in this workspace", name))
	}
	return nodes.Open(m.common, name)
}

func (m *model) runWorkspace(args []string) tea.Cmd {
	rg := m.cfg.ResourceGroup.Value
	switch len(args) {
	case 0:
		return workspaces.Open(m.common, rg, m.cfg.Workspace.Value)
	case 1:
		msg := common.SwitchWorkspaceMsg{ResourceGroup: rg, Name: args[0]}
		return func() tea.Msg { return msg }
	}
	return common.Flash(common.FlashError, ":ws takes at most one workspace name: :ws [NAME]")
}

// commandView is the prompt line.
func (m *model) commandView() string {
	return common.Fit(m.command.input.View(), m.width)
}

// matchingCommands are the commands whose name starts with the typed word.
func (m *model) matchingCommands() []command {
	typed := strings.ToLower(strings.TrimSpace(m.command.input.Value()))
	word, _, _ := strings.Cut(typed, " ")
	var out []command
	for _, c := range commands() {
		if word == "" || strings.HasPrefix(c.name, word) {
			out = append(out, c)
		}
	}
	return out
}

// commandHint lists the commands matching what is typed, one a line, in place of the key
// help.
func (m *model) commandHint() string {
	matches := m.matchingCommands()
	s := m.common.Styles
	if len(matches) == 0 {
		return s.CommandHint.Render("no such command · esc cancels")
	}
	lines := make([]string, len(matches))
	for i, c := range matches {
		usage := ":" + c.name
		if c.arg != "" {
			usage += " " + c.arg
		}
		desc := c.help
		if c.later != "" {
			desc += " (not built yet)"
		}
		lines[i] = common.Fit("  "+s.Help.ShortKey.Render(fmt.Sprintf("%-14s", usage))+" "+s.Help.ShortDesc.Render(desc), m.width)
	}
	return strings.Join(lines, "\n")
}
