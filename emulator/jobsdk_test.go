package emulator

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// The real armmachinelearning/v4 JobsClient drives the job routes over loopback.

// sdkJobsClient is a JobsClient pointed at srv.
func sdkJobsClient(t *testing.T, srv *Server) *armmachinelearning.JobsClient {
	t.Helper()
	c, err := armmachinelearning.NewJobsClient(srv.Info().Subscription, sdkTestToken{}, sdkOptions(srv))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSDKJobsClientOverHTTP(t *testing.T) {
	t.Parallel()
	testSDKJobsClient(t, false)
}
func TestSDKJobsClientOverHTTPS(t *testing.T) {
	t.Parallel()
	testSDKJobsClient(t, true)
}

// testSDKJobsClient creates, gets, lists and cancels a job with the SDK.
func testSDKJobsClient(t *testing.T, useTLS bool) {
	srv := startJobEmulator(t, func(o *Options) { o.TLS = useTLS })
	jobCluster(t, srv, "cpu", 2, "Dedicated")
	client := sdkJobsClient(t, srv)
	ctx := context.Background()
	info := srv.Info()
	rg, ws := info.ResourceGroup, info.Workspace

	created, err := client.CreateOrUpdate(ctx, rg, ws, "sdk-job", armmachinelearning.JobBase{
		Properties: &armmachinelearning.CommandJob{
			JobType:              to.Ptr(armmachinelearning.JobTypeCommand),
			Command:              to.Ptr("echo sdk-$RANK-of-$WORLD_SIZE; sleep 300"),
			EnvironmentID:        to.Ptr("azureml:emulator-env:1"),
			ComputeID:            to.Ptr(srv.world.computeID("cpu")),
			DisplayName:          to.Ptr("from the SDK"),
			ExperimentName:       to.Ptr("sdk-tests"),
			Tags:                 map[string]*string{"suite": to.Ptr("sdk")},
			EnvironmentVariables: map[string]*string{"A": to.Ptr("1")},
			Resources:            &armmachinelearning.JobResourceConfiguration{InstanceCount: to.Ptr[int32](1)},
			Limits:               &armmachinelearning.CommandJobLimits{JobLimitsType: to.Ptr(armmachinelearning.JobLimitsTypeCommand), Timeout: to.Ptr("PT2H")},
		},
	}, nil)
	if err != nil {
		t.Fatalf("CreateOrUpdate: %v", err)
	}
	cmd, ok := created.Properties.(*armmachinelearning.CommandJob)
	if !ok {
		t.Fatalf("created job is a %T, want *CommandJob", created.Properties)
	}
	if *cmd.Status != armmachinelearning.JobStatusNotStarted || *cmd.DisplayName != "from the SDK" || *cmd.Tags["suite"] != "sdk" ||
		cmd.Services["Studio"] == nil || *created.Name != "sdk-job" {
		t.Errorf("created job: status %v, display %v, tags %v, services %v", *cmd.Status, *cmd.DisplayName, cmd.Tags, cmd.Services)
	}

	waitFor := func(want armmachinelearning.JobStatus) {
		t.Helper()
		jwait(t, "sdk-job "+string(want), func() (bool, string) {
			got, err := client.Get(ctx, rg, ws, "sdk-job", nil)
			if err != nil {
				return false, err.Error()
			}
			s := *got.Properties.(*armmachinelearning.CommandJob).Status
			return s == want, string(s)
		})
	}
	waitFor(armmachinelearning.JobStatusRunning)

	var names []string
	pager := client.NewListPager(rg, ws, &armmachinelearning.JobsClientListOptions{Tag: to.Ptr("suite"), JobType: to.Ptr("Command")})
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		for _, j := range page.Value {
			names = append(names, *j.Name)
		}
	}
	if len(names) != 1 || names[0] != "sdk-job" {
		t.Errorf("list by tag gave %v", names)
	}

	poller, err := client.BeginCancel(ctx, rg, ws, "sdk-job", nil)
	if err != nil {
		t.Fatalf("BeginCancel: %v", err)
	}
	if _, err := poller.PollUntilDone(ctx, &runtime.PollUntilDoneOptions{Frequency: 50 * time.Millisecond}); err != nil {
		t.Fatalf("cancel poller: %v", err)
	}
	got, err := client.Get(ctx, rg, ws, "sdk-job", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := *got.Properties.(*armmachinelearning.CommandJob).Status; s != armmachinelearning.JobStatusCanceled {
		t.Errorf("after the cancel poller finished the job is %s", s)
	}

	_, err = client.Get(ctx, rg, ws, "no-such-job", nil)
	var respErr *azcore.ResponseError
	if !errors.As(err, &respErr) || respErr.StatusCode != http.StatusNotFound {
		t.Errorf("get of a missing job: %v", err)
	}
}

func TestSDKJobsClientSweepAndPaging(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, func(o *Options) { o.NoExec = true })
	jobCluster(t, srv, "cpu", 4, "Dedicated")
	client := sdkJobsClient(t, srv)
	ctx := context.Background()
	info := srv.Info()
	_, err := client.CreateOrUpdate(ctx, info.ResourceGroup, info.Workspace, "sdk-sweep", armmachinelearning.JobBase{
		Properties: &armmachinelearning.SweepJob{
			JobType:           to.Ptr(armmachinelearning.JobTypeSweep),
			ComputeID:         to.Ptr("cpu"),
			Objective:         &armmachinelearning.Objective{Goal: to.Ptr(armmachinelearning.GoalMaximize), PrimaryMetric: to.Ptr("accuracy")},
			SamplingAlgorithm: &armmachinelearning.RandomSamplingAlgorithm{SamplingAlgorithmType: to.Ptr(armmachinelearning.SamplingAlgorithmTypeRandom)},
			SearchSpace:       map[string]any{"lr": []any{"uniform", []any{0.001, 0.1}}},
			Limits:            &armmachinelearning.SweepJobLimits{JobLimitsType: to.Ptr(armmachinelearning.JobLimitsTypeSweep), MaxTotalTrials: to.Ptr[int32](3), MaxConcurrentTrials: to.Ptr[int32](3)},
			Trial:             &armmachinelearning.TrialComponent{Command: to.Ptr("python train.py --lr ${{search_space.lr}}"), EnvironmentID: to.Ptr("azureml:env:1")},
		},
	}, nil)
	if err != nil {
		t.Fatalf("create sweep: %v", err)
	}
	for i := range jobsPageSize + 5 {
		body := commandJob("cpu", "true", nil)
		jcall(t, srv, "PUT", jobsURL(srv, "/jobs/page-"+itoa(i)), body, nil)
	}
	pages, total, sweeps := 0, 0, 0
	pager := client.NewListPager(info.ResourceGroup, info.Workspace, nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		pages++
		for _, j := range page.Value {
			total++
			if _, ok := j.Properties.(*armmachinelearning.SweepJob); ok {
				sweeps++
			}
		}
	}
	if pages != 2 || total != jobsPageSize+6 || sweeps != 1 {
		t.Errorf("listed %d jobs (%d sweeps) on %d pages, want %d on 2 with 1 sweep", total, sweeps, pages, jobsPageSize+6)
	}
}

