package workspace_test

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/emulator"
	"github.com/amlconsole/amlconsole/workspace"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// Integration tests: amlconsole's real workspace client (workspace.New, the --auth none
// credential, the generated armmachinelearning v4.0.0 clients and the client's own PATCH, run
// history and log requests) against the real emulator over loopback HTTP and HTTPS. They prove
// the two agree on the wire. Where they disagree with each other or with Azure, a test fails
// with a message that says what Azure does and what we do.

// TestIntegrationWorkspace reads the workspace and lists workspaces by resource group and by
// subscription.
func TestIntegrationWorkspace(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client

	ws, err := c.Workspace(ctx)
	if err != nil {
		t.Fatalf("Workspace: %v", err)
	}
	if got := deref(ws.Location); got != env.info.Location || got != "eastus" {
		t.Errorf("workspace location %q, want %q (Info) = eastus", got, env.info.Location)
	}
	if got := deref(ws.Name); got != env.info.Workspace {
		t.Errorf("workspace name %q, want %q", got, env.info.Workspace)
	}
	if got, want := deref(ws.ID), c.Config().WorkspaceID(); !strings.EqualFold(got, want) {
		t.Errorf("workspace id %q, want %q", got, want)
	}
	if ws.Properties == nil || ws.Properties.DiscoveryURL == nil {
		t.Fatal("workspace has no properties.discoveryUrl")
	}
	disc, err := url.Parse(*ws.Properties.DiscoveryURL)
	if err != nil {
		t.Fatalf("discoveryUrl %q: %v", *ws.Properties.DiscoveryURL, err)
	}
	if base := disc.Scheme + "://" + disc.Host; base != env.info.Endpoint {
		t.Errorf("discoveryUrl %q points at %s, want the emulator's own endpoint %s", *ws.Properties.DiscoveryURL, base, env.info.Endpoint)
	}

	for _, rg := range []string{env.info.ResourceGroup, ""} {
		list, err := c.ListWorkspaces(ctx, rg)
		if err != nil {
			t.Fatalf("ListWorkspaces(%q): %v", rg, err)
		}
		var names []string
		for _, w := range list {
			names = append(names, deref(w.Name))
		}
		if !slices.Equal(names, []string{env.info.Workspace}) {
			t.Errorf("ListWorkspaces(%q) = %v, want [%s]", rg, names, env.info.Workspace)
		}
		if len(list) == 1 && deref(list[0].Location) != env.info.Location {
			t.Errorf("ListWorkspaces(%q): location %q, want %q", rg, deref(list[0].Location), env.info.Location)
		}
	}
	// Another resource group holds no workspace: ARM answers an empty list, or 404
	// ResourceGroupNotFound when the group does not exist.
	other, err := c.ListWorkspaces(ctx, "some-other-rg")
	switch {
	case err == nil && len(other) != 0:
		t.Errorf("ListWorkspaces of another resource group = %d workspaces, want none", len(other))
	case err != nil:
		if e := serviceError(t, "ListWorkspaces of a missing resource group", err, 404, "ResourceGroupNotFound"); e != nil && !strings.Contains(e.Message, "some-other-rg") {
			t.Errorf("the missing resource group's message %q does not name it", e.Message)
		}
	}
}

// TestIntegrationDemoComputes lists the demo seed's computes and checks their Summaries.
func TestIntegrationDemoComputes(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "demo", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client

	list, err := c.ListComputes(ctx)
	if err != nil {
		t.Fatalf("ListComputes: %v", err)
	}
	got := summaries(list)
	want := []string{"a100-cluster", "ci-alice", "ci-bob-gpu", "cpu-cluster", "databricks", "datalake", "dsvm", "gpu-cluster", "hdi-spark"}
	if names := sortedNames(got); !slices.Equal(names, want) {
		t.Fatalf("demo computes %v, want %v", names, want)
	}
	kinds := map[string]compute.Kind{
		"a100-cluster": compute.KindCluster, "cpu-cluster": compute.KindCluster, "gpu-cluster": compute.KindCluster,
		"ci-alice": compute.KindInstance, "ci-bob-gpu": compute.KindInstance, "dsvm": compute.KindVM,
		"hdi-spark": compute.KindHDInsight, "databricks": compute.KindDatabricks, "datalake": compute.KindDataLake,
	}
	for name, kind := range kinds {
		s := got[name]
		if s.Kind != kind {
			t.Errorf("%s: kind %s, want %s", name, s.Kind, kind)
		}
		if s.Attached != (kind != compute.KindCluster && kind != compute.KindInstance) {
			t.Errorf("%s: attached = %v", name, s.Attached)
		}
		if s.Location != "eastus" {
			t.Errorf("%s: location %q, want eastus", name, s.Location)
		}
		if s.CreatedOn.IsZero() || s.CreatedOn.After(time.Now()) {
			t.Errorf("%s: created on %v, want a time in the past", name, s.CreatedOn)
		}
	}

	cpu := got["cpu-cluster"]
	if cpu.ProvisioningState != "Succeeded" || !strings.EqualFold(cpu.VMSize, "Standard_DS3_v2") || cpu.Priority != "Dedicated" {
		t.Errorf("cpu-cluster: %s %s %s, want Succeeded Standard_DS3_v2 Dedicated", cpu.ProvisioningState, cpu.VMSize, cpu.Priority)
	}
	if !cpu.Nodes.ScaleKnown || cpu.Nodes.Min != 0 || cpu.Nodes.Max != 4 {
		t.Errorf("cpu-cluster nodes %+v, want scale 0–4", cpu.Nodes)
	}
	if cpu.State != "Steady" && cpu.State != "Resizing" {
		t.Errorf("cpu-cluster state %q, want its allocation state Steady or Resizing", cpu.State)
	}
	gpu := got["gpu-cluster"]
	if gpu.Priority != "LowPriority" || gpu.Identity != "SystemAssigned" || !strings.EqualFold(gpu.VMSize, "Standard_NC6s_v3") {
		t.Errorf("gpu-cluster: priority %q identity %q size %q, want LowPriority SystemAssigned Standard_NC6s_v3", gpu.Priority, gpu.Identity, gpu.VMSize)
	}
	a100 := got["a100-cluster"]
	if a100.ProvisioningState != "Failed" || a100.Health != compute.HealthFailed || a100.ErrorCount == 0 ||
		!strings.Contains(a100.FirstError, "ClusterMinNodesExceedCoreQuota") {
		t.Errorf("a100-cluster: %s health %v, %d errors, first %q; want Failed on quota with ClusterMinNodesExceedCoreQuota",
			a100.ProvisioningState, a100.Health, a100.ErrorCount, a100.FirstError)
	}
	// The demo runs a job on ci-alice: Running, or JobRunning while the job holds it.
	alice := got["ci-alice"]
	if (alice.State != "Running" && alice.State != "JobRunning") || alice.Health != compute.HealthOK {
		t.Errorf("ci-alice: state %q health %v, want Running or JobRunning, health ok", alice.State, alice.Health)
	}
	bob := got["ci-bob-gpu"]
	if bob.State != "Stopped" || bob.Health != compute.HealthStopped {
		t.Errorf("ci-bob-gpu: state %q health %v, want Stopped, health stopped", bob.State, bob.Health)
	}
	for _, name := range []string{"dsvm", "hdi-spark", "databricks", "datalake"} {
		if s := got[name]; s.ProvisioningState != "Succeeded" || s.Health != compute.HealthOK {
			t.Errorf("%s: %s health %v, want Succeeded OK", name, s.ProvisioningState, s.Health)
		}
	}

	// A GET answers the same compute as the list.
	one, err := c.GetCompute(ctx, "cpu-cluster")
	if err != nil {
		t.Fatalf("GetCompute: %v", err)
	}
	if s := compute.Summarize(one); s.Name != "cpu-cluster" || s.Nodes.Max != 4 || !strings.EqualFold(s.VMSize, cpu.VMSize) {
		t.Errorf("GET cpu-cluster summary %+v differs from the list's %+v", s, cpu)
	}
	if _, err := c.GetCompute(ctx, "no-such-compute"); !workspace.IsNotFound(err) {
		t.Errorf("GetCompute of a missing compute: %v, want a 404 *workspace.Error", err)
	} else {
		serviceError(t, "GET missing compute", err, 404, "ResourceNotFound")
	}
}

// TestIntegrationComputePaging creates more computes than one list page holds and checks that
// the client follows nextLink and sees every compute exactly once.
func TestIntegrationComputePaging(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client

	const n = 57 // the emulator's page holds 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := "page-" + string(rune('a'+i/26)) + string(rune('a'+i%26)) + "x"
			spec := clusterSpec(name, 0, 1)
			op, err := c.CreateCompute(ctx, name, spec.ToARM())
			if err == nil {
				err = op.Wait(ctx)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("creating the paging computes: %v", err)
	}

	before := emulatorStats(t, env.srv)["computes"].Requests
	list, err := c.ListComputes(ctx)
	if err != nil {
		t.Fatalf("ListComputes: %v", err)
	}
	pages := emulatorStats(t, env.srv)["computes"].Requests - before
	if pages < 2 {
		t.Errorf("listing %d computes took %d request(s), want at least 2 (one per page, following nextLink)", n, pages)
	}
	seen := map[string]int{}
	for _, r := range list {
		seen[deref(r.Name)]++
		if st := provisioningState(r); st != "Succeeded" {
			t.Errorf("%s: provisioning state %q after its create succeeded", deref(r.Name), st)
		}
	}
	if len(list) != n || len(seen) != n {
		t.Errorf("ListComputes returned %d computes (%d distinct), want %d", len(list), len(seen), n)
	}
	for name, k := range seen {
		if k != 1 {
			t.Errorf("%s listed %d times", name, k)
		}
	}
}

// TestIntegrationCreateCluster creates a cluster and follows its operation on the bus.
func TestIntegrationCreateCluster(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client
	rec := recordOperations(t, c.Bus())

	spec := clusterSpec("it-cluster", 0, 3)
	op := createCluster(ctx, t, c, spec)
	if op.Verb != "create" || op.Target != "it-cluster" {
		t.Errorf("operation %s %s, want create it-cluster", op.Verb, op.Target)
	}
	checkPhases(t, op, rec.waitFinal(t, op), workspace.OperationSucceeded)
	if op.Compute() == nil {
		t.Error("a succeeded create returns no compute (Operation.Compute is nil)")
	} else if st := provisioningState(op.Compute()); st != "Succeeded" {
		t.Errorf("the create's final compute is %q, want Succeeded", st)
	}

	got, err := c.GetCompute(ctx, "it-cluster")
	if err != nil {
		t.Fatalf("GetCompute: %v", err)
	}
	s := compute.Summarize(got)
	if s.ProvisioningState != "Succeeded" || s.Kind != compute.KindCluster || !strings.EqualFold(s.VMSize, "Standard_DS3_v2") ||
		s.Priority != "Dedicated" || s.Nodes.Min != 0 || s.Nodes.Max != 3 {
		t.Errorf("created cluster summary %+v, want Succeeded Cluster Standard_DS3_v2 Dedicated 0–3", s)
	}
	p := amlOf(t, got)
	if idle := deref(p.ScaleSettings.NodeIdleTimeBeforeScaleDown); idle != "PT2M" && idle != "PT120S" {
		t.Errorf("idle time before scale down %q, want PT2M", idle)
	}
	if d := got.Properties.GetCompute().Description; deref(d) != "integration test cluster" {
		t.Errorf("description %q not kept", deref(d))
	}
	if deref(got.Tags["suite"]) != "integration" {
		t.Errorf("tags %v, want suite=integration", got.Tags)
	}

	// A cluster's admin password goes in with the PUT and never comes back from a GET or list.
	const password = "Cluster-Adm1n-Pw!"
	ssh := clusterSpec("ssh-cluster", 0, 1)
	ssh.AdminUserName, ssh.AdminPassword = "clusteradmin", password
	createCluster(ctx, t, c, ssh)
	got, err = c.GetCompute(ctx, "ssh-cluster")
	if err != nil {
		t.Fatal(err)
	}
	creds := amlOf(t, got).UserAccountCredentials
	if creds == nil || deref(creds.AdminUserName) != "clusteradmin" {
		t.Errorf("ssh-cluster's user account %+v, want the admin user name", creds)
	} else if deref(creds.AdminUserPassword) != "" {
		t.Error("GET of a cluster returns its admin password; Azure never returns it")
	}
	list, err := c.ListComputes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list {
		if a, ok := r.Properties.(*armmachinelearning.AmlCompute); ok && a.Properties != nil && a.Properties.UserAccountCredentials != nil &&
			deref(a.Properties.UserAccountCredentials.AdminUserPassword) != "" {
			t.Errorf("the compute list returns %s's admin password", deref(r.Name))
		}
	}
}

