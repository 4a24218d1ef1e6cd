package styles

import (
	"strings"
	"testing"

	"github.com/amlconsole/amlconsole/compute"
)

func TestNoColourThemeHasNoColour(t *testing.T) {
	s := New(ThemeNone)
	for h := compute.HealthUnknown; h <= compute.HealthStopped; h++ {
		out := s.Health(h).Render("x")
		if strings.Contains(out, "\x1b[3") || strings.Contains(out, "\x1b[9") || strings.Contains(out, "38;") {
			t.Errorf("health %v renders a colour without colour: %q", h, out)
		}
	}
	if out := s.SelectedRow.Render("x"); !strings.Contains(out, "\x1b[") {
		t.Errorf("the selected row is invisible without colour: %q", out)
	}
}

func TestColourThemesDistinguishHealth(t *testing.T) {
	for _, theme := range []Theme{ThemeDark, ThemeLight} {
		s := New(theme)
		seen := map[string]compute.Health{}
		for h := compute.HealthOK; h <= compute.HealthStopped; h++ {
			fg := s.Health(h).GetForeground()
			if fg == nil {
				t.Fatalf("%s: health %v has no colour", theme, h)
			}
			key := colourKey(fg)
			if other, dup := seen[key]; dup {
				t.Errorf("%s: health %v and %v share a colour", theme, h, other)
			}
			seen[key] = h
		}
	}
}

func colourKey(c interface{ RGBA() (r, g, b, a uint32) }) string {
	r, g, b, _ := c.RGBA()
	return string(rune(r>>8)) + string(rune(g>>8)) + string(rune(b>>8))
}

func TestParseTheme(t *testing.T) {
	for _, ok := range []string{"", "dark", "LIGHT", " none "} {
		if _, err := ParseTheme(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	if _, err := ParseTheme("solarized"); err == nil || !strings.Contains(err.Error(), "must be one of dark, light, none") {
		t.Errorf("bad theme error: %v", err)
	}
}

func TestHealthStylesFollowInPlace(t *testing.T) {
	var hs HealthStyles
	row := hs.Of(compute.HealthOK) // what a row keeps
	hs = New(ThemeDark).HealthStyles()
	if row.GetForeground() == nil {
		t.Error("a row's style pointer does not see the new theme")
	}
	if hs.Of(compute.Health(99)) != hs.Of(compute.HealthUnknown) {
		t.Error("out-of-range health does not fall back to unknown")
	}
}
