// Package computes is the compute list, the console's start page: every compute of the
// workspace with kind, state, size, nodes, priority, identity and age, live from the bus,
// filterable and sortable by any column.
package computes

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/components/listview"
	"github.com/amlconsole/amlconsole/ui/styles"
	"github.com/amlconsole/amlconsole/workspace"
)

// Page is the compute list.
type Page struct {
	common common.Common
	id     common.PageID
	sub    common.Subscription

	data  list
	tones *styles.HealthStyles
	list  listview.Model
	now   time.Time

	// loaded is false until the first list arrives; loading says a request is in flight;
	// reqs numbers requests so late answers are dropped.
	loaded  bool
	loading bool
	reqs    common.Requests
	loadErr error
}

// New returns the compute list page.
func New(c common.Common, id common.PageID) *Page {
	p := &Page{
		common: c,
		id:     id,
		sub:    common.NewSubscription(id, workspace.TopicComputes),
		data:   newList(),
		tones:  new(styles.HealthStyles),
		list:   listview.New(c, columns()...),
		now:    c.Now(),
	}
	*p.tones = c.Styles.HealthStyles()
	p.list.Table.SetSort(colName, false)
	p.list.Table.Empty = "loading computes…"
	return p
}

// loadedMsg answers one ListComputes request.
type loadedMsg struct {
	page     common.PageID
	req      int
	computes []workspace.Compute
	err      error
}

// Target implements common.Addressed.
func (m loadedMsg) Target() common.PageID { return m.page }

// ID implements common.Page.
func (p *Page) ID() common.PageID { return p.id }

// Title implements common.Page.
func (p *Page) Title() string { return "computes" }

// Start watches the computes topic and loads the list the first time.
func (p *Page) Start() tea.Cmd {
	p.reqs.Start()
	cmds := []tea.Cmd{p.sub.Start(p.common.Watch)}
	if !p.loaded {
		cmds = append(cmds, p.load())
	}
	return tea.Batch(cmds...)
}

// Stop stops watching and cancels requests in flight.
func (p *Page) Stop() tea.Cmd {
	p.reqs.Stop()
	p.loading = false
	return p.sub.Stop()
}

// load lists the computes in a command; summaries are built there too, off the UI loop.
func (p *Page) load() tea.Cmd {
	p.loading = true
	ws, page := p.common.Workspace, p.id
	return p.reqs.Call(func(ctx context.Context, req int) tea.Msg {
		res, err := ws.ListComputes(ctx)
		return loadedMsg{page: page, req: req, computes: summarize(res), err: err}
	})
}

// summarize pairs each resource with its summary, as the watcher does.
func summarize(res []*armmachinelearning.ComputeResource) []workspace.Compute {
	out := make([]workspace.Compute, 0, len(res))
	for _, r := range res {
		if r != nil {
			out = append(out, workspace.Compute{Resource: r, Summary: compute.Summarize(r)})
		}
	}
	return out
}

// SetSize implements common.Page.
func (p *Page) SetSize(w, h int) { p.list.SetSize(w, h) }

// SetCommon implements common.Page.
func (p *Page) SetCommon(c common.Common) {
	p.common = c
	p.list.SetCommon(c)
	*p.tones = c.Styles.HealthStyles()
}

// InputFocused implements common.Page: the filter is being typed.
func (p *Page) InputFocused() bool { return p.list.InputFocused() }

// Escape clears an applied filter before esc means back.
func (p *Page) Escape() bool {
	if !p.list.ClearFilter() {
		return false
	}
	p.refilter()
	return true
}

// Completions offers compute names for ":nodes " (clusters only).
func (p *Page) Completions(command string) []string {
	if command == "nodes" {
		return p.data.names(compute.KindCluster)
	}
	return nil
}

// Update implements common.Page.
func (p *Page) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	if cmd, ok := p.handleInput(msg); ok {
		return p, cmd
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return p, p.handleKey(msg)
	case loadedMsg:
		return p, p.handleLoaded(msg)
	case common.WatchStartedMsg:
		cmd, _ := p.sub.Handle(msg)
		return p, cmd
	case workspace.ComputesSnapshot:
		p.now = p.common.Now()
		changed := p.data.replace(msg.Computes, p.tones, p.now)
		if changed || !p.loaded || p.loadErr != nil {
			p.loaded, p.loadErr = true, nil
			p.publish()
		}
	case workspace.ComputeChange:
		p.handleChange(msg)
	case common.TickMsg:
		p.handleTick(msg)
	}
	return p, nil
}

