package workspace

import (
	"slices"
	"strings"
)

// DiffComputes compares two compute lists by name and returns one change per compute added,
// changed (its Summary differs) or removed, in name order. Old and New point to elements of old
// and new (or of sorted copies of them).
// At is left zero for the caller to stamp. Lists sorted by name (as snapshots are) are merged
// in one pass; others are sorted first, without modifying them.
func DiffComputes(old, new []Compute) []ComputeChange {
	old, new = sortedByName(old), sortedByName(new)
	var changes []ComputeChange
	i, j := 0, 0
	for i < len(old) || j < len(new) {
		switch {
		case j == len(new) || (i < len(old) && computeName(old[i]) < computeName(new[j])):
			changes = append(changes, ComputeChange{Kind: Removed, Name: computeName(old[i]), Old: &old[i]})
			i++
		case i == len(old) || computeName(new[j]) < computeName(old[i]):
			changes = append(changes, ComputeChange{Kind: Added, Name: computeName(new[j]), New: &new[j]})
			j++
		default:
			if old[i].Summary != new[j].Summary {
				changes = append(changes, ComputeChange{Kind: Changed, Name: computeName(new[j]), Old: &old[i], New: &new[j]})
			}
			i++
			j++
		}
	}
	return changes
}

// sortedByName returns list itself when it is already sorted by name, else a sorted copy.
func sortedByName(list []Compute) []Compute {
	byName := func(a, b Compute) int { return strings.Compare(computeName(a), computeName(b)) }
	if slices.IsSortedFunc(list, byName) {
		return list
	}
	list = slices.Clone(list)
	slices.SortStableFunc(list, byName)
	return list
}
