package computes

import (
	"fmt"
	"slices"
	"testing"

	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/components/filter"
	"github.com/amlconsole/amlconsole/ui/components/table"
	"github.com/amlconsole/amlconsole/ui/internal/uitest"
	"github.com/amlconsole/amlconsole/ui/styles"
	"github.com/amlconsole/amlconsole/workspace"
)

// viewNames is the list's view as names.
func viewNames(l *list) []string {
	out := make([]string, len(l.view))
	for i, e := range l.view {
		out[i] = e.sum.Name
	}
	return out
}

// expected recomputes the view from scratch: the reference the incremental paths must match.
func expected(l *list) []string {
	ref := newList()
	ref.all, ref.sortCol, ref.sortDesc, ref.match = l.all, l.sortCol, l.sortDesc, l.match
	ref.rebuild()
	return viewNames(&ref)
}

func TestIncrementalUpdatesMatchARebuild(t *testing.T) {
	tones := new(styles.HealthStyles)
	cs := manyComputes(t, 200)
	for _, sortCol := range []int{colName, colState, colAge, colNodes} {
		for _, query := range []string{"", "cluster", "!resizing"} {
			t.Run(fmt.Sprintf("col%d/%q", sortCol, query), func(t *testing.T) {
				l := newList()
				l.sortCol, l.match = sortCol, filter.Compile(query)
				l.replace(cs, tones, benchNow)
				check := func(step string) {
					t.Helper()
					if got, want := viewNames(&l), expected(&l); !slices.Equal(got, want) {
						t.Fatalf("%s: view %v\nwant %v", step, got, want)
					}
					got := make([]int, numColumns)
					source{l: &l}.Widest(got)
					want := make([]int, numColumns)
					for _, e := range l.view {
						table.Widen(want, e.row.Widths())
					}
					for c := range want {
						// Kept widths may run wide after a narrowing change, never narrow.
						if got[c] < want[c] {
							t.Fatalf("%s: column %d is %d wide, its widest cell %d", step, c, got[c], want[c])
						}
					}
				}
				check("first snapshot")

				// A few changes, one removal, one addition: placed one by one.
				next := slices.Clone(cs[1:])
				steady := slices.IndexFunc(next, func(c workspace.Compute) bool { return c.Summary.State == "Steady" })
				r := uitest.Resizing(next[steady].Resource, 4)
				next[steady] = workspace.Compute{Resource: r, Summary: compute.Summarize(r)}
				added := uitest.FailedCluster()
				added.Name = ptr("zz-new")
				next = append(next, workspace.Compute{Resource: added, Summary: compute.Summarize(added)})
				l.replace(next, tones, benchNow)
				check("small snapshot")
				if _, ok := l.all[cs[0].Summary.Name]; ok {
					t.Fatal("removed compute still listed")
				}
				if !l.all[next[steady].Summary.Name].highlighted(benchNow) {
					t.Fatal("state change not highlighted")
				}

				// Many changes: one rebuild.
				many := slices.Clone(next)
				for i := 0; i < len(many); i += 3 {
					r := uitest.Resizing(many[i].Resource, int32(i%7))
					many[i] = workspace.Compute{Resource: r, Summary: compute.Summarize(r)}
				}
				l.replace(many[:len(many)-5], tones, benchNow)
				check("big snapshot")
				if len(l.all) != len(many)-5 {
					t.Fatalf("%d computes, want %d", len(l.all), len(many)-5)
				}

				// Single events.
				l.upsert(cs[0], tones, benchNow)
				l.remove(many[3].Summary.Name, benchNow)
				check("events")
			})
		}
	}
}

func TestStateCellReadsWithoutColour(t *testing.T) {
	for _, r := range uitest.Computes(t) {
		s := compute.Summarize(r)
		cell := stateCell(s)
		if cell[:len(s.Health.Symbol())] != s.Health.Symbol() {
			t.Errorf("%s: state cell %q lacks the health symbol", s.Name, cell)
		}
	}
	if got := stateCell(compute.Summarize(uitest.FailedCluster())); got != "✗ Failed (1 err)" {
		t.Errorf("failed cluster state cell %q", got)
	}
}
