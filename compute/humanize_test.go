package compute

import (
	"testing"
	"time"
)

func TestFormatAge(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{-5 * time.Second, "0s"},
		{0, "0s"},
		{45 * time.Second, "45s"},
		{time.Minute, "1m"},
		{12*time.Minute + 59*time.Second, "12m"},
		{5*time.Hour + 59*time.Minute, "5h"},
		{24 * time.Hour, "1d"},
		{3*24*time.Hour + 23*time.Hour, "3d"},
		{364 * 24 * time.Hour, "364d"},
		{2 * 365 * 24 * time.Hour, "2y"},
	} {
		if got := FormatAge(tc.d); got != tc.want {
			t.Errorf("FormatAge(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
	now := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	if got := Age(time.Time{}, now); got != "" {
		t.Errorf("Age of an unknown time = %q, want empty", got)
	}
	if got := Age(now.Add(-3*time.Hour), now); got != "3h" {
		t.Errorf("Age = %q, want 3h", got)
	}
}

func TestFormatISODuration(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"PT2M", "2 minutes"},
		{"PT1M", "1 minute"},
		{"PT1H30M", "1 hour 30 minutes"},
		{"PT90M", "1 hour 30 minutes"},
		{"PT120S", "2 minutes"},
		{"P1D", "1 day"},
		{"P1DT2H", "1 day 2 hours"},
		{"P3D", "3 days"},
		{"P1W", "7 days"},
		{"PT0S", "0 seconds"},
		{"PT1.5S", "1.5 seconds"},
		{"PT0,5S", "0.5 seconds"},
		{"pt15m", "15 minutes"},
		{"P1M", "1 month"},
		{"P1Y2M3DT4H", "1 year 2 months 3 days 4 hours"},
		// Not durations: shown verbatim.
		{"2 minutes", "2 minutes"},
		{"P", "P"},
		{"PT", "PT"},
		{"P1DT", "P1DT"},
		{"PT2", "PT2"},
		{"PTM", "PTM"},
		{"P1H", "P1H"},
		{"PT1M2H", "PT1M2H"},
		{"PT1.5M2S", "PT1.5M2S"},
		{"PT1M1M", "PT1M1M"},
		{"P-1D", "P-1D"},
		{"PT99999999999999999999H", "PT99999999999999999999H"},
	} {
		if got := FormatISODuration(tc.in); got != tc.want {
			t.Errorf("FormatISODuration(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseISODuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"PT15M", 15 * time.Minute},
		{"PT1H30M", 90 * time.Minute},
		{"P3D", 72 * time.Hour},
		{"P1W", 7 * 24 * time.Hour},
		{"PT0.25S", 250 * time.Millisecond},
	} {
		got, err := ParseISODuration(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseISODuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "15m", "P1M", "P1Y", "PT", "PT99999999999999999999H"} {
		if _, err := ParseISODuration(bad); err == nil {
			t.Errorf("ParseISODuration(%q) succeeded", bad)
		}
	}
}

func TestNodesString(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    Nodes
		want string
	}{
		{"not a cluster", Nodes{}, ""},
		{"right after create", Nodes{Min: 0, Max: 8, ScaleKnown: true}, "-/- [0-8]"},
		{"steady empty", Nodes{Max: 4, Known: true, ScaleKnown: true, StatesKnown: true}, "0/0 [0-4]"},
		{"busy", Nodes{Current: 2, Target: 4, Max: 4, Idle: 1, Running: 1, Preparing: 2, Known: true, ScaleKnown: true, StatesKnown: true}, "2/4 [0-4] 1i 1r 2p"},
		{"troubled", Nodes{Current: 3, Target: 3, Min: 1, Max: 5, Leaving: 1, Unusable: 1, Preempted: 1, Known: true, ScaleKnown: true, StatesKnown: true}, "3/3 [1-5] 1l 1u 1x"},
		{"counts without scale", Nodes{Current: 1, Target: 1, Known: true}, "1/1"},
	} {
		if got := tc.n.String(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestHealthSymbolsAndLabels(t *testing.T) {
	seen := map[string]bool{}
	for h, want := range map[Health][2]string{
		HealthUnknown:      {"?", "unknown"},
		HealthOK:           {"●", "ok"},
		HealthTransitional: {"↻", "transitional"},
		HealthFailed:       {"✗", "failed"},
		HealthStopped:      {"■", "stopped"},
		Health(99):         {"?", "unknown"},
	} {
		if h.Symbol() != want[0] || h.String() != want[1] {
			t.Errorf("Health %d: %q %q, want %q", h, h.Symbol(), h.String(), want)
		}
		if h != Health(99) {
			if seen[h.Symbol()] {
				t.Errorf("symbol %q used twice", h.Symbol())
			}
			seen[h.Symbol()] = true
		}
	}
}
