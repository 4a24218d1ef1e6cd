// Package workspaces is the ":ws" page: the workspaces of the current resource group (or of
// the whole subscription), enter switches to one.
package workspaces

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/components/listview"
	"github.com/amlconsole/amlconsole/ui/components/table"
)

// Page lists workspaces.
type Page struct {
	common  common.Common
	id      common.PageID
	list    listview.Model
	items   []item
	current struct{ rg, name string }
	// scope is the resource group listed; "" lists the subscription.
	scope, home string
	reqs        common.Requests
	loading     bool
	loaded      bool
	err         error
}

type item struct{ name, rg, location string }

// Open returns a command that opens the workspace list of the current resource group.
func Open(c common.Common, resourceGroup, current string) tea.Cmd {
	return common.Push(func(id common.PageID) common.Page { return New(c, id, resourceGroup, current) })
}

// New returns the page listing resourceGroup's workspaces (the subscription's when "");
// current is the workspace in use, marked in the list.
func New(c common.Common, id common.PageID, resourceGroup, current string) *Page {
	p := &Page{
		common: c,
		id:     id,
		scope:  resourceGroup,
		home:   resourceGroup,
		list: listview.New(c,
			table.Column{Title: "NAME", MinWidth: 12, MaxWidth: 40, Flex: true, Styled: true},
			table.Column{Title: "RESOURCE GROUP", MinWidth: 10, MaxWidth: 40, Flex: true, Drop: 1},
			table.Column{Title: "LOCATION", MinWidth: 8, MaxWidth: 20, Drop: 2},
		),
	}
	p.current.rg, p.current.name = resourceGroup, current
	p.list.Table.Empty = "listing workspaces…"
	return p
}

// loadedMsg answers ListWorkspaces.
type loadedMsg struct {
	page  common.PageID
	req   int
	items []item
	err   error
}

// Target implements common.Addressed.
func (m loadedMsg) Target() common.PageID { return m.page }

// ID implements common.Page.
func (p *Page) ID() common.PageID { return p.id }

// Title implements common.Page.
func (p *Page) Title() string { return "workspaces" }

// Start lists the workspaces.
func (p *Page) Start() tea.Cmd {
	p.reqs.Start()
	if p.loaded {
		return nil
	}
	return p.load()
}

// Stop cancels the request in flight.
func (p *Page) Stop() tea.Cmd {
	p.reqs.Stop()
	p.loading = false
	p.reqs.Drop()
	return nil
}

func (p *Page) load() tea.Cmd {
	p.loading = true
	ws, page, scope := p.common.Workspace, p.id, p.scope
	return p.reqs.Call(func(ctx context.Context, req int) tea.Msg {
		list, err := ws.ListWorkspaces(ctx, scope)
		return loadedMsg{page: page, req: req, items: items(list, scope), err: err}
	})
}

// items flattens the ARM workspaces, taking the resource group from each id.
func items(list []*armmachinelearning.Workspace, scope string) []item {
	out := make([]item, 0, len(list))
	for _, w := range list {
		if w == nil || w.Name == nil {
			continue
		}
		it := item{name: *w.Name, rg: scope}
		if w.Location != nil {
			it.location = *w.Location
		}
		if w.ID != nil {
			if id, err := arm.ParseResourceID(*w.ID); err == nil {
				it.rg = id.ResourceGroupName
			}
		}
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b item) int {
		return strings.Compare(strings.ToLower(a.rg+"/"+a.name), strings.ToLower(b.rg+"/"+b.name))
	})
	return out
}

// SetSize implements common.Page.
func (p *Page) SetSize(w, h int) { p.list.SetSize(w, h) }

// SetCommon implements common.Page.
func (p *Page) SetCommon(c common.Common) {
	p.common = c
	p.list.SetCommon(c)
	p.publish()
}

// InputFocused implements common.Page.
func (p *Page) InputFocused() bool { return p.list.InputFocused() }

