package workspace

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// watchRecordingList returns the body of the list answer (the one entry whose body has a
// "value" array) in a recording under ../shared/fixtures/azure-recordings.
func watchRecordingList(t *testing.T, file string) []byte {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
	raw, err := os.ReadFile(filepath.Join(dir, "..", "shared", "fixtures", "azure-recordings", file))
	if err != nil {
		t.Fatal(err)
	}
	var entries map[string]struct {
		Response struct {
			StatusCode int
			Content    *string
		}
	}
	if err := json.Unmarshal(raw, &entries); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	for key, e := range entries {
		if e.Response.StatusCode != 200 || e.Response.Content == nil {
			continue
		}
		var probe struct{ Value []json.RawMessage }
		if err := json.Unmarshal([]byte(*e.Response.Content), &probe); err != nil {
			t.Fatalf("%s: %s: %v", file, key, err)
		}
		if probe.Value != nil {
			return []byte(*e.Response.Content)
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
