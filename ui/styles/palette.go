// Package styles turns a theme into the one Styles value every component renders with:
// palette → semantic roles → Styles. Components never build colours themselves.
package styles

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette is a theme's raw colours. The dark and light palettes use the 16 ANSI colours only,
// so the console reads the same in 16-colour terminals and the user's terminal theme decides
// the exact shades.
type Palette struct {
	Foreground color.Color
	Muted      color.Color
	Accent     color.Color
	OK         color.Color
	Warn       color.Color
	Error      color.Color
	Pending    color.Color
	Stopped    color.Color
	// Selection and Highlight are background colours: the cursor row and a row that just
	// changed state.
	Selection color.Color
	Highlight color.Color
	// BadgeText is the foreground on Accent/Warn/Error backgrounds.
	BadgeText color.Color
}

// DarkPalette suits dark backgrounds: bright variants on black.
func DarkPalette() Palette {
	return Palette{
		Foreground: lipgloss.BrightWhite,
		Muted:      lipgloss.BrightBlack,
		Accent:     lipgloss.BrightCyan,
		OK:         lipgloss.BrightGreen,
		Warn:       lipgloss.BrightYellow,
		Error:      lipgloss.BrightRed,
		Pending:    lipgloss.BrightBlue,
		Stopped:    lipgloss.BrightMagenta,
		Selection:  lipgloss.Blue,
		Highlight:  lipgloss.Yellow,
		BadgeText:  lipgloss.Black,
	}
}

// LightPalette suits light backgrounds: the normal (darker) variants.
func LightPalette() Palette {
	return Palette{
		Foreground: lipgloss.Black,
		Muted:      lipgloss.BrightBlack,
		Accent:     lipgloss.Blue,
		OK:         lipgloss.Green,
		Warn:       lipgloss.Yellow,
		Error:      lipgloss.Red,
		Pending:    lipgloss.Blue,
		Stopped:    lipgloss.Magenta,
		Selection:  lipgloss.BrightCyan,
		Highlight:  lipgloss.BrightYellow,
		BadgeText:  lipgloss.BrightWhite,
	}
}
