package ui

import (
	"strings"
	"testing"
)

func TestStartPageShowsComputes(t *testing.T) {
	h := newHarness(t, 80, 24)
	s := h.Screen()
	t.Log("\n" + s)
	for _, want := range []string{"batch-cluster", "jiajicompute1", "gpu-broken", "testworkspace", "eastus2euap"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q", want)
		}
	}
}
