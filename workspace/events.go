package workspace

// The events the workspace publishes on its bus. Each type says how the bus may treat it when
// a subscriber falls behind: coalesced events (snapshots, progress, health) are replaced by a
// newer one with the same topic and CoalesceKey, so a slow reader only ever sees the latest;
// must-deliver events (changes, operation results, prompts) are queued until taken.
//
// Events are shared by every subscriber that receives them: treat them, and everything they
// point to, as read-only.

import (
	"strconv"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// Topics of the workspace's events. Watchers for TopicComputes and TopicJobs run only while a
// subscription names their topic.
const (
	TopicComputes   = "computes"
	TopicJobs       = "jobs"
	TopicOperations = "operations"
	TopicAuth       = "auth"
	TopicConnection = "connection"
)

// Compute is one compute as the watcher saw it: the ARM resource and its summary.
type Compute struct {
	Resource *armmachinelearning.ComputeResource
	Summary  compute.Summary
}

// ChangeKind says how a resource changed between two snapshots.
type ChangeKind int

// The kinds of change.
const (
	Added   ChangeKind = iota // new in this snapshot
	Changed                   // in both, different
	Removed                   // gone from this snapshot
)

// String returns "added", "changed" or "removed".
func (k ChangeKind) String() string {
	switch k {
	case Added:
		return "added"
	case Changed:
		return "changed"
	case Removed:
		return "removed"
	}
	return "ChangeKind(" + strconv.Itoa(int(k)) + ")"
}

// ComputesSnapshot is the full list after one watcher cycle.
//
// Delivery: coalesced (key "snapshot") and retained: a slow reader gets only the newest list,
// and a new subscriber gets the latest one at once.
type ComputesSnapshot struct {
	Computes []Compute // sorted by name
	At       time.Time // when the list call returned
}

// ComputeChange is one added, changed or removed compute with its old and new state, relative to
// the previous list the watcher saw (the first list adds every compute). A compute has changed
// when its Summary has: whatever the list shows is different.
//
// Delivery: must be delivered: every transition reaches every subscriber, in order.
type ComputeChange struct {
	Kind     ChangeKind
	Name     string
	Old, New *Compute // Old nil when Added, New nil when Removed
	At       time.Time
}

// JobsSnapshot is the job watcher's full list after one cycle.
//
// Delivery: coalesced (key "snapshot") and retained, like ComputesSnapshot.
type JobsSnapshot struct {
	Jobs []*armmachinelearning.JobBase // newest first (creation time), then by name
	At   time.Time                     // when the list call returned
}

// JobChange is one added, changed or removed job, relative to the previous list the watcher saw.
// A job has changed when its status or anything a job list shows has (display name,
// experiment, type, compute, description, archived, creation, tags).
//
// Delivery: must be delivered.
type JobChange struct {
	Kind     ChangeKind
	Name     string
	Old, New *armmachinelearning.JobBase
	At       time.Time
}

// OperationPhase is where a long-running operation is.
type OperationPhase int

// The phases of an operation, in order; Succeeded and Failed are final.
const (
	OperationStarted OperationPhase = iota
	OperationInProgress
	OperationSucceeded
	OperationFailed
)

// OperationEvent reports an LRO's progress. When one starts (the service has accepted it),
// succeeds or fails, the watchers poll at once, so lists show a user's action without waiting
// for the next cycle.
//
// Delivery: Started and InProgress coalesce per operation (key ID); Succeeded and Failed must
// be delivered.
type OperationEvent struct {
	ID     string // unique per operation
	Verb   string // "create", "update", "delete", "detach", "start", "stop", "restart", "cancel"
	Target string // the compute or job name
	Phase  OperationPhase
	Err    error // the service's error, verbatim, when Failed
	At     time.Time
}

// DeviceCodePrompt carries azidentity's device-code message.
//
// Delivery: must be delivered.
type DeviceCodePrompt struct {
	Message, URL, Code string
}

// ConnectionState reports watcher health: Err non-nil after each failed poll, and one event with
// Err nil once polls succeed again.
//
// Delivery: coalesced per watcher (key "state/"+Watcher) and retained: a slow reader, and a
// new subscriber at once, get each watcher's latest state.
type ConnectionState struct {
	Watcher    string        // the watcher's topic: TopicComputes or TopicJobs
	Err        error         // nil: the last poll succeeded
	RetryAfter time.Duration // when Err is set: how long until the next attempt
	At         time.Time
}

// Topic, Delivery and CoalesceKey implement bus.Event for each event type; Retained marks the
// types implementing bus.Retained.

func (ComputesSnapshot) Topic() string          { return TopicComputes }
func (ComputesSnapshot) Delivery() bus.Delivery { return bus.Coalesce }
func (ComputesSnapshot) CoalesceKey() string    { return "snapshot" }
func (ComputesSnapshot) Retained() bool         { return true }

func (ComputeChange) Topic() string          { return TopicComputes }
func (ComputeChange) Delivery() bus.Delivery { return bus.MustDeliver }
func (ComputeChange) CoalesceKey() string    { return "" }

func (JobsSnapshot) Topic() string          { return TopicJobs }
func (JobsSnapshot) Delivery() bus.Delivery { return bus.Coalesce }
func (JobsSnapshot) CoalesceKey() string    { return "snapshot" }
func (JobsSnapshot) Retained() bool         { return true }

func (JobChange) Topic() string          { return TopicJobs }
func (JobChange) Delivery() bus.Delivery { return bus.MustDeliver }
func (JobChange) CoalesceKey() string    { return "" }

func (OperationEvent) Topic() string { return TopicOperations }
func (e OperationEvent) Delivery() bus.Delivery {
	if e.Phase == OperationSucceeded || e.Phase == OperationFailed {
		return bus.MustDeliver
	}
	return bus.Coalesce
}
func (e OperationEvent) CoalesceKey() string { return e.ID }

func (DeviceCodePrompt) Topic() string          { return TopicAuth }
func (DeviceCodePrompt) Delivery() bus.Delivery { return bus.MustDeliver }
func (DeviceCodePrompt) CoalesceKey() string    { return "" }

func (ConnectionState) Topic() string          { return TopicConnection }
func (ConnectionState) Delivery() bus.Delivery { return bus.Coalesce }
func (e ConnectionState) CoalesceKey() string  { return "state/" + e.Watcher }
func (ConnectionState) Retained() bool         { return true }

// The snapshot and state types are retained, so a screen opened between polls shows them at once.
var (
	_ bus.Retained = ComputesSnapshot{}
	_ bus.Retained = JobsSnapshot{}
	_ bus.Retained = ConnectionState{}
)
