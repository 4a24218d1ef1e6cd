package workspace

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// TestComputeWatcherPublishesSnapshotsAndChanges drives three cycles: the first list adds
// everything, the second changes, removes and adds one compute each, the third changes nothing.
// Each cycle is one list call, and the interval follows the state: fast while a cluster resizes.
func TestComputeWatcherPublishesSnapshotsAndChanges(t *testing.T) {
	h := newWatchHarness(t, WatchOptions{})
	h.src.setComputes(cluster("beta", "Succeeded", "Steady", 0), cluster("alpha", "Succeeded", "Resizing", 2))
	ctx, _ := subscribeCtx(t)
	// Changes first: the first subscription starts the watcher, and unlike snapshots,
	// changes are not retained for subscribers that come later.
	changes := bus.Subscribe[ComputeChange](ctx, h.bus)
	snaps := bus.Subscribe[ComputesSnapshot](ctx, h.bus)

	snap := take(t, snaps)
	if got := computeNames(snap.Computes); fmt.Sprint(got) != "[alpha beta]" {
		t.Fatalf("snapshot names = %v, want [alpha beta] (sorted)", got)
	}
	for _, c := range snap.Computes {
		if c.Summary != compute.Summarize(c.Resource) {
			t.Fatalf("%s: snapshot summary is not compute.Summarize of its resource", c.Summary.Name)
		}
	}
	if snap.At.IsZero() {
		t.Fatal("snapshot not stamped")
	}
	for _, name := range []string{"alpha", "beta"} {
		c := take(t, changes)
		if c.Kind != Added || c.Name != name || c.Old != nil || c.New == nil || c.New.Summary.Name != name || c.At != snap.At {
			t.Fatalf("first cycle change = %+v, want %s added with its new state, stamped like the snapshot", c, name)
		}
	}
	w := h.clock.next(t)
	if w.d != DefaultFastInterval {
		t.Fatalf("waits %s while alpha is resizing, want the fast interval %s", w.d, DefaultFastInterval)
	}
	if n, _ := h.src.calls(); n != 1 {
		t.Fatalf("%d list calls in the first cycle, want 1", n)
	}

	h.src.setComputes(cluster("alpha", "Succeeded", "Steady", 2), cluster("gamma", "Succeeded", "Steady", 1))
	w.pass()
	snap = take(t, snaps)
	if got := computeNames(snap.Computes); fmt.Sprint(got) != "[alpha gamma]" {
		t.Fatalf("second snapshot = %v", got)
	}
	c := take(t, changes)
	if c.Kind != Changed || c.Name != "alpha" || c.Old.Summary.State != "Resizing" || c.New.Summary.State != "Steady" {
		t.Fatalf("change = %v %s, want alpha changed Resizing → Steady", c.Kind, c.Name)
	}
	c = take(t, changes)
	if c.Kind != Removed || c.Name != "beta" || c.New != nil || c.Old == nil || c.Old.Summary.Name != "beta" {
		t.Fatalf("change = %v %s, want beta removed with its old state", c.Kind, c.Name)
	}
	c = take(t, changes)
	if c.Kind != Added || c.Name != "gamma" {
		t.Fatalf("change = %v %s, want gamma added", c.Kind, c.Name)
	}
	w = h.clock.next(t)
	if w.d != DefaultSlowInterval {
		t.Fatalf("waits %s with everything steady, want the slow interval %s", w.d, DefaultSlowInterval)
	}

	w.pass()
	take(t, snaps)
	h.clock.next(t)
	nothing(t, changes)
	if n, jobs := h.src.calls(); n != 3 || jobs != 0 {
		t.Fatalf("%d compute and %d job list calls after three compute cycles, want 3 and 0", n, jobs)
	}
}

// TestWatcherRefreshOverridesTheIntervals: with --refresh the watcher polls at that interval
// whether anything is moving or not.
func TestWatcherRefreshOverridesTheIntervals(t *testing.T) {
	h := newWatchHarness(t, WatchOptions{Refresh: 7 * time.Second})
	h.src.setComputes(cluster("busy", "Creating", "", 0))
	ctx, _ := subscribeCtx(t)
	bus.Subscribe[ComputesSnapshot](ctx, h.bus)

	w := h.clock.next(t)
	if w.d != 7*time.Second {
		t.Fatalf("transitional: waits %s, want the refresh interval 7s", w.d)
	}
	h.src.setComputes(cluster("busy", "Succeeded", "Steady", 0))
	w.pass()
	if w = h.clock.next(t); w.d != 7*time.Second {
		t.Fatalf("steady: waits %s, want the refresh interval 7s", w.d)
	}
}

