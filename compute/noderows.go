package compute

import (
	"sort"
	"strconv"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// NodeRow is one node of a cluster as the node list shows it. Empty strings stand for values
// Azure did not send; Port is 0 when unknown.
type NodeRow struct {
	ID        string
	State     string // idle, running, preparing, unusable, leaving, preempted (verbatim)
	Health    Health
	PrivateIP string
	PublicIP  string
	Port      int
	RunID     string
}

// NodeRows converts listNodes results, skipping null entries, sorted by node id so refreshes
// do not reorder the list.
func NodeRows(nodes []*armmachinelearning.AmlComputeNodeInformation) []NodeRow {
	rows := make([]NodeRow, 0, len(nodes))
	for _, n := range nodes {
		if n == nil {
			continue
		}
		row := NodeRow{
			ID:        str(n.NodeID),
			PrivateIP: str(n.PrivateIPAddress),
			PublicIP:  str(n.PublicIPAddress),
			Port:      i32(n.Port),
			RunID:     str(n.RunID),
		}
		if n.NodeState != nil {
			row.State = string(*n.NodeState)
		}
		row.Health = NodeHealth(row.State)
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
	return rows
}

// NodeHealth classifies a node state: idle and running are ok, preparing and leaving are
// transitional, unusable and preempted are failed.
func NodeHealth(state string) Health {
	return classify(state, []stateHealth{
		{"idle", HealthOK},
		{"running", HealthOK},
		{"preparing", HealthTransitional},
		{"leaving", HealthTransitional},
		{"unusable", HealthFailed},
		{"preempted", HealthFailed},
	})
}

// PortString is the port as text, "" when unknown.
func (r NodeRow) PortString() string {
	if r.Port == 0 {
		return ""
	}
	return strconv.Itoa(r.Port)
}
