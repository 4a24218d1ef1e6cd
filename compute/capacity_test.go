package compute

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

const demoWorkspace = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/demo_workspace1"

func exampleCapacity(t *testing.T) Capacity {
	t.Helper()
	var sizes armmachinelearning.VirtualMachineSizeListResult
	if err := json.Unmarshal(readExample(t, "VirtualMachineSize/list.json").Responses["200"].Body, &sizes); err != nil {
		t.Fatal(err)
	}
	var usages armmachinelearning.ListUsagesResult
	if err := json.Unmarshal(readExample(t, "Usage/list.json").Responses["200"].Body, &usages); err != nil {
		t.Fatal(err)
	}
	return Capacity{Sizes: sizes.Value, Usages: usages.Value, WorkspaceID: demoWorkspace}
}

func TestHeadroom(t *testing.T) {
	c := exampleCapacity(t)
	h := c.Headroom("standardDSv2Family", false)
	if !h.Known || h.VCPUs != 10 || h.LimitBy != "Total Cluster Dedicated Regional vCPUs" || h.Used != 14 || h.Limit != 24 {
		t.Errorf("dedicated DSv2: %+v", h)
	}
	if h := c.Headroom("Standard DSv2 Family", true); !h.Known || h.VCPUs != 32 || h.LimitBy != "Total Cluster LowPriority Regional vCPUs" {
		t.Errorf("low-priority DSv2: %+v", h)
	}
	// NC: the subscription family has 12 of 24 in use; demo_workspace1's own NC limit counts
	// 6 of 24; the regional total leaves 10.
	if h := c.Headroom("standardNCFamily", false); h.VCPUs != 10 {
		t.Errorf("dedicated NC: %+v", h)
	}
	tight := c
	tight.Usages = append([]*armmachinelearning.Usage{}, c.Usages...)
	tight.Usages = append(tight.Usages, usage("Microsoft.MachineLearningServices/workspaces/usages", demoWorkspace+"/usages/Standard_DSv2_Family_Cluster_Dedicated_vCPUs", "Standard DSv2 Family Cluster Dedicated vCPUs", 5, 8),
		usage("Microsoft.MachineLearningServices/workspaces/usages", "/subscriptions/x/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/other/usages/Standard_DSv2_Family_Cluster_Dedicated_vCPUs", "Standard DSv2 Family Cluster Dedicated vCPUs", 8, 8))
	if h := tight.Headroom("standardDSv2Family", false); h.VCPUs != 3 || h.LimitBy != "Standard DSv2 Family Cluster Dedicated vCPUs" {
		t.Errorf("workspace limit ignored or another workspace's applied: %+v", h)
	}
	if h := (Capacity{}).Headroom("standardDSv2Family", false); h.Known {
		t.Errorf("headroom without usages: %+v", h)
	}
}

func usage(typ, id, name string, used, limit int64) *armmachinelearning.Usage {
	return &armmachinelearning.Usage{Type: &typ, ID: &id, Name: &armmachinelearning.UsageName{Value: &name}, CurrentValue: &used, Limit: &limit}
}

