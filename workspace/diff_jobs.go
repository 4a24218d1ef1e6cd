package workspace

import (
	"maps"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// DiffJobs compares two job lists by name and returns one change per job added, changed or
// removed: additions and changes in the order of new, then removals in the order of old. A job
// has changed when its status or anything a job list shows differs. Old and New are the
// lists' own pointers; nil entries and jobs without a name are skipped. At is left zero.
func DiffJobs(old, new []*armmachinelearning.JobBase) []JobChange {
	before := make(map[string]*armmachinelearning.JobBase, len(old))
	for _, j := range old {
		if name := jobName(j); name != "" {
			before[name] = j
		}
	}
	var changes []JobChange
	seen := make(map[string]bool, len(new))
	for _, j := range new {
		name := jobName(j)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		switch prev, ok := before[name]; {
		case !ok:
			changes = append(changes, JobChange{Kind: Added, Name: name, New: j})
		case !sameJob(prev, j):
			changes = append(changes, JobChange{Kind: Changed, Name: name, Old: prev, New: j})
		}
	}
	for _, j := range old {
		name := jobName(j)
		if name != "" && !seen[name] {
			seen[name] = true
			changes = append(changes, JobChange{Kind: Removed, Name: name, Old: j})
		}
	}
	return changes
}

// jobRow is the comparable part of a job that a list shows.
type jobRow struct {
	status, displayName, experiment, jobType, computeID, description string
	archived                                                         bool
	createdAt                                                        time.Time
	createdBy                                                        string
}

// jobRowOf builds j's row from j and its shared properties p (nil when it has none).
func jobRowOf(j *armmachinelearning.JobBase, p *armmachinelearning.JobBaseProperties) jobRow {
	var r jobRow
	if j.SystemData != nil {
		if j.SystemData.CreatedAt != nil {
			r.createdAt = j.SystemData.CreatedAt.UTC()
		}
		r.createdBy = ptrValue(j.SystemData.CreatedBy)
	}
	if p == nil {
		return r
	}
	r.status = string(ptrValue(p.Status))
	r.displayName = ptrValue(p.DisplayName)
	r.experiment = ptrValue(p.ExperimentName)
	r.jobType = string(ptrValue(p.JobType))
	r.computeID = ptrValue(p.ComputeID)
	r.description = ptrValue(p.Description)
	r.archived = ptrValue(p.IsArchived)
	return r
}

// sameJob reports whether nothing a list shows differs between a and b.
func sameJob(a, b *armmachinelearning.JobBase) bool {
	// GetJobBaseProperties builds a fresh copy on every call: fetch each once.
	pa, pb := jobProperties(a), jobProperties(b)
	if jobRowOf(a, pa) != jobRowOf(b, pb) {
		return false
	}
	if pa == nil || pb == nil {
		return pa == pb
	}
	return maps.EqualFunc(pa.Tags, pb.Tags, func(x, y *string) bool { return ptrValue(x) == ptrValue(y) })
}

// jobProperties returns the properties every job type shares, or nil when there are none.
func jobProperties(j *armmachinelearning.JobBase) *armmachinelearning.JobBaseProperties {
	if j == nil || j.Properties == nil {
		return nil
	}
	return j.Properties.GetJobBaseProperties()
}

// jobName is the job's name (its run id), or "" for a nil job.
func jobName(j *armmachinelearning.JobBase) string {
	if j == nil {
		return ""
	}
	return ptrValue(j.Name)
}

// jobTerminal reports whether a job has finished for good: Completed, Failed, Canceled or
// Paused. Everything else, including NotResponding (a lost heartbeat can come back) and a
// missing status, may still move.
func jobTerminal(j *armmachinelearning.JobBase) bool {
	p := jobProperties(j)
	if p == nil || p.Status == nil {
		return false
	}
	switch *p.Status {
	case armmachinelearning.JobStatusCompleted, armmachinelearning.JobStatusFailed,
		armmachinelearning.JobStatusCanceled, armmachinelearning.JobStatusPaused:
		return true
	}
	return false
}

// ptrValue returns *p, or the zero value for nil.
func ptrValue[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
