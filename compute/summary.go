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

// The health classes, from "nothing known" to "stopped on purpose".
const (
	HealthUnknown      Health = iota
	HealthOK                  // Succeeded/Steady/Running/Idle
	HealthTransitional        // Creating, Updating, Deleting, Resizing, Starting, Stopping, ...
	HealthFailed              // Failed, CreateFailed, Unusable, errors present
	HealthStopped             // Stopped instances
)

// Nodes summarises a cluster's node counts. Fields stay zero where Azure sent null (right after
// create); the Known flags say which parts were reported.
type Nodes struct {
	Current, Target                                        int
	Min, Max                                               int
	Idle, Running, Preparing, Unusable, Leaving, Preempted int
	Known                                                  bool // false for non-clusters or null counts
	// ScaleKnown is true when min and max came from the cluster's scale settings; they are
	// known right after create, long before the counts are.
	ScaleKnown bool
	// StatesKnown is true when nodeStateCounts was reported.
	StatesKnown bool
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

// Summarize builds the Summary of an ARM compute resource. It copes with every null field,
// including a nil resource and nil properties.
func Summarize(r *armmachinelearning.ComputeResource) Summary {
	var s Summary
	if r == nil {
		return s
	}
	s.Name = str(r.Name)
	s.Location = str(r.Location)
	if r.Identity != nil && r.Identity.Type != nil {
		s.Identity = string(*r.Identity.Type)
	}
	if r.SystemData != nil {
		s.CreatedOn = utc(r.SystemData.CreatedAt)
		s.ModifiedOn = utc(r.SystemData.LastModifiedAt)
	}

	base := baseOf(r)
	s.Kind = KindOther
	if base != nil {
		if base.ComputeType != nil {
			s.ComputeType = string(*base.ComputeType)
			s.Kind = KindOf(s.ComputeType)
		}
		if base.ProvisioningState != nil {
			s.ProvisioningState = string(*base.ProvisioningState)
		}
		// The compute's own location wins: it is where the VMs are, which may differ from the
		// resource's (workspace) location.
		if loc := str(base.ComputeLocation); loc != "" {
			s.Location = loc
		}
		s.Attached = boolean(base.IsAttachedCompute)
		// The compute's own timestamps are more precise about the compute than systemData,
		// which some services fill with the workspace operation's times.
		if t := utc(base.CreatedOn); !t.IsZero() {
			s.CreatedOn = t
		}
		if t := utc(base.ModifiedOn); !t.IsZero() {
			s.ModifiedOn = t
		}
	}

	s.ErrorCount, s.FirstError = errorSummary(r, base)

	provHealth := ProvisioningHealth(s.ProvisioningState)
	s.State = s.ProvisioningState
	s.Health = provHealth

	switch p := r.Properties.(type) {
	case *armmachinelearning.AmlCompute:
		summarizeCluster(&s, p.Properties)
	case *armmachinelearning.ComputeInstance:
		summarizeInstance(&s, p.Properties)
	case *armmachinelearning.VirtualMachine:
		if p.Properties != nil {
			s.VMSize = str(p.Properties.VirtualMachineSize)
		}
	case *armmachinelearning.AKS:
		if p.Properties != nil {
			s.VMSize = str(p.Properties.AgentVMSize)
		}
	case *armmachinelearning.SynapseSpark:
		if p.Properties != nil {
			s.VMSize = str(p.Properties.NodeSize)
		}
	}

	// Errors mean something went wrong, whatever the state says; a compute being deleted is
	// the exception, because its errors are about to go away with it.
	if s.ErrorCount > 0 && s.Health != HealthTransitional {
		s.Health = HealthFailed
	}
	return s
}

// summarizeCluster fills the AmlCompute-specific parts: allocation state, size, priority and
// node counts.
func summarizeCluster(s *Summary, p *armmachinelearning.AmlComputeProperties) {
	if p == nil {
		return
	}
	s.VMSize = str(p.VMSize)
	if p.VMPriority != nil {
		s.Priority = string(*p.VMPriority)
	}
	if p.AllocationState != nil && s.ProvisioningState == string(armmachinelearning.ProvisioningStateSucceeded) {
		s.State = string(*p.AllocationState)
		s.Health = AllocationHealth(s.State)
	}
	s.Nodes = clusterNodes(p)
}

// clusterNodes converts the cluster's counts, leaving Known false while Azure reports null.
func clusterNodes(p *armmachinelearning.AmlComputeProperties) Nodes {
	var n Nodes
	if p.CurrentNodeCount != nil || p.TargetNodeCount != nil {
		n.Known = true
		n.Current = i32(p.CurrentNodeCount)
		n.Target = i32(p.TargetNodeCount)
	}
	if ss := p.ScaleSettings; ss != nil && (ss.MinNodeCount != nil || ss.MaxNodeCount != nil) {
		n.ScaleKnown = true
		n.Min = i32(ss.MinNodeCount)
		n.Max = i32(ss.MaxNodeCount)
	}
	if c := p.NodeStateCounts; c != nil {
		n.StatesKnown = true
		n.Idle = i32(c.IdleNodeCount)
		n.Running = i32(c.RunningNodeCount)
		n.Preparing = i32(c.PreparingNodeCount)
		n.Unusable = i32(c.UnusableNodeCount)
		n.Leaving = i32(c.LeavingNodeCount)
		n.Preempted = i32(c.PreemptedNodeCount)
	}
	return n
}

// summarizeInstance fills the ComputeInstance-specific parts: its own state and size.
func summarizeInstance(s *Summary, p *armmachinelearning.ComputeInstanceProperties) {
	if p == nil {
		return
	}
	s.VMSize = str(p.VMSize)
	if p.State == nil {
		return
	}
	s.State = string(*p.State)
	stateHealth := InstanceHealth(s.State)
	switch {
	case s.Health == HealthFailed:
		// A failed provisioning stays failed whatever the VM reports.
	case s.Health == HealthTransitional && stateHealth != HealthFailed:
		// An update or delete in progress outranks a steady VM state.
	default:
		s.Health = stateHealth
	}
}

// baseOf returns the fields every compute type shares, or nil when properties are absent.
func baseOf(r *armmachinelearning.ComputeResource) *armmachinelearning.Compute {
	if r == nil || r.Properties == nil {
		return nil
	}
	return r.Properties.GetCompute()
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func i32(p *int32) int {
	if p == nil {
		return 0
	}
	return int(*p)
}

func boolean(p *bool) bool { return p != nil && *p }

func utc(p *time.Time) time.Time {
	if p == nil {
		return time.Time{}
	}
	return p.UTC()
}
