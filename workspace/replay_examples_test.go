package workspace

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// restExample is one file of Microsoft's REST examples.
type restExample struct {
	Parameters map[string]json.RawMessage `json:"parameters"`
	Responses  map[string]struct {
		Body json.RawMessage `json:"body"`
	} `json:"responses"`
}

// exampleModels says which SDK model each example's request and response bodies are. request
// names the parameter holding the request body ("" when there is none); response builds the
// model for a response body (nil for bodiless answers); check tests key fields.
type exampleModel struct {
	request  string
	newReq   func() any
	response func() any
	check    func(t *testing.T, parsed any)
}

func computeModel(check func(*testing.T, *armmachinelearning.ComputeResource)) exampleModel {
	return exampleModel{
		request: "parameters", newReq: func() any { return new(armmachinelearning.ComputeResource) },
		response: func() any { return new(armmachinelearning.ComputeResource) },
		check:    func(t *testing.T, v any) { check(t, v.(*armmachinelearning.ComputeResource)) },
	}
}

func getComputeModel(check func(*testing.T, *armmachinelearning.ComputeResource)) exampleModel {
	m := computeModel(check)
	m.request, m.newReq = "", nil
	return m
}

func jobModel(request bool, check func(*testing.T, *armmachinelearning.JobBase)) exampleModel {
	m := exampleModel{
		response: func() any { return new(armmachinelearning.JobBase) },
		check:    func(t *testing.T, v any) { check(t, v.(*armmachinelearning.JobBase)) },
	}
	if request {
		m.request, m.newReq = "body", func() any { return new(armmachinelearning.JobBase) }
	}
	return m
}

func computeType[T armmachinelearning.ComputeClassification](t *testing.T, r *armmachinelearning.ComputeResource) T {
	t.Helper()
	v, ok := r.Properties.(T)
	if !ok {
		var want T
		t.Fatalf("compute %s parsed as %T, want %T", deref(r.Name), r.Properties, want)
	}
	return v
}

