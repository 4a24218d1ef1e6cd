package emulator

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sweep jobs: a parent that samples its search space, runs one Command trial per sample (at
// most maxConcurrentTrials at a time) named {parent}_{index}, and ends when every trial has.

// maxTrials bounds the trials one sweep may plan on this machine.
const maxTrials = 200

// sweepState is a sweep parent's own progress.
type sweepState struct {
	// Planned holds each trial's hyperparameters, in trial order.
	Planned       []map[string]any
	Created       int
	MaxConcurrent int
	TrialTimeout  time.Duration `json:",omitempty"`
	Metric, Goal  string
	// Trial is the trial component every trial is built from.
	Trial map[string]any
	// Scored lists the trials whose end has been reported, with their metric when their
	// log shows one; Best is the best of them so far.
	Scored map[string]*float64 `json:",omitempty"`
	Best   string              `json:",omitempty"`
	// Policy is the early termination policy (nil: none); Evaluated the interval at which it
	// last judged each trial.
	Policy    *earlyTermination `json:",omitempty"`
	Evaluated map[string]int    `json:",omitempty"`
}

// parseSweep validates the sweep-specific fields and plans the trials.
func (w *world) parseSweep(spec *jobSpec) *httpError {
	props := spec.props
	const p = "properties."
	sampling, e := object(props, "samplingAlgorithm", p)
	if e != nil {
		return e
	}
	if sampling == nil {
		return fieldError(p+"samplingAlgorithm", "is required")
	}
	if _, e := requiredStr(sampling, "samplingAlgorithmType", p+"samplingAlgorithm."); e != nil {
		return e
	}
	algo, e := oneOf(sampling, "samplingAlgorithmType", p+"samplingAlgorithm.", "Grid", "Random", "Bayesian")
	if e != nil {
		return e
	}
	objective, e := object(props, "objective", p)
	if e != nil {
		return e
	}
	if objective == nil {
		return fieldError(p+"objective", "is required")
	}
	metric, e := requiredStr(objective, "primaryMetric", p+"objective.")
	if e != nil {
		return e
	}
	if _, e := requiredStr(objective, "goal", p+"objective."); e != nil {
		return e
	}
	goal, e := oneOf(objective, "goal", p+"objective.", "Minimize", "Maximize")
	if e != nil {
		return e
	}
	policy, e := parseEarlyTermination(props)
	if e != nil {
		return e
	}
	space, e := parseSearchSpace(props, algo)
	if e != nil {
		return e
	}
	trial, e := object(props, "trial", p)
	if e != nil {
		return e
	}
	if trial == nil {
		return fieldError(p+"trial", "is required")
	}
	inputs, e := inputValues(props, p)
	if e != nil {
		return e
	}
	// Validate the trial once with a sample, so a bad trial fails the PUT, not the trials.
	probe := &jobSpec{}
	if e := w.parseRunnable(trial, p+"trial.", inputs, space.sample(w, 0), probe); e != nil {
		return e
	}
	limits, e := object(props, "limits", p)
	if e != nil {
		return e
	}
	st := &sweepState{MaxConcurrent: 1, Metric: metric, Goal: goal, Trial: trial, Policy: policy}
	total := space.gridSize()
	if limits != nil {
		lp := p + "limits."
		if _, e := oneOf(limits, "jobLimitsType", lp, "Sweep"); e != nil {
			return e
		}
		if total, e = integer(limits, "maxTotalTrials", lp, total, 1, maxTrials); e != nil {
			return e
		}
		if st.MaxConcurrent, e = integer(limits, "maxConcurrentTrials", lp, 1, 1, maxTrials); e != nil {
			return e
		}
		if st.TrialTimeout, e = isoDuration(limits, "trialTimeout", lp); e != nil {
			return e
		}
		if spec.timeout, e = isoDuration(limits, "timeout", lp); e != nil {
			return e
		}
	}
	if algo != "Grid" && (limits == nil || limits["maxTotalTrials"] == nil) {
		return fieldError(p+"limits.maxTotalTrials", "is required for %s sampling (a random search space has no natural end)", algo)
	}
	if algo == "Grid" {
		total = min(total, space.gridSize())
	}
	if total > maxTrials {
		return fieldError(p+"limits.maxTotalTrials", "the search space gives %d trials; the emulator runs at most %d per sweep", total, maxTrials)
	}
	for i := range total {
		st.Planned = append(st.Planned, space.sample(w, i))
	}
	spec.sweep = st
	spec.nodes, spec.procs = probe.nodes, probe.procs
	return nil
}

// searchParam is one parameter's distribution.
type searchParam struct {
	name   string
	kind   string // choice, randint, uniform, loguniform, normal, lognormal, quniform, qloguniform, qnormal, qlognormal
	values []any
	args   []float64
}

// searchSpace is the parsed properties.searchSpace.
type searchSpace struct {
	grid   bool
	params []searchParam
}

// parseSearchSpace reads properties.searchSpace. Each parameter is written either as the
// service stores it, ["choice", [[v1, v2]]] or ["uniform", [lo, hi]], or as the SDKs' object
// form {"type": "choice", "values": [...]} / {"type": "uniform", "min_value": lo, "max_value": hi}.
func parseSearchSpace(props map[string]any, algo string) (*searchSpace, *httpError) {
	const p = "properties.searchSpace"
	raw, ok := props["searchSpace"].(map[string]any)
	if !ok {
		if props["searchSpace"] == nil {
			return nil, fieldError(p, "is required")
		}
		return nil, fieldError(p, "must be a JSON object of parameter name to distribution, got %s", jsonKind(props["searchSpace"]))
	}
	if len(raw) == 0 {
		return nil, fieldError(p, "must define at least one parameter")
	}
	sp := &searchSpace{grid: algo == "Grid"}
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		param, err := parseSearchParam(name, raw[name])
		if err != nil {
			return nil, fieldError(p+"."+name, "%v", err)
		}
		if sp.grid && param.kind != "choice" {
			return nil, fieldError(p+"."+name, "Grid sampling supports only choice parameters, got %s", param.kind)
		}
		sp.params = append(sp.params, param)
	}
	return sp, nil
}

