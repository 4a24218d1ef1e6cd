package workspace

import (
	"context"
	"fmt"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// WatchSource is what the watchers poll: exactly one list call per cycle, never a GET per row.
// A nil function means that watcher is not registered.
type WatchSource struct {
	ListComputes func(ctx context.Context) ([]*armmachinelearning.ComputeResource, error)
	ListJobs     func(ctx context.Context) ([]*armmachinelearning.JobBase, error)
}

// Watcher intervals when WatchOptions leaves them zero.
const (
	DefaultFastInterval = 2 * time.Second  // while anything is in a transitional state
	DefaultSlowInterval = 20 * time.Second // while everything is steady
	DefaultPollTimeout  = time.Minute      // one list call, all pages
	// MinRefresh is the shortest interval Validate accepts: ARM allows a subscription about
	// 25 reads a second, shared with every other client.
	MinRefresh = 500 * time.Millisecond
)

// WatchOptions tune the watchers. The zero value gives the adaptive defaults.
type WatchOptions struct {
	Fast time.Duration // interval while anything is transitional; default DefaultFastInterval
	Slow time.Duration // interval while everything is steady; default DefaultSlowInterval
	// Refresh (from --refresh), when set, replaces both: the watchers poll every Refresh
	// whatever the state. Error backoff still grows up to the larger of Refresh and Slow.
	Refresh time.Duration
	// PollTimeout bounds one list call, so a hung connection cannot stall a watcher for ever;
	// default DefaultPollTimeout.
	PollTimeout time.Duration

	Now func() time.Time // stamps events; default time.Now
	// After waits between polls; default time.After. Tests substitute a clock they drive.
	After func(d time.Duration) <-chan time.Time
}

// Validate reports the first option a user could have set wrongly, naming the field and the rule.
func (o WatchOptions) Validate() error {
	for _, f := range []struct {
		name string
		d    time.Duration
	}{{"Fast", o.Fast}, {"Slow", o.Slow}, {"Refresh (--refresh)", o.Refresh}, {"PollTimeout", o.PollTimeout}} {
		if f.d != 0 && f.d < MinRefresh {
			return fmt.Errorf("watch options: %s: must be at least %s (got %s)", f.name, MinRefresh, f.d)
		}
	}
	if o.Fast != 0 && o.Slow != 0 && o.Fast > o.Slow {
		return fmt.Errorf("watch options: Fast: must not be longer than Slow (%s > %s)", o.Fast, o.Slow)
	}
	return nil
}

// watchTiming is WatchOptions with every default filled in and the adaptive pair resolved.
type watchTiming struct {
	fast, slow, backoffCap, pollTimeout time.Duration
	now                                 func() time.Time
	after                               func(time.Duration) <-chan time.Time
}

// timing fills in defaults. Values Validate would refuse are not corrected beyond that: a
// non-positive duration means the default, and Slow is raised to Fast if it is shorter.
func (o WatchOptions) timing() watchTiming {
	orDefault := func(d, def time.Duration) time.Duration {
		if d <= 0 {
			return def
		}
		return d
	}
	t := watchTiming{
		fast:        orDefault(o.Fast, DefaultFastInterval),
		slow:        orDefault(o.Slow, DefaultSlowInterval),
		pollTimeout: orDefault(o.PollTimeout, DefaultPollTimeout),
		now:         o.Now,
		after:       o.After,
	}
	t.slow = max(t.slow, t.fast)
	t.backoffCap = t.slow
	if o.Refresh > 0 {
		t.fast, t.slow = o.Refresh, o.Refresh
		t.backoffCap = max(o.Refresh, t.backoffCap)
	}
	if t.now == nil {
		t.now = time.Now
	}
	if t.after == nil {
		t.after = time.After
	}
	return t
}

// RegisterWatchers registers the compute and job watchers on b as OnDemand producers of
// TopicComputes and TopicJobs: each runs only while a subscription names its topic, polls
// at once when it starts, and then adaptively (see WatchOptions). unregister stops them, waits
// until they have, and drops the snapshots and connection states they left retained on b.
func RegisterWatchers(b *bus.Bus, src WatchSource, opts WatchOptions) (unregister func()) {
	t := opts.timing()
	var stops []func()
	if src.ListComputes != nil {
		w := &computeWatcher{list: src.ListComputes, bus: b, now: t.now}
		l := &pollLoop{watcher: TopicComputes, bus: b, timing: t, cycle: w.cycle}
		stops = append(stops, b.OnDemand(TopicComputes, l.run))
	}
	if src.ListJobs != nil {
		w := &jobWatcher{list: src.ListJobs, bus: b, now: t.now}
		l := &pollLoop{watcher: TopicJobs, bus: b, timing: t, cycle: w.cycle}
		stops = append(stops, b.OnDemand(TopicJobs, l.run))
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
		// Whatever the watchers last saw is about to go stale: a bus that outlives them (say,
		// reused for another workspace) must not show it to new screens.
		b.Forget(ComputesSnapshot{})
		b.Forget(JobsSnapshot{})
		b.Forget(ConnectionState{Watcher: TopicComputes})
		b.Forget(ConnectionState{Watcher: TopicJobs})
	}
}
