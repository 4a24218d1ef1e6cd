package compute

import (
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

func TestSummarizeRecordedList(t *testing.T) {
	list := recordedComputes(t, "Get-AzMLWorkspaceCompute.Recording.json")
	if len(list) < 2 {
		t.Fatalf("got %d computes from the list recording", len(list))
	}
	cluster := Summarize(list[0])
	want := Summary{
		Name:              "batch-cluster",
		Kind:              KindCluster,
		ComputeType:       "AmlCompute",
		ProvisioningState: "Succeeded",
		State:             "Steady",
		Health:            HealthOK,
		VMSize:            "STANDARD_DS3_V2",
		Priority:          "Dedicated",
		Location:          "eastus",
		Nodes:             Nodes{Min: 0, Max: 1, Known: true, ScaleKnown: true, StatesKnown: true},
		CreatedOn:         time.Date(2024, 7, 24, 8, 34, 22, 6046900, time.UTC),
		ModifiedOn:        time.Date(2024, 7, 24, 8, 42, 1, 88719700, time.UTC),
	}
	if cluster != want {
		t.Errorf("cluster summary\n got %+v\nwant %+v", cluster, want)
	}

	inst := Summarize(list[1])
	if inst.Name != "jiajicompute1" || inst.Kind != KindInstance || inst.State != "Running" ||
		inst.Health != HealthOK || inst.Identity != "SystemAssigned" || inst.VMSize != "STANDARD_DS3_V2" ||
		inst.Nodes.Known || inst.ErrorCount != 0 {
		t.Errorf("instance summary: %+v", inst)
	}
}

func TestSummarizeRightAfterCreate(t *testing.T) {
	// The PUT answer of the recorded create: counts, priority, allocation state, tags and
	// computeLocation are all null or missing.
	var created *armmachinelearning.ComputeResource
	for _, e := range readRecording(t, "New-AzMLWorkspaceCompute.Recording.json") {
		if e.Method == "PUT" {
			created = decodeCompute(t, []byte(e.RespBody))
			break
		}
	}
	if created == nil {
		t.Fatal("no PUT in the create recording")
	}
	s := Summarize(created)
	if s.State != "Creating" || s.Health != HealthTransitional || s.Priority != "" ||
		s.Nodes.Known || s.Nodes.StatesKnown || !s.Nodes.ScaleKnown || s.Nodes.Max != 8 ||
		s.Location != "eastus" || s.Name != "aml03" {
		t.Errorf("summary right after create: %+v", s)
	}
}

func TestSummarizeNulls(t *testing.T) {
	for name, r := range map[string]*armmachinelearning.ComputeResource{
		"nil resource":     nil,
		"empty resource":   {},
		"nil cluster body": {Properties: &armmachinelearning.AmlCompute{}},
		"nil instance":     {Properties: &armmachinelearning.ComputeInstance{}},
		"nil vm":           {Properties: &armmachinelearning.VirtualMachine{}},
		"nil aks":          {Properties: &armmachinelearning.AKS{}},
		"nil synapse":      {Properties: &armmachinelearning.SynapseSpark{}},
		"empty nested": {Properties: &armmachinelearning.AmlCompute{Properties: &armmachinelearning.AmlComputeProperties{
			ScaleSettings: &armmachinelearning.ScaleSettings{}, NodeStateCounts: &armmachinelearning.NodeStateCounts{},
			Errors: []*armmachinelearning.ErrorResponse{nil, {}},
		}}, Identity: &armmachinelearning.ManagedServiceIdentity{}, SystemData: &armmachinelearning.SystemData{}},
	} {
		t.Run(name, func(t *testing.T) {
			s := Summarize(r)
			if s.ErrorCount != 0 || s.Health == HealthFailed {
				t.Errorf("%+v", s)
			}
		})
	}
}
