package ui

import (
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/internal/uitest"
	"github.com/amlconsole/amlconsole/ui/pages/computes"
	"github.com/amlconsole/amlconsole/ui/pages/details"
	"github.com/amlconsole/amlconsole/workspace"
)

func TestFilterSubstringInvertAndClear(t *testing.T) {
	h := newHarness(t, 80, 24)
	list := topPage[*computes.Page](t, h)
	h.Key("/")
	if !list.InputFocused() {
		t.Fatal("/ did not focus the filter")
	}
	h.Type("CLUSTER")
	if got, want := list.Shown(), []string{"batch-cluster", "example-cluster", "gpu-broken"}; !slices.Equal(got, want) {
		t.Fatalf("filter CLUSTER shows %v, want %v (case-insensitive, kind matches too)", got, want)
	}
	mustShow(t, h, "Computes (3 of 7)", "/CLUSTER")
	// q is text while typing, not quit.
	h.Type("q")
	if h.Quit {
		t.Fatal("q quit while typing in the filter")
	}
	h.Key("backspace")
	h.Key("enter")
	if list.InputFocused() {
		t.Fatal("enter did not leave the filter")
	}
	mustShow(t, h, "filter: CLUSTER")

	h.Key("/")
	h.Key("home")
	h.Type("!")
	if got := list.Shown(); slices.Contains(got, "batch-cluster") || len(got) != 4 {
		t.Fatalf("filter !CLUSTER shows %v, want the 4 non-clusters", got)
	}
	h.Key("enter")
	// esc clears an applied filter before it means back.
	h.Key("esc")
	if got := list.Shown(); len(got) != 7 {
		t.Fatalf("esc left %d rows", len(got))
	}
	mustShow(t, h, "Computes (7)")

	h.Key("/")
	h.Type("nothing-like-this")
	mustShow(t, h, "no compute matches the filter")
	h.Key("esc")
	if list.InputFocused() || len(list.Shown()) != 7 {
		t.Fatal("esc while typing did not cancel the filter")
	}
}

func TestSortByColumnsToggles(t *testing.T) {
	h := newHarness(t, 120, 40)
	list := topPage[*computes.Page](t, h)
	names := list.Shown()
	if !slices.IsSorted(names) {
		t.Fatalf("default order is not by name: %v", names)
	}
	mustShow(t, h, "NAME↑")
	h.Key("N")
	desc := list.Shown()
	slices.Reverse(desc)
	if !slices.Equal(desc, names) {
		t.Fatalf("N again did not reverse: %v", list.Shown())
	}
	mustShow(t, h, "NAME↓")

	h.Key("S")
	mustShow(t, h, "STATE↑")
	if got := list.Shown(); got[len(got)-1] != "gpu-broken" {
		t.Errorf("sorting by state (health: ok, transitional, failed) put %v last", got[len(got)-1])
	}
	h.Key("A")
	mustShow(t, h, "AGE↑")
	if got := list.Shown(); got[0] != "gpu-broken" {
		t.Errorf("youngest first by age, got %v", got)
	}
	for _, k := range []string{"K", "Z", "O", "P", "I"} {
		h.Key(k)
	}
	mustShow(t, h, "IDENTITY↑")
	// The cursor follows the selected compute through re-sorts.
	selectCompute(t, h, "jiajicompute1")
	h.Key("N")
	if list.Selected() != "jiajicompute1" {
		t.Errorf("cursor moved to %s after sorting", list.Selected())
	}
}

func TestNarrowTerminalDropsLeastImportantColumns(t *testing.T) {
	h := newHarness(t, 120, 40)
	mustShow(t, h, "NAME", "KIND", "STATE", "VM SIZE", "NODES", "PRIORITY", "IDENTITY", "AGE")
	h.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	mustShow(t, h, "NAME", "KIND", "STATE", "VM SIZE", "NODES", "AGE")
	mustNotShow(t, h, "PRIORITY", "IDENTITY")
	h.Send(tea.WindowSizeMsg{Width: 50, Height: 24})
	mustShow(t, h, "NAME", "STATE")
	mustNotShow(t, h, "PRIORITY", "IDENTITY", "AGE", "VM SIZE")
	for _, line := range splitLines(h.Screen()) {
		if w := displayWidth(line); w > 50 {
			t.Errorf("line wider than the terminal (%d): %q", w, line)
		}
	}
	h.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	mustShow(t, h, "PRIORITY", "IDENTITY")
	if n := len(splitLines(h.Screen())); n != 40 {
		t.Errorf("screen has %d lines at height 40", n)
	}
}

