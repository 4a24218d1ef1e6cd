package emulator

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

func TestJobRunsTrainerToCompletion(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 2, "Dedicated")
	resp := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/ok-1"), commandJob("cpu", testTrainerCommand()+" --epochs 2 --seconds-per-epoch 1", nil), nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("PUT: %d %s", resp.StatusCode, jbody(resp))
	}
	seen := map[string]bool{}
	jwait(t, "ok-1 completed", func() (bool, string) {
		s := jobStatus(t, srv, "ok-1")
		seen[s] = true
		return s == statusCompleted, s
	})
	for _, s := range []string{statusQueued, statusRunning} {
		if !seen[s] {
			t.Errorf("never saw status %s on the way (saw %v)", s, seen)
		}
	}
	d := runDetailsOf(t, srv, "ok-1")
	if d.Error != nil || d.StartTime == nil || d.EndTime == nil {
		t.Errorf("details of a completed run: error %v, start %v, end %v", d.Error, d.StartTime, d.EndTime)
	}
	log := readLogURL(t, srv, d.LogFiles["user_logs/std_log.txt"])
	if !strings.Contains(log, "Epoch 2/2 - train_loss") {
		t.Errorf("std_log.txt lacks the trainer's last epoch:\n%s", log)
	}
	for _, name := range []string{"system_logs/lifecycler/lifecycler.log", "system_logs/lifecycler/execution-wrapper.log"} {
		if _, ok := d.LogFiles[name]; !ok {
			t.Errorf("logFiles lacks %s: %v", name, d.LogFiles)
		}
	}
	// Every phase, in order, as the lifecycler logged it.
	lifecycle := readLogURL(t, srv, d.LogFiles["system_logs/lifecycler/lifecycler.log"])
	at := 0
	for _, phase := range []string{"created", "Job queued", "Preparing.", "Running 1 process(es)", "Finalizing", "Job completed."} {
		i := strings.Index(lifecycle[at:], phase)
		if i < 0 {
			t.Fatalf("lifecycler log lacks %q after byte %d:\n%s", phase, at, lifecycle)
		}
		at += i
	}
}

func TestJobFailureCarriesLastLines(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/oom"), commandJob("cpu", testTrainerCommand()+" --epochs 3 --fail-at-epoch 2 --seconds-per-epoch 0.5", nil), nil)
	waitJobStatus(t, srv, "oom", statusFailed)
	d := runDetailsOf(t, srv, "oom")
	if d.Error == nil {
		t.Fatal("a failed run has no error")
	}
	msg := d.Error.Error.Message
	for _, want := range []string{"exited with status code 1", "user_logs/std_log.txt", "OutOfMemoryError: CUDA out of memory"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q: %s", want, msg)
		}
	}
}

func TestJobCancelKillsProcessGroup(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	// The command leaves a grandchild behind: only killing the process group stops it.
	cmd := `sleep 300 & echo $! > child.pid; echo started; wait`
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/to-cancel"), commandJob("cpu", cmd, nil), nil)
	waitJobStatus(t, srv, "to-cancel", statusRunning)
	pidFile := filepath.Join(srv.world.dataDir, "jobs", "to-cancel", "wd", "child.pid")
	var pid int
	jwait(t, "child pid file", func() (bool, string) {
		b, err := os.ReadFile(pidFile)
		if err != nil {
			return false, err.Error()
		}
		pid, err = strconv.Atoi(strings.TrimSpace(string(b)))
		return err == nil, string(b)
	})
	resp := jcall(t, srv, "POST", jobsURL(srv, "/jobs/to-cancel/cancel"), nil, nil)
	if resp.StatusCode != http.StatusAccepted || resp.Header.Get("Location") == "" {
		t.Fatalf("cancel: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	waitJobStatus(t, srv, "to-cancel", statusCanceled)
	jwait(t, "grandchild killed", func() (bool, string) {
		return syscall.Kill(pid, 0) == syscall.ESRCH, fmt.Sprintf("pid %d still exists", pid)
	})
	resp = jcall(t, srv, "GET", resp.Header.Get("Location"), nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("cancel operation after the job ended: %d, want 200", resp.StatusCode)
	}
	resp = jcall(t, srv, "POST", jobsURL(srv, "/jobs/to-cancel/cancel"), nil, nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("cancel of a canceled job: %d, want 400", resp.StatusCode)
	}
}

func TestJobMultiRankLogsAndEnvironment(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 2, "Dedicated")
	cmd := `echo "rank=$RANK world=$WORLD_SIZE local=$LOCAL_RANK node=$NODE_RANK run=$AZUREML_RUN_ID mine=$MY_VAR"`
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/ddp"), commandJob("cpu", cmd, map[string]any{
		"resources":            map[string]any{"instanceCount": 2},
		"distribution":         map[string]any{"distributionType": "PyTorch", "processCountPerInstance": 2},
		"environmentVariables": map[string]any{"MY_VAR": "hello"},
	}), nil)
	waitJobStatus(t, srv, "ddp", statusCompleted)
	d := runDetailsOf(t, srv, "ddp")
	if _, ok := d.LogFiles["user_logs/std_log.txt"]; ok {
		t.Error("a distributed job has a single-process std_log.txt")
	}
	for rank := range 4 {
		name := fmt.Sprintf("user_logs/std_log_process_%d.txt", rank)
		u, ok := d.LogFiles[name]
		if !ok {
			t.Errorf("logFiles lacks %s: %v", name, d.LogFiles)
			continue
		}
		want := fmt.Sprintf("rank=%d world=4 local=%d node=%d run=ddp mine=hello", rank, rank%2, rank/2)
		if got := readLogURL(t, srv, u); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want a line %q", name, got, want)
		}
	}
}

