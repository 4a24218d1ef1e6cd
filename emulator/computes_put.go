package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
)

// PUT computes/{name}: create an AmlCompute or ComputeInstance, attach the other types, or
// update the mutable settings of an existing cluster.

// computeRequest is the body of a PUT.
type computeRequest struct {
	Location   string            `json:"location"`
	Tags       map[string]string `json:"tags"`
	Identity   *identityRequest  `json:"identity"`
	Properties *struct {
		ComputeType      string               `json:"computeType"`
		ComputeLocation  string               `json:"computeLocation"`
		Description      *string              `json:"description"`
		ResourceID       string               `json:"resourceId"`
		DisableLocalAuth *bool                `json:"disableLocalAuth"`
		Properties       map[string]rawObject `json:"properties"`
	} `json:"properties"`
}

type scaleSettingsRequest struct {
	MaxNodeCount                *int    `json:"maxNodeCount"`
	MinNodeCount                *int    `json:"minNodeCount"`
	NodeIdleTimeBeforeScaleDown *string `json:"nodeIdleTimeBeforeScaleDown"`
}

type amlComputeRequest struct {
	OSType                 string                `json:"osType"`
	VMSize                 string                `json:"vmSize"`
	VMPriority             string                `json:"vmPriority"`
	VirtualMachineImage    *resourceIDBody       `json:"virtualMachineImage"`
	IsolatedNetwork        bool                  `json:"isolatedNetwork"`
	ScaleSettings          *scaleSettingsRequest `json:"scaleSettings"`
	UserAccountCredentials *struct {
		AdminUserName         string `json:"adminUserName"`
		AdminUserSSHPublicKey string `json:"adminUserSshPublicKey"`
		AdminUserPassword     string `json:"adminUserPassword"`
	} `json:"userAccountCredentials"`
	Subnet                      *resourceIDBody `json:"subnet"`
	RemoteLoginPortPublicAccess string          `json:"remoteLoginPortPublicAccess"`
	EnableNodePublicIP          *bool           `json:"enableNodePublicIp"`
	PropertyBag                 map[string]any  `json:"propertyBag"`
}

type instanceRequest struct {
	VMSize                   string          `json:"vmSize"`
	Subnet                   *resourceIDBody `json:"subnet"`
	ApplicationSharingPolicy string          `json:"applicationSharingPolicy"`
	SSHSettings              *struct {
		SSHPublicAccess string `json:"sshPublicAccess"`
		AdminPublicKey  string `json:"adminPublicKey"`
		AdminUserName   string `json:"adminUserName"`
	} `json:"sshSettings"`
	CustomServices                   rawObject `json:"customServices"`
	ComputeInstanceAuthorizationType *string   `json:"computeInstanceAuthorizationType"`
	PersonalComputeInstanceSettings  rawObject `json:"personalComputeInstanceSettings"`
	SetupScripts                     rawObject `json:"setupScripts"`
	Schedules                        rawObject `json:"schedules"`
	EnableNodePublicIP               *bool     `json:"enableNodePublicIp"`
	IdleTimeBeforeShutdown           string    `json:"idleTimeBeforeShutdown"`
}

type attachRequest struct {
	VirtualMachineSize        string          `json:"virtualMachineSize"`
	SSHPort                   *int            `json:"sshPort"`
	NotebookServerPort        *int            `json:"notebookServerPort"`
	Address                   string          `json:"address"`
	AdministratorAccount      *sshCredentials `json:"administratorAccount"`
	IsNotebookInstanceCompute bool            `json:"isNotebookInstanceCompute"`
	DatabricksAccessToken     string          `json:"databricksAccessToken"`
	WorkspaceURL              string          `json:"workspaceUrl"`
	DataLakeStoreAccountName  string          `json:"dataLakeStoreAccountName"`
}

// decodeInto re-decodes properties.properties into a typed request.
func decodeInto(fields map[string]rawObject, v any) *httpError {
	if len(fields) == 0 {
		return nil
	}
	data, err := json.Marshal(fields)
	if err == nil {
		err = json.Unmarshal(data, v)
	}
	if err != nil {
		return badRequest("InvalidRequestContent", "properties.properties could not be read: %v", err)
	}
	return nil
}

