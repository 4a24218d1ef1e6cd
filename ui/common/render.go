package common

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/amlconsole/amlconsole/ui/styles"
	"github.com/charmbracelet/x/ansi"
)

// TitleBar renders a page's one-line title: title on the left, info on the right, cut to
// width.
func TitleBar(s styles.Styles, width int, title, info string) string {
	left := s.Title.Render(title)
	if info == "" {
		return Fit(left, width)
	}
	right := s.TitleInfo.Render(info)
	space := width - lipgloss.Width(left) - lipgloss.Width(right)
	if space < 1 {
		return Fit(left+" "+right, width)
	}
	return left + strings.Repeat(" ", space) + right
}

// Fit cuts a (possibly styled) line to width cells.
func Fit(line string, width int) string {
	if width <= 0 {
		return ""
	}
	if lipgloss.Width(line) <= width {
		return line
	}
	return ansi.Truncate(line, width, "…")
}

// Lines pads or cuts a block to exactly height lines, so pages fill their area and the footer
// stays put.
func Lines(block string, height int) string {
	if height <= 0 {
		return ""
	}
	lines := strings.Split(block, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// TitleHeight is the lines a page's title bar takes above its body (a table or a pager).
const TitleHeight = 1

// BodyHeight is the height left under the title bar of a page h lines tall, at least one.
func BodyHeight(h int) int { return max(1, h-TitleHeight) }

// Titled stacks a page's title bar (see TitleBar) over its body.
func Titled(s styles.Styles, width int, title, info, body string) string {
	return TitleBar(s, width, title, info) + "\n" + body
}
