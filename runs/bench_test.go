package runs

import (
	"encoding/json"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// BenchmarkSummarize5000 summarises 5,000 jobs per op, what the job watcher does every cycle.
func BenchmarkSummarize5000(b *testing.B) {
	var j armmachinelearning.JobBase
	if err := json.Unmarshal(recordedBodies(b, "Get-AzMLWorkspaceJob.Recording.json")[1], &j); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for range 5000 {
			_ = Summarize(&j)
		}
	}
}
