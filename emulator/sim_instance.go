package emulator

import (
	"net/http"
	"strings"
	"time"
)

// Compute instance lifecycle: start, stop and restart move through their transient states
// (Starting, Stopping, Restarting) under an operation; a running instance takes queued jobs
// one at a time and shows JobRunning meanwhile.

// beginInstanceAction checks that action fits the instance's state and starts it, as the user
// asked.
func (w *world) beginInstanceAction(c *compute, action string) *httpError {
	return w.beginInstanceActionBy(c, action, "User")
}

// beginInstanceActionBy starts action for trigger (User, or IdleShutdown).
func (w *world) beginInstanceActionBy(c *compute, action, trigger string) *httpError {
	in := c.Instance
	if c.ProvisioningState != stateSucceeded {
		return errorf(http.StatusConflict, "Conflict", "Compute instance '%s' is %s; it can be started, stopped or restarted only once provisioning succeeded.", c.Name, c.ProvisioningState)
	}
	var transient string
	var d time.Duration
	switch action {
	case "start":
		if in.State != ciStopped {
			return errorf(http.StatusConflict, "Conflict", "Compute instance '%s' is %s; only a Stopped instance can be started.", c.Name, in.State)
		}
		transient, d = ciStarting, instanceStartTime
	case "stop":
		if in.State != ciRunning && in.State != ciJobRunning {
			return errorf(http.StatusConflict, "Conflict", "Compute instance '%s' is %s; only a Running instance can be stopped.", c.Name, in.State)
		}
		transient, d = ciStopping, instanceStopTime
	case "restart":
		if in.State != ciRunning && in.State != ciJobRunning {
			return errorf(http.StatusConflict, "Conflict", "Compute instance '%s' is %s; only a Running instance can be restarted (start a Stopped one).", c.Name, in.State)
		}
		transient, d = ciRestarting, instanceRestart
	}
	if in.Running != "" {
		// The running job loses the instance and restarts when it runs again.
		w.logf("emulator: %s of compute instance %s interrupts job %s", action, c.Name, in.Running)
		in.Interrupted = append(in.Interrupted, in.Running)
		in.Queue = append([]string{in.Running}, in.Queue...)
		in.Running = ""
	}
	now := w.now()
	op := w.startOperation()
	c.Op = &pendingOp{ID: op.ID, Kind: action, ReadyAt: now.Add(w.delay(d))}
	in.State = transient
	in.LastOperation = &lastOperation{OperationName: operationName(action), OperationTime: armTime(now), OperationStatus: "InProgress", OperationTrigger: trigger}
	c.ModifiedOn = now
	return nil
}

func operationName(action string) string {
	switch action {
	case "start":
		return "Start"
	case "stop":
		return "Stop"
	}
	return "Restart"
}

// finishInstanceAction ends a start, stop or restart.
func (w *world) finishInstanceAction(c *compute, op *pendingOp, now time.Time) {
	in := c.Instance
	in.State = ciRunning
	if op.Kind == "stop" {
		in.State = ciStopped
	}
	trigger := "User"
	if in.LastOperation != nil {
		trigger = in.LastOperation.OperationTrigger
	}
	in.LastOperation = &lastOperation{OperationName: operationName(op.Kind), OperationTime: armTime(now), OperationStatus: "Succeeded", OperationTrigger: trigger}
	w.finishOperation(op.ID, nil)
}

// advanceInstance gives the next queued job to a running instance, and stops an instance
// that stayed idle for its idleTimeBeforeShutdown.
func (w *world) advanceInstance(c *compute, now time.Time) {
	in := c.Instance
	if c.ProvisioningState != stateSucceeded || !in.canRunJobs() {
		in.IdleSince = time.Time{}
		return
	}
	defer w.idleShutdown(c, now)
	if in.Running == "" && len(in.Queue) > 0 {
		in.Running, in.Queue = in.Queue[0], in.Queue[1:]
		in.State = ciJobRunning
		w.markDirty()
	}
	if in.Running == "" && in.State == ciJobRunning {
		in.State = ciRunning
		w.markDirty()
	}
}

// idleShutdownRequest is the body of POST updateIdleShutdownSetting.
type idleShutdownRequest struct {
	IdleTimeBeforeShutdown string `json:"idleTimeBeforeShutdown"`
}

// updateIdleShutdown handles POST updateIdleShutdownSetting of a compute instance.
func (s *Server) updateIdleShutdown(w http.ResponseWriter, r *http.Request, c *compute, req *idleShutdownRequest) *httpError {
	sw := s.world
	if c.Instance == nil {
		return validationError("computeName", "Idle shutdown is a setting of compute instances; '%s' is a %s.", c.Name, c.Type)
	}
	if e := validateIdleShutdown(req.IdleTimeBeforeShutdown, "idleTimeBeforeShutdown"); e != nil {
		return e
	}
	c.Instance.IdleTimeBeforeShutdown = strings.ToUpper(req.IdleTimeBeforeShutdown)
	c.ModifiedOn = sw.now()
	sw.markDirty()
	_ = sw.saveIfDirty()
	w.WriteHeader(http.StatusOK)
	return nil
}

// idleShutdown tracks how long a running instance has had nothing to do and stops it once
// that reaches its idle shutdown time, as the service does (lastOperation's trigger says so).
func (w *world) idleShutdown(c *compute, now time.Time) {
	in := c.Instance
	if in.State != ciRunning || in.Running != "" || len(in.Queue) > 0 || c.Op != nil {
		in.IdleSince = time.Time{}
		return
	}
	if in.IdleSince.IsZero() {
		in.IdleSince = now
		return
	}
	limit, err := parseISODuration(in.IdleTimeBeforeShutdown)
	if in.IdleTimeBeforeShutdown == "" || err != nil || now.Sub(in.IdleSince) < w.delay(limit) {
		return
	}
	if e := w.beginInstanceActionBy(c, "stop", "IdleShutdown"); e == nil {
		in.IdleSince = time.Time{}
		w.markDirty()
		w.logf("emulator: compute instance %s idle for %s: stopping", c.Name, in.IdleTimeBeforeShutdown)
	}
}
