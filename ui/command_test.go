package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/amlconsole/amlconsole/ui/internal/uitest"
	"github.com/amlconsole/amlconsole/ui/pages/computes"
	"github.com/amlconsole/amlconsole/ui/pages/details"
	"github.com/amlconsole/amlconsole/ui/pages/nodes"
	"github.com/amlconsole/amlconsole/ui/pages/workspaces"
	"github.com/amlconsole/amlconsole/workspace"
)

func TestCommandCompletesAndOpensNodes(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.Key(":")
	mustShow(t, h, ":computes", ":nodes NAME", ":ws [NAME]", ":quit")
	h.Type("no")
	mustShow(t, h, ":nodes NAME")
	mustNotShow(t, h, ":computes")
	h.Key("tab")
	if got := h.root().command.input.Value(); got != "nodes" {
		t.Fatalf("tab completed to %q", got)
	}
	h.Type(" b")
	h.Key("tab")
	if got := h.root().command.input.Value(); got != "nodes batch-cluster" {
		t.Fatalf("tab completed the cluster to %q", got)
	}
	// q is text in the command line.
	h.Key("enter")
	p := topPage[*nodes.Page](t, h)
	if p.Name() != "batch-cluster" {
		t.Fatalf("nodes of %s", p.Name())
	}
	mustShow(t, h, "Nodes of batch-cluster")
	h.Key(":")
	h.Type("computes")
	h.Key("enter")
	topPage[*computes.Page](t, h)
	if len(h.root().stack) != 1 {
		t.Errorf(":computes left %d pages", len(h.root().stack))
	}
}

func TestCommandErrorsAndUnbuiltViews(t *testing.T) {
	h := newHarness(t, 80, 24)
	run := func(line string) {
		h.Key(":")
		h.Type(line)
		h.Key("enter")
	}
	for _, c := range []struct{ line, want string }{
		{"jobs", ":jobs (jobs and runs) is not built yet: it arrives with the jobs issue"},
		{"triage", ":triage"},
		{"usage", ":usage (quota and usage) is not built yet"},
		{"bogus", `unknown command ":bogus"`},
		{"nodes", ":nodes needs one cluster name"},
		{"nodes jiajicompute1", "no cluster of that name"},
		{"ws a b", ":ws takes at most one workspace name"},
	} {
		run(c.line)
		mustShow(t, h, c.want)
		topPage[*computes.Page](t, h)
	}
	// esc cancels without running.
	h.Key(":")
	h.Type("quit")
	h.Key("esc")
	if h.Quit {
		t.Fatal("esc ran the command")
	}
	h.Key(":")
	h.Type("q")
	h.Key("enter")
	if !h.Quit {
		t.Fatal(":q did not quit")
	}
}

func TestWorkspaceSwitch(t *testing.T) {
	var switched []string
	other := uitest.NewFake(t)
	other.Cfg.Workspace.Value = "testworkspace1"
	other.ComputeSet = other.ComputeSet[:1]
	h := newHarness(t, 80, 24, func(d *Deps) {
		d.SwitchWorkspace = func(rg, name string) (Workspace, error) {
			switched = append(switched, rg+"/"+name)
			if name == "missing" {
				return nil, errors.New("workspace missing not found")
			}
			return other, nil
		}
	})
	h.Key(":")
	h.Type("ws")
	h.Key("enter")
	topPage[*workspaces.Page](t, h)
	mustShow(t, h, "Workspaces in resource group workspace-1234 (2)", "● testworkspace", "testworkspace1")
	h.Key("enter")
	mustShow(t, h, "already in workspace testworkspace")
	h.Key("j", "enter")
	if len(switched) != 1 || switched[0] != "workspace-1234/testworkspace1" {
		t.Fatalf("switched %v", switched)
	}
	topPage[*computes.Page](t, h)
	mustShow(t, h, "ws testworkspace1", "Computes (1)", "now in workspace testworkspace1")
	if other.Calls("ListComputes") != 1 {
		t.Error("the new workspace's computes were not listed")
	}

	h.Key(":")
	h.Type("ws missing")
	h.Key("enter")
	mustShow(t, h, "switching to workspace missing: workspace missing not found", "ws testworkspace1")
}

