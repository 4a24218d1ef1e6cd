package ui

import (
	"context"
	"fmt"
	"testing"

	"github.com/amlconsole/amlconsole/ui/internal/uitest"
)

// recordingTB captures Errorf so the guard itself can be tested.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestFakeCatchesCallsFromUpdate proves the guard the other tests rely on: a client call
// while Update or View runs fails the test; the same call in a command does not.
func TestFakeCatchesCallsFromUpdate(t *testing.T) {
	rec := &recordingTB{TB: t}
	fake := uitest.NewFake(rec)
	fake.Lock()
	_, _ = fake.ListComputes(context.Background())
	fake.Unlock()
	if len(rec.errors) != 1 {
		t.Fatalf("a call during Update was not reported: %v", rec.errors)
	}
	_, _ = fake.ListComputes(context.Background())
	if len(rec.errors) != 1 {
		t.Fatalf("a call from a command was reported: %v", rec.errors)
	}
}
