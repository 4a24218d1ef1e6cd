package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/amlconsole/amlconsole/emulator"
	"github.com/amlconsole/amlconsole/workspace"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// globalFlags are the flags every subcommand shares.
type globalFlags struct {
	subscription, resourceGroup, workspace, cloud, endpoint, configPath string
	auth, identityClientID                                              string
	readOnly, useEmulator                                               bool
	logFile                                                             string
	refresh                                                             time.Duration
}

// app is what the subcommands share: the flags and, once connect has run, the one workspace
// client with its bus, plus whatever must be closed when the command ends.
type app struct {
	flags          globalFlags
	stdout, stderr io.Writer
	logFile        *os.File // --log-file, once opened
	closers        []func() error
}

func newApp(stdout, stderr io.Writer) *app {
	return &app{stdout: stdout, stderr: stderr}
}

// session is one connected workspace: its resolved configuration, credential and client. The
// console may swap the client for another workspace's (":ws"); the bus outlives the swap.
type session struct {
	authMode string
	cred     azcore.TokenCredential
	bus      *bus.Bus

	mu     sync.Mutex // guards config and client against a swap
	config workspace.Config
	client *workspace.Client
}

// current returns the session's configuration and client.
func (s *session) current() (workspace.Config, *workspace.Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.config, s.client
}

// swap makes client the session's client and returns the one it replaces.
func (s *session) swap(cfg workspace.Config, client *workspace.Client) (old *workspace.Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, s.config, s.client = s.client, cfg, client
	return old
}

// configInput turns the flags and the process environment into a resolution input.
func (a *app) configInput() (workspace.ConfigInput, error) {
	wd, err := os.Getwd()
	if err != nil {
		return workspace.ConfigInput{}, fmt.Errorf("finding the working directory: %w", err)
	}
	home, _ := os.UserHomeDir()
	f := a.flags
	return workspace.ConfigInput{
		Subscription:  f.subscription,
		ResourceGroup: f.resourceGroup,
		Workspace:     f.workspace,
		Cloud:         f.cloud,
		Endpoint:      f.endpoint,
		ConfigPath:    f.configPath,
		WorkDir:       wd,
		HomeDir:       home,
		Getenv:        os.Getenv,
	}, nil
}

// startEmulator runs the embedded emulator for --emulator and points the flags at it, so the
// rest of the wiring is the same as for Azure.
func (a *app) startEmulator(ctx context.Context) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("locating the amlconsole binary for the emulator's trainer: %w", err)
	}
	srv, err := emulator.Start(ctx, emulator.Options{
		Seed:           "demo",
		Speed:          1,
		TrainerCommand: shellQuote(exe) + " " + trainerCommandName,
	})
	if err != nil {
		return fmt.Errorf("starting the emulator: %w", err)
	}
	a.closers = append(a.closers, srv.Close)
	info := srv.Info()
	a.flags.endpoint = info.Endpoint
	a.flags.subscription = info.Subscription
	a.flags.resourceGroup = info.ResourceGroup
	a.flags.workspace = info.Workspace
	a.flags.auth = "none"
	return nil
}

// connect resolves the configuration and builds the credential and the workspace client.
// A device-code prompt goes to stderr for headless commands and onto the bus for the console,
// which shows it in a dialog (jump boxes have no browser).
func (a *app) connect(ctx context.Context, headless bool) (*session, error) {
	if a.flags.useEmulator {
		if err := a.startEmulator(ctx); err != nil {
			return nil, err
		}
	}
	in, err := a.configInput()
	if err != nil {
		return nil, err
	}
	cfg, err := workspace.ResolveConfig(in)
	if err != nil {
		return nil, err
	}
	b := bus.New()
	deviceCode := func(p workspace.DeviceCodePrompt) { bus.Publish(b, p) }
	if headless {
		deviceCode = a.printDeviceCode
	}
	cred, err := workspace.NewCredential(workspace.AuthOptions{
		Mode:             a.flags.auth,
		IdentityClientID: a.flags.identityClientID,
		Config:           cfg,
		Getenv:           os.Getenv,
		DeviceCodePrompt: deviceCode,
	})
	if err != nil {
		return nil, err
	}
	sess := &session{config: cfg, authMode: a.flags.auth, cred: cred, bus: b}
	if sess.client, err = a.newClient(cfg, cred, b); err != nil {
		return nil, err
	}
	// Close whichever client is current when the command ends.
	a.closers = append(a.closers, func() error {
		_, client := sess.current()
		client.Close()
		return nil
	})
	return sess, nil
}

// newClient builds the workspace client for cfg on bus b.
func (a *app) newClient(cfg workspace.Config, cred azcore.TokenCredential, b *bus.Bus) (*workspace.Client, error) {
	logWriter, err := a.openLog()
	if err != nil {
		return nil, err
	}
	return workspace.New(cfg, cred, workspace.Options{
		Version:   currentBuild().Version,
		ReadOnly:  a.flags.readOnly,
		LogWriter: logWriter,
		Refresh:   a.flags.refresh,
		Bus:       b,
	})
}

// headlessClient connects for a headless command and returns its client.
func (a *app) headlessClient(ctx context.Context) (*workspace.Client, error) {
	sess, err := a.connect(ctx, true)
	if err != nil {
		return nil, err
	}
	_, client := sess.current()
	return client, nil
}

// openLog opens --log-file for azcore's log once per command, or returns nil when logging
// is off.
func (a *app) openLog() (io.Writer, error) {
	if a.flags.logFile == "" || a.logFile != nil {
		return a.logFile, nil
	}
	f, err := os.OpenFile(a.flags.logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("--log-file: %w", err)
	}
	a.logFile = f
	a.closers = append(a.closers, f.Close)
	return f, nil
}

// close releases everything the command opened, newest first.
func (a *app) close() error {
	var errs []error
	for i := len(a.closers) - 1; i >= 0; i-- {
		errs = append(errs, a.closers[i]())
	}
	a.closers = nil
	return errors.Join(errs...)
}

// printDeviceCode is the headless commands' device-code prompt: stderr, since stdout may be
// piped into a script.
func (a *app) printDeviceCode(p workspace.DeviceCodePrompt) {
	fmt.Fprintln(a.stderr, p.Message)
}