func TestCapacityCheckCluster(t *testing.T) {
	c := exampleCapacity(t)
	for name, tc := range map[string]struct {
		spec  ClusterSpec
		field string
		rule  string
	}{
		"fits":               {ClusterSpec{VMSize: "STANDARD_DS3_V2", MinNodes: 2, MaxNodes: 10}, "", ""},
		"zero min fits":      {ClusterSpec{VMSize: "Standard_DS5_v2", MaxNodes: 100}, "", ""},
		"unknown size":       {ClusterSpec{VMSize: "Standard_Z99", MaxNodes: 1}, "vmSize", RuleAvailable},
		"min over quota":     {ClusterSpec{VMSize: "Standard_DS3_v2", MinNodes: 3, MaxNodes: 4}, "minNodes", RuleQuota},
		"low priority quota": {ClusterSpec{VMSize: "Standard_DS3_v2", Priority: "LowPriority", MinNodes: 8, MaxNodes: 8}, "", ""},
		"low priority over":  {ClusterSpec{VMSize: "Standard_DS3_v2", Priority: "LowPriority", MinNodes: 9, MaxNodes: 9}, "minNodes", RuleQuota},
	} {
		errs := c.CheckCluster(tc.spec)
		if tc.field == "" {
			if errs != nil {
				t.Errorf("%s: %v", name, errs)
			}
			continue
		}
		if len(errs) != 1 || errs[0].Field != tc.field || errs[0].Rule != tc.rule {
			t.Errorf("%s: %v", name, errs)
		}
	}
	errs := c.CheckCluster(ClusterSpec{VMSize: "Standard_DS3_v2", MinNodes: 3, MaxNodes: 4})
	if msg := errs[0].Message; !strings.Contains(msg, "12 vCPUs") || !strings.Contains(msg, "Total Cluster Dedicated Regional vCPUs has 10 left (14 of 24 in use)") {
		t.Errorf("quota message: %s", msg)
	}
}

func TestCapacityRecordedCatalogue(t *testing.T) {
	var sizes armmachinelearning.VirtualMachineSizeListResult
	if err := json.Unmarshal([]byte(readRecording(t, "Get-AzMLServiceVMSize.Recording.json")[0].RespBody), &sizes); err != nil {
		t.Fatal(err)
	}
	t4 := "Standard NCASv3_T4 Family Cluster Dedicated vCPUs"
	c := Capacity{Sizes: sizes.Value, Usages: []*armmachinelearning.Usage{
		usage("Microsoft.MachineLearningServices/vmFamily/usages", "/subscriptions/s/usages/Standard_NCASv3_T4_Family_Cluster_Dedicated_vCPUs", t4, 0, 4),
	}}
	var t4Size string
	for _, s := range sizes.Value {
		if str(s.Family) == "Standard NCASv3_T4 Family" && s.VCPUs != nil && *s.VCPUs == 8 {
			t4Size = strings.ToUpper(str(s.Name))
		}
	}
	if t4Size == "" {
		t.Fatal("no 8-vCPU NCASv3_T4 size in the recorded catalogue")
	}
	errs := c.CheckCluster(ClusterSpec{VMSize: t4Size, MinNodes: 1, MaxNodes: 2})
	if len(errs) != 1 || errs[0].Rule != RuleQuota {
		t.Errorf("family with spaces and underscores: %v", errs)
	}
	if errs := c.CheckInstance(InstanceSpec{VMSize: t4Size}); len(errs) != 1 || errs[0].Rule != RuleQuota || errs[0].Field != "vmSize" {
		t.Errorf("instance over quota: %v", errs)
	}
	if errs := c.CheckInstance(InstanceSpec{VMSize: "standard_ds3_v2"}); errs != nil {
		t.Errorf("instance size: %v", errs)
	}
}

func TestCapacityComputeTypesAndPriority(t *testing.T) {
	mir := "MIR"
	name, family := "Standard_X1", "standardXFamily"
	no := false
	vcpus := int32(2)
	c := Capacity{Sizes: []*armmachinelearning.VirtualMachineSize{
		{Name: &name, Family: &family, VCPUs: &vcpus, LowPriorityCapable: &no, SupportedComputeTypes: []*string{&mir}},
	}}
	if errs := c.CheckCluster(ClusterSpec{VMSize: name, MaxNodes: 1}); len(errs) != 1 || errs[0].Rule != RuleAvailable {
		t.Errorf("size not for AmlCompute: %v", errs)
	}
	c.Sizes[0].SupportedComputeTypes = nil
	if errs := c.CheckCluster(ClusterSpec{VMSize: name, Priority: "lowpriority", MaxNodes: 1}); len(errs) != 1 || errs[0].Field != "priority" {
		t.Errorf("low priority on an incapable size: %v", errs)
	}
	if errs := c.CheckCluster(ClusterSpec{MaxNodes: 1}); errs != nil {
		t.Errorf("empty size is Validate's job: %v", errs)
	}
}
