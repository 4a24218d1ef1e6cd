package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/internal/uitest"
	"github.com/amlconsole/amlconsole/ui/pages/computes"
	"github.com/amlconsole/amlconsole/workspace"
	"github.com/charmbracelet/x/ansi"
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

// topPage returns the visible page as T, failing the test otherwise.
func topPage[T any](t *testing.T, h *harness) T {
	t.Helper()
	p, ok := h.root().top().(T)
	if !ok {
		t.Fatalf("top page is %T", h.root().top())
	}
	return p
}

// mustShow fails unless the screen contains every string.
func mustShow(t *testing.T, h *harness, want ...string) string {
	t.Helper()
	s := h.Screen()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
	return s
}

// mustNotShow fails if the screen contains any of the strings.
func mustNotShow(t *testing.T, h *harness, unwanted ...string) {
	t.Helper()
	s := h.Screen()
	for _, w := range unwanted {
		if strings.Contains(s, w) {
			t.Fatalf("screen shows %q:\n%s", w, s)
		}
	}
}

// selectCompute moves the list cursor to name.
func selectCompute(t *testing.T, h *harness, name string) {
	t.Helper()
	list := topPage[*computes.Page](t, h)
	h.Key("g")
	for i := 0; list.Selected() != name; i++ {
		if i > 100 {
			t.Fatalf("compute %s not in the list", name)
		}
		h.Key("j")
	}
}

func findComputeIn(t *testing.T, set []*armmachinelearning.ComputeResource, name string) workspace.Compute {
	t.Helper()
	for _, r := range set {
		if r.Name != nil && *r.Name == name {
			return workspace.Compute{Resource: r, Summary: compute.Summarize(r)}
		}
	}
	t.Fatalf("no compute %s in the fixtures", name)
	return workspace.Compute{}
}

func ptr[T any](v T) *T { return &v }

func splitLines(s string) []string { return strings.Split(s, "\n") }

func displayWidth(s string) int { return ansi.StringWidth(s) }
