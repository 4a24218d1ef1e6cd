package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStateSurvivesRestart: computes, their nodes and claims, operations, secrets (for
// listKeys) and quota changes come back after a restart with the same data dir, and the seed
// does not apply again.
func TestStateSurvivesRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rg := "/subscriptions/" + demoSubscription + "/resourceGroups/" + demoResourceGroup + "/providers/"
	s1, err := Start(context.Background(), Options{DataDir: dir, Seed: "empty", Speed: 200})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s1, "keep-cluster", `{"properties":{"computeType":"AmlCompute","properties":{"scaleSettings":{"minNodeCount":1,"maxNodeCount":2}}}}`)
	mustCreate(t, s1, "keep-ci", `{"properties":{"computeType":"ComputeInstance","properties":{"vmSize":"Standard_DS3_v2"}}}`)
	mustCreate(t, s1, "keep-vm", `{"properties":{"computeType":"VirtualMachine","resourceId":"`+rg+`Microsoft.Compute/virtualMachines/v1","properties":{"administratorAccount":{"username":"u","password":"kept-secret"}}}}`)
	stop := action(t, s1, "keep-ci", "stop")
	confPollOperation(t, s1, stop.Header.Get("Azure-AsyncOperation"), opSucceeded)
	pollUntil(t, "the minimum node", func() bool {
		_, p := computeProps(t, s1, "keep-cluster")
		return num(p["nodeStateCounts"].(map[string]any)["idleNodeCount"]) == 1
	})
	claim(t, s1, "keep-cluster", "long-job", 1)
	pollUntil(t, "the job on the node", func() bool { return grantedCount(s1, "keep-cluster", "long-job") == 1 })
	upd := confSend(t, s1, http.MethodPost, "/subscriptions/"+demoSubscription+"/providers/Microsoft.MachineLearningServices/locations/eastus/updateQuotas?api-version=2024-04-01",
		`{"value":[{"id":"`+s1.world.workspaceID()+`/quotas/standardDSv2Family","type":"Microsoft.MachineLearningServices/workspaces/quotas","limit":20,"unit":"Count"}]}`)
	if upd.Status != http.StatusOK || !strings.Contains(string(upd.RawBody), `"Success"`) {
		t.Fatalf("quota update: %d %s", upd.Status, upd.RawBody)
	}
	before := confSend(t, s1, http.MethodGet, s1.world.workspaceID()+"/computes?api-version=2024-04-01", "")
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{stateFile, secretKeyFile} {
		if info, err := os.Stat(filepath.Join(dir, f)); err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", f, info, err)
		}
	}
	if state, err := os.ReadFile(filepath.Join(dir, stateFile)); err != nil || strings.Contains(string(state), "kept-secret") {
		t.Errorf("the state file holds an attach password in clear text (or cannot be read: %v)", err)
	}

	s2 := startComputeEmulator(t, Options{DataDir: dir, Seed: "demo", Speed: 200})
	after := confSend(t, s2, http.MethodGet, s2.world.workspaceID()+"/computes?api-version=2024-04-01", "")
	names := func(ex confExchange) []string {
		var out []string
		for _, c := range ex.Body.(map[string]any)["value"].([]any) {
			out = append(out, c.(map[string]any)["name"].(string))
		}
		return out
	}
	if strings.Join(names(before), ",") != strings.Join(names(after), ",") {
		t.Errorf("computes before %v, after restart %v (the demo seed must not apply to an existing data dir)", names(before), names(after))
	}
	if st := instanceState(t, s2, "keep-ci"); st != ciStopped {
		t.Errorf("instance after restart: %s", st)
	}
	if n := grantedCount(s2, "keep-cluster", "long-job"); n != 1 {
		t.Errorf("the job's node after restart: %d granted", n)
	}
	// Randomness continues where it stopped: new ids do not repeat those issued before.
	if id := locked(s2, func(w *world) string { return w.newID() }); strings.Contains(string(before.RawBody), id) {
		t.Errorf("id %s issued again after the restart", id)
	}
	if dup := locked(s2, func(w *world) bool { _, dup := w.operations[w.newID()]; return dup }); dup {
		t.Error("a new operation id collides with a persisted one")
	}
	// The new server listens on a new port: ask it for the same operation id.
	opID := stop.Header.Get("Azure-AsyncOperation")
	opID = opID[strings.LastIndex(opID, "/")+1 : strings.Index(opID, "?")]
	op := confSend(t, s2, http.MethodGet, "/subscriptions/"+demoSubscription+"/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/"+opID+"?api-version=2024-04-01", "")
	if op.Status != http.StatusOK || op.Body.(map[string]any)["status"] != opSucceeded {
		t.Errorf("operation after restart: %d %s", op.Status, op.RawBody)
	}
	if keys := confSend(t, s2, http.MethodPost, s2.world.computeID("keep-vm")+"/listKeys?api-version=2024-04-01", ""); !strings.Contains(string(keys.RawBody), "kept-secret") {
		t.Errorf("listKeys after restart: %s", keys.RawBody)
	}
	quotas := confSend(t, s2, http.MethodGet, "/subscriptions/"+demoSubscription+"/providers/Microsoft.MachineLearningServices/locations/eastus/quotas?api-version=2024-04-01", "")
	found := false
	for _, q := range quotas.Body.(map[string]any)["value"].([]any) {
		q := q.(map[string]any)
		if q["id"] == s2.world.workspaceID()+"/quotas/standardDSv2Family" {
			found = num(q["limit"]) == 20
		}
	}
	if !found {
		t.Error("the workspace quota change did not survive the restart")
	}
}