func TestJobFailingRankStopsTheOthers(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 3, "Dedicated")
	cmd := `if [ "$RANK" = 2 ]; then echo "rank 2 gives up" >&2; exit 3; fi; sleep 300`
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/one-fails"), commandJob("cpu", cmd, map[string]any{"resources": map[string]any{"instanceCount": 3}}), nil)
	waitJobStatus(t, srv, "one-fails", statusFailed)
	msg := runDetailsOf(t, srv, "one-fails").Error.Error.Message
	if !strings.Contains(msg, "rank 2") || !strings.Contains(msg, "status code 3") || !strings.Contains(msg, "rank 2 gives up") {
		t.Errorf("error does not name the failing rank and its output: %s", msg)
	}
}

func TestSweepCreatesTrials(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 2, "Dedicated")
	body := map[string]any{"properties": map[string]any{
		"jobType": "Sweep", "computeId": "cpu",
		"samplingAlgorithm": map[string]any{"samplingAlgorithmType": "Grid"},
		"objective":         map[string]any{"primaryMetric": "val_loss", "goal": "Minimize"},
		"limits":            map[string]any{"jobLimitsType": "Sweep", "maxTotalTrials": 10, "maxConcurrentTrials": 2},
		"searchSpace":       map[string]any{"lr": []any{"choice", []any{[]any{0.1, 0.01}}}, "bs": map[string]any{"type": "choice", "values": []any{16, 32}}},
		"trial": map[string]any{
			"command":       `echo "lr=${{search_space.lr}} bs=$AZUREML_PARAMETER_bs"`,
			"environmentId": "azureml:emulator-env:1",
		},
	}}
	resp := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/sweep1"), body, nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("PUT sweep: %d %s", resp.StatusCode, jbody(resp))
	}
	waitJobStatus(t, srv, "sweep1", statusCompleted)
	var page struct {
		Value []testRunDetails `json:"value"`
	}
	jcall(t, srv, "GET", srv.world.historyRunURL("sweep1")+"/children", nil, &page)
	if len(page.Value) != 4 {
		t.Fatalf("sweep has %d children, want the 4 grid points", len(page.Value))
	}
	combos := map[string]bool{}
	for i, c := range page.Value {
		if c.ParentRunID != "sweep1" || c.Status != statusCompleted || c.RunID != fmt.Sprintf("sweep1_%d", i) {
			t.Errorf("child %d: %+v", i, c)
		}
		var j testArmJob
		jcall(t, srv, "GET", jobsURL(srv, "/jobs/"+c.RunID), nil, &j)
		if j.Properties.ParentJobName != "sweep1" {
			t.Errorf("trial %s: parentJobName %q", c.RunID, j.Properties.ParentJobName)
		}
		log := readLogURL(t, srv, runDetailsOf(t, srv, c.RunID).LogFiles["user_logs/std_log.txt"])
		combos[strings.TrimSpace(log[strings.LastIndex(strings.TrimSpace(log), "lr="):])] = true
	}
	for _, want := range []string{"lr=0.1 bs=16", "lr=0.1 bs=32", "lr=0.01 bs=16", "lr=0.01 bs=32"} {
		if !combos[want] {
			t.Errorf("no trial ran %q (ran %v)", want, combos)
		}
	}
	var list struct {
		Value []testArmJob `json:"value"`
	}
	jcall(t, srv, "GET", jobsURL(srv, "/jobs"), nil, &list)
	if len(list.Value) != 1 || list.Value[0].Name != "sweep1" {
		t.Errorf("the job list shows %+v, want only the sweep (trials are its children)", list.Value)
	}
	if d := runDetailsOf(t, srv, "sweep1"); d.LogFiles["azureml-logs/hyperdrive.txt"] == "" {
		t.Errorf("sweep has no hyperdrive log: %v", d.LogFiles)
	}
}

func TestJobStateSurvivesRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := startJobEmulator(t, func(o *Options) { o.DataDir = dir })
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/persisted"), commandJob("cpu", "echo persisted-output", map[string]any{"tags": map[string]any{"k": "v"}}), nil)
	waitJobStatus(t, srv, "persisted", statusCompleted)
	before := runDetailsOf(t, srv, "persisted")
	if err := closeJobEmulator(srv); err != nil {
		t.Fatal(err)
	}
	again := startJobEmulator(t, func(o *Options) { o.DataDir = dir })
	if s := jobStatus(t, again, "persisted"); s != statusCompleted {
		t.Fatalf("after restart the job is %q, want Completed", s)
	}
	after := runDetailsOf(t, again, "persisted")
	if after.StartTime == nil || *after.StartTime != *before.StartTime {
		t.Errorf("start time changed across the restart: %v → %v", before.StartTime, after.StartTime)
	}
	if log := readLogURL(t, again, after.LogFiles["user_logs/std_log.txt"]); !strings.Contains(log, "persisted-output") {
		t.Errorf("log after restart: %q", log)
	}
}

func TestJobRunningAtShutdownRestartsAfterRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := startJobEmulator(t, func(o *Options) { o.DataDir = dir })
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/interrupted"), commandJob("cpu", `echo attempt; sleep 300`, nil), nil)
	waitJobStatus(t, srv, "interrupted", statusRunning)
	if err := closeJobEmulator(srv); err != nil {
		t.Fatal(err)
	}
	again := startJobEmulator(t, func(o *Options) { o.DataDir = dir })
	jwait(t, "interrupted job restarted", func() (bool, string) {
		d := runDetailsOf(t, again, "interrupted")
		return d.Status == statusRunning && len(d.Warnings) > 0, fmt.Sprintf("%s %v", d.Status, d.Warnings)
	})
	jcall(t, again, "POST", jobsURL(again, "/jobs/interrupted/cancel"), nil, nil)
	waitJobStatus(t, again, "interrupted", statusCanceled)
}

func TestJobNoExecSynthesisesLogs(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, func(o *Options) { o.NoExec = true })
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	marker := filepath.Join(t.TempDir(), "ran")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/synth"), commandJob("cpu", "touch "+marker, nil), nil)
	waitJobStatus(t, srv, "synth", statusCompleted)
	if _, err := os.Stat(marker); err == nil {
		t.Error("--no-exec ran the command")
	}
	log := readLogURL(t, srv, runDetailsOf(t, srv, "synth").LogFiles["user_logs/std_log.txt"])
	if !strings.Contains(log, "--no-exec") || !strings.Contains(log, "step") {
		t.Errorf("synthetic log: %q", log)
	}
}

