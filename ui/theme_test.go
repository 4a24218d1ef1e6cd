package ui

import (
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/styles"
)

func TestNoColorEnvironmentForcesNoColour(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	h := newHarness(t, 80, 24, func(d *Deps) { d.Theme = "dark" })
	if got := h.root().common.Styles.Theme; got != styles.ThemeNone {
		t.Fatalf("theme %q with NO_COLOR set", got)
	}
	if content := h.Model.View().Content; strings.Contains(content, "38;5") || strings.Contains(content, "\x1b[9") || strings.Contains(content, "\x1b[3") {
		t.Errorf("colour escapes with NO_COLOR")
	}
}

func TestAutoThemeFollowsBackground(t *testing.T) {
	h := newHarness(t, 80, 24, func(d *Deps) { d.Theme = "" })
	if got := h.root().common.Styles.Theme; got != styles.ThemeAuto {
		t.Fatalf("auto theme starts as %q", got)
	}
	h.Send(tea.BackgroundColorMsg{Color: color.White})
	if got := h.root().common.Styles.Theme; got != styles.ThemeLight {
		t.Fatalf("white background gave %q", got)
	}
	h.Send(tea.BackgroundColorMsg{Color: color.Black})
	if got := h.root().common.Styles.Theme; got != styles.ThemeDark {
		t.Fatalf("black background gave %q", got)
	}
	mustShow(t, h, "batch-cluster")
	// An explicit theme ignores the background.
	h2 := newHarness(t, 80, 24, func(d *Deps) { d.Theme = "light" })
	h2.Send(tea.BackgroundColorMsg{Color: color.Black})
	if got := h2.root().common.Styles.Theme; got != styles.ThemeLight {
		t.Fatalf("explicit light became %q", got)
	}
}

func TestBadThemeWarns(t *testing.T) {
	h := newHarness(t, 80, 24, func(d *Deps) { d.Theme = "neon" })
	mustShow(t, h, `theme "neon": must be one of dark, light, none`)
}
