// Package uitest is the console's test kit: fixtures decoded from ../shared/fixtures, a fake
// Workspace that fails the test when called from Update or View, and a driver that runs the
// root model's commands synchronously with timers fired by hand.
package uitest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// RepoRoot walks up from the working directory to go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Fixture is the path of a file under ../shared/fixtures.
func Fixture(t testing.TB, rel string) string {
	t.Helper()
	return filepath.Join(RepoRoot(t), "..", "shared", "fixtures", filepath.FromSlash(rel))
}

func readJSON(t testing.TB, rel string, v any) {
	t.Helper()
	b, err := os.ReadFile(Fixture(t, rel))
	if err != nil {
		t.Fatalf("reading fixture: %v", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decoding fixture %s: %v", rel, err)
	}
}

// example decodes the 200 body of a REST example into v.
func example(t testing.TB, rel string, v any) {
	t.Helper()
	var ex struct {
		Responses map[string]struct {
			Body json.RawMessage `json:"body"`
		} `json:"responses"`
	}
	readJSON(t, "rest-examples/2024-04-01/"+rel, &ex)
	if err := json.Unmarshal(ex.Responses["200"].Body, v); err != nil {
		t.Fatalf("decoding example %s: %v", rel, err)
	}
}

// recording returns the response bodies of a recording, in request order.
func recording(t testing.TB, file string) []string {
	t.Helper()
	var rec map[string]struct {
		Response struct {
			Content *string `json:"Content"`
		} `json:"Response"`
	}
	readJSON(t, "azure-recordings/"+file, &rec)
	keys := make([]string, 0, len(rec))
	for k := range rec {
		keys = append(keys, k)
	}
	// Keys end with the request's position; the order only matters for picking by name.
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if c := rec[k].Response.Content; c != nil {
			out = append(out, *c)
		}
	}
	return out
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
	for _, body := range recording(t, "Get-AzMLWorkspaceCompute.Recording.json") {
		var list struct {
			Value []*armmachinelearning.ComputeResource `json:"value"`
		}
		if err := json.Unmarshal([]byte(body), &list); err == nil {
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
