package bus

import (
	"context"
	"sync"
)

// subscriber is what the bus keeps per subscription; the element type of the subscription's
// channel is hidden behind it.
type subscriber interface {
	// offer queues ev if the subscription wants it; it never blocks for longer than a short
	// critical section.
	offer(ev Event)
}

// subscription is one subscriber's queue and the pump goroutine that feeds its channel.
// The pump is the only goroutine that sends on out or closes it.
type subscription[T any] struct {
	accept func(Event) (T, bool) // filters (for offer) and converts (for the pump)
	topics []string              // the topics it listens to; nil: every topic, not listening
	out    chan T
	wake   chan struct{} // capacity 1: "the queue changed in a way the pump must see"

	mu    sync.Mutex
	q     queue
	ended bool // the subscription's context has ended: offers are dropped, the pump stops
}

func newSubscription[T any](topics []string, accept func(Event) (T, bool)) *subscription[T] {
	return &subscription[T]{
		accept: accept,
		topics: topics,
		out:    make(chan T),
		wake:   make(chan struct{}, 1),
	}
}

func (s *subscription[T]) offer(ev Event) {
	v, ok := s.accept(ev)
	if !ok {
		return
	}
	coalesce := ev.Delivery() == Coalesce
	var key coalesceKey
	if coalesce {
		key = keyOf(ev)
	}
	s.mu.Lock()
	if s.ended {
		s.mu.Unlock()
		return
	}
	// Nothing queued and nothing in flight: when the reader is already waiting, hand the event
	// over directly, saving the pump's hop. The pump only sends what is queued, so this keeps
	// the order, and holding mu (with ended unset) keeps the pump from closing the channel.
	if s.q.empty() {
		select {
		case s.out <- v:
			s.mu.Unlock()
			return
		default:
		}
	}
	wasEmpty := s.q.len() == 0
	headReplaced := s.q.push(ev, key, coalesce)
	s.mu.Unlock()
	// The pump needs a nudge only when it may be idle (the queue was empty) or is offering
	// an event that has just been replaced; otherwise it will find the new event on its own.
	if wasEmpty || headReplaced {
		s.signal()
	}
}

// next takes the event handed over as taken (when set) and peeks at the one after it, in one
// critical section; done reports that the subscription's context has ended.
func (s *subscription[T]) next(taken bool, seq uint64) (ev Event, nextSeq uint64, ok, done bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return nil, 0, false, true
	}
	if taken {
		s.q.take(seq)
	}
	ev, nextSeq, ok = s.q.peek()
	return ev, nextSeq, ok, false
}

// signal nudges the pump without blocking; one pending nudge is enough.
func (s *subscription[T]) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// pump hands queued events to the channel until ctx ends, then frees the queue, runs detach
// (which removes the subscription from the bus) and closes the channel.
//
// The end of ctx arrives as a nudge too (ended is set first), so the pump's selects watch one
// or two channels instead of three: selects cost in proportion to their channels, and this
// loop runs once per event delivered.
func (s *subscription[T]) pump(ctx context.Context, detach func()) {
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.ended = true
		s.mu.Unlock()
		s.signal()
	})
	defer func() {
		stop()
		s.mu.Lock()
		s.q = queue{}
		s.mu.Unlock()
		detach()
		close(s.out)
	}()
	var seq uint64
	taken := false
	for {
		ev, next, ok, done := s.next(taken, seq)
		if done {
			return
		}
		seq, taken = next, false
		if !ok {
			<-s.wake
			continue
		}
		// A replacement noticed before the blocking select must win over a reader that is
		// already waiting, or that reader would get an event known to be stale.
		select {
		case <-s.wake:
			continue
		default:
		}
		v, _ := s.accept(ev)
		select {
		case s.out <- v:
			taken = true
		case <-s.wake:
			// The queue changed under us (perhaps this very event was replaced), or ctx
			// ended: look again.
		}
	}
}
