package emulator

import (
	"fmt"
	"time"
)

// defaultPreemptRate is how often a low-priority node is preempted: once per node per 30
// simulated minutes on average, so a demo sees it now and then.
const defaultPreemptRate = 1.0 / 30

// advanceCluster runs one step of a cluster: node transitions, preemption, scale-down,
// FIFO grants, then scale-up within quota, and the allocation state that results.
func (w *world) advanceCluster(c *compute, now time.Time, elapsed time.Duration) {
	cl := c.Cluster
	idle, err := parseISODuration(cl.IdleBeforeScaleDown)
	if err != nil {
		idle = 2 * time.Minute
	}
	idle = w.delay(idle)
	changed := false

	kept := cl.Nodes[:0]
	for _, n := range cl.Nodes {
		switch {
		case n.State == nodePreparing && now.Sub(n.Since) >= w.delay(nodeBootTime):
			n.State, n.Since, changed = nodeIdle, now, true
		case n.State == nodeLeaving && now.Sub(n.Since) >= w.delay(nodeLeaveTime),
			n.State == nodePreempted && now.Sub(n.Since) >= w.delay(preemptedLinger):
			changed = true
			continue
		}
		kept = append(kept, n)
	}
	cl.Nodes = kept

	if cl.VMPriority == priorityLowPriority && elapsed > 0 {
		p := w.chance(w.preemptRate, elapsed)
		for _, n := range cl.Nodes {
			if (n.State == nodeRunning || n.State == nodeIdle) && w.rng.Float64() < p {
				w.preemptNode(c, n, now)
				changed = true
			}
		}
	}

	target := cl.target(now, idle)
	live := cl.liveNodes()
	for _, n := range cl.Nodes {
		if live <= target {
			break
		}
		if n.State == nodeIdle && now.Sub(n.Since) >= idle {
			n.State, n.Since, n.Job = nodeLeaving, now, ""
			live--
			changed = true
		}
	}

	if w.grantClaims(cl, now) {
		changed = true
	}

	if live >= target && cl.Errors != nil {
		cl.Errors, changed = nil, true
	}
	if live < target {
		size, _ := lookupVMSize(cl.VMSize)
		fit := max(w.coresAvailable(size.Family, cl.VMPriority)/max(size.VCPUs, 1), 0)
		add := min(target-live, fit)
		for range add {
			cl.Nodes = append(cl.Nodes, w.newNode(c, now))
		}
		if add > 0 {
			changed = true
		}
		cl.Errors = nil
		if add < target-live {
			f, _ := lookupFamily(size.Family)
			quota := f.usageName(cl.VMPriority)
			if cl.VMPriority == priorityLowPriority {
				quota = "Total Cluster LowPriority Regional vCPUs"
			}
			cl.Errors = []provisioningError{{Error: armError{Code: "ClusterCoreQuotaReached",
				Message: fmt.Sprintf("Scaling cluster '%s' to %d nodes stopped at %d: the %s quota has no room for more %s nodes. Request a quota increase or lower the job's node count.",
					c.Name, target, live+add, quota, size.Name)}}}
		}
		target = min(target, live+add)
	}

	state := allocSteady
	counts := cl.counts()
	if counts.PreparingNodeCount > 0 || counts.LeavingNodeCount > 0 || cl.liveNodes() != target {
		state = allocResizing
	}
	if state != cl.AllocationState {
		cl.AllocationState, cl.AllocationSince, changed = state, now, true
	}
	if cl.Target != target {
		cl.Target, changed = target, true
	}
	if changed {
		w.markDirty()
	}
}

// grantClaims hands idle nodes to waiting claims strictly in arrival order: a claim takes all
// its nodes at once, and a claim that cannot be served yet holds back those behind it.
func (w *world) grantClaims(cl *cluster, now time.Time) bool {
	changed := false
	for _, claim := range cl.Claims {
		if len(claim.Nodes) > 0 {
			continue
		}
		var free []*clusterNode
		for _, n := range cl.Nodes {
			if n.State == nodeIdle {
				free = append(free, n)
			}
		}
		if len(free) < claim.Count {
			break
		}
		for _, n := range free[:claim.Count] {
			n.State, n.Since, n.Job = nodeRunning, now, claim.Job
			claim.Nodes = append(claim.Nodes, n.ID)
		}
		changed = true
	}
	return changed
}

// newNode provisions one node: it starts preparing and becomes idle after the boot time.
func (w *world) newNode(c *compute, now time.Time) *clusterNode {
	cl := c.Cluster
	cl.NextNode++
	n := cl.NextNode
	return &clusterNode{
		ID:        fmt.Sprintf("tvm-%010d_%d-%s", 1000000000+w.rng.IntN(999999999), n, now.UTC().Format("20060102t150405z")),
		PrivateIP: fmt.Sprintf("10.0.%d.%d", n/250, 4+n%250),
		PublicIP:  fmt.Sprintf("20.%d.%d.%d", 40+w.rng.IntN(200), w.rng.IntN(256), 1+w.rng.IntN(254)),
		Port:      50000 + n - 1,
		State:     nodePreparing,
		Since:     now,
	}
}

// preemptNode takes a low-priority node away: it shows as preempted for a while, and the job
// it ran loses all its nodes (they go back to idle) and restarts once nodes are free again.
func (w *world) preemptNode(c *compute, n *clusterNode, now time.Time) {
	cl := c.Cluster
	job := n.Job
	n.State, n.Since, n.Job = nodePreempted, now, ""
	if job == "" {
		return
	}
	for _, claim := range cl.Claims {
		if claim.Job != job {
			continue
		}
		claim.Preempted = true
		for _, id := range claim.Nodes {
			for _, other := range cl.Nodes {
				if other.ID == id && other.State == nodeRunning {
					other.State, other.Since, other.Job = nodeIdle, now, ""
				}
			}
		}
		claim.Nodes = nil
	}
	w.logf("emulator: node %s of %s preempted (job %s restarts)", n.ID, c.Name, job)
}
