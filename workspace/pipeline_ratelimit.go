package workspace

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// ARM's remaining request budgets, sent on every management-plane answer.
const (
	headerReadsRemaining   = "x-ms-ratelimit-remaining-subscription-reads"
	headerWritesRemaining  = "x-ms-ratelimit-remaining-subscription-writes"
	headerDeletesRemaining = "x-ms-ratelimit-remaining-subscription-deletes"
)

// rateLimitPolicy remembers the latest remaining budgets ARM reported. It runs once per try, so
// the budget a 429 reports is kept too.
type rateLimitPolicy struct {
	now func() time.Time

	mu     sync.Mutex
	limits RateLimits
}

func newRateLimitPolicy(now func() time.Time) *rateLimitPolicy {
	return &rateLimitPolicy{now: now, limits: RateLimits{Reads: -1, Writes: -1, Deletes: -1}}
}

// Do implements policy.Policy.
func (p *rateLimitPolicy) Do(req *policy.Request) (*http.Response, error) {
	resp, err := req.Next()
	if resp != nil {
		p.observe(resp.Header)
	}
	return resp, err
}

func (p *rateLimitPolicy) observe(h http.Header) {
	reads, okR := headerInt(h, headerReadsRemaining)
	writes, okW := headerInt(h, headerWritesRemaining)
	deletes, okD := headerInt(h, headerDeletesRemaining)
	if !okR && !okW && !okD {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if okR {
		p.limits.Reads = reads
	}
	if okW {
		p.limits.Writes = writes
	}
	if okD {
		p.limits.Deletes = deletes
	}
	p.limits.At = p.now()
}

func (p *rateLimitPolicy) snapshot() RateLimits {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.limits
}

// headerInt parses a non-negative integer header; malformed values are ignored rather than
// shown as a budget.
func headerInt(h http.Header, name string) (int, bool) {
	v := h.Get(name)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
