package bus

import (
	"sync"
	"testing"
)

// snapshot is a retained test event; key picks its coalesce key.
type snapshot struct {
	key string
	n   int
}

func (snapshot) Topic() string         { return "snapshots" }
func (snapshot) Delivery() Delivery    { return Coalesce }
func (s snapshot) CoalesceKey() string { return s.key }
func (snapshot) Retained() bool        { return true }

// mustSnapshot asks to be retained but must be delivered: the bus does not retain it.
type mustSnapshot struct{ n int }

func (mustSnapshot) Topic() string       { return "snapshots" }
func (mustSnapshot) Delivery() Delivery  { return MustDeliver }
func (mustSnapshot) CoalesceKey() string { return "" }
func (mustSnapshot) Retained() bool      { return true }

// TestRetainedEventsReachLaterSubscribers: a new subscription gets the newest retained event
// of each key of its topics at once, in first-publish order; other events are not kept.
func TestRetainedEventsReachLaterSubscribers(t *testing.T) {
	noLeaks(t)
	b := New()
	Publish(b, snapshot{key: "a", n: 1})
	Publish(b, snapshot{key: "b", n: 1})
	Publish(b, snapshot{key: "a", n: 2})
	Publish(b, mustSnapshot{n: 3})
	Publish(b, progress{key: "p", n: 4})

	ctx, _ := ctxFor(t)
	for _, ch := range []<-chan snapshot{Subscribe[snapshot](ctx, b), Subscribe[snapshot](ctx, b)} {
		if got := receive(t, ch); got != (snapshot{key: "a", n: 2}) {
			t.Fatalf("first replayed = %+v, want the newest of key a", got)
		}
		if got := receive(t, ch); got != (snapshot{key: "b", n: 1}) {
			t.Fatalf("second replayed = %+v, want key b", got)
		}
	}
	all := b.SubscribeTopics(ctx)
	receive(t, all)
	receive(t, all)
	must := Subscribe[mustSnapshot](ctx, b)
	progressCh := Subscribe[progress](ctx, b)
	elsewhere := b.SubscribeTopics(ctx, "numbers")
	Publish(b, numbered{n: 5})
	Publish(b, mustSnapshot{n: 6})
	Publish(b, progress{key: "p", n: 7})
	if got := receive(t, all); got != (numbered{n: 5}) {
		t.Fatalf("all topics: got %#v after the replay, want the next live event", got)
	}
	if got := receive(t, elsewhere); got != (numbered{n: 5}) {
		t.Fatalf("another topic got %#v", got)
	}
	if got := receive(t, must); got.n != 6 {
		t.Fatalf("a must-deliver event was retained: got %d", got.n)
	}
	if got := receive(t, progressCh); got.n != 7 {
		t.Fatalf("a non-retained event was retained: got %d", got.n)
	}
}

// TestRetainedNeverGoesBackwards races retained publishes against new subscriptions: every
// subscriber sees each key's values only increase, and ends with the newest.
func TestRetainedNeverGoesBackwards(t *testing.T) {
	noLeaks(t)
	const publishes, subscribers = 2000, 20
	b := New()
	ctx, _ := ctxFor(t)
	var wg sync.WaitGroup
	wg.Go(func() {
		for n := 1; n <= publishes; n++ {
			Publish(b, snapshot{key: "k", n: n})
		}
	})
	errs := make(chan string, subscribers)
	for range subscribers {
		ch := Subscribe[snapshot](ctx, b)
		wg.Go(func() {
			last := 0
			for last < publishes {
				s := <-ch
				if s.n <= last {
					errs <- "went backwards"
					return
				}
				last = s.n
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestForget(t *testing.T) {
	noLeaks(t)
	b := New()
	Publish(b, snapshot{key: "a", n: 1})
	Publish(b, snapshot{key: "b", n: 2})
	b.Forget(snapshot{key: "a"})
	b.Forget(snapshot{key: "never published"})
	ctx, _ := ctxFor(t)
	ch := Subscribe[snapshot](ctx, b)
	if got := receive(t, ch); got.key != "b" {
		t.Fatalf("got %+v, want only key b retained", got)
	}
	Publish(b, snapshot{key: "a", n: 3})
	if got := receive(t, ch); got.n != 3 {
		t.Fatalf("got %+v, want the live event", got)
	}
}
