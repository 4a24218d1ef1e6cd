package emulator

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"time"
)

// The job state machine. Simulated phases last (before the speed factor): NotStarted 1 s,
// Preparing 4 s (image pull and mounts), Finalizing 2 s (uploading outputs); Queued lasts until
// the compute grants the nodes; Running lasts as long as the processes (or, without execution,
// SynthDuration).
const (
	notStartedFor  = time.Second
	preparingFor   = 4 * time.Second
	finalizingFor  = 2 * time.Second
	synthLineEvery = 2 * time.Second
	// defaultSynthDuration is how long a job runs when the emulator does not execute commands.
	defaultSynthDuration = 40 * time.Second
)

// newJobState builds a job from a validated spec.
func (w *world) newJobState(name string, spec *jobSpec, now time.Time) *jobState {
	j := &jobState{
		Name: name, UUID: w.newID(), Type: spec.typ, Properties: spec.props, Compute: spec.compute,
		Command: spec.command, Env: spec.env, NodeCount: max(spec.nodes, 1), ProcsPerNode: max(spec.procs, 1),
		Timeout: spec.timeout, Sweep: spec.sweep,
		Status: statusNotStarted, StatusSince: now, Created: now, Modified: now,
	}
	if w.opts.NoExec {
		j.SynthDuration = defaultSynthDuration
	}
	return j
}

// createJob validates nothing further: it registers the job and its claim on the compute.
// The claim is the compute's own validation (it must exist and be able to run jobs).
func (w *world) createJob(name string, spec *jobSpec, now time.Time) (*jobState, *httpError) {
	j := w.newJobState(name, spec, now)
	claimant, count := name, j.NodeCount
	if j.Type == jobTypeSweep {
		claimant = trialName(name, 0)
	}
	if err := w.claimNodes(j.Compute, claimant, count); err != nil {
		return nil, claimError(err)
	}
	j.claimed = true
	w.jobs[jobKey(name)] = j
	w.markDirty()
	w.lifecycle(j, now, "Job %s created (type %s, compute %s, %d node(s) × %d process(es)).", name, j.Type, j.Compute, j.NodeCount, j.ProcsPerNode)
	return j, nil
}

// advanceJobs moves every job one step at now.
func (w *world) advanceJobs(now time.Time) {
	for _, key := range slices.Sorted(maps.Keys(w.jobs)) {
		j := w.jobs[key]
		j.pruneRetired()
		if j.DeleteOp != "" && !j.Deleted && terminalStatus(j.Status) {
			w.removeJob(j)
		}
		if terminalStatus(j.Status) {
			continue
		}
		if j.Type == jobTypeSweep {
			w.advanceSweep(j, now)
			continue
		}
		w.advanceCommand(j, now)
	}
}

// removeJob deletes a job that has ended, with its trials and files, once every trial has
// ended too.
func (w *world) removeJob(j *jobState) {
	trials := w.trials(j)
	for _, t := range trials {
		if !terminalStatus(t.Status) {
			return
		}
	}
	for _, t := range append(trials, j) {
		if err := os.RemoveAll(w.jobDir(t)); err != nil {
			w.logf("emulator: deleting the files of job %s: %v", t.Name, err)
		}
		t.Deleted, t.Properties, t.Sweep, t.Env = true, nil, nil, nil
	}
	w.markDirty()
}

