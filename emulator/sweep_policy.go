package emulator

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// Early termination of sweep trials, as HyperDrive applies it. A trial's metric series is
// every value of the primary metric its log printed ("val_loss: 0.42" or "val_loss=0.42"),
// one per interval; from interval delayEvaluation+1 on, every evaluationInterval intervals,
// the policy compares a running trial with the others at the same interval:
//   - Bandit: canceled when worse than the best by more than slackFactor (relative) or
//     slackAmount (absolute);
//   - MedianStopping: canceled when its running average is worse than the median of the
//     running averages of the trials that reached that interval;
//   - TruncationSelection: canceled when among the worst truncationPercentage per cent.

// earlyTermination is a parsed properties.earlyTermination.
type earlyTermination struct {
	Policy      string
	Interval    int
	Delay       int
	SlackFactor float64 `json:",omitempty"`
	SlackAmount float64 `json:",omitempty"`
	Truncation  int     `json:",omitempty"`
}

// policyEvery is how often (simulated) a sweep re-reads its trials' metrics.
const policyEvery = 5 * time.Second

// parseEarlyTermination reads properties.earlyTermination; nil when there is none.
func parseEarlyTermination(props map[string]any) (*earlyTermination, *httpError) {
	const p = "properties.earlyTermination."
	et, e := object(props, "earlyTermination", "properties.")
	if e != nil || et == nil {
		return nil, e
	}
	if _, e := requiredStr(et, "policyType", p); e != nil {
		return nil, e
	}
	policy, e := oneOf(et, "policyType", p, "Bandit", "MedianStopping", "TruncationSelection")
	if e != nil {
		return nil, e
	}
	out := &earlyTermination{Policy: policy}
	if out.Interval, e = integer(et, "evaluationInterval", p, 1, 0, 1000); e != nil {
		return nil, e
	}
	out.Interval = max(out.Interval, 1)
	if out.Delay, e = integer(et, "delayEvaluation", p, 0, 0, 1000); e != nil {
		return nil, e
	}
	number := func(key string) (float64, *httpError) {
		v, ok := et[key]
		if !ok || v == nil {
			return 0, nil
		}
		f, isNum := v.(float64)
		if !isNum || f < 0 {
			return 0, fieldError(p+key, "must be a number of at least 0, got %s", jsonText(v))
		}
		return f, nil
	}
	switch policy {
	case "Bandit":
		if out.SlackFactor, e = number("slackFactor"); e != nil {
			return nil, e
		}
		if out.SlackAmount, e = number("slackAmount"); e != nil {
			return nil, e
		}
		if (out.SlackFactor > 0) == (out.SlackAmount > 0) {
			return nil, fieldError(p+"slackFactor", "a Bandit policy takes exactly one of slackFactor and slackAmount, greater than 0")
		}
	case "TruncationSelection":
		if out.Truncation, e = integer(et, "truncationPercentage", p, 0, 1, 99); e != nil {
			return nil, e
		}
		if out.Truncation == 0 {
			return nil, fieldError(p+"truncationPercentage", "is required for a TruncationSelection policy (1 to 99)")
		}
	}
	return out, nil
}

// applyEarlyTermination cancels the running trials the sweep's policy stops.
func (w *world) applyEarlyTermination(j *jobState, now time.Time) {
	st := j.Sweep
	if st.Policy == nil || now.Sub(j.policyCheckedAt) < w.delay(policyEvery) {
		return
	}
	j.policyCheckedAt = now
	series := map[string][]float64{}
	for _, t := range w.trials(j) {
		if t.Status == statusRunning || t.Status == statusFinalizing || t.Status == statusCompleted {
			series[t.Name] = metricSeries(w, t, st.Metric)
		}
	}
	for _, t := range w.trials(j) {
		if t.Status != statusRunning {
			continue
		}
		n := len(series[t.Name])
		if n <= st.Policy.Delay || (n-st.Policy.Delay)%st.Policy.Interval != 0 || st.Evaluated[t.Name] >= n {
			continue
		}
		if st.Evaluated == nil {
			st.Evaluated = map[string]int{}
		}
		st.Evaluated[t.Name] = n
		w.markDirty()
		if why := st.Policy.stops(t.Name, n, series, st.Goal == "Maximize"); why != "" {
			w.sweepLog(j, now, "Early termination: trial %s stopped at interval %d by the %s policy: %s.", t.Name, n, st.Policy.Policy, why)
			t.Warnings = append(t.Warnings, runWarning{Source: "hyperdrive", Message: "Canceled by the sweep's " + st.Policy.Policy + " early termination policy: " + why + "."})
			w.requestCancel(t, now)
		}
	}
}

// stops decides whether trial, at interval n, is stopped; it says why, or "".
func (et *earlyTermination) stops(trial string, n int, series map[string][]float64, maximize bool) string {
	better := func(a, b float64) bool { return (maximize && a > b) || (!maximize && a < b) }
	var peers []float64 // the other trials' values at interval n
	var averages []float64
	for name, s := range series {
		if len(s) < n || name == trial {
			continue
		}
		peers = append(peers, s[n-1])
		averages = append(averages, mean(s[:n]))
	}
	if len(peers) == 0 {
		return ""
	}
	mine := series[trial][n-1]
	switch et.Policy {
	case "Bandit":
		best := peers[0]
		for _, v := range peers {
			if better(v, best) {
				best = v
			}
		}
		limit := best + et.SlackAmount
		if maximize {
			limit = best - et.SlackAmount
		}
		if et.SlackFactor > 0 {
			limit = best * (1 + et.SlackFactor)
			if maximize {
				limit = best / (1 + et.SlackFactor)
			}
		}
		if better(limit, mine) {
			return fmt.Sprintf("%g is outside the slack of the best trial's %g", mine, best)
		}
	case "MedianStopping":
		avg := mean(series[trial][:n])
		if med := median(averages); better(med, avg) {
			return fmt.Sprintf("its running average %g is worse than the median %g", avg, med)
		}
	case "TruncationSelection":
		all := append(peers, mine)
		slices.SortFunc(all, func(a, b float64) int {
			switch {
			case better(a, b):
				return -1
			case better(b, a):
				return 1
			}
			return 0
		})
		cut := int(math.Ceil(float64(len(all)) * float64(100-et.Truncation) / 100))
		if cut < len(all) && !better(mine, all[cut]) && mine != all[0] {
			return fmt.Sprintf("%g is in the worst %d%%", mine, et.Truncation)
		}
	}
	return ""
}

// metricSeries reads every value of metric a trial's rank-0 log printed, in order.
func metricSeries(w *world, t *jobState, metric string) []float64 {
	path, ok := w.logPath(t, t.userLog(0))
	if !ok {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var out []float64
	for _, m := range metricPattern(metric).FindAllSubmatch(data, -1) {
		if v, err := strconv.ParseFloat(string(m[1]), 64); err == nil {
			out = append(out, v)
		}
	}
	return out
}

// metricPattern matches "metric: value" and "metric=value", the metric name standing alone.
func metricPattern(metric string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9_])` + regexp.QuoteMeta(metric) + `\s*[:=]\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)`)
}

func mean(v []float64) float64 {
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
