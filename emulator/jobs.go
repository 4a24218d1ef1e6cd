package emulator

import (
	"net/http"
	"strings"
	"time"
)

// The jobs half of the emulator (see world.go for the split). A job is created by a PUT,
// advances through the statuses Azure ML reports (jobsim.go), claims nodes of its compute from
// the compute half, runs its command as local processes (exec.go), and is observed through
// ARM (jobroutes.go) and run history (runhistory.go, blob.go).

// Job statuses, as Azure ML reports them in properties.status and run history's status.
const (
	statusNotStarted      = "NotStarted"
	statusQueued          = "Queued"
	statusPreparing       = "Preparing"
	statusRunning         = "Running"
	statusFinalizing      = "Finalizing"
	statusCancelRequested = "CancelRequested"
	statusCompleted       = "Completed"
	statusFailed          = "Failed"
	statusCanceled        = "Canceled"
)

// Job types the emulator runs.
const (
	jobTypeCommand = "Command"
	jobTypeSweep   = "Sweep"
)

// terminalStatus reports whether a job in status s will never change again.
func terminalStatus(s string) bool {
	return s == statusCompleted || s == statusFailed || s == statusCanceled
}

// jobState is one job's simulated state, persisted with the world through its exported fields.
type jobState struct {
	// Name is the job's name as the client spelled it (w.jobs is keyed by its lower case).
	Name string
	// UUID is the run's runUuid in run history.
	UUID string
	Type string
	// Properties are the ARM properties the client sent, normalised (computeId made a full
	// resource id); responses echo them with the service's own fields added (jobrender.go).
	Properties map[string]any
	// Compute is the name of the compute the job runs on.
	Compute string
	// Command is what runs, with ${{inputs.*}} and ${{search_space.*}} already substituted.
	Command string
	Env     map[string]string `json:",omitempty"`
	// NodeCount and ProcsPerNode shape the processes: one rank per process, NodeCount × ProcsPerNode.
	NodeCount    int
	ProcsPerNode int
	// Timeout is limits.timeout (0: none); a job running longer is canceled, as on Azure.
	Timeout time.Duration `json:",omitempty"`

	// Parent is the sweep a trial belongs to; Trial is its index there; Params its sampled
	// hyperparameters.
	Parent string         `json:",omitempty"`
	Trial  int            `json:",omitempty"`
	Params map[string]any `json:",omitempty"`
	// Sweep holds a sweep parent's own progress.
	Sweep *sweepState `json:",omitempty"`

	Status      string
	StatusSince time.Time
	// Outcome is the terminal status a Finalizing job will end in.
	Outcome  string `json:",omitempty"`
	Created  time.Time
	Modified time.Time
	Started  time.Time `json:",omitzero"`
	Ended    time.Time `json:",omitzero"`
	// Granted are the nodes running the job (from grantedNodes), for listNodes' runId.
	Granted []nodeGrant `json:",omitempty"`
	// Attempt counts starts; more than one means the job was restarted after a preemption.
	Attempt  int
	Error    *runError    `json:",omitempty"`
	Warnings []runWarning `json:",omitempty"`
	// CancelOp and DeleteOp are the ids of the cancel and delete operations the Location
	// headers point at. Deleted marks a job that was deleted: it is kept as a tombstone
	// (without its files) only so that its delete operation can report success.
	CancelOp string `json:",omitempty"`
	DeleteOp string `json:",omitempty"`
	Deleted  bool   `json:",omitempty"`
	// Synthetic jobs (the emulator runs without executing commands) have their logs written
	// by the simulation: SynthDuration is how long their Running phase lasts, SynthLines how
	// many progress lines they have written.
	SynthDuration time.Duration `json:",omitempty"`
	SynthLines    int           `json:",omitempty"`

	// exec is the running processes; nil when none. Lost on restart by design: a job that was
	// running when the emulator stopped is started again (see advanceJobs).
	exec *execution
	// retired are executions of earlier attempts whose processes were killed but may not
	// have been reaped yet; Close waits for them too.
	retired []*execution
	// claimed records that this process registered the job's claim on its compute; after a
	// restart the claim is registered again (claimNodes is idempotent).
	claimed bool
	// synthResumed records that this process has taken over a synthetic run's log; after a
	// restart the lines of the downtime are skipped rather than written twice.
	synthResumed bool
	// policyCheckedAt is when a sweep last applied its early termination policy.
	policyCheckedAt time.Time
}

// runWarning is one entry of run history's warnings.
type runWarning struct {
	Source  string `json:"source"`
	Message string `json:"message"`
}

// runError is a run's error, as run history reports it inside its error envelope.
type runError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// jobKey is the map key of a job name: Azure ML job names are case-insensitive.
func jobKey(name string) string { return strings.ToLower(name) }

// job finds a job by name; deleted jobs are not found.
func (w *world) job(name string) *jobState {
	if j := w.jobs[jobKey(name)]; j != nil && !j.Deleted {
		return j
	}
	return nil
}

// setStatus moves j to status at now.
func (w *world) setStatus(j *jobState, status string, now time.Time) {
	j.Status, j.StatusSince, j.Modified = status, now, now
	if terminalStatus(status) && j.Ended.IsZero() {
		j.Ended = now
	}
	w.markDirty()
}

// runningJobOn reports the job a node is running, for listNodes' runId.
func (w *world) runningJobOn(compute, nodeID string) string {
	for _, j := range w.jobs {
		if !strings.EqualFold(j.Compute, compute) || terminalStatus(j.Status) {
			continue
		}
		for _, n := range j.Granted {
			if n.NodeID == nodeID {
				return j.Name
			}
		}
	}
	return ""
}

// registerJobRoutes adds the ARM job routes and the run-history, discovery and log routes.
func (s *Server) registerJobRoutes(mux *http.ServeMux) {
	jr := &jobRoutes{s: s, w: s.world, signer: newLogSigner()}
	jr.register(mux)
}
