package ui

import (
	"context"
	"os"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/ui/keymap"
	"github.com/amlconsole/amlconsole/ui/pages/computes"
	"github.com/amlconsole/amlconsole/ui/styles"
	"github.com/amlconsole/amlconsole/workspace"
)

// tickInterval paces the clock: flash expiry, row highlights, ages and the ARM budget.
const tickInterval = time.Second

// model is the root: the only tea.Model of the console.
type model struct {
	deps   Deps
	common common.Common
	// theme is the requested theme; auto follows the terminal's background.
	theme styles.Theme

	cfg      workspace.Config
	readOnly bool
	region   string
	rate     workspace.RateLimits
	// conns is the latest connection state of each watcher: one watcher recovering must not
	// hide that another still fails.
	conns map[string]workspace.ConnectionState
	// prompt is a device-code sign-in waiting for the user, shown until polls recover or it
	// expires.
	prompt      *workspace.DeviceCodePrompt
	promptUntil time.Time
	// wsGen numbers the client in use; answers about an earlier client are dropped.
	wsGen int

	width, height int
	stack         []common.Page
	nextID        common.PageID

	help     help.Model
	showHelp bool
	flash    flash
	// flashH is the flash lines the current layout leaves room for.
	flashH  int
	command commandLine
	// bodyTop is the screen line where the page starts, for mouse coordinates.
	bodyTop int
}

// New returns the console's root model. It reads the client's configuration and mode once,
// here; everything else reaches the client inside commands.
func New(deps Deps) tea.Model {
	return newModel(deps, tea.Tick)
}

// newModel is New with the timer injectable, so tests fire timers by hand.
func newModel(deps Deps, tick common.TimerFunc) *model {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Workspace == nil {
		deps.Workspace = missingWorkspace{}
	}
	theme, themeErr := styles.ParseTheme(deps.Theme)
	if _, noColor := os.LookupEnv("NO_COLOR"); noColor && os.Getenv("NO_COLOR") != "" {
		theme = styles.ThemeNone
	}
	m := &model{
		deps:  deps,
		theme: theme,
		rate:  workspace.RateLimits{Reads: -1, Writes: -1, Deletes: -1},
		help:  help.New(),
	}
	m.common = common.Common{
		Styles:    styles.New(theme),
		Keys:      keymap.DefaultKeyMap(),
		Workspace: deps.Workspace,
		Watch:     deps.Watch,
		Now:       deps.Now,
		Tick:      tick,
	}
	m.cfg = deps.Workspace.Config()
	m.readOnly = deps.Workspace.ReadOnly()
	m.help.Styles = m.common.Styles.Help
	m.command = newCommandLine(m.common)
	if themeErr != nil {
		m.flash.show(common.FlashMsg{Level: common.FlashWarn, Text: themeErr.Error()}, deps.Now())
	}
	return m
}

// workspaceInfoMsg answers the workspace GET (for the region).
type workspaceInfoMsg struct {
	gen    int
	region string
	rate   workspace.RateLimits
	err    error
}

// Init starts the clock, asks for the workspace and the terminal's background, and opens the
// compute list.
func (m *model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.tick(), m.loadWorkspace(), m.push(func(id common.PageID) common.Page {
		return computes.New(m.common, id)
	})}
	if m.theme == styles.ThemeAuto {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

// tick schedules the next clock message; the command reads the clock and the ARM budget.
func (m *model) tick() tea.Cmd {
	now, ws := m.deps.Now, m.common.Workspace
	return m.common.Tick(tickInterval, func(time.Time) tea.Msg {
		return common.TickMsg{Now: now(), RateLimits: ws.RateLimits()}
	})
}

// loadWorkspace gets the workspace for its region.
func (m *model) loadWorkspace() tea.Cmd {
	ws, gen := m.common.Workspace, m.wsGen
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), common.RequestTimeout)
		defer cancel()
		w, err := ws.Workspace(ctx)
		msg := workspaceInfoMsg{gen: gen, err: err, rate: ws.RateLimits()}
		if err == nil && w != nil && w.Location != nil {
			msg.region = *w.Location
		}
		return msg
	}
}