// TestIntegrationCreateInstance creates a compute instance and follows its operation.
func TestIntegrationCreateInstance(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client
	rec := recordOperations(t, c.Bus())

	spec := compute.InstanceSpec{Name: "it-instance", VMSize: "Standard_DS3_v2", ApplicationSharingPolicy: "Personal"}
	if errs := spec.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	op, err := c.CreateCompute(ctx, spec.Name, spec.ToARM())
	waitOp(ctx, t, op, err)
	checkPhases(t, op, rec.waitFinal(t, op), workspace.OperationSucceeded)

	got, err := c.GetCompute(ctx, spec.Name)
	if err != nil {
		t.Fatal(err)
	}
	if st, ist := provisioningState(got), instanceState(t, got); st != "Succeeded" || ist != "Running" {
		t.Errorf("instance after create: provisioning %q state %q, want Succeeded Running", st, ist)
	}
	if s := compute.Summarize(got); s.Kind != compute.KindInstance || s.Health != compute.HealthOK {
		t.Errorf("instance summary %+v, want an Instance in good health", s)
	}
}

// TestIntegrationCreateValidation checks that the service's validation failures reach the
// caller as *workspace.Error with the service's code, target and message, and that a quota
// failure ends the operation Failed with the provisioning error.
func TestIntegrationCreateValidation(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client
	rec := recordOperations(t, c.Bus())

	cases := []struct {
		name, target, inMessage string
		spec                    compute.ClusterSpec
	}{
		{"trailing digits", "computeName", "cpu-cluster-1", clusterSpec("cpu-cluster-1", 0, 2)},
		{"too short", "computeName", "ab", clusterSpec("ab", 0, 2)},
		{"min above max", "properties.properties.scaleSettings.minNodeCount", "maxNodeCount", clusterSpec("min-above-max", 3, 1)},
		{"unknown size", "properties.properties.vmSize", "Standard_Bogus_v9", func() compute.ClusterSpec {
			s := clusterSpec("bogus-size", 0, 2)
			s.VMSize = "Standard_Bogus_v9"
			return s
		}()},
	}
	for _, tc := range cases {
		op, err := c.CreateCompute(ctx, tc.spec.Name, tc.spec.ToARM())
		if op != nil {
			t.Errorf("%s: an operation %s was returned for a refused request", tc.name, op.ID)
		}
		e := serviceError(t, tc.name, err, 400, "BadArgument")
		if e == nil {
			continue
		}
		if e.Target != tc.target {
			t.Errorf("%s: target %q, want %q", tc.name, e.Target, tc.target)
		}
		if !strings.Contains(e.Message, tc.inMessage) {
			t.Errorf("%s: message %q does not mention %q", tc.name, e.Message, tc.inMessage)
		}
		if _, err := c.GetCompute(ctx, tc.spec.Name); !workspace.IsNotFound(err) {
			t.Errorf("%s: the refused compute exists afterwards (%v)", tc.name, err)
		}
	}

	// Quota: the A100 family has no dedicated quota, so one minimum node cannot fit. The PUT
	// is accepted and provisioning fails, as Azure reports it.
	quota := clusterSpec("a100-quota", 1, 2)
	quota.VMSize = "Standard_NC24ads_A100_v4"
	op, err := c.CreateCompute(ctx, quota.Name, quota.ToARM())
	if err != nil {
		t.Fatalf("the quota-failing create was refused at once (%v); Azure accepts it and fails provisioning", err)
	}
	werr := op.Wait(ctx)
	e := serviceError(t, "quota failure", werr, 200, "ClusterMinNodesExceedCoreQuota")
	if e != nil && !strings.Contains(e.Message, "Standard_NC24ads_A100_v4") {
		t.Errorf("quota failure message %q does not name the VM size", e.Message)
	}
	evs := rec.waitFinal(t, op)
	checkPhases(t, op, evs, workspace.OperationFailed)
	if last := evs[len(evs)-1]; last.Err != nil && werr != nil && last.Err.Error() != werr.Error() {
		t.Errorf("the Failed event carries %q, Wait returned %q: both must be the service's error", last.Err, werr)
	}
	got, err := c.GetCompute(ctx, quota.Name)
	if err != nil {
		t.Fatal(err)
	}
	base := got.Properties.GetCompute()
	if provisioningState(got) != "Failed" || len(base.ProvisioningErrors) == 0 ||
		base.ProvisioningErrors[0].Error == nil || deref(base.ProvisioningErrors[0].Error.Code) != "ClusterMinNodesExceedCoreQuota" {
		t.Errorf("the quota-failed cluster: state %q, provisioningErrors %d, want Failed with ClusterMinNodesExceedCoreQuota",
			provisioningState(got), len(base.ProvisioningErrors))
	}
	if s := compute.Summarize(got); s.Health != compute.HealthFailed || !strings.Contains(s.FirstError, "ClusterMinNodesExceedCoreQuota") {
		t.Errorf("quota-failed summary health %v first error %q", s.Health, s.FirstError)
	}
}

// TestIntegrationARMHeaders pins what Azure sends with every ARM answer: a request id
// (x-ms-request-id, x-ms-correlation-request-id) that the client carries into *workspace.Error
// for support cases, and the remaining read budget the header shows.
func TestIntegrationARMHeaders(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client

	_, err := c.GetCompute(ctx, "missing-one")
	if e := serviceError(t, "GET missing compute", err, 404, "ResourceNotFound"); e != nil && (e.RequestID == "" || e.CorrelationID == "") {
		t.Errorf("error answer without request ids (request %q, correlation %q): Azure sends x-ms-request-id and "+
			"x-ms-correlation-request-id on every ARM answer (see the recordings); the emulator sends neither", e.RequestID, e.CorrelationID)
	}
	if _, err := c.ListComputes(ctx); err != nil {
		t.Fatal(err)
	}
	if rl := c.RateLimits(); rl.Reads < 0 || rl.At.IsZero() {
		t.Errorf("RateLimits().Reads = %d after a list: Azure answers every read with x-ms-ratelimit-remaining-subscription-reads "+
			"(the recordings carry it), the emulator sends none, so the console's read budget never shows", rl.Reads)
	}
	op := createCluster(ctx, t, c, clusterSpec("budget", 0, 1))
	if rl := c.RateLimits(); rl.Writes < 0 {
		t.Errorf("RateLimits().Writes = %d after %s %s: Azure answers writes with x-ms-ratelimit-remaining-subscription-writes", rl.Writes, op.Verb, op.Target)
	}
	del, err := c.DeleteCompute(ctx, "budget", armmachinelearning.UnderlyingResourceActionDelete)
	waitOp(ctx, t, del, err)
	if rl := c.RateLimits(); rl.Deletes < 0 {
		t.Errorf("RateLimits().Deletes = %d after a delete: Azure answers deletes with x-ms-ratelimit-remaining-subscription-deletes", rl.Deletes)
	}
}

// TestIntegrationRefusedChanges checks requests the service refuses for the compute's type:
// each comes back as the service's *workspace.Error and changes nothing.
func TestIntegrationRefusedChanges(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "demo", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client

	_, err := c.UpdateCompute(ctx, "ci-alice", compute.ScaleSpec{MinNodes: 0, MaxNodes: 2}.ToARM())
	serviceError(t, "scale settings on an instance", err, 400, "BadArgument")
	_, err = c.UpdateCompute(ctx, "a100-cluster", compute.ScaleSpec{MinNodes: 0, MaxNodes: 2}.ToARM())
	serviceError(t, "update of a cluster that failed to provision", err, 409, "Conflict")
	_, err = c.ListNodes(ctx, "ci-alice")
	serviceError(t, "listNodes of an instance", err, 400, "BadArgument")
	_, err = c.StopCompute(ctx, "dsvm")
	serviceError(t, "stop an attached VM", err, 400, "BadArgument")
	_, err = c.DeleteCompute(ctx, "cpu-cluster", armmachinelearning.UnderlyingResourceActionDetach)
	serviceError(t, "detach a cluster", err, 400, "BadArgument")
	_, err = c.ListKeys(ctx, "datalake")
	serviceError(t, "listKeys of Data Lake Analytics", err, 400, "BadArgument")

	// A PUT of another compute type under an existing name is refused.
	_, err = c.CreateCompute(ctx, "cpu-cluster", compute.InstanceSpec{Name: "cpu-cluster", VMSize: "Standard_DS3_v2"}.ToARM())
	var e *workspace.Error
	if !errors.As(err, &e) || (e.StatusCode != 400 && e.StatusCode != 409) {
		t.Errorf("creating an instance named like an existing cluster: %v, want the service's 400 or 409", err)
	}
	got, err := c.GetCompute(ctx, "cpu-cluster")
	if err != nil {
		t.Fatal(err)
	}
	if s := compute.Summarize(got); s.Kind != compute.KindCluster || s.Nodes.Max != 4 {
		t.Errorf("cpu-cluster after the refused requests: %+v", s)
	}

	keys, err := c.ListKeys(ctx, "databricks")
	if err != nil {
		t.Fatalf("ListKeys databricks: %v", err)
	}
	if db, ok := keys.(*armmachinelearning.DatabricksComputeSecrets); !ok || !strings.HasPrefix(deref(db.DatabricksAccessToken), "dapi") {
		t.Errorf("ListKeys databricks answered %T, want DatabricksComputeSecrets with the dapi… token", keys)
	}
	if r, err := c.GetCompute(ctx, "databricks"); err == nil {
		if db, ok := r.Properties.(*armmachinelearning.Databricks); ok && db.Properties != nil && deref(db.Properties.DatabricksAccessToken) != "" {
			t.Error("GET of the Databricks compute returns its access token; Azure returns it only through listKeys")
		}
	}
}

