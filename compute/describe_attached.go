package compute

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// describeAttached covers every non-AmlCompute, non-instance type: VMs, HDInsight, Databricks,
// Data Lake Analytics, Kubernetes, Synapse Spark, AKS and Data Factory.
func describeAttached(r *armmachinelearning.ComputeResource) []Section {
	f := fields{}
	title := string(KindOf(Summarize(r).ComputeType))
	var ssh fields
	var net fields
	switch p := r.Properties.(type) {
	case *armmachinelearning.VirtualMachine:
		if q := p.Properties; q != nil {
			net.add("Address", str(q.Address))
			ssh = sshCredentials(q.AdministratorAccount, q.SSHPort)
			f.add("Size", str(q.VirtualMachineSize))
			f.addBool("Notebook instance", q.IsNotebookInstanceCompute)
			f.addInt("Notebook server port", q.NotebookServerPort)
		}
	case *armmachinelearning.HDInsight:
		if q := p.Properties; q != nil {
			net.add("Address", str(q.Address))
			ssh = sshCredentials(q.AdministratorAccount, q.SSHPort)
		}
	case *armmachinelearning.Databricks:
		if q := p.Properties; q != nil {
			f.add("Workspace URL", str(q.WorkspaceURL))
			f.addSet("Access token", q.DatabricksAccessToken)
		}
	case *armmachinelearning.DataLakeAnalytics:
		if q := p.Properties; q != nil {
			f.add("Data Lake Store account", str(q.DataLakeStoreAccountName))
		}
	case *armmachinelearning.Kubernetes:
		if q := p.Properties; q != nil {
			describeKubernetes(&f, q)
		}
	case *armmachinelearning.SynapseSpark:
		if q := p.Properties; q != nil {
			describeSynapse(&f, q)
		}
	case *armmachinelearning.AKS:
		if q := p.Properties; q != nil {
			describeAKS(&f, &net, q)
		}
	}
	var out []Section
	out = appendSection(out, Section{Title: TitleSSH, Fields: ssh})
	out = appendSection(out, Section{Title: TitleNetwork, Fields: net})
	return appendSection(out, Section{Title: title, Fields: f})
}

// sshCredentials shows the user and port and which credentials are configured, never the
// credentials themselves.
func sshCredentials(c *armmachinelearning.VirtualMachineSSHCredentials, port *int32) fields {
	f := fields{}
	if c != nil {
		f.add("Admin user", str(c.Username))
	}
	f.addInt("Port", port)
	if c != nil {
		f.addSet("Password", c.Password)
		f.addSet("SSH public key", c.PublicKeyData)
		f.addSet("SSH private key", c.PrivateKeyData)
	}
	return f
}

func describeKubernetes(f *fields, q *armmachinelearning.KubernetesProperties) {
	f.add("Namespace", str(q.Namespace))
	f.add("Default instance type", str(q.DefaultInstanceType))
	for _, name := range slices.Sorted(maps.Keys(q.InstanceTypes)) {
		f.add("Instance type "+name, instanceType(q.InstanceTypes[name]))
	}
	f.add("Extension release train", str(q.ExtensionInstanceReleaseTrain))
	f.add("Extension principal ID", str(q.ExtensionPrincipalID))
	f.add("Virtual cluster", str(q.VcName))
	f.addSet("Relay connection string", q.RelayConnectionString)
	f.addSet("Service Bus connection string", q.ServiceBusConnectionString)
}

// instanceType renders requests and limits as "requests cpu=1 memory=4Gi; limits cpu=1".
func instanceType(t *armmachinelearning.InstanceTypeSchema) string {
	if t == nil || t.Resources == nil {
		return ""
	}
	var parts []string
	if s := resourceMap(t.Resources.Requests); s != "" {
		parts = append(parts, "requests "+s)
	}
	if s := resourceMap(t.Resources.Limits); s != "" {
		parts = append(parts, "limits "+s)
	}
	return strings.Join(parts, "; ")
}

func resourceMap(m map[string]*string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if v := m[k]; v != nil {
			parts = append(parts, k+"="+*v)
		}
	}
	return strings.Join(parts, " ")
}

func describeSynapse(f *fields, q *armmachinelearning.SynapseSparkProperties) {
	f.add("Pool", str(q.PoolName))
	f.add("Workspace", str(q.WorkspaceName))
	f.add("Resource group", str(q.ResourceGroup))
	f.add("Subscription", str(q.SubscriptionID))
	f.add("Spark version", str(q.SparkVersion))
	f.add("Node size", strings.TrimSpace(str(q.NodeSize)+" "+str(q.NodeSizeFamily)))
	f.addInt("Node count", q.NodeCount)
	if a := q.AutoScaleProperties; a != nil {
		f.addBool("Auto scale", a.Enabled)
		if a.MinNodeCount != nil || a.MaxNodeCount != nil {
			f.add("Auto scale range", fmt.Sprintf("%d-%d", i32(a.MinNodeCount), i32(a.MaxNodeCount)))
		}
	}
	if a := q.AutoPauseProperties; a != nil {
		f.addBool("Auto pause", a.Enabled)
		if a.DelayInMinutes != nil {
			f.add("Auto pause delay", FormatISODuration("PT"+strconv.Itoa(int(*a.DelayInMinutes))+"M"))
		}
	}
}

func describeAKS(f, net *fields, q *armmachinelearning.AKSSchemaProperties) {
	f.addInt("Agent count", q.AgentCount)
	f.add("Agent VM size", str(q.AgentVMSize))
	f.add("Cluster purpose", enumStr(q.ClusterPurpose))
	for _, s := range q.SystemServices {
		if s != nil {
			f.add("System service "+str(s.SystemServiceType), str(s.PublicIPAddress))
		}
	}
	if ssl := q.SSLConfiguration; ssl != nil {
		f.add("SSL", strings.TrimSpace(enumStr(ssl.Status)+" "+str(ssl.Cname)))
		f.addSet("SSL certificate", ssl.Cert)
		f.addSet("SSL key", ssl.Key)
	}
	net.add("Cluster FQDN", str(q.ClusterFqdn))
	net.add("Load balancer", strings.TrimSpace(enumStr(q.LoadBalancerType)+" "+str(q.LoadBalancerSubnet)))
	if c := q.AksNetworkingConfiguration; c != nil {
		net.add("Subnet", str(c.SubnetID))
		net.add("Service CIDR", str(c.ServiceCidr))
		net.add("DNS service IP", str(c.DNSServiceIP))
		net.add("Docker bridge CIDR", str(c.DockerBridgeCidr))
	}
}