// TestDemoSeed: the demo workspace holds the computes the issue lists, in their states.
func TestDemoSeed(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{NoExec: true})
	want := map[string]func(props, inner map[string]any) bool{
		"cpu-cluster": func(p, in map[string]any) bool {
			ss := in["scaleSettings"].(map[string]any)
			return p["computeType"] == typeAmlCompute && in["vmPriority"] == priorityDedicated && num(ss["minNodeCount"]) == 0 && num(ss["maxNodeCount"]) == 4
		},
		"gpu-cluster": func(p, in map[string]any) bool {
			size, _ := lookupVMSize(in["vmSize"].(string))
			return in["vmPriority"] == priorityLowPriority && size.GPUs > 0
		},
		"a100-cluster": func(p, in map[string]any) bool {
			errs, _ := p["provisioningErrors"].([]any)
			return p["provisioningState"] == stateFailed && len(errs) == 1 &&
				errs[0].(map[string]any)["error"].(map[string]any)["code"] == "ClusterMinNodesExceedCoreQuota"
		},
		"ci-alice":   func(p, in map[string]any) bool { return in["state"] == ciRunning || in["state"] == ciJobRunning },
		"ci-bob-gpu": func(p, in map[string]any) bool { return in["state"] == ciStopped },
		"dsvm": func(p, in map[string]any) bool {
			return p["computeType"] == typeVirtualMachine && p["isAttachedCompute"] == true
		},
		"hdi-spark": func(p, in map[string]any) bool { return p["computeType"] == typeHDInsight },
		"databricks": func(p, in map[string]any) bool {
			return p["computeType"] == typeDatabricks && in["databricksAccessToken"] == nil
		},
		"datalake": func(p, in map[string]any) bool { return p["computeType"] == typeDataLakeAnalytics },
	}
	for name, ok := range want {
		props, inner := computeProps(t, s, name)
		if name != "a100-cluster" && props["provisioningState"] != stateSucceeded {
			t.Errorf("%s: provisioningState %v", name, props["provisioningState"])
		}
		if !ok(props, inner) {
			b, _ := json.Marshal(props)
			t.Errorf("%s is not as the demo needs: %s", name, b)
		}
	}
	empty := startComputeEmulator(t, Options{Seed: "empty"})
	if got := confSend(t, empty, http.MethodGet, empty.world.workspaceID()+"/computes?api-version=2024-04-01", ""); len(got.Body.(map[string]any)["value"].([]any)) != 0 {
		t.Errorf("the empty seed has computes: %s", got.RawBody)
	}
}

// TestStats: the middleware counts requests and bytes per route family, both halves included.
func TestStats(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty"})
	for range 3 {
		confSend(t, s, http.MethodGet, s.world.workspaceID()+"/computes?api-version=2024-04-01", "")
	}
	confSend(t, s, http.MethodGet, s.world.workspaceID()+"/jobs?api-version=2024-04-01", "")
	confSend(t, s, http.MethodGet, s.world.workspaceID()+"?api-version=2024-04-01", "")
	var st map[string]familyStats
	resp, err := s.HTTPClient().Get(s.Info().Endpoint + "/_emulator/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	if c := st[familyComputes]; c.Requests != 3 || c.ResponseBytes == 0 {
		t.Errorf("computes: %+v", c)
	}
	if st[familyJobs].Requests != 1 || st[familyOther].Requests != 1 {
		t.Errorf("stats: %+v", st)
	}
	for path, want := range map[string]string{
		"/blobs/azureml/ExperimentRun/dcid.x/user_logs/std_log.txt":                                               familyLogBlobs,
		"/history/v1.0/subscriptions/s/resourceGroups/r/workspaces/w/runs/x/details":                              familyRunDetails,
		"/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/1": familyComputes,
		"/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/jobs/j":       familyJobs,
		"/discovery": familyOther,
	} {
		if got := routeFamily(path); got != want {
			t.Errorf("routeFamily(%s) = %s, want %s", path, got, want)
		}
	}
}

// TestTemporaryDataDirRemoved: without a data dir, state lives in a temporary directory that
// Close removes; the TLS certificate is written there too.
func TestTemporaryDataDirRemoved(t *testing.T) {
	t.Parallel()
	s, err := Start(context.Background(), Options{Seed: "empty", TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := s.world.dataDir
	if !strings.HasPrefix(s.Info().CAFile, dir) {
		t.Errorf("CA file %s is not under the temporary dir %s", s.Info().CAFile, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, stateFile)); err != nil {
		t.Errorf("no state in the temporary dir: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("temporary dir %s still there after Close: %v", dir, err)
	}
}

func TestSealedSecrets(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty"})
	w := s.world
	sealed := w.seal("p@ss")
	if !strings.HasPrefix(sealed, sealedPrefix) || strings.Contains(sealed, "p@ss") || w.seal(sealed) != sealed || w.seal("") != "" {
		t.Fatalf("seal: %q", sealed)
	}
	if plain, err := w.unseal(sealed); err != nil || plain != "p@ss" {
		t.Errorf("unseal: %q %v", plain, err)
	}
	if _, err := w.unseal(sealed[:len(sealed)-4] + "AAAA"); err == nil || strings.Contains(err.Error(), "p@ss") {
		t.Errorf("a tampered secret opened, or the error shows it: %v", err)
	}
}