// TestIntegrationUpdateCompute changes a cluster's scale settings with the PATCH the client
// sends itself (v4.0.0's BeginUpdate rejects the service's 202).
func TestIntegrationUpdateCompute(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client
	rec := recordOperations(t, c.Bus())
	createCluster(ctx, t, c, clusterSpec("resize-me", 0, 2))

	scale := compute.ScaleSpec{MinNodes: 0, MaxNodes: 6, IdleTimeBeforeScaleDown: 10 * time.Minute}
	op, err := c.UpdateCompute(ctx, "resize-me", scale.ToARM())
	waitOp(ctx, t, op, err)
	if op.Verb != "update" {
		t.Errorf("update operation verb %q", op.Verb)
	}
	checkPhases(t, op, rec.waitFinal(t, op), workspace.OperationSucceeded)
	if op.Compute() == nil {
		t.Error("a succeeded update returns no compute")
	} else if m := deref(amlOf(t, op.Compute()).ScaleSettings.MaxNodeCount); m != 6 {
		t.Errorf("the update's final compute has max %d, want 6", m)
	}

	got, err := c.GetCompute(ctx, "resize-me")
	if err != nil {
		t.Fatal(err)
	}
	ss := amlOf(t, got).ScaleSettings
	if deref(ss.MinNodeCount) != 0 || deref(ss.MaxNodeCount) != 6 || deref(ss.NodeIdleTimeBeforeScaleDown) != "PT10M" {
		t.Errorf("scale settings after the update: min %d max %d idle %q, want 0 6 PT10M",
			deref(ss.MinNodeCount), deref(ss.MaxNodeCount), deref(ss.NodeIdleTimeBeforeScaleDown))
	}
	if st := provisioningState(got); st != "Succeeded" {
		t.Errorf("provisioning state after the update %q, want Succeeded", st)
	}

	// An invalid update is refused by the service with its own error, and changes nothing.
	_, err = c.UpdateCompute(ctx, "resize-me", compute.ScaleSpec{MinNodes: 5, MaxNodes: 2}.ToARM())
	serviceError(t, "update min above max", err, 400, "BadArgument")
	if got, err := c.GetCompute(ctx, "resize-me"); err == nil && deref(amlOf(t, got).ScaleSettings.MaxNodeCount) != 6 {
		t.Errorf("a refused update changed max nodes to %d", deref(amlOf(t, got).ScaleSettings.MaxNodeCount))
	}

	// Identity goes through the same PATCH.
	op, err = c.UpdateComputeIdentity(ctx, "resize-me", armmachinelearning.ManagedServiceIdentity{Type: to.Ptr(armmachinelearning.ManagedServiceIdentityTypeSystemAssigned)})
	waitOp(ctx, t, op, err)
	got, err = c.GetCompute(ctx, "resize-me")
	if err != nil {
		t.Fatal(err)
	}
	if got.Identity == nil || deref(got.Identity.Type) != armmachinelearning.ManagedServiceIdentityTypeSystemAssigned || deref(got.Identity.PrincipalID) == "" {
		t.Errorf("identity after the update %+v, want SystemAssigned with a principal id", got.Identity)
	}
}

// TestIntegrationInstanceLifecycle stops, starts and restarts a compute instance.
func TestIntegrationInstanceLifecycle(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client
	rec := recordOperations(t, c.Bus())
	spec := compute.InstanceSpec{Name: "ci-alice", VMSize: "Standard_DS3_v2"}
	op, err := c.CreateCompute(ctx, spec.Name, spec.ToARM())
	waitOp(ctx, t, op, err)
	createCluster(ctx, t, c, clusterSpec("cpu-cluster", 0, 1))

	steps := []struct {
		verb  string
		call  func() (*workspace.Operation, error)
		state string
	}{
		{"stop", func() (*workspace.Operation, error) { return c.StopCompute(ctx, "ci-alice") }, "Stopped"},
		{"start", func() (*workspace.Operation, error) { return c.StartCompute(ctx, "ci-alice") }, "Running"},
		{"restart", func() (*workspace.Operation, error) { return c.RestartCompute(ctx, "ci-alice") }, "Running"},
	}
	for _, st := range steps {
		op, err := st.call()
		waitOp(ctx, t, op, err)
		if op.Verb != st.verb || op.Target != "ci-alice" {
			t.Errorf("%s: operation %s %s", st.verb, op.Verb, op.Target)
		}
		checkPhases(t, op, rec.waitFinal(t, op), workspace.OperationSucceeded)
		got, err := c.GetCompute(ctx, "ci-alice")
		if err != nil {
			t.Fatal(err)
		}
		if s := instanceState(t, got); s != st.state {
			t.Errorf("after %s the instance is %q, want %q", st.verb, s, st.state)
		}
		last := instanceOf(t, got).LastOperation
		if last == nil || !strings.EqualFold(string(deref(last.OperationName)), st.verb) || deref(last.OperationStatus) != armmachinelearning.OperationStatusSucceeded {
			t.Errorf("after %s lastOperation is %+v, want %s Succeeded", st.verb, last, st.verb)
		}
	}

	// Start on a cluster is refused by the service.
	_, err = c.StartCompute(ctx, "cpu-cluster")
	if e := serviceError(t, "start a cluster", err, 400, "BadArgument"); e != nil && !strings.Contains(e.Message, "compute instances") {
		t.Errorf("start a cluster: message %q", e.Message)
	}
}

// TestIntegrationDeleteAndDetach deletes a cluster and detaches an attached VM, reading the
// VM's secret through listKeys (and never through GET) before.
func TestIntegrationDeleteAndDetach(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client
	rec := recordOperations(t, c.Bus())

	createCluster(ctx, t, c, clusterSpec("doomed", 0, 1))
	op, err := c.DeleteCompute(ctx, "doomed", armmachinelearning.UnderlyingResourceActionDelete)
	waitOp(ctx, t, op, err)
	if op.Verb != "delete" {
		t.Errorf("delete verb %q", op.Verb)
	}
	checkPhases(t, op, rec.waitFinal(t, op), workspace.OperationSucceeded)
	if _, err := c.GetCompute(ctx, "doomed"); !workspace.IsNotFound(err) {
		t.Errorf("GET after delete: %v, want 404", err)
	}

	const password = "Sup3r-Secret-Attach-Pw"
	vmID := "/subscriptions/" + env.info.Subscription + "/resourceGroups/" + env.info.ResourceGroup + "/providers/Microsoft.Compute/virtualMachines/it-vm"
	attach := compute.AttachSpec{Kind: compute.KindVM, Name: "it-vm", ResourceID: vmID, Address: "10.0.0.4", SSHPort: 22, Username: "azureuser", Password: password}
	if errs := attach.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	op, err = c.CreateCompute(ctx, attach.Name, attach.ToARM())
	waitOp(ctx, t, op, err)
	if op.Verb != "attach" {
		t.Errorf("attach verb %q, want attach", op.Verb)
	}
	checkPhases(t, op, rec.waitFinal(t, op), workspace.OperationSucceeded)

	got, err := c.GetCompute(ctx, "it-vm")
	if err != nil {
		t.Fatal(err)
	}
	if s := compute.Summarize(got); !s.Attached || s.Kind != compute.KindVM || s.ProvisioningState != "Succeeded" {
		t.Errorf("attached VM summary %+v", s)
	}
	if vm, ok := got.Properties.(*armmachinelearning.VirtualMachine); ok && vm.Properties != nil && vm.Properties.AdministratorAccount != nil {
		if deref(vm.Properties.AdministratorAccount.Password) != "" {
			t.Error("GET of an attached VM returns its password; Azure returns secrets only through listKeys")
		}
	}
	list, err := c.ListComputes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list {
		if vm, ok := r.Properties.(*armmachinelearning.VirtualMachine); ok && vm.Properties != nil && vm.Properties.AdministratorAccount != nil &&
			deref(vm.Properties.AdministratorAccount.Password) != "" {
			t.Error("the compute list returns the attached VM's password")
		}
	}
	keys, err := c.ListKeys(ctx, "it-vm")
	if err != nil {
		t.Fatalf("ListKeys: %v", err)
	}
	secrets, ok := keys.(*armmachinelearning.VirtualMachineSecrets)
	if !ok || secrets.AdministratorAccount == nil {
		t.Fatalf("ListKeys answered %T %+v, want VirtualMachineSecrets with the administrator account", keys, keys)
	}
	if deref(secrets.AdministratorAccount.Username) != "azureuser" || deref(secrets.AdministratorAccount.Password) != password {
		t.Errorf("ListKeys: user %q, password matches: %v; want the attached credentials",
			deref(secrets.AdministratorAccount.Username), deref(secrets.AdministratorAccount.Password) == password)
	}

	// An attached compute can only be detached, and detaching removes it from the workspace.
	_, err = c.DeleteCompute(ctx, "it-vm", armmachinelearning.UnderlyingResourceActionDelete)
	serviceError(t, "Delete of an attached compute", err, 400, "BadArgument")
	op, err = c.DeleteCompute(ctx, "it-vm", armmachinelearning.UnderlyingResourceActionDetach)
	waitOp(ctx, t, op, err)
	if op.Verb != "detach" {
		t.Errorf("detach verb %q", op.Verb)
	}
	checkPhases(t, op, rec.waitFinal(t, op), workspace.OperationSucceeded)
	if _, err := c.GetCompute(ctx, "it-vm"); !workspace.IsNotFound(err) {
		t.Errorf("GET after detach: %v, want 404", err)
	}
}

// TestIntegrationLocation reads VM sizes, usages (computed from the clusters that exist) and
// quotas.
func TestIntegrationLocation(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client
	loc := env.info.Location

	sizes, err := c.VMSizes(ctx, loc)
	if err != nil {
		t.Fatalf("VMSizes: %v", err)
	}
	byName := map[string]*armmachinelearning.VirtualMachineSize{}
	gpus := 0
	for _, s := range sizes {
		byName[strings.ToLower(deref(s.Name))] = s
		if deref(s.Gpus) > 0 {
			gpus++
		}
	}
	ds3 := byName["standard_ds3_v2"]
	if ds3 == nil {
		t.Fatalf("VMSizes has no Standard_DS3_v2 among %d sizes", len(sizes))
	}
	if deref(ds3.VCPUs) != 4 || deref(ds3.MemoryGB) != 14 || deref(ds3.Family) == "" || !deref(ds3.LowPriorityCapable) {
		t.Errorf("Standard_DS3_v2: %d vCPUs, %v GB, family %q, low priority %v; want 4, 14, a family, true",
			deref(ds3.VCPUs), deref(ds3.MemoryGB), deref(ds3.Family), deref(ds3.LowPriorityCapable))
	}
	if gpus == 0 {
		t.Error("VMSizes lists no GPU size")
	}

	createCluster(ctx, t, c, clusterSpec("usage-cpu", 1, 2))
	eventually(t, "usage-cpu to hold its minimum node", func() (bool, string) {
		got, err := c.GetCompute(ctx, "usage-cpu")
		if err != nil {
			return false, err.Error()
		}
		n := deref(amlOf(t, got).CurrentNodeCount)
		return n == 1, "currentNodeCount " + strconv.Itoa(int(n))
	})
	usages, err := c.Usages(ctx, loc)
	if err != nil {
		t.Fatalf("Usages: %v", err)
	}
	find := func(value string, idPart string) *armmachinelearning.Usage {
		for _, u := range usages {
			if u.Name != nil && deref(u.Name.Value) == value && strings.Contains(strings.ToLower(deref(u.ID)), strings.ToLower(idPart)) {
				return u
			}
		}
		return nil
	}
	if u := find("Clusters", "/usages"); u == nil || deref(u.CurrentValue) != 1 {
		t.Errorf("the Clusters usage is %+v, want currentValue 1 (one cluster exists)", u)
	}
	if u := find("Total Cluster Dedicated Regional vCPUs", "/usages"); u == nil || deref(u.CurrentValue) != 4 {
		t.Errorf("total dedicated vCPUs usage %+v, want 4 (one DS3_v2 node)", u)
	}
	if u := find("Standard DSv2 Family Cluster Dedicated vCPUs", "/computes/usage-cpu/"); u == nil || deref(u.CurrentValue) != 4 || deref(u.Limit) <= 0 {
		t.Errorf("usage-cpu's DSv2 usage %+v, want currentValue 4 against a positive limit", u)
	}

	quotas, err := c.Quotas(ctx, loc)
	if err != nil {
		t.Fatalf("Quotas: %v", err)
	}
	subLevel, wsLevel := 0, 0
	for _, q := range quotas {
		// Pairs: the subscription's limit (no location) and the workspace's (its region, which
		// the service sends as "location" and the client carries into AmlWorkspaceLocation).
		switch deref(q.Type) {
		case "Microsoft.MachineLearningServices/vmFamily/dedicatedCores/quotas":
			subLevel++
			if q.AmlWorkspaceLocation != nil {
				t.Errorf("subscription quota %s has location %q, want none", deref(q.ID), *q.AmlWorkspaceLocation)
			}
		case "Microsoft.MachineLearningServices/workspaces/dedicatedCores/quotas":
			wsLevel++
			if !strings.Contains(strings.ToLower(deref(q.ID)), "/workspaces/"+env.info.Workspace+"/quotas/") {
				t.Errorf("workspace quota id %s is not under the workspace", deref(q.ID))
			}
			if deref(q.AmlWorkspaceLocation) != loc {
				t.Errorf("workspace quota %s: location %q, want %q", deref(q.ID), deref(q.AmlWorkspaceLocation), loc)
			}
		default:
			t.Errorf("quota %s of unexpected type %q", deref(q.ID), deref(q.Type))
		}
		if q.Limit == nil || deref(q.Limit) < 0 {
			t.Errorf("quota %s without a limit", deref(q.ID))
		}
	}
	if subLevel == 0 || subLevel != wsLevel {
		t.Errorf("quotas: %d subscription-level and %d workspace-level entries, want pairs", subLevel, wsLevel)
	}
}

