package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/amlconsole/amlconsole/emulator/trainer"
)

// TestMain makes the test binary double as the built-in trainer: jobs in these tests run
// `AMLCONSOLE_TEST_TRAINER=1 '<test binary>' --epochs ...`, as the real binary runs
// `amlconsole __trainer ...`.
func TestMain(m *testing.M) {
	if os.Getenv("AMLCONSOLE_TEST_TRAINER") == "1" {
		os.Exit(trainer.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// testTrainerCommand is the shell prefix that runs the trainer from this test binary.
func testTrainerCommand() string {
	return "AMLCONSOLE_TEST_TRAINER=1 '" + os.Args[0] + "'"
}

// jobTestSpeed is the speed factor of the job simulation tests.
const jobTestSpeed = 200

// startJobEmulator starts an empty emulator with the test trainer and fast simulation.
func startJobEmulator(t *testing.T, tweak func(*Options)) *Server {
	t.Helper()
	opts := Options{Seed: "empty", Speed: jobTestSpeed, TrainerCommand: testTrainerCommand(), DataDir: t.TempDir()}
	if tweak != nil {
		tweak(&opts)
	}
	srv, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() {
		if err := closeJobEmulator(srv); err != nil {
			t.Errorf("closing the emulator: %v", err)
		}
	})
	return srv
}

// closeJobEmulator closes srv and makes sure no job process outlives it (Close calls
// shutdownJobs; calling it again is harmless).
func closeJobEmulator(srv *Server) error {
	err := srv.Close()
	srv.world.shutdownJobs()
	return err
}

// jobsURL is the emulator URL of a path under the workspace.
func jobsURL(srv *Server, rel string) string {
	i := srv.Info()
	return i.Endpoint + "/subscriptions/" + i.Subscription + "/resourceGroups/" + i.ResourceGroup +
		"/providers/Microsoft.MachineLearningServices/workspaces/" + i.Workspace + rel
}

// jcall sends an authenticated request and decodes a JSON answer into out (when not nil).
func jcall(t *testing.T, srv *Server, method, url string, body any, out any) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	if !strings.Contains(url, "api-version=") && strings.Contains(url, "/subscriptions/") && !strings.Contains(url, "/history/") {
		sep := "?"
		if strings.Contains(url, "?") {
			sep = "&"
		}
		url += sep + "api-version=2024-04-01"
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer test-token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: decoding %q: %v", method, url, data, err)
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return resp
}

// jbody is a response's body, for failure messages.
func jbody(resp *http.Response) string {
	b, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return string(b)
}

// jobCluster creates an AmlCompute cluster through ARM and waits until it succeeded.
func jobCluster(t *testing.T, srv *Server, name string, maxNodes int, priority string) {
	t.Helper()
	body := map[string]any{"location": srv.Info().Location, "properties": map[string]any{
		"computeType": "AmlCompute",
		"properties": map[string]any{
			"vmSize": "Standard_DS3_v2", "vmPriority": priority,
			"scaleSettings": map[string]any{"minNodeCount": 0, "maxNodeCount": maxNodes, "nodeIdleTimeBeforeScaleDown": "PT2M"},
		},
	}}
	resp := jcall(t, srv, "PUT", jobsURL(srv, "/computes/"+name), body, nil)
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		t.Fatalf("creating cluster %s: %d %s", name, resp.StatusCode, jbody(resp))
	}
	jwait(t, "cluster "+name+" provisioned", func() (bool, string) {
		var c struct {
			Properties struct {
				ProvisioningState string `json:"provisioningState"`
			} `json:"properties"`
		}
		jcall(t, srv, "GET", jobsURL(srv, "/computes/"+name), nil, &c)
		return c.Properties.ProvisioningState == "Succeeded", c.Properties.ProvisioningState
	})
}

// jwait polls cond until it holds, failing after a generous timeout with cond's last note.
func jwait(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		ok, note := cond()
		if ok {
			return
		}
		last = note
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s (last: %s)", what, last)
}

// commandJob is a PUT body of a command job on compute.
func commandJob(compute, command string, extra map[string]any) map[string]any {
	props := map[string]any{
		"jobType": "Command", "computeId": compute, "command": command,
		"environmentId": "azureml:emulator-env:1",
	}
	for k, v := range extra {
		props[k] = v
	}
	return map[string]any{"properties": props}
}

// testArmJob is the part of a job resource the tests read.
type testArmJob struct {
	Name       string `json:"name"`
	Properties struct {
		Status        string `json:"status"`
		ComputeID     string `json:"computeId"`
		ParentJobName string `json:"parentJobName"`
	} `json:"properties"`
}

// jobStatus reads a job's status through ARM.
func jobStatus(t *testing.T, srv *Server, name string) string {
	var j testArmJob
	jcall(t, srv, "GET", jobsURL(srv, "/jobs/"+name), nil, &j)
	return j.Properties.Status
}

// waitJobStatus waits for a job to reach status.
func waitJobStatus(t *testing.T, srv *Server, name, status string) {
	t.Helper()
	jwait(t, "job "+name+" "+status, func() (bool, string) {
		s := jobStatus(t, srv, name)
		return s == status, s
	})
}

// testRunDetails is the part of run details the tests read.
type testRunDetails struct {
	RunID       string            `json:"runId"`
	Status      string            `json:"status"`
	ParentRunID string            `json:"parentRunId"`
	LogFiles    map[string]string `json:"logFiles"`
	Warnings    []runWarning      `json:"warnings"`
	StartTime   *string           `json:"startTimeUtc"`
	EndTime     *string           `json:"endTimeUtc"`
	Error       *struct {
		Error runError `json:"error"`
	} `json:"error"`
}

func runDetailsOf(t *testing.T, srv *Server, run string) testRunDetails {
	t.Helper()
	var d testRunDetails
	resp := jcall(t, srv, "GET", srv.world.historyRunURL(run)+"/details", nil, &d)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("run details of %s: %d %s", run, resp.StatusCode, jbody(resp))
	}
	return d
}

// readLogURL downloads a log through its SAS URL.
func readLogURL(t *testing.T, srv *Server, u string) string {
	t.Helper()
	resp, err := srv.HTTPClient().Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET log: %d %s", resp.StatusCode, b)
	}
	return string(b)
}

// historyRunURL is the run-history URL of a run of w's workspace.
func (w *world) historyRunURL(run string) string {
	return w.endpoint + "/history/v1.0/subscriptions/" + w.sub + "/resourceGroups/" + w.rg +
		"/providers/Microsoft.MachineLearningServices/workspaces/" + w.ws + "/runs/" + url.PathEscape(run)
}
