package workspace

import (
	"context"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/emulator"
)

// emulatorClient starts the emulator on 127.0.0.1 (fast simulation, no processes) and builds
// a client for its workspace.
func emulatorClient(t *testing.T, opts Options) *Client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	srv, err := emulator.Start(ctx, emulator.Options{Speed: 200, NoExec: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	info := srv.Info()
	cfg := Config{
		Subscription:  Value{Value: info.Subscription},
		ResourceGroup: Value{Value: info.ResourceGroup},
		Workspace:     Value{Value: info.Workspace},
		Cloud:         Value{Value: string(AzurePublic)},
		Endpoint:      Value{Value: info.Endpoint},
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = 20 * time.Millisecond
	}
	c, err := New(cfg, &replayCredential{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// TestClientAgainstTheEmulator drives a cluster's life and a job's run history through the
// client and the emulator's real wire protocol.
func TestClientAgainstTheEmulator(t *testing.T) {
	c := emulatorClient(t, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	ws, err := c.Workspace(ctx)
	if err != nil {
		t.Fatal(err)
	}
	location := *ws.Location
	sizes, err := c.VMSizes(ctx, location)
	if err != nil || len(sizes) == 0 {
		t.Fatalf("VM sizes: %d, %v", len(sizes), err)
	}
	if _, err := c.Usages(ctx, location); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Quotas(ctx, location); err != nil {
		t.Fatal(err)
	}

	spec := armmachinelearning.ComputeResource{
		Location: to.Ptr(location),
		Properties: &armmachinelearning.AmlCompute{
			ComputeType: to.Ptr(armmachinelearning.ComputeTypeAmlCompute),
			Properties: &armmachinelearning.AmlComputeProperties{
				VMSize:        to.Ptr("Standard_DS3_v2"),
				ScaleSettings: &armmachinelearning.ScaleSettings{MinNodeCount: to.Ptr[int32](0), MaxNodeCount: to.Ptr[int32](2)},
			},
		},
	}
	create, err := c.CreateCompute(ctx, "it-cluster", spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := create.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	update, err := c.UpdateCompute(ctx, "it-cluster", armmachinelearning.ClusterUpdateParameters{Properties: &armmachinelearning.ClusterUpdateProperties{
		Properties: &armmachinelearning.ScaleSettingsInformation{ScaleSettings: &armmachinelearning.ScaleSettings{MinNodeCount: to.Ptr[int32](0), MaxNodeCount: to.Ptr[int32](4)}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := update.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetCompute(ctx, "it-cluster")
	if err != nil {
		t.Fatal(err)
	}
	if max := got.Properties.(*armmachinelearning.AmlCompute).Properties.ScaleSettings.MaxNodeCount; *max != 4 {
		t.Errorf("max nodes after the update = %d", *max)
	}
	if _, err := c.ListNodes(ctx, "it-cluster"); err != nil {
		t.Fatal(err)
	}

	checkOneRunLog(ctx, t, c)

	del, err := c.DeleteCompute(ctx, "it-cluster", armmachinelearning.UnderlyingResourceActionDelete)
	if err != nil {
		t.Fatal(err)
	}
	if err := del.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetCompute(ctx, "it-cluster"); !IsNotFound(err) {
		t.Errorf("GetCompute after delete: %v, want not found", err)
	}
}

// checkOneRunLog reads the first log of the first seeded job that has one, through run
// history discovery, from 0 and then at its end.
func checkOneRunLog(ctx context.Context, t *testing.T, c *Client) {
	t.Helper()
	jobs, err := c.ListJobs(ctx, JobFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) == 0 {
		t.Fatal("the demo seed has no jobs")
	}
	for _, j := range jobs {
		details, err := c.RunDetails(ctx, *j.Name)
		if err != nil {
			t.Fatalf("run details of %s: %v", *j.Name, err)
		}
		for name, url := range details.LogFiles {
			data, total, err := c.ReadLog(ctx, url, 0)
			if err != nil {
				t.Fatalf("log %s of %s: %v", name, *j.Name, err)
			}
			if int64(len(data)) != total {
				t.Errorf("log %s: read %d of %d bytes from 0", name, len(data), total)
			}
			if more, again, err := c.ReadLog(ctx, url, total); err != nil || again < total || int64(len(more)) != again-total {
				t.Errorf("log %s re-read at its end: %d new bytes, size %d, %v", name, len(more), again, err)
			}
			return
		}
	}
	t.Fatal("no seeded job has log files")
}