// TestWatcherBacksOffAndReportsConnectionState fails six polls in a row: the waits double from
// the fast interval up to the slow one, each failure is reported with the wait, and the first
// success reports the recovery once.
func TestWatcherBacksOffAndReportsConnectionState(t *testing.T) {
	h := newWatchHarness(t, WatchOptions{Fast: 2 * time.Second, Slow: 20 * time.Second})
	boom := errors.New("dial tcp: connection refused")
	h.src.failComputes(boom, boom, boom, boom, boom, boom)
	h.src.setComputes(cluster("alpha", "Succeeded", "Steady", 0))
	ctx, _ := subscribeCtx(t)
	states := bus.Subscribe[ConnectionState](ctx, h.bus)
	snaps := bus.Subscribe[ComputesSnapshot](ctx, h.bus)

	for i, want := range []time.Duration{2, 4, 8, 16, 20, 20} {
		want *= time.Second
		w := h.clock.next(t)
		if w.d != want {
			t.Fatalf("after failure %d: waits %s, want %s", i+1, w.d, want)
		}
		st := take(t, states)
		if !errors.Is(st.Err, boom) || st.RetryAfter != want || st.Watcher != TopicComputes {
			t.Fatalf("after failure %d: state = %+v, want the error, retry after %s, from the compute watcher", i+1, st, want)
		}
		w.pass()
	}
	take(t, snaps)
	if st := take(t, states); st.Err != nil || st.Watcher != TopicComputes {
		t.Fatalf("after recovery: state = %+v, want no error", st)
	}
	if w := h.clock.next(t); w.d != 20*time.Second {
		t.Fatalf("after recovery: waits %s, want the slow interval (backoff reset)", w.d)
	}
	if n, _ := h.src.calls(); n != 7 {
		t.Fatalf("%d list calls, want 7 (six failures, one success)", n)
	}
	nothing(t, states)
}

// TestWatcherHonoursRetryAfter: a 429's Retry-After sets the wait even beyond the backoff cap,
// an operation does not cut that wait short, and a Retry-After shorter than the
// backoff does not shorten it.
func TestWatcherHonoursRetryAfter(t *testing.T) {
	h := newWatchHarness(t, WatchOptions{})
	throttled := fmt.Errorf("list computes: %w", &Error{StatusCode: 429, Code: "TooManyRequests", RetryAfter: 45 * time.Second})
	h.src.failComputes(throttled)
	h.src.setComputes(cluster("alpha", "Succeeded", "Steady", 0))
	ctx, _ := subscribeCtx(t)
	states := bus.Subscribe[ConnectionState](ctx, h.bus)
	bus.Subscribe[ComputesSnapshot](ctx, h.bus) // ConnectionState alone does not start a watcher

	w := h.clock.next(t)
	if w.d != 45*time.Second {
		t.Fatalf("after a 429 with Retry-After 45s: waits %s", w.d)
	}
	if st := take(t, states); st.RetryAfter != 45*time.Second || st.Err == nil {
		t.Fatalf("state = %+v, want the 429 and retry after 45s", st)
	}
	bus.Publish(h.bus, OperationEvent{ID: "op1", Verb: "start", Target: "alpha", Phase: OperationSucceeded})
	h.clock.none(t, "an operation finished while throttled")
	if n, _ := h.src.calls(); n != 1 {
		t.Fatalf("%d list calls while throttled, want 1", n)
	}
	w.pass()
	h.clock.next(t)

	// Three failures: the backoff (8s) is longer than the Retry-After (1s) and wins.
	h2 := newWatchHarness(t, WatchOptions{})
	short := &Error{StatusCode: 429, RetryAfter: time.Second}
	h2.src.failComputes(errors.New("reset"), errors.New("reset"), short)
	ctx2, _ := subscribeCtx(t)
	bus.Subscribe[ComputesSnapshot](ctx2, h2.bus)
	for _, want := range []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second} {
		w := h2.clock.next(t)
		if w.d != want {
			t.Fatalf("waits %s, want %s", w.d, want)
		}
		w.pass()
	}
	h2.clock.next(t)
}

