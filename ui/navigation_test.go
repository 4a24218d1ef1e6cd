package ui

import (
	"strings"
	"testing"

	"github.com/amlconsole/amlconsole/ui/pages/computes"
	"github.com/amlconsole/amlconsole/ui/pages/details"
	"github.com/amlconsole/amlconsole/ui/pages/nodes"
	"github.com/amlconsole/amlconsole/ui/pages/yaml"
	"github.com/amlconsole/amlconsole/workspace"
)

func TestListToDetailsToYAMLAndBack(t *testing.T) {
	h := newHarness(t, 80, 24)
	if got := h.watches.Active(workspace.TopicComputes); got != 1 {
		t.Fatalf("list page watches computes %d times, want 1", got)
	}
	selectCompute(t, h, "gpu-broken")
	h.Key("enter")
	d := topPage[*details.Page](t, h)
	if d.Name() != "gpu-broken" {
		t.Fatalf("details of %s", d.Name())
	}
	s := mustShow(t, h, "Compute gpu-broken", "Error 1 of 1", "QuotaExceeded", "General")
	if strings.Index(s, "Error 1 of 1") > strings.Index(s, "General") {
		t.Errorf("errors are not first:\n%s", s)
	}
	// The list stopped; the details page watches instead.
	if got := h.watches.Active(workspace.TopicComputes); got != 1 {
		t.Errorf("computes watched %d times with details open, want 1 (details only)", got)
	}

	h.Key("y")
	topPage[*yaml.Page](t, h)
	mustShow(t, h, "YAML gpu-broken", "name: gpu-broken", "computeType: AmlCompute")
	if got := h.watches.Active(workspace.TopicComputes); got != 0 {
		t.Errorf("computes watched %d times on the YAML page, want 0", got)
	}

	h.Key("esc")
	topPage[*details.Page](t, h)
	h.Key("esc")
	topPage[*computes.Page](t, h)
	mustShow(t, h, "Computes (7)")
	if got := h.watches.Active(workspace.TopicComputes); got != 1 {
		t.Errorf("computes watched %d times back on the list, want 1", got)
	}
	// list → details → list handed the computes watch over without a gap; only the YAML
	// page (which watches nothing) let it go.
	if got := h.watches.Dropped(workspace.TopicComputes); got != 1 {
		t.Errorf("the computes topic went unwatched %d times, want 1 (on the YAML page)", got)
	}
	// esc on the start page stays there.
	h.Key("esc")
	topPage[*computes.Page](t, h)
	if h.fake.Calls("ListComputes") != 1 {
		t.Errorf("ListComputes called %d times, want 1 (the list keeps its data)", h.fake.Calls("ListComputes"))
	}
}

func TestDetailsScrollsAndDescribesCluster(t *testing.T) {
	h := newHarness(t, 80, 24)
	selectCompute(t, h, "batch-cluster")
	h.Key("d")
	mustShow(t, h, "Compute batch-cluster · Cluster", "Scale settings", "STANDARD_DS3_V2")
	before := h.Screen()
	h.Key("pgdown")
	after := h.Screen()
	if before == after {
		t.Fatalf("pgdown did not scroll:\n%s", after)
	}
	h.Key("g")
	if h.Screen() != before {
		t.Errorf("g did not return to the top")
	}
	h.Key("l")
	mustShow(t, h, "jobs view: arrives with the jobs issue")
}

func TestYAMLFromListRedactsAndScrolls(t *testing.T) {
	h := newHarness(t, 80, 24)
	selectCompute(t, h, "example-instance")
	h.Key("y")
	p := topPage[*yaml.Page](t, h)
	_ = p
	s := mustShow(t, h, "YAML example-instance")
	h.Key("G")
	if h.Screen() == s {
		t.Errorf("G did not scroll the YAML")
	}
	if h.fake.Calls("GetCompute") != 0 {
		t.Errorf("YAML fetched the compute again; it should render what the list has")
	}
	h.Key("ctrl+r")
	if h.fake.Calls("GetCompute") != 1 {
		t.Errorf("ctrl+r did not refresh the YAML")
	}
}

func TestNodesPageRefreshesWhileOpenOnly(t *testing.T) {
	h := newHarness(t, 80, 24)
	selectCompute(t, h, "batch-cluster")
	h.Key("n")
	p := topPage[*nodes.Page](t, h)
	mustShow(t, h, "Nodes of batch-cluster (2)", "tvm-3601533753_1", "running", "13.84.190.124", "50000")
	if h.fake.Calls("ListNodes") != 1 {
		t.Fatalf("ListNodes called %d times", h.fake.Calls("ListNodes"))
	}
	h.clock.Advance(nodes.RefreshInterval)
	h.Fire(h.clock.Now())
	if h.fake.Calls("ListNodes") != 2 {
		t.Fatalf("the refresh timer did not list the nodes again (%d calls)", h.fake.Calls("ListNodes"))
	}
	h.Key("esc")
	if p.Refreshing() {
		t.Fatal("the nodes page still refreshes after closing")
	}
	for i := 0; i < 3; i++ {
		h.Fire(h.clock.Now())
	}
	if h.fake.Calls("ListNodes") != 2 {
		t.Errorf("a closed nodes page listed nodes (%d calls)", h.fake.Calls("ListNodes"))
	}
}

func TestNodesOnlyForClusters(t *testing.T) {
	h := newHarness(t, 80, 24)
	selectCompute(t, h, "jiajicompute1")
	h.Key("n")
	topPage[*computes.Page](t, h)
	mustShow(t, h, "only clusters have a node list")
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		h := newHarness(t, 80, 24)
		h.Key("enter")
		h.Key(k)
		if !h.Quit {
			t.Errorf("%s did not quit", k)
		}
		if n := h.watches.Active(workspace.TopicComputes); n != 0 {
			t.Errorf("%s left %d watchers running", k, n)
		}
	}
}

func TestHelpToggles(t *testing.T) {
	h := newHarness(t, 80, 24)
	mustNotShow(t, h, "sort identity")
	h.Key("?")
	mustShow(t, h, "sort identity", "page down", "sort age")
	h.Key("?")
	mustNotShow(t, h, "sort identity")
	h.Key("?")
	h.Key("esc")
	mustNotShow(t, h, "sort identity")
}
