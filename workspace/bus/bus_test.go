package bus

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestManyPublishersManySubscribers runs 10 publishers × 10 subscribers × 10,000 must-deliver
// events each, with coalescible events interleaved: every subscriber gets every must-deliver
// event exactly once, in each publisher's order, and nothing deadlocks.
func TestManyPublishersManySubscribers(t *testing.T) {
	noLeaks(t)
	const publishers, subscribers, perPublisher = 10, 10, 10_000
	b := New()
	ctx, cancel := ctxFor(t)

	type tally struct {
		got      int
		progress int
		last     [publishers]int
		bad      string
	}
	results := make([]tally, subscribers)
	var readers sync.WaitGroup
	for s := range subscribers {
		ch := b.SubscribeTopics(ctx, "numbers", "progress")
		res := &results[s]
		for p := range res.last {
			res.last[p] = -1
		}
		readers.Go(func() {
			for res.got < publishers*perPublisher {
				ev, ok := <-ch
				if !ok {
					res.bad = "channel closed early"
					return
				}
				switch e := ev.(type) {
				case numbered:
					if e.n != res.last[e.pub]+1 && res.bad == "" {
						res.bad = "publisher order broken or event lost"
					}
					res.last[e.pub] = e.n
					res.got++
				case progress:
					res.progress++
				}
			}
		})
	}

	var pubs sync.WaitGroup
	for p := range publishers {
		pubs.Go(func() {
			for n := range perPublisher {
				Publish(b, numbered{pub: p, n: n})
				if n%10 == 0 {
					Publish(b, progress{key: key(p), n: n})
				}
			}
		})
	}
	pubs.Wait()

	done := make(chan struct{})
	go func() { readers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(patience):
		t.Fatal("deadlock: subscribers did not receive every event")
	}
	for s, res := range results {
		if res.bad != "" {
			t.Fatalf("subscriber %d: %s", s, res.bad)
		}
		if res.got != publishers*perPublisher {
			t.Fatalf("subscriber %d got %d must-deliver events, want %d", s, res.got, publishers*perPublisher)
		}
		for p, last := range res.last {
			if last != perPublisher-1 {
				t.Fatalf("subscriber %d: last event of publisher %d was %d, want %d", s, p, last, perPublisher-1)
			}
		}
	}
	cancel()
	eventually(t, "every subscription is detached", func() bool { return routeCount(b) == 0 })
}

// TestBlockedSubscriberDoesNotDelayOthers publishes to one subscriber that never reads and to
// others that do: publishing never waits, the readers get everything, and the blocked one
// still has everything queued when it finally reads.
func TestBlockedSubscriberDoesNotDelayOthers(t *testing.T) {
	noLeaks(t)
	const events = 5_000
	b := New()
	ctx, _ := ctxFor(t)
	blocked := Subscribe[numbered](ctx, b)
	readers := make([]<-chan numbered, 3)
	for i := range readers {
		readers[i] = Subscribe[numbered](ctx, b)
	}

	published := make(chan struct{})
	go func() {
		for n := range events {
			Publish(b, numbered{n: n})
		}
		close(published)
	}()
	select {
	case <-published:
	case <-time.After(patience):
		t.Fatal("Publish blocked behind a subscriber that does not read")
	}
	for i, ch := range readers {
		for n := range events {
			if got := receive(t, ch); got.n != n {
				t.Fatalf("reader %d: got event %d, want %d", i, got.n, n)
			}
		}
	}
	for n := range events {
		if got := receive(t, blocked); got.n != n {
			t.Fatalf("blocked subscriber: got event %d, want %d", got.n, n)
		}
	}
}

// TestCancelFreesEverything cancels subscriptions holding queued events: their channels close,
// their goroutines end, the bus forgets them and publishing afterwards reaches nobody.
func TestCancelFreesEverything(t *testing.T) {
	noLeaks(t)
	b := New()
	var cancels []context.CancelFunc
	var chans []<-chan numbered
	var all []<-chan Event
	for range 20 {
		ctx, cancel := context.WithCancel(context.Background())
		cancels = append(cancels, cancel)
		chans = append(chans, Subscribe[numbered](ctx, b))
		all = append(all, b.SubscribeTopics(ctx))
	}
	for n := range 1000 {
		Publish(b, numbered{n: n})
		Publish(b, progress{key: key(n % 7), n: n})
	}
	for _, cancel := range cancels {
		cancel()
	}
	for i := range chans {
		waitClosed(t, chans[i])
		waitClosed(t, all[i])
	}
	eventually(t, "the bus has no routes left", func() bool { return routeCount(b) == 0 })
	if n := b.Listeners("numbers"); n != 0 {
		t.Fatalf("Listeners(numbers) = %d after every subscription ended", n)
	}
	Publish(b, numbered{n: -1})
}

// TestSubscribeDoneContext returns an already closed channel for a finished context.
func TestSubscribeDoneContext(t *testing.T) {
	noLeaks(t)
	b := New()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	waitClosed(t, Subscribe[numbered](ctx, b))
	waitClosed(t, b.SubscribeTopics(ctx, "numbers"))
	if n := b.Listeners("numbers"); n != 0 {
		t.Fatalf("Listeners = %d for a subscription made with a finished context", n)
	}
}