// TestWatcherPollsOnOperations: progress of an operation changes nothing; one that the service
// accepted (Started), succeeded or failed makes the watcher poll at once instead of waiting
// out the slow interval.
func TestWatcherPollsOnOperations(t *testing.T) {
	h := newWatchHarness(t, WatchOptions{})
	h.src.setComputes(cluster("alpha", "Succeeded", "Steady", 0))
	ctx, _ := subscribeCtx(t)
	changes := bus.Subscribe[ComputeChange](ctx, h.bus)
	take(t, changes)
	if w := h.clock.next(t); w.d != DefaultSlowInterval {
		t.Fatalf("steady: waits %s", w.d)
	}

	h.src.setComputes(cluster("alpha", "Succeeded", "Resizing", 0))
	bus.Publish(h.bus, OperationEvent{ID: "op1", Verb: "resize", Target: "alpha", Phase: OperationStarted})
	if c := take(t, changes); c.Kind != Changed || c.New.Summary.State != "Resizing" {
		t.Fatalf("change = %v %s, want alpha changed to Resizing", c.Kind, c.New.Summary.State)
	}
	if w := h.clock.next(t); w.d != DefaultFastInterval {
		t.Fatalf("resizing: waits %s, want fast", w.d)
	}

	bus.Publish(h.bus, OperationEvent{ID: "op1", Verb: "resize", Target: "alpha", Phase: OperationInProgress})
	h.clock.none(t, "an operation only made progress")

	h.src.setComputes(cluster("alpha", "Succeeded", "Steady", 0))
	bus.Publish(h.bus, OperationEvent{ID: "op1", Verb: "resize", Target: "alpha", Phase: OperationSucceeded})
	if c := take(t, changes); c.Kind != Changed || c.New.Summary.State != "Steady" {
		t.Fatalf("change = %v %s, want alpha changed to Steady", c.Kind, c.New.Summary.State)
	}
	if w := h.clock.next(t); w.d != DefaultSlowInterval {
		t.Fatalf("steady again: waits %s, want slow", w.d)
	}

	h.src.setComputes()
	bus.Publish(h.bus, OperationEvent{ID: "op2", Verb: "delete", Target: "alpha", Phase: OperationFailed, Err: errors.New("Conflict")})
	if c := take(t, changes); c.Kind != Removed {
		t.Fatalf("change = %v, want alpha removed", c.Kind)
	}
	h.clock.next(t)
	if n, _ := h.src.calls(); n != 4 {
		t.Fatalf("%d list calls, want 4", n)
	}
}

// TestWatcherRunsOnlyWhileListenedTo: no listener, no polling; the watcher stops when the last
// listener leaves (its pending wait passing does nothing) and resumes, with the list it had,
// when a new one arrives.
func TestWatcherRunsOnlyWhileListenedTo(t *testing.T) {
	h := newWatchHarness(t, WatchOptions{})
	h.src.setComputes(cluster("alpha", "Succeeded", "Steady", 0))
	h.src.setJobs(job("j1", armmachinelearning.JobStatusCompleted, 1))

	everything, _ := subscribeCtx(t)
	h.bus.SubscribeTopics(everything)
	h.clock.none(t, "nobody named a watcher's topic")

	ctx1, cancel1 := subscribeCtx(t)
	ctx2, cancel2 := subscribeCtx(t)
	changes := bus.Subscribe[ComputeChange](ctx1, h.bus)
	h.bus.SubscribeTopics(ctx2, TopicComputes)
	take(t, changes)
	w := h.clock.next(t)

	cancel1()
	w.pass()
	w = h.clock.next(t) // still polling for the second listener
	cancel2()
	waitUntil(t, "the watcher has stopped listening for operations", func() bool {
		return h.bus.Listeners(TopicOperations) == 0
	})
	w.pass()
	h.clock.none(t, "the last listener left")
	computeCalls, jobCalls := h.src.calls()
	if computeCalls != 2 || jobCalls != 0 {
		t.Fatalf("%d compute and %d job list calls, want 2 and 0", computeCalls, jobCalls)
	}

	h.src.setComputes(cluster("alpha", "Succeeded", "Steady", 0), cluster("beta", "Creating", "", 0))
	ctx3, _ := subscribeCtx(t)
	changes = bus.Subscribe[ComputeChange](ctx3, h.bus)
	if c := take(t, changes); c.Kind != Added || c.Name != "beta" {
		t.Fatalf("after resuming: change = %v %s, want only beta added (alpha was already known)", c.Kind, c.Name)
	}
	h.clock.next(t)
	nothing(t, changes)
}