// TestIntegrationJobs runs a job to completion on a cluster and reads its logs through run
// history, then runs a long one, lists the cluster's nodes under it and cancels it.
func TestIntegrationJobs(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty"}, nil)
	ctx := itContext(t)
	c := env.client
	rec := recordOperations(t, c.Bus())
	createCluster(ctx, t, c, clusterSpec("job-cluster", 0, 2))

	created, err := c.CreateJob(ctx, "it-short", commandJob("job-cluster", "echo epoch 1; sleep 0.2; echo done"))
	if err != nil {
		t.Fatalf("CreateJob: %v", err)
	}
	if st := jobStatus(created); st == "" || st == "Completed" {
		t.Errorf("the job's status on creation %q, want an early status such as NotStarted", st)
	}
	if id := deref(created.Properties.GetJobBaseProperties().ComputeID); !strings.HasSuffix(strings.ToLower(id), "/computes/job-cluster") {
		t.Errorf("created job's computeId %q, want the cluster's ARM id", id)
	}
	order := []string{"NotStarted", "Starting", "Provisioning", "Queued", "Preparing", "Running", "Finalizing", "Completed"}
	var seen []string
	eventually(t, "it-short to complete", func() (bool, string) {
		j, err := c.GetJob(ctx, "it-short")
		if err != nil {
			return false, err.Error()
		}
		st := jobStatus(j)
		if len(seen) == 0 || seen[len(seen)-1] != st {
			seen = append(seen, st)
		}
		return st == "Completed" || st == "Failed" || st == "Canceled", st
	})
	if seen[len(seen)-1] != "Completed" {
		t.Fatalf("it-short ended %v, want Completed", seen)
	}
	for i := 1; i < len(seen); i++ {
		if slices.Index(order, seen[i]) <= slices.Index(order, seen[i-1]) {
			t.Errorf("job statuses went %v: %s after %s goes backwards", seen, seen[i], seen[i-1])
		}
	}

	// A job that has ended cannot be canceled; the service says so and no operation starts.
	if op, err := c.CancelJob(ctx, "it-short"); op != nil || err == nil {
		t.Errorf("cancel of a completed job: operation %v, error %v; want the service's refusal", op, err)
	} else {
		serviceError(t, "cancel of a completed job", err, 400, "UserError")
	}

	// Run history: status, log files, reading from 0 and at the end (416), fresh URLs.
	d1, err := c.RunDetails(ctx, "it-short")
	if err != nil {
		t.Fatalf("RunDetails: %v", err)
	}
	if d1.Status != "Completed" || d1.RunID != "it-short" || d1.StartTime == nil || d1.EndTime == nil {
		t.Errorf("run details: status %q run %q start %v end %v, want Completed it-short with both times", d1.Status, d1.RunID, d1.StartTime, d1.EndTime)
	}
	const logName = "user_logs/std_log.txt"
	u1 := d1.LogFiles[logName]
	if u1 == "" {
		t.Fatalf("run details have no %s among %v", logName, d1.LogFiles)
	}
	data, total, err := c.ReadLog(ctx, u1, 0)
	if err != nil {
		t.Fatalf("ReadLog from 0: %v", err)
	}
	if text := string(data); !strings.Contains(text, "epoch 1\n") || !strings.Contains(text, "done\n") || int64(len(data)) != total {
		t.Errorf("log from 0: %q (%d of %d bytes), want the command's output, whole", text, len(data), total)
	}
	more, again, err := c.ReadLog(ctx, u1, total)
	if err != nil || len(more) != 0 || again != total {
		t.Errorf("ReadLog at the end (%d): %d bytes, total %d, %v; want no data and the same total (storage's 416)", total, len(more), again, err)
	}
	if past, size, err := c.ReadLog(ctx, u1, total+100); err != nil || len(past) != 0 || size != total {
		t.Errorf("ReadLog past the end: %d bytes, total %d, %v; want no data and the real size %d, so a caller sees the log is shorter", len(past), size, err, total)
	}
	if total > 6 {
		tail, again, err := c.ReadLog(ctx, u1, total-5)
		if err != nil || string(tail) != string(data[total-5:]) || again != total {
			t.Errorf("ReadLog of the last 5 bytes: %q total %d %v, want %q", tail, again, err, data[total-5:])
		}
	}
	// Every details call mints another URL for the same log, even within one second.
	d2, err := c.RunDetails(ctx, "it-short")
	if err != nil {
		t.Fatal(err)
	}
	u2 := d2.LogFiles[logName]
	if u2 == "" || u2 == u1 {
		t.Errorf("second run details give log URL %q for %s, want a fresh URL (the first was %q)", u2, logName, u1)
	} else if data2, _, err := c.ReadLog(ctx, u2, 0); err != nil || string(data2) != string(data) {
		t.Errorf("the fresh URL reads %d bytes (%v), want the same log", len(data2), err)
	}
	forged := strings.Replace(u1, "sig=", "sig=AAAA", 1)
	if _, _, err := c.ReadLog(ctx, forged, 0); !errors.Is(err, workspace.ErrLogURLExpired) {
		t.Errorf("ReadLog with a forged signature: %v, want ErrLogURLExpired (storage's 403)", err)
	}
	if err != nil && strings.Contains(err.Error(), "sig=") {
		t.Errorf("the log error quotes the SAS signature: %v", err)
	}

	// A long job holds a node: listNodes shows it running the job; cancel ends it Canceled.
	if _, err := c.CreateJob(ctx, "it-long", commandJob("job-cluster", "echo started; sleep 120")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "it-long to run", func() (bool, string) {
		j, err := c.GetJob(ctx, "it-long")
		if err != nil {
			return false, err.Error()
		}
		return jobStatus(j) == "Running", jobStatus(j)
	})
	nodes, err := c.ListNodes(ctx, "job-cluster")
	if err != nil {
		t.Fatalf("ListNodes: %v", err)
	}
	running := 0
	for _, n := range nodes {
		if deref(n.NodeID) == "" || deref(n.PrivateIPAddress) == "" {
			t.Errorf("node %+v without id or private address", n)
		}
		if deref(n.NodeState) == armmachinelearning.NodeStateRunning {
			running++
			if deref(n.RunID) != "it-long" {
				t.Errorf("running node %s runs %q, want it-long", deref(n.NodeID), deref(n.RunID))
			}
		}
	}
	if running != 1 {
		t.Errorf("%d running node(s) among %d, want 1 running it-long", running, len(nodes))
	}
	if _, err := c.ListNodes(ctx, "no-cluster"); !workspace.IsNotFound(err) {
		t.Errorf("ListNodes of a missing compute: %v, want 404", err)
	}

	// Filters: status and compute, client-side.
	active, err := c.ListJobs(ctx, workspace.JobFilter{Statuses: []armmachinelearning.JobStatus{armmachinelearning.JobStatusRunning}})
	if err != nil {
		t.Fatal(err)
	}
	if names := jobNames(active); !slices.Equal(names, []string{"it-long"}) {
		t.Errorf("jobs Running: %v, want [it-long]", names)
	}
	done, err := c.ListJobs(ctx, workspace.JobFilter{Statuses: []armmachinelearning.JobStatus{armmachinelearning.JobStatusCompleted}, Compute: "job-cluster"})
	if err != nil {
		t.Fatal(err)
	}
	if names := jobNames(done); !slices.Equal(names, []string{"it-short"}) {
		t.Errorf("jobs Completed on job-cluster: %v, want [it-short]", names)
	}
	all, err := c.ListJobs(ctx, workspace.JobFilter{Compute: "job-cluster"})
	if err != nil {
		t.Fatal(err)
	}
	if names := jobNames(all); !slices.Equal(names, []string{"it-long", "it-short"}) {
		t.Errorf("jobs on job-cluster: %v, want [it-long it-short] (newest first)", names)
	}
	if none, err := c.ListJobs(ctx, workspace.JobFilter{Compute: "other-cluster"}); err != nil || len(none) != 0 {
		t.Errorf("jobs on another compute: %v %v, want none", jobNames(none), err)
	}

	op, err := c.CancelJob(ctx, "it-long")
	waitOp(ctx, t, op, err)
	if op.Verb != "cancel" || op.Target != "it-long" {
		t.Errorf("cancel operation %s %s", op.Verb, op.Target)
	}
	checkPhases(t, op, rec.waitFinal(t, op), workspace.OperationSucceeded)
	eventually(t, "it-long to be canceled", func() (bool, string) {
		j, err := c.GetJob(ctx, "it-long")
		if err != nil {
			return false, err.Error()
		}
		return jobStatus(j) == "Canceled", jobStatus(j)
	})
	if d, err := c.RunDetails(ctx, "it-long"); err != nil || d.Status != "Canceled" {
		t.Errorf("run details of the canceled job: %v %v, want Canceled", d, err)
	}
	if _, err := c.GetJob(ctx, "no-such-job"); !workspace.IsNotFound(err) {
		t.Errorf("GetJob of a missing job: %v, want 404", err)
	}
}

