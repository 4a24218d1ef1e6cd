package runs

import (
	"strings"
	"testing"

	"github.com/amlconsole/amlconsole/compute"
)

func sectionField(sections []compute.Section, title, label string) (string, bool) {
	for _, s := range sections {
		if s.Title == title {
			for _, f := range s.Fields {
				if f.Label == label {
					return f.Value, true
				}
			}
		}
	}
	return "", false
}

func wantJobField(t *testing.T, d []compute.Section, title, label, want string) {
	t.Helper()
	if got, ok := sectionField(d, title, label); !ok || got != want {
		t.Errorf("%s / %s = %q (present %v), want %q", title, label, got, ok, want)
	}
}

func TestDescribeRecordedJob(t *testing.T) {
	d := Describe(decodeJob(t, recordedBodies(t, "Get-AzMLWorkspaceJob.Recording.json")[1]))
	if d[0].Title != TitleGeneral {
		t.Errorf("first section %q, want General (no errors)", d[0].Title)
	}
	wantJobField(t, d, TitleGeneral, "Name", "commandjob01")
	wantJobField(t, d, TitleGeneral, "Status", "● Completed")
	wantJobField(t, d, TitleGeneral, "Compute", "commandjobcompute")
	wantJobField(t, d, TitleGeneral, "Started", "2024-07-24 08:48:48 UTC")
	wantJobField(t, d, TitleGeneral, "Duration", "1m7s")
	wantJobField(t, d, TitleGeneral, "Created by", "Joyer Jin (Wicresoft North America Ltd)")
	wantJobField(t, d, TitleCommand, "Command", `echo "hello powershell 01"`)
	wantJobField(t, d, TitleCommand, "Instance count", "1")
	wantJobField(t, d, TitleCommand, "Shared memory", "2g")
	wantJobField(t, d, TitleOutputs, "default", "uri_folder azureml://datastores/workspaceartifactstore/ExperimentRun/dcid.commandjob01 (ReadWriteMount)")
	wantJobField(t, d, TitleServices, "Studio", "https://ml.azure.com/runs/commandjob01?wsid=/subscriptions/9e223dbe-3399-4e19-88eb-0975f02ac87f/resourcegroups/ml-psh-test/workspaces/mlworkspace-test1")
	if _, ok := sectionField(d, TitleCommand, "Timeout"); ok {
		t.Error("null timeout shown")
	}
}

func TestDescribeJobExamples(t *testing.T) {
	cmd := Describe(decodeJob(t, exampleBody(t, "Job/CommandJob/get.json", "200")))
	if cmd[0].Title != TitleErrors {
		t.Errorf("errors are not first: %q", cmd[0].Title)
	}
	wantJobField(t, cmd, TitleErrors, "string", "string")
	wantJobField(t, cmd, TitleCommand, "Distribution", "TensorFlow, 1 worker, 1 parameter server")
	wantJobField(t, cmd, TitleCommand, "Timeout", "5 minutes")
	wantJobField(t, cmd, TitleCommand, "Environment variables", "string")
	wantJobField(t, cmd, TitleInputs, "string", "literal string")
	wantJobField(t, cmd, TitleOutputs, "string", "uri_file string (ReadWriteMount)")
	wantJobField(t, cmd, TitleServices, "string", "string port 1 (string)")

	sweep := Describe(decodeJob(t, exampleBody(t, "Job/SweepJob/get.json", "200")))
	wantJobField(t, sweep, TitleSweep, "Sampling", "Grid")
	wantJobField(t, sweep, TitleSweep, "Objective", "Minimize string")
	wantJobField(t, sweep, TitleSweep, "Max trials", "1")
	wantJobField(t, sweep, TitleSweep, "Trial timeout", "1 second")
	wantJobField(t, sweep, TitleSweep, "Early termination", "MedianStopping, evaluated every 1 interval, first after 1")
	wantJobField(t, sweep, TitleSweep, "Distribution", "MPI, 1 process per instance")

	pipe := Describe(decodeJob(t, exampleBody(t, "Job/PipelineJob/get.json", "200")))
	wantJobField(t, pipe, TitleGeneral, "Type", "Pipeline")
	wantJobField(t, pipe, TitleInputs, "string", "literal string")
}

func TestDescribeJobHidesSecrets(t *testing.T) {
	j := decodeJob(t, []byte(`{"name":"j","properties":{"jobType":"Command","command":"python train.py",
	  "environmentVariables":{"HF_TOKEN":"hf_SECRETVALUE"},
	  "services":{"Logs":{"endpoint":"https://a.blob.core.windows.net/l.txt?sv=1&sig=SIGSECRET","errorMessage":"failed reading https://a/b?sig=SIGSECRET2"}}}}`))
	var all strings.Builder
	for _, s := range Describe(j) {
		for _, f := range s.Fields {
			all.WriteString(f.Label + "=" + f.Value + "\n")
		}
	}
	out := all.String()
	for _, secret := range []string{"hf_SECRETVALUE", "SIGSECRET"} {
		if strings.Contains(out, secret) {
			t.Errorf("%s leaked:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "Environment variables=HF_TOKEN") {
		t.Errorf("variable name missing:\n%s", out)
	}
}

func TestDescribeJobNulls(t *testing.T) {
	if Describe(nil) != nil {
		t.Error("Describe(nil) returned sections")
	}
	for _, raw := range []string{`{}`, `{"properties":{"jobType":"Command"}}`, `{"properties":{"jobType":"Sweep","trial":{},"limits":{},"objective":{}}}`,
		`{"properties":{"jobType":"Pipeline","inputs":{"x":null}}}`, `{"properties":{"jobType":"Command","services":{"a":null}}}`} {
		for _, s := range Describe(decodeJob(t, []byte(raw))) {
			for _, f := range s.Fields {
				if f.Value == "" {
					t.Errorf("%s: empty field %s / %s", raw, s.Title, f.Label)
				}
			}
			if len(s.Fields) == 0 {
				t.Errorf("%s: empty section %s", raw, s.Title)
			}
		}
	}
}
