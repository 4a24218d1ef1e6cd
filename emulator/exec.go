package emulator

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/amlconsole/amlconsole/emulator/trainer"
)

// Execution: a running job's command runs as one local process per rank, `/bin/sh -c COMMAND`,
// each in its own process group (so cancel and preemption kill whatever the command started),
// with stdout and stderr going straight to the rank's log file. One goroutine per rank waits
// for its process and records the exit under world.mu; the simulation reads the record on its
// next tick.

// guardScript runs a rank's command ($1) under a guardian shell: the command runs in a
// subshell, and a watcher blocks reading fd 3, the read end of a pipe whose write end only the
// emulator holds. If the emulator dies without killing its jobs (SIGKILL, a crash), the pipe
// reaches end-of-file and the watcher kills the whole process group, so no job outlives it.
// The command does not inherit fd 3; its exit status is the rank's.
const guardScript = `__azureml_cmd=$1; shift
( exec 3<&-; eval "$__azureml_cmd" ) & __azureml_pid=$!
( read -r __azureml_line <&3; kill -KILL 0 ) & __azureml_guard=$!
exec 3<&-
wait "$__azureml_pid"; __azureml_status=$?
kill "$__azureml_guard" 2>/dev/null
exit "$__azureml_status"`

// execution is the processes of one attempt of a job.
type execution struct {
	// lifeline is the write end of the guardians' pipe: open while any rank runs.
	lifeline *os.File
	procs    []*os.Process
	// exits holds each rank's exit code; -1 while it runs.
	exits      []int
	running    int
	failedRank int // first rank that failed, -1 if none
	// abandoned executions belong to an attempt that was preempted or shut down: their exits
	// are recorded but decide nothing.
	abandoned bool
	done      chan struct{} // closed when every rank has exited
}

// startExec starts every rank of j. On error, ranks already started are killed (and still
// waited for through j.retired).
func (w *world) startExec(j *jobState) error {
	wd := w.workDir(j)
	if err := os.MkdirAll(filepath.Join(wd, "outputs"), 0o700); err != nil {
		return fmt.Errorf("creating the working directory: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(w.logDir(j), "user_logs"), 0o700); err != nil {
		return fmt.Errorf("creating the log directory: %w", err)
	}
	ranks := j.ranks()
	ex := &execution{exits: make([]int, len(ranks)), failedRank: -1, done: make(chan struct{})}
	for i := range ex.exits {
		ex.exits[i] = -1
	}
	guardRead, lifeline, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("creating the job's lifeline pipe: %w", err)
	}
	defer guardRead.Close() // the ranks hold their own copies
	ex.lifeline = lifeline
	j.exec = ex
	for _, rank := range ranks {
		proc, err := w.startRank(j, rank, wd, guardRead)
		if err != nil {
			ex.abandoned = true
			ex.killAll()
			j.retire()
			if ex.running == 0 {
				ex.lifeline.Close()
				close(ex.done)
			}
			return err
		}
		ex.procs = append(ex.procs, proc)
		ex.running++
		go w.waitRank(ex, rank, proc)
	}
	w.execLog(j, w.now(), "Started %d process(es) in %s.", len(ranks), wd)
	return nil
}

// startRank starts one rank's process with the environment Azure ML gives it.
func (w *world) startRank(j *jobState, rank int, wd string, guard *os.File) (*os.Process, error) {
	logPath, _ := w.logPath(j, j.userLog(rank))
	f, err := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", j.userLog(rank), err)
	}
	defer f.Close() // the child holds its own copy
	cmd := exec.Command("/bin/sh", "-c", guardScript, "sh", j.Command)
	cmd.ExtraFiles = []*os.File{guard} // fd 3
	cmd.Dir = wd
	cmd.Env = w.rankEnv(j, rank, wd)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting rank %d: %w", rank, err)
	}
	return cmd.Process, nil
}