func TestSDKJobsClientDeleteSweep(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 2, "Dedicated")
	client := sdkJobsClient(t, srv)
	ctx := context.Background()
	info := srv.Info()
	_, err := client.CreateOrUpdate(ctx, info.ResourceGroup, info.Workspace, "doomed-sweep", armmachinelearning.JobBase{
		Properties: &armmachinelearning.SweepJob{
			JobType:           to.Ptr(armmachinelearning.JobTypeSweep),
			ComputeID:         to.Ptr("cpu"),
			Objective:         &armmachinelearning.Objective{Goal: to.Ptr(armmachinelearning.GoalMinimize), PrimaryMetric: to.Ptr("loss")},
			SamplingAlgorithm: &armmachinelearning.GridSamplingAlgorithm{SamplingAlgorithmType: to.Ptr(armmachinelearning.SamplingAlgorithmTypeGrid)},
			SearchSpace:       map[string]any{"x": []any{"choice", []any{[]any{1, 2}}}},
			Limits:            &armmachinelearning.SweepJobLimits{JobLimitsType: to.Ptr(armmachinelearning.JobLimitsTypeSweep), MaxConcurrentTrials: to.Ptr[int32](2)},
			Trial:             &armmachinelearning.TrialComponent{Command: to.Ptr("sleep 300"), EnvironmentID: to.Ptr("azureml:env:1")},
		},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	waitJobStatus(t, srv, "doomed-sweep_1", statusRunning)
	poller, err := client.BeginDelete(ctx, info.ResourceGroup, info.Workspace, "doomed-sweep", nil)
	if err != nil {
		t.Fatalf("BeginDelete: %v", err)
	}
	if _, err := poller.PollUntilDone(ctx, &runtime.PollUntilDoneOptions{Frequency: 50 * time.Millisecond}); err != nil {
		t.Fatalf("delete poller: %v", err)
	}
	for _, name := range []string{"doomed-sweep", "doomed-sweep_0", "doomed-sweep_1"} {
		_, err := client.Get(ctx, info.ResourceGroup, info.Workspace, name, nil)
		var respErr *azcore.ResponseError
		if !errors.As(err, &respErr) || respErr.StatusCode != http.StatusNotFound {
			t.Errorf("%s after delete: %v, want 404", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(srv.world.dataDir, "jobs", "doomed-sweep")); !os.IsNotExist(err) {
		t.Errorf("the sweep's files survived: %v", err)
	}
	if r := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/doomed-sweep"), commandJob("cpu", "true", nil), nil); r.StatusCode != http.StatusCreated {
		t.Errorf("re-creating a deleted job's name: %d %s", r.StatusCode, jbody(r))
	}
}
