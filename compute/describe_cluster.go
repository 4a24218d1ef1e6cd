package compute

import (
	"strconv"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// describeCluster: scale settings, nodes, identity, SSH and network of an AmlCompute.
func describeCluster(r *armmachinelearning.ComputeResource, p *armmachinelearning.AmlComputeProperties) []Section {
	var out []Section
	if p == nil {
		return appendSection(out, identitySection(r.Identity))
	}
	scale := fields{}
	if ss := p.ScaleSettings; ss != nil {
		scale.addInt("Min nodes", ss.MinNodeCount)
		scale.addInt("Max nodes", ss.MaxNodeCount)
		scale.add("Idle time before scale down", idleTime(str(ss.NodeIdleTimeBeforeScaleDown)))
	}
	scale.add("Allocation state", enumStr(p.AllocationState))
	scale.addTime("Allocation state since", p.AllocationStateTransitionTime)
	out = appendSection(out, Section{Title: TitleScale, Fields: scale})

	nodes := fields{}
	n := clusterNodes(p)
	nodes.add("Summary", n.String())
	nodes.addInt("Current", p.CurrentNodeCount)
	nodes.addInt("Target", p.TargetNodeCount)
	if n.StatesKnown {
		for _, c := range n.StateCounts() {
			nodes.add(strings.ToUpper(c.State[:1])+c.State[1:], strconv.Itoa(c.Count))
		}
	}
	out = appendSection(out, Section{Title: TitleNodes, Fields: nodes})
	out = appendSection(out, identitySection(r.Identity))

	ssh := fields{}
	if c := p.UserAccountCredentials; c != nil {
		ssh.add("Admin user", str(c.AdminUserName))
		ssh.addSet("SSH public key", c.AdminUserSSHPublicKey)
		ssh.addSet("Password", c.AdminUserPassword)
	}
	ssh.add("Public access to port", enumStr(p.RemoteLoginPortPublicAccess))
	out = appendSection(out, Section{Title: TitleSSH, Fields: ssh})

	net := fields{}
	net.add("Subnet", resourceID(p.Subnet))
	net.addBool("Node public IP", p.EnableNodePublicIP)
	net.addBool("Isolated network", p.IsolatedNetwork)
	out = appendSection(out, Section{Title: TitleNetwork, Fields: net})

	other := fields{}
	other.add("OS type", enumStr(p.OSType))
	if p.VirtualMachineImage != nil {
		other.add("VM image", str(p.VirtualMachineImage.ID))
	}
	return appendSection(out, Section{Title: "Cluster", Fields: other})
}

// idleTime shows an ISO-8601 duration in words followed by what Azure sent, so both are visible:
// "2 minutes (PT2M)". Unparseable values are shown verbatim.
func idleTime(iso string) string {
	human := FormatISODuration(iso)
	if human == iso {
		return iso
	}
	return human + " (" + iso + ")"
}
