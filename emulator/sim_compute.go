package emulator

import (
	"math"
	"strings"
	"time"
)

// advanceComputes moves every compute one step at now: operations whose simulated time is up
// complete, clusters resize and hand out nodes, instances finish transitions and take the
// next queued job, attached computes serve their claims.
func (w *world) advanceComputes(now time.Time) {
	elapsed := time.Duration(0)
	if !w.lastTick.IsZero() {
		elapsed = now.Sub(w.lastTick)
	}
	w.lastTick = now
	if now.Sub(w.lastPrune) >= time.Minute {
		w.pruneOperations(now)
		w.lastPrune = now
	}
	for _, c := range w.sortedComputes() {
		if c.Op != nil && !now.Before(c.Op.ReadyAt) {
			w.completeOperation(c, now)
		}
		if _, still := w.computes[computeKey(c.Name)]; !still {
			continue
		}
		switch {
		case c.Cluster != nil && (c.ProvisioningState == stateSucceeded || c.ProvisioningState == stateUpdating):
			w.advanceCluster(c, now, elapsed)
		case c.Instance != nil:
			w.advanceInstance(c, now)
		}
	}
}

// completeOperation finishes the operation pending on c.
func (w *world) completeOperation(c *compute, now time.Time) {
	op := c.Op
	c.Op = nil
	c.ModifiedOn = now
	w.markDirty()
	switch op.Kind {
	case "create":
		w.finishCreate(c, now, op.ID)
	case "update":
		c.ProvisioningState = stateSucceeded
		w.finishOperation(op.ID, nil)
	case "delete", "detach":
		w.removeCompute(c)
		w.finishOperation(op.ID, nil)
	case "start", "stop", "restart":
		w.finishInstanceAction(c, op, now)
	}
}

// finishCreate ends provisioning: a cluster whose minimum nodes do not fit the quota fails
// with ClusterMinNodesExceedCoreQuota, an instance that does not fit fails likewise, anything
// else succeeds. A new attachment breaks older attachments of the same resource.
func (w *world) finishCreate(c *compute, now time.Time, opID string) {
	var failure *armError
	switch {
	case c.Cluster != nil:
		cl := c.Cluster
		size, _ := lookupVMSize(cl.VMSize)
		failure = w.quotaExceeded(size, cl.VMPriority, cl.MinNodes)
		// The service resolves NotSpecified to Enabled for a cluster outside a virtual network.
		if strings.EqualFold(cl.RemoteLoginPortPublicAccess, "NotSpecified") {
			cl.RemoteLoginPortPublicAccess = "Enabled"
		}
		cl.AllocationState, cl.AllocationSince = allocSteady, now
	case c.Instance != nil:
		size, _ := lookupVMSize(c.Instance.VMSize)
		failure = w.instanceQuotaExceeded(c.Name, size)
	case c.Attach != nil:
		w.breakOlderAttachments(c)
	}
	if failure != nil {
		c.ProvisioningState = stateFailed
		c.ProvisioningErrors = []provisioningError{{Error: *failure}}
		if c.Instance != nil {
			c.Instance.State = ciFailed
			c.Instance.LastOperation = &lastOperation{OperationName: "Create", OperationTime: armTime(now), OperationStatus: "CreateFailed", OperationTrigger: "User"}
		}
		w.finishOperation(opID, failure)
		return
	}
	c.ProvisioningState = stateSucceeded
	if in := c.Instance; in != nil {
		in.State = ciRunning
		in.LastOperation = &lastOperation{OperationName: "Create", OperationTime: armTime(now), OperationStatus: "Succeeded", OperationTrigger: "User"}
	}
	w.finishOperation(opID, nil)
}

// breakOlderAttachments marks every other compute attached to c's resource as broken: the
// service keeps one working attachment per resource, the newest.
func (w *world) breakOlderAttachments(c *compute) {
	for _, other := range w.sortedComputes() {
		if other == c || other.Attach == nil || !strings.EqualFold(other.ResourceID, c.ResourceID) || other.ProvisioningState == stateDeleting {
			continue
		}
		other.ProvisioningState = stateFailed
		other.ProvisioningErrors = append(other.ProvisioningErrors, provisioningError{Error: armError{
			Code: "ComputeTargetAttachedElsewhere",
			Message: sprintf("The resource %s was attached again as compute '%s'; this attachment ('%s') no longer works. Detach it, or detach '%s' and attach this one again.",
				c.ResourceID, c.Name, other.Name, c.Name),
		}})
		other.ModifiedOn = w.now()
	}
}

// removeCompute deletes c; jobs that held or waited for its nodes learn it through
// grantedNodes (preempted once), and claimNodes then fails.
func (w *world) removeCompute(c *compute) {
	var claims []*nodeClaim
	switch {
	case c.Cluster != nil:
		claims = c.Cluster.Claims
	case c.Attach != nil:
		claims = c.Attach.Claims
	case c.Instance != nil:
		for _, j := range append([]string{c.Instance.Running}, c.Instance.Queue...) {
			if j != "" {
				claims = append(claims, &nodeClaim{Job: j})
			}
		}
	}
	for _, cl := range claims {
		w.lostClaims[cl.Job] = c.Name
	}
	delete(w.computes, computeKey(c.Name))
}

// chance turns a rate per simulated minute over a wall-clock interval into a probability.
func (w *world) chance(perMinute float64, elapsed time.Duration) float64 {
	simMinutes := elapsed.Minutes() * w.opts.Speed
	return 1 - math.Exp(-perMinute*simMinutes)
}
