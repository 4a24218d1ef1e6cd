package workspace

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// jobWatcher turns one job list call into a JobsSnapshot and the JobChanges since the previous
// list, which it keeps across runs like the compute watcher.
type jobWatcher struct {
	list func(ctx context.Context) ([]*armmachinelearning.JobBase, error)
	bus  *bus.Bus
	now  func() time.Time
	last []*armmachinelearning.JobBase
}

// cycle is one poll; busy reports whether any job has not finished for good.
func (w *jobWatcher) cycle(ctx context.Context) (busy bool, err error) {
	listed, err := w.list(ctx)
	if err != nil {
		return false, err
	}
	jobs := make([]*armmachinelearning.JobBase, 0, len(listed))
	for _, j := range listed {
		if j != nil {
			jobs = append(jobs, j)
		}
	}
	slices.SortStableFunc(jobs, newestFirst)
	at := w.now()
	bus.Publish(w.bus, JobsSnapshot{Jobs: jobs, At: at})
	for _, change := range DiffJobs(w.last, jobs) {
		change.At = at
		bus.Publish(w.bus, change)
	}
	w.last = jobs
	return slices.ContainsFunc(jobs, func(j *armmachinelearning.JobBase) bool { return !jobTerminal(j) }), nil
}

// newestFirst orders jobs by creation time, newest first (jobs without one last), then by name.
func newestFirst(a, b *armmachinelearning.JobBase) int {
	ta, tb := jobCreated(a), jobCreated(b)
	if c := tb.Compare(ta); c != 0 {
		return c
	}
	return strings.Compare(jobName(a), jobName(b))
}

// jobCreated is when the job was created, or the zero time when the list did not say.
func jobCreated(j *armmachinelearning.JobBase) time.Time {
	if j.SystemData == nil || j.SystemData.CreatedAt == nil {
		return time.Time{}
	}
	return *j.SystemData.CreatedAt
}
