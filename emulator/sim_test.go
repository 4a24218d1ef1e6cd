package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// Simulation tests at a high speed factor: clusters scale with their claims, low-priority
// nodes are preempted, quotas stop clusters, instances honour start, stop and restart.

// computeProps GETs a compute and returns properties and properties.properties.
func computeProps(t *testing.T, s *Server, name string) (props, inner map[string]any) {
	t.Helper()
	got := confSend(t, s, http.MethodGet, s.world.computeID(name)+"?api-version=2024-04-01", "")
	if got.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", name, got.Status, got.RawBody)
	}
	props = got.Body.(map[string]any)["properties"].(map[string]any)
	inner, _ = props["properties"].(map[string]any)
	return props, inner
}

// locked runs f with the world locked, as the jobs half calls claimNodes and friends.
func locked[T any](s *Server, f func(w *world) T) T {
	s.world.mu.Lock()
	defer s.world.mu.Unlock()
	return f(s.world)
}

// grants asks for job's nodes as the jobs half does.
func grants(s *Server, compute, job string) ([]nodeGrant, bool) {
	s.world.mu.Lock()
	defer s.world.mu.Unlock()
	return s.world.grantedNodes(compute, job)
}

func grantedCount(s *Server, compute, job string) int {
	n, _ := grants(s, compute, job)
	return len(n)
}

func claim(t *testing.T, s *Server, compute, job string, count int) {
	t.Helper()
	if err := locked(s, func(w *world) error { return w.claimNodes(compute, job, count) }); err != nil {
		t.Fatalf("claimNodes(%s, %s, %d): %v", compute, job, count, err)
	}
}

