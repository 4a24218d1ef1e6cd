package bus

import (
	"slices"
	"sync"
)

// Retained is implemented by coalescible events that a new subscriber should see at once
// rather than at the next publish (snapshots, connection state): the bus keeps the newest one
// per topic and CoalesceKey and queues it for each new subscription that wants it. Retained is
// ignored for MustDeliver events.
type Retained interface {
	Event
	// Retained reports whether the bus should keep this event for later subscribers.
	Retained() bool
}

// retainer holds the newest retained event per key. Its mutex also orders retained publishes
// against new subscriptions, so a subscriber never gets an older retained event after a
// newer one.
type retainer struct {
	mu     sync.Mutex
	latest map[coalesceKey]Event
	order  []coalesceKey // first-publish order, so replays are deterministic
}

// retains reports whether e is to be kept for later subscribers.
func retains(e Event) bool {
	r, ok := e.(Retained)
	return ok && e.Delivery() == Coalesce && r.Retained()
}

// publish keeps e and hands it to the current subscribers, all under the retainer's lock.
func (k *retainer) publish(e Event, deliver func()) {
	key := keyOf(e)
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.latest == nil {
		k.latest = make(map[coalesceKey]Event)
	}
	if _, ok := k.latest[key]; !ok {
		k.order = append(k.order, key)
	}
	k.latest[key] = e
	deliver()
}

// subscribe runs addRoute and then offers s every retained event of its topics (all topics
// when it names none), under the retainer's lock.
func (k *retainer) subscribe(s subscriber, topics []string, addRoute func()) {
	k.mu.Lock()
	defer k.mu.Unlock()
	addRoute()
	for _, key := range k.order {
		if len(topics) == 0 || slices.Contains(topics, key.topic) {
			s.offer(k.latest[key])
		}
	}
}

// Forget drops the retained event with ev's topic and CoalesceKey, so later subscriptions no
// longer get it: for state whose producer is gone for good, such as a closed workspace's list.
func (b *Bus) Forget(ev Event) {
	key := keyOf(ev)
	k := &b.retain
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.latest[key]; ok {
		delete(k.latest, key)
		k.order = slices.DeleteFunc(k.order, func(x coalesceKey) bool { return x == key })
	}
}
