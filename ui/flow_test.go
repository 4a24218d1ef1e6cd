package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/internal/uitest"
	"github.com/amlconsole/amlconsole/workspace"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// TestFlowListFilterDetailsYAMLBack drives the real program: the list, a filter, a compute's
// details, its YAML, and back, reading every screen through the virtual terminal.
func TestFlowListFilterDetailsYAMLBack(t *testing.T) {
	sp := startScreen(t, 80, 24)
	sp.waitText("Computes (7)", "batch-cluster", "jiajicompute1", "region eastus2euap")

	sp.key("/")
	sp.typeText("broken")
	sp.waitText("Computes (1 of 7)", "/broken")
	s := sp.screen()
	if strings.Contains(s, "batch-cluster") {
		t.Fatalf("the filter let batch-cluster through:\n%s", s)
	}
	sp.key("enter")
	sp.waitText("filter: broken")

	sp.key("enter")
	s = sp.waitText("Compute gpu-broken · Cluster", "Error 1 of 1", "QuotaExceeded")
	if strings.Index(s, "Error 1 of 1") > strings.Index(s, "General") && strings.Contains(s, "General") {
		t.Fatalf("errors are not first:\n%s", s)
	}

	sp.key("y")
	sp.waitText("YAML gpu-broken", "name: gpu-broken", "provisioningState: Failed")

	sp.key("esc")
	sp.waitText("Compute gpu-broken · Cluster")
	sp.key("esc")
	sp.waitText("Computes (1 of 7)", "filter: broken")
	sp.key("esc")
	sp.waitText("Computes (7)", "batch-cluster")

	sp.key("q")
	sp.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

// TestFlowCommandLineAndResize: ":" with completion into the nodes page, a resize that the
// layout follows, and ctrl+c.
func TestFlowCommandLineAndResize(t *testing.T) {
	sp := startScreen(t, 80, 24)
	sp.waitText("Computes (7)")
	sp.key(":")
	sp.waitText(":nodes NAME", ":quit")
	sp.typeText("nodes batch")
	sp.key("tab", "enter")
	sp.waitText("Nodes of batch-cluster (2)", "tvm-3601533753_1")
	sp.key("esc")
	sp.waitText("Computes (7)")
	sp.resize(120, 40)
	sp.waitText("PRIORITY", "IDENTITY", "SystemAssigned")
	sp.key("ctrl+c")
	sp.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

// TestFlowLiveUpdateWithoutKeys: a bus event reaches the screen with no key pressed, and a
// lost connection shows its warning until the next good poll.
func TestFlowLiveUpdateWithoutKeys(t *testing.T) {
	sp := startScreen(t, 120, 40)
	sp.waitText("Computes (7)", "● Steady")
	old := findComputeIn(t, sp.fake.ComputeSet, "batch-cluster")
	r := uitest.Resizing(old.Resource, 3)
	sp.tm.Send(workspace.ComputeChange{Kind: workspace.Changed, Name: "batch-cluster", Old: &old, New: &workspace.Compute{Resource: r, Summary: compute.Summarize(r)}})
	sp.waitFor("batch-cluster resizing", func(s string) bool {
		for _, line := range strings.Split(s, "\n") {
			if strings.Contains(line, "batch-cluster") && strings.Contains(line, "↻ Resizing") && strings.Contains(line, "0/3 [0-1]") {
				return true
			}
		}
		return false
	})
	sp.tm.Send(workspace.ConnectionState{Err: errors.New("GET computes: context deadline exceeded")})
	sp.waitText("connection problem: GET computes: context deadline exceeded")
	sp.tm.Send(workspace.ConnectionState{})
	sp.waitFor("the warning to clear", func(s string) bool { return !strings.Contains(s, "connection problem") })
	sp.key("q")
	sp.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}
