// Package yaml is the YAML page: the compute's ARM resource as YAML, secrets redacted by
// compute.ResourceYAML (never fetched from listKeys), scrollable.
package yaml

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/components/pager"
	"github.com/amlconsole/amlconsole/workspace"
)

// Page shows one compute as YAML.
type Page struct {
	common common.Common
	id     common.PageID
	name   string
	pager  pager.Model
	reqs   common.Requests
}

// Open returns a command that renders c's YAML (in the command, off the UI loop) and opens
// the page.
func Open(cm common.Common, c workspace.Compute) tea.Cmd {
	return func() tea.Msg {
		text, err := render(c)
		return common.PushMsg{New: func(id common.PageID) common.Page {
			return New(cm, id, c.Summary.Name, text, err)
		}}
	}
}

// render is the redacted YAML of c, or the reason there is none.
func render(c workspace.Compute) (string, error) {
	b, err := compute.ResourceYAML(c.Resource)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// New returns the YAML page of the compute name with its rendered text.
func New(cm common.Common, id common.PageID, name, text string, err error) *Page {
	p := &Page{common: cm, id: id, name: name, pager: pager.New(cm, "YAML "+name)}
	p.show(text, err)
	return p
}

func (p *Page) show(text string, err error) {
	if err != nil {
		p.pager.SetContent(p.common.Styles.ErrorValue.Render("cannot render the resource as YAML: " + err.Error()))
		return
	}
	p.pager.SetContent(text)
}

// renderedMsg answers a refresh.
type renderedMsg struct {
	page common.PageID
	req  int
	text string
	err  error
}

// Target implements common.Addressed.
func (m renderedMsg) Target() common.PageID { return m.page }

// ID implements common.Page.
func (p *Page) ID() common.PageID { return p.id }

// Title implements common.Page.
func (p *Page) Title() string { return "yaml " + p.name }

// Start implements common.Page.
func (p *Page) Start() tea.Cmd {
	p.reqs.Start()
	return nil
}

// Stop cancels a refresh in flight.
func (p *Page) Stop() tea.Cmd {
	p.reqs.Stop()
	return nil
}

// SetSize implements common.Page.
func (p *Page) SetSize(w, h int) { p.pager.SetSize(w, h) }

// SetCommon implements common.Page.
func (p *Page) SetCommon(c common.Common) {
	p.common = c
	p.pager.SetCommon(c)
}

// InputFocused implements common.Page.
func (p *Page) InputFocused() bool { return false }

// Escape implements common.Page.
func (p *Page) Escape() bool { return false }

// Update implements common.Page.
func (p *Page) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, p.common.Keys.Global.Refresh) {
			return p, p.refresh()
		}
		var cmd tea.Cmd
		p.pager, cmd = p.pager.Update(msg)
		return p, cmd
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		p.pager, cmd = p.pager.Update(msg)
		return p, cmd
	case renderedMsg:
		if p.reqs.Latest(msg.req) {
			p.show(msg.text, msg.err)
			if msg.err != nil {
				return p, common.Flash(common.FlashError, fmt.Sprintf("getting %s: %v", p.name, msg.err))
			}
		}
	}
	return p, nil
}

// refresh gets the compute again and re-renders it.
func (p *Page) refresh() tea.Cmd {
	ws, page, name := p.common.Workspace, p.id, p.name
	return p.reqs.Call(func(ctx context.Context, req int) tea.Msg {
		r, err := ws.GetCompute(ctx, name)
		if err != nil {
			return renderedMsg{page: page, req: req, err: err}
		}
		text, err := render(workspace.Compute{Resource: r})
		return renderedMsg{page: page, req: req, text: text, err: err}
	})
}

// View implements common.Page.
func (p *Page) View() string { return p.pager.View() }

// ShortHelp implements help.KeyMap.
func (p *Page) ShortHelp() []key.Binding {
	k := p.common.Keys
	return []key.Binding{k.Global.Back, k.Global.Help, k.Scroll.Down, k.Scroll.Up, k.Scroll.PageDown, k.Global.Refresh, k.Global.Quit}
}

// FullHelp implements help.KeyMap.
func (p *Page) FullHelp() [][]key.Binding {
	k := p.common.Keys
	return [][]key.Binding{p.pager.Bindings(), {k.Global.Refresh, k.Global.Command, k.Global.Back, k.Global.Help, k.Global.Quit}}
}