func (s *Server) putCompute(w http.ResponseWriter, r *http.Request, sw *world, req *computeRequest) *httpError {
	name := r.PathValue("name")
	if e := validateComputeName(name); e != nil {
		return e
	}
	if req.Properties == nil || req.Properties.ComputeType == "" {
		return validationError("properties.computeType", "properties.computeType is required: one of %s.", strings.Join(supportedComputeTypes(), ", "))
	}
	computeType, ok := canonicalComputeType(req.Properties.ComputeType)
	if !ok {
		return validationError("properties.computeType", "properties.computeType '%s' is not supported: use one of %s.", req.Properties.ComputeType, strings.Join(supportedComputeTypes(), ", "))
	}
	if loc := req.Location; loc != "" && !strings.EqualFold(strings.ReplaceAll(loc, " ", ""), sw.location) {
		return validationError("location", "location '%s' is not available: computes of workspace %s must be in its region '%s'.", loc, sw.ws, sw.location)
	}
	if e := checkFieldsBelong(computeType, req.Properties.Properties); e != nil {
		return e
	}
	if existing, ok := sw.computes[computeKey(name)]; ok {
		return s.updateByPut(w, r, existing, computeType, req)
	}
	c, e := sw.newCompute(name, computeType, req)
	if e != nil {
		return e
	}
	sw.computes[computeKey(name)] = c
	if c.Instance != nil {
		sw.assignInstanceAddresses(c)
	}
	op := sw.startOperation()
	c.Op = &pendingOp{ID: op.ID, Kind: "create", ReadyAt: sw.now().Add(sw.delay(createTime(computeType)))}
	sw.markDirty()
	_ = sw.saveIfDirty()
	s.setAsyncHeaders(w, r, op, false)
	writeJSON(w, http.StatusCreated, sw.render(c))
	return nil
}

// newCompute validates a create or attach request and builds the compute in state Creating.
func (w *world) newCompute(name, computeType string, req *computeRequest) (*compute, *httpError) {
	now := w.now()
	c := &compute{
		Name: name, Type: computeType, Location: w.location, Tags: req.Tags,
		Description: req.Properties.Description, CreatedOn: now, ModifiedOn: now,
		ProvisioningState: stateCreating,
	}
	if req.Properties.DisableLocalAuth != nil {
		c.DisableLocalAuth = *req.Properties.DisableLocalAuth
	}
	identity, e := w.validateIdentity(computeType, req.Identity)
	if e != nil {
		return nil, e
	}
	c.Identity = identity
	fields := req.Properties.Properties
	switch computeType {
	case typeAmlCompute, typeComputeInstance:
		if req.Properties.ResourceID != "" {
			return nil, validationError("properties.resourceId", "properties.resourceId is only for attached computes; a %s is created by the service.", computeType)
		}
		if computeType == typeAmlCompute {
			c.Cluster, e = w.newCluster(fields)
		} else {
			c.Instance, e = w.newInstance(name, fields)
		}
	default:
		if e = validateAttachResourceID(computeType, req.Properties.ResourceID); e == nil {
			c.ResourceID = req.Properties.ResourceID
			c.Attach, e = newAttachment(computeType, c.ResourceID, fields)
		}
	}
	if e != nil {
		return nil, e
	}
	w.sealSecrets(c)
	return c, nil
}

