package ui

import (
	"strings"
	"time"

	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/charmbracelet/x/ansi"
)

// flashDuration is how long a level stays up: errors longest, so they can be read.
func flashDuration(l common.FlashLevel) time.Duration {
	switch l {
	case common.FlashError:
		return 10 * time.Second
	case common.FlashWarn:
		return 6 * time.Second
	}
	return 4 * time.Second
}

// flash is the flash line: one message at a time, the newest wins, cleared by the tick once
// its time is up.
type flash struct {
	level common.FlashLevel
	text  string
	until time.Time
}

func (f *flash) show(msg common.FlashMsg, now time.Time) {
	f.level, f.text = msg.Level, oneLine(msg.Text)
	f.until = now.Add(flashDuration(msg.Level))
}

// expire clears the message when its time is up.
func (f *flash) expire(now time.Time) {
	if f.text != "" && !now.Before(f.until) {
		f.text = ""
	}
}

// maxFlashLines is how many lines a warning or error may wrap to, so a long service error
// can be read in full; info stays on one line.
const maxFlashLines = 3

// flashLines renders the flash message wrapped to the width: errors and warnings up to
// maxFlashLines, info one line; none when there is no message.
func (m *model) flashLines() []string {
	if m.flash.text == "" || m.width <= 0 {
		return nil
	}
	s := m.common.Styles
	style, mark, limit := s.FlashInfo, "ℹ ", 1
	switch m.flash.level {
	case common.FlashError:
		style, mark, limit = s.FlashError, "✗ ", maxFlashLines
	case common.FlashWarn:
		style, mark, limit = s.FlashWarn, "⚠ ", maxFlashLines
	}
	lines := strings.Split(ansi.Wrap(mark+m.flash.text, m.width, " "), "\n")
	if len(lines) > limit {
		lines = lines[:limit]
		lines[limit-1] = ansi.Truncate(lines[limit-1], m.width-1, "") + "…"
	}
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}

// flashHeight is the lines the flash takes: at least the one line the layout always keeps.
func (m *model) flashHeight() int { return max(1, len(m.flashLines())) }
