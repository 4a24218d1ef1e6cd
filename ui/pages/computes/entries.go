package computes

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/components/filter"
	"github.com/amlconsole/amlconsole/ui/components/table"
	"github.com/amlconsole/amlconsole/ui/styles"
	"github.com/amlconsole/amlconsole/workspace"
)

// highlightFor is how long a row whose state changed stays highlighted.
const highlightFor = 3 * time.Second

// entry is one compute in the list with its rendered cells, built once per change so frames
// and sorts never format anything.
type entry struct {
	res          *armmachinelearning.ComputeResource
	sum          compute.Summary
	cells        []string
	row          table.Row // the cells measured once, for the table
	haystack     string    // lowercase text the filter searches
	changedUntil time.Time
	seen         int  // snapshot generation that last contained it
	dead         bool // replaced or removed: no longer in the list
}

// newEntry renders a compute's cells and measures them.
func newEntry(c workspace.Compute, tones *styles.HealthStyles, now time.Time) *entry {
	s := c.Summary
	e := &entry{res: c.Resource, sum: s}
	e.cells = make([]string, numColumns)
	e.cells[colName] = s.Name
	e.cells[colKind] = string(s.Kind)
	e.cells[colState] = stateCell(s)
	e.cells[colSize] = s.VMSize
	e.cells[colNodes] = s.Nodes.String()
	e.cells[colPriority] = s.Priority
	e.cells[colIdentity] = s.Identity
	e.cells[colAge] = compute.Age(s.CreatedOn, now)
	e.haystack = strings.ToLower(strings.Join(e.cells[:colAge], " "))
	e.row = table.NewRow(s.Name, tones.Of(s.Health), e.cells...)
	return e
}

// stateCell is the state with its health symbol, so it reads without colour, and the error
// count when the compute reports errors.
func stateCell(s compute.Summary) string {
	state := s.State
	if state == "" {
		state = "Unknown"
	}
	cell := s.Health.Symbol() + " " + state
	if s.ErrorCount > 0 {
		cell += " (" + strconv.Itoa(s.ErrorCount) + " err)"
	}
	return cell
}

// setAge re-renders the age cell, re-measuring the row only when the text changed.
func (e *entry) setAge(tones *styles.HealthStyles, now time.Time) bool {
	age := compute.Age(e.sum.CreatedOn, now)
	if age == e.cells[colAge] {
		return false
	}
	e.cells[colAge] = age
	e.row = table.NewRow(e.sum.Name, tones.Of(e.sum.Health), e.cells...)
	return true
}

// compute is the entry as the workspace event type, for the pages it opens.
func (e *entry) compute() workspace.Compute {
	return workspace.Compute{Resource: e.res, Summary: e.sum}
}

// highlighted reports whether the row is in its changed-state highlight at now.
func (e *entry) highlighted(now time.Time) bool { return now.Before(e.changedUntil) }

// list is the page's data: every compute by name, and the filtered, sorted view.
type list struct {
	all  map[string]*entry
	view []*entry
	// order is the last snapshot's entries in its order (see replace).
	order    []*entry
	sortCol  int
	sortDesc bool
	match    filter.Matcher
	gen      int
	// lit counts highlighted entries so ticks skip the expiry pass when there are none.
	lit int
	// widest is the widest cell per column over the view, kept up as rows come and go;
	// stale says a row that may have been the widest left, so it must be recounted.
	widest [numColumns]int
	stale  bool
}

func newList() list { return list{all: map[string]*entry{}, sortCol: colName} }

func (l *list) less(a, b *entry) int {
	c := compare(l.sortCol, a, b)
	if l.sortDesc {
		return -c
	}
	return c
}

// rebuild filters and sorts everything: after a sort or filter change, or a big snapshot.
func (l *list) rebuild() {
	l.stale = true
	l.view = l.view[:0]
	for _, e := range l.all {
		if l.match.Match(e.haystack) {
			l.view = append(l.view, e)
		}
	}
	slices.SortFunc(l.view, l.less)
}

// place puts e at its sorted position in the view (or takes it out when the filter rejects
// it), removing the entry it replaces: one binary search and one move, no re-sort.
func (l *list) place(old, e *entry) {
	if old != nil {
		l.take(old)
	}
	if e == nil || !l.match.Match(e.haystack) {
		return
	}
	i, _ := slices.BinarySearchFunc(l.view, e, l.less)
	l.view = slices.Insert(l.view, i, e)
	table.Widen(l.widest[:], e.row.Widths())
}

// take removes e from the view if it is there.
func (l *list) take(e *entry) {
	for c, w := range e.row.Widths() {
		if w >= l.widest[c] {
			l.stale = true
		}
	}
	i, found := slices.BinarySearchFunc(l.view, e, l.less)
	if found && l.view[i] == e {
		l.view = slices.Delete(l.view, i, i+1)
		return
	}
	if j := slices.Index(l.view, e); j >= 0 {
		l.view = slices.Delete(l.view, j, j+1)
	}
}