func TestWorkspaceSwitchUnavailable(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.Key(":")
	h.Type("ws other")
	h.Key("enter")
	mustShow(t, h, "switching workspaces is not available")
}

func TestFlashClearsItself(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.Key(":")
	h.Type("jobs")
	h.Key("enter")
	mustShow(t, h, "not built yet")
	h.clock.Advance(2 * time.Second)
	h.Fire(h.clock.Now())
	mustShow(t, h, "not built yet")
	h.clock.Advance(10 * time.Second)
	h.Fire(h.clock.Now())
	mustNotShow(t, h, "not built yet")
}

func TestConnectionWarningAndRecovery(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.Send(workspace.ConnectionState{Err: errors.New("dial tcp 127.0.0.1:1: connection refused"), RetryAfter: 5 * time.Second})
	s := mustShow(t, h, "connection problem: dial tcp 127.0.0.1:1: connection refused", "retrying in 5s", "batch-cluster")
	if n := len(splitLines(s)); n != 24 {
		t.Errorf("the warning broke the layout: %d lines", n)
	}
	// Non-blocking: keys still work.
	h.Key("enter")
	topPage[*details.Page](t, h)
	h.Send(workspace.ConnectionState{})
	mustNotShow(t, h, "connection problem")
}

func TestConnectionWarningStaysWhileAnyWatcherFails(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.Send(workspace.ConnectionState{Watcher: workspace.TopicComputes, Err: errors.New("GET computes: 503 ServiceUnavailable")})
	h.Send(workspace.ConnectionState{Watcher: workspace.TopicJobs, Err: errors.New("GET jobs: 503 ServiceUnavailable")})
	mustShow(t, h, "connection problem: GET computes: 503")
	// The job watcher recovering says nothing about the computes on screen.
	h.Send(workspace.ConnectionState{Watcher: workspace.TopicJobs})
	mustShow(t, h, "connection problem: GET computes: 503")
	h.Send(workspace.ConnectionState{Watcher: workspace.TopicComputes})
	mustNotShow(t, h, "connection problem")
}

func TestHeaderReadOnlyAndBudget(t *testing.T) {
	h := newHarness(t, 80, 24, func(d *Deps) { d.Identity = "alice@example.com" })
	s := mustShow(t, h, "identity alice@example.com", "ARM reads left 11999", "region eastus2euap", "sub 00000000…4444")
	if strings.Contains(s, "READ-ONLY") {
		t.Error("READ-ONLY shown for a read-write client")
	}
	ro := uitest.NewFake(t)
	ro.RO = true
	h2 := newHarness(t, 80, 24, func(d *Deps) { d.Workspace = ro; d.Identity = "" })
	h2.fake = ro
	h2.Driver.Fake = ro
	mustShow(t, h2, "READ-ONLY", "auth cli")
	ro.Rate.Reads = 42
	h2.clock.Advance(time.Second)
	h2.Fire(h2.clock.Now())
	mustShow(t, h2, "ARM reads left 42")
}

func TestListErrorIsShown(t *testing.T) {
	fake := uitest.NewFake(t)
	fake.ListErr = &workspace.Error{StatusCode: 403, Code: "AuthorizationFailed", Message: "no access"}
	h := newHarness(t, 80, 24, func(d *Deps) { d.Workspace = fake })
	h.Driver.Fake = fake
	mustShow(t, h, "could not list computes: AuthorizationFailed (HTTP 403): no access")
	fake.ListErr = nil
	h.Key("ctrl+r")
	mustShow(t, h, "batch-cluster")
}
