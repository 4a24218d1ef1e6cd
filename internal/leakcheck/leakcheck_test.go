package leakcheck

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// recorder is a testing.TB that keeps a failure instead of ending the test.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = format
}

func TestSettledPassesOnceGoroutinesEnd(t *testing.T) {
	r := &recorder{TB: t}
	base := runtime.NumGoroutine()
	done := make(chan struct{})
	go func() { <-done }()
	close(done)
	Settled(r, base, 10*time.Second)
	if r.failed != "" {
		t.Fatalf("a goroutine that ended was reported: %s", r.failed)
	}
}

func TestSettledReportsGoroutinesLeftRunning(t *testing.T) {
	r := &recorder{TB: t}
	stop := make(chan struct{})
	defer close(stop)
	base := runtime.NumGoroutine()
	// Many, so that goroutines of earlier tests ending meanwhile cannot hide them.
	for range 50 {
		go func() { <-stop }()
	}
	Settled(r, base, 20*time.Millisecond)
	if !strings.Contains(r.failed, "goroutines left") {
		t.Fatalf("goroutines still running were not reported (got %q)", r.failed)
	}
}
