package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/internal/uitest"
	"github.com/amlconsole/amlconsole/workspace"
)

// benchRoot is the whole console at 120×40 with 5,000 computes, cursor in the middle.
func benchRoot(b *testing.B) (*uitest.Driver, []workspace.Compute) {
	fake := uitest.NewFake(b)
	base := fake.ComputeSet
	fake.ComputeSet = nil
	for i := 0; i < 5000; i++ {
		r := *base[i%len(base)]
		r.Name = ptr(fmt.Sprintf("compute-%05d", i))
		fake.ComputeSet = append(fake.ComputeSet, &r)
	}
	timers := &uitest.Timers{}
	m := newModel(Deps{Workspace: fake, Theme: "dark", Now: func() time.Time { return testNow }}, timers.Tick)
	d := &uitest.Driver{T: b, Model: m, Fake: fake, Timers: timers}
	d.Init()
	d.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	for i := 0; i < 2500; i++ {
		d.Send(uitest.KeyPress("j"))
	}
	cs := make([]workspace.Compute, len(fake.ComputeSet))
	for i, r := range fake.ComputeSet {
		cs[i] = workspace.Compute{Resource: r, Summary: compute.Summarize(r)}
	}
	return d, cs
}

// BenchmarkFrame5000 is one whole frame (header, list scrolled to the middle, flash line and
// help) with 5,000 computes.
func BenchmarkFrame5000(b *testing.B) {
	d, _ := benchRoot(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = d.Model.View()
	}
}

// BenchmarkBusChange5000 is one ComputeChange through the root's Update and the frame after it.
func BenchmarkBusChange5000(b *testing.B) {
	d, cs := benchRoot(b)
	mid := len(cs) / 2
	for cs[mid].Summary.State != "Steady" {
		mid++
	}
	r := uitest.Resizing(cs[mid].Resource, 2)
	flip := []workspace.Compute{{Resource: r, Summary: compute.Summarize(r)}, cs[mid]}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		c := flip[i%2]
		i++
		d.Model.Update(workspace.ComputeChange{Kind: workspace.Changed, Name: c.Summary.Name, New: &c})
		_ = d.Model.View()
	}
}