// Update dispatches each message to its handler, then re-lays out the screen if the flash
// message grew or shrank.
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.update(msg)
	if m.flashHeight() != m.flashH {
		m.layout()
	}
	return m, cmd
}

func (m *model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		return m, m.handleBackground(msg)
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case tea.MouseClickMsg:
		msg.Y -= m.bodyTop
		return m, m.toTop(msg)
	case tea.MouseWheelMsg:
		return m, m.toTop(msg)
	case tea.PasteMsg:
		return m, m.handlePaste(msg)
	case common.TickMsg:
		return m, m.handleTick(msg)
	case common.PushMsg:
		return m, m.push(msg.New)
	case common.FlashMsg:
		m.flash.show(msg, m.deps.Now())
		return m, nil
	case common.SwitchWorkspaceMsg:
		return m, m.switchWorkspace(msg)
	case switchedMsg:
		return m, m.handleSwitched(msg)
	case workspaceInfoMsg:
		m.handleWorkspaceInfo(msg)
		return m, nil
	case common.Addressed:
		return m, m.toPage(msg)
	}
	if cmd, ok := m.handleEvent(msg); ok {
		return m, cmd
	}
	return m, m.toTop(msg)
}

func (m *model) handleBackground(msg tea.BackgroundColorMsg) tea.Cmd {
	if m.theme != styles.ThemeAuto {
		return nil
	}
	t := styles.ThemeDark
	if !msg.IsDark() {
		t = styles.ThemeLight
	}
	m.setStyles(styles.New(t))
	return nil
}

// setStyles hands new styles to every component.
func (m *model) setStyles(s styles.Styles) {
	m.common.Styles = s
	m.help.Styles = s.Help
	m.command.input.SetStyles(s.Input)
	for _, p := range m.stack {
		p.SetCommon(m.common)
	}
}

// handleKey: a focused text field gets every key (only ctrl+c is global); then the global
// shortcuts; then the page.
func (m *model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	g := m.common.Keys.Global
	if key.Matches(msg, g.ForceQuit) {
		return m.quit()
	}
	if m.command.active() {
		return m.handleCommandKey(msg)
	}
	top := m.top()
	if top != nil && top.InputFocused() {
		return m.toTop(msg)
	}
	switch {
	case key.Matches(msg, g.Quit):
		return m.quit()
	case key.Matches(msg, g.Help):
		m.showHelp = !m.showHelp
		m.layout()
		return nil
	case key.Matches(msg, g.Command):
		return m.openCommand()
	case key.Matches(msg, g.Back):
		if m.showHelp {
			m.showHelp = false
			m.layout()
			return nil
		}
		if top != nil && top.Escape() {
			return nil
		}
		return m.pop()
	}
	return m.toTop(msg)
}

// handlePaste sends pasted text to the focused field.
func (m *model) handlePaste(msg tea.PasteMsg) tea.Cmd {
	if m.command.active() {
		var cmd tea.Cmd
		m.command.input, cmd = m.command.input.Update(msg)
		return cmd
	}
	return m.toTop(msg)
}

func (m *model) handleTick(msg common.TickMsg) tea.Cmd {
	m.rate = msg.RateLimits
	m.flash.expire(msg.Now)
	if m.prompt != nil && !msg.Now.Before(m.promptUntil) {
		m.prompt = nil
		m.layout()
	}
	return tea.Batch(m.tick(), m.toAll(msg))
}

func (m *model) handleWorkspaceInfo(msg workspaceInfoMsg) {
	if msg.gen != m.wsGen {
		return
	}
	m.rate = msg.rate
	if msg.err != nil {
		m.region = "?"
		m.flash.show(common.FlashMsg{Level: common.FlashWarn, Text: "reading the workspace: " + msg.err.Error()}, m.deps.Now())
		return
	}
	m.region = msg.region
}

// quit stops every page (their watchers) and then quits.
func (m *model) quit() tea.Cmd {
	var stops []tea.Cmd
	for _, p := range m.stack {
		stops = append(stops, p.Stop())
	}
	return func() tea.Msg {
		for _, stop := range stops {
			if stop != nil {
				stop()
			}
		}
		return tea.QuitMsg{}
	}
}
