package emulator

import (
	"strings"
	"time"
)

// cluster is the AmlCompute part of a compute: its settings and its simulated nodes.
type cluster struct {
	VMSize                      string
	VMPriority                  string // Dedicated | LowPriority
	MinNodes                    int
	MaxNodes                    int
	IdleBeforeScaleDown         string // ISO-8601 duration
	OSType                      string
	RemoteLoginPortPublicAccess string
	EnableNodePublicIP          bool
	IsolatedNetwork             bool
	Subnet                      string
	VirtualMachineImage         string
	PropertyBag                 map[string]any
	Credentials                 *userAccountCredentials `json:",omitempty"`

	AllocationState string
	AllocationSince time.Time
	Target          int                 // the node count the cluster is resizing to
	Errors          []provisioningError `json:",omitempty"`
	Nodes           []*clusterNode
	Claims          []*nodeClaim // FIFO: the order jobs asked for nodes
	NextNode        int          // numbering of node ids
}

// userAccountCredentials are a cluster's node admin credentials; the password never leaves
// the emulator except through listKeys.
type userAccountCredentials struct {
	AdminUserName         string
	AdminUserSSHPublicKey string `json:",omitempty"`
	AdminUserPassword     string `json:",omitempty"`
}

// Node states as listNodes reports them, plus the transient ones nodeStateCounts counts.
const (
	nodePreparing = "preparing"
	nodeIdle      = "idle"
	nodeRunning   = "running"
	nodeLeaving   = "leaving"
	nodePreempted = "preempted"
	nodeUnusable  = "unusable"
)

// clusterNode is one simulated VM of a cluster.
type clusterNode struct {
	ID        string
	PrivateIP string
	PublicIP  string
	Port      int
	State     string
	Since     time.Time // when the node entered State
	Job       string    `json:",omitempty"`
}

// nodeClaim is a job's request for nodes of a compute.
type nodeClaim struct {
	Job       string
	Count     int
	Since     time.Time
	Nodes     []string // granted node ids; empty while waiting
	Preempted bool     // a granted node was preempted; reported once by grantedNodes
}

// clusterProperties is properties.properties of an AmlCompute, as recorded.
type clusterProperties struct {
	VMSize                        string               `json:"vmSize"`
	VMPriority                    *string              `json:"vmPriority"`
	ScaleSettings                 scaleSettingsBody    `json:"scaleSettings"`
	Subnet                        *resourceIDBody      `json:"subnet"`
	CurrentNodeCount              *int                 `json:"currentNodeCount"`
	TargetNodeCount               *int                 `json:"targetNodeCount"`
	NodeStateCounts               *nodeStateCountsBody `json:"nodeStateCounts"`
	AllocationState               *string              `json:"allocationState"`
	AllocationStateTransitionTime string               `json:"allocationStateTransitionTime,omitempty"`
	Errors                        []provisioningError  `json:"errors"`
	RemoteLoginPortPublicAccess   string               `json:"remoteLoginPortPublicAccess"`
	OSType                        string               `json:"osType"`
	VirtualMachineImage           *resourceIDBody      `json:"virtualMachineImage"`
	IsolatedNetwork               bool                 `json:"isolatedNetwork"`
	EnableNodePublicIP            bool                 `json:"enableNodePublicIp"`
	EnableBatchPrivateLink        bool                 `json:"enableBatchPrivateLink"`
	UserAccountCredentials        *credentialsBody     `json:"userAccountCredentials,omitempty"`
	PropertyBag                   any                  `json:"propertyBag,omitempty"`
}

type scaleSettingsBody struct {
	MaxNodeCount                int     `json:"maxNodeCount"`
	MinNodeCount                int     `json:"minNodeCount"`
	NodeIdleTimeBeforeScaleDown *string `json:"nodeIdleTimeBeforeScaleDown"`
}

type resourceIDBody struct {
	ID string `json:"id"`
}

type nodeStateCountsBody struct {
	PreparingNodeCount int `json:"preparingNodeCount"`
	RunningNodeCount   int `json:"runningNodeCount"`
	IdleNodeCount      int `json:"idleNodeCount"`
	UnusableNodeCount  int `json:"unusableNodeCount"`
	LeavingNodeCount   int `json:"leavingNodeCount"`
	PreemptedNodeCount int `json:"preemptedNodeCount"`
}

