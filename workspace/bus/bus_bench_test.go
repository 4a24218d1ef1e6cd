package bus

import (
	"context"
	"sync"
	"testing"
	"time"
)

// benchDelivery publishes b.N must-deliver events from publishers goroutines to 10 reading
// subscribers and reports events/s (events every subscriber has received, per second) and
// deliveries/s (events × subscribers per second). Target: ≥100,000 events/s.
func benchDelivery(b *testing.B, publishers int) {
	const subscribers = 10
	bus := New()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var readers sync.WaitGroup
	for range subscribers {
		ch := Subscribe[numbered](ctx, bus)
		readers.Go(func() {
			for range b.N {
				<-ch
			}
		})
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var pubs sync.WaitGroup
	for p := range publishers {
		pubs.Go(func() {
			for n := p; n < b.N; n += publishers {
				Publish(bus, numbered{pub: p, n: n})
			}
		})
	}
	pubs.Wait()
	readers.Wait()
	elapsed := time.Since(start).Seconds()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed, "events/s")
	b.ReportMetric(float64(b.N*subscribers)/elapsed, "deliveries/s")
}

func BenchmarkDeliver10Subscribers(b *testing.B)             { benchDelivery(b, 1) }
func BenchmarkDeliver10Subscribers10Publishers(b *testing.B) { benchDelivery(b, 10) }

// BenchmarkPublishCoalesced measures publishing a coalescible stream to 10 subscribers that do
// not keep up: the cost of replacing queued events.
func BenchmarkPublishCoalesced(b *testing.B) {
	bus := New()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for range 10 {
		Subscribe[progress](ctx, bus)
	}
	b.ReportAllocs()
	for n := range b.N {
		Publish(bus, progress{key: "snapshot", n: n})
	}
}
