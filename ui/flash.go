package ui

import (
	"time"

	"github.com/amlconsole/amlconsole/ui/common"
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

func (m *model) flashView() string {
	if m.flash.text == "" {
		return ""
	}
	s := m.common.Styles
	switch m.flash.level {
	case common.FlashError:
		return common.Fit(s.FlashError.Render("✗ "+m.flash.text), m.width)
	case common.FlashWarn:
		return common.Fit(s.FlashWarn.Render("⚠ "+m.flash.text), m.width)
	}
	return common.Fit(s.FlashInfo.Render("ℹ "+m.flash.text), m.width)
}
