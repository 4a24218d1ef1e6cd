package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/internal/uitest"
)

func TestStartPageShowsComputes(t *testing.T) {
	h := newHarness(t, 80, 24)
	s := h.Screen()
	t.Log("\n" + s)
	for _, want := range []string{"batch-cluster", "jiajicompute1", "gpu-broken", "testworkspace", "eastus2euap"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q", want)
		}
	}
}

func TestMissingWorkspaceIsShownNotACrash(t *testing.T) {
	m := newModel(Deps{Theme: "none", Now: func() time.Time { return testNow }}, (&uitest.Timers{}).Tick)
	d := &uitest.Driver{T: t, Model: m, Fake: uitest.NewFake(t), Timers: &uitest.Timers{}}
	d.Init()
	d.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if s := d.Screen(); !strings.Contains(s, "ui.Deps.Workspace is nil") {
		t.Fatalf("screen:\n%s", s)
	}
}
