// Package bus is amlconsole's typed in-process publish/subscribe broker.
//
// CONTRACT (skeleton written by the lead; the bus owner replaces the bodies, keeps the API):
//
//	b := bus.New()
//	sub := bus.Subscribe[workspace.ComputeChange](ctx, b)      // typed
//	all := b.SubscribeAll(ctx)                                   // every event, for the UI forwarder
//	bus.Publish(b, ev)                                           // never blocks
//	b.Listeners(topic) int / b.OnDemand(topic, start)            // producers that run only while listened to
//
// Every event implements Event: Delivery says whether it may be coalesced (a newer event with the
// same CoalesceKey replaces an undelivered older one) or must be delivered (queued without bound).
package bus

import "context"

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

// Bus is a broker safe for concurrent use.
type Bus struct{}

// New returns an empty bus.
func New() *Bus { return &Bus{} }

// Publish hands ev to every current subscriber of its topic without blocking.
func Publish[E Event](b *Bus, ev E) { panic("bus: not implemented") }

// Subscribe returns a channel of events of type E; it is closed when ctx ends, and everything
// the subscription held is freed.
func Subscribe[E Event](ctx context.Context, b *Bus) <-chan E { panic("bus: not implemented") }

// SubscribeTopics returns a channel of every event whose topic is one of topics (all topics when
// none are given). Subscribing to a topic counts as listening to it for OnDemand producers.
func (b *Bus) SubscribeTopics(ctx context.Context, topics ...string) <-chan Event {
	panic("bus: not implemented")
}

// OnDemand registers a producer for topic: start runs in its own goroutine while at least one
// subscription names the topic, and its context is cancelled when the last one ends.
func (b *Bus) OnDemand(topic string, start func(ctx context.Context)) (unregister func()) {
	panic("bus: not implemented")
}
