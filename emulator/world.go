// Package emulator is a local Azure ML workspace that speaks the real ARM and run-history wire
// protocol, so amlconsole runs with no Azure account and every test talks real HTTP.
//
// CONTRACT (skeleton written by the lead). Two owners share this package:
//   - the compute owner: server, routing, auth and api-version checks, store and persistence,
//     workspaces, computes, location endpoints, LROs, cluster and instance simulation, seed;
//   - the jobs owner: job routes, the job state machine, sweeps, execution, run history, logs.
//
// Both simulations advance in one place, world.advance, called by one ticker goroutine with
// world.mu held, so neither needs locks of its own. The functions below are the only coupling
// between the two halves; their owners implement them and keep the signatures.
package emulator

import (
	"sync"
	"time"
)

// nodeGrant is one node of a compute currently given to a job.
type nodeGrant struct {
	NodeID    string
	PrivateIP string
}

// The compute owner implements these (called with world.mu held):
//
//	// claimNodes registers that job wants count nodes of compute (idempotent; FIFO per compute).
//	// It fails with an ARM-style error when the compute does not exist or cannot run jobs.
//	func (w *world) claimNodes(compute, job string, count int) error
//	// grantedNodes returns the nodes currently running job; fewer than count means still
//	// waiting, or that a node was preempted (then preempted is true once, and the job restarts).
//	func (w *world) grantedNodes(compute, job string) (nodes []nodeGrant, preempted bool)
//	// releaseNodes ends job's claim (completion, failure, cancel).
//	func (w *world) releaseNodes(compute, job string)
//
// The jobs owner implements these (called with world.mu held):
//
//	// advanceJobs moves every job one step at simulated time now.
//	func (w *world) advanceJobs(now time.Time)
//	// runningJobOn reports the job a node is running, for listNodes' runId.
//	func (w *world) runningJobOn(compute, nodeID string) string

// simTime converts a simulated duration into wall time under the speed factor.
func simTime(d time.Duration, speed float64) time.Duration {
	if speed <= 0 {
		speed = 1
	}
	return time.Duration(float64(d) / speed)
}

// world is the emulator's whole state. The compute owner adds its fields; jobs belong to the
// jobs owner.
type world struct {
	mu   sync.Mutex
	jobs map[string]*jobState
}

// Server is a running emulator. The compute owner defines it (Start, Info, Close, routing).
type Server struct {
	world *world
}