// TestIntegrationFailedJob runs a job whose command fails: it ends Failed with the error in run
// history.
func TestIntegrationFailedJob(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty"}, nil)
	ctx := itContext(t)
	c := env.client
	createCluster(ctx, t, c, clusterSpec("fail-cluster", 0, 1))
	if _, err := c.CreateJob(ctx, "it-fails", commandJob("fail-cluster", "echo 'ValueError: loss is NaN' >&2; exit 3")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "it-fails to end", func() (bool, string) {
		j, err := c.GetJob(ctx, "it-fails")
		if err != nil {
			return false, err.Error()
		}
		st := jobStatus(j)
		return st == "Failed" || st == "Completed", st
	})
	d, err := c.RunDetails(ctx, "it-fails")
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != "Failed" || d.Error == nil || !strings.Contains(d.Error.Message, "status code 3") || !strings.Contains(d.Error.Message, "loss is NaN") {
		t.Errorf("failed run: status %q error %+v, want Failed with the exit code and the last log lines", d.Status, d.Error)
	}
	failed, err := c.ListJobs(ctx, workspace.JobFilter{Statuses: []armmachinelearning.JobStatus{armmachinelearning.JobStatusFailed}})
	if err != nil || !slices.Equal(jobNames(failed), []string{"it-fails"}) {
		t.Errorf("jobs Failed: %v %v, want [it-fails]", jobNames(failed), err)
	}

	// A job over its limits.timeout is canceled by the service, with the reason in its error.
	slow := commandJob("fail-cluster", "echo waiting; sleep 120")
	slow.Properties.(*armmachinelearning.CommandJob).Limits = &armmachinelearning.CommandJobLimits{
		JobLimitsType: to.Ptr(armmachinelearning.JobLimitsTypeCommand), Timeout: to.Ptr("PT10S"),
	}
	if _, err := c.CreateJob(ctx, "it-timeout", slow); err != nil {
		t.Fatal(err)
	}
	eventually(t, "it-timeout to end", func() (bool, string) {
		j, err := c.GetJob(ctx, "it-timeout")
		if err != nil {
			return false, err.Error()
		}
		st := jobStatus(j)
		return st == "Canceled" || st == "Failed" || st == "Completed", st
	})
	d, err = c.RunDetails(ctx, "it-timeout")
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != "Canceled" || d.Error == nil || !strings.Contains(d.Error.Message, "timeout") {
		t.Errorf("timed-out run: status %q error %+v, want Canceled with the timeout named", d.Status, d.Error)
	}
}

// TestIntegrationReadOnly proves that a read-only client refuses every write with ErrReadOnly
// and that no request reaches the service.
func TestIntegrationReadOnly(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "demo", NoExec: true}, func(o *workspace.Options) { o.ReadOnly = true })
	ctx := itContext(t)
	c := env.client
	if !c.ReadOnly() {
		t.Fatal("the client does not report read-only")
	}
	rec := recordOperations(t, c.Bus())

	before := emulatorStats(t, env.srv)
	attach := compute.AttachSpec{Kind: compute.KindDataLake, Name: "ro-adla", DataLakeStoreAccountName: "roadls",
		ResourceID: "/subscriptions/" + env.info.Subscription + "/resourceGroups/" + env.info.ResourceGroup + "/providers/Microsoft.DataLakeAnalytics/accounts/roadla"}
	writes := map[string]func() error{
		"create cluster": func() error {
			_, err := c.CreateCompute(ctx, "ro-cluster", clusterSpec("ro-cluster", 0, 1).ToARM())
			return err
		},
		"create instance": func() error {
			_, err := c.CreateCompute(ctx, "ro-ci", compute.InstanceSpec{Name: "ro-ci", VMSize: "Standard_DS3_v2"}.ToARM())
			return err
		},
		"attach": func() error { _, err := c.CreateCompute(ctx, attach.Name, attach.ToARM()); return err },
		"update": func() error {
			_, err := c.UpdateCompute(ctx, "cpu-cluster", compute.ScaleSpec{MinNodes: 0, MaxNodes: 2}.ToARM())
			return err
		},
		"update identity": func() error {
			_, err := c.UpdateComputeIdentity(ctx, "cpu-cluster", armmachinelearning.ManagedServiceIdentity{Type: to.Ptr(armmachinelearning.ManagedServiceIdentityTypeNone)})
			return err
		},
		"delete": func() error {
			_, err := c.DeleteCompute(ctx, "cpu-cluster", armmachinelearning.UnderlyingResourceActionDelete)
			return err
		},
		"detach": func() error {
			_, err := c.DeleteCompute(ctx, "dsvm", armmachinelearning.UnderlyingResourceActionDetach)
			return err
		},
		"start":      func() error { _, err := c.StartCompute(ctx, "ci-bob-gpu"); return err },
		"stop":       func() error { _, err := c.StopCompute(ctx, "ci-alice"); return err },
		"restart":    func() error { _, err := c.RestartCompute(ctx, "ci-alice"); return err },
		"create job": func() error { _, err := c.CreateJob(ctx, "ro-job", commandJob("cpu-cluster", "echo hi")); return err },
		"cancel job": func() error { _, err := c.CancelJob(ctx, "ro-job"); return err },
	}
	for name, write := range writes {
		if err := write(); !errors.Is(err, workspace.ErrReadOnly) {
			t.Errorf("%s on a read-only client: %v, want ErrReadOnly", name, err)
		}
	}
	after := emulatorStats(t, env.srv)
	if totalRequests(after) != totalRequests(before) {
		t.Errorf("the read-only writes sent %d request(s) (stats before %v, after %v), want none", totalRequests(after)-totalRequests(before), before, after)
	}
	// The refused writes published no operation.
	time.Sleep(50 * time.Millisecond)
	rec.mu.Lock()
	published := len(rec.events)
	rec.mu.Unlock()
	if published != 0 {
		t.Errorf("read-only writes published %d operation event(s)", published)
	}

	// Reads still work, and the counters see them, so the check above can fail.
	list, err := c.ListComputes(ctx)
	if err != nil || len(list) == 0 {
		t.Fatalf("a read on the read-only client: %d computes, %v", len(list), err)
	}
	if got := emulatorStats(t, env.srv)["computes"].Requests - after["computes"].Requests; got != 1 {
		t.Errorf("one list on a read-only client counted %d compute requests, want 1", got)
	}
	for name, s := range summaries(list) {
		if name == "cpu-cluster" && s.Nodes.Max != 4 {
			t.Errorf("cpu-cluster max %d: a refused update changed it", s.Nodes.Max)
		}
	}
}

// TestIntegrationComputeWatcher subscribes to the compute watcher and sees a cluster the client
// creates come in as Added while it provisions, then Changed once it has.
func TestIntegrationComputeWatcher(t *testing.T) {
	t.Parallel()
	// Slow enough (a cluster provisions in about a second) that the poll the accepted operation
	// triggers sees it Creating.
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true, Speed: 10}, func(o *workspace.Options) { o.Refresh = workspace.MinRefresh })
	ctx := itContext(t)
	c := env.client

	var mu sync.Mutex
	var changes []seenEvent
	var lastSnapshot workspace.ComputesSnapshot
	snapshots := 0
	done := make(chan struct{}, 2)
	subCtx, stop := context.WithCancel(ctx)
	changeCh := bus.Subscribe[workspace.ComputeChange](subCtx, c.Bus())
	snapCh := bus.Subscribe[workspace.ComputesSnapshot](subCtx, c.Bus())
	go func() {
		defer func() { done <- struct{}{} }()
		for ev := range changeCh {
			se := seenEvent{kind: ev.Kind, name: ev.Name}
			if ev.New != nil {
				se.state = ev.New.Summary.ProvisioningState
			}
			if ev.Old != nil {
				se.oldSt = ev.Old.Summary.ProvisioningState
			}
			mu.Lock()
			changes = append(changes, se)
			mu.Unlock()
		}
	}()
	go func() {
		defer func() { done <- struct{}{} }()
		for s := range snapCh {
			mu.Lock()
			lastSnapshot = s
			snapshots++
			mu.Unlock()
		}
	}()
	t.Cleanup(func() { stop(); <-done; <-done })

	// The first poll of the empty workspace publishes an empty snapshot.
	eventually(t, "the first snapshot", func() (bool, string) {
		mu.Lock()
		defer mu.Unlock()
		return snapshots > 0, ""
	})

	spec := clusterSpec("watched", 0, 2)
	op, err := c.CreateCompute(ctx, spec.Name, spec.ToARM())
	waitOp(ctx, t, op, err)

	eventually(t, "Added then Changed to Succeeded for watched", func() (bool, string) {
		mu.Lock()
		defer mu.Unlock()
		for _, ch := range changes {
			if ch.name == "watched" && ch.kind == workspace.Changed && ch.state == "Succeeded" {
				return true, ""
			}
		}
		return false, describeChanges(changes)
	})
	mu.Lock()
	var mine []seenEvent
	for _, ch := range changes {
		if ch.name == "watched" {
			mine = append(mine, ch)
		}
	}
	snap := lastSnapshot
	mu.Unlock()
	if mine[0].kind != workspace.Added || mine[0].state != "Creating" {
		t.Errorf("the first event of watched is %s %s, want added while Creating", mine[0].kind, mine[0].state)
	}
	for _, ch := range mine[1:] {
		if ch.kind != workspace.Changed || ch.oldSt == "" {
			t.Errorf("later event %s (old %q new %q), want changed with the old state", ch.kind, ch.oldSt, ch.state)
		}
	}
	eventually(t, "a snapshot with watched Succeeded", func() (bool, string) {
		mu.Lock()
		defer mu.Unlock()
		snap = lastSnapshot
		for _, cc := range snap.Computes {
			if cc.Summary.Name == "watched" && cc.Summary.ProvisioningState == "Succeeded" {
				return true, ""
			}
		}
		return false, ""
	})
	if len(snap.Computes) != 1 || snap.At.IsZero() {
		t.Errorf("snapshot holds %d computes at %v, want just watched", len(snap.Computes), snap.At)
	}
}

// TestIntegrationHTTPS runs the main flow over TLS with the emulator's certificate trusted
// through its HTTP client as the transport.
func TestIntegrationHTTPS(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "demo", TLS: true}, nil)
	ctx := itContext(t)
	c := env.client
	if !strings.HasPrefix(env.info.Endpoint, "https://127.0.0.1:") || env.info.CAFile == "" {
		t.Fatalf("TLS emulator at %q with CA file %q", env.info.Endpoint, env.info.CAFile)
	}
	rec := recordOperations(t, c.Bus())

	ws, err := c.Workspace(ctx)
	if err != nil {
		t.Fatalf("Workspace over https: %v", err)
	}
	if d := deref(ws.Properties.DiscoveryURL); !strings.HasPrefix(d, "https://") {
		t.Errorf("discoveryUrl %q over TLS, want https", d)
	}
	list, err := c.ListComputes(ctx)
	if err != nil {
		t.Fatalf("ListComputes over https: %v", err)
	}
	if got := summaries(list); got["cpu-cluster"].Nodes.Max != 4 || got["ci-alice"].Kind != compute.KindInstance || got["dsvm"].Kind != compute.KindVM {
		t.Errorf("demo computes over https: cpu-cluster %+v, ci-alice %+v", got["cpu-cluster"], got["ci-alice"])
	}

	op := createCluster(ctx, t, c, clusterSpec("tls-cluster", 0, 1))
	checkPhases(t, op, rec.waitFinal(t, op), workspace.OperationSucceeded)
	got, err := c.GetCompute(ctx, "tls-cluster")
	if err != nil || provisioningState(got) != "Succeeded" {
		t.Fatalf("GET tls-cluster over https: %q %v", provisioningState(got), err)
	}
	op, err = c.UpdateCompute(ctx, "tls-cluster", compute.ScaleSpec{MinNodes: 0, MaxNodes: 3}.ToARM())
	waitOp(ctx, t, op, err)
	if got, err := c.GetCompute(ctx, "tls-cluster"); err != nil || deref(amlOf(t, got).ScaleSettings.MaxNodeCount) != 3 {
		t.Errorf("update over https did not take: %v", err)
	}

	// Run history and a log over https, with the anonymous pipeline on the same transport.
	if _, err := c.CreateJob(ctx, "tls-job", commandJob("tls-cluster", "echo over tls")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "tls-job to complete", func() (bool, string) {
		j, err := c.GetJob(ctx, "tls-job")
		if err != nil {
			return false, err.Error()
		}
		return jobStatus(j) == "Completed", jobStatus(j)
	})
	d, err := c.RunDetails(ctx, "tls-job")
	if err != nil {
		t.Fatalf("RunDetails over https: %v", err)
	}
	u := d.LogFiles["user_logs/std_log.txt"]
	if !strings.HasPrefix(u, "https://") {
		t.Fatalf("log URL %q over TLS, want https", u)
	}
	data, total, err := c.ReadLog(ctx, u, 0)
	if err != nil || !strings.Contains(string(data), "over tls") || int64(len(data)) != total {
		t.Errorf("log over https: %q (%d of %d) %v", data, len(data), total, err)
	}
	if more, again, err := c.ReadLog(ctx, u, total); err != nil || len(more) != 0 || again != total {
		t.Errorf("log over https at its end: %d bytes, total %d, %v; want the 416 path: nothing new, same total", len(more), again, err)
	}
	// Cancel follows its Location header, which must be https too.
	if _, err := c.CreateJob(ctx, "tls-long", commandJob("tls-cluster", "sleep 120")); err != nil {
		t.Fatal(err)
	}
	op, err = c.CancelJob(ctx, "tls-long")
	waitOp(ctx, t, op, err)
	eventually(t, "tls-long to be canceled", func() (bool, string) {
		j, err := c.GetJob(ctx, "tls-long")
		if err != nil {
			return false, err.Error()
		}
		return jobStatus(j) == "Canceled", jobStatus(j)
	})
	op, err = c.DeleteCompute(ctx, "tls-cluster", armmachinelearning.UnderlyingResourceActionDelete)
	waitOp(ctx, t, op, err)
	if _, err := c.GetCompute(ctx, "tls-cluster"); !workspace.IsNotFound(err) {
		t.Errorf("GET after delete over https: %v", err)
	}
}

