package bus

import (
	"context"
	"slices"
	"sync"
)

// producer is one OnDemand registration. Its runs never overlap: a run started while the
// previous one is still returning from cancellation waits for it first, so a watcher never
// polls twice at once. All fields are guarded by the bus's mutex.
type producer struct {
	start  func(ctx context.Context)
	cancel context.CancelFunc // of the current run; nil while idle
	done   chan struct{}      // closed when the latest run has returned; nil before the first
}

// OnDemand registers a producer for topic: start runs in its own goroutine while at least one
// subscription names the topic, and its context is cancelled when the last one ends; a later
// subscription starts it again (after the previous run has returned). start should return
// promptly once its context is cancelled.
//
// unregister cancels a running start and waits for it to return; calling it more than once is
// harmless. It must not be called from inside start.
func (b *Bus) OnDemand(topic string, start func(ctx context.Context)) (unregister func()) {
	p := &producer{start: start}
	b.mu.Lock()
	b.producers[topic] = append(b.producers[topic], p)
	if b.listening[topic] > 0 {
		p.run()
	}
	b.mu.Unlock()

	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			b.producers[topic] = slices.DeleteFunc(b.producers[topic], func(x *producer) bool { return x == p })
			if len(b.producers[topic]) == 0 {
				delete(b.producers, topic)
			}
			p.stop()
			done := p.done
			b.mu.Unlock()
			if done != nil {
				<-done
			}
		})
	}
}

// run starts a new run; the bus's mutex must be held and the producer idle.
func (p *producer) run() {
	ctx, cancel := context.WithCancel(context.Background())
	prev, done := p.done, make(chan struct{})
	p.cancel, p.done = cancel, done
	go func() {
		defer close(done)
		defer cancel()
		if prev != nil {
			<-prev
		}
		if ctx.Err() == nil {
			p.start(ctx)
		}
	}()
}

// stop cancels the current run, if any; the bus's mutex must be held.
func (p *producer) stop() {
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
}