// TestJobWatcher: snapshots newest first, status changes published with old and new, fast
// while a job can still move and slow once every job is terminal.
func TestJobWatcher(t *testing.T) {
	h := newWatchHarness(t, WatchOptions{})
	h.src.setJobs(job("old", armmachinelearning.JobStatusCompleted, 1), job("new", armmachinelearning.JobStatusRunning, 5))
	ctx, _ := subscribeCtx(t)
	changes := bus.Subscribe[JobChange](ctx, h.bus) // first, as in the compute watcher test
	snaps := bus.Subscribe[JobsSnapshot](ctx, h.bus)

	snap := take(t, snaps)
	if len(snap.Jobs) != 2 || *snap.Jobs[0].Name != "new" || *snap.Jobs[1].Name != "old" {
		t.Fatalf("snapshot not newest first")
	}
	for _, name := range []string{"new", "old"} {
		if c := take(t, changes); c.Kind != Added || c.Name != name || c.New == nil {
			t.Fatalf("change = %v %s, want %s added", c.Kind, c.Name, name)
		}
	}
	w := h.clock.next(t)
	if w.d != DefaultFastInterval {
		t.Fatalf("a job is running: waits %s, want fast", w.d)
	}

	h.src.setJobs(job("old", armmachinelearning.JobStatusCompleted, 1), job("new", armmachinelearning.JobStatusFailed, 5))
	w.pass()
	c := take(t, changes)
	if c.Kind != Changed || c.Name != "new" ||
		*jobProperties(c.Old).Status != armmachinelearning.JobStatusRunning || *jobProperties(c.New).Status != armmachinelearning.JobStatusFailed {
		t.Fatalf("change = %v %s, want new changed Running → Failed", c.Kind, c.Name)
	}
	if w := h.clock.next(t); w.d != DefaultSlowInterval {
		t.Fatalf("every job terminal: waits %s, want slow", w.d)
	}
	if _, n := h.src.calls(); n != 2 {
		t.Fatalf("%d job list calls, want 2", n)
	}
}

// TestWatchersOnRecordedLists feeds the recorded compute and job list answers through the
// watchers: every resource appears in the snapshot with its Summary, and jobs are all added.
func TestWatchersOnRecordedLists(t *testing.T) {
	computes := recordedComputeList(t)
	jobs := recordedJobList(t)
	h := newWatchHarness(t, WatchOptions{})
	h.src.setComputes(computes...)
	h.src.setJobs(jobs...)
	ctx, _ := subscribeCtx(t)
	csnaps := bus.Subscribe[ComputesSnapshot](ctx, h.bus)
	jsnaps := bus.Subscribe[JobsSnapshot](ctx, h.bus)

	cs := take(t, csnaps)
	if len(cs.Computes) != len(computes) {
		t.Fatalf("snapshot has %d computes, the recording %d", len(cs.Computes), len(computes))
	}
	for i, c := range cs.Computes {
		if c.Summary.Name == "" || c.Summary != compute.Summarize(c.Resource) {
			t.Fatalf("compute %d: summary %+v", i, c.Summary)
		}
		if i > 0 && cs.Computes[i-1].Summary.Name > c.Summary.Name {
			t.Fatal("snapshot not sorted by name")
		}
	}
	js := take(t, jsnaps)
	if len(js.Jobs) != len(jobs) || jobName(js.Jobs[0]) == "" {
		t.Fatalf("job snapshot has %d jobs, the recording %d", len(js.Jobs), len(jobs))
	}
}

func TestWatchOptionsValidate(t *testing.T) {
	for _, tc := range []struct {
		opts WatchOptions
		want string
	}{
		{WatchOptions{}, ""},
		{WatchOptions{Refresh: 5 * time.Second}, ""},
		{WatchOptions{Refresh: 100 * time.Millisecond}, "watch options: Refresh (--refresh): must be at least 500ms (got 100ms)"},
		{WatchOptions{Fast: -time.Second}, "watch options: Fast: must be at least 500ms (got -1s)"},
		{WatchOptions{Fast: 30 * time.Second, Slow: 10 * time.Second}, "watch options: Fast: must not be longer than Slow (30s > 10s)"},
	} {
		err := tc.opts.Validate()
		if got := fmt.Sprint(err); (tc.want == "" && err != nil) || (tc.want != "" && got != tc.want) {
			t.Errorf("Validate(%+v) = %v, want %q", tc.opts, err, tc.want)
		}
	}
}

