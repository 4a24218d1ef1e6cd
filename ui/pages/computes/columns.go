package computes

import (
	"cmp"
	"strings"

	"github.com/amlconsole/amlconsole/ui/components/table"
)

// The list's columns, in display order.
const (
	colName = iota
	colKind
	colState
	colSize
	colNodes
	colPriority
	colIdentity
	colAge
	numColumns
)

// columns are the compute list's columns. Drop says which go first on narrow terminals:
// identity, then priority, age, VM size, nodes and kind; name and state always stay.
func columns() []table.Column {
	return []table.Column{
		colName:     {Title: "NAME", MinWidth: 12, MaxWidth: 40, Flex: true},
		colKind:     {Title: "KIND", MinWidth: 4, MaxWidth: 11, Drop: 2},
		colState:    {Title: "STATE", MinWidth: 10, MaxWidth: 30, Styled: true},
		colSize:     {Title: "VM SIZE", MinWidth: 10, MaxWidth: 26, Drop: 4, Flex: true},
		colNodes:    {Title: "NODES", MinWidth: 5, MaxWidth: 30, Drop: 3},
		colPriority: {Title: "PRIORITY", MinWidth: 8, MaxWidth: 11, Drop: 6},
		colIdentity: {Title: "IDENTITY", MinWidth: 8, MaxWidth: 16, Drop: 7},
		colAge:      {Title: "AGE", MinWidth: 3, MaxWidth: 5, Drop: 5},
	}
}

// compare orders two entries by a column, ties broken by name so the order is total and
// stable across updates.
func compare(col int, a, b *entry) int {
	var c int
	switch col {
	case colKind:
		c = strings.Compare(string(a.sum.Kind), string(b.sum.Kind))
	case colState:
		c = cmp.Compare(a.sum.Health, b.sum.Health)
		if c == 0 {
			c = strings.Compare(a.sum.State, b.sum.State)
		}
	case colSize:
		c = strings.Compare(a.sum.VMSize, b.sum.VMSize)
	case colNodes:
		c = cmp.Compare(a.sum.Nodes.Current, b.sum.Nodes.Current)
		if c == 0 {
			c = cmp.Compare(a.sum.Nodes.Target, b.sum.Nodes.Target)
		}
	case colPriority:
		c = strings.Compare(a.sum.Priority, b.sum.Priority)
	case colIdentity:
		c = strings.Compare(a.sum.Identity, b.sum.Identity)
	case colAge:
		// Youngest first: ascending age is descending creation time.
		c = b.sum.CreatedOn.Compare(a.sum.CreatedOn)
	}
	if c == 0 {
		c = strings.Compare(a.sum.Name, b.sum.Name)
	}
	return c
}
