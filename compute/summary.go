// Package compute holds amlconsole's compute domain: kinds, state summaries, specs, validation
// and conversion to ARM payloads. It never imports Bubble Tea.
//
// CONTRACT (skeleton written by the lead; the compute owner fills in the bodies, keeps the API).
package compute

import (
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// Kind is the short, human name of a compute type as the console shows it.
type Kind string

// The kinds the console knows; KindOther covers types it has no special view for.
const (
	KindCluster     Kind = "Cluster"    // AmlCompute
	KindInstance    Kind = "Instance"   // ComputeInstance
	KindVM          Kind = "VM"         // VirtualMachine
	KindHDInsight   Kind = "HDInsight"  // HDInsight
	KindDatabricks  Kind = "Databricks" // Databricks
	KindDataLake    Kind = "DataLake"   // DataLakeAnalytics
	KindKubernetes  Kind = "Kubernetes" // Kubernetes
	KindSynapse     Kind = "Synapse"    // SynapseSpark
	KindAKS         Kind = "AKS"        // AKS
	KindDataFactory Kind = "DataFactory"
	KindOther       Kind = "Other"
)

// Health classifies a state by meaning, for colour and symbol.
type Health int

const (
	HealthUnknown      Health = iota
	HealthOK                  // Succeeded/Steady/Running/Idle
	HealthTransitional        // Creating, Updating, Deleting, Resizing, Starting, Stopping, ...
	HealthFailed              // Failed, CreateFailed, Unusable, errors present
	HealthStopped             // Stopped instances
)

// Nodes summarises a cluster's node counts. Pointers are nil where Azure sent null (right after
// create).
type Nodes struct {
	Current, Target                                        int
	Min, Max                                               int
	Idle, Running, Preparing, Unusable, Leaving, Preempted int
	Known                                                  bool // false for non-clusters or null counts
}

// Summary is the flat, comparable view of one compute that lists, diffs and headless output use.
// Two Summaries are == exactly when nothing a user sees in the list has changed.
type Summary struct {
	Name              string
	Kind              Kind
	ComputeType       string // the ARM computeType verbatim
	ProvisioningState string // verbatim
	State             string // what the state column shows: instance state, cluster allocation state, else provisioning state
	Health            Health
	VMSize            string
	Priority          string // Dedicated | LowPriority | ""
	Identity          string // None | SystemAssigned | UserAssigned | "SystemAssigned,UserAssigned" | ""
	Location          string
	Nodes             Nodes
	ErrorCount        int // provisioningErrors + cluster errors
	FirstError        string
	Attached          bool
	CreatedOn         time.Time
	ModifiedOn        time.Time
}

// Summarize builds the Summary of an ARM compute resource. It copes with every null field.
func Summarize(r *armmachinelearning.ComputeResource) Summary { panic("compute: not implemented") }
