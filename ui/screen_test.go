package ui

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/internal/uitest"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"
)

// screenProgram is the real Bubble Tea program under teatest, its output fed to a virtual
// terminal: the v2 renderer writes only changed cells, so the screen is read from the
// terminal rather than from the byte stream.
type screenProgram struct {
	t  *testing.T
	tm *teatest.TestModel
	// mu guards term's screen: the pump writes while the test reads. Replies are read from
	// term's pipe without it (that read blocks).
	mu   sync.Mutex
	term *vt.Emulator
	fake *uitest.Fake
	done chan struct{}
	wg   sync.WaitGroup
}

// startScreen runs New(deps) at width×height with a fixed terminal and colour profile.
func startScreen(t *testing.T, width, height int, opts ...func(*Deps)) *screenProgram {
	t.Helper()
	fake := uitest.NewFake(t)
	deps := Deps{
		Workspace: fake,
		AuthMode:  "cli",
		Version:   "test",
		Theme:     "dark",
		Now:       func() time.Time { return testNow },
	}
	for _, o := range opts {
		o(&deps)
	}
	tm := teatest.NewTestModel(t, New(deps),
		teatest.WithInitialTermSize(width, height),
		teatest.WithProgramOptions(
			tea.WithEnvironment([]string{"TERM=xterm-256color"}),
			tea.WithColorProfile(colorprofile.ANSI256),
		),
	)
	sp := &screenProgram{t: t, tm: tm, term: vt.NewEmulator(width, height), fake: fake, done: make(chan struct{})}
	// LF must act as CR+LF, as a real terminal's line discipline does.
	_, _ = sp.term.Write([]byte("\x1b[20h"))
	sp.wg.Add(2)
	go sp.pump()
	go sp.drainReplies()
	t.Cleanup(sp.stop)
	return sp
}

// pump copies the program's output into the virtual terminal until stopped.
func (sp *screenProgram) pump() {
	defer sp.wg.Done()
	buf := make([]byte, 32*1024)
	out := sp.tm.Output()
	for {
		n, _ := out.Read(buf)
		if n > 0 {
			sp.mu.Lock()
			_, _ = sp.term.Write(buf[:n])
			sp.mu.Unlock()
			continue
		}
		select {
		case <-sp.done:
			return
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// drainReplies reads what the terminal answers to the program's queries, so its reply pipe
// never blocks the writer.
func (sp *screenProgram) drainReplies() {
	defer sp.wg.Done()
	_, _ = io.Copy(io.Discard, sp.term)
}

func (sp *screenProgram) stop() {
	sp.tm.Quit()
	sp.tm.WaitFinished(sp.t, teatest.WithFinalTimeout(10*time.Second))
	close(sp.done)
	// Ending the reply pipe (rather than Emulator.Close, which races with Read) lets the
	// drain goroutine finish.
	if c, ok := sp.term.InputPipe().(io.Closer); ok {
		_ = c.Close()
	}
	sp.wg.Wait()
}

// screen is the terminal's text.
func (sp *screenProgram) screen() string {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return sp.term.String()
}

// resize changes the terminal's size and tells the program, as SIGWINCH would.
func (sp *screenProgram) resize(w, h int) {
	sp.mu.Lock()
	sp.term.Resize(w, h)
	sp.mu.Unlock()
	sp.tm.Send(resizeMsg(w, h))
}

// waitFor polls the screen until cond holds, failing after a generous timeout.
func (sp *screenProgram) waitFor(what string, cond func(string) bool) string {
	sp.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := sp.screen()
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			sp.t.Fatalf("timed out waiting for %s; screen:\n%s", what, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitText waits until the screen shows every string.
func (sp *screenProgram) waitText(want ...string) string {
	sp.t.Helper()
	return sp.waitFor(strings.Join(want, ", "), func(s string) bool {
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	})
}

// settled waits for the screen to show every string and then stop changing, so a snapshot
// never catches a frame half-written.
func (sp *screenProgram) settled(want ...string) string {
	sp.t.Helper()
	last := sp.waitText(want...)
	for same := 0; same < 5; {
		time.Sleep(20 * time.Millisecond)
		s := sp.waitText(want...)
		if s == last {
			same++
			continue
		}
		last, same = s, 0
	}
	return last
}

// key sends key presses by name (see uitest.KeyPress).
func (sp *screenProgram) key(keys ...string) {
	for _, k := range keys {
		sp.tm.Send(uitest.KeyPress(k))
	}
}

// typeText sends text.
func (sp *screenProgram) typeText(s string) { sp.tm.Type(s) }
