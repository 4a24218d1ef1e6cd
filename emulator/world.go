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
	"context"
	"crypto/cipher"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
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

// Node claims in practice (capacity.go): a cluster serves claims strictly in arrival order and
// a claim gets all its nodes at once; an instance runs one claim at a time; attached computes
// grant at once. When a low-priority node is preempted, or the compute is deleted, the job's
// claim loses its nodes and grantedNodes reports preempted once; a preempted claim keeps its
// place and is granted again when nodes are free, a deleted compute's claimNodes then fails.
//
// Shared HTTP helpers (armhttp.go, lro.go): s.handle registers an ARM route (bearer token +
// api-version checks, errors answered as ARM bodies), s.bearer guards run-history routes,
// writeJSON/writeARMError/errorf/badRequest build answers, w.startOperation/finishOperation
// and s.setAsyncHeaders implement computeOperationsStatus LROs, stats.go counts every route
// (log blobs under blobPathPrefix), and the workspace's discoveryUrl is endpoint+discoveryPath.

// simTime converts a simulated duration into wall time under the speed factor.
func simTime(d time.Duration, speed float64) time.Duration {
	if speed <= 0 {
		speed = 1
	}
	return time.Duration(float64(d) / speed)
}

// world is the emulator's whole state. Everything in it is guarded by mu; HTTP handlers and the
// ticker lock it, so the simulation code below it never locks.
//
// Clock: now() is wall-clock time (timestamps shown to clients stay real). Simulated delays are
// scaled with w.delay(d) — "a cluster provisions in 10 s" is `now.After(start.Add(w.delay(10*time.Second)))`.
//
// Persistence: the world is saved as JSON (see persist.go) at once after compute requests and
// by the ticker (at most every saveInterval) after simulation steps; call w.markDirty() after
// changing anything. jobState MUST be JSON-serialisable through its
// exported fields: unexported fields (processes, channels) are lost on restart and must be
// rebuilt from the exported ones.
type world struct {
	mu   sync.Mutex
	jobs map[string]*jobState

	// Fixed identity of the one emulated workspace.
	sub, rg, ws, location string
	// endpoint is the server's base URL (scheme://host:port), used for absolute links.
	endpoint string
	opts     Options
	dataDir  string

	clock func() time.Time
	rng   *rand.Rand
	pcg   *rand.PCG // rng's source, persisted so ids never repeat across restarts
	// sealer encrypts secrets at rest (secrets.go).
	sealer cipher.AEAD

	computes   map[string]*compute    // key: lower-cased compute name
	operations map[string]*operation  // key: operation id
	quotas     map[string]familyQuota // key: lower-cased VM family name
	created    time.Time              // when the workspace was created
	lostClaims map[string]string      // job → compute deleted under its claim (reported once)
	lastTick   time.Time
	lastPrune  time.Time
	dirty      bool
	lastSave   time.Time
	// Tunables tests change: list page size and preemptions per low-priority node per
	// simulated minute.
	listPageSize int
	preemptRate  float64
}

// now is the world's clock.
func (w *world) now() time.Time { return w.clock() }

// delay scales a simulated duration by the speed factor into wall time.
func (w *world) delay(d time.Duration) time.Duration { return simTime(d, w.opts.Speed) }

// markDirty records that state changed and must be saved.
func (w *world) markDirty() { w.dirty = true }

// newID returns a random UUID drawn from the world's seeded randomness.
func (w *world) newID() string {
	var b [16]byte
	for i := range b {
		b[i] = byte(w.rng.UintN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// advance moves the whole simulation to now: computes first (so jobs see fresh grants), then
// jobs. Called by the ticker with mu held.
func (w *world) advance(now time.Time) {
	w.advanceComputes(now)
	w.advanceJobs(now)
}

// Server is a running emulator (see server.go for Start, Info, Close and routing).
type Server struct {
	world    *world
	info     Info
	listener net.Listener
	http     *http.Server
	client   *http.Client
	stats    *stats
	tempDir  string // removed on Close when the caller gave no data dir
	stop     context.CancelFunc
	unwatch  func() bool // stops closing on the caller's context
	done     sync.WaitGroup
	closeMu  sync.Mutex
	closed   bool
}
