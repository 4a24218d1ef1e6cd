package compute

import (
	"fmt"
	"sort"
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

// describeInstance: identity, SSH, network, applications, schedules, the instance's own
// settings and its last operation.
func describeInstance(r *armmachinelearning.ComputeResource, p *armmachinelearning.ComputeInstanceProperties) []Section {
	var out []Section
	out = appendSection(out, identitySection(r.Identity))
	if p == nil {
		return out
	}
	ssh := fields{}
	if s := p.SSHSettings; s != nil {
		ssh.add("Admin user", str(s.AdminUserName))
		ssh.addInt("Port", s.SSHPort)
		ssh.add("Public access", enumStr(s.SSHPublicAccess))
		ssh.addSet("SSH public key", s.AdminPublicKey)
	}
	out = appendSection(out, Section{Title: TitleSSH, Fields: ssh})

	net := fields{}
	net.add("Subnet", resourceID(p.Subnet))
	net.addBool("Node public IP", p.EnableNodePublicIP)
	if c := p.ConnectivityEndpoints; c != nil {
		net.add("Public IP", str(c.PublicIPAddress))
		net.add("Private IP", str(c.PrivateIPAddress))
	}
	for _, a := range p.Applications {
		if a != nil {
			net.add("App "+str(a.DisplayName), str(a.EndpointURI))
		}
	}
	out = appendSection(out, Section{Title: TitleNetwork, Fields: net})

	inst := fields{}
	inst.add("Application sharing", enumStr(p.ApplicationSharingPolicy))
	inst.add("Authorization type", enumStr(p.ComputeInstanceAuthorizationType))
	if s := p.PersonalComputeInstanceSettings; s != nil && s.AssignedUser != nil {
		inst.add("Assigned user", withTenant(str(s.AssignedUser.ObjectID), str(s.AssignedUser.TenantID)))
	}
	if c := p.CreatedBy; c != nil {
		who := str(c.UserName)
		if who == "" {
			who = str(c.UserID)
		}
		inst.add("Created by", withTenant(who, str(c.UserOrgID)))
	}
	if s := p.SetupScripts; s != nil && s.Scripts != nil {
		inst.add("Creation script", script(s.Scripts.CreationScript))
		inst.add("Startup script", script(s.Scripts.StartupScript))
	}
	if m := p.OSImageMetadata; m != nil {
		img := str(m.CurrentImageVersion)
		if latest := str(m.LatestImageVersion); latest != "" && latest != img {
			img += " (latest " + latest + ")"
		}
		inst.add("OS image", img)
	}
	if v := p.Versions; v != nil {
		inst.add("Runtime version", str(v.Runtime))
	}
	for _, cs := range p.CustomServices {
		if cs != nil {
			inst.add("Custom service", customService(cs))
		}
	}
	for _, m := range p.DataMounts {
		if m != nil {
			inst.add("Data mount "+str(m.MountName), strings.TrimSpace(str(m.Source)+" → "+str(m.MountPath)+" "+enumStr(m.MountState)))
			inst.add("Data mount "+str(m.MountName)+" error", str(m.Error))
		}
	}
	for _, d := range p.DataDisks {
		if d != nil {
			inst.add("Data disk", dataDisk(d))
		}
	}
	out = appendSection(out, Section{Title: "Compute instance", Fields: inst})
	out = appendSection(out, schedulesSection(p.Schedules))

	last := fields{}
	if op := p.LastOperation; op != nil {
		last.add("Operation", enumStr(op.OperationName))
		last.add("Status", enumStr(op.OperationStatus))
		last.addTime("Time", op.OperationTime)
		last.add("Trigger", enumStr(op.OperationTrigger))
	}
	return appendSection(out, Section{Title: TitleLastOp, Fields: last})
}

func withTenant(who, tenant string) string {
	if who == "" || tenant == "" {
		return who
	}
	return who + " (tenant " + tenant + ")"
}

// script names a setup script by source and location; inline script data is not shown.
func script(s *armmachinelearning.ScriptReference) string {
	if s == nil {
		return ""
	}
	src := str(s.ScriptSource)
	if src == "inline" {
		return "inline"
	}
	parts := []string{src, str(s.ScriptData), str(s.ScriptArguments)}
	if t := str(s.Timeout); t != "" {
		parts = append(parts, "timeout "+t)
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// customService names the service, its image and published endpoints. Environment variable
// values are left out: they may carry credentials.
func customService(cs *armmachinelearning.CustomService) string {
	s := str(cs.Name)
	if cs.Image != nil {
		s += " " + str(cs.Image.Reference)
	}
	for _, e := range cs.Endpoints {
		if e != nil && e.Published != nil {
			s += fmt.Sprintf(" %s:%d", str(e.Name), *e.Published)
		}
	}
	return strings.TrimSpace(s)
}

func dataDisk(d *armmachinelearning.ComputeInstanceDataDisk) string {
	var parts []string
	if d.Lun != nil {
		parts = append(parts, "LUN "+strconv.Itoa(int(*d.Lun)))
	}
	if d.DiskSizeGB != nil {
		parts = append(parts, strconv.Itoa(int(*d.DiskSizeGB))+" GB")
	}
	parts = append(parts, enumStr(d.StorageAccountType), enumStr(d.Caching))
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// schedulesSection lists an instance's start/stop schedules: action, trigger, when, status.
func schedulesSection(s *armmachinelearning.ComputeSchedules) Section {
	f := fields{}
	if s != nil {
		for i, sch := range s.ComputeStartStop {
			if sch == nil {
				continue
			}
			f.add("Schedule "+strconv.Itoa(i+1), scheduleText(sch))
		}
	}
	return Section{Title: TitleSchedules, Fields: f}
}

func scheduleText(s *armmachinelearning.ComputeStartStopSchedule) string {
	parts := []string{enumStr(s.Action)}
	switch {
	case s.Cron != nil:
		parts = append(parts, "cron "+strconv.Quote(str(s.Cron.Expression)), tz(s.Cron.TimeZone))
	case s.Recurrence != nil:
		parts = append(parts, recurrence(s.Recurrence), tz(s.Recurrence.TimeZone))
	default:
		parts = append(parts, enumStr(s.TriggerType))
	}
	status := enumStr(s.Status)
	if ps := enumStr(s.ProvisioningStatus); ps != "" {
		status = strings.TrimSpace(status + " " + ps)
	}
	if status != "" {
		parts = append(parts, "("+status+")")
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

func tz(p *string) string {
	if p == nil || *p == "" {
		return ""
	}
	return "in " + *p
}

// recurrence renders "every 1 Week on Monday,Friday at 18:30".
func recurrence(r *armmachinelearning.Recurrence) string {
	s := "every"
	if r.Interval != nil {
		s += " " + strconv.Itoa(int(*r.Interval))
	}
	s += " " + enumStr(r.Frequency)
	if sch := r.Schedule; sch != nil {
		var days []string
		for _, d := range sch.WeekDays {
			if d != nil {
				days = append(days, string(*d))
			}
		}
		if len(days) > 0 {
			s += " on " + strings.Join(days, ",")
		}
		var times []string
		for _, h := range sch.Hours {
			for _, m := range sch.Minutes {
				if h != nil && m != nil {
					times = append(times, fmt.Sprintf("%02d:%02d", *h, *m))
				}
			}
		}
		if len(times) > 0 {
			s += " at " + strings.Join(times, ",")
		}
	}
	return s
}

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
	names := make([]string, 0, len(q.InstanceTypes))
	for k := range q.InstanceTypes {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
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
	keys := make([]string, 0, len(m))
	for k, v := range m {
		if v != nil {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+*m[k])
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
