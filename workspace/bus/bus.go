// Package bus is amlconsole's typed in-process publish/subscribe broker.
//
//	b := bus.New()
//	changes := bus.Subscribe[workspace.ComputeChange](ctx, b) // typed, listens to E's topic
//	all := b.SubscribeTopics(ctx)                               // every event, for the UI forwarder
//	bus.Publish(b, ev)                                          // never blocks
//	b.OnDemand(topic, start)                                    // a producer that runs only while listened to
//
// Every event implements Event: Delivery says whether it may be coalesced (a newer event with the
// same Topic and CoalesceKey replaces an undelivered older one) or must be delivered (queued
// without bound). Each subscription has its own queue and goroutine, so a subscriber that stops
// reading delays nobody: publishers and other subscribers go on at full speed while its queue
// grows (by one entry per coalesce key for coalescible events). Cancelling the context a
// subscription was made with ends its goroutine, drops its queue and closes its channel.
//
// Events that implement Retained (snapshots, connection state) are also kept, newest per key,
// and handed to each new subscription at once, so a screen opened while a watcher is between
// polls shows the latest list immediately.
//
// With one publisher, a subscriber sees events in publish order; a coalescible event that
// replaces an undelivered one drops it and joins the tail, so it is still seen after everything
// published before it. Publishers running concurrently are not ordered with respect to each
// other.
package bus

import (
	"context"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
)

// Delivery tells the bus what it may do with an event a subscriber has not taken yet.
type Delivery int

const (
	// Coalesce lets a newer event with the same Topic and CoalesceKey replace an undelivered one
	// (snapshots, progress).
	Coalesce Delivery = iota
	// MustDeliver queues the event until the subscriber takes it (operation results, errors).
	MustDeliver
)

// Event is anything published on the bus.
type Event interface {
	// Topic names the stream the event belongs to; producers started with OnDemand are keyed by it.
	Topic() string
	// Delivery says whether the event may be coalesced.
	Delivery() Delivery
	// CoalesceKey groups coalescible events: only the newest per key is kept. Unused for MustDeliver.
	CoalesceKey() string
}

// Bus is a broker safe for concurrent use. The zero value is not usable; call New.
type Bus struct {
	// routes is replaced, never modified, so Publish reads it without taking a lock.
	routes atomic.Pointer[routes]
	retain retainer

	mu        sync.Mutex // guards everything below and serialises changes to routes
	listening map[string]int
	producers map[string][]*producer
}

// routes says which subscribers receive an event of a topic.
type routes struct {
	byTopic map[string][]subscriber
	all     []subscriber // subscriptions to every topic
}

// New returns an empty bus.
func New() *Bus {
	b := &Bus{listening: map[string]int{}, producers: map[string][]*producer{}}
	b.routes.Store(&routes{byTopic: map[string][]subscriber{}})
	return b
}

// Publish hands ev to every current subscriber of its topic without blocking: each subscriber
// queues it for its own goroutine to deliver. A Retained event is also kept for subscriptions
// made later. ev must not be nil.
func Publish[E Event](b *Bus, ev E) {
	e := Event(ev)
	if e == nil {
		panic("bus: Publish of a nil event")
	}
	if retains(e) {
		b.retain.publish(e, func() { b.deliver(e) })
		return
	}
	b.deliver(e)
}

// deliver offers e to every subscriber of its topic.
func (b *Bus) deliver(e Event) {
	r := b.routes.Load()
	for _, s := range r.byTopic[e.Topic()] {
		s.offer(e)
	}
	for _, s := range r.all {
		s.offer(e)
	}
}

// Subscribe returns a channel of events of type E; it is closed when ctx ends, and everything
// the subscription held is freed. It listens to the topic a zero E reports, which starts that
// topic's OnDemand producers. When E is an interface type, the subscription receives every
// event of that type on any topic and does not count as listening.
func Subscribe[E Event](ctx context.Context, b *Bus) <-chan E {
	var topics []string
	if topic, ok := topicOf[E](); ok {
		topics = []string{topic}
	}
	s := newSubscription(topics, func(ev Event) (E, bool) {
		v, ok := ev.(E)
		return v, ok
	})
	attach(ctx, b, s)
	return s.out
}

// SubscribeTopics returns a channel of every event whose topic is one of topics (all topics when
// none are given). It is closed when ctx ends. Naming a topic counts as listening to it for
// OnDemand producers; a subscription to all topics listens to none.
func (b *Bus) SubscribeTopics(ctx context.Context, topics ...string) <-chan Event {
	var named []string
	for _, t := range topics {
		if !slices.Contains(named, t) {
			named = append(named, t)
		}
	}
	s := newSubscription(named, func(ev Event) (Event, bool) { return ev, true })
	attach(ctx, b, s)
	return s.out
}

// Listeners reports how many live subscriptions name topic.
func (b *Bus) Listeners(topic string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.listening[topic]
}

// attach routes events to s, counts it as a listener of its topics, and starts its pump, which
// undoes all of that when ctx ends.
func attach[T any](ctx context.Context, b *Bus, s *subscription[T]) {
	if ctx.Err() != nil {
		close(s.out)
		return
	}
	b.mu.Lock()
	b.retain.subscribe(s, s.topics, func() { b.reroute(func(r *routes) { r.add(s, s.topics) }) })
	for _, t := range s.topics {
		b.listening[t]++
		if b.listening[t] == 1 {
			for _, p := range b.producers[t] {
				p.run()
			}
		}
	}
	b.mu.Unlock()
	go s.pump(ctx, func() { b.detach(s, s.topics) })
}

// detach stops routing events to s and stops the producers it was the last listener of.
func (b *Bus) detach(s subscriber, topics []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reroute(func(r *routes) { r.remove(s, topics) })
	for _, t := range topics {
		b.listening[t]--
		if b.listening[t] == 0 {
			delete(b.listening, t)
			for _, p := range b.producers[t] {
				p.stop()
			}
		}
	}
}

// reroute publishes a changed copy of the routes; b.mu must be held.
func (b *Bus) reroute(change func(*routes)) {
	old := b.routes.Load()
	r := &routes{byTopic: make(map[string][]subscriber, len(old.byTopic)), all: old.all}
	for t, subs := range old.byTopic {
		r.byTopic[t] = subs
	}
	change(r)
	b.routes.Store(r)
}

// add and remove build new slices rather than appending in place: a publisher may still be
// ranging over the old ones.
func (r *routes) add(s subscriber, topics []string) {
	if len(topics) == 0 {
		r.all = append(slices.Clip(r.all), s)
		return
	}
	for _, t := range topics {
		r.byTopic[t] = append(slices.Clip(r.byTopic[t]), s)
	}
}

func (r *routes) remove(s subscriber, topics []string) {
	without := func(subs []subscriber) []subscriber {
		return slices.DeleteFunc(slices.Clone(subs), func(x subscriber) bool { return x == s })
	}
	if len(topics) == 0 {
		r.all = without(r.all)
		return
	}
	for _, t := range topics {
		if rest := without(r.byTopic[t]); len(rest) > 0 {
			r.byTopic[t] = rest
		} else {
			delete(r.byTopic, t)
		}
	}
}

// topicOf reports the topic a zero E names, or false when E is an interface type and so has no
// topic of its own. Pointer event types are asked through a pointer to a zero value.
func topicOf[E Event]() (string, bool) {
	t := reflect.TypeFor[E]()
	switch t.Kind() {
	case reflect.Interface:
		return "", false
	case reflect.Pointer:
		return reflect.New(t.Elem()).Interface().(E).Topic(), true
	}
	var zero E
	return zero.Topic(), true
}