// searchArity is how many numeric arguments each continuous distribution takes.
func searchArity() map[string]int {
	return map[string]int{"randint": 1, "uniform": 2, "loguniform": 2, "normal": 2, "lognormal": 2,
		"quniform": 3, "qloguniform": 3, "qnormal": 3, "qlognormal": 3}
}

func parseSearchParam(name string, v any) (searchParam, error) {
	param := searchParam{name: name}
	var args []any
	switch t := v.(type) {
	case []any:
		if len(t) != 2 {
			return param, fmt.Errorf(`expected ["<distribution>", [arguments]], got %s`, jsonText(v))
		}
		kind, ok := t[0].(string)
		list, ok2 := t[1].([]any)
		if !ok || !ok2 {
			return param, fmt.Errorf(`expected ["<distribution>", [arguments]], got %s`, jsonText(v))
		}
		param.kind = strings.ToLower(kind)
		args = list
		if param.kind == "choice" && len(list) == 1 {
			if inner, ok := list[0].([]any); ok {
				args = inner
			}
		}
	case map[string]any:
		kind, _ := t["type"].(string)
		param.kind = strings.ToLower(kind)
		if param.kind == "choice" {
			args, _ = t["values"].([]any)
			break
		}
		for _, k := range [][]string{{"upper"}, {"min_value", "max_value"}, {"mu", "sigma"}} {
			if _, ok := t[k[0]]; ok {
				for _, key := range k {
					args = append(args, t[key])
				}
				break
			}
		}
		if q, ok := t["q"]; ok {
			args = append(args, q)
		}
	default:
		return param, fmt.Errorf(`expected ["<distribution>", [arguments]] or {"type": ...}, got %s`, jsonText(v))
	}
	if param.kind == "choice" {
		if len(args) == 0 {
			return param, fmt.Errorf("choice needs at least one value")
		}
		param.values = args
		return param, nil
	}
	n, known := searchArity()[param.kind]
	if !known {
		return param, fmt.Errorf("unknown distribution %q (want choice, randint, uniform, loguniform, normal, lognormal or their q- forms)", param.kind)
	}
	if len(args) != n {
		return param, fmt.Errorf("%s takes %d numeric arguments, got %s", param.kind, n, jsonText(args))
	}
	for _, a := range args {
		f, ok := a.(float64)
		if !ok {
			return param, fmt.Errorf("%s arguments must be numbers, got %s", param.kind, jsonText(args))
		}
		param.args = append(param.args, f)
	}
	if (param.kind == "uniform" || param.kind == "loguniform" || param.kind == "quniform" || param.kind == "qloguniform") && param.args[0] >= param.args[1] {
		return param, fmt.Errorf("%s needs min < max, got %s", param.kind, jsonText(args))
	}
	if param.kind == "randint" && param.args[0] < 1 {
		return param, fmt.Errorf("randint needs an upper bound of at least 1, got %s", jsonText(args))
	}
	return param, nil
}

