package compute

import (
	"strconv"
	"strings"
)

// String renders a cluster's nodes compactly for the nodes column, readable without colour:
//
//	2/4 [0-4] 1i 1r 2p
//
// is current/target nodes, the [min-max] autoscale range, then the non-zero node-state counts
// with one-letter suffixes: i idle, r running, p preparing, l leaving, u unusable, x preempted.
// Zero counts are left out so the column stays narrow; a steady, empty cluster reads "0/0 [0-4]".
// A part Azure has not reported yet (right after create) is written "-", as in "-/- [0-8]".
// Non-clusters, which have no node counts, render as "".
func (n Nodes) String() string {
	if !n.Known && !n.ScaleKnown && !n.StatesKnown {
		return ""
	}
	var b strings.Builder
	if n.Known {
		b.WriteString(strconv.Itoa(n.Current))
		b.WriteByte('/')
		b.WriteString(strconv.Itoa(n.Target))
	} else {
		b.WriteString("-/-")
	}
	if n.ScaleKnown {
		b.WriteString(" [")
		b.WriteString(strconv.Itoa(n.Min))
		b.WriteByte('-')
		b.WriteString(strconv.Itoa(n.Max))
		b.WriteByte(']')
	}
	if n.StatesKnown {
		for _, c := range n.StateCounts() {
			if c.Count == 0 {
				continue
			}
			b.WriteByte(' ')
			b.WriteString(strconv.Itoa(c.Count))
			b.WriteByte(c.Letter)
		}
	}
	return b.String()
}

// StateCount is one node-state count with its name and the letter Nodes.String uses for it.
type StateCount struct {
	State  string // idle, running, preparing, leaving, unusable, preempted (as listNodes spells them)
	Letter byte
	Count  int
}

// StateCounts returns the node-state counts in display order, including zeros.
func (n Nodes) StateCounts() []StateCount {
	return []StateCount{
		{"idle", 'i', n.Idle},
		{"running", 'r', n.Running},
		{"preparing", 'p', n.Preparing},
		{"leaving", 'l', n.Leaving},
		{"unusable", 'u', n.Unusable},
		{"preempted", 'x', n.Preempted},
	}
}
