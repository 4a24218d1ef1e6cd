package emulator

import (
	"net/http"
	"slices"
	"strings"
)

// Quotas: each VM family has a dedicated vCPU limit for the workspace (at most the
// subscription's limit for the family), and the location has regional totals for dedicated and
// low-priority vCPUs. Low-priority vCPUs have no per-family limit (-1), as the service reports.

// familyQuota is one VM family's workspace-level dedicated vCPU limit.
type familyQuota struct {
	Family    string
	Dedicated int
}

// Regional limits of the emulated location.
const (
	regionalDedicatedLimit   = 100
	regionalLowPriorityLimit = 100
	clusterCountLimit        = 200
	unlimited                = -1
)

// Priorities as usages and quota names spell them.
const (
	priorityDedicated   = "Dedicated"
	priorityLowPriority = "LowPriority"
)

func defaultQuotas() map[string]familyQuota {
	q := map[string]familyQuota{}
	for _, f := range vmFamilies() {
		q[strings.ToLower(f.Name)] = familyQuota{Family: f.Name, Dedicated: f.Dedicated}
	}
	return q
}

// familyLimit is the dedicated limit that applies to the workspace for family.
func (w *world) familyLimit(family string) int {
	f, ok := lookupFamily(family)
	if !ok {
		return 0
	}
	if q, ok := w.quotas[strings.ToLower(family)]; ok {
		return min(q.Dedicated, f.Dedicated)
	}
	return f.Dedicated
}

// coreUse is what one compute holds of a family's vCPUs.
type coreUse struct {
	Compute   string
	Family    string
	Priority  string
	VCPUs     int
	IsCluster bool
}

// coreUses lists the vCPUs every compute holds now: allocated cluster nodes (a preempted node
// has given its cores back) and compute instances (a stopped instance keeps its quota, as
// releaseQuotaOnStop is false).
func (w *world) coreUses() []coreUse { return w.coreUsesExcept("") }

// coreUsesExcept is coreUses without the compute named except (the one being checked).
func (w *world) coreUsesExcept(except string) []coreUse {
	var out []coreUse
	for _, c := range w.sortedComputes() {
		if except != "" && computeKey(c.Name) == computeKey(except) {
			continue
		}
		switch {
		case c.Cluster != nil:
			size, ok := lookupVMSize(c.Cluster.VMSize)
			if !ok {
				continue
			}
			n := 0
			for _, node := range c.Cluster.Nodes {
				if node.State != nodePreempted {
					n++
				}
			}
			out = append(out, coreUse{c.Name, size.Family, c.Cluster.VMPriority, n * size.VCPUs, true})
		case c.Instance != nil && c.ProvisioningState != stateFailed:
			if size, ok := lookupVMSize(c.Instance.VMSize); ok {
				out = append(out, coreUse{c.Name, size.Family, priorityDedicated, size.VCPUs, false})
			}
		}
	}
	return out
}

// coresInUse sums the vCPUs held for a priority, in one family or (family "") in total.
func (w *world) coresInUse(family, priority string) int {
	return w.coresInUseExcept(family, priority, "")
}

func (w *world) coresInUseExcept(family, priority, except string) int {
	n := 0
	for _, u := range w.coreUsesExcept(except) {
		if u.Priority == priority && (family == "" || strings.EqualFold(u.Family, family)) {
			n += u.VCPUs
		}
	}
	return n
}

// coresAvailable is how many more vCPUs of family and priority the quotas allow.
func (w *world) coresAvailable(family, priority string) int {
	return w.coresAvailableExcept(family, priority, "")
}

// coresAvailableExcept leaves out what the compute named except holds.
func (w *world) coresAvailableExcept(family, priority, except string) int {
	if priority == priorityLowPriority {
		return regionalLowPriorityLimit - w.coresInUseExcept("", priorityLowPriority, except)
	}
	return min(w.familyLimit(family)-w.coresInUseExcept(family, priorityDedicated, except),
		regionalDedicatedLimit-w.coresInUseExcept("", priorityDedicated, except))
}

// instanceQuotaExceeded describes why a new compute instance named name does not fit.
func (w *world) instanceQuotaExceeded(name string, size vmSize) *armError {
	if size.VCPUs <= w.coresAvailableExcept(size.Family, priorityDedicated, name) {
		return nil
	}
	f, _ := lookupFamily(size.Family)
	return &armError{Code: "QuotaExceeded", Message: sprintf(
		"Compute instance '%s' (%s, %d vCPUs) exceeds the available %s quota: %d of %d in use (regional dedicated vCPUs: %d of %d). Choose another size or request a quota increase.",
		name, size.Name, size.VCPUs, f.usageName(priorityDedicated), w.coresInUseExcept(size.Family, priorityDedicated, name), w.familyLimit(size.Family),
		w.coresInUseExcept("", priorityDedicated, name), regionalDedicatedLimit)}
}

