package compute

import (
	"fmt"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// Capacity is what a location offers a workspace: its VM size catalogue and its current vCPU
// usages (GET .../locations/{loc}/vmSizes and .../usages). The wizards check specs against it
// so a size that does not exist, cannot run low-priority, or a minimum that does not fit the
// quota is caught before the service fails the create.
type Capacity struct {
	Sizes  []*armmachinelearning.VirtualMachineSize
	Usages []*armmachinelearning.Usage
	// WorkspaceID is the workspace's ARM id. Usages lists workspace-level limits of every
	// workspace in the location; only this one's apply. "" ignores workspace-level entries.
	WorkspaceID string
}

// Size finds a VM size by name, case-insensitively (the service upper-cases sizes it returns).
func (c Capacity) Size(name string) (*armmachinelearning.VirtualMachineSize, bool) {
	for _, s := range c.Sizes {
		if s != nil && strings.EqualFold(str(s.Name), name) {
			return s, true
		}
	}
	return nil, false
}

// supports reports whether the size lists the compute type (AmlCompute, ComputeInstance).
func supports(s *armmachinelearning.VirtualMachineSize, computeType string) bool {
	for _, t := range s.SupportedComputeTypes {
		if t != nil && strings.EqualFold(*t, computeType) {
			return true
		}
	}
	return false
}

// familyKey normalises a VM family for matching sizes with usages: "standardDSv2Family",
// "Standard DSv2 Family" and the usage "Standard_DSv2_Family_Cluster_Dedicated_vCPUs" all
// become "standarddsv2family".
func familyKey(family string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "_", "").Replace(family))
}

// usageFamily returns the family of a per-family usage name ("Standard DSv2 Family Cluster
// Dedicated vCPUs") and whether it counts low-priority vCPUs.
func usageFamily(name string) (family string, lowPriority, ok bool) {
	for _, suffix := range []struct {
		text string
		low  bool
	}{{" Cluster Dedicated vCPUs", false}, {" Cluster LowPriority vCPUs", true}} {
		if f, found := strings.CutSuffix(name, suffix.text); found {
			return familyKey(f), suffix.low, true
		}
	}
	return "", false, false
}

// Headroom is how many more vCPUs of a family and priority the quotas allow, and which limit
// is the tightest.
type Headroom struct {
	VCPUs   int
	LimitBy string // the usage's name, e.g. "Total Cluster Dedicated Regional vCPUs"
	Used    int64
	Limit   int64
	Known   bool // false when no usage applies: the check is skipped rather than guessed
}

// Headroom returns the vCPUs still available for family at the given priority: the smallest of
// the regional total, the subscription's family limit and this workspace's family limit,
// leaving out limits of -1 (none at that level).
func (c Capacity) Headroom(family string, lowPriority bool) Headroom {
	key := familyKey(family)
	var best Headroom
	wsPrefix := strings.ToLower(c.WorkspaceID) + "/usages/"
	for _, u := range c.Usages {
		if u == nil || u.Limit == nil || *u.Limit < 0 || u.Name == nil {
			continue
		}
		typ := strings.ToLower(str(u.Type))
		name := str(u.Name.Value)
		applies := false
		switch {
		case strings.HasSuffix(typ, "/dedicatedcores/usages"):
			applies = !lowPriority
		case strings.HasSuffix(typ, "/lowprioritycores/usages"):
			applies = lowPriority
		case strings.HasSuffix(typ, "/vmfamily/usages"), strings.HasSuffix(typ, "/workspaces/usages"), strings.HasSuffix(typ, "/workspace/usages"):
			if strings.Contains(typ, "workspace") && (c.WorkspaceID == "" || !strings.HasPrefix(strings.ToLower(str(u.ID)), wsPrefix)) {
				continue
			}
			f, low, ok := usageFamily(name)
			applies = ok && f == key && low == lowPriority
		}
		if !applies {
			continue
		}
		used := int64(0)
		if u.CurrentValue != nil {
			used = *u.CurrentValue
		}
		left := int(*u.Limit - used)
		if !best.Known || left < best.VCPUs {
			best = Headroom{VCPUs: left, LimitBy: name, Used: used, Limit: *u.Limit, Known: true}
		}
	}
	return best
}

// CheckCluster checks a cluster spec against the catalogue and the quotas: the size exists in
// the location and runs AmlCompute, low priority only on capable sizes, and the minimum nodes
// fit the vCPUs left (the service fails such a cluster with ClusterMinNodesExceedCoreQuota).
func (c Capacity) CheckCluster(s ClusterSpec) []FieldError {
	size, errs := c.checkSize(s.VMSize, "AmlCompute")
	if size == nil {
		return errs
	}
	low := strings.EqualFold(s.Priority, "LowPriority")
	if low && !boolean(size.LowPriorityCapable) {
		errs = append(errs, FieldError{"priority", RuleConflict, fmt.Sprintf("%s cannot run as LowPriority; use Dedicated or another size", str(size.Name))})
	}
	if s.MinNodes > 0 && size.VCPUs != nil {
		need := s.MinNodes * int(*size.VCPUs)
		if h := c.Headroom(str(size.Family), low); h.Known && need > h.VCPUs {
			errs = append(errs, FieldError{"minNodes", RuleQuota, fmt.Sprintf("%d × %s needs %d vCPUs, but %s has %d left (%d of %d in use); lower the minimum or request more quota",
				s.MinNodes, str(size.Name), need, h.LimitBy, max(h.VCPUs, 0), h.Used, h.Limit)})
		}
	}
	return errs
}

// CheckInstance checks an instance spec against the catalogue and the dedicated quota, which
// instances share with clusters.
func (c Capacity) CheckInstance(s InstanceSpec) []FieldError {
	size, errs := c.checkSize(s.VMSize, "ComputeInstance")
	if size == nil || size.VCPUs == nil {
		return errs
	}
	if h := c.Headroom(str(size.Family), false); h.Known && int(*size.VCPUs) > h.VCPUs {
		errs = append(errs, FieldError{"vmSize", RuleQuota, fmt.Sprintf("%s needs %d vCPUs, but %s has %d left (%d of %d in use)",
			str(size.Name), *size.VCPUs, h.LimitBy, max(h.VCPUs, 0), h.Used, h.Limit)})
	}
	return errs
}

// checkSize finds the size and checks it runs computeType; nil size when it cannot be used.
func (c Capacity) checkSize(name, computeType string) (*armmachinelearning.VirtualMachineSize, []FieldError) {
	if name == "" {
		return nil, nil // Validate reports the missing size
	}
	size, ok := c.Size(name)
	if !ok {
		return nil, []FieldError{{"vmSize", RuleAvailable, fmt.Sprintf("%q is not offered in this location; pick one from the VM size list", name)}}
	}
	if len(size.SupportedComputeTypes) > 0 && !supports(size, computeType) {
		return nil, []FieldError{{"vmSize", RuleAvailable, fmt.Sprintf("%s is not offered for %s", str(size.Name), computeType)}}
	}
	return size, nil
}