// gridSize is the number of points of a grid (the product of the choices); for other spaces
// it is the cap on trials.
func (sp *searchSpace) gridSize() int {
	if !sp.grid {
		return maxTrials
	}
	n := 1
	for _, p := range sp.params {
		n *= len(p.values)
		if n > maxTrials*maxTrials {
			return n
		}
	}
	return n
}

// sample gives trial i's hyperparameters: the i-th grid point, or a draw from the world's
// seeded randomness.
func (sp *searchSpace) sample(w *world, i int) map[string]any {
	out := map[string]any{}
	rest := i
	for k := len(sp.params) - 1; k >= 0; k-- {
		p := sp.params[k]
		if sp.grid {
			out[p.name] = p.values[rest%len(p.values)]
			rest /= len(p.values)
			continue
		}
		out[p.name] = p.draw(w)
	}
	return out
}

func (p searchParam) draw(w *world) any {
	r := w.rng
	a := p.args
	quant := func(x float64) float64 { return math.Round(x/a[2]) * a[2] }
	switch p.kind {
	case "choice":
		return p.values[r.IntN(len(p.values))]
	case "randint":
		return float64(r.IntN(int(a[0])))
	case "uniform":
		return a[0] + r.Float64()*(a[1]-a[0])
	case "quniform":
		return quant(a[0] + r.Float64()*(a[1]-a[0]))
	case "loguniform":
		return math.Exp(a[0] + r.Float64()*(a[1]-a[0]))
	case "qloguniform":
		return quant(math.Exp(a[0] + r.Float64()*(a[1]-a[0])))
	case "normal":
		return a[0] + r.NormFloat64()*a[1]
	case "qnormal":
		return quant(a[0] + r.NormFloat64()*a[1])
	case "lognormal":
		return math.Exp(a[0] + r.NormFloat64()*a[1])
	case "qlognormal":
		return quant(math.Exp(a[0] + r.NormFloat64()*a[1]))
	}
	return nil
}

// trialName is the name of a sweep's i-th trial.
func trialName(parent string, i int) string { return fmt.Sprintf("%s_%d", parent, i) }