// Escape clears an applied filter first.
func (p *Page) Escape() bool {
	if !p.list.ClearFilter() {
		return false
	}
	p.publish()
	return true
}

// Update implements common.Page.
func (p *Page) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch ev, cmd := p.list.Update(msg); ev {
	case listview.Filtered:
		p.publish()
		return p, cmd
	case listview.Activated:
		return p, p.switchTo()
	case listview.Handled:
		return p, cmd
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return p, p.handleKey(msg)
	case loadedMsg:
		if !p.reqs.Latest(msg.req) {
			return p, nil
		}
		p.loading = false
		if msg.err != nil {
			p.err = msg.err
			p.publish()
			return p, common.Flash(common.FlashError, "listing workspaces: "+msg.err.Error())
		}
		p.err, p.loaded, p.items = nil, true, msg.items
		p.publish()
	}
	return p, nil
}

func (p *Page) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.common.Keys
	switch {
	case key.Matches(msg, k.Workspaces.Scope):
		if p.scope == "" {
			p.scope = p.home
		} else {
			p.scope = ""
		}
		p.loaded = false
		p.items = nil
		p.publish()
		return p.load()
	case key.Matches(msg, k.Global.Refresh):
		return p.load()
	case key.Matches(msg, k.List.Open):
		return p.switchTo()
	}
	return nil
}

// switchTo asks the root to switch to the selected workspace.
func (p *Page) switchTo() tea.Cmd {
	sel := p.list.Table.SelectedKey()
	for _, it := range p.items {
		if it.rg+"/"+it.name != sel {
			continue
		}
		if strings.EqualFold(it.name, p.current.name) && strings.EqualFold(it.rg, p.current.rg) {
			return common.Flash(common.FlashInfo, "already in workspace "+it.name)
		}
		msg := common.SwitchWorkspaceMsg{ResourceGroup: it.rg, Name: it.name}
		return func() tea.Msg { return msg }
	}
	return nil
}

func (p *Page) publish() {
	match := p.list.Filter.Matcher()
	rows := make([]table.Row, 0, len(p.items))
	for _, it := range p.items {
		cells := []string{it.name, it.rg, it.location}
		if !match.Match(strings.ToLower(strings.Join(cells, " "))) {
			continue
		}
		var style *lipgloss.Style
		if strings.EqualFold(it.name, p.current.name) && strings.EqualFold(it.rg, p.current.rg) {
			cells[0] = "● " + it.name
			style = &p.common.Styles.Roles.OK
		} else {
			cells[0] = "  " + it.name
		}
		rows = append(rows, table.NewRow(it.rg+"/"+it.name, style, cells...))
	}
	switch {
	case p.err != nil:
		p.list.Table.Empty = "could not list workspaces: " + p.err.Error()
	case !p.loaded:
		p.list.Table.Empty = "listing workspaces…"
	case len(p.items) > 0:
		p.list.Table.Empty = "no workspace matches the filter (esc clears it)"
	default:
		p.list.Table.Empty = "no workspaces found"
	}
	p.list.Table.SetRows(rows)
}

// View implements common.Page.
func (p *Page) View() string {
	where := "resource group " + p.scope
	if p.scope == "" {
		where = "the subscription"
	}
	title := fmt.Sprintf("Workspaces in %s (%d)", where, len(p.items))
	return p.list.View(title, p.list.Filter.View())
}

// ShortHelp implements help.KeyMap.
func (p *Page) ShortHelp() []key.Binding {
	if typing, ok := p.list.TypingHelp(); ok {
		return typing
	}
	k := p.common.Keys
	open := k.List.Open
	open.SetHelp("enter", "switch")
	return []key.Binding{open, k.Workspaces.Scope, k.Global.Filter, k.Global.Back, k.Global.Help, k.Global.Quit}
}

// FullHelp implements help.KeyMap.
func (p *Page) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.list.Bindings(), p.ShortHelp()}
}
