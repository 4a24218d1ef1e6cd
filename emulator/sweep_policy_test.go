package emulator

import (
	"net/http"
	"strings"
	"testing"
)

func TestEarlyTerminationPolicies(t *testing.T) {
	t.Parallel()
	series := map[string][]float64{
		"good": {1.0, 0.8, 0.6},
		"ok":   {1.1, 0.9, 0.7},
		"bad":  {2.0, 1.9, 1.8},
	}
	cases := []struct {
		policy   earlyTermination
		trial    string
		maximize bool
		stopped  bool
	}{
		{earlyTermination{Policy: "Bandit", SlackFactor: 0.2}, "bad", false, true},
		{earlyTermination{Policy: "Bandit", SlackFactor: 0.2}, "ok", false, false}, // 0.7 ≤ 0.6×1.2
		{earlyTermination{Policy: "Bandit", SlackAmount: 0.05}, "ok", false, true},
		{earlyTermination{Policy: "Bandit", SlackAmount: 0.05}, "good", false, false},
		{earlyTermination{Policy: "Bandit", SlackFactor: 0.2}, "good", true, true}, // maximizing: 0.6 vs best 1.8
		{earlyTermination{Policy: "Bandit", SlackFactor: 0.2}, "bad", true, false},
		{earlyTermination{Policy: "MedianStopping"}, "bad", false, true},
		{earlyTermination{Policy: "MedianStopping"}, "good", false, false},
		{earlyTermination{Policy: "TruncationSelection", Truncation: 34}, "bad", false, true},
		{earlyTermination{Policy: "TruncationSelection", Truncation: 34}, "ok", false, false},
		{earlyTermination{Policy: "TruncationSelection", Truncation: 34}, "good", true, true},
	}
	for _, c := range cases {
		why := c.policy.stops(c.trial, 3, series, c.maximize)
		if (why != "") != c.stopped {
			t.Errorf("%+v on %s (maximize %v): stopped %q, want stopped=%v", c.policy, c.trial, c.maximize, why, c.stopped)
		}
	}
	if why := (&earlyTermination{Policy: "Bandit", SlackFactor: 0.1}).stops("bad", 3, map[string][]float64{"bad": {3, 2, 1}}, false); why != "" {
		t.Errorf("a trial alone was stopped: %s", why)
	}
}

func TestSweepBanditStopsWorseTrials(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 3, "Dedicated")
	body := map[string]any{"properties": map[string]any{
		"jobType": "Sweep", "computeId": "cpu",
		"samplingAlgorithm": map[string]any{"samplingAlgorithmType": "Grid"},
		"objective":         map[string]any{"primaryMetric": "val_loss", "goal": "Minimize"},
		"earlyTermination":  map[string]any{"policyType": "Bandit", "slackFactor": 0.1, "evaluationInterval": 1, "delayEvaluation": 1},
		"limits":            map[string]any{"jobLimitsType": "Sweep", "maxConcurrentTrials": 3},
		"searchSpace":       map[string]any{"q": []any{"choice", []any{[]any{1, 5, 9}}}},
		"trial": map[string]any{
			// The best trial ends soon; the others would run for 30 s unless the policy stops them.
			"command":       `n=300; [ ${{search_space.q}} = 1 ] && n=20; i=0; while [ $i -lt $n ]; do i=$((i+1)); echo "epoch $i val_loss: ${{search_space.q}}"; sleep 0.1; done`,
			"environmentId": "env",
		},
	}}
	if r := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/bandit"), body, nil); r.StatusCode != http.StatusCreated {
		t.Fatalf("PUT: %d %s", r.StatusCode, jbody(r))
	}
	waitJobStatus(t, srv, "bandit", statusCompleted)
	want := map[string]string{"bandit_0": statusCompleted, "bandit_1": statusCanceled, "bandit_2": statusCanceled}
	for name, status := range want {
		if got := jobStatus(t, srv, name); got != status {
			t.Errorf("%s is %s, want %s", name, got, status)
		}
	}
	d := runDetailsOf(t, srv, "bandit_2")
	if len(d.Warnings) == 0 || !strings.Contains(d.Warnings[0].Message, "Bandit") {
		t.Errorf("the stopped trial does not say why: %+v", d.Warnings)
	}
	log := readLogURL(t, srv, runDetailsOf(t, srv, "bandit").LogFiles["azureml-logs/hyperdrive.txt"])
	if !strings.Contains(log, "Early termination: trial bandit_2") || !strings.Contains(log, "Best trial: bandit_0") {
		t.Errorf("hyperdrive log:\n%s", log)
	}
}

func TestEarlyTerminationValidation(t *testing.T) {
	t.Parallel()
	for _, et := range []map[string]any{
		{"policyType": "Bandit"},
		{"policyType": "Bandit", "slackFactor": 0.1, "slackAmount": 0.2},
		{"policyType": "TruncationSelection"},
		{"policyType": "TruncationSelection", "truncationPercentage": 100},
		{"policyType": "MedianStopping", "evaluationInterval": -1},
		{"policyType": "Sometimes"},
	} {
		if _, e := parseEarlyTermination(map[string]any{"earlyTermination": et}); e == nil || !strings.HasPrefix(e.Err.Target, "properties.earlyTermination.") {
			t.Errorf("%v: accepted or no field named (%v)", et, e)
		}
	}
}