func release(s *Server, compute, job string) {
	locked(s, func(w *world) bool { w.releaseNodes(compute, job); return true })
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

// manualClock takes the world's clock over so a test can step simulated time exactly: each
// step advances the clock and runs one simulation step, as the ticker would.
func manualClock(s *Server) func(d time.Duration) {
	w := s.world
	w.mu.Lock()
	now := w.now()
	w.clock = func() time.Time { return now }
	w.mu.Unlock()
	return func(d time.Duration) {
		w.mu.Lock()
		defer w.mu.Unlock()
		now = now.Add(d)
		w.advance(now)
	}
}

func TestClusterScalesUpAndDown(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty", Speed: 200})
	mustCreate(t, s, "scale", `{"properties":{"computeType":"AmlCompute","properties":{"vmSize":"Standard_DS3_v2","scaleSettings":{"minNodeCount":0,"maxNodeCount":3,"nodeIdleTimeBeforeScaleDown":"PT1M"}}}}`)
	step := manualClock(s)
	step(time.Millisecond)
	_, p := computeProps(t, s, "scale")
	if p["allocationState"] != allocSteady || num(p["currentNodeCount"]) != 0 || num(p["targetNodeCount"]) != 0 {
		t.Fatalf("new cluster: %v", p)
	}
	counts := func(p map[string]any) map[string]any { return p["nodeStateCounts"].(map[string]any) }

	claim(t, s, "scale", "job-a", 2)
	claim(t, s, "scale", "job-a", 2) // idempotent
	step(time.Millisecond)
	_, p = computeProps(t, s, "scale")
	if p["allocationState"] != allocResizing || num(p["targetNodeCount"]) != 2 || num(counts(p)["preparingNodeCount"]) != 2 {
		t.Errorf("right after the claim: %v, want Resizing to 2 with 2 preparing nodes", p)
	}
	if n := grantedCount(s, "scale", "job-a"); n != 0 {
		t.Errorf("%d nodes granted while they prepare", n)
	}

	step(s.world.delay(nodeBootTime))
	_, p = computeProps(t, s, "scale")
	if num(counts(p)["runningNodeCount"]) != 2 || num(p["currentNodeCount"]) != 2 || p["allocationState"] != allocSteady {
		t.Errorf("after the nodes booted: %v, want 2 running, Steady", p)
	}
	if n := grantedCount(s, "scale", "job-a"); n != 2 {
		t.Errorf("job-a granted %d nodes, want 2", n)
	}
	nodes := confSend(t, s, http.MethodPost, s.world.computeID("scale")+"/listNodes?api-version=2024-04-01", "")
	for _, n := range nodes.Body.(map[string]any)["nodes"].([]any) {
		if n := n.(map[string]any); n["nodeState"] != nodeRunning || n["runId"] != "job-a" {
			t.Errorf("listNodes entry %v: want running job-a", n)
		}
	}

	release(s, "scale", "job-a")
	step(time.Millisecond)
	if _, p = computeProps(t, s, "scale"); num(counts(p)["idleNodeCount"]) != 2 || num(p["targetNodeCount"]) != 2 {
		t.Errorf("after release: %v, want 2 idle nodes kept until the idle time passes", p)
	}
	step(s.world.delay(time.Minute))
	if _, p = computeProps(t, s, "scale"); num(counts(p)["leavingNodeCount"]) != 2 || p["allocationState"] != allocResizing || num(p["targetNodeCount"]) != 0 {
		t.Errorf("after the idle time: %v, want 2 leaving, Resizing to 0", p)
	}
	step(s.world.delay(nodeLeaveTime))
	if _, p = computeProps(t, s, "scale"); num(p["currentNodeCount"]) != 0 || p["allocationState"] != allocSteady {
		t.Errorf("after the nodes left: %v, want 0 nodes, Steady", p)
	}
}

func TestClusterMinNodesAndFIFO(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty", Speed: 200})
	mustCreate(t, s, "fifo", `{"properties":{"computeType":"AmlCompute","properties":{"vmSize":"Standard_DS3_v2","scaleSettings":{"minNodeCount":1,"maxNodeCount":2,"nodeIdleTimeBeforeScaleDown":"PT1M"}}}}`)
	pollUntil(t, "the minimum node idle", func() bool {
		_, p := computeProps(t, s, "fifo")
		return num(p["nodeStateCounts"].(map[string]any)["idleNodeCount"]) == 1
	})
	claim(t, s, "fifo", "first", 2)
	claim(t, s, "fifo", "second", 1)
	pollUntil(t, "first job on both nodes", func() bool { return grantedCount(s, "fifo", "first") == 2 })
	if n := grantedCount(s, "fifo", "second"); n != 0 {
		t.Fatalf("second job got %d nodes while the first holds the whole cluster", n)
	}
	if err := locked(s, func(w *world) error { return w.claimNodes("fifo", "too-big", 3) }); err == nil {
		t.Error("claiming more nodes than maxNodeCount succeeded")
	}
	release(s, "fifo", "first")
	pollUntil(t, "second job granted", func() bool { return grantedCount(s, "fifo", "second") == 1 })
	release(s, "fifo", "second")
	pollUntil(t, "scale-down to the minimum", func() bool {
		_, p := computeProps(t, s, "fifo")
		return num(p["currentNodeCount"]) == 1 && p["allocationState"] == allocSteady
	})
}

func TestLowPriorityPreemption(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty", Speed: 200})
	mustCreate(t, s, "lowpri", `{"properties":{"computeType":"AmlCompute","properties":{"vmSize":"Standard_NC6s_v3","vmPriority":"LowPriority","scaleSettings":{"minNodeCount":0,"maxNodeCount":2}}}}`)
	step := manualClock(s)
	claim(t, s, "lowpri", "ddp", 2)
	step(time.Millisecond)
	step(s.world.delay(nodeBootTime))
	if n := grantedCount(s, "lowpri", "ddp"); n != 2 {
		t.Fatalf("granted %d nodes, want 2", n)
	}

	locked(s, func(w *world) bool { w.preemptRate = 1e9; return true })
	step(time.Millisecond)
	locked(s, func(w *world) bool { w.preemptRate = 0; return true })
	_, p := computeProps(t, s, "lowpri")
	if n := num(p["nodeStateCounts"].(map[string]any)["preemptedNodeCount"]); n == 0 {
		t.Errorf("nodeStateCounts after a preemption: %v", p["nodeStateCounts"])
	}
	if _, preempted := grants(s, "lowpri", "ddp"); !preempted {
		t.Fatal("the job was not told its node was preempted")
	}
	if _, again := grants(s, "lowpri", "ddp"); again {
		t.Error("preempted reported twice")
	}
	step(time.Millisecond)
	step(s.world.delay(nodeBootTime))
	if n := grantedCount(s, "lowpri", "ddp"); n != 2 {
		t.Errorf("after replacement nodes booted the job holds %d nodes, want 2", n)
	}
	step(s.world.delay(preemptedLinger))
	if _, p := computeProps(t, s, "lowpri"); num(p["nodeStateCounts"].(map[string]any)["preemptedNodeCount"]) != 0 {
		t.Errorf("preempted nodes linger: %v", p["nodeStateCounts"])
	}
}

func TestQuotaFailures(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty", Speed: 200})
	put := confSend(t, s, http.MethodPut, s.world.computeID("a100")+"?api-version=2024-04-01",
		`{"properties":{"computeType":"AmlCompute","properties":{"vmSize":"Standard_NC24ads_A100_v4","scaleSettings":{"minNodeCount":1,"maxNodeCount":2}}}}`)
	if put.Status != http.StatusCreated {
		t.Fatalf("PUT: %d %s", put.Status, put.RawBody)
	}
	op := confPollOperation(t, s, put.Header.Get("Azure-AsyncOperation"), opFailed)
	if code := op.Body.(map[string]any)["error"].(map[string]any)["code"]; code != "ClusterMinNodesExceedCoreQuota" {
		t.Errorf("operation error code %v", code)
	}
	props, _ := computeProps(t, s, "a100")
	errs, _ := props["provisioningErrors"].([]any)
	if props["provisioningState"] != stateFailed || len(errs) != 1 ||
		errs[0].(map[string]any)["error"].(map[string]any)["code"] != "ClusterMinNodesExceedCoreQuota" {
		t.Errorf("failed cluster: %v", props)
	}
	if err := locked(s, func(w *world) error { return w.claimNodes("a100", "job", 1) }); err == nil || !strings.Contains(err.Error(), "quota") {
		t.Errorf("claimNodes on a failed cluster: %v", err)
	}

	// Scale-up stops where the family quota (12 NVSv3 vCPUs) runs out, and says why.
	mustCreate(t, s, "nv-cluster", `{"properties":{"computeType":"AmlCompute","properties":{"vmSize":"Standard_NV12s_v3","scaleSettings":{"minNodeCount":0,"maxNodeCount":3}}}}`)
	claim(t, s, "nv-cluster", "one", 1)
	claim(t, s, "nv-cluster", "two", 1)
	pollUntil(t, "the first job granted", func() bool { return grantedCount(s, "nv-cluster", "one") == 1 })
	pollUntil(t, "a quota error on the cluster", func() bool {
		_, p := computeProps(t, s, "nv-cluster")
		errs, _ := p["errors"].([]any)
		return len(errs) == 1 && errs[0].(map[string]any)["error"].(map[string]any)["code"] == "ClusterCoreQuotaReached"
	})
	if n := grantedCount(s, "nv-cluster", "two"); n != 0 {
		t.Errorf("second job got %d nodes beyond the quota", n)
	}
	usages := confSend(t, s, http.MethodGet, "/subscriptions/"+s.Info().Subscription+"/providers/Microsoft.MachineLearningServices/locations/eastus/usages?api-version=2024-04-01", "")
	found := false
	for _, u := range usages.Body.(map[string]any)["value"].([]any) {
		u := u.(map[string]any)
		if strings.HasSuffix(u["id"].(string), "/computes/nv-cluster/usages/Standard_NVSv3_Family_Cluster_Dedicated_vCPUs") {
			found = num(u["currentValue"]) == 12 && num(u["limit"]) == 12
		}
	}
	if !found {
		t.Errorf("usages lack the nv cluster's 12 of 12 NVSv3 vCPUs")
	}
}

// instanceState reads an instance's state.
func instanceState(t *testing.T, s *Server, name string) string {
	_, p := computeProps(t, s, name)
	return p["state"].(string)
}

// action POSTs start/stop/restart and returns the status code.
func action(t *testing.T, s *Server, name, verb string) confExchange {
	return confSend(t, s, http.MethodPost, s.world.computeID(name)+"/"+verb+"?api-version=2024-04-01", "")
}

func TestInstanceLifecycle(t *testing.T) {
	t.Parallel()
	// Speed 25 keeps each transient state (Stopping, Starting, Restarting) for a few hundred
	// milliseconds, long enough to be seen right after the request however loaded the machine.
	s := startComputeEmulator(t, Options{Seed: "empty", Speed: 25})
	put := confSend(t, s, http.MethodPut, s.world.computeID("ci-test")+"?api-version=2024-04-01",
		`{"properties":{"computeType":"ComputeInstance","properties":{"vmSize":"Standard_DS3_v2"}}}`)
	if put.Status != http.StatusCreated || instanceState(t, s, "ci-test") != ciCreating {
		t.Fatalf("PUT: %d, state %s", put.Status, instanceState(t, s, "ci-test"))
	}
	pollUntil(t, "instance running", func() bool { return instanceState(t, s, "ci-test") == ciRunning })

	claim(t, s, "ci-test", "j1", 1)
	claim(t, s, "ci-test", "j2", 1)
	pollUntil(t, "j1 running", func() bool { return grantedCount(s, "ci-test", "j1") == 1 })
	if st := instanceState(t, s, "ci-test"); st != ciJobRunning || grantedCount(s, "ci-test", "j2") != 0 {
		t.Fatalf("state %s with j2 granted %d; want JobRunning, j2 queued", st, grantedCount(s, "ci-test", "j2"))
	}
	// A restart takes the instance from j1: it hears so once, and runs again afterwards.
	restart := action(t, s, "ci-test", "restart")
	if restart.Status != http.StatusAccepted {
		t.Fatalf("restart while a job runs: %d %s", restart.Status, restart.RawBody)
	}
	if _, preempted := grants(s, "ci-test", "j1"); !preempted {
		t.Error("the job interrupted by the restart was not told")
	}
	confPollOperation(t, s, restart.Header.Get("Azure-AsyncOperation"), opSucceeded)
	pollUntil(t, "j1 running again", func() bool { return grantedCount(s, "ci-test", "j1") == 1 })
	release(s, "ci-test", "j1")
	pollUntil(t, "j2 running", func() bool { return grantedCount(s, "ci-test", "j2") == 1 })
	release(s, "ci-test", "j2")
	pollUntil(t, "instance idle", func() bool { return instanceState(t, s, "ci-test") == ciRunning })

	for _, step := range []struct{ verb, transient, final string }{
		{"stop", ciStopping, ciStopped},
		{"start", ciStarting, ciRunning},
		{"restart", ciRestarting, ciRunning},
	} {
		got := action(t, s, "ci-test", step.verb)
		if got.Status != http.StatusAccepted {
			t.Fatalf("%s: %d %s", step.verb, got.Status, got.RawBody)
		}
		if st := instanceState(t, s, "ci-test"); st != step.transient {
			t.Errorf("right after %s: state %s, want %s", step.verb, st, step.transient)
		}
		confPollOperation(t, s, got.Header.Get("Azure-AsyncOperation"), opSucceeded)
		_, p := computeProps(t, s, "ci-test")
		last := p["lastOperation"].(map[string]any)
		if p["state"] != step.final || last["operationStatus"] != "Succeeded" || !strings.EqualFold(last["operationName"].(string), step.verb) {
			t.Errorf("after %s: state %v, lastOperation %v", step.verb, p["state"], last)
		}
	}
	if got := action(t, s, "ci-test", "start"); got.Status != http.StatusConflict {
		t.Errorf("start of a running instance: %d, want 409", got.Status)
	}

	mustCreate(t, s, "cpu-cl", `{"properties":{"computeType":"AmlCompute","properties":{"vmSize":"Standard_DS3_v2","scaleSettings":{"maxNodeCount":1}}}}`)
	for _, verb := range []string{"start", "stop", "restart"} {
		if got := action(t, s, "cpu-cl", verb); got.Status != http.StatusBadRequest {
			t.Errorf("%s of a cluster: %d, want 400", verb, got.Status)
		}
	}
	if got := action(t, s, "ci-test", "listNodes"); got.Status != http.StatusBadRequest {
		t.Errorf("listNodes of an instance: %d, want 400", got.Status)
	}
	if err := locked(s, func(w *world) error { return w.claimNodes("ci-test", "multi", 2) }); err == nil {
		t.Error("a two-node job on an instance was accepted")
	}
}

func TestInstanceIdleShutdown(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty", Speed: 1000})
	mustCreate(t, s, "ci-idle", `{"properties":{"computeType":"ComputeInstance","properties":{"vmSize":"Standard_DS3_v2","idleTimeBeforeShutdown":"PT15M"}}}`)
	pollUntil(t, "the idle instance stopped", func() bool { return instanceState(t, s, "ci-idle") == ciStopped })
	_, p := computeProps(t, s, "ci-idle")
	if last := p["lastOperation"].(map[string]any); last["operationName"] != "Stop" || last["operationTrigger"] != "IdleShutdown" {
		t.Errorf("lastOperation after idle shutdown: %v", last)
	}
}

func TestPathsAreCaseInsensitive(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{})
	got := confSend(t, s, http.MethodGet, "/SUBSCRIPTIONS/"+demoSubscription+"/resourcegroups/demo-rg/providers/microsoft.machinelearningservices/Workspaces/demo-ws/COMPUTES/cpu-cluster?api-version=2024-04-01", "")
	if got.Status != http.StatusOK || got.Body.(map[string]any)["name"] != "cpu-cluster" {
		t.Errorf("lower-cased ARM path: %d %s", got.Status, got.RawBody)
	}
	if p := canonicalARMPath("/subscriptions/s/resourcegroups/rg/providers/MICROSOFT.MACHINELEARNINGSERVICES/workspaces/Jobs/computes/start/LISTNODES"); p != "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/Jobs/computes/start/listNodes" {
		t.Errorf("canonicalARMPath kept names as sent? got %s", p)
	}
}

func TestOperationsArePruned(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty"})
	locked(s, func(w *world) bool {
		now := w.now()
		old := w.startOperation()
		w.finishOperation(old.ID, nil)
		old.EndTime = now.Add(-25 * time.Hour)
		running := w.startOperation()
		for range maxOperations + 5 {
			w.finishOperation(w.startOperation().ID, nil)
		}
		w.pruneOperations(now)
		if _, ok := w.operations[old.ID]; ok {
			t.Error("an operation finished 25 hours ago was kept")
		}
		if _, ok := w.operations[running.ID]; !ok {
			t.Error("an operation in progress was pruned")
		}
		if len(w.operations) != maxOperations+1 {
			t.Errorf("%d operations kept, want %d finished and the running one", len(w.operations), maxOperations)
		}
		return true
	})
}
