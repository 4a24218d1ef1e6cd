package workspace_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/emulator"
	"github.com/amlconsole/amlconsole/internal/emulatortest"
	"github.com/amlconsole/amlconsole/workspace"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// Helpers of the integration tests that drive the real client against the real emulator over
// loopback HTTP(S). Nothing here fakes either side: the client is workspace.New with the
// --auth none credential, the emulator is emulator.Start.

// itSpeed is the simulation speed of the tests: a cluster provisions in 50 ms, a node boots in
// 75 ms, so whole lifecycles fit in a second of wall time even under -race.
const itSpeed = 200

// itTimeout bounds every wait for an asynchronous effect; generous, since CI machines are slow.
const itTimeout = 45 * time.Second

// itPoll is the LRO poll interval the test clients use (the emulator sends no Retry-After).
const itPoll = 20 * time.Millisecond

// itEnv is one emulator and one client of its workspace.
type itEnv struct {
	srv    *emulator.Server
	info   emulator.Info
	client *workspace.Client
}

// startEmulator starts an emulator with opts (speed itSpeed unless set) and closes it when the
// test ends.
func startEmulator(t *testing.T, opts emulator.Options) *emulator.Server {
	t.Helper()
	if opts.Speed == 0 {
		opts.Speed = itSpeed
	}
	srv, err := emulator.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("closing the emulator: %v", err)
		}
	})
	return srv
}

// newEnv starts an emulator and a client of its workspace; tweak adjusts the client options.
func newEnv(t *testing.T, opts emulator.Options, tweak func(*workspace.Options)) *itEnv {
	t.Helper()
	srv := startEmulator(t, opts)
	wopts := workspace.Options{Version: "it-test", PollInterval: itPoll}
	if opts.TLS {
		wopts.Transport = srv.HTTPClient()
	}
	if tweak != nil {
		tweak(&wopts)
	}
	return &itEnv{srv: srv, info: srv.Info(), client: newClient(t, srv, wopts)}
}

// newClient builds a client the way cmd does (see emulatortest.Client); it is closed when
// the test ends, before the emulator.
func newClient(t *testing.T, srv *emulator.Server, opts workspace.Options) *workspace.Client {
	t.Helper()
	return emulatortest.Client(t, srv, opts)
}

// itContext is a context bounded by itTimeout, cancelled when the test ends.
func itContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), itTimeout)
	t.Cleanup(cancel)
	return ctx
}

// eventually polls cond every 10 ms until it holds, failing the test with cond's last note
// after itTimeout.
func eventually(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(itTimeout)
	last := ""
	for time.Now().Before(deadline) {
		ok, note := cond()
		if ok {
			return
		}
		last = note
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s (last seen: %s)", itTimeout, what, last)
}

// opRecorder collects the OperationEvents of a client's bus from the moment it is made.
type opRecorder struct {
	mu     sync.Mutex
	events []workspace.OperationEvent
	done   chan struct{}
}

// recordOperations subscribes to the bus's OperationEvents until the test ends.
func recordOperations(t *testing.T, b *bus.Bus) *opRecorder {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ch := bus.Subscribe[workspace.OperationEvent](ctx, b)
	r := &opRecorder{done: make(chan struct{})}
	go func() {
		defer close(r.done)
		for ev := range ch {
			r.mu.Lock()
			r.events = append(r.events, ev)
			r.mu.Unlock()
		}
	}()
	t.Cleanup(func() { cancel(); <-r.done })
	return r
}

// of returns the events of the operation with id, in delivery order.
func (r *opRecorder) of(id string) []workspace.OperationEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []workspace.OperationEvent
	for _, ev := range r.events {
		if ev.ID == id {
			out = append(out, ev)
		}
	}
	return out
}

// waitFinal waits until the operation's Succeeded or Failed event arrived and returns all of its
// events.
func (r *opRecorder) waitFinal(t *testing.T, op *workspace.Operation) []workspace.OperationEvent {
	t.Helper()
	var evs []workspace.OperationEvent
	eventually(t, "the final event of "+op.ID, func() (bool, string) {
		evs = r.of(op.ID)
		if n := len(evs); n > 0 && (evs[n-1].Phase == workspace.OperationSucceeded || evs[n-1].Phase == workspace.OperationFailed) {
			return true, ""
		}
		return false, phases(evs)
	})
	return evs
}

