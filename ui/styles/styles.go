package styles

import (
	"fmt"
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
	"github.com/amlconsole/amlconsole/compute"
)

// Theme names a set of styles.
type Theme string

// The themes. ThemeAuto starts dark and follows the terminal's background colour once the
// terminal reports it; ThemeNone renders no colour at all (NO_COLOR, and every test).
const (
	ThemeAuto  Theme = ""
	ThemeDark  Theme = "dark"
	ThemeLight Theme = "light"
	ThemeNone  Theme = "none"
)

// ParseTheme checks a theme name from flags or Deps.
func ParseTheme(s string) (Theme, error) {
	switch t := Theme(strings.ToLower(strings.TrimSpace(s))); t {
	case ThemeAuto, ThemeDark, ThemeLight, ThemeNone:
		return t, nil
	}
	return ThemeAuto, fmt.Errorf("theme %q: must be one of dark, light, none, or empty for automatic", s)
}

// Roles are the semantic styles built from a palette; Styles composes them.
type Roles struct {
	Text, Muted, Accent, OK, Warn, Error, Pending, Stopped lipgloss.Style
}

// Styles is every style the console renders with. Build it with New; the zero value renders
// plain text.
type Styles struct {
	Theme Theme
	Roles Roles

	// Header: the workspace line and its badges.
	HeaderLabel, HeaderValue lipgloss.Style
	ReadOnlyBadge            lipgloss.Style
	// Banner is the non-blocking warning line (connection lost).
	Banner lipgloss.Style

	// Page title bar and its right-hand info.
	Title, TitleInfo lipgloss.Style

	// Flash line levels.
	FlashInfo, FlashWarn, FlashError lipgloss.Style

	// Tables.
	TableHeader, SortedHeader    lipgloss.Style
	Row, SelectedRow, ChangedRow lipgloss.Style

	// Describe sections.
	SectionTitle, Label, Value, ErrorValue lipgloss.Style

	// Command line and filter prompt.
	Prompt, CommandHint lipgloss.Style

	Help  help.Styles
	Input textinput.Styles
}

// New builds the styles of a theme; ThemeAuto builds the dark styles.
func New(t Theme) Styles {
	switch t {
	case ThemeNone:
		return build(t, nil)
	case ThemeLight:
		p := LightPalette()
		return build(t, &p)
	default:
		p := DarkPalette()
		return build(t, &p)
	}
}

// build derives every style from the palette; a nil palette means no colour, keeping only
// attributes (bold, reverse) that NO_COLOR allows.
func build(t Theme, p *Palette) Styles {
	r := Roles{
		Text:    role(p, func(p Palette) color.Color { return p.Foreground }),
		Muted:   role(p, func(p Palette) color.Color { return p.Muted }),
		Accent:  role(p, func(p Palette) color.Color { return p.Accent }).Bold(true),
		OK:      role(p, func(p Palette) color.Color { return p.OK }),
		Warn:    role(p, func(p Palette) color.Color { return p.Warn }),
		Error:   role(p, func(p Palette) color.Color { return p.Error }).Bold(true),
		Pending: role(p, func(p Palette) color.Color { return p.Pending }),
		Stopped: role(p, func(p Palette) color.Color { return p.Stopped }),
	}
	s := Styles{Theme: t, Roles: r}
	s.HeaderLabel = r.Muted
	s.HeaderValue = r.Text.Bold(true)
	s.ReadOnlyBadge = lipgloss.NewStyle().Bold(true).Reverse(true)
	s.Banner = r.Warn.Bold(true)
	s.Title = r.Accent
	s.TitleInfo = r.Muted
	s.FlashInfo = r.Text
	s.FlashWarn = r.Warn.Bold(true)
	s.FlashError = r.Error
	s.TableHeader = r.Muted.Bold(true)
	s.SortedHeader = r.Accent.Underline(true)
	s.SelectedRow = lipgloss.NewStyle().Reverse(true)
	s.ChangedRow = lipgloss.NewStyle().Bold(true).Underline(true)
	if p != nil {
		s.SelectedRow = lipgloss.NewStyle().Background(p.Selection).Foreground(p.BadgeText)
		s.ChangedRow = lipgloss.NewStyle().Background(p.Highlight).Foreground(p.BadgeText).Bold(true)
		s.ReadOnlyBadge = lipgloss.NewStyle().Background(p.Warn).Foreground(p.BadgeText).Bold(true)
	}
	s.SectionTitle = r.Accent
	s.Label = r.Muted
	s.Value = r.Text
	s.ErrorValue = r.Error
	s.Prompt = r.Accent
	s.CommandHint = r.Muted

	s.Help = help.Styles{
		ShortKey:       r.Accent,
		ShortDesc:      r.Muted,
		ShortSeparator: r.Muted,
		Ellipsis:       r.Muted,
		FullKey:        r.Accent,
		FullDesc:       r.Muted,
		FullSeparator:  r.Muted,
	}
	s.Input = textinput.DefaultStyles(t != ThemeLight)
	s.Input.Focused.Prompt = r.Accent
	s.Input.Focused.Text = r.Text
	s.Input.Focused.Suggestion = r.Muted
	s.Input.Focused.Placeholder = r.Muted
	s.Input.Blurred = s.Input.Focused
	// A steady cursor: blinking would redraw twice a second for nothing and make screens
	// nondeterministic in tests.
	s.Input.Cursor.Blink = false
	if p == nil {
		s.Input.Cursor.Color = nil
	}
	return s
}

// role is a foreground style of one palette colour, or a plain style without a palette.
func role(p *Palette, pick func(Palette) color.Color) lipgloss.Style {
	if p == nil {
		return lipgloss.NewStyle()
	}
	return lipgloss.NewStyle().Foreground(pick(*p))
}

// Health returns the style of a state by its meaning.
func (s Styles) Health(h compute.Health) lipgloss.Style {
	switch h {
	case compute.HealthOK:
		return s.Roles.OK
	case compute.HealthTransitional:
		return s.Roles.Pending
	case compute.HealthFailed:
		return s.Roles.Error
	case compute.HealthStopped:
		return s.Roles.Stopped
	}
	return s.Roles.Muted
}

// HealthStyles holds one style per health. Rows point into it (a style is a large value),
// and a theme change updates it in place, so the rows follow without being rebuilt.
type HealthStyles [compute.HealthStopped + 1]lipgloss.Style

// HealthStyles returns the health styles of s.
func (s Styles) HealthStyles() HealthStyles {
	var h HealthStyles
	for i := range h {
		h[i] = s.Health(compute.Health(i))
	}
	return h
}

// Of points at the style of health x (unknown values get the unknown style).
func (h *HealthStyles) Of(x compute.Health) *lipgloss.Style {
	if x < 0 || int(x) >= len(h) {
		x = compute.HealthUnknown
	}
	return &h[x]
}