// newCluster validates an AmlCompute's properties.
func (w *world) newCluster(fields map[string]rawObject) (*cluster, *httpError) {
	var p amlComputeRequest
	if e := decodeInto(fields, &p); e != nil {
		return nil, e
	}
	cl := &cluster{VMSize: p.VMSize, VMPriority: p.VMPriority, OSType: p.OSType,
		RemoteLoginPortPublicAccess: p.RemoteLoginPortPublicAccess, EnableNodePublicIP: true,
		IsolatedNetwork: p.IsolatedNetwork, PropertyBag: p.PropertyBag, IdleBeforeScaleDown: "PT2M"}
	if cl.VMSize == "" {
		cl.VMSize = "Standard_DS3_v2"
	}
	if cl.OSType == "" {
		cl.OSType = "Linux"
	}
	if cl.RemoteLoginPortPublicAccess == "" {
		cl.RemoteLoginPortPublicAccess = "NotSpecified"
	}
	if p.EnableNodePublicIP != nil {
		cl.EnableNodePublicIP = *p.EnableNodePublicIP
	}
	if p.Subnet != nil {
		cl.Subnet = p.Subnet.ID
	}
	if p.VirtualMachineImage != nil {
		cl.VirtualMachineImage = p.VirtualMachineImage.ID
	}
	if !containsFold([]string{"Linux", "Windows"}, cl.OSType) {
		return nil, validationError("properties.properties.osType", "osType '%s' is not valid: use Linux or Windows.", cl.OSType)
	}
	if !containsFold([]string{"Enabled", "Disabled", "NotSpecified"}, cl.RemoteLoginPortPublicAccess) {
		return nil, validationError("properties.properties.remoteLoginPortPublicAccess", "remoteLoginPortPublicAccess '%s' is not valid: use Enabled, Disabled or NotSpecified.", cl.RemoteLoginPortPublicAccess)
	}
	switch {
	case cl.VMPriority == "":
		cl.VMPriority = priorityDedicated
	case strings.EqualFold(cl.VMPriority, priorityDedicated):
		cl.VMPriority = priorityDedicated
	case strings.EqualFold(cl.VMPriority, priorityLowPriority):
		cl.VMPriority = priorityLowPriority
	default:
		return nil, validationError("properties.properties.vmPriority", "vmPriority '%s' is not valid: use Dedicated or LowPriority.", cl.VMPriority)
	}
	size, e := w.checkVMSize(cl.VMSize, typeAmlCompute, "properties.properties.vmSize")
	if e != nil {
		return nil, e
	}
	if cl.VMPriority == priorityLowPriority && !size.LowPriority {
		return nil, validationError("properties.properties.vmPriority", "VM size %s cannot run as LowPriority in %s; use Dedicated or a low-priority capable size.", size.Name, w.location)
	}
	if p.ScaleSettings == nil || p.ScaleSettings.MaxNodeCount == nil {
		return nil, validationError("properties.properties.scaleSettings.maxNodeCount", "properties.properties.scaleSettings.maxNodeCount is required for an AmlCompute cluster.")
	}
	if e := applyScaleSettings(cl, p.ScaleSettings); e != nil {
		return nil, e
	}
	if creds := p.UserAccountCredentials; creds != nil {
		if creds.AdminUserName == "" && (creds.AdminUserPassword != "" || creds.AdminUserSSHPublicKey != "") {
			return nil, validationError("properties.properties.userAccountCredentials.adminUserName", "userAccountCredentials.adminUserName is required when a password or SSH public key is given.")
		}
		if creds.AdminUserName != "" && creds.AdminUserPassword == "" && creds.AdminUserSSHPublicKey == "" {
			return nil, validationError("properties.properties.userAccountCredentials", "userAccountCredentials for '%s' need adminUserPassword or adminUserSshPublicKey.", creds.AdminUserName)
		}
		if creds.AdminUserName != "" {
			cl.Credentials = &userAccountCredentials{AdminUserName: creds.AdminUserName,
				AdminUserSSHPublicKey: creds.AdminUserSSHPublicKey, AdminUserPassword: creds.AdminUserPassword}
		}
	}
	return cl, nil
}

// applyScaleSettings merges (possibly partial) scale settings into cl and validates them.
func applyScaleSettings(cl *cluster, ss *scaleSettingsRequest) *httpError {
	minN, maxN, idle := cl.MinNodes, cl.MaxNodes, cl.IdleBeforeScaleDown
	if ss.MinNodeCount != nil {
		minN = *ss.MinNodeCount
	}
	if ss.MaxNodeCount != nil {
		maxN = *ss.MaxNodeCount
	}
	if ss.NodeIdleTimeBeforeScaleDown != nil && *ss.NodeIdleTimeBeforeScaleDown != "" {
		idle = *ss.NodeIdleTimeBeforeScaleDown
	}
	switch {
	case minN < 0:
		return validationError("properties.properties.scaleSettings.minNodeCount", "scaleSettings.minNodeCount must be 0 or more (it is %d).", minN)
	case maxN < 1:
		return validationError("properties.properties.scaleSettings.maxNodeCount", "scaleSettings.maxNodeCount must be at least 1 (it is %d).", maxN)
	case minN > maxN:
		return validationError("properties.properties.scaleSettings.minNodeCount", "scaleSettings.minNodeCount (%d) must not be greater than maxNodeCount (%d).", minN, maxN)
	}
	d, err := parseISODuration(idle)
	if err != nil {
		return validationError("properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown", "scaleSettings.nodeIdleTimeBeforeScaleDown: %v.", err)
	}
	if d <= 0 {
		return validationError("properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown", "scaleSettings.nodeIdleTimeBeforeScaleDown must be a positive duration (it is %s).", idle)
	}
	cl.MinNodes, cl.MaxNodes, cl.IdleBeforeScaleDown = minN, maxN, strings.ToUpper(idle)
	return nil
}

