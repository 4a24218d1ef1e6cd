package ui

import (
	"errors"
	"testing"
	"time"

	"github.com/amlconsole/amlconsole/ui/pages/nodes"
	"github.com/amlconsole/amlconsole/ui/pages/workspaces"
	"github.com/amlconsole/amlconsole/workspace"
)

func TestDeviceCodePromptStaysUntilSignedIn(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.Send(workspace.DeviceCodePrompt{
		Message: "To sign in, use a web browser to open the page https://microsoft.com/devicelogin\nand enter the code F7XK2PQ9 to authenticate.",
		URL:     "https://microsoft.com/devicelogin",
		Code:    "F7XK2PQ9",
	})
	s := mustShow(t, h, "sign in: open https://microsoft.com/devicelogin and enter the code F7XK2PQ9", "batch-cluster")
	if n := len(splitLines(s)); n != 24 {
		t.Fatalf("%d lines with the prompt", n)
	}
	h.clock.Advance(time.Minute)
	h.Fire(h.clock.Now())
	mustShow(t, h, "F7XK2PQ9")
	h.Send(workspace.ConnectionState{})
	mustNotShow(t, h, "F7XK2PQ9")
}

func TestOperationsReportOnTheFlashLine(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.Send(workspace.OperationEvent{ID: "1", Verb: "stop", Target: "ci-alice", Phase: workspace.OperationSucceeded})
	mustShow(t, h, "stop ci-alice: done")
	h.Send(workspace.OperationEvent{ID: "2", Verb: "delete", Target: "gpu", Phase: workspace.OperationFailed,
		Err: &workspace.Error{StatusCode: 409, Code: "Conflict", Message: "compute is busy\nretry later"}})
	mustShow(t, h, "delete gpu failed: Conflict (HTTP 409): compute is busy retry later")
}

func TestNodesFilterAndErrors(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.Key(":")
	h.Type("nodes batch-cluster")
	h.Key("enter")
	topPage[*nodes.Page](t, h)
	h.Key("/")
	h.Type("idle")
	mustShow(t, h, "tvm-3601533753_2")
	mustNotShow(t, h, "tvm-3601533753_1")
	h.Key("enter", "esc")
	mustShow(t, h, "tvm-3601533753_1", "tvm-3601533753_2")
	topPage[*nodes.Page](t, h)

	h.fake.NodesErr = errors.New("listNodes: 500 InternalServerError")
	h.Key("ctrl+r")
	mustShow(t, h, "listing nodes of batch-cluster: listNodes: 500 InternalServerError", "tvm-3601533753_1")
}

func TestWorkspacesScopeToggle(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.Key(":")
	h.Type("ws")
	h.Key("enter")
	topPage[*workspaces.Page](t, h)
	mustShow(t, h, "Workspaces in resource group workspace-1234")
	h.Key("a")
	mustShow(t, h, "Workspaces in the subscription (2)")
	if got := h.fake.ListedGroups; len(got) != 2 || got[0] != "workspace-1234" || got[1] != "" {
		t.Errorf("listed resource groups %q, want the group then the subscription", got)
	}
	h.Key("a")
	mustShow(t, h, "Workspaces in resource group workspace-1234")
}

func TestLongErrorsWrapOnTheFlashLine(t *testing.T) {
	h := newHarness(t, 80, 24)
	msg := "AuthorizationFailed (HTTP 403): The client 'alice@example.com' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/computes/read' over scope '/subscriptions/x/resourceGroups/rg' or the scope is invalid."
	h.Send(workspace.OperationEvent{ID: "1", Verb: "list", Target: "computes", Phase: workspace.OperationFailed, Err: errors.New(msg)})
	s := mustShow(t, h, "AuthorizationFailed (HTTP 403): The client", "not have authorization to perform action…", "batch-cluster")
	if n := len(splitLines(s)); n != 24 {
		t.Fatalf("%d lines with a wrapped error", n)
	}
	h.clock.Advance(time.Minute)
	h.Fire(h.clock.Now())
	s = mustShow(t, h, "jiajicompute1")
	if n := len(splitLines(s)); n != 24 {
		t.Fatalf("%d lines after the error cleared", n)
	}
	mustNotShow(t, h, "authorization")
}