// TestIntegrationJobPaging creates more jobs than one list page holds: the client follows
// nextLink, sees every job once, and stops paging once Top is reached.
func TestIntegrationJobPaging(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client
	createCluster(ctx, t, c, clusterSpec("page-jobs", 0, 1))

	const n = 56 // the emulator's job page holds 50
	var firstHalf time.Time
	for i := range n {
		if i == n/2 {
			time.Sleep(20 * time.Millisecond)
			firstHalf = time.Now()
			time.Sleep(20 * time.Millisecond)
		}
		name := "paged-" + string(rune('a'+i/26)) + string(rune('a'+i%26))
		if _, err := c.CreateJob(ctx, name, commandJob("page-jobs", "echo "+name)); err != nil {
			t.Fatalf("CreateJob %s: %v", name, err)
		}
	}
	before := emulatorStats(t, env.srv)["jobs"].Requests
	all, err := c.ListJobs(ctx, workspace.JobFilter{})
	if err != nil {
		t.Fatalf("ListJobs: %v", err)
	}
	if got := emulatorStats(t, env.srv)["jobs"].Requests - before; got < 2 {
		t.Errorf("listing %d jobs took %d request(s), want one per page", n, got)
	}
	seen := map[string]bool{}
	for _, j := range all {
		if seen[deref(j.Name)] {
			t.Errorf("job %s listed twice", deref(j.Name))
		}
		seen[deref(j.Name)] = true
	}
	if len(seen) != n {
		t.Errorf("ListJobs found %d distinct jobs, want %d", len(seen), n)
	}

	before = emulatorStats(t, env.srv)["jobs"].Requests
	top, err := c.ListJobs(ctx, workspace.JobFilter{Top: 5})
	if err != nil || len(top) != 5 {
		t.Fatalf("ListJobs Top 5: %d jobs, %v", len(top), err)
	}
	if got := emulatorStats(t, env.srv)["jobs"].Requests - before; got != 1 {
		t.Errorf("ListJobs with Top 5 sent %d list requests, want 1 (paging stops once Top is reached)", got)
	}
	if deref(top[0].Name) != "paged-cd" {
		t.Errorf("the newest job is %s, want paged-cd (the list is newest first)", deref(top[0].Name))
	}

	recent, err := c.ListJobs(ctx, workspace.JobFilter{Since: firstHalf})
	if err != nil {
		t.Fatal(err)
	}
	if len(recent) != n-n/2 {
		t.Errorf("jobs created since the middle: %d, want %d (filter on systemData.createdAt)", len(recent), n-n/2)
	}
	older, err := c.ListJobs(ctx, workspace.JobFilter{Until: firstHalf})
	if err != nil {
		t.Fatal(err)
	}
	if len(older) != n/2 {
		t.Errorf("jobs created before the middle: %d, want %d", len(older), n/2)
	}
}

// TestIntegrationSweepChildren lists a sweep's trials both ways the client offers: run
// history's children, and the job list filtered by parent.
func TestIntegrationSweepChildren(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "demo", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client

	var children []*workspace.RunDetails
	eventually(t, "the demo sweep to have trials", func() (bool, string) {
		var err error
		children, err = c.RunChildren(ctx, "sweep-lr-batch")
		if err != nil {
			return false, err.Error()
		}
		return len(children) >= 2, "children: " + strconv.Itoa(len(children))
	})
	for _, ch := range children {
		if ch.ParentRunID != "sweep-lr-batch" || ch.RunID == "" || ch.Status == "" {
			t.Errorf("child run %+v: want a run id, a status and parent sweep-lr-batch", ch)
		}
	}
	sweep, err := c.GetJob(ctx, "sweep-lr-batch")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sweep.Properties.(*armmachinelearning.SweepJob); !ok {
		t.Errorf("sweep-lr-batch decodes as %T, want *SweepJob", sweep.Properties)
	}

	trials, err := c.ListJobs(ctx, workspace.JobFilter{Parent: "sweep-lr-batch"})
	if err != nil {
		t.Fatalf("ListJobs Parent: %v", err)
	}
	if len(trials) == 0 {
		t.Errorf("ListJobs(Parent: sweep-lr-batch) finds no job while run history lists %d trials: the ARM job list "+
			"holds top-level jobs only (trials are run-history children; the Python SDK's jobs.list(parent_job_name=) "+
			"reads run history's children), so a Parent filter over the ARM list can never match", len(children))
	}
}

// TestIntegrationDistributedLogs runs a job on two nodes with two processes each: run history
// lists one user log per rank, and each rank's log shows its own RANK and the world size.
func TestIntegrationDistributedLogs(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty"}, nil)
	ctx := itContext(t)
	c := env.client
	createCluster(ctx, t, c, clusterSpec("ddp-cluster", 0, 2))

	job := commandJob("ddp-cluster", `echo "rank $RANK of $WORLD_SIZE run $AZUREML_RUN_ID"`)
	cmd := job.Properties.(*armmachinelearning.CommandJob)
	cmd.Resources = &armmachinelearning.JobResourceConfiguration{InstanceCount: to.Ptr[int32](2)}
	cmd.Distribution = &armmachinelearning.PyTorch{
		DistributionType:        to.Ptr(armmachinelearning.DistributionTypePyTorch),
		ProcessCountPerInstance: to.Ptr[int32](2),
	}
	if _, err := c.CreateJob(ctx, "it-ddp", job); err != nil {
		t.Fatalf("CreateJob: %v", err)
	}
	eventually(t, "it-ddp to complete", func() (bool, string) {
		j, err := c.GetJob(ctx, "it-ddp")
		if err != nil {
			return false, err.Error()
		}
		return jobStatus(j) == "Completed", jobStatus(j)
	})
	d, err := c.RunDetails(ctx, "it-ddp")
	if err != nil {
		t.Fatal(err)
	}
	if _, single := d.LogFiles["user_logs/std_log.txt"]; single {
		t.Error("a 4-rank job lists user_logs/std_log.txt; Azure names one log per rank")
	}
	for rank := range 4 {
		name := "user_logs/std_log_process_" + strconv.Itoa(rank) + ".txt"
		u, ok := d.LogFiles[name]
		if !ok {
			t.Errorf("no %s among %d log files", name, len(d.LogFiles))
			continue
		}
		data, _, err := c.ReadLog(ctx, u, 0)
		want := "rank " + strconv.Itoa(rank) + " of 4 run it-ddp"
		if err != nil || !strings.Contains(string(data), want) {
			t.Errorf("%s: %q (%v), want a line %q", name, data, err, want)
		}
	}
}

// TestIntegrationWatcherEconomy checks that the compute watcher makes one list call per cycle,
// never a GET per compute, against the nine demo computes.
func TestIntegrationWatcherEconomy(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "demo", NoExec: true}, func(o *workspace.Options) { o.Refresh = workspace.MinRefresh })
	c := env.client

	before := emulatorStats(t, env.srv)
	ctx, stop := context.WithCancel(itContext(t))
	snaps := bus.Subscribe[workspace.ComputesSnapshot](ctx, c.Bus())
	got := 0
	var last workspace.ComputesSnapshot
	for s := range snaps {
		got++
		last = s
		if got == 3 {
			stop()
		}
	}
	stop()
	after := emulatorStats(t, env.srv)
	if len(last.Computes) != 9 {
		t.Errorf("the snapshot holds %d computes, want the 9 demo computes", len(last.Computes))
	}
	// The subscription may have seen one more cycle start before it ended.
	if calls := after["computes"].Requests - before["computes"].Requests; calls > int64(got)+1 {
		t.Errorf("%d compute requests for %d watcher cycles: the watcher must make one list call per cycle, never a GET per row", calls, got)
	}
	if jobs := after["jobs"].Requests - before["jobs"].Requests; jobs != 0 {
		t.Errorf("a compute-only subscription made %d job requests: the job watcher must run only while someone listens to jobs", jobs)
	}
}

// TestIntegrationJobWatcher follows a job through the job watcher: Added, then Changed until
// Completed, with the old and new status.
func TestIntegrationJobWatcher(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true, Speed: 20}, func(o *workspace.Options) { o.Refresh = workspace.MinRefresh })
	ctx := itContext(t)
	c := env.client
	createCluster(ctx, t, c, clusterSpec("watch-jobs", 0, 1))

	subCtx, stop := context.WithCancel(ctx)
	changes := bus.Subscribe[workspace.JobChange](subCtx, c.Bus())
	var mu sync.Mutex
	var seen []workspace.JobChange
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ch := range changes {
			mu.Lock()
			seen = append(seen, ch)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() { stop(); <-done })

	if _, err := c.CreateJob(ctx, "watched-job", commandJob("watch-jobs", "echo watched")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "watched-job to be seen Completed", func() (bool, string) {
		mu.Lock()
		defer mu.Unlock()
		var notes []string
		for _, ch := range seen {
			notes = append(notes, ch.Kind.String()+" "+jobStatus(ch.New))
			if ch.Name == "watched-job" && ch.Kind == workspace.Changed && jobStatus(ch.New) == "Completed" {
				return true, ""
			}
		}
		return false, strings.Join(notes, ", ")
	})
	mu.Lock()
	defer mu.Unlock()
	if seen[0].Name != "watched-job" || seen[0].Kind != workspace.Added || seen[0].Old != nil {
		t.Errorf("the first job change is %s %s, want watched-job added", seen[0].Kind, seen[0].Name)
	}
	for _, ch := range seen[1:] {
		if ch.Kind == workspace.Changed && (ch.Old == nil || jobStatus(ch.Old) == jobStatus(ch.New)) {
			t.Errorf("a Changed event from %q to %q: want the old and new status, different", jobStatus(ch.Old), jobStatus(ch.New))
		}
	}
}