// credentialsBody is userAccountCredentials without the password (GET never shows it).
type credentialsBody struct {
	AdminUserName         string  `json:"adminUserName"`
	AdminUserSSHPublicKey *string `json:"adminUserSshPublicKey"`
	AdminUserPassword     *string `json:"adminUserPassword"`
}

// counts tallies the nodes by state.
func (cl *cluster) counts() nodeStateCountsBody {
	var n nodeStateCountsBody
	for _, node := range cl.Nodes {
		switch node.State {
		case nodePreparing:
			n.PreparingNodeCount++
		case nodeRunning:
			n.RunningNodeCount++
		case nodeIdle:
			n.IdleNodeCount++
		case nodeUnusable:
			n.UnusableNodeCount++
		case nodeLeaving:
			n.LeavingNodeCount++
		case nodePreempted:
			n.PreemptedNodeCount++
		}
	}
	return n
}

// liveNodes counts the nodes that are, or will be, usable (not leaving or preempted).
func (cl *cluster) liveNodes() int {
	n := 0
	for _, node := range cl.Nodes {
		if node.State == nodePreparing || node.State == nodeIdle || node.State == nodeRunning {
			n++
		}
	}
	return n
}

// allocatedNodes counts the nodes that hold cores (everything but removed nodes).
func (cl *cluster) allocatedNodes() int { return len(cl.Nodes) }

// target is the node count the cluster is sizing towards: what its jobs need, within min and
// max, and never below the nodes still busy or not yet idle long enough to leave.
func (cl *cluster) target(now time.Time, idle time.Duration) int {
	want := 0
	for _, c := range cl.Claims {
		want += c.Count
	}
	keep := 0
	for _, node := range cl.Nodes {
		switch node.State {
		case nodePreparing, nodeRunning:
			keep++
		case nodeIdle:
			if now.Sub(node.Since) < idle {
				keep++
			}
		}
	}
	return min(max(want, keep, cl.MinNodes), cl.MaxNodes)
}

// render builds properties.properties. Right after create (fresh) and while an update runs
// (updating), the service answers without its runtime fields, as recorded: node counts,
// allocation state and the idle time are null, and vmPriority appears only once created.
func (cl *cluster) render(fresh, updating bool) clusterProperties {
	p := clusterProperties{
		VMSize:                      strings.ToUpper(cl.VMSize),
		ScaleSettings:               scaleSettingsBody{MaxNodeCount: cl.MaxNodes, MinNodeCount: cl.MinNodes},
		Errors:                      cl.Errors,
		RemoteLoginPortPublicAccess: cl.RemoteLoginPortPublicAccess,
		OSType:                      cl.OSType,
		IsolatedNetwork:             cl.IsolatedNetwork,
		EnableNodePublicIP:          cl.EnableNodePublicIP,
	}
	if cl.Subnet != "" {
		p.Subnet = &resourceIDBody{ID: cl.Subnet}
	}
	if cl.VirtualMachineImage != "" {
		p.VirtualMachineImage = &resourceIDBody{ID: cl.VirtualMachineImage}
	}
	if cl.Credentials != nil {
		p.UserAccountCredentials = &credentialsBody{AdminUserName: cl.Credentials.AdminUserName}
		if k := cl.Credentials.AdminUserSSHPublicKey; k != "" {
			p.UserAccountCredentials.AdminUserSSHPublicKey = &k
		}
	}
	if fresh {
		return p
	}
	priority, idle, state := cl.VMPriority, cl.IdleBeforeScaleDown, cl.AllocationState
	if updating {
		p.VMPriority = &priority
		return p
	}
	current, target := cl.allocatedNodes(), cl.targetCount()
	counts := cl.counts()
	p.VMPriority, p.ScaleSettings.NodeIdleTimeBeforeScaleDown = &priority, &idle
	p.CurrentNodeCount, p.TargetNodeCount, p.NodeStateCounts = &current, &target, &counts
	p.AllocationState = &state
	p.AllocationStateTransitionTime = cl.AllocationSince.UTC().Format("2006-01-02T15:04:05.000+00:00")
	p.PropertyBag = map[string]any{}
	if cl.PropertyBag != nil {
		p.PropertyBag = cl.PropertyBag
	}
	return p
}

// targetCount is the last target the simulation computed, stored as the live node count
// plus nodes on the way; while Steady it equals the live node count.
func (cl *cluster) targetCount() int {
	if cl.AllocationState == allocResizing {
		return cl.Target
	}
	return cl.liveNodes()
}

// Allocation states.
const (
	allocSteady   = "Steady"
	allocResizing = "Resizing"
)