// rankEnv is a rank's environment: a minimal host environment (no credentials of the
// emulator's own process leak into jobs), Azure ML's variables, then the job's own.
func (w *world) rankEnv(j *jobState, rank int, wd string) []string {
	env := []string{"HOME=" + wd, "TMPDIR=" + os.TempDir()}
	for _, k := range []string{"PATH", "LANG", "LC_ALL", "TZ", "USER", "LOGNAME", "SHELL"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	per := j.ProcsPerNode
	set := map[string]string{
		"RANK":                       strconv.Itoa(rank),
		"WORLD_SIZE":                 strconv.Itoa(len(j.ranks())),
		"LOCAL_RANK":                 strconv.Itoa(rank % per),
		"LOCAL_WORLD_SIZE":           strconv.Itoa(per),
		"NODE_RANK":                  strconv.Itoa(rank / per),
		"GROUP_RANK":                 strconv.Itoa(rank / per),
		"MASTER_ADDR":                "127.0.0.1",
		"MASTER_PORT":                "6105",
		"AZUREML_RUN_ID":             j.Name,
		"AZUREML_ARM_SUBSCRIPTION":   w.sub,
		"AZUREML_ARM_RESOURCEGROUP":  w.rg,
		"AZUREML_ARM_WORKSPACE_NAME": w.ws,
		"AZUREML_EXPERIMENT_NAME":    experimentOf(j),
		"AZUREML_CR_NODE_ID":         j.nodeOf(rank),
		trainer.SpeedEnv:             strconv.FormatFloat(w.opts.Speed, 'g', -1, 64),
	}
	if j.Parent != "" {
		set["AZUREML_ROOT_RUN_ID"] = j.Parent
	}
	// A trial's hyperparameters, as Azure ML passes them to sweep trials.
	for k, v := range j.Params {
		set["AZUREML_PARAMETER_"+k] = formatParam(v)
	}
	for k, v := range j.Env {
		set[k] = v
	}
	for _, k := range slices.Sorted(maps.Keys(set)) {
		env = append(env, k+"="+set[k])
	}
	return env
}

// nodeOf is the node a rank runs on.
func (j *jobState) nodeOf(rank int) string {
	if n := rank / j.ProcsPerNode; n < len(j.Granted) {
		return j.Granted[n].NodeID
	}
	return ""
}

// waitRank waits for one process and records its exit under the world's lock. A failing rank
// brings the others down, as Azure ML does for distributed jobs.
func (w *world) waitRank(ex *execution, rank int, proc *os.Process) {
	state, err := proc.Wait()
	// Whatever the command left running in its process group goes with it, as when Azure ML
	// tears down a job's container.
	_ = syscall.Kill(-proc.Pid, syscall.SIGKILL)
	code := -1
	if err == nil {
		code = state.ExitCode()
		if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			code = 128 + int(ws.Signal())
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	ex.exits[rank] = code
	ex.running--
	if code != 0 && ex.failedRank < 0 && !ex.abandoned {
		ex.failedRank = rank
		ex.killAll()
	}
	if ex.running == 0 {
		ex.lifeline.Close()
		close(ex.done)
	}
}

// killAll kills the process group of every rank still running.
func (ex *execution) killAll() {
	for rank, p := range ex.procs {
		if ex.exits[rank] == -1 {
			if err := syscall.Kill(-p.Pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
				_ = p.Kill()
			}
		}
	}
}

// stopExec kills the current attempt's processes and sets them aside to be waited for.
func (w *world) stopExec(j *jobState) {
	if j.exec == nil {
		return
	}
	j.exec.abandoned = true
	j.exec.killAll()
	j.retire()
}

// retire moves the current execution to the retired list.
func (j *jobState) retire() {
	if j.exec != nil {
		j.retired = append(j.retired, j.exec)
		j.exec = nil
	}
}

// pruneRetired forgets retired executions whose processes have all exited.
func (j *jobState) pruneRetired() {
	kept := j.retired[:0]
	for _, ex := range j.retired {
		if ex.running > 0 {
			kept = append(kept, ex)
		}
	}
	j.retired = kept
}

// shutdownJobs kills every job process and waits for them all; the jobs keep their status,
// so that after a restart with the same data dir a running job is started again. Close calls
// it after the ticker has stopped and before the world is saved; w.mu must not be held.
func (w *world) shutdownJobs() {
	w.mu.Lock()
	var waits []chan struct{}
	now := w.now()
	for _, j := range w.jobs {
		if j.exec != nil {
			w.execLog(j, now, "The emulator is shutting down: killing the job's processes.")
			w.stopExec(j)
		}
		for _, ex := range j.retired {
			ex.killAll()
			waits = append(waits, ex.done)
		}
	}
	w.mu.Unlock()
	deadline := time.After(30 * time.Second)
	for _, d := range waits {
		select {
		case <-d:
		case <-deadline:
			w.logf("emulator: job processes did not exit within 30 s of SIGKILL")
			return
		}
	}
	w.mu.Lock()
	for _, j := range w.jobs {
		j.pruneRetired()
	}
	w.mu.Unlock()
}
