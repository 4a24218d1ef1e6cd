// Package emulatortest starts the workspace emulator and a real workspace client of it for
// tests, the way cmd wires them for --emulator: flags-only configuration, the --auth none
// credential, workspace.New. Both are closed when the test ends, the client first.
package emulatortest

import (
	"context"
	"testing"

	"github.com/amlconsole/amlconsole/emulator"
	"github.com/amlconsole/amlconsole/workspace"
)

// Start runs an emulator with opts and returns it with a client of its workspace built with
// clientOpts (the emulator's HTTPS client is filled in as the transport under TLS).
func Start(t testing.TB, opts emulator.Options, clientOpts workspace.Options) (*emulator.Server, *workspace.Client) {
	t.Helper()
	srv, err := emulator.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("closing the emulator: %v", err)
		}
	})
	info := srv.Info()
	cfg, err := workspace.ResolveConfig(workspace.ConfigInput{
		Subscription:  info.Subscription,
		ResourceGroup: info.ResourceGroup,
		Workspace:     info.Workspace,
		Endpoint:      info.Endpoint,
		Getenv:        func(string) string { return "" },
		WorkDir:       t.TempDir(),
		HomeDir:       t.TempDir(),
	})
	if err != nil {
		t.Fatalf("resolving the emulator's configuration: %v", err)
	}
	cred, err := workspace.NewCredential(workspace.AuthOptions{Mode: workspace.AuthNone, Config: cfg})
	if err != nil {
		t.Fatalf("the --auth none credential: %v", err)
	}
	if opts.TLS && clientOpts.Transport == nil {
		clientOpts.Transport = srv.HTTPClient()
	}
	client, err := workspace.New(cfg, cred, clientOpts)
	if err != nil {
		t.Fatalf("workspace.New: %v", err)
	}
	t.Cleanup(client.Close)
	return srv, client
}
