package emulator

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Resource Manager's per-response headers, as every recorded answer carries them:
// x-ms-request-id and x-ms-correlation-request-id (the caller's correlation id when it sent
// one), and the subscription's remaining request budget in
// x-ms-ratelimit-remaining-subscription-reads / -writes / -deletes. The budget is a token
// bucket per kind (ARM's regional limits: reads 250 with 25/s refill, writes and deletes 200
// with 10/s); the emulator reports it but never throttles, so tests stay deterministic.

// rateBucket is one token bucket.
type rateBucket struct {
	tokens   float64
	capacity float64
	refill   float64 // tokens per second
	last     time.Time
}

// take spends one token and returns what remains.
func (b *rateBucket) take(now time.Time) int {
	if !b.last.IsZero() {
		b.tokens = min(b.capacity, b.tokens+now.Sub(b.last).Seconds()*b.refill)
	}
	b.last = now
	b.tokens = max(b.tokens-1, 0)
	return int(b.tokens)
}

// armBudget holds the buckets of the emulated subscription.
type armBudget struct {
	mu      sync.Mutex
	buckets map[string]*rateBucket
}

func newARMBudget() *armBudget {
	return &armBudget{buckets: map[string]*rateBucket{
		"reads":   {tokens: 250, capacity: 250, refill: 25},
		"writes":  {tokens: 200, capacity: 200, refill: 10},
		"deletes": {tokens: 200, capacity: 200, refill: 10},
	}}
}

// budgetKind is the bucket a request draws from.
func budgetKind(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead:
		return "reads"
	case http.MethodDelete:
		return "deletes"
	}
	return "writes"
}

// armHeaders adds the request ids and the remaining budget to every /subscriptions answer.
func (b *armBudget) armHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(strings.ToLower(r.URL.Path), "/subscriptions/") {
			id := requestID()
			corr := r.Header.Get("x-ms-correlation-request-id")
			if corr == "" {
				corr = id
			}
			kind := budgetKind(r.Method)
			b.mu.Lock()
			left := b.buckets[kind].take(time.Now())
			b.mu.Unlock()
			h := w.Header()
			h.Set("x-ms-request-id", id)
			h.Set("x-ms-correlation-request-id", corr)
			h.Set("x-ms-ratelimit-remaining-subscription-"+kind, strconv.Itoa(left))
		}
		next.ServeHTTP(w, r)
	})
}

// requestID is a fresh random UUID (crypto randomness: request ids are not simulation state).
func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