// upsert applies one added or changed compute, moving only its row.
func (l *list) upsert(c workspace.Compute, tones *styles.HealthStyles, now time.Time) {
	if old, e := l.store(c, tones, now); e != nil {
		l.place(old, e)
	}
}

// store records a compute and returns the entry it replaced and the new one; e is nil when
// nothing the list shows changed. A changed state starts the row's highlight.
func (l *list) store(c workspace.Compute, tones *styles.HealthStyles, now time.Time) (old, e *entry) {
	old = l.all[c.Summary.Name]
	if old != nil && old.sum == c.Summary {
		old.res = c.Resource
		old.seen = l.gen
		return old, nil
	}
	e = newEntry(c, tones, now)
	e.seen = l.gen
	if old != nil {
		old.dead = true
		e.changedUntil = old.changedUntil
		if old.sum.State != e.sum.State || old.sum.Health != e.sum.Health {
			e.changedUntil = now.Add(highlightFor)
		}
		if old.highlighted(now) {
			l.lit--
		}
	}
	if e.highlighted(now) {
		l.lit++
	}
	l.all[e.sum.Name] = e
	return old, e
}

// remove drops a compute.
func (l *list) remove(name string, now time.Time) {
	old := l.all[name]
	if old == nil {
		return
	}
	if old.highlighted(now) {
		l.lit--
	}
	old.dead = true
	delete(l.all, name)
	l.take(old)
}

// replace applies a full snapshot: unchanged computes cost a comparison, a few changes are
// placed one by one, and many changes fall back to one rebuild. Snapshots come sorted by
// name, so the previous snapshot's order usually finds each entry without a map lookup. It
// reports whether anything the list shows changed.
func (l *list) replace(computes []workspace.Compute, tones *styles.HealthStyles, now time.Time) bool {
	l.gen++
	const fewChanges = 32
	var changed []workspace.Compute
	seen := 0
	order := l.order[:0]
	for i := range computes {
		c := &computes[i] // by pointer: a Compute is a few hundred bytes
		var old *entry
		if i < len(l.order) && !l.order[i].dead && l.order[i].sum.Name == c.Summary.Name {
			old = l.order[i]
		} else {
			old = l.all[c.Summary.Name]
		}
		if old != nil {
			if old.seen != l.gen {
				seen++
			}
			old.seen = l.gen
			// The same resource (a retained snapshot delivered again) needs no comparison.
			if old.res == c.Resource || old.sum == c.Summary {
				old.res = c.Resource
				order = append(order, old)
				continue
			}
		}
		changed = append(changed, *c)
		order = append(order, nil)
	}
	var gone []string
	if len(l.all) > seen {
		for name, e := range l.all {
			if e.seen != l.gen {
				gone = append(gone, name)
			}
		}
	}
	if len(changed)+len(gone) <= fewChanges {
		for _, c := range changed {
			l.upsert(c, tones, now)
		}
	} else {
		for _, c := range changed {
			l.store(c, tones, now)
		}
	}
	for _, name := range gone {
		l.remove(name, now)
	}
	if len(changed)+len(gone) > fewChanges {
		l.rebuild()
	}
	// Fill the order's holes with the entries just stored, for the next snapshot.
	for i, e := range order {
		if e == nil {
			order[i] = l.all[computes[i].Summary.Name]
		}
	}
	l.order = order
	return len(changed)+len(gone) > 0
}

// expire ends highlights that are over; it reports whether any did.
func (l *list) expire(now time.Time) bool {
	if l.lit == 0 {
		return false
	}
	lit := 0
	for _, e := range l.all {
		if e.highlighted(now) {
			lit++
		}
	}
	ended := lit != l.lit
	l.lit = lit
	return ended
}

// refreshAges re-renders the age cells; it reports whether any changed.
func (l *list) refreshAges(tones *styles.HealthStyles, now time.Time) bool {
	changed := false
	for _, e := range l.all {
		changed = e.setAge(tones, now) || changed
	}
	l.stale = l.stale || changed
	return changed
}

// source is the list's view as a table.Source: rows are produced only for the lines on
// screen, with the highlight as of now.
type source struct {
	l   *list
	now time.Time
}

// Len implements table.Source.
func (s source) Len() int { return len(s.l.view) }

// Key implements table.Source.
func (s source) Key(i int) string { return s.l.view[i].sum.Name }

// Row implements table.Source.
func (s source) Row(i int) table.Row {
	e := s.l.view[i]
	r := e.row
	r.Changed = s.l.lit > 0 && e.highlighted(s.now)
	return r
}

// Widest implements table.Source, recounting only after the widest row may have left.
func (s source) Widest(widths []int) {
	l := s.l
	if l.stale {
		l.widest = [numColumns]int{}
		for _, e := range l.view {
			table.Widen(l.widest[:], e.row.Widths())
		}
		l.stale = false
	}
	table.Widen(widths, l.widest[:])
}

// names returns the names of the computes of a kind ("" for all), sorted.
func (l *list) names(kind compute.Kind) []string {
	var out []string
	for name, e := range l.all {
		if kind == "" || e.sum.Kind == kind {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