// TestCoalescingKeepsNewestPerKey floods a subscriber that is not reading with coalescible
// events for two keys between must-deliver ones: it then sees every must-deliver event and only
// the newest event of each key, each in the place of its latest publish.
func TestCoalescingKeepsNewestPerKey(t *testing.T) {
	noLeaks(t)
	b := New()
	ctx, _ := ctxFor(t)
	ch := b.SubscribeTopics(ctx, "numbers", "progress")

	Publish(b, numbered{n: 1})
	for n := range 1000 {
		Publish(b, progress{key: "a", n: n})
	}
	Publish(b, numbered{n: 2})
	for n := range 1000 {
		Publish(b, progress{key: "b", n: n})
	}
	Publish(b, progress{key: "a", n: 1000})
	Publish(b, numbered{n: 3})

	want := []Event{numbered{n: 1}, numbered{n: 2}, progress{key: "b", n: 999}, progress{key: "a", n: 1000}, numbered{n: 3}}
	for i, w := range want {
		if got := receive(t, ch); got != w {
			t.Fatalf("event %d = %#v, want %#v", i, got, w)
		}
	}
	select {
	case ev := <-ch:
		t.Fatalf("unexpected extra event %#v", ev)
	case <-time.After(20 * time.Millisecond):
	}
}

// TestCoalescedHeadIsReplaced checks the case where the event being offered to a waiting
// subscriber is itself replaced: the subscriber gets the newest one, not the stale head.
func TestCoalescedHeadIsReplaced(t *testing.T) {
	noLeaks(t)
	b := New()
	ctx, _ := ctxFor(t)
	ch := Subscribe[progress](ctx, b)
	for n := range 100 {
		Publish(b, progress{key: "only", n: n})
	}
	if got := receive(t, ch); got.n != 99 {
		t.Fatalf("got progress %d, want the newest (99)", got.n)
	}
}

// TestUnreadCoalescedStreamStaysSmall publishes a long coalescible stream to a subscriber that
// never reads: its queue keeps one event per key, not one per publish.
func TestUnreadCoalescedStreamStaysSmall(t *testing.T) {
	noLeaks(t)
	b := New()
	ctx, _ := ctxFor(t)
	Subscribe[progress](ctx, b)
	for n := range 100_000 {
		Publish(b, progress{key: key(n % 3), n: n})
	}
	s := b.routes.Load().byTopic["progress"][0].(*subscription[progress])
	s.mu.Lock()
	live, held := s.q.len(), len(s.q.items)
	s.mu.Unlock()
	if live != 3 {
		t.Fatalf("%d events queued, want 3 (one per key)", live)
	}
	if held > 2*compactAt+8 {
		t.Fatalf("queue holds %d entries for 3 live events", held)
	}
}

// TestTypedSubscriptions: Subscribe[E] gets only E even when other types share its topic;
// SubscribeTopics gets every type of the named topics, or of all topics when none is named.
func TestTypedSubscriptions(t *testing.T) {
	noLeaks(t)
	b := New()
	ctx, _ := ctxFor(t)
	nums := Subscribe[numbered](ctx, b)
	others := Subscribe[other](ctx, b)
	topic := b.SubscribeTopics(ctx, "numbers", "numbers")
	everything := b.SubscribeTopics(ctx)
	anyEvent := Subscribe[Event](ctx, b)
	pointers := Subscribe[*pointerEvent](ctx, b)

	pe := &pointerEvent{}
	Publish(b, numbered{n: 1})
	Publish(b, other{n: 2})
	Publish(b, progress{key: "p", n: 3})
	Publish(b, pe)

	if got := receive(t, nums); got != (numbered{n: 1}) {
		t.Fatalf("Subscribe[numbered] got %#v", got)
	}
	if got := receive(t, others); got != (other{n: 2}) {
		t.Fatalf("Subscribe[other] got %#v", got)
	}
	if got := receive(t, pointers); got != pe {
		t.Fatalf("Subscribe[*pointerEvent] got %#v", got)
	}
	for i, w := range []Event{numbered{n: 1}, other{n: 2}} {
		if got := receive(t, topic); got != w {
			t.Fatalf("SubscribeTopics(numbers) event %d = %#v, want %#v", i, got, w)
		}
	}
	for _, ch := range []<-chan Event{everything, anyEvent} {
		for i, w := range []Event{numbered{n: 1}, other{n: 2}, progress{key: "p", n: 3}, pe} {
			if got := receive(t, ch); got != w {
				t.Fatalf("all-topics event %d = %#v, want %#v", i, got, w)
			}
		}
	}
	if n := b.Listeners("numbers"); n != 3 {
		t.Fatalf("Listeners(numbers) = %d, want 3 (two typed, one naming the topic twice)", n)
	}
	if n := b.Listeners("progress"); n != 0 {
		t.Fatalf("Listeners(progress) = %d, want 0: all-topics subscriptions do not listen", n)
	}
	if n := b.Listeners("pointers"); n != 1 {
		t.Fatalf("Listeners(pointers) = %d, want 1", n)
	}
}

// TestPublishNilPanics: a nil event is a programming error, reported as such.
func TestPublishNilPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Publish(nil) did not panic")
		}
	}()
	Publish[Event](New(), nil)
}