// checkPhases asserts the Started → (InProgress…) → final order of an operation's events and
// that every event names the operation's verb and target.
func checkPhases(t *testing.T, op *workspace.Operation, evs []workspace.OperationEvent, final workspace.OperationPhase) {
	t.Helper()
	if len(evs) < 2 {
		t.Errorf("%s: events %s, want Started … %v", op.ID, phases(evs), phaseName(final))
		return
	}
	if evs[0].Phase != workspace.OperationStarted {
		t.Errorf("%s: first event %s, want Started (events %s)", op.ID, phaseName(evs[0].Phase), phases(evs))
	}
	if last := evs[len(evs)-1]; last.Phase != final {
		t.Errorf("%s: last event %s, want %s (events %s)", op.ID, phaseName(last.Phase), phaseName(final), phases(evs))
	}
	for i, ev := range evs {
		if i > 0 && i < len(evs)-1 && ev.Phase != workspace.OperationInProgress {
			t.Errorf("%s: event %d is %s between Started and the end, want InProgress (events %s)", op.ID, i, phaseName(ev.Phase), phases(evs))
		}
		if ev.Verb != op.Verb || ev.Target != op.Target {
			t.Errorf("%s: event %d is about %s %s, want %s %s", op.ID, i, ev.Verb, ev.Target, op.Verb, op.Target)
		}
		if (ev.Phase == workspace.OperationFailed) != (ev.Err != nil) {
			t.Errorf("%s: event %d phase %s with error %v: only Failed carries an error", op.ID, i, phaseName(ev.Phase), ev.Err)
		}
	}
}

func phaseName(p workspace.OperationPhase) string {
	switch p {
	case workspace.OperationStarted:
		return "Started"
	case workspace.OperationInProgress:
		return "InProgress"
	case workspace.OperationSucceeded:
		return "Succeeded"
	case workspace.OperationFailed:
		return "Failed"
	}
	return "?"
}

func phases(evs []workspace.OperationEvent) string {
	names := make([]string, len(evs))
	for i, ev := range evs {
		names[i] = phaseName(ev.Phase)
	}
	return "[" + strings.Join(names, " ") + "]"
}

// serviceError asserts err is a *workspace.Error with status and code, and returns it.
func serviceError(t *testing.T, what string, err error, status int, code string) *workspace.Error {
	t.Helper()
	var e *workspace.Error
	if !errors.As(err, &e) {
		t.Errorf("%s: error %v (%T), want *workspace.Error %d %s", what, err, err, status, code)
		return nil
	}
	if e.StatusCode != status || e.Code != code {
		t.Errorf("%s: *workspace.Error %d %q (%s), want %d %q", what, e.StatusCode, e.Code, e.Message, status, code)
	}
	if e.Message == "" {
		t.Errorf("%s: *workspace.Error %d %s has no message: the service's message must come through", what, e.StatusCode, e.Code)
	}
	return e
}

// familyStats is one route family of GET /_emulator/stats.
type familyStats struct {
	Requests      int64 `json:"requests"`
	ResponseBytes int64 `json:"responseBytes"`
}

// emulatorStats reads the emulator's request counters.
func emulatorStats(t *testing.T, srv *emulator.Server) map[string]familyStats {
	t.Helper()
	resp, err := srv.HTTPClient().Get(srv.Info().Endpoint + "/_emulator/stats")
	if err != nil {
		t.Fatalf("GET /_emulator/stats: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /_emulator/stats: %s", resp.Status)
	}
	var out map[string]familyStats
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("decoding /_emulator/stats: %v", err)
	}
	for _, f := range []string{"computes", "jobs", "runDetails", "logBlobs", "other"} {
		if _, ok := out[f]; !ok {
			t.Fatalf("/_emulator/stats has no %q family: %v", f, out)
		}
	}
	return out
}

// totalRequests sums the request counts of every family.
func totalRequests(st map[string]familyStats) int64 {
	var n int64
	for _, f := range st {
		n += f.Requests
	}
	return n
}

// summaries lists computes as Summaries keyed by name.
func summaries(list []*armmachinelearning.ComputeResource) map[string]compute.Summary {
	out := map[string]compute.Summary{}
	for _, r := range list {
		s := compute.Summarize(r)
		out[s.Name] = s
	}
	return out
}

// sortedNames is the names of a summary map, sorted.
func sortedNames(m map[string]compute.Summary) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// clusterSpec is a small dedicated CPU cluster (4 vCPUs per node) in the emulated region.
func clusterSpec(name string, minNodes, maxNodes int) compute.ClusterSpec {
	return compute.ClusterSpec{
		Name: name, VMSize: "Standard_DS3_v2", Priority: "Dedicated",
		MinNodes: minNodes, MaxNodes: maxNodes, IdleTimeBeforeScaleDown: 2 * time.Minute,
		Description: "integration test cluster", Tags: map[string]string{"suite": "integration"},
	}
}

