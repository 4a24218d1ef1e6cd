package workspace

import (
	"slices"
	"strings"
)

// DiffComputes compares two compute lists by name and returns one change per compute added,
// changed (its Summary differs) or removed, in name order. Old and New point to elements of
// old and new; At is left zero for the caller to stamp. The lists need not be sorted and are
// not modified; sorted ones (as snapshots are) are merged without sorting.
func DiffComputes(old, new []Compute) []ComputeChange {
	before, after := byName(old), byName(new)
	var changes []ComputeChange
	i, j := 0, 0
	for i < len(before) || j < len(after) {
		switch {
		case j == len(after) || (i < len(before) && before[i].name < after[j].name):
			changes = append(changes, ComputeChange{Kind: Removed, Name: before[i].name, Old: before[i].c})
			i++
		case i == len(before) || after[j].name < before[i].name:
			changes = append(changes, ComputeChange{Kind: Added, Name: after[j].name, New: after[j].c})
			j++
		default:
			if before[i].c.Summary != after[j].c.Summary {
				changes = append(changes, ComputeChange{Kind: Changed, Name: after[j].name, Old: before[i].c, New: after[j].c})
			}
			i++
			j++
		}
	}
	return changes
}

// namedCompute is a compute and its name, the merge's sort key.
type namedCompute struct {
	name string
	c    *Compute
}

// byName lists pointers to list's elements in name order, sorting only if list is not sorted.
func byName(list []Compute) []namedCompute {
	refs := make([]namedCompute, len(list))
	sorted := true
	for i := range list {
		refs[i] = namedCompute{name: computeName(list[i]), c: &list[i]}
		sorted = sorted && (i == 0 || refs[i-1].name <= refs[i].name)
	}
	if !sorted {
		slices.SortStableFunc(refs, func(a, b namedCompute) int { return strings.Compare(a.name, b.name) })
	}
	return refs
}
