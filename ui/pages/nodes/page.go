// Package nodes is a cluster's node list (listNodes): id, state, private and public IP, port
// and run id, refreshed on a timer while the page is visible and not at all once it stops.
package nodes

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/components/listview"
	"github.com/amlconsole/amlconsole/ui/components/table"
	"github.com/amlconsole/amlconsole/ui/styles"
	"github.com/amlconsole/amlconsole/workspace"
)

// RefreshInterval is how often the open page lists the nodes again.
const RefreshInterval = 5 * time.Second

// Page is one cluster's nodes.
type Page struct {
	common common.Common
	id     common.PageID
	name   string
	list   listview.Model
	rows   []compute.NodeRow
	tones  *styles.HealthStyles

	// gen changes on every Start and Stop so a timer or answer from an earlier visit is
	// dropped; reqs numbers requests.
	gen     int
	reqs    common.Requests
	active  bool
	loading bool
	loaded  bool
	updated time.Time
	err     error
}

// Open returns a command that opens the node list of the cluster name.
func Open(c common.Common, name string) tea.Cmd {
	return common.Push(func(id common.PageID) common.Page { return New(c, id, name) })
}

// OpenCluster opens the node list of cp when it is a cluster; for any other kind it says on
// the flash line why there is none. It opens from a compute as details.Open and yaml.Open do.
func OpenCluster(c common.Common, cp workspace.Compute) tea.Cmd {
	s := cp.Summary
	if s.Kind != compute.KindCluster {
		return common.Flash(common.FlashWarn, fmt.Sprintf("%s is not a cluster (kind %s): only clusters have a node list", s.Name, s.Kind))
	}
	return Open(c, s.Name)
}

// New returns the nodes page of cluster name.
func New(c common.Common, id common.PageID, name string) *Page {
	p := &Page{
		common: c,
		id:     id,
		name:   name,
		tones:  new(styles.HealthStyles),
		list: listview.New(c,
			table.Column{Title: "NODE ID", MinWidth: 20, MaxWidth: 40, Flex: true},
			table.Column{Title: "STATE", MinWidth: 9, MaxWidth: 14, Styled: true},
			table.Column{Title: "PRIVATE IP", MinWidth: 10, MaxWidth: 15, Drop: 3},
			table.Column{Title: "PUBLIC IP", MinWidth: 9, MaxWidth: 15, Drop: 5},
			table.Column{Title: "PORT", MinWidth: 4, MaxWidth: 5, Drop: 4},
			table.Column{Title: "RUN ID", MinWidth: 20, MaxWidth: 24, Drop: 2, Flex: true},
		),
	}
	*p.tones = c.Styles.HealthStyles()
	p.list.Table.Empty = "listing nodes…"
	return p
}

// loadedMsg answers one listNodes.
type loadedMsg struct {
	page     common.PageID
	gen, req int
	rows     []compute.NodeRow
	err      error
}

// Target implements common.Addressed.
func (m loadedMsg) Target() common.PageID { return m.page }

// refreshMsg is the page's timer.
type refreshMsg struct {
	page common.PageID
	gen  int
}

// Target implements common.Addressed.
func (m refreshMsg) Target() common.PageID { return m.page }

// ID implements common.Page.
func (p *Page) ID() common.PageID { return p.id }

// Title implements common.Page.
func (p *Page) Title() string { return "nodes " + p.name }

// Name is the cluster shown.
func (p *Page) Name() string { return p.name }

// Start lists the nodes now and then every RefreshInterval.
func (p *Page) Start() tea.Cmd {
	p.gen++
	p.active = true
	p.reqs.Start()
	return p.load()
}

// Stop ends the refresh timer and cancels the request in flight.
func (p *Page) Stop() tea.Cmd {
	p.gen++
	p.active = false
	p.loading = false
	p.reqs.Stop()
	return nil
}

// Refreshing reports whether the page's timer runs (tests).
func (p *Page) Refreshing() bool { return p.active }