func TestJobRestartsAfterPreemption(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "lowpri", 2, "LowPriority")
	w := srv.world
	w.mu.Lock()
	w.preemptRate = 0 // this test preempts by hand
	w.mu.Unlock()
	cmd := `echo "attempt pid $$"; echo $$ >> pids; sleep 300`
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/preempt-me"), commandJob("lowpri", cmd, nil), nil)
	waitJobStatus(t, srv, "preempt-me", statusRunning)
	pidsFile := filepath.Join(w.dataDir, "jobs", "preempt-me", "wd", "pids")
	var firstPid int
	jwait(t, "first attempt's pid", func() (bool, string) {
		b, _ := os.ReadFile(pidsFile)
		n, err := strconv.Atoi(strings.TrimSpace(string(b)))
		firstPid = n
		return err == nil, string(b)
	})

	w.mu.Lock()
	c := w.computes[computeKey("lowpri")]
	preempted := false
	for _, n := range c.Cluster.Nodes {
		if n.Job == "preempt-me" {
			w.preemptNode(c, n, w.now())
			preempted = true
			break
		}
	}
	w.mu.Unlock()
	if !preempted {
		t.Fatal("no node of the cluster runs the job")
	}
	jwait(t, "job running again after the preemption", func() (bool, string) {
		b, _ := os.ReadFile(pidsFile)
		lines := strings.Fields(string(b))
		return len(lines) == 2 && jobStatus(t, srv, "preempt-me") == statusRunning, fmt.Sprintf("pids %v", lines)
	})
	if syscall.Kill(firstPid, 0) != syscall.ESRCH {
		t.Errorf("the first attempt's process %d survived the preemption", firstPid)
	}
	d := runDetailsOf(t, srv, "preempt-me")
	if len(d.Warnings) == 0 || !strings.Contains(d.Warnings[0].Message, "preempted") {
		t.Errorf("warnings do not report the preemption: %+v", d.Warnings)
	}
	log := readLogURL(t, srv, d.LogFiles["user_logs/std_log.txt"])
	if strings.Count(log, "attempt pid") != 2 || !strings.Contains(log, "preempted") {
		t.Errorf("log does not show both attempts and the preemption:\n%s", log)
	}
	lifecycler := readLogURL(t, srv, d.LogFiles["system_logs/lifecycler/lifecycler.log"])
	if !strings.Contains(lifecycler, "restarts from the beginning") {
		t.Errorf("lifecycler log does not note the restart:\n%s", lifecycler)
	}
	jcall(t, srv, "POST", jobsURL(srv, "/jobs/preempt-me/cancel"), nil, nil)
	waitJobStatus(t, srv, "preempt-me", statusCanceled)
}

func TestCloseKillsAndWaitsForJobProcesses(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 3, "Dedicated")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/lingering"), commandJob("cpu", `echo $$ > pid_$RANK; sleep 300`, map[string]any{
		"resources": map[string]any{"instanceCount": 3},
	}), nil)
	waitJobStatus(t, srv, "lingering", statusRunning)
	wd := filepath.Join(srv.world.dataDir, "jobs", "lingering", "wd")
	var pids []int
	jwait(t, "every rank's pid", func() (bool, string) {
		pids = pids[:0]
		for r := range 3 {
			b, err := os.ReadFile(filepath.Join(wd, fmt.Sprintf("pid_%d", r)))
			if n, perr := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && perr == nil {
				pids = append(pids, n)
			}
		}
		return len(pids) == 3, fmt.Sprint(pids)
	})
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	for _, pid := range pids {
		// Close has waited for the processes: they are reaped, not merely signalled.
		if err := syscall.Kill(pid, 0); err != syscall.ESRCH {
			t.Errorf("process %d outlived Close (kill 0: %v)", pid, err)
		}
	}
	srv.world.mu.Lock()
	defer srv.world.mu.Unlock()
	for _, j := range srv.world.jobs {
		if j.exec != nil || len(j.retired) > 0 {
			t.Errorf("job %s still holds executions after Close", j.Name)
		}
	}
}

func TestSweepCancelAndChildrenPaging(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 2, "Dedicated")
	trials := childrenPageSize + 5
	body := map[string]any{"properties": map[string]any{
		"jobType": "Sweep", "computeId": "cpu",
		"samplingAlgorithm": map[string]any{"samplingAlgorithmType": "Random"},
		"objective":         map[string]any{"primaryMetric": "loss", "goal": "Minimize"},
		"limits":            map[string]any{"jobLimitsType": "Sweep", "maxTotalTrials": trials, "maxConcurrentTrials": trials},
		"searchSpace":       map[string]any{"lr": map[string]any{"type": "loguniform", "min_value": -6, "max_value": -1}},
		"trial":             map[string]any{"command": "sleep 300 # lr=${{search_space.lr}}", "environmentId": "env"},
	}}
	if r := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/big-sweep"), body, nil); r.StatusCode != http.StatusCreated {
		t.Fatalf("PUT: %d %s", r.StatusCode, jbody(r))
	}
	type page struct {
		Value             []testRunDetails `json:"value"`
		ContinuationToken *string          `json:"continuationToken"`
		NextLink          *string          `json:"nextLink"`
	}
	var first page
	jwait(t, "every trial created", func() (bool, string) {
		jcall(t, srv, "GET", srv.world.historyRunURL("big-sweep")+"/children", nil, &first)
		return first.NextLink != nil, fmt.Sprint(len(first.Value))
	})
	var second page
	jcall(t, srv, "GET", *first.NextLink, nil, &second)
	if len(first.Value) != childrenPageSize || len(second.Value) != 5 || second.NextLink != nil || first.ContinuationToken == nil {
		t.Errorf("children pages: %d then %d (next %v)", len(first.Value), len(second.Value), second.NextLink)
	}
	waitJobStatus(t, srv, "big-sweep_1", statusRunning)
	if r := jcall(t, srv, "POST", jobsURL(srv, "/jobs/big-sweep/cancel"), nil, nil); r.StatusCode != http.StatusAccepted {
		t.Fatalf("cancel: %d", r.StatusCode)
	}
	waitJobStatus(t, srv, "big-sweep", statusCanceled)
	for i := range trials {
		if s := jobStatus(t, srv, fmt.Sprintf("big-sweep_%d", i)); s != statusCanceled {
			t.Errorf("trial %d is %s after the sweep was canceled", i, s)
		}
	}
}

func TestJobNoExecResumesAfterRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	slow := func(o *Options) { o.DataDir, o.NoExec, o.Speed = dir, true, 20 }
	srv := startJobEmulator(t, slow)
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/synth-restart"), commandJob("cpu", "python train.py", nil), nil)
	jwait(t, "a few synthetic lines", func() (bool, string) {
		d := runDetailsOf(t, srv, "synth-restart")
		u, ok := d.LogFiles["user_logs/std_log.txt"]
		return ok && strings.Contains(readLogURL(t, srv, u), "step 2/"), d.Status
	})
	if err := closeJobEmulator(srv); err != nil {
		t.Fatal(err)
	}
	again := startJobEmulator(t, slow)
	waitJobStatus(t, again, "synth-restart", statusCompleted)
	log := readLogURL(t, again, runDetailsOf(t, again, "synth-restart").LogFiles["user_logs/std_log.txt"])
	if strings.Count(log, "step 1/") != 1 || strings.Count(log, "step 19/") != 1 {
		t.Errorf("synthetic log repeats or misses lines across the restart:\n%s", log)
	}
}

func TestJobLeftoversDieWithTheJob(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/leaves-behind"), commandJob("cpu", `sleep 300 & echo $! > left.pid; echo done`, nil), nil)
	waitJobStatus(t, srv, "leaves-behind", statusCompleted)
	b, err := os.ReadFile(filepath.Join(srv.world.dataDir, "jobs", "leaves-behind", "wd", "left.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	jwait(t, "the background process gone", func() (bool, string) {
		return syscall.Kill(pid, 0) == syscall.ESRCH, fmt.Sprintf("pid %d alive", pid)
	})
}

func TestSweepSurvivesRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	withDir := func(o *Options) { o.DataDir = dir }
	srv := startJobEmulator(t, withDir)
	jobCluster(t, srv, "cpu", 2, "Dedicated")
	body := map[string]any{"properties": map[string]any{
		"jobType": "Sweep", "computeId": "cpu",
		"samplingAlgorithm": map[string]any{"samplingAlgorithmType": "Grid"},
		"objective":         map[string]any{"primaryMetric": "val_loss", "goal": "Minimize"},
		"limits":            map[string]any{"jobLimitsType": "Sweep", "maxConcurrentTrials": 2},
		"searchSpace":       map[string]any{"q": []any{"choice", []any{[]any{1, 2, 3}}}},
		"trial":             map[string]any{"command": `sleep 1; echo "val_loss: ${{search_space.q}}"`, "environmentId": "env"},
	}}
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/resumed-sweep"), body, nil)
	waitJobStatus(t, srv, "resumed-sweep_0", statusRunning)
	if err := closeJobEmulator(srv); err != nil {
		t.Fatal(err)
	}
	again := startJobEmulator(t, withDir)
	waitJobStatus(t, again, "resumed-sweep", statusCompleted)
	var sweep struct {
		Properties struct {
			Properties map[string]string `json:"properties"`
		} `json:"properties"`
	}
	jcall(t, again, "GET", jobsURL(again, "/jobs/resumed-sweep"), nil, &sweep)
	if best := sweep.Properties.Properties["best_child_run_id"]; best != "resumed-sweep_0" {
		t.Errorf("best trial after the restart: %q, want resumed-sweep_0 (val_loss 1)", best)
	}
}
