package runs

import (
	"strings"

	"github.com/amlconsole/amlconsole/compute"
)

// Status is a job's properties.status, verbatim.
type Status string

// The statuses Azure ML reports for jobs (api-version 2024-04-01).
const (
	StatusNotStarted      Status = "NotStarted"
	StatusStarting        Status = "Starting"
	StatusProvisioning    Status = "Provisioning"
	StatusPreparing       Status = "Preparing"
	StatusQueued          Status = "Queued"
	StatusRunning         Status = "Running"
	StatusFinalizing      Status = "Finalizing"
	StatusCancelRequested Status = "CancelRequested"
	StatusCompleted       Status = "Completed"
	StatusFailed          Status = "Failed"
	StatusCanceled        Status = "Canceled"
	StatusNotResponding   Status = "NotResponding"
	StatusPaused          Status = "Paused"
	StatusUnknown         Status = "Unknown"
)

// Statuses lists every known status in lifecycle order, for filters and completion.
func Statuses() []Status {
	return []Status{
		StatusNotStarted, StatusStarting, StatusProvisioning, StatusPreparing, StatusQueued, StatusRunning,
		StatusFinalizing, StatusCancelRequested, StatusCompleted, StatusFailed, StatusCanceled,
		StatusNotResponding, StatusPaused, StatusUnknown,
	}
}

// canonical matches s case-insensitively against the known statuses; exact spellings (the
// norm) take the fast path.
func (s Status) canonical() Status {
	switch s {
	case StatusNotStarted, StatusStarting, StatusProvisioning, StatusPreparing, StatusQueued, StatusRunning,
		StatusFinalizing, StatusCancelRequested, StatusCompleted, StatusFailed, StatusCanceled,
		StatusNotResponding, StatusPaused, StatusUnknown:
		return s
	}
	for _, k := range Statuses() {
		if strings.EqualFold(string(k), string(s)) {
			return k
		}
	}
	return s
}

// Terminal reports whether the job has ended and will not change again by itself: Completed,
// Failed, Canceled and Paused. NotResponding is not terminal: the heartbeat may come back and
// the job resume from where it was.
func (s Status) Terminal() bool {
	switch s.canonical() {
	case StatusCompleted, StatusFailed, StatusCanceled, StatusPaused:
		return true
	}
	return false
}

// Active reports whether the job may still change: every status that is not terminal,
// including Unknown and NotResponding. Watchers poll fast while any job is active.
func (s Status) Active() bool { return !s.Terminal() }

// Transitional reports whether the job is on its way somewhere: waiting, preparing, finishing
// or being cancelled (NotStarted, Starting, Provisioning, Preparing, Queued, Finalizing,
// CancelRequested). Running is active but not transitional.
func (s Status) Transitional() bool {
	switch s.canonical() {
	case StatusNotStarted, StatusStarting, StatusProvisioning, StatusPreparing, StatusQueued,
		StatusFinalizing, StatusCancelRequested:
		return true
	}
	return false
}

// Failed reports whether the status is a failure: Failed, or NotResponding (the job lost its
// heartbeat; it may still resume, so it is not terminal).
func (s Status) Failed() bool {
	switch s.canonical() {
	case StatusFailed, StatusNotResponding:
		return true
	}
	return false
}

// CanResume reports whether a job in this status can come back by itself (NotResponding).
func (s Status) CanResume() bool { return s.canonical() == StatusNotResponding }

// CanCancel reports whether cancelling makes sense: the job is active and no cancel is
// already under way.
func (s Status) CanCancel() bool {
	return s.Active() && s.canonical() != StatusCancelRequested
}

// Health classifies the status by meaning with the same classes computes use, so the console
// colours and marks them alike: Running and Completed are ok; waiting, preparing, finalizing
// and cancel-requested are transitional; Failed and NotResponding are failed; Canceled and
// Paused are stopped; Unknown and unrecognised statuses are unknown.
func (s Status) Health() compute.Health {
	switch {
	case s.Failed():
		return compute.HealthFailed
	case s.Transitional():
		return compute.HealthTransitional
	}
	switch s.canonical() {
	case StatusRunning, StatusCompleted:
		return compute.HealthOK
	case StatusCanceled, StatusPaused:
		return compute.HealthStopped
	}
	return compute.HealthUnknown
}
