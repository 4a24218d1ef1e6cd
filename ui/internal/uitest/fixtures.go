// Package uitest is the console's test kit: fixtures decoded from ../shared/fixtures, a fake
// Workspace that fails the test when called from Update or View, and a driver that runs the
// root model's commands synchronously with timers fired by hand.
package uitest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/internal/fixtures"
)

// example decodes the 200 body of a REST example into v.
func example(t testing.TB, rel string, v any) {
	t.Helper()
	if err := json.Unmarshal(fixtures.ExampleBody(t, rel, "200"), v); err != nil {
		t.Fatalf("decoding example %s: %v", rel, err)
	}
}

// Computes is the test workspace's computes: the recorded list (a cluster and an instance),
// the REST examples' cluster, instance, Kubernetes and AKS computes (renamed apart), and one
// failed cluster built here with provisioning errors.
func Computes(t testing.TB) []*armmachinelearning.ComputeResource {
	t.Helper()
	var out []*armmachinelearning.ComputeResource
	seen := map[string]bool{}
	add := func(r *armmachinelearning.ComputeResource) {
		if r != nil && r.Name != nil && !seen[*r.Name] {
			seen[*r.Name] = true
			out = append(out, r)
		}
	}
	for _, e := range fixtures.ReadRecording(t, "Get-AzMLWorkspaceCompute.Recording.json") {
		var list struct {
			Value []*armmachinelearning.ComputeResource `json:"value"`
		}
		if err := json.Unmarshal([]byte(e.RespBody), &list); err == nil {
			for _, r := range list.Value {
				add(r)
			}
		}
	}
	// The REST examples all call their compute "compute123"; each gets a name of its own.
	for _, ex := range []struct{ file, name string }{
		{"AmlCompute.json", "example-cluster"},
		{"ComputeInstance.json", "example-instance"},
		{"KubernetesCompute.json", "example-kubernetes"},
		{"AKSCompute.json", "example-aks"},
	} {
		var r armmachinelearning.ComputeResource
		example(t, "Compute/get/"+ex.file, &r)
		r.Name = ptr(ex.name)
		add(&r)
	}
	add(FailedCluster())
	return out
}

// FailedCluster is a cluster whose creation failed, with the service's errors.
func FailedCluster() *armmachinelearning.ComputeResource {
	created := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	return &armmachinelearning.ComputeResource{
		Name:     ptr("gpu-broken"),
		Location: ptr("eastus"),
		Properties: &armmachinelearning.AmlCompute{
			ComputeType:       ptr(armmachinelearning.ComputeTypeAmlCompute),
			ProvisioningState: ptr(armmachinelearning.ProvisioningStateFailed),
			CreatedOn:         &created,
			ProvisioningErrors: []*armmachinelearning.ErrorResponse{{Error: &armmachinelearning.ErrorDetail{
				Code:    ptr("QuotaExceeded"),
				Message: ptr("Operation could not be completed as it results in exceeding approved standardNCSv3Family Cores quota."),
			}}},
			Properties: &armmachinelearning.AmlComputeProperties{
				VMSize:     ptr("Standard_NC6s_v3"),
				VMPriority: ptr(armmachinelearning.VMPriorityLowPriority),
				ScaleSettings: &armmachinelearning.ScaleSettings{
					MinNodeCount: ptr[int32](0),
					MaxNodeCount: ptr[int32](4),
				},
			},
		},
	}
}

// Nodes is the listNodes example.
func Nodes(t testing.TB) []*armmachinelearning.AmlComputeNodeInformation {
	t.Helper()
	var body struct {
		Nodes []*armmachinelearning.AmlComputeNodeInformation `json:"nodes"`
	}
	example(t, "Compute/listNodes.json", &body)
	return body.Nodes
}

// Workspace is the recorded workspace GET.
func Workspace(t testing.TB) *armmachinelearning.Workspace {
	t.Helper()
	var w armmachinelearning.Workspace
	example(t, "Workspace/get.json", &w)
	return &w
}

// Workspaces is the listByResourceGroup example.
func Workspaces(t testing.TB) []*armmachinelearning.Workspace {
	t.Helper()
	var body struct {
		Value []*armmachinelearning.Workspace `json:"value"`
	}
	example(t, "Workspace/listByResourceGroup.json", &body)
	return body.Value
}

func ptr[T any](v T) *T { return &v }

// Resizing returns a copy of a cluster resizing toward target nodes.
func Resizing(r *armmachinelearning.ComputeResource, target int32) *armmachinelearning.ComputeResource {
	cp := *r
	aml, ok := r.Properties.(*armmachinelearning.AmlCompute)
	if !ok || aml.Properties == nil {
		return &cp
	}
	props := *aml.Properties
	props.AllocationState = ptr(armmachinelearning.AllocationStateResizing)
	props.TargetNodeCount = ptr(target)
	amlCopy := *aml
	amlCopy.Properties = &props
	cp.Properties = &amlCopy
	return &cp
}
