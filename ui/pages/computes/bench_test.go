package computes

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/internal/uitest"
	"github.com/amlconsole/amlconsole/ui/keymap"
	"github.com/amlconsole/amlconsole/ui/styles"
	"github.com/amlconsole/amlconsole/workspace"
)

var benchNow = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// manyComputes makes n computes from the fixtures' cluster and instance, renamed apart and
// with varied states.
func manyComputes(b testing.TB, n int) []workspace.Compute {
	base := uitest.Computes(b)
	out := make([]workspace.Compute, n)
	for i := range out {
		r := *base[i%len(base)]
		r.Name = ptr(fmt.Sprintf("compute-%05d", i))
		if i%14 == 0 {
			r.Properties = uitest.Resizing(&r, int32(i%5)).Properties
		}
		out[i] = workspace.Compute{Resource: &r, Summary: compute.Summarize(&r)}
	}
	return out
}

// middleSteady is the index of a steady cluster in the middle of cs: one whose state a
// resize changes.
func middleSteady(cs []workspace.Compute) int {
	for i := len(cs) / 2; i < len(cs); i++ {
		if cs[i].Summary.State == "Steady" {
			return i
		}
	}
	panic("no steady cluster")
}

func ptr[T any](v T) *T { return &v }

// benchPage is the list with n computes at 120×40, the cursor in the middle.
func benchPage(b *testing.B, n int) (*Page, []workspace.Compute) {
	c := common.Common{
		Styles: styles.New(styles.ThemeDark),
		Keys:   keymap.DefaultKeyMap(),
		Now:    func() time.Time { return benchNow },
		Tick:   tea.Tick,
	}
	p := New(c, 1)
	p.SetSize(120, 35)
	cs := manyComputes(b, n)
	p.Update(workspace.ComputesSnapshot{Computes: cs, At: benchNow})
	p.list.Table.Select(n / 2)
	return p, cs
}

// BenchmarkRenderList5000 is one frame of the list with 5,000 computes scrolled to the
// middle (target: under 2 ms).
func BenchmarkRenderList5000(b *testing.B) {
	p, _ := benchPage(b, 5000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = p.View()
	}
}

// BenchmarkComputeChange5000 applies one ComputeChange whose state flips (target: under
// 1 ms).
func BenchmarkComputeChange5000(b *testing.B) {
	p, cs := benchPage(b, 5000)
	target := cs[middleSteady(cs)]
	steady := target
	resizing := workspace.Compute{Resource: uitest.Resizing(target.Resource, 3)}
	resizing.Summary = compute.Summarize(resizing.Resource)
	flip := []workspace.Compute{resizing, steady}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		c := flip[i%2]
		i++
		p.Update(workspace.ComputeChange{Kind: workspace.Changed, Name: c.Summary.Name, New: &c, At: benchNow})
	}
}

// repoll is cs as the next poll decodes it: the same content in new resources.
func repoll(cs []workspace.Compute) []workspace.Compute {
	out := make([]workspace.Compute, len(cs))
	for i, c := range cs {
		r := *c.Resource
		out[i] = workspace.Compute{Resource: &r, Summary: c.Summary}
	}
	return out
}

// BenchmarkComputesSnapshot5000 applies a freshly polled snapshot of 5,000 computes in which
// one changed (target: under 1 ms).
func BenchmarkComputesSnapshot5000(b *testing.B) {
	p, cs := benchPage(b, 5000)
	changed := repoll(cs)
	cs = repoll(cs)
	mid := middleSteady(cs)
	r := uitest.Resizing(cs[mid].Resource, 3)
	changed[mid] = workspace.Compute{Resource: r, Summary: compute.Summarize(r)}
	snaps := [][]workspace.Compute{changed, cs}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		p.Update(workspace.ComputesSnapshot{Computes: snaps[i%2], At: benchNow})
		i++
	}
}

// BenchmarkIdleSnapshot5000 applies the snapshot every poll publishes when nothing changed
// (fresh resources, equal summaries).
func BenchmarkIdleSnapshot5000(b *testing.B) {
	p, cs := benchPage(b, 5000)
	polls := [][]workspace.Compute{repoll(cs), repoll(cs)}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		p.Update(workspace.ComputesSnapshot{Computes: polls[i%2], At: benchNow})
		i++
	}
}