// checkVMSize finds size in the location's catalogue and checks it serves computeType.
func (w *world) checkVMSize(name, computeType, field string) (vmSize, *httpError) {
	size, ok := lookupVMSize(name)
	if !ok {
		return vmSize{}, validationError(field, "VM size '%s' is not available in location '%s'. List the available sizes with GET /subscriptions/%s/providers/Microsoft.MachineLearningServices/locations/%s/vmSizes.", name, w.location, w.sub, w.location)
	}
	if computeType == typeComputeInstance && !size.Instance {
		return vmSize{}, validationError(field, "VM size %s is offered for AmlCompute clusters only, not for compute instances.", size.Name)
	}
	return size, nil
}

// newInstance validates a ComputeInstance's properties.
func (w *world) newInstance(name string, fields map[string]rawObject) (*instance, *httpError) {
	var p instanceRequest
	if e := decodeInto(fields, &p); e != nil {
		return nil, e
	}
	if p.VMSize == "" {
		return nil, validationError("properties.properties.vmSize", "properties.properties.vmSize is required for a compute instance.")
	}
	size, e := w.checkVMSize(p.VMSize, typeComputeInstance, "properties.properties.vmSize")
	if e != nil {
		return nil, e
	}
	in := &instance{VMSize: size.Name, State: ciCreating, SSHPublicAccess: "Disabled", AdminUserName: "azureuser",
		SSHPort: 50000, ApplicationSharingPolicy: "Shared", AuthorizationType: p.ComputeInstanceAuthorizationType,
		PersonalSettings: p.PersonalComputeInstanceSettings, Schedules: p.Schedules, SetupScripts: p.SetupScripts,
		CustomServices: p.CustomServices, EnableNodePublicIP: true}
	if p.ApplicationSharingPolicy != "" {
		if !containsFold([]string{"Personal", "Shared"}, p.ApplicationSharingPolicy) {
			return nil, validationError("properties.properties.applicationSharingPolicy", "applicationSharingPolicy '%s' is not valid: use Personal or Shared.", p.ApplicationSharingPolicy)
		}
		in.ApplicationSharingPolicy = p.ApplicationSharingPolicy
	}
	if p.EnableNodePublicIP != nil {
		in.EnableNodePublicIP = *p.EnableNodePublicIP
	}
	if p.Subnet != nil {
		in.Subnet = p.Subnet.ID
	}
	if ssh := p.SSHSettings; ssh != nil {
		switch {
		case ssh.SSHPublicAccess == "":
		case strings.EqualFold(ssh.SSHPublicAccess, "Enabled"):
			in.SSHPublicAccess = "Enabled"
		case strings.EqualFold(ssh.SSHPublicAccess, "Disabled"):
		default:
			return nil, validationError("properties.properties.sshSettings.sshPublicAccess", "sshSettings.sshPublicAccess '%s' is not valid: use Enabled or Disabled.", ssh.SSHPublicAccess)
		}
		if ssh.AdminUserName != "" && ssh.AdminUserName != "azureuser" {
			return nil, validationError("properties.properties.sshSettings.adminUserName", "sshSettings.adminUserName is always azureuser on a compute instance (got '%s').", ssh.AdminUserName)
		}
		if in.SSHPublicAccess == "Enabled" && ssh.AdminPublicKey == "" {
			return nil, validationError("properties.properties.sshSettings.adminPublicKey", "sshSettings.adminPublicKey is required when sshPublicAccess is Enabled.")
		}
		if ssh.AdminPublicKey != "" && !strings.HasPrefix(ssh.AdminPublicKey, "ssh-") && !strings.HasPrefix(ssh.AdminPublicKey, "ecdsa-") {
			return nil, validationError("properties.properties.sshSettings.adminPublicKey", "sshSettings.adminPublicKey must be an OpenSSH public key (ssh-rsa, ssh-ed25519 or ecdsa-...).")
		}
		in.AdminPublicKey = ssh.AdminPublicKey
	}
	if p.IdleTimeBeforeShutdown != "" {
		if e := validateIdleShutdown(p.IdleTimeBeforeShutdown, "properties.properties.idleTimeBeforeShutdown"); e != nil {
			return nil, e
		}
		in.IdleTimeBeforeShutdown = strings.ToUpper(p.IdleTimeBeforeShutdown)
	}
	if other := w.instanceNameInRegion(name); other != "" {
		return nil, errorf(http.StatusConflict, "Conflict", "A compute instance named '%s' already exists in region %s ('%s'); compute instance names are unique per region.", name, w.location, other)
	}
	return in, nil
}

// validateIdleShutdown applies the instance idle shutdown range: 15 minutes to 3 days.
func validateIdleShutdown(v, field string) *httpError {
	d, err := parseISODuration(v)
	if err != nil {
		return validationError(field, "%s: %v.", field, err)
	}
	if d < 15*60e9 || d > 72*3600e9 {
		return validationError(field, "%s must be between PT15M and P3D (it is %s).", field, v)
	}
	return nil
}

