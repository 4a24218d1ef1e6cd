package logs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/emulator"
	"github.com/amlconsole/amlconsole/internal/emulatortest"
	"github.com/amlconsole/amlconsole/logs"
	"github.com/amlconsole/amlconsole/workspace"
)

// TestTailEveryRankOfARunningJob follows a three-rank job on the emulator through run history,
// polling by log name with the fresh URL of each details call, until the job completes: every
// rank's lines arrive once, in order, whole.
func TestTailEveryRankOfARunningJob(t *testing.T) {
	_, client := emulatortest.Start(t, emulator.Options{Seed: "empty", Speed: 100}, workspace.Options{PollInterval: 20 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	const ranks, steps = 3, 5
	cluster := armmachinelearning.ComputeResource{Location: to.Ptr("eastus"), Properties: &armmachinelearning.AmlCompute{
		Properties: &armmachinelearning.AmlComputeProperties{
			VMSize:        to.Ptr("Standard_DS3_v2"),
			ScaleSettings: &armmachinelearning.ScaleSettings{MinNodeCount: to.Ptr[int32](0), MaxNodeCount: to.Ptr[int32](ranks)},
		},
	}}
	op, err := client.CreateCompute(ctx, "tail-cluster", cluster)
	if err != nil {
		t.Fatal(err)
	}
	if err := op.Wait(ctx); err != nil {
		t.Fatalf("creating the cluster: %v", err)
	}
	job := armmachinelearning.JobBase{Properties: &armmachinelearning.CommandJob{
		JobType:       to.Ptr(armmachinelearning.JobTypeCommand),
		ComputeID:     to.Ptr("tail-cluster"),
		EnvironmentID: to.Ptr("azureml:tail-env:1"),
		// Each rank prints its steps with pauses, and the last without a newline.
		Command:   to.Ptr(fmt.Sprintf(`for i in $(seq 1 %d); do echo "rank $RANK step $i"; sleep 0.1; done; printf "rank $RANK done"`, steps)),
		Resources: &armmachinelearning.JobResourceConfiguration{InstanceCount: to.Ptr[int32](ranks)},
	}}
	if _, err := client.CreateJob(ctx, "tail-ranks", job); err != nil {
		t.Fatal(err)
	}

	tails := map[string]*logs.Tail{}
	got := map[string][]string{}
	pollsWithLines := map[string]int{}
	for {
		details, err := client.RunDetails(ctx, "tail-ranks")
		if err != nil {
			t.Fatal(err)
		}
		for name, url := range details.LogFiles {
			if _, ok := logs.Rank(name); !ok {
				continue
			}
			tail := tails[name]
			if tail == nil {
				tail = &logs.Tail{Name: name}
				tails[name] = tail
			}
			chunk, err := tail.Poll(ctx, client.ReadLog, url)
			if err != nil {
				t.Fatal(err)
			}
			got[name] = append(got[name], chunk.Lines...)
			if len(chunk.Lines) > 0 {
				pollsWithLines[name]++
			}
		}
		if terminal(details.Status) {
			if details.Status != "Completed" {
				t.Fatalf("the job ended %s: %+v", details.Status, details.Error)
			}
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the job did not finish; logs so far: %v", got)
		case <-time.After(50 * time.Millisecond):
		}
	}
	// One last poll after the end catches what was written between the last poll and the end.
	details, err := client.RunDetails(ctx, "tail-ranks")
	if err != nil {
		t.Fatal(err)
	}
	if len(tails) != ranks {
		t.Fatalf("tailed %d rank logs, want %d: %v", len(tails), ranks, details.LogFiles)
	}
	for name, tail := range tails {
		chunk, err := tail.Poll(ctx, client.ReadLog, details.LogFiles[name])
		if err != nil {
			t.Fatal(err)
		}
		got[name] = append(got[name], chunk.Lines...)
		got[name] = append(got[name], tail.Flush())
		rank, _ := logs.Rank(name)
		var want []string
		for i := 1; i <= steps; i++ {
			want = append(want, fmt.Sprintf("rank %d step %d", rank, i))
		}
		want = append(want, fmt.Sprintf("rank %d done", rank))
		if pollsWithLines[name] < 2 {
			t.Errorf("%s: lines arrived in %d polls; a running job's log should arrive over several", name, pollsWithLines[name])
		}
		if strings.Join(got[name], "\n") != strings.Join(want, "\n") {
			t.Errorf("%s tailed as\n%s\nwant\n%s", name, strings.Join(got[name], "\n"), strings.Join(want, "\n"))
		}
	}
}

func terminal(status string) bool {
	switch status {
	case "Completed", "Failed", "Canceled":
		return true
	}
	return false
}