// newTrial builds the i-th trial of sweep as a Command job.
func (w *world) newTrial(sweep *jobState, i int, now time.Time) (*jobState, *httpError) {
	st := sweep.Sweep
	params := st.Planned[i]
	trial := deepCopy(st.Trial).(map[string]any)
	props := map[string]any{
		"jobType":        jobTypeCommand,
		"displayName":    trialName(sweep.Name, i),
		"experimentName": sweep.Properties["experimentName"],
		"computeId":      sweep.Properties["computeId"],
		"parentJobName":  sweep.Name,
		"tags":           map[string]any{"_aml_system_sweep_trial": fmt.Sprint(i)},
	}
	for _, k := range []string{"command", "environmentId", "codeId", "environmentVariables", "distribution", "resources"} {
		if v, ok := trial[k]; ok {
			props[k] = v
		}
	}
	if st.TrialTimeout > 0 {
		props["limits"] = map[string]any{"jobLimitsType": "Command", "timeout": formatISODuration(st.TrialTimeout)}
	}
	inputs, e := inputValues(sweep.Properties, "properties.")
	if e != nil {
		return nil, e
	}
	spec := &jobSpec{typ: jobTypeCommand, props: props, compute: sweep.Compute, timeout: st.TrialTimeout}
	if e := w.parseRunnable(props, "properties.trial.", inputs, params, spec); e != nil {
		return nil, e
	}
	props["command"] = spec.command
	j := w.newJobState(trialName(sweep.Name, i), spec, now)
	j.Parent, j.Trial, j.Params = sweep.Name, i, params
	return j, nil
}

// advanceSweep moves a sweep parent: start, create trials as slots free up, finish when every
// trial has, or cancel them all.
func (w *world) advanceSweep(j *jobState, now time.Time) {
	st := j.Sweep
	switch j.Status {
	case statusNotStarted:
		if now.Sub(j.StatusSince) >= w.delay(time.Second) {
			w.setStatus(j, statusRunning, now)
			j.Started = now
			w.sweepLog(j, now, "Sweep started: %d trials planned, at most %d at a time, %s the metric %s.", len(st.Planned), st.MaxConcurrent, strings.ToLower(st.Goal), st.Metric)
		}
	case statusRunning:
		if j.Timeout > 0 && now.Sub(j.Started) >= w.delay(j.Timeout) {
			j.Error = &runError{Code: "UserError", Message: fmt.Sprintf("The sweep exceeded limits.timeout (%s) and was canceled.", formatISODuration(j.Timeout))}
			w.requestCancel(j, now)
			return
		}
		w.applyEarlyTermination(j, now)
		w.scoreTrials(j, now)
		active, done, failed := w.trialCounts(j)
		for active < st.MaxConcurrent && st.Created < len(st.Planned) {
			t, e := w.newTrial(j, st.Created, now)
			if e == nil && w.job(t.Name) != nil {
				e = badRequest("UserError", "A job named %s already exists, so the sweep cannot create its trial of that name.", t.Name)
			}
			if e != nil {
				j.Error = &runError{Code: "UserError", Message: e.Err.Message}
				w.finishSweep(j, now, statusFailed)
				return
			}
			if err := w.claimNodes(t.Compute, t.Name, t.NodeCount); err != nil {
				j.Error = &runError{Code: "UserError", Message: "Creating trial " + t.Name + " failed: " + err.Error()}
				w.finishSweep(j, now, statusFailed)
				return
			}
			t.claimed = true
			w.jobs[jobKey(t.Name)] = t
			st.Created++
			active++
			w.markDirty()
			w.sweepLog(j, now, "Trial %s created with hyperparameters %s.", t.Name, jsonText(t.Params))
		}
		if st.Created == len(st.Planned) && active == 0 {
			w.sweepLog(j, now, "All %d trials ended: %d completed, %d failed.", len(st.Planned), done, failed)
			if st.Best != "" {
				w.sweepLog(j, now, "Best trial: %s with %s=%g.", st.Best, st.Metric, *st.Scored[st.Best])
			}
			outcome := statusCompleted
			if failed == len(st.Planned) {
				outcome = statusFailed
				j.Error = &runError{Code: "UserError", Message: fmt.Sprintf("All %d trials of sweep %s failed; see the trials' logs.", failed, j.Name)}
			}
			w.setStatus(j, statusFinalizing, now)
			j.Outcome = outcome
		}
	case statusFinalizing:
		if now.Sub(j.StatusSince) >= w.delay(time.Second) {
			w.finishSweep(j, now, j.Outcome)
		}
	case statusCancelRequested:
		w.scoreTrials(j, now)
		active, _, _ := w.trialCounts(j)
		if active == 0 {
			w.finishSweep(j, now, statusCanceled)
		}
	}
}

