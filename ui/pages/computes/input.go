package computes

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/pages/details"
	"github.com/amlconsole/amlconsole/ui/pages/yaml"
)

func (p *Page) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if p.filter.Focused() {
		return p.updateFilter(msg)
	}
	k := p.common.Keys
	switch {
	case key.Matches(msg, k.Global.Filter):
		return p.filter.Focus()
	case key.Matches(msg, k.Global.Refresh):
		return p.load()
	case key.Matches(msg, k.List.Up):
		p.table.MoveBy(-1)
	case key.Matches(msg, k.List.Down):
		p.table.MoveBy(1)
	case key.Matches(msg, k.List.PageUp):
		p.table.PageUp()
	case key.Matches(msg, k.List.PageDown):
		p.table.PageDown()
	case key.Matches(msg, k.List.Top):
		p.table.Top()
	case key.Matches(msg, k.List.Bottom):
		p.table.Bottom()
	case key.Matches(msg, k.List.Open, k.Compute.Describe):
		return p.open(details.Open)
	case key.Matches(msg, k.Compute.YAML):
		return p.open(yaml.Open)
	case key.Matches(msg, k.Compute.Nodes):
		return p.openNodes()
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
	p.table.SetSort(p.data.sortCol, p.data.sortDesc)
	p.data.rebuild()
	p.publish()
}

func (p *Page) refilter() {
	p.data.match = p.filter.Matcher()
	p.data.rebuild()
	p.publish()
}

func (p *Page) handleWheel(msg tea.MouseWheelMsg) {
	switch msg.Button {
	case tea.MouseWheelUp:
		p.table.MoveBy(-3)
	case tea.MouseWheelDown:
		p.table.MoveBy(3)
	}
}

// handleClick selects the clicked row; clicking the selected row opens it. Y is relative to
// the page (the root subtracts the header); line 0 is the title, line 1 the table header.
func (p *Page) handleClick(msg tea.MouseClickMsg) tea.Cmd {
	if msg.Button != tea.MouseLeft {
		return nil
	}
	i, ok := p.table.RowAt(msg.Y - 1)
	if !ok {
		return nil
	}
	if i == p.table.Cursor() {
		return p.open(details.Open)
	}
	p.table.Select(i)
	return nil
}

// updateFilter hands a key or paste to the focused filter and applies a changed query.
func (p *Page) updateFilter(msg tea.Msg) tea.Cmd {
	var changed bool
	var cmd tea.Cmd
	p.filter, changed, cmd = p.filter.Update(msg)
	if changed {
		p.refilter()
	}
	return cmd
}
