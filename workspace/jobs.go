package workspace

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// JobFilter selects jobs. The service filters its top-level list by JobType, Tag and View; the
// client filters the rest while paging. Zero fields select everything.
type JobFilter struct {
	JobType string                          // server-side: Command, Sweep, Pipeline, AutoML
	Tag     string                          // server-side: jobs carrying this tag key
	View    armmachinelearning.ListViewType // server-side: ActiveOnly (the service's default), ArchivedOnly, All

	Statuses []armmachinelearning.JobStatus // any of these statuses
	Compute  string                         // the compute's name or full ARM ID, case-insensitive
	Parent   string                         // only children of this job (from run history; see ListJobs)
	Since    time.Time                      // created at or after
	Until    time.Time                      // created before
	Top      int                            // at most this many matches; paging stops once reached
}

// validate rejects filters the service or the client cannot apply, naming the field.
func (f JobFilter) validate() error {
	if f.Top < 0 {
		return fmt.Errorf("workspace: job filter: Top must be 0 (no limit) or positive, not %d", f.Top)
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Until.After(f.Since) {
		return fmt.Errorf("workspace: job filter: Until (%s) must be after Since (%s)", f.Until.Format(time.RFC3339), f.Since.Format(time.RFC3339))
	}
	if f.View != "" {
		ok := false
		for _, v := range armmachinelearning.PossibleListViewTypeValues() {
			ok = ok || v == f.View
		}
		if !ok {
			return fmt.Errorf("workspace: job filter: View must be ActiveOnly, ArchivedOnly or All, not %q", f.View)
		}
	}
	return nil
}

// ListJobs lists the jobs f selects, following nextLink. With Parent set it lists that job's
// children (sweep trials, pipeline steps): the ARM job list holds top-level jobs only, so,
// like the Python SDK's jobs.list(parent_job_name=), it asks run history for the children and
// gets each one as an ARM job.
func (c *Client) ListJobs(ctx context.Context, f JobFilter) ([]*armmachinelearning.JobBase, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	if f.Parent != "" {
		return c.listChildJobs(ctx, f)
	}
	opts := &armmachinelearning.JobsClientListOptions{}
	if f.JobType != "" {
		opts.JobType = &f.JobType
	}
	if f.Tag != "" {
		opts.Tag = &f.Tag
	}
	if f.View != "" {
		opts.ListViewType = &f.View
	}
	var out []*armmachinelearning.JobBase
	for page, err := range pages(ctx, c.jobs.NewListPager(c.rg, c.ws, opts)) {
		if err != nil {
			return nil, err
		}
		for _, j := range page.Value {
			if f.matches(j) {
				out = append(out, j)
				if f.Top > 0 && len(out) == f.Top {
					return out, nil
				}
			}
		}
	}
	return out, nil
}

// listChildJobs gets the children run history lists for f.Parent as ARM jobs, applying the
// whole filter on the client (the service filters only its top-level list).
func (c *Client) listChildJobs(ctx context.Context, f JobFilter) ([]*armmachinelearning.JobBase, error) {
	children, err := c.RunChildren(ctx, f.Parent)
	if err != nil {
		return nil, err
	}
	var out []*armmachinelearning.JobBase
	for _, child := range children {
		if len(f.Statuses) > 0 && !statusIn(child.Status, f.Statuses) {
			continue // cheap pre-filter on run history's status, before the GET
		}
		j, err := c.GetJob(ctx, child.RunID)
		if IsNotFound(err) {
			continue // gone between the two calls
		}
		if err != nil {
			return nil, err
		}
		if f.matches(j) && f.matchesServerSide(j) {
			out = append(out, j)
			if f.Top > 0 && len(out) == f.Top {
				break
			}
		}
	}
	return out, nil
}

// matchesServerSide applies on the client what the service applies to its top-level list.
func (f JobFilter) matchesServerSide(j *armmachinelearning.JobBase) bool {
	p := j.Properties.GetJobBaseProperties()
	if f.JobType != "" && (p.JobType == nil || !strings.EqualFold(string(*p.JobType), f.JobType)) {
		return false
	}
	if f.Tag != "" {
		if _, ok := p.Tags[f.Tag]; !ok {
			return false
		}
	}
	archived := p.IsArchived != nil && *p.IsArchived
	switch f.View {
	case armmachinelearning.ListViewTypeAll:
	case armmachinelearning.ListViewTypeArchivedOnly:
		return archived
	default: // ActiveOnly, the service's default
		return !archived
	}
	return true
}

func statusIn(status string, statuses []armmachinelearning.JobStatus) bool {
	for _, s := range statuses {
		if strings.EqualFold(status, string(s)) {
			return true
		}
	}
	return false
}

// matches applies the client-side part of the filter.
func (f JobFilter) matches(j *armmachinelearning.JobBase) bool {
	if j == nil || j.Properties == nil {
		return false
	}
	p := j.Properties.GetJobBaseProperties()
	if len(f.Statuses) > 0 && (p.Status == nil || !statusIn(string(*p.Status), f.Statuses)) {
		return false
	}
	if f.Compute != "" && !sameCompute(p.ComputeID, f.Compute) {
		return false
	}
	if !f.Since.IsZero() || !f.Until.IsZero() {
		if j.SystemData == nil || j.SystemData.CreatedAt == nil {
			return false
		}
		at := *j.SystemData.CreatedAt
		if !f.Since.IsZero() && at.Before(f.Since) {
			return false
		}
		if !f.Until.IsZero() && !at.Before(f.Until) {
			return false
		}
	}
	return true
}

// sameCompute compares a job's computeId with a compute name or ID, case-insensitively (ARM IDs
// are case-insensitive).
func sameCompute(computeID *string, want string) bool {
	if computeID == nil {
		return false
	}
	id := *computeID
	if strings.Contains(want, "/") {
		return strings.EqualFold(strings.TrimSuffix(id, "/"), strings.TrimSuffix(want, "/"))
	}
	return strings.EqualFold(id[strings.LastIndex(id, "/")+1:], want)
}

// GetJob gets one job.
func (c *Client) GetJob(ctx context.Context, name string) (*armmachinelearning.JobBase, error) {
	if err := requireName("job name", name); err != nil {
		return nil, err
	}
	resp, err := c.jobs.Get(ctx, c.rg, c.ws, name, nil)
	if err != nil {
		return nil, asError(err)
	}
	return &resp.JobBase, nil
}

// CreateJob submits a job under name; the service answers at once with the job queued.
func (c *Client) CreateJob(ctx context.Context, name string, job armmachinelearning.JobBase) (*armmachinelearning.JobBase, error) {
	if err := requireName("job name", name); err != nil {
		return nil, err
	}
	if job.Properties == nil {
		return nil, fmt.Errorf("workspace: job %s: properties (jobType and its settings) are required", name)
	}
	if err := c.allowWrite("create job", name); err != nil {
		return nil, err
	}
	resp, err := c.jobs.CreateOrUpdate(ctx, c.rg, c.ws, name, job, nil)
	if err != nil {
		return nil, asError(err)
	}
	return &resp.JobBase, nil
}

// CancelJob asks the service to cancel a job; the operation ends when the cancel is accepted
// (the job then moves through CancelRequested to Canceled).
func (c *Client) CancelJob(ctx context.Context, name string) (*Operation, error) {
	if err := requireName("job name", name); err != nil {
		return nil, err
	}
	return begin(ctx, c, "cancel", name, func(ctx context.Context) (*runtime.Poller[armmachinelearning.JobsClientCancelResponse], error) {
		return c.jobs.BeginCancel(ctx, c.rg, c.ws, name, nil)
	}, nil)
}