// advanceCommand moves one command job (or sweep trial).
func (w *world) advanceCommand(j *jobState, now time.Time) {
	since := now.Sub(j.StatusSince)
	switch j.Status {
	case statusNotStarted:
		if since >= w.delay(notStartedFor) {
			w.setStatus(j, statusQueued, now)
			w.lifecycle(j, now, "Job queued: waiting for %d node(s) of compute %s.", j.NodeCount, j.Compute)
		}
	case statusQueued:
		if !j.claimed {
			if err := w.claimNodes(j.Compute, j.Name, j.NodeCount); err != nil {
				j.Error = &runError{Code: "UserError", Message: "The job's compute cannot run it any more: " + err.Error()}
				w.finish(j, now, statusFailed)
				return
			}
			j.claimed = true
		}
		nodes, _ := w.grantedNodes(j.Compute, j.Name)
		if len(nodes) >= j.NodeCount {
			j.Granted = append([]nodeGrant(nil), nodes[:j.NodeCount]...)
			j.Attempt++
			w.setStatus(j, statusPreparing, now)
			for _, n := range j.Granted {
				w.appendLog(j, "system_logs/hosttools_capability/hosttools-capability.log", fmt.Sprintf("%s INFO hosttools [node %s %s] Pulling image and mounting the workspace datastores (attempt %d).", stamp(now), n.NodeID, n.PrivateIP, j.Attempt))
			}
			w.lifecycle(j, now, "Nodes granted: %s. Preparing.", nodeIDs(j.Granted))
		}
	case statusPreparing:
		if w.lostNodes(j, now) {
			return
		}
		if since >= w.delay(preparingFor) {
			w.startRunning(j, now)
		}
	case statusRunning:
		if w.lostNodes(j, now) {
			return
		}
		if j.Timeout > 0 && now.Sub(j.Started) >= w.delay(j.Timeout) {
			j.Error = &runError{Code: "UserError", Message: fmt.Sprintf("The job exceeded limits.timeout (%s) and was canceled.", formatISODuration(j.Timeout))}
			w.requestCancel(j, now)
			return
		}
		if j.SynthDuration > 0 {
			w.advanceSynthetic(j, now)
			return
		}
		if j.exec == nil {
			w.requeue(j, now, "The emulator restarted while the job was running; the job was restarted from the beginning.")
			return
		}
		if j.exec.running == 0 {
			w.processesEnded(j, now)
		}
	case statusFinalizing:
		if since >= w.delay(finalizingFor) {
			w.finish(j, now, j.Outcome)
		}
	case statusCancelRequested:
		if j.exec == nil || j.exec.running == 0 {
			j.exec = nil
			w.finish(j, now, statusCanceled)
		}
	}
}

// startRunning starts the job's processes (or its synthetic run) and moves it to Running.
func (w *world) startRunning(j *jobState, now time.Time) {
	if j.Started.IsZero() {
		j.Started = now
	}
	if w.opts.NoExec && j.SynthDuration == 0 {
		j.SynthDuration = defaultSynthDuration // restarted with --no-exec
	}
	if j.SynthDuration == 0 {
		if err := w.startExec(j); err != nil {
			j.Error = &runError{Code: "SystemError", Message: "Starting the job's processes failed: " + err.Error()}
			w.setStatus(j, statusFinalizing, now)
			j.Outcome = statusFailed
			return
		}
	}
	j.SynthLines, j.synthResumed = 0, true
	w.setStatus(j, statusRunning, now)
	w.lifecycle(j, now, "Running %d process(es): %s", j.NodeCount*j.ProcsPerNode, j.Command)
}

// processesEnded decides the outcome from the exit codes once every rank has exited.
func (w *world) processesEnded(j *jobState, now time.Time) {
	ex := j.exec
	j.exec = nil
	j.Outcome = statusCompleted
	if ex.failedRank >= 0 {
		code := ex.exits[ex.failedRank]
		log := j.userLog(ex.failedRank)
		j.Error = &runError{Code: "UserError", Message: fmt.Sprintf(
			"Execution failed. User process 'rank %d' exited with status code %d. Please check log file '%s' for error details. Error: %s",
			ex.failedRank, code, log, w.logTail(j, log, 12))}
		j.Outcome = statusFailed
	}
	w.execLog(j, now, "All processes exited; exit codes %v.", ex.exits)
	w.setStatus(j, statusFinalizing, now)
	w.lifecycle(j, now, "Finalizing: uploading outputs and logs.")
}

// finish ends a job: its nodes go back to the compute.
func (w *world) finish(j *jobState, now time.Time, outcome string) {
	w.releaseNodes(j.Compute, j.Name)
	j.Granted = nil
	w.setStatus(j, outcome, now)
	w.lifecycle(j, now, "Job %s.", strings.ToLower(outcome))
}

// lostNodes restarts the job when a node was preempted or taken away; it reports whether
// it did.
func (w *world) lostNodes(j *jobState, now time.Time) bool {
	nodes, preempted := w.grantedNodes(j.Compute, j.Name)
	if !preempted && len(nodes) >= j.NodeCount {
		return false
	}
	reason := "A node of the job was taken away"
	if preempted {
		reason = "A low-priority node of the job was preempted"
	}
	w.requeue(j, now, fmt.Sprintf("%s (attempt %d); the job was requeued and restarts from the beginning.", reason, j.Attempt))
	return true
}

