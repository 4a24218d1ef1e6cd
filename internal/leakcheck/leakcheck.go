// Package leakcheck fails tests whose goroutines outlive them. It counts goroutines rather
// than naming them, so it suits tests that do not run in parallel with others of their package.
package leakcheck

import (
	"runtime"
	"testing"
	"time"
)

// Check records how many goroutines run now and, when the test ends, fails it if more are
// still running after grace (goroutines that are ending get that long to finish).
func Check(t testing.TB, grace time.Duration) {
	t.Helper()
	base := runtime.NumGoroutine()
	t.Cleanup(func() { Settled(t, base, grace) })
}

// Settled waits up to grace for the number of goroutines to fall back to base, and fails the
// test with every goroutine's stack if it does not.
func Settled(t testing.TB, base int, grace time.Duration) {
	t.Helper()
	deadline := time.Now().Add(grace)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Fatalf("%d goroutines left (started with %d):\n%s", runtime.NumGoroutine(), base, buf[:n])
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}
