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
	identity, err := signedInIdentity(ctx, sess)
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
		Identity:        identity,
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

// signInTimeout bounds the sign-in check before the console opens.
const signInTimeout = time.Minute

// signedInIdentity signs in before the console opens, so a credential that does not work is
// one clear error rather than a screen of failed requests, and names who is signed in for the
// header. Device-code sign-in is left to the console, which shows its prompt in a dialog.
func signedInIdentity(ctx context.Context, sess *session) (string, error) {
	if sess.authMode == workspace.AuthDeviceCode {
		return "", nil
	}
	ctx, cancel := context.WithTimeout(ctx, signInTimeout)
	defer cancel()
	cfg, _ := sess.current()
	name, err := workspace.SignedInIdentity(ctx, sess.cred, cfg)
	if err != nil {
		return "", fmt.Errorf("signing in with --auth %s: %w", sess.authMode, err)
	}
	return name, nil
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