func jobType[T armmachinelearning.JobBasePropertiesClassification](t *testing.T, j *armmachinelearning.JobBase) T {
	t.Helper()
	v, ok := j.Properties.(T)
	if !ok {
		var want T
		t.Fatalf("job %s parsed as %T, want %T", deref(j.Name), j.Properties, want)
	}
	return v
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

var exampleModels = map[string]exampleModel{
	"Compute/createOrUpdate/AKSCompute.json": computeModel(func(t *testing.T, r *armmachinelearning.ComputeResource) {
		computeType[*armmachinelearning.AKS](t, r)
	}),
	"Compute/createOrUpdate/AmlCompute.json": computeModel(func(t *testing.T, r *armmachinelearning.ComputeResource) {
		computeType[*armmachinelearning.AmlCompute](t, r)
	}),
	"Compute/createOrUpdate/ComputeInstance.json": computeModel(func(t *testing.T, r *armmachinelearning.ComputeResource) {
		computeType[*armmachinelearning.ComputeInstance](t, r)
	}),
	"Compute/createOrUpdate/ComputeInstanceMinimal.json": computeModel(func(t *testing.T, r *armmachinelearning.ComputeResource) {
		computeType[*armmachinelearning.ComputeInstance](t, r)
	}),
	"Compute/createOrUpdate/ComputeInstanceWithSchedules.json": computeModel(func(t *testing.T, r *armmachinelearning.ComputeResource) {
		computeType[*armmachinelearning.ComputeInstance](t, r)
	}),
	"Compute/createOrUpdate/KubernetesCompute.json": computeModel(func(t *testing.T, r *armmachinelearning.ComputeResource) {
		computeType[*armmachinelearning.Kubernetes](t, r)
	}),
	"Compute/delete.json": {},
	"Compute/get/AKSCompute.json": getComputeModel(func(t *testing.T, r *armmachinelearning.ComputeResource) {
		computeType[*armmachinelearning.AKS](t, r)
	}),
	"Compute/get/AmlCompute.json": getComputeModel(func(t *testing.T, r *armmachinelearning.ComputeResource) {
		aml := computeType[*armmachinelearning.AmlCompute](t, r)
		p := aml.Properties
		if p == nil || p.ScaleSettings == nil || p.ScaleSettings.MaxNodeCount == nil || p.NodeStateCounts == nil || p.AllocationState == nil {
			t.Errorf("AmlCompute scale settings, node counts or allocation state missing: %+v", p)
		}
	}),
	"Compute/get/ComputeInstance.json": getComputeModel(func(t *testing.T, r *armmachinelearning.ComputeResource) {
		ci := computeType[*armmachinelearning.ComputeInstance](t, r)
		if ci.Properties == nil || ci.Properties.State == nil || ci.Properties.VMSize == nil {
			t.Errorf("instance state or size missing: %+v", ci.Properties)
		}
	}),
	"Compute/get/KubernetesCompute.json": getComputeModel(func(t *testing.T, r *armmachinelearning.ComputeResource) {
		computeType[*armmachinelearning.Kubernetes](t, r)
	}),
	"Compute/list.json": {
		response: func() any { return new(armmachinelearning.PaginatedComputeResourcesList) },
		check: func(t *testing.T, v any) {
			l := v.(*armmachinelearning.PaginatedComputeResourcesList)
			if len(l.Value) == 0 || l.NextLink == nil {
				t.Errorf("compute list: %d items, nextLink %v", len(l.Value), l.NextLink)
			}
		},
	},
	"Compute/listKeys.json": {
		response: func() any { return new(armmachinelearning.ComputeClientListKeysResponse) },
		check: func(t *testing.T, v any) {
			if _, ok := v.(*armmachinelearning.ComputeClientListKeysResponse).ComputeSecretsClassification.(*armmachinelearning.AksComputeSecrets); !ok {
				t.Errorf("listKeys parsed as %T, want AKS secrets", v)
			}
		},
	},
	"Compute/listNodes.json": {
		response: func() any { return new(armmachinelearning.AmlComputeNodesInformation) },
		check: func(t *testing.T, v any) {
			n := v.(*armmachinelearning.AmlComputeNodesInformation)
			if len(n.Nodes) == 0 || n.Nodes[0].NodeID == nil || n.Nodes[0].NodeState == nil {
				t.Errorf("nodes: %+v", n.Nodes)
			}
		},
	},
	"Compute/patch.json": {
		request: "parameters", newReq: func() any { return new(armmachinelearning.ClusterUpdateParameters) },
		response: func() any { return new(armmachinelearning.ComputeResource) },
		check: func(t *testing.T, v any) {
			r := v.(*armmachinelearning.ComputeResource)
			if deref(r.Properties.GetCompute().ProvisioningState) != armmachinelearning.ProvisioningStateUpdating {
				t.Errorf("patched compute state %v", deref(r.Properties.GetCompute().ProvisioningState))
			}
		},
	},
	"Compute/stop.json": {},
	"Job/CommandJob/createOrUpdate.json": jobModel(true, func(t *testing.T, j *armmachinelearning.JobBase) {
		cmd := jobType[*armmachinelearning.CommandJob](t, j)
		if cmd.Command == nil || cmd.EnvironmentID == nil {
			t.Errorf("command job without command or environment: %+v", cmd)
		}
	}),
	"Job/CommandJob/get.json": jobModel(false, func(t *testing.T, j *armmachinelearning.JobBase) {
		jobType[*armmachinelearning.CommandJob](t, j)
	}),
	"Job/CommandJob/list.json": {
		response: func() any { return new(armmachinelearning.JobBaseResourceArmPaginatedResult) },
		check: func(t *testing.T, v any) {
			l := v.(*armmachinelearning.JobBaseResourceArmPaginatedResult)
			if len(l.Value) == 0 {
				t.Fatal("empty job list")
			}
			jobType[*armmachinelearning.CommandJob](t, l.Value[0])
		},
	},
	"Job/PipelineJob/createOrUpdate.json": jobModel(true, func(t *testing.T, j *armmachinelearning.JobBase) {
		jobType[*armmachinelearning.PipelineJob](t, j)
	}),
	"Job/PipelineJob/get.json": jobModel(false, func(t *testing.T, j *armmachinelearning.JobBase) {
		jobType[*armmachinelearning.PipelineJob](t, j)
	}),
	"Job/SweepJob/createOrUpdate.json": jobModel(true, func(t *testing.T, j *armmachinelearning.JobBase) {
		sweep := jobType[*armmachinelearning.SweepJob](t, j)
		if sweep.Objective == nil || sweep.SamplingAlgorithm == nil || sweep.Trial == nil {
			t.Errorf("sweep without objective, sampling or trial: %+v", sweep)
		}
	}),
	"Job/SweepJob/get.json": jobModel(false, func(t *testing.T, j *armmachinelearning.JobBase) {
		jobType[*armmachinelearning.SweepJob](t, j)
	}),
	"Job/SweepJob/list.json": {
		response: func() any { return new(armmachinelearning.JobBaseResourceArmPaginatedResult) },
		check: func(t *testing.T, v any) {
			l := v.(*armmachinelearning.JobBaseResourceArmPaginatedResult)
			if len(l.Value) == 0 {
				t.Fatal("empty job list")
			}
			jobType[*armmachinelearning.SweepJob](t, l.Value[0])
		},
	},
	"Job/delete.json": {},
	"Quota/update.json": {
		request: "parameters", newReq: func() any { return new(armmachinelearning.QuotaUpdateParameters) },
		response: func() any { return new(armmachinelearning.UpdateWorkspaceQuotasResult) },
		check: func(t *testing.T, v any) {
			if r := v.(*armmachinelearning.UpdateWorkspaceQuotasResult); len(r.Value) == 0 || r.Value[0].Status == nil {
				t.Errorf("quota update result: %+v", r.Value)
			}
		},
	},
	"Usage/list.json": {
		response: func() any { return new(armmachinelearning.ListUsagesResult) },
		check: func(t *testing.T, v any) {
			u := v.(*armmachinelearning.ListUsagesResult)
			if len(u.Value) == 0 || u.Value[0].CurrentValue == nil || u.Value[0].Limit == nil || u.Value[0].Name == nil {
				t.Errorf("usages: %+v", u.Value)
			}
		},
	},
	"VirtualMachineSize/list.json": {
		response: func() any { return new(armmachinelearning.VirtualMachineSizeListResult) },
		check: func(t *testing.T, v any) {
			s := v.(*armmachinelearning.VirtualMachineSizeListResult)
			if len(s.Value) == 0 || s.Value[0].VCPUs == nil || s.Value[0].Family == nil {
				t.Errorf("vm sizes: %+v", s.Value)
			}
		},
	},
	"Workspace/get.json": {
		response: func() any { return new(armmachinelearning.Workspace) },
		check: func(t *testing.T, v any) {
			w := v.(*armmachinelearning.Workspace)
			if w.Location == nil || w.Properties == nil || w.Properties.DiscoveryURL == nil {
				t.Errorf("workspace without location or discoveryUrl: %+v", w)
			}
		},
	},
	"Workspace/listByResourceGroup.json": {
		response: func() any { return new(armmachinelearning.WorkspaceListResult) },
		check: func(t *testing.T, v any) {
			if l := v.(*armmachinelearning.WorkspaceListResult); len(l.Value) == 0 {
				t.Error("empty workspace list")
			}
		},
	},
}

// remarshalModel re-marshals a parsed model; a listKeys answer is its embedded secrets.
func remarshalModel(t *testing.T, v any) any {
	if k, ok := v.(*armmachinelearning.ComputeClientListKeysResponse); ok {
		return remarshal(t, k.ComputeSecretsClassification)
	}
	return remarshal(t, v)
}

// TestRESTExamplesParse unmarshals every example's request and response bodies into the SDK
// models, checks key fields and that re-marshalling keeps every field the example has.
func TestRESTExamplesParse(t *testing.T) {
	root := replayFixtures(t, "rest-examples", "2024-04-01")
	var files []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			rel, _ := filepath.Rel(root, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("no REST examples under %s: %v", root, err)
	}
	sort.Strings(files)
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			model, ok := exampleModels[name]
			if !ok {
				t.Fatalf("no model mapping for example %s", name)
			}
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			var ex restExample
			if err := json.Unmarshal(data, &ex); err != nil {
				t.Fatal(err)
			}
			if model.request != "" {
				body, ok := ex.Parameters[model.request]
				if !ok {
					t.Fatalf("example has no request body under parameters.%s", model.request)
				}
				req := model.newReq()
				if err := json.Unmarshal(body, req); err != nil {
					t.Fatalf("request body: %v", err)
				}
				if lost := missingFields(decodeJSON(t, body), remarshalModel(t, req), "", nil); len(lost) > 0 {
					t.Errorf("request body fields lost: %s", strings.Join(uniqueSorted(lost), ", "))
				}
			}
			for status, resp := range ex.Responses {
				if len(resp.Body) == 0 || string(resp.Body) == "null" {
					if model.response != nil && status != "202" && status != "204" {
						t.Errorf("response %s has no body", status)
					}
					continue
				}
				if model.response == nil {
					t.Fatalf("response %s has a body but no model", status)
				}
				parsed := model.response()
				if err := json.Unmarshal(resp.Body, parsed); err != nil {
					t.Fatalf("response %s: %v", status, err)
				}
				if lost := missingFields(decodeJSON(t, resp.Body), remarshalModel(t, parsed), "", nil); len(lost) > 0 {
					t.Errorf("response %s fields lost: %s", status, strings.Join(uniqueSorted(lost), ", "))
				}
				if model.check != nil {
					model.check(t, parsed)
				}
			}
		})
	}
}
