package emulator

import (
	"slices"
	"strconv"
)

// Node claims by jobs (see world.go): the coupling between the jobs half and the computes.
// A cluster serves claims FIFO from its nodes, scaling up to serve them; an instance runs one
// claim at a time from its queue; an attached compute grants every claim at once with
// synthetic nodes. All three are called with world.mu held.

// claimNodes registers that job wants count nodes of compute (idempotent; FIFO per compute).
// It fails with an ARM-style error when the compute does not exist or cannot run jobs.
func (w *world) claimNodes(compute, job string, count int) error {
	c, ok := w.computes[computeKey(compute)]
	if !ok {
		return &armError{Code: "ComputeNotFound", Message: "Compute '" + compute + "' was not found in workspace " + w.ws + "."}
	}
	if count < 1 {
		return &armError{Code: "BadArgument", Message: "A job needs at least one node (resources.instanceCount is " + strconv.Itoa(count) + ")."}
	}
	switch c.ProvisioningState {
	case stateFailed:
		msg := "Compute '" + c.Name + "' is in state Failed and cannot run jobs"
		if len(c.ProvisioningErrors) > 0 {
			msg += ": " + c.ProvisioningErrors[0].Error.Message
		}
		return &armError{Code: "ComputeNotUsable", Message: msg}
	case stateDeleting:
		return &armError{Code: "ComputeNotUsable", Message: "Compute '" + c.Name + "' is being deleted and cannot run jobs."}
	}
	delete(w.lostClaims, job)
	now := w.now()
	switch {
	case c.Cluster != nil:
		if count > c.Cluster.MaxNodes {
			return &armError{Code: "BadArgument", Message: "The job asks for " + strconv.Itoa(count) + " nodes but cluster '" + c.Name +
				"' scales to at most " + strconv.Itoa(c.Cluster.MaxNodes) + " (scaleSettings.maxNodeCount)."}
		}
		for _, cl := range c.Cluster.Claims {
			if cl.Job == job {
				return nil
			}
		}
		c.Cluster.Claims = append(c.Cluster.Claims, &nodeClaim{Job: job, Count: count, Since: now})
	case c.Instance != nil:
		if count != 1 {
			return &armError{Code: "BadArgument", Message: "Compute instance '" + c.Name + "' runs single-node jobs; the job asks for " + strconv.Itoa(count) + " nodes."}
		}
		in := c.Instance
		if in.Running == job {
			return nil
		}
		for _, j := range in.Queue {
			if j == job {
				return nil
			}
		}
		in.Queue = append(in.Queue, job)
	case c.Attach != nil:
		for _, cl := range c.Attach.Claims {
			if cl.Job == job {
				return nil
			}
		}
		claim := &nodeClaim{Job: job, Count: count, Since: now}
		for i := range count {
			claim.Nodes = append(claim.Nodes, c.Name+"-node-"+strconv.Itoa(i))
		}
		c.Attach.Claims = append(c.Attach.Claims, claim)
	}
	w.markDirty()
	return nil
}

// grantedNodes returns the nodes currently running job; fewer than count means still
// waiting, or that a node was preempted (then preempted is true once, and the job restarts).
// A compute deleted under a claim reports preempted once; claiming again then fails.
func (w *world) grantedNodes(compute, job string) (nodes []nodeGrant, preempted bool) {
	if lost, ok := w.lostClaims[job]; ok && lost == compute {
		delete(w.lostClaims, job)
		w.markDirty()
		return nil, true
	}
	c, ok := w.computes[computeKey(compute)]
	if !ok {
		return nil, false
	}
	switch {
	case c.Cluster != nil:
		for _, claim := range c.Cluster.Claims {
			if claim.Job != job {
				continue
			}
			if claim.Preempted {
				claim.Preempted = false
				w.markDirty()
				return nil, true
			}
			for _, id := range claim.Nodes {
				for _, n := range c.Cluster.Nodes {
					if n.ID == id {
						nodes = append(nodes, nodeGrant{NodeID: n.ID, PrivateIP: n.PrivateIP})
					}
				}
			}
			return nodes, false
		}
	case c.Instance != nil:
		in := c.Instance
		for i, j := range in.Interrupted {
			if j == job {
				in.Interrupted = append(in.Interrupted[:i], in.Interrupted[i+1:]...)
				w.markDirty()
				return nil, true
			}
		}
		if in.Running == job && in.State == ciJobRunning {
			return []nodeGrant{{NodeID: c.Name, PrivateIP: c.Instance.PrivateIP}}, false
		}
	case c.Attach != nil:
		for _, claim := range c.Attach.Claims {
			if claim.Job == job {
				for _, id := range claim.Nodes {
					nodes = append(nodes, nodeGrant{NodeID: id, PrivateIP: "10.1.0.4"})
				}
			}
		}
	}
	return nodes, false
}

// releaseNodes ends job's claim (completion, failure, cancel): its nodes go back to idle and
// leave after the cluster's idle time; an instance takes its next job.
func (w *world) releaseNodes(compute, job string) {
	delete(w.lostClaims, job)
	c, ok := w.computes[computeKey(compute)]
	if !ok {
		return
	}
	now := w.now()
	switch {
	case c.Cluster != nil:
		kept := c.Cluster.Claims[:0]
		for _, claim := range c.Cluster.Claims {
			if claim.Job != job {
				kept = append(kept, claim)
				continue
			}
			for _, n := range c.Cluster.Nodes {
				if n.Job == job && n.State == nodeRunning {
					n.State, n.Since, n.Job = nodeIdle, now, ""
				}
			}
		}
		c.Cluster.Claims = kept
	case c.Instance != nil:
		in := c.Instance
		in.dequeue(job)
		in.Interrupted = slices.DeleteFunc(in.Interrupted, func(j string) bool { return j == job })
		if in.Running == job {
			in.Running = ""
			if in.State == ciJobRunning {
				in.State = ciRunning
			}
		}
	case c.Attach != nil:
		kept := c.Attach.Claims[:0]
		for _, claim := range c.Attach.Claims {
			if claim.Job != job {
				kept = append(kept, claim)
			}
		}
		c.Attach.Claims = kept
	}
	w.markDirty()
}
