package runs

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/compute"
)

func decodeJob(t *testing.T, raw []byte) *armmachinelearning.JobBase {
	t.Helper()
	var j armmachinelearning.JobBase
	if err := json.Unmarshal(raw, &j); err != nil {
		t.Fatal(err)
	}
	return &j
}

func TestSummarizeRecordedJob(t *testing.T) {
	bodies := recordedBodies(t, "Get-AzMLWorkspaceJob.Recording.json")
	var list armmachinelearning.JobBaseResourceArmPaginatedResult
	if err := json.Unmarshal(bodies[0], &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Value) != 1 {
		t.Fatalf("%d jobs in the list", len(list.Value))
	}
	want := Summary{
		Name:          "commandjob01",
		DisplayName:   "commandJob01",
		Type:          "Command",
		Status:        StatusCompleted,
		Health:        compute.HealthOK,
		ComputeID:     "/subscriptions/9e223dbe-3399-4e19-88eb-0975f02ac87f/resourceGroups/ml-psh-test/providers/Microsoft.MachineLearningServices/workspaces/mlworkspace-test1/computes/commandjobcompute",
		ComputeName:   "commandjobcompute",
		Experiment:    "jobexperiment",
		InstanceCount: 1,
		CreatedOn:     time.Date(2024, 7, 24, 8, 48, 40, 823494300, time.UTC),
		CreatedBy:     "Joyer Jin (Wicresoft North America Ltd)",
		StartTime:     time.Date(2024, 7, 24, 8, 48, 48, 0, time.UTC),
		EndTime:       time.Date(2024, 7, 24, 8, 49, 55, 0, time.UTC),
		Duration:      67 * time.Second,
		StudioURL:     "https://ml.azure.com/runs/commandjob01?wsid=/subscriptions/9e223dbe-3399-4e19-88eb-0975f02ac87f/resourcegroups/ml-psh-test/workspaces/mlworkspace-test1",
	}
	if got := Summarize(list.Value[0]); got != want {
		t.Errorf("list item\n got %+v\nwant %+v", got, want)
	}
	if got := Summarize(decodeJob(t, bodies[1])); got != want {
		t.Errorf("get\n got %+v\nwant %+v", got, want)
	}
	if got, err := SummarizeJSON(bodies[1]); err != nil || got != want {
		t.Errorf("SummarizeJSON\n got %+v, %v\nwant %+v", got, err, want)
	}
	if e := want.Elapsed(time.Now()); e != 67*time.Second {
		t.Errorf("Elapsed of a finished job = %v", e)
	}
}

func TestSummarizeJobExamples(t *testing.T) {
	for _, tc := range []struct {
		file, typ string
		count     int
	}{
		{"Job/CommandJob/get.json", "Command", 1},
		{"Job/SweepJob/get.json", "Sweep", 0},
		{"Job/PipelineJob/get.json", "Pipeline", 0},
	} {
		s := Summarize(decodeJob(t, exampleBody(t, tc.file, "200")))
		if s.Type != tc.typ || s.Status != StatusNotStarted || s.Health != compute.HealthTransitional ||
			s.InstanceCount != tc.count || s.ComputeName != "string" || s.Error != "string" ||
			s.CreatedOn != time.Date(2020, 1, 1, 12, 34, 56, 999000000, time.UTC) || !s.StartTime.IsZero() {
			t.Errorf("%s: %+v", tc.file, s)
		}
	}
	for _, file := range []string{"Job/CommandJob/list.json", "Job/SweepJob/list.json"} {
		var list armmachinelearning.JobBaseResourceArmPaginatedResult
		if err := json.Unmarshal(exampleBody(t, file, "200"), &list); err != nil {
			t.Fatal(err)
		}
		for _, j := range list.Value {
			if s := Summarize(j); s.Name != "string" || s.Status != StatusNotStarted {
				t.Errorf("%s: %+v", file, s)
			}
		}
	}
}

func TestSummarizeJSONReadsParent(t *testing.T) {
	raw := []byte(`{"name":"sweep1_2","properties":{"jobType":"Command","status":"Running","parentJobName":"sweep1",
		"computeId":"azureml:gpu-cluster","properties":{"StartTimeUtc":"2026-01-02T03:04:05Z"}}}`)
	s, err := SummarizeJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	if s.Parent != "sweep1" || s.ComputeName != "gpu-cluster" || s.Health != compute.HealthOK || s.Duration != 0 {
		t.Errorf("%+v", s)
	}
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if s.StartTime != start || s.Elapsed(start.Add(90*time.Second)) != 90*time.Second || s.Elapsed(start.Add(-time.Hour)) != 0 {
		t.Errorf("times: %+v", s)
	}
	if _, err := SummarizeJSON([]byte(`{`)); err == nil {
		t.Error("bad JSON accepted")
	}
	bag := decodeJob(t, []byte(`{"name":"step","properties":{"jobType":"Command","properties":{"parentJobName":"pipe"}}}`))
	if Summarize(bag).Parent != "pipe" {
		t.Error("parent in the property bag ignored")
	}
}

func TestSummarizeJobNulls(t *testing.T) {
	for name, j := range map[string]*armmachinelearning.JobBase{
		"nil":            nil,
		"empty":          {},
		"nil properties": {Properties: &armmachinelearning.CommandJob{}},
		"nil maps": {Properties: &armmachinelearning.SweepJob{Services: map[string]*armmachinelearning.JobService{"Studio": nil, "x": {}}},
			SystemData: &armmachinelearning.SystemData{}},
		"bad times": {Properties: &armmachinelearning.CommandJob{Properties: map[string]*string{
			"StartTimeUtc": ptr("yesterday"), "EndTimeUtc": nil}}},
		"end before start": {Properties: &armmachinelearning.CommandJob{Properties: map[string]*string{
			"StartTimeUtc": ptr("2024-07-24 08:49:55"), "EndTimeUtc": ptr("2024-07-24 08:48:48")}}},
	} {
		s := Summarize(j)
		if s.Duration != 0 || s.Error != "" || s.Health != compute.HealthUnknown {
			t.Errorf("%s: %+v", name, s)
		}
	}
}

func ptr(s string) *string { return &s }

func TestComputeName(t *testing.T) {
	for in, want := range map[string]string{
		"": "",
		"/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/cpu": "cpu",
		"/subscriptions/s/resourcegroups/rg/providers/microsoft.machinelearningservices/workspaces/ws/COMPUTES/Gpu": "Gpu",
		"azureml:cpu-cluster": "cpu-cluster",
		"cpu-cluster":         "cpu-cluster",
	} {
		if got := ComputeName(in); got != want {
			t.Errorf("ComputeName(%q) = %q, want %q", in, got, want)
		}
	}
}
