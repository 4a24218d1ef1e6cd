package workspace

import (
	"context"
	"encoding/json"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/internal/leakcheck"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// Fields the live service sends that the v4.0.0 models do not have, so parsing drops them.
// Everything else in every recorded answer must survive parsing.
var (
	// VM sizes: see "Known gaps" in the API notes.
	vmSizeGaps = map[string]bool{".value[].generation": true, ".value[].supportsIB": true}
	// Quotas: live answers say "location" where the model has amlWorkspaceLocation (Quotas
	// copies it across; the re-marshalled model spells it the model's way).
	quotaGaps = map[string]bool{".value[].location": true}
	// Workspaces: properties newer than the 2024-04-01 spec.
	workspaceGaps = withPrefixes([]string{"", ".value[]"},
		".properties.EnableSoftwareBillOfMaterials", ".properties.allowRoleAssignmentOnRG",
		".properties.creationTime", ".properties.networkAcls", ".properties.notebookInfo.isPrivateLinkEnabled",
		".properties.sdkTelemetryAppInsightsKey", ".properties.softDeleteEnabled")
	// Computes: AmlCompute and ComputeInstance properties newer than the spec.
	computeGaps = withPrefixes([]string{"", ".value[]"},
		".properties.properties.enableBatchPrivateLink", ".properties.properties.enableOSPatching",
		".properties.properties.enableSSO", ".properties.properties.releaseQuotaOnStop")
)

func withPrefixes(prefixes []string, paths ...string) map[string]bool {
	out := map[string]bool{}
	for _, p := range prefixes {
		for _, q := range paths {
			out[p+q] = true
		}
	}
	return out
}

// checkParsed fails when a field of the recorded JSON did not survive parsing into the SDK
// model (compared by re-marshalling the model).
func checkParsed(t *testing.T, what string, recorded []byte, parsed any, ignore map[string]bool) {
	t.Helper()
	if lost := missingFields(decodeJSON(t, recorded), remarshal(t, parsed), "", ignore); len(lost) > 0 {
		t.Errorf("%s: fields of the recorded answer lost or changed in parsing: %s", what, strings.Join(uniqueSorted(lost), ", "))
	}
}

func uniqueSorted(in []string) []string {
	sort.Strings(in)
	out := in[:0]
	for i, s := range in {
		if i == 0 || s != in[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// listBody wraps parsed list items as the service's {"value": [...]} page.
func listBody[T any](items []T) map[string]any { return map[string]any{"value": items} }

// TestReplayCoversEveryRecording makes sure no recording is left without a replay test.
func TestReplayCoversEveryRecording(t *testing.T) {
	names, err := filepath.Glob(replayFixtures(t, "azure-recordings", "*.Recording.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no recordings found: %v", err)
	}
	covered := map[string]bool{
		"Get-AzMLServiceQuota.Recording.json":       true,
		"Get-AzMLServiceVMSize.Recording.json":      true,
		"Get-AzMLWorkspace.Recording.json":          true,
		"Get-AzMLWorkspaceCompute.Recording.json":   true,
		"Get-AzMLWorkspaceJob.Recording.json":       true,
		"New-AzMLWorkspaceCompute.Recording.json":   true,
		"Start-AzMLWorkspaceCompute.Recording.json": true,
		"Stop-AzMLWorkspaceCompute.Recording.json":  true,
	}
	for _, n := range names {
		if !covered[filepath.Base(n)] {
			t.Errorf("recording %s has no replay test", filepath.Base(n))
		}
	}
}

func TestReplayQuotas(t *testing.T) {
	c, tr, rec := replayClient(t, "Get-AzMLServiceQuota.Recording.json", "ml-test", "mlworkspace-test2", Options{})
	quotas, err := c.Quotas(context.Background(), "eastus")
	if err != nil {
		t.Fatal(err)
	}
	finishReplay(t, tr)
	checkParsed(t, "quotas", rec.Entries[0].Body, listBody(quotas), quotaGaps)
	if len(quotas) == 0 || quotas[0].Name == nil || *quotas[0].Name.Value != "standardDFamily" || *quotas[0].Limit != 6 {
		t.Errorf("first quota = %+v, want standardDFamily limit 6", quotas[0])
	}
	// The recorded "location" reaches AmlWorkspaceLocation on workspace quotas only.
	for _, q := range quotas {
		perWorkspace := strings.Contains(*q.ID, "/workspaces/")
		if got := q.AmlWorkspaceLocation; perWorkspace != (got != nil) || (got != nil && *got != "eastus") {
			t.Errorf("quota %s: AmlWorkspaceLocation %v", *q.ID, got)
		}
	}
	if rl := c.RateLimits(); rl.Reads != 249 || rl.Writes != -1 || rl.Deletes != -1 {
		t.Errorf("RateLimits = %+v, want reads 249 and the others unknown", rl)
	}
}

func TestReplayVMSizes(t *testing.T) {
	c, tr, rec := replayClient(t, "Get-AzMLServiceVMSize.Recording.json", "ml-test", "mlworkspace-test2", Options{})
	sizes, err := c.VMSizes(context.Background(), "eastus")
	if err != nil {
		t.Fatal(err)
	}
	finishReplay(t, tr)
	checkParsed(t, "vm sizes", rec.Entries[0].Body, listBody(sizes), vmSizeGaps)
	first := sizes[0]
	if *first.Name != "Standard_A1_v2" || *first.Family != "standardAv2Family" || *first.VCPUs != 1 || *first.Gpus != 0 {
		t.Errorf("first size = %s %s %d vCPU %d GPU", *first.Name, *first.Family, *first.VCPUs, *first.Gpus)
	}
}

func TestReplayWorkspaces(t *testing.T) {
	c, tr, rec := replayClient(t, "Get-AzMLWorkspace.Recording.json", "ml-psh-test", "mlworkspace-test1", Options{})
	ctx := context.Background()
	all, err := c.ListWorkspaces(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := c.Workspace(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inGroup, err := c.ListWorkspaces(ctx, "ml-psh-test")
	if err != nil {
		t.Fatal(err)
	}
	finishReplay(t, tr)
	checkParsed(t, "workspaces of the subscription", rec.Entries[0].Body, listBody(all), workspaceGaps)
	checkParsed(t, "workspace", rec.Entries[1].Body, ws, workspaceGaps)
	checkParsed(t, "workspaces of the group", rec.Entries[2].Body, listBody(inGroup), workspaceGaps)
	if *ws.Name != "mlworkspace-test1" || *ws.Location == "" || ws.Properties.DiscoveryURL == nil {
		t.Errorf("workspace = %s in %q, discoveryUrl %v", *ws.Name, *ws.Location, ws.Properties.DiscoveryURL)
	}
	if len(all) < len(inGroup) || len(inGroup) == 0 {
		t.Errorf("%d workspaces in the subscription, %d in the group", len(all), len(inGroup))
	}
}

func TestReplayComputes(t *testing.T) {
	c, tr, rec := replayClient(t, "Get-AzMLWorkspaceCompute.Recording.json", "ml-test", "mlworkspace-test2", Options{})
	ctx := context.Background()
	list, err := c.ListComputes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	one, err := c.GetCompute(ctx, "jiajicompute1")
	if err != nil {
		t.Fatal(err)
	}
	finishReplay(t, tr)
	checkParsed(t, "compute list", rec.Entries[0].Body, listBody(list), computeGaps)
	checkParsed(t, "compute", rec.Entries[1].Body, one, computeGaps)
	inst, ok := one.Properties.(*armmachinelearning.ComputeInstance)
	if !ok {
		t.Fatalf("jiajicompute1 parsed as %T, want *ComputeInstance", one.Properties)
	}
	if inst.Properties == nil || inst.Properties.State == nil || inst.Properties.VMSize == nil {
		t.Errorf("instance state/vmSize missing: %+v", inst.Properties)
	}
	if rl := c.RateLimits(); rl.Reads != 11999 {
		t.Errorf("RateLimits.Reads = %d, want the latest value 11999", rl.Reads)
	}
}

func TestReplayJobs(t *testing.T) {
	c, tr, rec := replayClient(t, "Get-AzMLWorkspaceJob.Recording.json", "ml-psh-test", "mlworkspace-test1", Options{})
	ctx := context.Background()
	jobs, err := c.ListJobs(ctx, JobFilter{})
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.GetJob(ctx, "commandjob01")
	if err != nil {
		t.Fatal(err)
	}
	finishReplay(t, tr)
	checkParsed(t, "job list", rec.Entries[0].Body, listBody(jobs), nil)
	checkParsed(t, "job", rec.Entries[1].Body, job, nil)
	cmd, ok := job.Properties.(*armmachinelearning.CommandJob)
	if !ok {
		t.Fatalf("commandjob01 parsed as %T, want *CommandJob", job.Properties)
	}
	if *cmd.Status != armmachinelearning.JobStatusCompleted || !strings.HasSuffix(*cmd.ComputeID, "/computes/commandjobcompute") {
		t.Errorf("job status %s on %s", *cmd.Status, *cmd.ComputeID)
	}
}

// opEvents collects operation events until every id in want has a terminal phase.
func opEvents(t *testing.T, ch <-chan OperationEvent, ops ...*Operation) map[string][]OperationPhase {
	t.Helper()
	got := map[string][]OperationPhase{}
	done := map[string]bool{}
	timeout := time.After(30 * time.Second)
	for len(done) < len(ops) {
		select {
		case ev := <-ch:
			got[ev.ID] = append(got[ev.ID], ev.Phase)
			if ev.Phase == OperationSucceeded || ev.Phase == OperationFailed {
				done[ev.ID] = true
			}
		case <-timeout:
			t.Fatalf("operation events so far: %v", got)
		}
	}
	// Started and InProgress coalesce per operation, so a reader may see only the newest of
	// them; the order must still hold and the result must arrive.
	for _, op := range ops {
		phases := got[op.ID]
		if len(phases) < 2 || phases[len(phases)-1] != OperationSucceeded || !sort.SliceIsSorted(phases, func(i, j int) bool { return phases[i] < phases[j] }) {
			t.Errorf("%s %s: phases %v, want Started or InProgress, then Succeeded", op.Verb, op.Target, phases)
		}
	}
	return got
}

func TestReplayCreateUpdateDeleteCompute(t *testing.T) {
	c, tr, rec := replayClient(t, "New-AzMLWorkspaceCompute.Recording.json", "ml-test", "mlworkspace-test2", Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := bus.Subscribe[OperationEvent](ctx, c.Bus())

	var spec armmachinelearning.ComputeResource
	if err := json.Unmarshal(rec.Entries[0].RequestBody, &spec); err != nil {
		t.Fatal(err)
	}
	create, err := c.CreateCompute(ctx, "aml03", spec)
	if err != nil {
		t.Fatal(err)
	}
	if create.Verb != "create" || create.Target != "aml03" {
		t.Errorf("operation %s %s", create.Verb, create.Target)
	}
	if err := create.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	checkParsed(t, "created compute", rec.Entries[2].Body, create.Compute(), computeGaps)

	// The recorded PATCH answers 202 + Azure-AsyncOperation, which v4.0.0's BeginUpdate rejects.
	var params armmachinelearning.ClusterUpdateParameters
	if err := json.Unmarshal(rec.Entries[3].RequestBody, &params); err != nil {
		t.Fatal(err)
	}
	update, err := c.UpdateCompute(ctx, "aml03", params)
	if err != nil {
		t.Fatalf("PATCH answered 202: %v", err)
	}
	if err := update.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	checkParsed(t, "updated compute", rec.Entries[5].Body, update.Compute(), computeGaps)
	if got := update.Compute().Properties.(*armmachinelearning.AmlCompute).Properties.ScaleSettings; *got.MaxNodeCount != 8 {
		t.Errorf("max nodes after update = %d", *got.MaxNodeCount)
	}

	del, err := c.DeleteCompute(ctx, "aml03", armmachinelearning.UnderlyingResourceActionDelete)
	if err != nil {
		t.Fatal(err)
	}
	if err := del.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	finishReplay(t, tr)

	// What was sent is what PowerShell sent: same PUT and PATCH bodies.
	sent := tr.Received()
	for _, i := range []int{0, 3} {
		if lost := missingFields(decodeJSON(t, rec.Entries[i].RequestBody), decodeJSON(t, sent[i].Body), "", nil); len(lost) > 0 {
			t.Errorf("%s body differs from the recording at %v", sent[i].Method, lost)
		}
	}
	if sent[3].Method != "PATCH" || sent[4].URL.Path != tr.Rewrite(rec.Entries[4].URL).Path {
		t.Errorf("request 4 %s, request 5 %s: want the PATCH then its Azure-AsyncOperation status", sent[3].Method, sent[4].URL.Path)
	}
	opEvents(t, events, create, update, del)
	if rl := c.RateLimits(); rl.Writes != 199 || rl.Deletes != 199 || rl.Reads != 249 {
		t.Errorf("RateLimits = %+v, want reads 249, writes 199, deletes 199", rl)
	}
}

func TestReplayStopThenStartInstance(t *testing.T) {
	c, tr, _ := replayClient(t, "Start-AzMLWorkspaceCompute.Recording.json", "ml-test", "mlworkspace-test2", Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := bus.Subscribe[OperationEvent](ctx, c.Bus())
	stop, start := stopThenStart(ctx, t, c)
	finishReplay(t, tr)
	opEvents(t, events, stop, start)
}

// stopThenStart stops and then starts the recorded instance, waiting for each operation.
func stopThenStart(ctx context.Context, t *testing.T, c *Client) (stop, start *Operation) {
	t.Helper()
	stop, err := c.StopCompute(ctx, "jiajicompute1")
	if err != nil {
		t.Fatal(err)
	}
	if err := stop.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if start, err = c.StartCompute(ctx, "jiajicompute1"); err != nil {
		t.Fatal(err)
	}
	if err := start.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	return stop, start
}

func TestReplayStopInstance(t *testing.T) {
	c, tr, _ := replayClient(t, "Stop-AzMLWorkspaceCompute.Recording.json", "ml-test", "mlworkspace-test2", Options{})
	ctx := context.Background()
	stop, err := c.StopCompute(ctx, "jiajicompute1")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-stop.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("stop never finished")
	}
	if err := stop.Err(); err != nil {
		t.Fatal(err)
	}
	finishReplay(t, tr)
	if stop.Compute() != nil {
		t.Error("a stop has no compute result")
	}
}

// TestReplayTransportRefusesUnrecordedRequests checks the transport itself: a request the
// recording does not have fails, without retries.
func TestReplayTransportRefusesUnrecordedRequests(t *testing.T) {
	c, tr, _ := replayClient(t, "Get-AzMLWorkspaceCompute.Recording.json", "ml-test", "mlworkspace-test2", Options{})
	if _, err := c.GetCompute(context.Background(), "not-recorded"); err == nil {
		t.Fatal("a request the recording does not have succeeded")
	}
	if tr.Err() == nil || len(tr.Received()) != 1 {
		t.Errorf("transport error %v after %d requests, want one refused request", tr.Err(), len(tr.Received()))
	}
}

// TestNoGoroutineOutlivesClose runs operations to completion and one that never ends, then
// checks Close leaves nothing running.
func TestNoGoroutineOutlivesClose(t *testing.T) {
	before := runtime.NumGoroutine()
	c, tr, _ := replayClient(t, "Start-AzMLWorkspaceCompute.Recording.json", "ml-test", "mlworkspace-test2", Options{})
	ctx, cancel := context.WithCancel(context.Background())
	events := bus.Subscribe[OperationEvent](ctx, c.Bus())
	stopThenStart(ctx, t, c)
	finishReplay(t, tr)
	cancel()
	for range events {
	}
	c.Close()
	leakcheck.Settled(t, before, 10*time.Second)
}