// TestIntegrationDeleteWhileCreating deletes a cluster that is still provisioning: the create
// ends Failed (the service cancels it), the delete succeeds, and the watcher sees it removed.
func TestIntegrationDeleteWhileCreating(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true, Speed: 5}, func(o *workspace.Options) { o.Refresh = workspace.MinRefresh })
	ctx := itContext(t)
	c := env.client
	rec := recordOperations(t, c.Bus())
	subCtx, stop := context.WithCancel(ctx)
	changes := bus.Subscribe[workspace.ComputeChange](subCtx, c.Bus())
	var mu sync.Mutex
	var seen []seenEvent
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ch := range changes {
			se := seenEvent{kind: ch.Kind, name: ch.Name}
			if ch.New != nil {
				se.state = ch.New.Summary.ProvisioningState
			}
			if ch.Old != nil {
				se.oldSt = ch.Old.Summary.ProvisioningState
			}
			mu.Lock()
			seen = append(seen, se)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() { stop(); <-done })

	spec := clusterSpec("short-lived", 0, 1)
	create, err := c.CreateCompute(ctx, spec.Name, spec.ToARM())
	if err != nil {
		t.Fatal(err)
	}
	del, err := c.DeleteCompute(ctx, spec.Name, armmachinelearning.UnderlyingResourceActionDelete)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteCompute(ctx, spec.Name, armmachinelearning.UnderlyingResourceActionDelete)
	serviceError(t, "a second delete while deleting", err, 409, "Conflict")
	waitOp(ctx, t, del, nil)
	if err := create.Wait(ctx); err == nil {
		t.Error("the create of a compute deleted while provisioning succeeded, want it to end with the service's cancellation")
	} else {
		checkPhases(t, create, rec.waitFinal(t, create), workspace.OperationFailed)
	}
	checkPhases(t, del, rec.waitFinal(t, del), workspace.OperationSucceeded)
	eventually(t, "short-lived to be removed", func() (bool, string) {
		mu.Lock()
		defer mu.Unlock()
		for _, ch := range seen {
			if ch.name == "short-lived" && ch.kind == workspace.Removed {
				return true, ""
			}
		}
		return false, describeChanges(seen)
	})
	mu.Lock()
	defer mu.Unlock()
	if last := seen[len(seen)-1]; last.kind != workspace.Removed || last.oldSt == "" {
		t.Errorf("the last change %s (old %q): want removed, with the state it had", last.kind, last.oldSt)
	}
}

// TestIntegrationNodePaging lists the nodes of a cluster larger than one page. The generated
// client follows listNodes' nextLink with a GET (azcore's FetcherForNextLink), as every ARM SDK
// does for pageable POST operations, so the service must answer that GET.
func TestIntegrationNodePaging(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client

	// 1-vCPU low-priority nodes: 60 of them fit the regional low-priority quota of 100.
	spec := clusterSpec("big-cluster", 60, 60)
	spec.VMSize, spec.Priority = "Standard_A1_v2", "LowPriority"
	createCluster(ctx, t, c, spec)
	var current int32
	eventually(t, "big-cluster to allocate more nodes than one page holds", func() (bool, string) {
		got, err := c.GetCompute(ctx, "big-cluster")
		if err != nil {
			return false, err.Error()
		}
		current = deref(amlOf(t, got).CurrentNodeCount)
		return current > 50, "currentNodeCount " + strconv.Itoa(int(current))
	})
	nodes, err := c.ListNodes(ctx, "big-cluster")
	if err != nil {
		t.Fatalf("ListNodes of a %d-node cluster: %v; the ARM SDKs follow listNodes' nextLink with a GET, "+
			"and the emulator answers that GET 404 (it serves listNodes as POST only)", current, err)
	}
	ids := map[string]bool{}
	for _, n := range nodes {
		ids[deref(n.NodeID)] = true
	}
	if len(nodes) < 51 || len(ids) != len(nodes) {
		t.Errorf("ListNodes returned %d nodes (%d distinct) of a cluster with %d", len(nodes), len(ids), current)
	}
}

// TestIntegrationConnectionLoss stops the emulator under a watching client and starts it again
// on the same address and data dir: the watcher reports the lost connection, then its
// recovery, and the client carries on with the state the emulator kept.
func TestIntegrationConnectionLoss(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv, err := emulator.Start(context.Background(), emulator.Options{Seed: "empty", NoExec: true, Speed: itSpeed, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() }) // Close is idempotent; the test closes it early
	addr := strings.TrimPrefix(srv.Info().Endpoint, "http://")
	c := newClient(t, srv, workspace.Options{PollInterval: itPoll, Refresh: workspace.MinRefresh})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	createCluster(ctx, t, c, clusterSpec("survivor", 0, 1))

	subCtx, stop := context.WithCancel(ctx)
	states := bus.Subscribe[workspace.ConnectionState](subCtx, c.Bus())
	snaps := bus.Subscribe[workspace.ComputesSnapshot](subCtx, c.Bus())
	defer stop()
	select {
	case s := <-snaps:
		if len(s.Computes) != 1 {
			t.Errorf("first snapshot holds %d computes, want survivor", len(s.Computes))
		}
	case <-ctx.Done():
		t.Fatal("no snapshot")
	}

	// The watchers' list calls retry once, not with a user request's full budget, so the loss
	// reaches the screen within seconds rather than half a minute later.
	t0 := time.Now()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	var lost workspace.ConnectionState
	for lost.Err == nil {
		select {
		case lost = <-states:
		case <-ctx.Done():
			t.Fatal("no ConnectionState error after the emulator stopped")
		}
	}
	if lost.Watcher != workspace.TopicComputes || lost.RetryAfter <= 0 {
		t.Errorf("lost connection state %+v, want the computes watcher with a retry delay", lost)
	}

	// A generous bound, not a speed target: with the full retry budget this took about 30 s.
	if took := time.Since(t0); took > 20*time.Second {
		t.Errorf("the watcher reported the lost connection %s after the emulator stopped; want seconds", took.Round(time.Second))
	}
	again, err := emulator.Start(context.Background(), emulator.Options{Seed: "empty", NoExec: true, Speed: itSpeed, DataDir: dir, Listen: addr})
	if err != nil {
		t.Fatalf("restarting the emulator on %s: %v", addr, err)
	}
	t.Cleanup(func() { _ = again.Close() })
	for {
		select {
		case st := <-states:
			if st.Err != nil {
				continue
			}
			if got, err := c.GetCompute(ctx, "survivor"); err != nil || provisioningState(got) != "Succeeded" {
				t.Errorf("survivor after the restart: %q %v, want it kept, Succeeded", provisioningState(got), err)
			}
			return
		case <-ctx.Done():
			t.Fatal("the watcher did not report recovery after the emulator came back")
		}
	}
}

// TestIntegrationJobServerFilters checks the filters the service applies: job type, tag and the
// archived view.
func TestIntegrationJobServerFilters(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client
	createCluster(ctx, t, c, clusterSpec("filter-jobs", 0, 1))

	plain := commandJob("filter-jobs", "echo plain")
	tagged := commandJob("filter-jobs", "echo tagged")
	tagged.Properties.(*armmachinelearning.CommandJob).Tags = map[string]*string{"team": to.Ptr("vision")}
	archived := commandJob("filter-jobs", "echo archived")
	archived.Properties.(*armmachinelearning.CommandJob).IsArchived = to.Ptr(true)
	for name, job := range map[string]armmachinelearning.JobBase{"job-plain": plain, "job-tagged": tagged, "job-archived": archived} {
		if _, err := c.CreateJob(ctx, name, job); err != nil {
			t.Fatalf("CreateJob %s: %v", name, err)
		}
	}
	cases := []struct {
		filter workspace.JobFilter
		want   []string
	}{
		{workspace.JobFilter{}, []string{"job-plain", "job-tagged"}},
		{workspace.JobFilter{Tag: "team"}, []string{"job-tagged"}},
		{workspace.JobFilter{View: armmachinelearning.ListViewTypeArchivedOnly}, []string{"job-archived"}},
		{workspace.JobFilter{View: armmachinelearning.ListViewTypeAll}, []string{"job-archived", "job-plain", "job-tagged"}},
		{workspace.JobFilter{JobType: "Command", View: armmachinelearning.ListViewTypeAll}, []string{"job-archived", "job-plain", "job-tagged"}},
		{workspace.JobFilter{JobType: "Sweep"}, nil},
	}
	for _, tc := range cases {
		jobs, err := c.ListJobs(ctx, tc.filter)
		if err != nil {
			t.Errorf("ListJobs(%+v): %v", tc.filter, err)
			continue
		}
		names := jobNames(jobs)
		slices.Sort(names)
		if !slices.Equal(names, tc.want) {
			t.Errorf("ListJobs(%+v) = %v, want %v", tc.filter, names, tc.want)
		}
	}
	got, err := c.GetJob(ctx, "job-tagged")
	if err != nil {
		t.Fatal(err)
	}
	if p := got.Properties.GetJobBaseProperties(); deref(p.Tags["team"]) != "vision" || deref(p.DisplayName) != "integration filter-jobs" || deref(p.ExperimentName) != "integration" {
		t.Errorf("job-tagged read back with tags %v, display name %q, experiment %q", p.Tags, deref(p.DisplayName), deref(p.ExperimentName))
	}
	// The service refuses a job on a compute that does not exist, a bad name, and a change of
	// a field that cannot change.
	_, err = c.CreateJob(ctx, "job-nowhere", commandJob("no-such-compute", "echo x"))
	var e *workspace.Error
	if !errors.As(err, &e) || e.StatusCode/100 != 4 || !strings.Contains(e.Message, "no-such-compute") {
		t.Errorf("a job on a missing compute: %v, want the service's 4xx naming the compute", err)
	}
	_, err = c.CreateJob(ctx, "bad name!", commandJob("filter-jobs", "echo x"))
	if !errors.As(err, &e) || e.StatusCode != 400 {
		t.Errorf("a job with a bad name: %v, want the service's 400", err)
	}
	_, err = c.CreateJob(ctx, "job-plain", commandJob("filter-jobs", "echo changed"))
	if !errors.As(err, &e) || e.StatusCode/100 != 4 {
		t.Errorf("changing job-plain's command: %v, want the service's 4xx (a job's command cannot change)", err)
	}
	_, err = c.ListJobs(ctx, workspace.JobFilter{View: "Everything"})
	if err == nil || !strings.Contains(err.Error(), "View") {
		t.Errorf("an invalid view: %v, want the client's error naming View", err)
	}
}

// TestIntegrationInstanceJobQueue runs two jobs on one compute instance: it runs one at a time,
// the other waits Queued, and the instance shows JobRunning meanwhile.
func TestIntegrationInstanceJobQueue(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty"}, nil)
	ctx := itContext(t)
	c := env.client
	spec := compute.InstanceSpec{Name: "queue-ci", VMSize: "Standard_DS3_v2"}
	op, err := c.CreateCompute(ctx, spec.Name, spec.ToARM())
	waitOp(ctx, t, op, err)

	for _, name := range []string{"ci-first", "ci-second"} {
		if _, err := c.CreateJob(ctx, name, commandJob("queue-ci", "echo "+name+"; sleep 1")); err != nil {
			t.Fatalf("CreateJob %s: %v", name, err)
		}
	}
	eventually(t, "ci-first to run", func() (bool, string) {
		j, err := c.GetJob(ctx, "ci-first")
		if err != nil {
			return false, err.Error()
		}
		return jobStatus(j) == "Running", jobStatus(j)
	})
	second, err := c.GetJob(ctx, "ci-second")
	if err != nil {
		t.Fatal(err)
	}
	if st := jobStatus(second); st != "Queued" && st != "NotStarted" {
		t.Errorf("ci-second is %s while ci-first runs, want it waiting (Queued): an instance runs one job at a time", st)
	}
	if got, err := c.GetCompute(ctx, "queue-ci"); err != nil || instanceState(t, got) != "JobRunning" {
		t.Errorf("the instance while a job runs: %v, want JobRunning", err)
	}
	for _, name := range []string{"ci-first", "ci-second"} {
		eventually(t, name+" to complete", func() (bool, string) {
			j, err := c.GetJob(ctx, name)
			if err != nil {
				return false, err.Error()
			}
			return jobStatus(j) == "Completed", jobStatus(j)
		})
	}
	eventually(t, "the instance to be Running again", func() (bool, string) {
		got, err := c.GetCompute(ctx, "queue-ci")
		if err != nil {
			return false, err.Error()
		}
		st := instanceState(t, got)
		return st == "Running", st
	})
	if d, err := c.RunDetails(ctx, "ci-second"); err != nil || d.Target != "queue-ci" {
		t.Errorf("run details of ci-second: target %v %v, want queue-ci", d, err)
	}
}