// instanceNameInRegion returns the id of an instance that already uses name in the region.
func (w *world) instanceNameInRegion(name string) string {
	for _, c := range w.computes {
		if c.Instance != nil && strings.EqualFold(c.Name, name) {
			return w.computeID(c.Name)
		}
	}
	return ""
}

// newAttachment validates an attach request of computeType.
func newAttachment(computeType, resourceID string, fields map[string]rawObject) (*attachment, *httpError) {
	a := &attachment{}
	switch computeType {
	case typeKubernetes, typeAKS, typeSynapseSpark:
		if len(fields) > 0 {
			clean := map[string]rawObject{}
			for k, v := range fields {
				clean[k] = v
			}
			for _, secret := range []string{"relayConnectionString", "serviceBusConnectionString"} {
				if _, ok := clean[secret]; ok {
					clean[secret] = rawObject("null")
				}
			}
			if computeType == typeKubernetes {
				for _, k := range []string{"relayConnectionString", "serviceBusConnectionString", "extensionPrincipalId", "vcName"} {
					if _, ok := clean[k]; !ok {
						clean[k] = rawObject("null")
					}
				}
				if _, ok := clean["extensionInstanceReleaseTrain"]; !ok {
					clean["extensionInstanceReleaseTrain"] = rawObject(`"stable"`)
				}
			}
			a.Properties = marshalRaw(clean)
		}
		return a, nil
	}
	var p attachRequest
	if e := decodeInto(fields, &p); e != nil {
		return nil, e
	}
	resourceName := resourceID[strings.LastIndex(resourceID, "/")+1:]
	switch computeType {
	case typeVirtualMachine, typeHDInsight:
		acct := p.AdministratorAccount
		if acct == nil || acct.Username == "" {
			if acct != nil && acct.hasSecret() {
				return nil, validationError("properties.properties.administratorAccount.username", "administratorAccount.username is required when a password or SSH key is given.")
			}
			return nil, validationError("properties.properties.administratorAccount.username", "administratorAccount.username is required to attach a %s over SSH.", computeType)
		}
		if !acct.hasSecret() {
			return nil, validationError("properties.properties.administratorAccount", "administratorAccount for '%s' needs a password or an SSH private key.", acct.Username)
		}
		a.Admin = acct
		a.Address, a.SSHPort = p.Address, 22
		if a.Address == "" {
			a.Address = strings.ToLower(resourceName) + ".eastus.cloudapp.azure.com"
			if computeType == typeHDInsight {
				a.Address = strings.ToLower(resourceName) + "-ssh.azurehdinsight.net"
			}
		}
		if p.SSHPort != nil {
			if *p.SSHPort < 1 || *p.SSHPort > 65535 {
				return nil, validationError("properties.properties.sshPort", "sshPort must be between 1 and 65535 (it is %d).", *p.SSHPort)
			}
			a.SSHPort = *p.SSHPort
		}
		a.VirtualMachineSize, a.NotebookServerPort, a.NotebookInstance = p.VirtualMachineSize, p.NotebookServerPort, p.IsNotebookInstanceCompute
	case typeDatabricks:
		if p.DatabricksAccessToken == "" {
			return nil, validationError("properties.properties.databricksAccessToken", "properties.properties.databricksAccessToken is required to attach a Databricks workspace.")
		}
		a.DatabricksAccessToken, a.WorkspaceURL = p.DatabricksAccessToken, p.WorkspaceURL
		if a.WorkspaceURL == "" {
			a.WorkspaceURL = "https://adb-" + strings.ToLower(resourceName) + ".azuredatabricks.net"
		}
	case typeDataLakeAnalytics:
		a.DataLakeStoreAccountName = p.DataLakeStoreAccountName
		if a.DataLakeStoreAccountName == "" {
			return nil, validationError("properties.properties.dataLakeStoreAccountName", "properties.properties.dataLakeStoreAccountName is required to attach a Data Lake Analytics account.")
		}
	}
	return a, nil
}

// assignInstanceAddresses gives a new instance its public and private IP addresses.
func (w *world) assignInstanceAddresses(c *compute) {
	c.Instance.PrivateIP = sprintf("10.0.0.%d", 4+w.rng.IntN(250))
	c.Instance.PublicIP = sprintf("20.%d.%d.%d", 40+w.rng.IntN(200), w.rng.IntN(256), 1+w.rng.IntN(254))
}
