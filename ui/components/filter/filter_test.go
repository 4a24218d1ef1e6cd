package filter

import "testing"

func TestMatcher(t *testing.T) {
	for _, c := range []struct {
		query, haystack string
		want            bool
	}{
		{"", "anything", true},
		{"GPU", "gpu-cluster cluster", true},
		{"gpu", "cpu-cluster", false},
		{"!gpu", "cpu-cluster", true},
		{"!GPU", "gpu-cluster", false},
		{"!", "anything", true},
		{"clu st", "clu st", true},
	} {
		if got := Compile(c.query).Match(c.haystack); got != c.want {
			t.Errorf("%q matching %q = %v, want %v", c.query, c.haystack, got, c.want)
		}
	}
}
