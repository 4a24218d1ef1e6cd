// Package details is one compute's details page: every field a person needs, errors first
// and verbatim, scrollable, live from the bus; y opens its YAML, n its nodes (clusters).
package details

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/components/pager"
	"github.com/amlconsole/amlconsole/ui/pages/nodes"
	"github.com/amlconsole/amlconsole/ui/pages/yaml"
	"github.com/amlconsole/amlconsole/workspace"
)

// Page shows one compute.
type Page struct {
	common  common.Common
	id      common.PageID
	sub     common.Subscription
	pager   pager.Model
	compute workspace.Compute
	width   int
	reqs    common.Requests
}

// Open returns a command that opens the details of c.
func Open(cm common.Common, c workspace.Compute) tea.Cmd {
	return common.Push(func(id common.PageID) common.Page { return New(cm, id, c) })
}

// New returns the details page of c.
func New(cm common.Common, id common.PageID, c workspace.Compute) *Page {
	p := &Page{
		common: cm,
		id:     id,
		sub:    common.NewSubscription(id, workspace.TopicComputes),
		pager:  pager.New(cm, ""),
	}
	p.set(c)
	return p
}

// refreshedMsg answers a GetCompute.
type refreshedMsg struct {
	page    common.PageID
	req     int
	compute workspace.Compute
	err     error
}

// Target implements common.Addressed.
func (m refreshedMsg) Target() common.PageID { return m.page }

// set shows c.
func (p *Page) set(c workspace.Compute) {
	p.compute = c
	p.pager.Title = fmt.Sprintf("Compute %s · %s", c.Summary.Name, c.Summary.Kind)
	p.pager.Info = c.Summary.Health.Symbol() + " " + c.Summary.State
	p.pager.SetContent(render(p.common.Styles, compute.Describe(c.Resource), p.width))
}

// Name is the compute shown.
func (p *Page) Name() string { return p.compute.Summary.Name }

// ID implements common.Page.
func (p *Page) ID() common.PageID { return p.id }

// Title implements common.Page.
func (p *Page) Title() string { return "details " + p.compute.Summary.Name }

// Start watches computes so the page follows changes.
func (p *Page) Start() tea.Cmd {
	p.reqs.Start()
	return p.sub.Start(p.common.Watch)
}

// Stop stops watching.
func (p *Page) Stop() tea.Cmd {
	p.reqs.Stop()
	return p.sub.Stop()
}

// SetSize implements common.Page.
func (p *Page) SetSize(w, h int) {
	p.pager.SetSize(w, h)
	if w != p.width {
		p.width = w
		p.set(p.compute)
	}
}

// SetCommon implements common.Page.
func (p *Page) SetCommon(c common.Common) {
	p.common = c
	p.pager.SetCommon(c)
	p.set(p.compute)
}

// InputFocused implements common.Page.
func (p *Page) InputFocused() bool { return false }

// Escape implements common.Page.
func (p *Page) Escape() bool { return false }

// Update implements common.Page.
func (p *Page) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return p, p.handleKey(msg)
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		p.pager, cmd = p.pager.Update(msg)
		return p, cmd
	case common.WatchStartedMsg:
		cmd, _ := p.sub.Handle(msg)
		return p, cmd
	case workspace.ComputeChange:
		return p, p.handleChange(msg)
	case workspace.ComputesSnapshot:
		for _, c := range msg.Computes {
			if c.Summary.Name == p.Name() {
				if c.Summary != p.compute.Summary || c.Resource != p.compute.Resource {
					p.set(c)
				}
				return p, nil
			}
		}
	case refreshedMsg:
		if !p.reqs.Latest(msg.req) {
			return p, nil
		}
		if msg.err != nil {
			return p, common.Flash(common.FlashError, "getting "+p.Name()+": "+msg.err.Error())
		}
		p.set(msg.compute)
	}
	return p, nil
}

func (p *Page) handleChange(msg workspace.ComputeChange) tea.Cmd {
	if msg.Name != p.Name() {
		return nil
	}
	if msg.Kind == workspace.Removed || msg.New == nil {
		p.pager.Info = "✗ deleted"
		return common.Flash(common.FlashWarn, p.Name()+" was deleted")
	}
	p.set(*msg.New)
	return nil
}

func (p *Page) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.common.Keys
	switch {
	case key.Matches(msg, k.Compute.YAML):
		return yaml.Open(p.common, p.compute)
	case key.Matches(msg, k.Compute.Nodes):
		return nodes.OpenCluster(p.common, p.compute)
	case key.Matches(msg, k.Compute.Jobs):
		return common.Flash(common.FlashInfo, "jobs view: arrives with the jobs issue")
	case key.Matches(msg, k.Global.Refresh):
		return p.refresh()
	}
	var cmd tea.Cmd
	p.pager, cmd = p.pager.Update(msg)
	return cmd
}

// refresh gets the compute again.
func (p *Page) refresh() tea.Cmd {
	ws, page, name := p.common.Workspace, p.id, p.Name()
	return p.reqs.Call(func(ctx context.Context, req int) tea.Msg {
		r, err := ws.GetCompute(ctx, name)
		if err != nil {
			return refreshedMsg{page: page, req: req, err: err}
		}
		return refreshedMsg{page: page, req: req, compute: workspace.Compute{Resource: r, Summary: compute.Summarize(r)}}
	})
}

// View implements common.Page.
func (p *Page) View() string { return p.pager.View() }

// ShortHelp implements help.KeyMap.
func (p *Page) ShortHelp() []key.Binding {
	k := p.common.Keys
	short := []key.Binding{k.Compute.YAML}
	if p.compute.Summary.Kind == compute.KindCluster {
		short = append(short, k.Compute.Nodes)
	}
	return append(short, k.Global.Back, k.Global.Help, k.Compute.Jobs, k.Scroll.Down, k.Scroll.Up, k.Global.Quit)
}

// FullHelp implements help.KeyMap.
func (p *Page) FullHelp() [][]key.Binding {
	k := p.common.Keys
	return [][]key.Binding{
		p.pager.Bindings(),
		{k.Compute.YAML, k.Compute.Nodes, k.Compute.Jobs, k.Global.Refresh},
		{k.Global.Command, k.Global.Back, k.Global.Help, k.Global.Quit},
	}
}
