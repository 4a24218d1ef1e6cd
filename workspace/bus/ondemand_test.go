package bus

import (
	"context"
	"sync"
	"testing"
	"time"
)

// recorder is an OnDemand producer that reports its starts and stops and checks that its runs
// never overlap.
type recorder struct {
	mu      sync.Mutex
	running int
	overlap bool
	started chan struct{}
	stopped chan struct{}
}

func newRecorder() *recorder {
	return &recorder{started: make(chan struct{}, 100), stopped: make(chan struct{}, 100)}
}

func (r *recorder) start(ctx context.Context) {
	r.mu.Lock()
	r.running++
	r.overlap = r.overlap || r.running > 1
	r.mu.Unlock()
	r.started <- struct{}{}
	<-ctx.Done()
	r.mu.Lock()
	r.running--
	r.mu.Unlock()
	r.stopped <- struct{}{}
}

func (r *recorder) state() (running int, overlap bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.running, r.overlap
}

// quiet fails if ch yields within a short while: used to show something did not happen.
func quiet(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
		t.Fatalf("unexpected: %s", what)
	case <-time.After(20 * time.Millisecond):
	}
}

func TestOnDemandRunsWhileListenedTo(t *testing.T) {
	noLeaks(t)
	b := New()
	r := newRecorder()
	unregister := b.OnDemand("numbers", r.start)
	defer unregister()

	quiet(t, r.started, "started with no subscription")

	allCtx, _ := ctxFor(t)
	b.SubscribeTopics(allCtx)
	b.SubscribeTopics(allCtx, "progress")
	quiet(t, r.started, "started by subscriptions that do not name its topic")

	ctx1, cancel1 := context.WithCancel(context.Background())
	Subscribe[numbered](ctx1, b)
	receive(t, r.started)

	ctx2, cancel2 := context.WithCancel(context.Background())
	b.SubscribeTopics(ctx2, "numbers")
	quiet(t, r.started, "started twice for a second listener")

	cancel1()
	quiet(t, r.stopped, "stopped while a listener remained")

	cancel2()
	receive(t, r.stopped)
	if running, _ := r.state(); running != 0 {
		t.Fatalf("%d runs still going after the last listener left", running)
	}

	// A new listener restarts it; flapping listeners never make two runs overlap.
	for range 20 {
		ctx, cancel := context.WithCancel(context.Background())
		Subscribe[other](ctx, b)
		cancel()
	}
	ctx3, cancel3 := context.WithCancel(context.Background())
	Subscribe[numbered](ctx3, b)
	eventually(t, "a run is going again", func() bool { running, _ := r.state(); return running == 1 })
	cancel3()
	eventually(t, "the run has stopped", func() bool { running, _ := r.state(); return running == 0 })
	if _, overlap := r.state(); overlap {
		t.Fatal("two runs of one producer overlapped")
	}
}

func TestOnDemandRegisteredWhileListenedTo(t *testing.T) {
	noLeaks(t)
	b := New()
	ctx, cancel := context.WithCancel(context.Background())
	Subscribe[numbered](ctx, b)

	r := newRecorder()
	unregister := b.OnDemand("numbers", r.start)
	receive(t, r.started)

	// unregister stops the run and waits for it; a second call is harmless.
	unregister()
	if running, _ := r.state(); running != 0 {
		t.Fatal("unregister returned before the run ended")
	}
	unregister()
	cancel()

	// Once unregistered it never starts again.
	ctx2, cancel2 := ctxFor(t)
	Subscribe[numbered](ctx2, b)
	quiet(t, r.started, "started after unregister")
	cancel2()
}

func TestOnDemandSeveralProducersPerTopic(t *testing.T) {
	noLeaks(t)
	b := New()
	r1, r2 := newRecorder(), newRecorder()
	defer b.OnDemand("numbers", r1.start)()
	defer b.OnDemand("numbers", r2.start)()
	ctx, cancel := context.WithCancel(context.Background())
	Subscribe[numbered](ctx, b)
	receive(t, r1.started)
	receive(t, r2.started)
	cancel()
	receive(t, r1.stopped)
	receive(t, r2.stopped)
}

// TestOnDemandProducerPublishes is the watcher pattern: the producer publishes to the topic it
// serves and its subscribers receive it.
func TestOnDemandProducerPublishes(t *testing.T) {
	noLeaks(t)
	b := New()
	defer b.OnDemand("numbers", func(ctx context.Context) {
		Publish(b, numbered{n: 42})
		<-ctx.Done()
	})()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if got := receive(t, Subscribe[numbered](ctx, b)); got.n != 42 {
		t.Fatalf("got %d, want 42", got.n)
	}
}
