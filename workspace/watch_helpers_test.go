package workspace

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/internal/leakcheck"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// watchPatience bounds every wait for an asynchronous effect of a watcher; generous, since
// -race on two cores is slow. watchQuiet is how long "nothing happens" is watched for.
const (
	watchPatience = 20 * time.Second
	watchQuiet    = 30 * time.Millisecond
)

// watchClock is the watchers' clock under test control: every wait the watcher asks for is
// recorded with its duration, and passes only when the test fires it.
type watchClock struct {
	waits chan watchWait
	mu    sync.Mutex
	now   time.Time
}

type watchWait struct {
	d    time.Duration
	fire chan time.Time
}

func newWatchClock() *watchClock {
	return &watchClock{
		waits: make(chan watchWait, 1000),
		now:   time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC),
	}
}

func (c *watchClock) After(d time.Duration) <-chan time.Time {
	w := watchWait{d: d, fire: make(chan time.Time, 1)}
	c.waits <- w
	return w.fire
}

func (c *watchClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

// next returns the next wait the watcher asks for.
func (c *watchClock) next(t *testing.T) watchWait {
	t.Helper()
	select {
	case w := <-c.waits:
		return w
	case <-time.After(watchPatience):
		t.Fatal("the watcher never waited for its next cycle")
	}
	panic("unreachable")
}

// none checks that the watcher asks for no wait for a while, i.e. does not poll.
func (c *watchClock) none(t *testing.T, why string) {
	t.Helper()
	select {
	case w := <-c.waits:
		t.Fatalf("%s, but the watcher polled and asked to wait %s", why, w.d)
	case <-time.After(watchQuiet):
	}
}

// pass lets the wait end, as if its time had come.
func (w watchWait) pass() { w.fire <- time.Time{} }

// watchSource is a fake WatchSource: it serves whatever the test set, counts calls and
// returns queued errors first.
type watchSource struct {
	mu           sync.Mutex
	computes     []*armmachinelearning.ComputeResource
	jobs         []*armmachinelearning.JobBase
	computeErrs  []error
	jobErrs      []error
	computeCalls int
	jobCalls     int
}

func (s *watchSource) listComputes(ctx context.Context) ([]*armmachinelearning.ComputeResource, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.computeCalls++
	if len(s.computeErrs) > 0 {
		err := s.computeErrs[0]
		s.computeErrs = s.computeErrs[1:]
		return nil, err
	}
	return slices.Clone(s.computes), ctx.Err()
}

func (s *watchSource) listJobs(ctx context.Context) ([]*armmachinelearning.JobBase, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobCalls++
	if len(s.jobErrs) > 0 {
		err := s.jobErrs[0]
		s.jobErrs = s.jobErrs[1:]
		return nil, err
	}
	return slices.Clone(s.jobs), ctx.Err()
}

func (s *watchSource) setComputes(list ...*armmachinelearning.ComputeResource) {
	s.mu.Lock()
	s.computes = list
	s.mu.Unlock()
}

func (s *watchSource) setJobs(list ...*armmachinelearning.JobBase) {
	s.mu.Lock()
	s.jobs = list
	s.mu.Unlock()
}

func (s *watchSource) failComputes(errs ...error) {
	s.mu.Lock()
	s.computeErrs = append(s.computeErrs, errs...)
	s.mu.Unlock()
}

func (s *watchSource) calls() (computes, jobs int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.computeCalls, s.jobCalls
}

// watchHarness is a bus with both watchers registered against a fake source and clock.
type watchHarness struct {
	bus   *bus.Bus
	clock *watchClock
	src   *watchSource
}

func newWatchHarness(t *testing.T, opts WatchOptions) *watchHarness {
	t.Helper()
	watchNoLeaks(t)
	h := &watchHarness{bus: bus.New(), clock: newWatchClock(), src: &watchSource{}}
	opts.After, opts.Now = h.clock.After, h.clock.Now
	unregister := RegisterWatchers(h.bus, WatchSource{ListComputes: h.src.listComputes, ListJobs: h.src.listJobs}, opts)
	t.Cleanup(unregister)
	return h
}

// watchNoLeaks fails the test if goroutines it started outlive it (after a grace period).
func watchNoLeaks(t *testing.T) {
	t.Helper()
	leakcheck.Check(t, watchPatience)
}

// take receives one event or fails after watchPatience.
func take[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v, ok := <-ch:
		if !ok {
			t.Fatal("subscription closed early")
		}
		return v
	case <-time.After(watchPatience):
		var zero T
		t.Fatalf("timed out waiting for a %T", zero)
	}
	panic("unreachable")
}

// nothing checks that ch yields nothing for a while.
func nothing[T any](t *testing.T, ch <-chan T) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("unexpected event %#v", v)
	case <-time.After(watchQuiet):
	}
}

// waitUntil polls cond until it holds or fails after watchPatience.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(watchPatience)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func subscribeCtx(t *testing.T) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx, cancel
}

// cluster builds an AmlCompute as the list call returns it; alloc "" leaves allocationState null.
func cluster(name, provisioning, alloc string, nodes int32) *armmachinelearning.ComputeResource {
	props := &armmachinelearning.AmlComputeProperties{
		VMSize:           ptrTo("STANDARD_DS3_V2"),
		CurrentNodeCount: ptrTo(nodes),
		TargetNodeCount:  ptrTo(nodes),
	}
	if alloc != "" {
		props.AllocationState = ptrTo(armmachinelearning.AllocationState(alloc))
	}
	return &armmachinelearning.ComputeResource{
		Name:     ptrTo(name),
		Location: ptrTo("eastus"),
		Properties: &armmachinelearning.AmlCompute{
			ComputeType:       ptrTo(armmachinelearning.ComputeTypeAmlCompute),
			ProvisioningState: ptrTo(armmachinelearning.ProvisioningState(provisioning)),
			Properties:        props,
		},
	}
}

// job builds a command job with a status, created at minute past noon.
func job(name string, status armmachinelearning.JobStatus, minute int) *armmachinelearning.JobBase {
	created := time.Date(2026, 12, 3, 12, minute, 0, 0, time.UTC)
	return &armmachinelearning.JobBase{
		Name:       ptrTo(name),
		SystemData: &armmachinelearning.SystemData{CreatedAt: &created},
		Properties: &armmachinelearning.CommandJob{
			JobType:        ptrTo(armmachinelearning.JobTypeCommand),
			Status:         ptrTo(status),
			DisplayName:    ptrTo(name + " display"),
			ExperimentName: ptrTo("exp"),
			ComputeID:      ptrTo("/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/computes/cpu"),
		},
	}
}

func ptrTo[T any](v T) *T { return &v }
