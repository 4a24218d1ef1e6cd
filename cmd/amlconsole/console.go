package main

import (
	"context"
	"fmt"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/amlconsole/amlconsole/ui"
	"github.com/amlconsole/amlconsole/workspace"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// alwaysForwarded are the topics the console hears whatever page is open: operation results,
// device-code prompts and connection health. Compute and job events flow only while a page
// asks for them (ui.Deps.Watch), so the watchers poll only for what is on screen.
var alwaysForwarded = []string{workspace.TopicOperations, workspace.TopicAuth, workspace.TopicConnection}

// runConsole connects to the workspace and runs the Bubble Tea program until the user quits.
// This is the one place that calls program.Send: everything the bus publishes reaches the UI
// through forward.
func runConsole(ctx context.Context, a *app) error {
	sess, err := a.connect(ctx, false)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var program *tea.Program
	forward := func(events <-chan bus.Event) {
		for ev := range events {
			program.Send(ev)
		}
	}
	switcher := &workspaceSwitcher{app: a, sess: sess}
	_, client := sess.current()
	model := ui.New(ui.Deps{
		Workspace: client,
		Watch: func(topic string) func() {
			watchCtx, stop := context.WithCancel(ctx)
			go forward(sess.bus.SubscribeTopics(watchCtx, topic))
			return stop
		},
		SwitchWorkspace: switcher.switchTo,
		AuthMode:        sess.authMode,
		Version:         currentBuild().Version,
		Theme:           themeFromEnv(),
		Now:             time.Now,
	})
	program = tea.NewProgram(model, tea.WithContext(ctx))
	go forward(sess.bus.SubscribeTopics(ctx, alwaysForwarded...))
	if _, err := program.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("console: %w", err)
	}
	return nil
}

// workspaceSwitcher replaces the session's client with one for another workspace of the same
// subscription, reusing the credential (no second sign-in) and the bus (so the console's
// subscriptions carry over).
type workspaceSwitcher struct {
	app  *app
	sess *session
}

func (w *workspaceSwitcher) switchTo(resourceGroup, name string) (ui.Workspace, error) {
	cfg, _ := w.sess.current()
	source := workspace.Source{Kind: "console", Name: ":ws"}
	if resourceGroup != "" {
		cfg.ResourceGroup = workspace.Value{Value: resourceGroup, Source: source}
	}
	cfg.Workspace = workspace.Value{Value: name, Source: source}
	client, err := w.app.newClient(cfg, w.sess.cred, w.sess.bus)
	if err != nil {
		return nil, fmt.Errorf("switching to workspace %s: %w", name, err)
	}
	w.sess.swap(cfg, client).Close()
	return client, nil
}

// themeFromEnv honours NO_COLOR (https://no-color.org): any non-empty value turns colour off.
func themeFromEnv() string {
	if os.Getenv("NO_COLOR") != "" {
		return "none"
	}
	return ""
}
