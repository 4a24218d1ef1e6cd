package computes

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/components/listview"
	"github.com/amlconsole/amlconsole/ui/pages/details"
	"github.com/amlconsole/amlconsole/ui/pages/nodes"
	"github.com/amlconsole/amlconsole/ui/pages/yaml"
)

// handleInput gives the list the keys, pastes, wheel and clicks it handles like every list
// page; it reports whether msg was one of those. Clicking the selected row opens it.
func (p *Page) handleInput(msg tea.Msg) (tea.Cmd, bool) {
	switch ev, cmd := p.list.Update(msg); ev {
	case listview.Filtered:
		p.refilter()
		return cmd, true
	case listview.Activated:
		return p.open(details.Open), true
	case listview.Handled:
		return cmd, true
	}
	return nil, false
}

// handleKey is the compute list's own keys (the list component took the cursor and filter
// keys): open, actions, sorting and refresh.
func (p *Page) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.common.Keys
	switch {
	case key.Matches(msg, k.Global.Refresh):
		return p.load()
	case key.Matches(msg, k.List.Open, k.Compute.Describe):
		return p.open(details.Open)
	case key.Matches(msg, k.Compute.YAML):
		return p.open(yaml.Open)
	case key.Matches(msg, k.Compute.Nodes):
		return p.open(nodes.OpenCluster)
	case key.Matches(msg, k.Compute.Jobs):
		return common.Flash(common.FlashInfo, "jobs view: arrives with the jobs issue")
	default:
		if col, ok := p.sortKey(msg); ok {
			p.sortBy(col)
		}
	}
	return nil
}

// sortKey maps the shift keys to columns.
func (p *Page) sortKey(msg tea.KeyPressMsg) (int, bool) {
	s := p.common.Keys.Sort
	for col, b := range [numColumns]key.Binding{
		colName: s.Name, colKind: s.Kind, colState: s.State, colSize: s.Size,
		colNodes: s.Nodes, colPriority: s.Priority, colIdentity: s.Identity, colAge: s.Age,
	} {
		if key.Matches(msg, b) {
			return col, true
		}
	}
	return 0, false
}

// sortBy sorts by col; the same column again reverses the order.
func (p *Page) sortBy(col int) {
	if p.data.sortCol == col {
		p.data.sortDesc = !p.data.sortDesc
	} else {
		p.data.sortCol, p.data.sortDesc = col, false
	}
	p.list.Table.SetSort(p.data.sortCol, p.data.sortDesc)
	p.data.rebuild()
	p.publish()
}

func (p *Page) refilter() {
	p.data.match = p.list.Filter.Matcher()
	p.data.rebuild()
	p.publish()
}