// quotaExceeded describes why n more nodes of size do not fit, or returns nil.
func (w *world) quotaExceeded(size vmSize, priority string, nodes int) *armError {
	need := nodes * size.VCPUs
	if need <= w.coresAvailable(size.Family, priority) {
		return nil
	}
	if priority == priorityLowPriority {
		return &armError{Code: "ClusterMinNodesExceedCoreQuota", Message: sprintf(
			"Cluster minimum nodes (%d x %s = %d vCPUs) exceed the available Total Cluster LowPriority Regional vCPUs quota: %d of %d in use. Lower minNodeCount or request a quota increase.",
			nodes, size.Name, need, w.coresInUse("", priorityLowPriority), regionalLowPriorityLimit)}
	}
	f, _ := lookupFamily(size.Family)
	return &armError{Code: "ClusterMinNodesExceedCoreQuota", Message: sprintf(
		"Cluster minimum nodes (%d x %s = %d vCPUs) exceed the available %s quota: %d of %d in use (regional dedicated vCPUs: %d of %d). Lower minNodeCount or request a quota increase.",
		nodes, size.Name, need, f.usageName(priorityDedicated), w.coresInUse(size.Family, priorityDedicated), w.familyLimit(size.Family),
		w.coresInUse("", priorityDedicated), regionalDedicatedLimit)}
}

// usageName is the ARM name object of usages and quotas.
type usageName struct {
	Value          string `json:"value"`
	LocalizedValue string `json:"localizedValue"`
}

type usageBody struct {
	ID           string    `json:"id"`
	Type         string    `json:"type"`
	Unit         string    `json:"unit"`
	CurrentValue int       `json:"currentValue"`
	Limit        int       `json:"limit"`
	Name         usageName `json:"name"`
}

// usages computes the location's usages from the computes that exist: totals, then per
// family for the subscription, the workspace and each cluster, for both priorities.
func (w *world) usages() []usageBody {
	subID := "/subscriptions/" + w.sub
	const prefix = "Microsoft.MachineLearningServices/"
	clusters := 0
	for _, c := range w.computes {
		if c.Cluster != nil {
			clusters++
		}
	}
	out := []usageBody{{ID: subID + "/usages", Type: prefix + "totalCores/usages", Unit: "Count",
		CurrentValue: clusters, Limit: clusterCountLimit, Name: usageName{"Clusters", "Clusters"}}}
	uses := w.coreUses()
	for _, priority := range []string{priorityDedicated, priorityLowPriority} {
		total, limit, kind := 0, regionalDedicatedLimit, "dedicatedCores"
		if priority == priorityLowPriority {
			limit, kind = regionalLowPriorityLimit, "lowPriorityCores"
		}
		for _, u := range uses {
			if u.Priority == priority {
				total += u.VCPUs
			}
		}
		label := "Total Cluster " + priority + " Regional vCPUs"
		out = append(out, usageBody{ID: subID + "/usages", Type: prefix + kind + "/usages", Unit: "Count",
			CurrentValue: total, Limit: limit, Name: usageName{label, label}})
		for _, f := range vmFamilies() {
			name := f.usageName(priority)
			slug := strings.ReplaceAll(name, " ", "_")
			famLimit := unlimited
			if priority == priorityDedicated {
				famLimit = w.familyLimit(f.Name)
			}
			used := 0
			var perCompute []usageBody
			for _, u := range uses {
				if u.Priority != priority || !strings.EqualFold(u.Family, f.Name) {
					continue
				}
				used += u.VCPUs
				perCompute = append(perCompute, usageBody{ID: w.computeID(u.Compute) + "/usages/" + slug,
					Type: prefix + "workspaces/computes/usages", Unit: "Count", CurrentValue: u.VCPUs, Limit: famLimit,
					Name: usageName{name, name}})
			}
			out = append(out, usageBody{ID: subID + "/usages/" + slug, Type: prefix + "vmFamily/usages", Unit: "Count",
				CurrentValue: used, Limit: famLimit, Name: usageName{name, name}})
			if used > 0 {
				out = append(out, usageBody{ID: w.workspaceID() + "/usages/" + slug, Type: prefix + "workspaces/usages",
					Unit: "Count", CurrentValue: used, Limit: famLimit, Name: usageName{name, name}})
				out = append(out, perCompute...)
			}
		}
	}
	return out
}

