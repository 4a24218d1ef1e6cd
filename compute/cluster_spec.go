package compute

import (
	"fmt"
	"math"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// ClusterSpec is what the create-cluster wizard collects: an AmlCompute cluster.
// Field names in FieldErrors are the lowerCamel names given in brackets.
type ClusterSpec struct {
	Name        string // [name] 3–24 characters, see CheckName
	Location    string // [location] "" means the workspace's region
	Description string // [description]
	VMSize      string // [vmSize] required; availability in the region is checked against the catalogue separately
	Priority    string // [priority] "" (Dedicated), Dedicated or LowPriority
	MinNodes    int    // [minNodes] 0 or more
	MaxNodes    int    // [maxNodes] at least 1, and at least MinNodes
	// IdleTimeBeforeScaleDown [idleTimeBeforeScaleDown]: 0 leaves the service default; otherwise
	// a positive whole number of seconds.
	IdleTimeBeforeScaleDown time.Duration
	Identity                IdentitySpec // [identity.type], [identity.userAssignedIds]
	OSType                  string       // [osType] "" (Linux), Linux or Windows
	// SSH. The admin user is required when a password or key is given; SSH settings cannot be
	// changed after creation.
	AdminUserName string // [adminUserName]
	AdminPassword string // [adminPassword] secret: never shown, logged or repeated in errors
	SSHPublicKey  string // [sshPublicKey] an OpenSSH public key
	// RemoteLoginPortPublicAccess [remoteLoginPortPublicAccess]: "", Enabled, Disabled or
	// NotSpecified; Enabled needs an admin user with a password or key.
	RemoteLoginPortPublicAccess string
	Subnet                      string            // [subnet] ARM id of a virtual network subnet, or ""
	EnableNodePublicIP          *bool             // [enableNodePublicIp] nil leaves the service default (true)
	Tags                        map[string]string // [tags] ARM's limits: 50 tags, names 512 and values 256 characters
}

// Validate returns every problem with the spec, in field order; nil when it may be sent.
func (s ClusterSpec) Validate() []FieldError {
	errs := CheckName("name", s.Name)
	if s.VMSize == "" {
		errs = append(errs, FieldError{"vmSize", RuleRequired, "a VM size is required"})
	}
	_, e := checkEnum("priority", s.Priority, "Dedicated", "LowPriority")
	errs = append(errs, e...)
	errs = append(errs, checkNodes(s.MinNodes, s.MaxNodes)...)
	errs = append(errs, checkScaleDown(s.IdleTimeBeforeScaleDown)...)
	errs = append(errs, s.Identity.validate(false)...)
	_, e = checkEnum("osType", s.OSType, "Linux", "Windows")
	errs = append(errs, e...)
	errs = append(errs, s.validateSSH()...)
	errs = append(errs, checkSubnet("subnet", s.Subnet)...)
	return append(errs, checkTags(s.Tags)...)
}

// checkNodes applies the node-count rules: 0 ≤ min ≤ max, 1 ≤ max, both within the API's
// 32-bit range.
func checkNodes(minNodes, maxNodes int) []FieldError {
	var errs []FieldError
	switch {
	case minNodes < 0:
		errs = append(errs, FieldError{"minNodes", RuleRange, fmt.Sprintf("must be 0 or more (it is %d)", minNodes)})
	case minNodes > math.MaxInt32:
		errs = append(errs, FieldError{"minNodes", RuleRange, fmt.Sprintf("must be at most %d", math.MaxInt32)})
	}
	switch {
	case maxNodes < 1:
		errs = append(errs, FieldError{"maxNodes", RuleRange, fmt.Sprintf("must be at least 1 (it is %d)", maxNodes)})
	case maxNodes > math.MaxInt32:
		errs = append(errs, FieldError{"maxNodes", RuleRange, fmt.Sprintf("must be at most %d", math.MaxInt32)})
	}
	if minNodes > maxNodes && maxNodes >= 1 {
		errs = append(errs, FieldError{"minNodes", RuleMinMax, fmt.Sprintf("must not be more than the maximum (%d > %d)", minNodes, maxNodes)})
	}
	return errs
}

func checkScaleDown(d time.Duration) []FieldError {
	const field = "idleTimeBeforeScaleDown"
	switch {
	case d < 0:
		return []FieldError{{field, RuleRange, "must be positive"}}
	case d%time.Second != 0:
		return []FieldError{{field, RuleFormat, "must be a whole number of seconds"}}
	}
	return nil
}

func (s ClusterSpec) validateSSH() []FieldError {
	var errs []FieldError
	hasCredential := s.AdminPassword != "" || s.SSHPublicKey != ""
	switch {
	case s.AdminUserName == "" && hasCredential:
		errs = append(errs, FieldError{"adminUserName", RuleRequired, "an admin user name is required when a password or SSH key is given"})
	case s.AdminUserName != "" && !hasCredential:
		errs = append(errs, FieldError{"adminPassword", RuleRequired, "the admin user needs a password or an SSH public key"})
	}
	errs = append(errs, checkSSHPublicKey("sshPublicKey", s.SSHPublicKey)...)
	access, e := checkEnum("remoteLoginPortPublicAccess", s.RemoteLoginPortPublicAccess, "Enabled", "Disabled", "NotSpecified")
	errs = append(errs, e...)
	if access == "Enabled" && (s.AdminUserName == "" || !hasCredential) {
		errs = append(errs, FieldError{"remoteLoginPortPublicAccess", RuleConflict, "opening the SSH port needs an admin user with a password or SSH key"})
	}
	return errs
}

// ToARM builds the PUT payload for the cluster. Call Validate first: ToARM does not check.
// Empty optional fields are left out so the service applies its defaults.
func (s ClusterSpec) ToARM() armmachinelearning.ComputeResource {
	p := &armmachinelearning.AmlComputeProperties{
		VMSize: nonEmpty(s.VMSize),
		ScaleSettings: &armmachinelearning.ScaleSettings{
			MinNodeCount: int32Ptr(s.MinNodes),
			MaxNodeCount: int32Ptr(s.MaxNodes),
		},
		Subnet:             subnetRef(s.Subnet),
		EnableNodePublicIP: s.EnableNodePublicIP,
	}
	if s.IdleTimeBeforeScaleDown > 0 {
		p.ScaleSettings.NodeIdleTimeBeforeScaleDown = nonEmpty(FormatISODurationOf(s.IdleTimeBeforeScaleDown))
	}
	if v, _ := checkEnum("", s.Priority, "Dedicated", "LowPriority"); v != "" {
		p.VMPriority = (*armmachinelearning.VMPriority)(&v)
	}
	if v, _ := checkEnum("", s.OSType, "Linux", "Windows"); v != "" {
		p.OSType = (*armmachinelearning.OsType)(&v)
	}
	if v, _ := checkEnum("", s.RemoteLoginPortPublicAccess, "Enabled", "Disabled", "NotSpecified"); v != "" {
		p.RemoteLoginPortPublicAccess = (*armmachinelearning.RemoteLoginPortPublicAccess)(&v)
	}
	if s.AdminUserName != "" {
		p.UserAccountCredentials = &armmachinelearning.UserAccountCredentials{
			AdminUserName:         nonEmpty(s.AdminUserName),
			AdminUserPassword:     nonEmpty(s.AdminPassword),
			AdminUserSSHPublicKey: nonEmpty(s.SSHPublicKey),
		}
	}
	return armmachinelearning.ComputeResource{
		Location: nonEmpty(s.Location),
		Tags:     tagsOf(s.Tags),
		Identity: s.Identity.toARM(),
		Properties: &armmachinelearning.AmlCompute{
			ComputeType: computeTypePtr(armmachinelearning.ComputeTypeAmlCompute),
			Description: nonEmpty(s.Description),
			Properties:  p,
		},
	}
}

// ScaleSpec is a change of a cluster's scale settings (the PATCH the resize dialog sends).
type ScaleSpec struct {
	MinNodes, MaxNodes      int           // [minNodes], [maxNodes]
	IdleTimeBeforeScaleDown time.Duration // [idleTimeBeforeScaleDown] 0 keeps the current value
}

// Validate applies the same node and idle-time rules as ClusterSpec.
func (s ScaleSpec) Validate() []FieldError {
	return append(checkNodes(s.MinNodes, s.MaxNodes), checkScaleDown(s.IdleTimeBeforeScaleDown)...)
}

// ToARM builds the PATCH body.
func (s ScaleSpec) ToARM() armmachinelearning.ClusterUpdateParameters {
	ss := &armmachinelearning.ScaleSettings{MinNodeCount: int32Ptr(s.MinNodes), MaxNodeCount: int32Ptr(s.MaxNodes)}
	if s.IdleTimeBeforeScaleDown > 0 {
		ss.NodeIdleTimeBeforeScaleDown = nonEmpty(FormatISODurationOf(s.IdleTimeBeforeScaleDown))
	}
	return armmachinelearning.ClusterUpdateParameters{Properties: &armmachinelearning.ClusterUpdateProperties{
		Properties: &armmachinelearning.ScaleSettingsInformation{ScaleSettings: ss},
	}}
}

// toARM returns nil for no identity, so the service applies its default.
func (s IdentitySpec) toARM() *armmachinelearning.ManagedServiceIdentity {
	kind, ok := canonicalIdentityType(s.Type)
	if !ok || kind == "" {
		return nil
	}
	t := armmachinelearning.ManagedServiceIdentityType(kind)
	id := &armmachinelearning.ManagedServiceIdentity{Type: &t}
	if len(s.UserAssignedIDs) > 0 {
		id.UserAssignedIdentities = make(map[string]*armmachinelearning.UserAssignedIdentity, len(s.UserAssignedIDs))
		for _, u := range s.UserAssignedIDs {
			id.UserAssignedIdentities[u] = &armmachinelearning.UserAssignedIdentity{}
		}
	}
	return id
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func int32Ptr(v int) *int32 {
	n := int32(v)
	return &n
}

func computeTypePtr(t armmachinelearning.ComputeType) *armmachinelearning.ComputeType { return &t }

func subnetRef(id string) *armmachinelearning.ResourceID {
	if id == "" {
		return nil
	}
	return &armmachinelearning.ResourceID{ID: &id}
}

func tagsOf(tags map[string]string) map[string]*string {
	if len(tags) == 0 {
		return nil
	}
	out := make(map[string]*string, len(tags))
	for k, v := range tags {
		out[k] = &v
	}
	return out
}
