package workspace

// CONTRACT (skeleton written by the lead): the events the workspace publishes on its bus.
// The bus/watcher owner may add fields and events, but keeps these names.

import (
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

const (
	Added ChangeKind = iota
	Changed
	Removed
)

// ComputesSnapshot is the full list after one watcher cycle. Coalesced: only the newest matters.
type ComputesSnapshot struct {
	Computes []Compute // sorted by name
	At       time.Time
}

// ComputeChange is one added, changed or removed compute with its old and new state. Must be delivered.
type ComputeChange struct {
	Kind     ChangeKind
	Name     string
	Old, New *Compute // Old nil when Added, New nil when Removed
	At       time.Time
}

// JobsSnapshot and JobChange are the job watcher's counterparts.
type JobsSnapshot struct {
	Jobs []*armmachinelearning.JobBase
	At   time.Time
}

// JobChange is one added, changed or removed job. Must be delivered.
type JobChange struct {
	Kind     ChangeKind
	Name     string
	Old, New *armmachinelearning.JobBase
	At       time.Time
}

// OperationPhase is where a long-running operation is.
type OperationPhase int

const (
	OperationStarted OperationPhase = iota
	OperationInProgress
	OperationSucceeded
	OperationFailed
)

// OperationEvent reports an LRO's progress. Started/InProgress coalesce per operation;
// Succeeded/Failed must be delivered.
type OperationEvent struct {
	ID     string // unique per operation
	Verb   string // "create", "update", "delete", "detach", "start", "stop", "restart", "cancel"
	Target string // the compute or job name
	Phase  OperationPhase
	Err    error // the service's error, verbatim, when Failed
	At     time.Time
}

// DeviceCodePrompt carries azidentity's device-code message. Must be delivered.
type DeviceCodePrompt struct {
	Message, URL, Code string
}

// ConnectionState reports watcher health: Err non-nil while polls fail, nil once they recover.
// Coalesced.
type ConnectionState struct {
	Err        error
	RetryAfter time.Duration
	At         time.Time
}

func (ComputesSnapshot) Topic() string          { return TopicComputes }
func (ComputesSnapshot) Delivery() bus.Delivery { return bus.Coalesce }
func (ComputesSnapshot) CoalesceKey() string    { return "snapshot" }

func (ComputeChange) Topic() string          { return TopicComputes }
func (ComputeChange) Delivery() bus.Delivery { return bus.MustDeliver }
func (ComputeChange) CoalesceKey() string    { return "" }

func (JobsSnapshot) Topic() string          { return TopicJobs }
func (JobsSnapshot) Delivery() bus.Delivery { return bus.Coalesce }
func (JobsSnapshot) CoalesceKey() string    { return "snapshot" }

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
func (ConnectionState) CoalesceKey() string    { return "state" }
