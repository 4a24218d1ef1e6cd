package compute

import (
	"fmt"
	"regexp"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// InstanceSpec is what the create-instance wizard collects: a compute instance. Instances have
// no scale settings. The v4.0.0 SDK model has no idle-shutdown field, so idle shutdown is not
// part of the spec.
type InstanceSpec struct {
	Name        string       // [name] 3–24 characters, see CheckName; unique per region (the service checks)
	Location    string       // [location] "" means the workspace's region
	Description string       // [description]
	VMSize      string       // [vmSize] required
	Identity    IdentitySpec // [identity.type], [identity.userAssignedIds]
	// SSHPublicAccess [sshPublicAccess]: "", Enabled or Disabled; Enabled needs SSHPublicKey. The
	// admin user is always azureuser.
	SSHPublicAccess string
	SSHPublicKey    string // [sshPublicKey] an OpenSSH public key
	// ApplicationSharingPolicy [applicationSharingPolicy]: "", Personal or Shared.
	ApplicationSharingPolicy string
	// AssignedUserObjectID and AssignedUserTenantID [assignedUser] create the instance on behalf of
	// another user; both or neither, each a GUID.
	AssignedUserObjectID string
	AssignedUserTenantID string
	Subnet               string            // [subnet] ARM id of a virtual network subnet, or ""
	EnableNodePublicIP   *bool             // [enableNodePublicIp] nil leaves the service default (true)
	Tags                 map[string]string // [tags] ARM's limits: 50 tags, names 512 and values 256 characters
}

func guidPattern() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
}

// Validate returns every problem with the spec, in field order; nil when it may be sent.
func (s InstanceSpec) Validate() []FieldError {
	errs := CheckName("name", s.Name)
	if s.VMSize == "" {
		errs = append(errs, FieldError{"vmSize", RuleRequired, "a VM size is required"})
	}
	errs = append(errs, s.Identity.validate(true)...)
	access, e := checkEnum("sshPublicAccess", s.SSHPublicAccess, "Enabled", "Disabled")
	errs = append(errs, e...)
	if access == "Enabled" && s.SSHPublicKey == "" {
		errs = append(errs, FieldError{"sshPublicKey", RuleRequired, "SSH access needs an SSH public key"})
	}
	errs = append(errs, checkSSHPublicKey("sshPublicKey", s.SSHPublicKey)...)
	_, e = checkEnum("applicationSharingPolicy", s.ApplicationSharingPolicy, "Personal", "Shared")
	errs = append(errs, e...)
	errs = append(errs, s.validateAssignedUser()...)
	errs = append(errs, checkSubnet("subnet", s.Subnet)...)
	return append(errs, checkTags(s.Tags)...)
}

func (s InstanceSpec) validateAssignedUser() []FieldError {
	const field = "assignedUser"
	if s.AssignedUserObjectID == "" && s.AssignedUserTenantID == "" {
		return nil
	}
	if s.AssignedUserObjectID == "" || s.AssignedUserTenantID == "" {
		return []FieldError{{field, RuleRequired, "creating on behalf of a user needs both the user's object id and tenant id"}}
	}
	var errs []FieldError
	guid := guidPattern()
	for _, v := range []struct{ what, id string }{{"object id", s.AssignedUserObjectID}, {"tenant id", s.AssignedUserTenantID}} {
		if !guid.MatchString(v.id) {
			errs = append(errs, FieldError{field, RuleFormat, fmt.Sprintf("the %s %q is not a GUID", v.what, v.id)})
		}
	}
	return errs
}

// ToARM builds the PUT payload for the instance. Call Validate first: ToARM does not check.
func (s InstanceSpec) ToARM() armmachinelearning.ComputeResource {
	p := &armmachinelearning.ComputeInstanceProperties{
		VMSize:             nonEmpty(s.VMSize),
		Subnet:             subnetRef(s.Subnet),
		EnableNodePublicIP: s.EnableNodePublicIP,
	}
	if v, _ := checkEnum("", s.ApplicationSharingPolicy, "Personal", "Shared"); v != "" {
		p.ApplicationSharingPolicy = (*armmachinelearning.ApplicationSharingPolicy)(&v)
	}
	access, _ := checkEnum("", s.SSHPublicAccess, "Enabled", "Disabled")
	if access != "" || s.SSHPublicKey != "" {
		p.SSHSettings = &armmachinelearning.ComputeInstanceSSHSettings{AdminPublicKey: nonEmpty(s.SSHPublicKey)}
		if access != "" {
			p.SSHSettings.SSHPublicAccess = (*armmachinelearning.SSHPublicAccess)(&access)
		}
	}
	if s.AssignedUserObjectID != "" {
		personal := armmachinelearning.ComputeInstanceAuthorizationTypePersonal
		p.ComputeInstanceAuthorizationType = &personal
		p.PersonalComputeInstanceSettings = &armmachinelearning.PersonalComputeInstanceSettings{
			AssignedUser: &armmachinelearning.AssignedUser{
				ObjectID: nonEmpty(s.AssignedUserObjectID),
				TenantID: nonEmpty(s.AssignedUserTenantID),
			},
		}
	}
	return armmachinelearning.ComputeResource{
		Location: nonEmpty(s.Location),
		Tags:     tagsOf(s.Tags),
		Identity: s.Identity.toARM(),
		Properties: &armmachinelearning.ComputeInstance{
			ComputeType: computeTypePtr(armmachinelearning.ComputeTypeComputeInstance),
			Description: nonEmpty(s.Description),
			Properties:  p,
		},
	}
}
