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
// clientOpts (see Client).
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
	return srv, Client(t, srv, clientOpts)
}

// Client builds a client of srv's workspace with opts (the emulator's HTTPS client is the
// transport under TLS unless opts names one), and closes it when the test ends (before
// the emulator, whose cleanup was registered first).
func Client(t testing.TB, srv *emulator.Server, opts workspace.Options) *workspace.Client {
	t.Helper()
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
	if info.CAFile != "" && opts.Transport == nil {
		opts.Transport = srv.HTTPClient()
	}
	client, err := workspace.New(cfg, cred, opts)
	if err != nil {
		t.Fatalf("workspace.New: %v", err)
	}
	t.Cleanup(client.Close)
	return client
}