func (p *Page) handleLoaded(msg loadedMsg) tea.Cmd {
	if !p.reqs.Latest(msg.req) {
		return nil
	}
	p.loading = false
	if msg.err != nil {
		if p.reqs.Cancelled() {
			return nil
		}
		p.loadErr = msg.err
		p.publish()
		return common.Flash(common.FlashError, "listing computes: "+msg.err.Error())
	}
	p.loaded, p.loadErr = true, nil
	p.now = p.common.Now()
	p.data.replace(msg.computes, p.tones, p.now)
	p.publish()
	return nil
}

func (p *Page) handleChange(msg workspace.ComputeChange) {
	now := p.common.Now()
	p.now = now
	switch {
	case msg.Kind == workspace.Removed || msg.New == nil:
		p.data.remove(msg.Name, now)
	default:
		p.data.upsert(*msg.New, p.tones, now)
	}
	p.publish()
}

func (p *Page) handleTick(msg common.TickMsg) {
	p.now = msg.Now
	expired := p.data.expire(msg.Now)
	if p.data.refreshAges(p.tones, msg.Now) || expired {
		p.publish()
	}
}

// selected is the compute under the cursor.
func (p *Page) selected() (*entry, bool) {
	e, ok := p.data.all[p.list.Table.SelectedKey()]
	return e, ok
}

func (p *Page) open(opener func(common.Common, workspace.Compute) tea.Cmd) tea.Cmd {
	e, ok := p.selected()
	if !ok {
		return nil
	}
	return opener(p.common, e.compute())
}

// publish hands the view to the table.
func (p *Page) publish() {
	switch {
	case p.loadErr != nil && len(p.data.all) == 0:
		p.list.Table.Empty = "could not list computes: " + p.loadErr.Error()
	case !p.loaded:
		p.list.Table.Empty = "loading computes…"
	case p.list.Filter.Active():
		p.list.Table.Empty = "no compute matches the filter (esc clears it)"
	default:
		p.list.Table.Empty = "no computes in this workspace"
	}
	p.list.Table.SetSource(source{l: &p.data, now: p.now})
}

// View implements common.Page.
func (p *Page) View() string {
	title := fmt.Sprintf("Computes (%d)", len(p.data.all))
	if p.list.Filter.Active() {
		title = fmt.Sprintf("Computes (%d of %d)", len(p.data.view), len(p.data.all))
	}
	info := p.list.Filter.View()
	if p.loading && p.loaded {
		info = "refreshing… " + info
	}
	return p.list.View(title, info)
}

// ShortHelp implements help.KeyMap.
func (p *Page) ShortHelp() []key.Binding {
	if typing, ok := p.list.TypingHelp(); ok {
		return typing
	}
	k := p.common.Keys
	short := []key.Binding{k.List.Open, k.Compute.YAML}
	if e, ok := p.selected(); ok && e.sum.Kind == compute.KindCluster {
		short = append(short, k.Compute.Nodes)
	}
	// The most useful first: help truncates from the right on narrow terminals.
	return append(short, k.Global.Filter, k.Global.Help, k.Global.Command, k.Sort.Name, k.Sort.State, k.Global.Quit)
}

// FullHelp implements help.KeyMap.
func (p *Page) FullHelp() [][]key.Binding {
	k := p.common.Keys
	return [][]key.Binding{
		p.list.Bindings(),
		{k.List.Open, k.Compute.Describe, k.Compute.YAML, k.Compute.Nodes, k.Compute.Jobs, k.Global.Refresh},
		{k.Sort.Name, k.Sort.Kind, k.Sort.State, k.Sort.Size, k.Sort.Nodes, k.Sort.Priority, k.Sort.Identity, k.Sort.Age},
		{k.Global.Filter, k.Global.Command, k.Global.Back, k.Global.Help, k.Global.Quit},
	}
}

// Selected is the name of the compute under the cursor, or "".
func (p *Page) Selected() string { return p.list.Table.SelectedKey() }

// Shown is the names in display order (filtered and sorted).
func (p *Page) Shown() []string {
	out := make([]string, len(p.data.view))
	for i, e := range p.data.view {
		out[i] = e.sum.Name
	}
	return out
}

// Highlighted reports whether the row of name is highlighted as just changed.
func (p *Page) Highlighted(name string) bool {
	e, ok := p.data.all[name]
	return ok && e.highlighted(p.now)
}