// TestIntegrationAttachKinds attaches each kind the forms offer, and attaches one resource a
// second time: the newer attachment works and the older one is marked broken, as documented.
func TestIntegrationAttachKinds(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client
	rg := "/subscriptions/" + env.info.Subscription + "/resourceGroups/" + env.info.ResourceGroup + "/providers/"
	specs := []compute.AttachSpec{
		{Kind: compute.KindHDInsight, Name: "att-hdi", ResourceID: rg + "Microsoft.HDInsight/clusters/hdi1", Address: "hdi1-ssh.azurehdinsight.net", Username: "sshuser", Password: "Hdi-Secret-1"},
		{Kind: compute.KindDatabricks, Name: "att-adb", ResourceID: rg + "Microsoft.Databricks/workspaces/adb1", AccessToken: "dapi0123456789abcdef", WorkspaceURL: "https://adb-1.2.azuredatabricks.net"},
		{Kind: compute.KindDataLake, Name: "att-adla", ResourceID: rg + "Microsoft.DataLakeAnalytics/accounts/adla1", DataLakeStoreAccountName: "adls1"},
		{Kind: compute.KindDataLake, Name: "att-adla-again", ResourceID: rg + "Microsoft.DataLakeAnalytics/accounts/adla1", DataLakeStoreAccountName: "adls1"},
	}
	for _, spec := range specs {
		if errs := spec.Validate(); len(errs) > 0 {
			t.Fatalf("%s: %v", spec.Name, errs)
		}
		op, err := c.CreateCompute(ctx, spec.Name, spec.ToARM())
		waitOp(ctx, t, op, err)
		if op.Verb != "attach" {
			t.Errorf("%s: verb %q, want attach", spec.Name, op.Verb)
		}
	}
	list, err := c.ListComputes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := summaries(list)
	for _, spec := range specs[:3] {
		if s := got[spec.Name]; s.Kind != spec.Kind || !s.Attached {
			t.Errorf("%s: kind %s attached %v, want %s attached", spec.Name, s.Kind, s.Attached, spec.Kind)
		}
	}
	if s := got["att-adla-again"]; s.ProvisioningState != "Succeeded" || s.Health != compute.HealthOK {
		t.Errorf("the newer attachment of adla1: %s health %v, want Succeeded", s.ProvisioningState, s.Health)
	}
	if s := got["att-adla"]; s.ProvisioningState != "Failed" || s.Health != compute.HealthFailed || s.ErrorCount == 0 || !strings.Contains(s.FirstError, "att-adla-again") {
		t.Errorf("the older attachment of adla1: %s health %v errors %d %q, want Failed, naming the newer attachment", s.ProvisioningState, s.Health, s.ErrorCount, s.FirstError)
	}
	if s := got["att-hdi"]; s.ProvisioningState != "Succeeded" {
		t.Errorf("att-hdi: %s", s.ProvisioningState)
	}

	// Attaching needs an id of the kind's provider.
	wrong := compute.AttachSpec{Kind: compute.KindDatabricks, Name: "att-wrong", ResourceID: rg + "Microsoft.Compute/virtualMachines/vm1", AccessToken: "dapi0123"}
	_, err = c.CreateCompute(ctx, wrong.Name, wrong.ToARM())
	if e := serviceError(t, "attach with another provider's id", err, 400, "BadArgument"); e != nil && e.Target != "properties.resourceId" {
		t.Errorf("attach with another provider's id: target %q, want properties.resourceId", e.Target)
	}
	if e := (*workspace.Error)(nil); errors.As(err, &e) && strings.Contains(e.Message, "dapi0123") {
		t.Errorf("the service's error repeats the access token: %q", e.Message)
	}
}

// TestIntegrationClusterIdentity creates a cluster with a user-assigned identity: the service
// fills in its principal and client ids; a cluster cannot take both kinds.
func TestIntegrationClusterIdentity(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client
	uid := "/subscriptions/" + env.info.Subscription + "/resourceGroups/" + env.info.ResourceGroup +
		"/providers/Microsoft.ManagedIdentity/userAssignedIdentities/trainer-id"

	spec := clusterSpec("uai-cluster", 0, 1)
	spec.Identity = compute.IdentitySpec{Type: "UserAssigned", UserAssignedIDs: []string{uid}}
	createCluster(ctx, t, c, spec)
	got, err := c.GetCompute(ctx, "uai-cluster")
	if err != nil {
		t.Fatal(err)
	}
	if s := compute.Summarize(got); s.Identity != "UserAssigned" {
		t.Errorf("identity %q, want UserAssigned", s.Identity)
	}
	var entry *armmachinelearning.UserAssignedIdentity
	if got.Identity != nil {
		for id, v := range got.Identity.UserAssignedIdentities {
			if strings.EqualFold(id, uid) {
				entry = v
			}
		}
	}
	if entry == nil || deref(entry.PrincipalID) == "" || deref(entry.ClientID) == "" {
		t.Errorf("user-assigned identity %s: %+v, want its principal and client ids", uid, entry)
	}

	both := clusterSpec("both-ids", 0, 1)
	both.Identity = compute.IdentitySpec{Type: "SystemAssigned,UserAssigned", UserAssignedIDs: []string{uid}}
	_, err = c.CreateCompute(ctx, both.Name, both.ToARM())
	if e := serviceError(t, "a cluster with both identity kinds", err, 400, "BadArgument"); e != nil && !strings.HasPrefix(e.Target, "identity") {
		t.Errorf("both identity kinds: target %q, want identity.*", e.Target)
	}
}

// TestIntegrationScaleToMinimum raises a cluster's minimum and lowers it again: the cluster
// resizes to hold the minimum idle, then gives the nodes back after the idle time.
func TestIntegrationScaleToMinimum(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty", NoExec: true}, nil)
	ctx := itContext(t)
	c := env.client
	createCluster(ctx, t, c, clusterSpec("elastic", 0, 3))

	nodesOf := func() (compute.Nodes, string) {
		got, err := c.GetCompute(ctx, "elastic")
		if err != nil {
			return compute.Nodes{}, err.Error()
		}
		s := compute.Summarize(got)
		return s.Nodes, s.State + " " + s.Nodes.String()
	}
	op, err := c.UpdateCompute(ctx, "elastic", compute.ScaleSpec{MinNodes: 2, MaxNodes: 3, IdleTimeBeforeScaleDown: time.Minute}.ToARM())
	waitOp(ctx, t, op, err)
	eventually(t, "elastic to hold two idle nodes", func() (bool, string) {
		n, note := nodesOf()
		return n.Current == 2 && n.Idle == 2 && n.Min == 2, note
	})
	list, err := c.ListNodes(ctx, "elastic")
	if err != nil || len(list) != 2 {
		t.Errorf("ListNodes of the resized cluster: %d nodes, %v, want 2", len(list), err)
	}
	for _, n := range list {
		if deref(n.NodeState) != armmachinelearning.NodeStateIdle || deref(n.RunID) != "" {
			t.Errorf("node %s is %s running %q, want idle", deref(n.NodeID), deref(n.NodeState), deref(n.RunID))
		}
	}

	op, err = c.UpdateCompute(ctx, "elastic", compute.ScaleSpec{MinNodes: 0, MaxNodes: 3}.ToARM())
	waitOp(ctx, t, op, err)
	eventually(t, "elastic to give its nodes back", func() (bool, string) {
		n, note := nodesOf()
		return n.Current == 0 && n.Min == 0, note
	})
	if got, err := c.GetCompute(ctx, "elastic"); err == nil {
		if idle := deref(amlOf(t, got).ScaleSettings.NodeIdleTimeBeforeScaleDown); idle != "PT1M" {
			t.Errorf("an update without an idle time changed it to %q, want PT1M kept", idle)
		}
	}
}

// TestIntegrationPreemption runs a job on a low-priority cluster until a node of it is
// preempted: run history records the restart as a warning, and the job is requeued.
func TestIntegrationPreemption(t *testing.T) {
	t.Parallel()
	// A low-priority node is preempted about every 30 simulated minutes: under a second here.
	env := newEnv(t, emulator.Options{Seed: "empty", Speed: 2000}, nil)
	ctx := itContext(t)
	c := env.client
	spec := clusterSpec("spot-cluster", 0, 1)
	spec.Priority = "LowPriority"
	createCluster(ctx, t, c, spec)
	if _, err := c.CreateJob(ctx, "it-spot", commandJob("spot-cluster", "echo attempt; sleep 120")); err != nil {
		t.Fatal(err)
	}
	var d *workspace.RunDetails
	eventually(t, "a preemption warning on it-spot", func() (bool, string) {
		var err error
		if d, err = c.RunDetails(ctx, "it-spot"); err != nil {
			return false, err.Error()
		}
		for _, w := range d.Warnings {
			if strings.Contains(w.Message, "preempted") {
				return true, ""
			}
		}
		return false, d.Status
	})
	if d.Status == "Completed" || d.Status == "Failed" {
		t.Errorf("it-spot ended %s after a preemption, want it requeued", d.Status)
	}
	if data, _, err := c.ReadLog(ctx, d.LogFiles["user_logs/std_log.txt"], 0); err != nil || !strings.Contains(string(data), "preempted") {
		t.Errorf("it-spot's log does not tell of the preemption (%v): %q", err, data)
	}
	op, err := c.CancelJob(ctx, "it-spot")
	waitOp(ctx, t, op, err)
}

// TestIntegrationDeleteUnderJob deletes a cluster while a job runs on it: the delete succeeds
// and the job ends, with run history saying why.
func TestIntegrationDeleteUnderJob(t *testing.T) {
	t.Parallel()
	env := newEnv(t, emulator.Options{Seed: "empty"}, nil)
	ctx := itContext(t)
	c := env.client
	createCluster(ctx, t, c, clusterSpec("pulled-rug", 0, 1))
	if _, err := c.CreateJob(ctx, "it-orphan", commandJob("pulled-rug", "echo working; sleep 120")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "it-orphan to run", func() (bool, string) {
		j, err := c.GetJob(ctx, "it-orphan")
		if err != nil {
			return false, err.Error()
		}
		return jobStatus(j) == "Running", jobStatus(j)
	})
	op, err := c.DeleteCompute(ctx, "pulled-rug", armmachinelearning.UnderlyingResourceActionDelete)
	waitOp(ctx, t, op, err)
	var status string
	eventually(t, "it-orphan to end", func() (bool, string) {
		j, err := c.GetJob(ctx, "it-orphan")
		if err != nil {
			return false, err.Error()
		}
		status = jobStatus(j)
		return status == "Failed" || status == "Canceled" || status == "Completed", status
	})
	d, err := c.RunDetails(ctx, "it-orphan")
	if err != nil {
		t.Fatal(err)
	}
	if status == "Completed" || d.Error == nil || d.Error.Message == "" {
		t.Errorf("the job whose cluster was deleted ended %s with error %+v, want it failed with the reason", status, d.Error)
	}
}
