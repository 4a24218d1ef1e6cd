package workspace

import (
	"encoding/json"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/internal/fixtures"
)

// watchRecordingList returns the body of the list answer (the first 200 answer whose body has
// a "value" array) in a recording under ../shared/fixtures/azure-recordings.
func watchRecordingList(t *testing.T, file string) []byte {
	t.Helper()
	for _, e := range fixtures.ReadRecording(t, file) {
		if e.Status != 200 || e.RespBody == "" {
			continue
		}
		var probe struct{ Value []json.RawMessage }
		if err := json.Unmarshal([]byte(e.RespBody), &probe); err != nil {
			t.Fatalf("%s: %s: %v", file, e.Key, err)
		}
		if probe.Value != nil {
			return []byte(e.RespBody)
		}
	}
	t.Fatalf("%s: no list answer", file)
	return nil
}

func recordedComputeList(t *testing.T) []*armmachinelearning.ComputeResource {
	var page armmachinelearning.PaginatedComputeResourcesList
	if err := json.Unmarshal(watchRecordingList(t, "Get-AzMLWorkspaceCompute.Recording.json"), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Value) == 0 {
		t.Fatal("recorded compute list is empty")
	}
	return page.Value
}

func recordedJobList(t *testing.T) []*armmachinelearning.JobBase {
	var page armmachinelearning.JobBaseResourceArmPaginatedResult
	if err := json.Unmarshal(watchRecordingList(t, "Get-AzMLWorkspaceJob.Recording.json"), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Value) == 0 {
		t.Fatal("recorded job list is empty")
	}
	return page.Value
}
