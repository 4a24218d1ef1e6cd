package compute

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// allFixtureComputes decodes every compute resource in the fixtures: the responses and request
// bodies of the Compute REST examples and every compute in the recordings.
func allFixtureComputes(t *testing.T) map[string]*armmachinelearning.ComputeResource {
	t.Helper()
	out := map[string]*armmachinelearning.ComputeResource{}
	root := filepath.Join(fixturesDir(t), "rest-examples", "2024-04-01", "Compute")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(fixturesDir(t), "rest-examples", "2024-04-01"), path)
		ex := readExample(t, filepath.ToSlash(rel))
		bodies := map[string]json.RawMessage{"request": ex.Parameters["parameters"]}
		for status, r := range ex.Responses {
			bodies[status] = r.Body
		}
		for label, body := range bodies {
			var probe struct {
				Properties *struct{ ComputeType string }
			}
			if len(body) == 0 || json.Unmarshal(body, &probe) != nil || probe.Properties == nil || probe.Properties.ComputeType == "" {
				continue
			}
			out[rel+"#"+label] = decodeCompute(t, body)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"Get-AzMLWorkspaceCompute.Recording.json", "New-AzMLWorkspaceCompute.Recording.json"} {
		for i, r := range recordedComputes(t, file) {
			out[fmt.Sprintf("%s#%d", file, i)] = r
		}
	}
	if len(out) < 15 {
		t.Fatalf("only %d fixture computes found", len(out))
	}
	return out
}

// TestEveryFixtureCompute runs every renderer over every compute in the fixtures: none may
// fail, show an empty value, or lose the compute's identity.
func TestEveryFixtureCompute(t *testing.T) {
	for name, r := range allFixtureComputes(t) {
		t.Run(name, func(t *testing.T) {
			s := Summarize(r)
			if s.ComputeType == "" || s.Kind == KindOther {
				t.Errorf("summary lost the type: %+v", s)
			}
			d := Describe(r)
			if len(d) == 0 || d[0].Title != TitleGeneral {
				t.Fatalf("sections: %+v", d)
			}
			for _, sec := range d {
				if len(sec.Fields) == 0 {
					t.Errorf("empty section %q", sec.Title)
				}
				for _, f := range sec.Fields {
					if strings.TrimSpace(f.Value) == "" || f.Label == "" {
						t.Errorf("empty field in %q: %+v", sec.Title, f)
					}
				}
			}
			y, err := ResourceYAML(r)
			if err != nil || !strings.Contains(string(y), "computeType: "+s.ComputeType) {
				t.Errorf("YAML: %v\n%s", err, y)
			}
			j, err := ResourceJSON(r)
			if err != nil || !json.Valid(j) {
				t.Errorf("JSON: %v", err)
			}
		})
	}
}

func TestSummarizeExamples(t *testing.T) {
	for _, tc := range []struct {
		file     string
		kind     Kind
		state    string
		health   Health
		attached bool
		nodes    string
	}{
		{"Compute/get/AmlCompute.json", KindCluster, "Resizing", HealthTransitional, false, "0/1 [0-1]"},
		{"Compute/get/ComputeInstance.json", KindInstance, "Running", HealthOK, false, ""},
		{"Compute/get/AKSCompute.json", KindAKS, "Succeeded", HealthOK, false, ""},
		{"Compute/get/KubernetesCompute.json", KindKubernetes, "Succeeded", HealthOK, true, ""},
		{"Compute/patch.json", KindCluster, "Updating", HealthTransitional, false, ""},
		{"Compute/createOrUpdate/ComputeInstanceMinimal.json", KindInstance, "Creating", HealthTransitional, false, ""},
	} {
		s := Summarize(exampleCompute(t, tc.file, "200"))
		if s.Kind != tc.kind || s.State != tc.state || s.Health != tc.health || s.Attached != tc.attached || s.Nodes.String() != tc.nodes {
			t.Errorf("%s: %+v (nodes %q)", tc.file, s, s.Nodes.String())
		}
	}
}