func (p *Page) load() tea.Cmd {
	p.loading = true
	ws, page, gen, name := p.common.Workspace, p.id, p.gen, p.name
	return p.reqs.Call(func(ctx context.Context, req int) tea.Msg {
		list, err := ws.ListNodes(ctx, name)
		return loadedMsg{page: page, gen: gen, req: req, rows: compute.NodeRows(list), err: err}
	})
}

func (p *Page) schedule() tea.Cmd {
	page, gen := p.id, p.gen
	return p.common.Tick(RefreshInterval, func(time.Time) tea.Msg { return refreshMsg{page: page, gen: gen} })
}

// SetSize implements common.Page.
func (p *Page) SetSize(w, h int) { p.list.SetSize(w, h) }

// SetCommon implements common.Page.
func (p *Page) SetCommon(c common.Common) {
	p.common = c
	p.list.SetCommon(c)
	*p.tones = c.Styles.HealthStyles()
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
	case listview.Handled, listview.Activated: // a node opens nothing
		return p, cmd
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, p.common.Keys.Global.Refresh) && !p.loading {
			return p, p.load()
		}
	case refreshMsg:
		if msg.gen == p.gen && p.active && !p.loading {
			return p, p.load()
		}
	case loadedMsg:
		return p, p.handleLoaded(msg)
	}
	return p, nil
}

func (p *Page) handleLoaded(msg loadedMsg) tea.Cmd {
	if msg.gen != p.gen || !p.reqs.Latest(msg.req) {
		return nil
	}
	p.loading = false
	next := p.schedule()
	if msg.err != nil {
		p.err = msg.err
		p.publish()
		return tea.Batch(next, common.Flash(common.FlashError, fmt.Sprintf("listing nodes of %s: %v", p.name, msg.err)))
	}
	p.err = nil
	p.loaded = true
	p.rows = msg.rows
	p.updated = p.common.Now()
	p.publish()
	return next
}

// publish filters the rows into the table.
func (p *Page) publish() {
	match := p.list.Filter.Matcher()
	rows := make([]table.Row, 0, len(p.rows))
	for _, r := range p.rows {
		cells := []string{r.ID, r.Health.Symbol() + " " + r.State, r.PrivateIP, r.PublicIP, r.PortString(), r.RunID}
		if !match.Match(strings.ToLower(strings.Join(cells, " "))) {
			continue
		}
		rows = append(rows, table.NewRow(r.ID, p.tones.Of(r.Health), cells...))
	}
	switch {
	case p.err != nil && !p.loaded:
		p.list.Table.Empty = "could not list nodes: " + p.err.Error()
	case !p.loaded:
		p.list.Table.Empty = "listing nodes…"
	case len(p.rows) > 0:
		p.list.Table.Empty = "no node matches the filter (esc clears it)"
	default:
		p.list.Table.Empty = "no nodes: the cluster is scaled to zero"
	}
	p.list.Table.SetRows(rows)
}

// View implements common.Page.
func (p *Page) View() string {
	info := p.list.Filter.View()
	if !p.updated.IsZero() {
		if info != "" {
			info += "  "
		}
		info += "updated " + p.updated.UTC().Format("15:04:05") + " UTC"
	}
	title := fmt.Sprintf("Nodes of %s (%d)", p.name, len(p.rows))
	return p.list.View(title, info)
}

// ShortHelp implements help.KeyMap.
func (p *Page) ShortHelp() []key.Binding {
	if typing, ok := p.list.TypingHelp(); ok {
		return typing
	}
	k := p.common.Keys
	return []key.Binding{k.Global.Back, k.Global.Filter, k.Global.Help, k.Global.Refresh, k.List.Down, k.List.Up, k.Global.Quit}
}

// FullHelp implements help.KeyMap.
func (p *Page) FullHelp() [][]key.Binding {
	k := p.common.Keys
	return [][]key.Binding{
		p.list.Bindings(),
		{k.Global.Filter, k.Global.Refresh, k.Global.Command, k.Global.Back, k.Global.Help, k.Global.Quit},
	}
}
