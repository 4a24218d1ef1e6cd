package uitest

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Clock is a settable clock for Deps.Now.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Advance moves the clock.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// Timers records the timers a model schedules, for Driver.Fire. Use Timers.Tick as the
// model's timer function.
type Timers struct {
	mu      sync.Mutex
	pending []timer
}

type timer struct {
	d  time.Duration
	fn func(time.Time) tea.Msg
}

// timerMsg is what a scheduled timer's command returns to the driver.
type timerMsg struct{ timer }

// Tick implements common.TimerFunc: the command returns a marker the driver keeps instead of
// sleeping.
func (ts *Timers) Tick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg { return timerMsg{timer{d: d, fn: fn}} }
}

// Watches records Watch calls.
type Watches struct {
	mu      sync.Mutex
	started []string
	active  map[string]int
	// dropped counts, per topic, the times its last watch stopped.
	dropped map[string]int
}

// Watch implements Deps.Watch.
func (w *Watches) Watch(topic string) func() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.active == nil {
		w.active, w.dropped = map[string]int{}, map[string]int{}
	}
	w.started = append(w.started, topic)
	w.active[topic]++
	var once sync.Once
	return func() {
		once.Do(func() {
			w.mu.Lock()
			w.active[topic]--
			if w.active[topic] == 0 {
				w.dropped[topic]++
			}
			w.mu.Unlock()
		})
	}
}

// Dropped is how many times topic went from watched to unwatched.
func (w *Watches) Dropped(topic string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.dropped[topic]
}

// Active is the number of running watches of topic.
func (w *Watches) Active(topic string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.active[topic]
}

// Driver runs a root model the way the program would, synchronously: Update, then every
// command it returns (batches expanded), feeding their messages back until none are left.
// Timers are held until Fire. The fake is locked around Update and View.
type Driver struct {
	T      testing.TB
	Model  tea.Model
	Fake   *Fake
	Timers *Timers
	Quit   bool
	queue  []tea.Msg
}

// Send delivers msg and everything that follows from it.
func (d *Driver) Send(msg tea.Msg) {
	d.T.Helper()
	d.queue = append(d.queue, msg)
	for steps := 0; len(d.queue) > 0; steps++ {
		if steps > 10000 {
			d.T.Fatal("driver: the model keeps producing messages")
		}
		next := d.queue[0]
		d.queue = d.queue[1:]
		d.update(next)
	}
}

// Init runs the model's Init command.
func (d *Driver) Init() {
	d.T.Helper()
	d.Fake.Lock()
	cmd := d.Model.Init()
	d.Fake.Unlock()
	d.run(cmd)
	d.Send(nil)
}

func (d *Driver) update(msg tea.Msg) {
	if msg == nil {
		return
	}
	switch msg := msg.(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
		return
	case timerMsg:
		d.Timers.mu.Lock()
		d.Timers.pending = append(d.Timers.pending, msg.timer)
		d.Timers.mu.Unlock()
		return
	case tea.QuitMsg:
		d.Quit = true
		return
	}
	if cmds, ok := sequence(msg); ok {
		d.runInOrder(cmds)
		return
	}
	if isInternal(msg) {
		return
	}
	d.Fake.Lock()
	m, cmd := d.Model.Update(msg)
	d.Fake.Unlock()
	d.Model = m
	d.run(cmd)
}

// sequence unpacks tea.Sequence's message (an unexported []tea.Cmd).
func sequence(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) || v.Type().Name() != "sequenceMsg" {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// runInOrder runs a sequence's commands one after another, as the program does: each
// command (and a batch it returns) has run before the next starts.
func (d *Driver) runInOrder(cmds []tea.Cmd) {
	var exec func(cmd tea.Cmd)
	exec = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		switch msg := cmd().(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				exec(c)
			}
		default:
			if inner, ok := sequence(msg); ok {
				for _, c := range inner {
					exec(c)
				}
				return
			}
			d.queue = append(d.queue, msg)
		}
	}
	for _, c := range cmds {
		exec(c)
	}
}

// isInternal reports Bubble Tea's own request messages (background colour and the like),
// which only a real program answers.
func isInternal(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	if t.PkgPath() != reflect.TypeOf(tea.QuitMsg{}).PkgPath() || t.Name() == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.Name())
	return !unicode.IsUpper(r)
}

func (d *Driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	d.queue = append(d.queue, cmd())
}

// Fire runs every pending timer (at the time now) and whatever follows; timers scheduled by
// those wait for the next Fire. It returns how many fired.
func (d *Driver) Fire(now time.Time) int {
	d.T.Helper()
	d.Timers.mu.Lock()
	due := d.Timers.pending
	d.Timers.pending = nil
	d.Timers.mu.Unlock()
	for _, t := range due {
		d.Send(t.fn(now))
	}
	return len(due)
}

// Pending lists the delays of the pending timers.
func (d *Driver) Pending() []time.Duration {
	d.Timers.mu.Lock()
	defer d.Timers.mu.Unlock()
	var out []time.Duration
	for _, t := range d.Timers.pending {
		out = append(out, t.d)
	}
	slices.Sort(out)
	return out
}

// Key sends key presses: "enter", "esc", "tab", "up", "down", "ctrl+c", or text runes one
// by one for anything else.
func (d *Driver) Key(keys ...string) {
	d.T.Helper()
	for _, k := range keys {
		d.Send(KeyPress(k))
	}
}

// Type sends each rune of s as a key press.
func (d *Driver) Type(s string) {
	d.T.Helper()
	for _, r := range s {
		d.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// KeyPress builds the key press for a key name.
func KeyPress(k string) tea.KeyPressMsg {
	special := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "up": tea.KeyUp,
		"down": tea.KeyDown, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "home": tea.KeyHome,
		"end": tea.KeyEnd, "backspace": tea.KeyBackspace, "space": tea.KeySpace,
	}
	if strings.HasPrefix(k, "ctrl+") && len(k) == 6 {
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	if c, ok := special[k]; ok {
		return tea.KeyPressMsg{Code: c}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// Screen renders the view as plain text (styles stripped), trailing spaces trimmed.
func (d *Driver) Screen() string {
	d.Fake.Lock()
	content := d.Model.View().Content
	d.Fake.Unlock()
	lines := strings.Split(ansi.Strip(content), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
