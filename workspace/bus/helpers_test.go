package bus

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/amlconsole/amlconsole/internal/leakcheck"
)

// The test events. numbered must be delivered; progress coalesces per key; other shares
// numbered's topic with a different type.
type numbered struct{ pub, n int }

func (numbered) Topic() string       { return "numbers" }
func (numbered) Delivery() Delivery  { return MustDeliver }
func (numbered) CoalesceKey() string { return "" }

type progress struct {
	key string
	n   int
}

func (progress) Topic() string         { return "progress" }
func (progress) Delivery() Delivery    { return Coalesce }
func (p progress) CoalesceKey() string { return p.key }

type other struct{ n int }

func (other) Topic() string       { return "numbers" }
func (other) Delivery() Delivery  { return MustDeliver }
func (other) CoalesceKey() string { return "" }

// pointerEvent checks that pointer event types name their topic too.
type pointerEvent struct{}

func (*pointerEvent) Topic() string       { return "pointers" }
func (*pointerEvent) Delivery() Delivery  { return MustDeliver }
func (*pointerEvent) CoalesceKey() string { return "" }

// patience bounds every wait for an asynchronous effect; generous, since -race on two cores is slow.
const patience = 20 * time.Second

// noLeaks fails the test if, once it has finished, goroutines started during it are still
// running after a generous grace period.
func noLeaks(t *testing.T) {
	t.Helper()
	leakcheck.Check(t, patience)
}

// receive takes one value from ch or fails after patience.
func receive[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v, ok := <-ch:
		if !ok {
			t.Fatal("channel closed early")
		}
		return v
	case <-time.After(patience):
		t.Fatal("timed out waiting for an event")
	}
	panic("unreachable")
}

// waitClosed drains ch until it is closed or fails after patience.
func waitClosed[T any](t *testing.T, ch <-chan T) {
	t.Helper()
	timeout := time.After(patience)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatal("channel not closed after its context ended")
		}
	}
}

// eventually polls cond until it holds or fails after patience.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// routeCount counts subscriptions the bus still routes events to.
func routeCount(b *Bus) int {
	r := b.routes.Load()
	n := len(r.all)
	for _, subs := range r.byTopic {
		n += len(subs)
	}
	return n
}

func ctxFor(t *testing.T) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx, cancel
}

func key(i int) string { return "k" + strconv.Itoa(i) }