// createCluster creates a cluster through the client and waits for its operation.
func createCluster(ctx context.Context, t *testing.T, c *workspace.Client, spec compute.ClusterSpec) *workspace.Operation {
	t.Helper()
	if errs := spec.Validate(); len(errs) > 0 {
		t.Fatalf("cluster spec %s: %v", spec.Name, errs)
	}
	op, err := c.CreateCompute(ctx, spec.Name, spec.ToARM())
	if err != nil {
		t.Fatalf("creating cluster %s: %v", spec.Name, err)
	}
	if err := op.Wait(ctx); err != nil {
		t.Fatalf("creating cluster %s: the operation ended with %v", spec.Name, err)
	}
	return op
}

// waitOp waits for an operation and fails the test on error.
func waitOp(ctx context.Context, t *testing.T, op *workspace.Operation, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("starting an operation: %v", err)
	}
	if err := op.Wait(ctx); err != nil {
		t.Fatalf("%s %s: %v", op.Verb, op.Target, err)
	}
}

// amlOf returns a compute's AmlCompute properties, failing the test when it is not a cluster.
func amlOf(t *testing.T, r *armmachinelearning.ComputeResource) *armmachinelearning.AmlComputeProperties {
	t.Helper()
	a, ok := r.Properties.(*armmachinelearning.AmlCompute)
	if !ok || a.Properties == nil {
		t.Fatalf("compute %v is a %T, want an AmlCompute with properties", deref(r.Name), r.Properties)
	}
	return a.Properties
}

// instanceOf returns a compute's ComputeInstance properties.
func instanceOf(t *testing.T, r *armmachinelearning.ComputeResource) *armmachinelearning.ComputeInstanceProperties {
	t.Helper()
	ci, ok := r.Properties.(*armmachinelearning.ComputeInstance)
	if !ok || ci.Properties == nil {
		t.Fatalf("compute %v is a %T, want a ComputeInstance with properties", deref(r.Name), r.Properties)
	}
	return ci.Properties
}

// provisioningState is a compute's provisioning state, "" when absent.
func provisioningState(r *armmachinelearning.ComputeResource) string {
	if r == nil || r.Properties == nil {
		return ""
	}
	if b := r.Properties.GetCompute(); b != nil && b.ProvisioningState != nil {
		return string(*b.ProvisioningState)
	}
	return ""
}

// instanceState is a compute instance's own state, "" when absent.
func instanceState(t *testing.T, r *armmachinelearning.ComputeResource) string {
	t.Helper()
	if p := instanceOf(t, r); p.State != nil {
		return string(*p.State)
	}
	return ""
}

// jobStatus is a job's status, "" when absent.
func jobStatus(j *armmachinelearning.JobBase) string {
	if j == nil || j.Properties == nil {
		return ""
	}
	if p := j.Properties.GetJobBaseProperties(); p.Status != nil {
		return string(*p.Status)
	}
	return ""
}

// deref is *p, or the zero value when p is nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// commandJob is a Command job running a shell command on compute.
func commandJob(computeName, command string) armmachinelearning.JobBase {
	return armmachinelearning.JobBase{Properties: &armmachinelearning.CommandJob{
		JobType:        to.Ptr(armmachinelearning.JobTypeCommand),
		ComputeID:      to.Ptr(computeName),
		Command:        to.Ptr(command),
		EnvironmentID:  to.Ptr("azureml:it-env:1"),
		ExperimentName: to.Ptr("integration"),
		DisplayName:    to.Ptr("integration " + computeName),
	}}
}

// jobNames lists the jobs' names in order.
func jobNames(jobs []*armmachinelearning.JobBase) []string {
	var out []string
	for _, j := range jobs {
		out = append(out, deref(j.Name))
	}
	return out
}

// seenEvent is what the watcher test keeps of one ComputeChange.
type seenEvent struct {
	kind         workspace.ChangeKind
	name         string
	state, oldSt string // new and old provisioning states
}

// describeChanges renders compute changes for wait notes.
func describeChanges(chs []seenEvent) string {
	var parts []string
	for _, ch := range chs {
		parts = append(parts, ch.kind.String()+" "+ch.name+" "+ch.oldSt+"→"+ch.state)
	}
	return strings.Join(parts, ", ")
}