// finishSweep ends a sweep and releases the claim made for its first trial at creation when
// that trial never came to be.
func (w *world) finishSweep(j *jobState, now time.Time, outcome string) {
	if j.Sweep.Created == 0 {
		w.releaseNodes(j.Compute, trialName(j.Name, 0))
	}
	w.sweepLog(j, now, "Sweep %s.", strings.ToLower(outcome))
	w.setStatus(j, outcome, now)
}

// scoreTrials reports every newly ended trial in the sweep's log with its primary metric,
// read from the last "metric: value" or "metric=value" its log printed, and keeps the best
// in the sweep's properties (best_child_run_id, score) as HyperDrive does.
func (w *world) scoreTrials(j *jobState, now time.Time) {
	st := j.Sweep
	if st.Scored == nil {
		st.Scored = map[string]*float64{}
	}
	for _, t := range w.trials(j) {
		if _, done := st.Scored[t.Name]; done || !terminalStatus(t.Status) {
			continue
		}
		var score *float64
		if t.Status == statusCompleted {
			score = metricFromLog(w.logTail(t, t.userLog(0), 200), st.Metric)
		}
		st.Scored[t.Name] = score
		w.markDirty()
		if score == nil {
			w.sweepLog(j, now, "Trial %s ended %s; no %s was reported.", t.Name, t.Status, st.Metric)
			continue
		}
		w.sweepLog(j, now, "Trial %s ended %s with %s=%g.", t.Name, t.Status, st.Metric, *score)
		best := st.Scored[st.Best]
		if best == nil || (st.Goal == "Minimize" && *score < *best) || (st.Goal == "Maximize" && *score > *best) {
			st.Best = t.Name
			props, _ := j.Properties["properties"].(map[string]any)
			if props == nil {
				props = map[string]any{}
				j.Properties["properties"] = props
			}
			props["best_child_run_id"] = t.Name
			props["score"] = strconv.FormatFloat(*score, 'g', -1, 64)
			w.sweepLog(j, now, "New best trial: %s (%s=%g).", t.Name, st.Metric, *score)
		}
	}
}

// metricFromLog finds the last value of metric printed in a log.
func metricFromLog(log, metric string) *float64 {
	m := metricPattern(metric).FindAllStringSubmatch(log, -1)
	if len(m) == 0 {
		return nil
	}
	v, err := strconv.ParseFloat(m[len(m)-1][1], 64)
	if err != nil {
		return nil
	}
	return &v
}

// trialCounts counts a sweep's trials that are still active, completed and failed.
func (w *world) trialCounts(sweep *jobState) (active, completed, failed int) {
	for i := range sweep.Sweep.Created {
		t := w.job(trialName(sweep.Name, i))
		switch {
		case t == nil:
		case !terminalStatus(t.Status):
			active++
		case t.Status == statusCompleted:
			completed++
		case t.Status == statusFailed:
			failed++
		}
	}
	return active, completed, failed
}

// trials lists a job's children (a sweep's trials), in trial order.
func (w *world) trials(parent *jobState) []*jobState {
	if parent.Sweep == nil {
		return nil
	}
	var out []*jobState
	for i := range parent.Sweep.Created {
		if t := w.job(trialName(parent.Name, i)); t != nil {
			out = append(out, t)
		}
	}
	return out
}

// sweepLog appends a line to the sweep's azureml-logs/hyperdrive.txt.
func (w *world) sweepLog(j *jobState, now time.Time, format string, args ...any) {
	w.appendLog(j, "azureml-logs/hyperdrive.txt", fmt.Sprintf("[%s][INFO][hyperdrive] %s", now.UTC().Format("2006-01-02T15:04:05.000000Z"), fmt.Sprintf(format, args...)))
}
