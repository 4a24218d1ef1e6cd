package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/internal/uitest"
)

// testNow is the fixed clock of every model test and golden screen.
var testNow = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// harness is a root model under the synchronous driver, with the no-colour theme.
type harness struct {
	*uitest.Driver
	fake    *uitest.Fake
	clock   *uitest.Clock
	watches *uitest.Watches
}

func newHarness(t *testing.T, width, height int, opts ...func(*Deps)) *harness {
	t.Helper()
	fake := uitest.NewFake(t)
	clock := uitest.NewClock(testNow)
	watches := &uitest.Watches{}
	timers := &uitest.Timers{}
	deps := Deps{
		Workspace: fake,
		Watch:     watches.Watch,
		AuthMode:  "cli",
		Version:   "test",
		Theme:     "none",
		Now:       clock.Now,
	}
	for _, o := range opts {
		o(&deps)
	}
	m := newModel(deps, timers.Tick)
	h := &harness{
		Driver:  &uitest.Driver{T: t, Model: m, Fake: fake, Timers: timers},
		fake:    fake,
		clock:   clock,
		watches: watches,
	}
	h.Init()
	h.Send(tea.WindowSizeMsg{Width: width, Height: height})
	return h
}

func (h *harness) root() *model { return h.Model.(*model) }