// requeue stops the job's processes and puts it back in the queue for nodes.
func (w *world) requeue(j *jobState, now time.Time, why string) {
	w.stopExec(j)
	for r := range j.ranks() {
		w.appendLog(j, j.userLog(r), fmt.Sprintf("%s WARNING - azureml - %s", stamp(now), why))
	}
	j.Warnings = append(j.Warnings, runWarning{Source: "lifecycler", Message: why})
	j.Granted = nil
	w.setStatus(j, statusQueued, now)
	w.lifecycle(j, now, "%s", why)
	if err := w.claimNodes(j.Compute, j.Name, j.NodeCount); err != nil {
		j.Error = &runError{Code: "SystemError", Message: "Requeueing the job failed: " + err.Error()}
		w.finish(j, now, statusFailed)
		return
	}
	j.claimed = true
}

// requestCancel starts canceling a job: processes are killed, trials canceled; the job ends
// Canceled once nothing runs any more.
func (w *world) requestCancel(j *jobState, now time.Time) {
	if terminalStatus(j.Status) || j.Status == statusCancelRequested {
		return
	}
	w.setStatus(j, statusCancelRequested, now)
	w.lifecycle(j, now, "Cancel requested.")
	if j.Type == jobTypeSweep {
		for _, t := range w.trials(j) {
			w.requestCancel(t, now)
		}
		w.sweepLog(j, now, "Cancel requested: canceling the running trials.")
		return
	}
	if j.exec != nil {
		w.execLog(j, now, "Sending SIGKILL to the process group of every rank.")
		j.exec.killAll()
	}
}

// advanceSynthetic writes the log lines of a job the emulator does not execute and ends it
// after SynthDuration.
func (w *world) advanceSynthetic(j *jobState, now time.Time) {
	elapsed := now.Sub(j.StatusSince)
	total := int(j.SynthDuration / synthLineEvery)
	due := min(int(elapsed/w.delay(synthLineEvery)), total)
	if !j.synthResumed {
		j.synthResumed = true
		if j.SynthLines < due {
			for r := range j.ranks() {
				w.appendLog(j, j.userLog(r), fmt.Sprintf("%s WARNING - azureml - the emulator was restarted; %d simulated steps were skipped", stamp(now), due-j.SynthLines))
			}
			j.SynthLines = due
		}
	}
	for ; j.SynthLines < due; j.SynthLines++ {
		for r := range j.ranks() {
			w.appendLog(j, j.userLog(r), synthLine(j, r, j.SynthLines, total, now))
		}
	}
	if elapsed < w.delay(j.SynthDuration) {
		return
	}
	j.Outcome = statusCompleted
	w.setStatus(j, statusFinalizing, now)
	w.lifecycle(j, now, "Finalizing: uploading outputs and logs.")
}

// synthLine is one progress line of a synthetic run.
func synthLine(j *jobState, rank, i, total int, now time.Time) string {
	if i == 0 {
		return fmt.Sprintf("%s - INFO - azureml - rank %d of %d: the emulator runs without executing commands (--no-exec); this log is simulated. Command: %s", stamp(now), rank, len(j.ranks()), j.Command)
	}
	loss := 2.3 * float64(total-i+1) / float64(total+1)
	return fmt.Sprintf("%s - INFO - train - step %d/%d - loss: %.4f - val_loss: %.4f - rank %d", stamp(now), i, total, loss, loss*1.05, rank)
}

// ranks lists the job's rank numbers.
func (j *jobState) ranks() []int {
	out := make([]int, j.NodeCount*j.ProcsPerNode)
	for i := range out {
		out[i] = i
	}
	return out
}

// userLog is the log name of a rank, as Azure names them.
func (j *jobState) userLog(rank int) string {
	if j.NodeCount*j.ProcsPerNode == 1 {
		return "user_logs/std_log.txt"
	}
	return fmt.Sprintf("user_logs/std_log_process_%d.txt", rank)
}

// lifecycle appends to the lifecycler's system log.
func (w *world) lifecycle(j *jobState, now time.Time, format string, args ...any) {
	w.appendLog(j, "system_logs/lifecycler/lifecycler.log", fmt.Sprintf("%s INFO lifecycler [%s] %s", stamp(now), j.Name, fmt.Sprintf(format, args...)))
}

// execLog appends to the execution wrapper's system log.
func (w *world) execLog(j *jobState, now time.Time, format string, args ...any) {
	w.appendLog(j, "system_logs/lifecycler/execution-wrapper.log", fmt.Sprintf("%s INFO execution-wrapper [%s] %s", stamp(now), j.Name, fmt.Sprintf(format, args...)))
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

func nodeIDs(nodes []nodeGrant) string {
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i] = n.NodeID
	}
	return strings.Join(ids, ", ")
}
