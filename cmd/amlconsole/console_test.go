package main

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/amlconsole/amlconsole/workspace"
)

func TestSwitchWorkspaceReplacesAndClosesTheClient(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Chdir(t.TempDir())
	a := newApp(&bytes.Buffer{}, &bytes.Buffer{})
	a.flags.useEmulator = true
	t.Cleanup(func() { a.close() })
	ctx := context.Background()
	sess, err := a.connect(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	_, old := sess.current()
	sw := &workspaceSwitcher{app: a, sess: sess}

	next, err := sw.switchTo("demo-rg", "demo-ws")
	if err != nil {
		t.Fatal(err)
	}
	cfg, current := sess.current()
	if next != current || current == old {
		t.Fatal("the session should hold the new client")
	}
	if cfg.Workspace.Source.Kind != "console" || cfg.Workspace.Value != "demo-ws" {
		t.Errorf("the new configuration's workspace is %+v, want demo-ws from the console", cfg.Workspace)
	}
	if current.Bus() != old.Bus() {
		t.Error("the console's bus must outlive the switch, so its subscriptions carry over")
	}
	if _, err := old.ListComputes(ctx); !errors.Is(err, workspace.ErrClosed) {
		t.Errorf("the replaced client answered %v, want ErrClosed", err)
	}
	computes, err := next.ListComputes(ctx)
	if err != nil || len(computes) == 0 {
		t.Fatalf("the new client lists %d computes (%v), want the demo's", len(computes), err)
	}
}
