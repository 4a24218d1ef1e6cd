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
	model := ui.New(ui.Deps{
		Workspace: sess.client,
		Watch: func(topic string) func() {
			watchCtx, stop := context.WithCancel(ctx)
			go forward(sess.bus.SubscribeTopics(watchCtx, topic))
			return stop
		},
		AuthMode: sess.authMode,
		Version:  currentBuild().Version,
		Theme:    themeFromEnv(),
		Now:      time.Now,
	})
	program = tea.NewProgram(model, tea.WithContext(ctx))
	go forward(sess.bus.SubscribeTopics(ctx, alwaysForwarded...))
	if _, err := program.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("console: %w", err)
	}
	return nil
}

// themeFromEnv honours NO_COLOR (https://no-color.org): any non-empty value turns colour off.
func themeFromEnv() string {
	if os.Getenv("NO_COLOR") != "" {
		return "none"
	}
	return ""
}