func TestLiveChangeHighlightsRowThenClears(t *testing.T) {
	h := newHarness(t, 120, 40)
	list := topPage[*computes.Page](t, h)
	old := findCompute(t, h, "batch-cluster")
	changed := uitest.Resizing(old.Resource, 2)
	h.Send(workspace.ComputeChange{Kind: workspace.Changed, Name: "batch-cluster", Old: &old, New: &workspace.Compute{Resource: changed, Summary: compute.Summarize(changed)}})
	mustShow(t, h, "↻ Resizing", "0/2 [0-1]")
	if !list.Highlighted("batch-cluster") {
		t.Fatal("a changed state is not highlighted")
	}
	if list.Highlighted("jiajicompute1") {
		t.Fatal("an unchanged row is highlighted")
	}
	h.clock.Advance(4 * time.Second)
	h.Fire(h.clock.Now())
	if list.Highlighted("batch-cluster") {
		t.Fatal("the highlight did not clear")
	}

	h.Send(workspace.ComputeChange{Kind: workspace.Removed, Name: "gpu-broken"})
	mustNotShow(t, h, "gpu-broken")
	mustShow(t, h, "Computes (6)")
	added := uitest.FailedCluster()
	added.Name = ptr("new-cluster")
	h.Send(workspace.ComputeChange{Kind: workspace.Added, Name: "new-cluster", New: &workspace.Compute{Resource: added, Summary: compute.Summarize(added)}})
	mustShow(t, h, "new-cluster", "Computes (7)")
}

func TestSnapshotReplacesList(t *testing.T) {
	h := newHarness(t, 80, 24)
	list := topPage[*computes.Page](t, h)
	var snap workspace.ComputesSnapshot
	for _, r := range uitest.Computes(t)[:2] {
		snap.Computes = append(snap.Computes, workspace.Compute{Resource: r, Summary: compute.Summarize(r)})
	}
	h.Send(snap)
	if got := list.Shown(); len(got) != 2 {
		t.Fatalf("after a snapshot of 2 the list shows %v", got)
	}
	mustShow(t, h, "Computes (2)")
}

func TestDetailsFollowsLiveChanges(t *testing.T) {
	h := newHarness(t, 80, 24)
	selectCompute(t, h, "batch-cluster")
	h.Key("enter")
	old := findComputeIn(t, uitest.Computes(t), "batch-cluster")
	changed := uitest.Resizing(old.Resource, 3)
	h.Send(workspace.ComputeChange{Kind: workspace.Changed, Name: "batch-cluster", New: &workspace.Compute{Resource: changed, Summary: compute.Summarize(changed)}})
	mustShow(t, h, "↻ Resizing")
	h.Send(workspace.ComputeChange{Kind: workspace.Removed, Name: "batch-cluster"})
	mustShow(t, h, "✗ deleted", "batch-cluster was deleted")
	topPage[*details.Page](t, h)
	// The list underneath followed too.
	h.Key("esc")
	mustShow(t, h, "Computes (6)")
	if slices.Contains(topPage[*computes.Page](t, h).Shown(), "batch-cluster") {
		t.Error("the list still shows the deleted compute")
	}
}

func TestMouseClickSelectsAndOpens(t *testing.T) {
	h := newHarness(t, 80, 24)
	list := topPage[*computes.Page](t, h)
	// Rows start under the header (2 lines), the title and the table header: screen line 4
	// is the first row.
	h.Send(tea.MouseClickMsg{X: 3, Y: 6, Button: tea.MouseLeft})
	if got := list.Selected(); got != list.Shown()[2] {
		t.Fatalf("click on the third row selected %s", got)
	}
	h.Send(tea.MouseClickMsg{X: 3, Y: 6, Button: tea.MouseLeft})
	topPage[*details.Page](t, h)
	h.Key("esc")
	h.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if list.Selected() != list.Shown()[5] {
		t.Errorf("wheel down moved to %s", list.Selected())
	}
}

func findCompute(t *testing.T, h *harness, name string) workspace.Compute {
	t.Helper()
	return findComputeIn(t, h.fake.ComputeSet, name)
}

func TestTinyTerminalsDoNotBreak(t *testing.T) {
	h := newHarness(t, 80, 24)
	for _, size := range [][2]int{{1, 1}, {20, 5}, {40, 10}, {79, 23}} {
		h.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, keys := range [][]string{{"enter"}, {"y"}, {"esc", "esc", "?"}, {"?", ":"}, {"esc"}} {
			h.Key(keys...)
			lines := splitLines(h.Screen())
			if len(lines) > size[1] {
				t.Errorf("%dx%d after %v: %d lines", size[0], size[1], keys, len(lines))
			}
			for _, l := range lines {
				if displayWidth(l) > size[0] {
					t.Errorf("%dx%d after %v: line of %d cells: %q", size[0], size[1], keys, displayWidth(l), l)
					break
				}
			}
		}
	}
}

func TestPasteIntoFilter(t *testing.T) {
	h := newHarness(t, 80, 24)
	list := topPage[*computes.Page](t, h)
	h.Key("/")
	h.Send(tea.PasteMsg{Content: "jiaji"})
	if got := list.Shown(); len(got) != 1 || got[0] != "jiajicompute1" {
		t.Fatalf("pasted filter shows %v", got)
	}
	// Paste without a focused field is ignored.
	h.Key("esc")
	h.Send(tea.PasteMsg{Content: "zzz"})
	if len(list.Shown()) != 7 {
		t.Fatal("a paste changed the list without a focused filter")
	}
}
