package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/workspace/internal/replay"
)

// patchOnly is the recording's PATCH, its status poll and the GET that follows.
func patchOnly(t *testing.T) *replay.Recording {
	t.Helper()
	rec, err := replay.Load(replayFixtures(t, "azure-recordings", "New-AzMLWorkspaceCompute.Recording.json"))
	if err != nil {
		t.Fatal(err)
	}
	sub := *rec
	sub.Entries = rec.Entries[3:6]
	if sub.Entries[0].Method != http.MethodPatch || sub.Entries[0].Status != http.StatusAccepted {
		t.Fatalf("entry 4 is %s → %d, want the PATCH answered 202", sub.Entries[0].Method, sub.Entries[0].Status)
	}
	return &sub
}

// TestSDKBeginUpdateRejectsTheRecorded202 documents the gap UpdateCompute works around: the
// generated v4.0.0 client refuses the service's real answer to the PATCH.
func TestSDKBeginUpdateRejectsTheRecorded202(t *testing.T) {
	rec := patchOnly(t)
	tr, err := replay.NewTransport(rec, replayEndpoint, replaySubscription)
	if err != nil {
		t.Fatal(err)
	}
	sdk, err := armmachinelearning.NewComputeClient(replaySubscription, &replayCredential{}, &arm.ClientOptions{ClientOptions: policy.ClientOptions{
		Transport: tr,
		Cloud: cloud.Configuration{Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
			cloud.ResourceManager: {Endpoint: replayEndpoint, Audience: "https://management.core.windows.net/"},
		}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var params armmachinelearning.ClusterUpdateParameters
	if err := json.Unmarshal(rec.Entries[0].RequestBody, &params); err != nil {
		t.Fatal(err)
	}
	_, err = sdk.BeginUpdate(context.Background(), "ml-test", "mlworkspace-test2", "aml03", params, nil)
	var respErr *azcore.ResponseError
	if !errors.As(err, &respErr) || respErr.StatusCode != http.StatusAccepted {
		t.Fatalf("BeginUpdate = %v; the SDK gap is gone, UpdateCompute's own PATCH may be retired", err)
	}
}

// TestUpdateComputeFollowsTheRecorded202 replays the same three answers through the client.
func TestUpdateComputeFollowsTheRecorded202(t *testing.T) {
	rec := patchOnly(t)
	tr, err := replay.NewTransport(rec, replayEndpoint, replaySubscription)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(replayConfig(replayEndpoint, "ml-test", "mlworkspace-test2"), &replayCredential{}, Options{Transport: tr, PollInterval: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var params armmachinelearning.ClusterUpdateParameters
	if err := json.Unmarshal(rec.Entries[0].RequestBody, &params); err != nil {
		t.Fatal(err)
	}
	op, err := c.UpdateCompute(context.Background(), "aml03", params)
	if err != nil {
		t.Fatal(err)
	}
	if err := op.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	finishReplay(t, tr)
	aml := op.Compute().Properties.(*armmachinelearning.AmlCompute)
	if *aml.ProvisioningState != armmachinelearning.ProvisioningStateSucceeded || *aml.Properties.ScaleSettings.MaxNodeCount != 8 {
		t.Errorf("after the update: %s, max %d", *aml.ProvisioningState, *aml.Properties.ScaleSettings.MaxNodeCount)
	}
}