type quotaBody struct {
	ID       string    `json:"id"`
	Type     string    `json:"type"`
	Unit     string    `json:"unit"`
	Limit    int       `json:"limit"`
	Name     usageName `json:"name"`
	Location *string   `json:"location"`
}

// quotaList pairs, per family, the subscription's limit and the workspace's, as recorded.
func (w *world) quotaList() []quotaBody {
	var out []quotaBody
	loc := w.location
	for _, f := range vmFamilies() {
		name := usageName{f.Name, f.usageName(priorityDedicated)}
		out = append(out,
			quotaBody{ID: "/subscriptions/" + w.sub + "/quotas/" + f.Name, Type: "Microsoft.MachineLearningServices/vmFamily/dedicatedCores/quotas",
				Unit: "Count", Limit: f.Dedicated, Name: name},
			quotaBody{ID: w.workspaceID() + "/quotas/" + f.Name, Type: "Microsoft.MachineLearningServices/workspaces/dedicatedCores/quotas",
				Unit: "Count", Limit: w.familyLimit(f.Name), Name: name, Location: &loc})
	}
	return out
}

func (s *Server) listUsages(w http.ResponseWriter, r *http.Request, sw *world) *httpError {
	writeJSON(w, http.StatusOK, map[string]any{"value": sw.usages()})
	return nil
}

func (s *Server) listQuotas(w http.ResponseWriter, r *http.Request, sw *world) *httpError {
	writeJSON(w, http.StatusOK, map[string]any{"value": sw.quotaList()})
	return nil
}

type quotaUpdateRequest struct {
	Value []struct {
		ID    string `json:"id"`
		Type  string `json:"type"`
		Limit *int   `json:"limit"`
		Unit  string `json:"unit"`
	} `json:"value"`
}

type quotaUpdateResult struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Limit  int    `json:"limit"`
	Unit   string `json:"unit"`
	Status string `json:"status"`
}

// updateQuotas sets workspace-level family limits. Each entry answers its own status, as the
// service does: Success, InvalidVMFamilyName, InvalidQuotaExceedsSubscriptionLimit,
// InvalidQuotaBelowClusterMinimum, or Failure for a workspace the emulator does not hold.
func (s *Server) updateQuotas(w http.ResponseWriter, r *http.Request, sw *world, req *quotaUpdateRequest) *httpError {
	out := []quotaUpdateResult{}
	for i, q := range req.Value {
		if q.Limit == nil || *q.Limit < 0 {
			return validationError(sprintf("value[%d].limit", i), "value[%d].limit is required and must be zero or more.", i)
		}
		res := quotaUpdateResult{ID: q.ID, Type: q.Type, Limit: *q.Limit, Unit: q.Unit, Status: "Success"}
		if res.Unit == "" {
			res.Unit = "Count"
		}
		wsPrefix := strings.ToLower(sw.workspaceID() + "/quotas/")
		familyName := q.ID[strings.LastIndex(q.ID, "/")+1:]
		fam, known := sw.familyFromQuotaName(familyName)
		switch {
		case !strings.HasPrefix(strings.ToLower(q.ID), wsPrefix):
			res.Status = "Failure"
		case !known:
			res.Status = "InvalidVMFamilyName"
		case *q.Limit > fam.Dedicated:
			res.Status = "InvalidQuotaExceedsSubscriptionLimit"
		case *q.Limit < sw.coresInUse(fam.Name, priorityDedicated):
			res.Status = "InvalidQuotaBelowClusterMinimum"
		default:
			sw.quotas[strings.ToLower(fam.Name)] = familyQuota{Family: fam.Name, Dedicated: *q.Limit}
			sw.markDirty()
		}
		out = append(out, res)
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": out})
	return nil
}

// familyFromQuotaName accepts a family by its quota name (standardDSv2Family) or by its usage
// name (Standard_DSv2_Family_Cluster_Dedicated_vCPUs).
func (w *world) familyFromQuotaName(name string) (vmFamily, bool) {
	if f, ok := lookupFamily(name); ok {
		return f, true
	}
	i := slices.IndexFunc(vmFamilies(), func(f vmFamily) bool {
		return strings.EqualFold(strings.ReplaceAll(f.usageName(priorityDedicated), " ", "_"), name)
	})
	if i < 0 {
		return vmFamily{}, false
	}
	return vmFamilies()[i], true
}
