package workspace

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/amlconsole/amlconsole/workspace/bus"
)

// pollLoop is the schedule shared by the watchers: poll, publish, wait, repeat. It waits the
// fast interval while the last poll saw anything in motion and the slow one otherwise; after
// failures it backs off exponentially (and for at least the Retry-After the service asked for),
// reporting each failure and the recovery as ConnectionState. An operation that the service
// has accepted, or that has ended, cuts a wait short, so the list shows a user's action at once.
//
// OnDemand never overlaps two runs of one producer, so the loop's state, kept across runs,
// needs no lock.
type pollLoop struct {
	watcher string // the topic it serves, named in its ConnectionState
	bus     *bus.Bus
	timing  watchTiming
	// cycle makes one list call and publishes what it found; busy reports whether anything
	// is transitional.
	cycle func(ctx context.Context) (busy bool, err error)

	failing bool // the last poll failed and no recovery has been published yet
}

// run is the OnDemand producer: it polls until ctx ends.
func (l *pollLoop) run(ctx context.Context) {
	// Operations cut waits short; the subscription ends with the run.
	opsCtx, stopOps := context.WithCancel(ctx)
	defer stopOps()
	ops := bus.Subscribe[OperationEvent](opsCtx, l.bus)

	failures := 0
	for {
		busy, err := l.poll(ctx)
		if ctx.Err() != nil {
			return
		}
		var wait time.Duration
		throttled := false
		if err != nil {
			failures++
			wait, throttled = l.backoff(failures, err)
			l.failing = true
			bus.Publish(l.bus, ConnectionState{Watcher: l.watcher, Err: err, RetryAfter: wait, At: l.timing.now()})
		} else {
			failures = 0
			if l.failing {
				l.failing = false
				bus.Publish(l.bus, ConnectionState{Watcher: l.watcher, At: l.timing.now()})
			}
			wait = l.timing.slow
			if busy {
				wait = l.timing.fast
			}
		}
		if !l.wait(ctx, wait, throttled, ops) {
			return
		}
	}
}

// poll runs one cycle under the poll timeout, saying so when that is what ended it.
func (l *pollLoop) poll(ctx context.Context) (busy bool, err error) {
	pollCtx, cancel := context.WithTimeout(ctx, l.timing.pollTimeout)
	defer cancel()
	busy, err = l.cycle(pollCtx)
	if err != nil && ctx.Err() == nil && errors.Is(pollCtx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("listing %s: no answer within %s: %w", l.watcher, l.timing.pollTimeout, err)
	}
	return busy, err
}

// backoff returns the wait after the n-th failure in a row: the fast interval doubled per
// failure up to the cap, and at least the service's Retry-After. Throttled (429, or any answer
// with Retry-After) means the wait must not be cut short by an operation.
func (l *pollLoop) backoff(n int, err error) (wait time.Duration, throttled bool) {
	wait = l.timing.fast
	for i := 1; i < n && wait < l.timing.backoffCap; i++ {
		wait *= 2
	}
	wait = min(wait, l.timing.backoffCap)
	var e *Error
	if errors.As(err, &e) {
		throttled = e.StatusCode == http.StatusTooManyRequests || e.RetryAfter > 0
		wait = max(wait, e.RetryAfter)
	}
	return wait, throttled
}

// wait sleeps for d, or until an operation starts, succeeds or fails (unless throttled), or
// ctx ends; it reports whether to poll again.
func (l *pollLoop) wait(ctx context.Context, d time.Duration, throttled bool, ops <-chan OperationEvent) bool {
	timer := l.timing.after(d)
	for {
		select {
		case <-ctx.Done():
			return false
		case <-timer:
			return true
		case ev, ok := <-ops:
			if !ok {
				return false
			}
			if throttled || !operationVisible(ev.Phase) {
				continue
			}
			return drainOperations(ops)
		}
	}
}

// drainOperations takes every operation event already waiting, since one poll answers them
// all; it reports false if the subscription has ended.
func drainOperations(ops <-chan OperationEvent) bool {
	for {
		select {
		case _, ok := <-ops:
			if !ok {
				return false
			}
		default:
			return true
		}
	}
}

// operationVisible reports whether an operation entering phase p has changed what a list
// shows: Started is published once the service accepted the request, when the resource is
// already Creating, Stopping and so on (and then the fast interval follows it); Succeeded and
// Failed show the outcome. InProgress changes nothing a list shows.
func operationVisible(p OperationPhase) bool {
	switch p {
	case OperationStarted, OperationSucceeded, OperationFailed:
		return true
	}
	return false
}
