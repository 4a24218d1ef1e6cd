package workspace

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// jobJSON is one job as the service lists it.
func jobJSON(name, status, compute, parent string, created time.Time) string {
	parentField := ""
	if parent != "" {
		parentField = fmt.Sprintf(`"parentJobName":%q,`, parent)
	}
	return fmt.Sprintf(`{"name":%q,"properties":{"jobType":"Command","status":%q,%s"computeId":%q},"systemData":{"createdAt":%q}}`,
		name, status, parentField, "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/ws1/computes/"+compute,
		created.Format(time.RFC3339))
}

func TestListJobsFilters(t *testing.T) {
	base := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	page1 := []string{
		jobJSON("a", "Running", "cpu-cluster", "", base),
		jobJSON("b", "Failed", "GPU-Cluster", "", base.Add(time.Hour)),
		jobJSON("sweep_0", "Completed", "gpu-cluster", "sweep", base.Add(2*time.Hour)),
	}
	page2 := []string{
		jobJSON("sweep_1", "Failed", "gpu-cluster", "sweep", base.Add(3*time.Hour)),
		jobJSON("c", "Queued", "cpu-cluster", "", base.Add(4*time.Hour)),
	}
	var mu sync.Mutex
	var queries []string
	var srvURL string
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+armPath("/jobs"), func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("$skip") == "" {
			fmt.Fprintf(w, `{"value":[%s],"nextLink":%q}`, strings.Join(page1, ","), srvURL+armPath("/jobs")+"?api-version=2024-04-01&$skip=tok2")
			return
		}
		fmt.Fprintf(w, `{"value":[%s]}`, strings.Join(page2, ","))
	})
	c, srv := serverClient(t, mux, Options{})
	srvURL = srv.URL
	ctx := context.Background()
	names := func(f JobFilter) string {
		t.Helper()
		jobs, err := c.ListJobs(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, j := range jobs {
			out = append(out, *j.Name)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		name string
		f    JobFilter
		want string
	}{
		{"all pages", JobFilter{}, "a,b,sweep_0,sweep_1,c"},
		{"statuses", JobFilter{Statuses: []armmachinelearning.JobStatus{armmachinelearning.JobStatusFailed, armmachinelearning.JobStatusQueued}}, "b,sweep_1,c"},
		{"compute by name, any case", JobFilter{Compute: "gpu-cluster"}, "b,sweep_0,sweep_1"},
		{"compute by ID", JobFilter{Compute: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/ws1/computes/cpu-cluster"}, "a,c"},
		{"since and until", JobFilter{Since: base.Add(time.Hour), Until: base.Add(3 * time.Hour)}, "b,sweep_0"},
		{"top stops early", JobFilter{Top: 2}, "a,b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := names(tc.f); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}

	mu.Lock()
	queries = nil
	mu.Unlock()
	if got := names(JobFilter{JobType: "Sweep", Tag: "team=vision", View: armmachinelearning.ListViewTypeAll, Top: 1}); got != "a" {
		t.Errorf("server-side filters: got %s", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(queries) != 1 {
		t.Fatalf("Top 1 fetched %d pages, want 1", len(queries))
	}
	for _, want := range []string{"jobType=Sweep", "tag=team%3Dvision", "listViewType=All", "api-version=2024-04-01"} {
		if !strings.Contains(queries[0], want) {
			t.Errorf("query %q lacks %s", queries[0], want)
		}
	}
}

func TestCreateAndCancelJob(t *testing.T) {
	var srvURL string
	var cancels atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("PUT "+armPath("/jobs/j1"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"name":"j1","properties":{"jobType":"Command","status":"NotStarted","command":"python train.py"}}`))
	})
	mux.HandleFunc("POST "+armPath("/jobs/j1/cancel"), func(w http.ResponseWriter, r *http.Request) {
		cancels.Add(1)
		w.Header().Set("Location", srvURL+"/cancel-status/1")
		w.WriteHeader(http.StatusAccepted)
	})
	var statusPolls atomic.Int32
	mux.HandleFunc("GET /cancel-status/1", func(w http.ResponseWriter, r *http.Request) {
		if statusPolls.Add(1) == 1 {
			w.WriteHeader(http.StatusAccepted)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	c, srv := serverClient(t, mux, Options{})
	srvURL = srv.URL
	ctx := context.Background()
	cmd := "python train.py"
	job, err := c.CreateJob(ctx, "j1", armmachinelearning.JobBase{Properties: &armmachinelearning.CommandJob{
		JobType: toPtr(armmachinelearning.JobTypeCommand), Command: &cmd}})
	if err != nil {
		t.Fatal(err)
	}
	if got := job.Properties.(*armmachinelearning.CommandJob); *got.Status != armmachinelearning.JobStatusNotStarted {
		t.Errorf("created job status %s", *got.Status)
	}
	op, err := c.CancelJob(ctx, "j1")
	if err != nil {
		t.Fatal(err)
	}
	if op.Verb != "cancel" || op.Target != "j1" {
		t.Errorf("operation %s %s", op.Verb, op.Target)
	}
	if err := op.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if cancels.Load() != 1 || statusPolls.Load() < 2 {
		t.Errorf("%d cancels, %d status polls", cancels.Load(), statusPolls.Load())
	}
}

func toPtr[T any](v T) *T { return &v }

func TestListJobsOfAParentComeFromRunHistory(t *testing.T) {
	var srvURL string
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+armPath(""), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"name":%q,"location":"eastus","properties":{"discoveryUrl":%q}}`, testWS, srvURL+"/discovery")
	})
	mux.HandleFunc("GET /discovery", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"api":%q}`, srvURL)
	})
	mux.HandleFunc("GET /history/v1.0"+armPath("/runs/sweep/children"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"value":[
			{"runId":"sweep_0","status":"Completed","parentRunId":"sweep"},
			{"runId":"sweep_1","status":"Failed","parentRunId":"sweep"},
			{"runId":"sweep_gone","status":"Failed","parentRunId":"sweep"},
			{"runId":"sweep_2","status":"Failed","parentRunId":"sweep"}]}`))
	})
	var gets sync.Map
	base := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	mux.HandleFunc("GET "+armPath("/jobs/{name}"), func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		gets.Store(name, true)
		w.Header().Set("Content-Type", "application/json")
		status := map[string]string{"sweep_0": "Completed", "sweep_1": "Failed", "sweep_2": "Failed"}[name]
		if status == "" {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":{"code":"NotFound","message":"no such job"}}`))
			return
		}
		_, _ = w.Write([]byte(jobJSON(name, status, "gpu-cluster", "", base)))
	})
	c, srv := serverClient(t, mux, Options{})
	srvURL = srv.URL
	ctx := context.Background()
	jobs, err := c.ListJobs(ctx, JobFilter{Parent: "sweep"})
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 3 || *jobs[0].Name != "sweep_0" || *jobs[2].Name != "sweep_2" {
		t.Errorf("children = %d jobs", len(jobs))
	}
	gets.Clear()
	failed, err := c.ListJobs(ctx, JobFilter{Parent: "sweep", Statuses: []armmachinelearning.JobStatus{armmachinelearning.JobStatusFailed}, Top: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || *failed[0].Name != "sweep_1" {
		t.Errorf("failed children, top 1 = %v", failed)
	}
	if _, ok := gets.Load("sweep_0"); ok {
		t.Error("a child run history reports Completed was fetched for a Failed filter")
	}
	if _, ok := gets.Load("sweep_2"); ok {
		t.Error("children past Top were fetched")
	}
	if other, err := c.ListJobs(ctx, JobFilter{Parent: "sweep", Compute: "cpu-cluster"}); err != nil || len(other) != 0 {
		t.Errorf("children on cpu-cluster = %v, %v", other, err)
	}
}