func TestWatchOptionsDefaults(t *testing.T) {
	d := WatchOptions{}.timing()
	if d.fast != DefaultFastInterval || d.slow != DefaultSlowInterval || d.backoffCap != DefaultSlowInterval || d.pollTimeout != DefaultPollTimeout {
		t.Fatalf("defaults = %+v", d)
	}
	if d := (WatchOptions{Fast: time.Minute}).timing(); d.slow != time.Minute {
		t.Fatalf("Slow shorter than Fast was not raised: %+v", d)
	}
	if d := (WatchOptions{Refresh: time.Minute}).timing(); d.fast != time.Minute || d.slow != time.Minute || d.backoffCap != time.Minute {
		t.Fatalf("Refresh 1m: %+v", d)
	}
	if d := (WatchOptions{Refresh: time.Second}).timing(); d.backoffCap != DefaultSlowInterval {
		t.Fatalf("Refresh 1s: backoff cap %s, want the slow interval", d.backoffCap)
	}
}

func computeNames(list []Compute) []string {
	names := make([]string, len(list))
	for i, c := range list {
		names[i] = c.Summary.Name
	}
	return names
}

// TestWatcherPollTimeout: a list call that hangs is cut off after PollTimeout and counts as a
// failure of that watcher, reported as its ConnectionState; the other watcher is unaffected.
func TestWatcherPollTimeout(t *testing.T) {
	watchNoLeaks(t)
	clock := newWatchClock()
	b := bus.New()
	hung := func(ctx context.Context) ([]*armmachinelearning.JobBase, error) {
		<-ctx.Done()
		return nil, fmt.Errorf("list jobs: %w", ctx.Err())
	}
	unregister := RegisterWatchers(b, WatchSource{ListJobs: hung}, WatchOptions{
		PollTimeout: 5 * time.Millisecond, After: clock.After, Now: clock.Now,
	})
	t.Cleanup(unregister)
	ctx, _ := subscribeCtx(t)
	states := bus.Subscribe[ConnectionState](ctx, b)
	bus.Subscribe[JobsSnapshot](ctx, b)

	st := take(t, states)
	if st.Watcher != TopicJobs || !errors.Is(st.Err, context.DeadlineExceeded) ||
		!strings.Contains(st.Err.Error(), "listing jobs: no answer within 5ms") {
		t.Fatalf("state = %+v, want the job watcher's timeout, explained", st)
	}
	if w := clock.next(t); w.d != DefaultFastInterval {
		t.Fatalf("after a timeout: waits %s, want the first backoff step", w.d)
	}
}

// TestLateSubscriberGetsTheLatestSnapshot: a screen that subscribes while the watcher waits
// for its next cycle gets the latest list and connection state at once, with no extra call.
func TestLateSubscriberGetsTheLatestSnapshot(t *testing.T) {
	h := newWatchHarness(t, WatchOptions{})
	h.src.failComputes(errors.New("reset"))
	h.src.setComputes(cluster("alpha", "Succeeded", "Steady", 0))
	ctx, _ := subscribeCtx(t)
	first := bus.Subscribe[ComputesSnapshot](ctx, h.bus)
	h.clock.next(t).pass()
	take(t, first)
	h.clock.next(t)

	late := bus.Subscribe[ComputesSnapshot](ctx, h.bus)
	if snap := take(t, late); fmt.Sprint(computeNames(snap.Computes)) != "[alpha]" {
		t.Fatalf("late subscriber got %v", computeNames(snap.Computes))
	}
	if st := take(t, bus.Subscribe[ConnectionState](ctx, h.bus)); st.Err != nil || st.Watcher != TopicComputes {
		t.Fatalf("late subscriber's connection state = %+v, want recovered", st)
	}
	if n, _ := h.src.calls(); n != 2 {
		t.Fatalf("%d list calls, want 2: the late subscriber must not cause a poll", n)
	}
}

// TestUnregisterForgetsRetainedState: once the watchers are unregistered, a new subscriber
// of the same bus does not get their stale snapshot or connection state.
func TestUnregisterForgetsRetainedState(t *testing.T) {
	watchNoLeaks(t)
	clock := newWatchClock()
	b := bus.New()
	src := &watchSource{}
	src.setComputes(cluster("alpha", "Succeeded", "Steady", 0))
	src.failComputes(errors.New("reset"))
	unregister := RegisterWatchers(b, WatchSource{ListComputes: src.listComputes}, WatchOptions{After: clock.After, Now: clock.Now})
	ctx, cancel := subscribeCtx(t)
	states := bus.Subscribe[ConnectionState](ctx, b)
	snaps := bus.Subscribe[ComputesSnapshot](ctx, b)
	take(t, states)
	clock.next(t).pass()
	take(t, snaps)
	cancel()
	unregister()

	later, _ := subscribeCtx(t)
	nothing(t, bus.Subscribe[ComputesSnapshot](later, b))
	nothing(t, bus.Subscribe[ConnectionState](later, b))
}
