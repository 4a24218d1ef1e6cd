package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// JobFilter selects jobs. The service filters by JobType, Tag and View; the client filters the
// rest while paging. Zero fields select everything.
type JobFilter struct {
	JobType string                          // server-side: Command, Sweep, Pipeline, AutoML
	Tag     string                          // server-side: jobs carrying this tag key
	View    armmachinelearning.ListViewType // server-side: ActiveOnly (the service's default), ArchivedOnly, All

	Statuses []armmachinelearning.JobStatus // any of these statuses
	Compute  string                         // the compute's name or full ARM ID, case-insensitive
	Parent   string                         // only children of this job (properties.parentJobName)
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

// ListJobs lists the jobs f selects, following nextLink.
func (c *Client) ListJobs(ctx context.Context, f JobFilter) ([]*armmachinelearning.JobBase, error) {
	if err := f.validate(); err != nil {
		return nil, err
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
	pager := c.jobs.NewListPager(c.rg, c.ws, opts)
	for pager.More() {
		var raw *http.Response
		page, err := pager.NextPage(policy.WithCaptureResponse(ctx, &raw))
		if err != nil {
			return nil, asError(err)
		}
		parents := map[string]string{}
		if f.Parent != "" {
			// The v4.0.0 model has no parentJobName: read it from the page's raw body.
			if parents, err = parentJobNames(raw); err != nil {
				return nil, err
			}
		}
		for _, j := range page.Value {
			if f.matches(j, parents) {
				out = append(out, j)
				if f.Top > 0 && len(out) == f.Top {
					return out, nil
				}
			}
		}
	}
	return out, nil
}

// matches applies the client-side part of the filter.
func (f JobFilter) matches(j *armmachinelearning.JobBase, parents map[string]string) bool {
	if j == nil || j.Properties == nil {
		return false
	}
	p := j.Properties.GetJobBaseProperties()
	if len(f.Statuses) > 0 {
		ok := false
		for _, s := range f.Statuses {
			ok = ok || (p.Status != nil && strings.EqualFold(string(*p.Status), string(s)))
		}
		if !ok {
			return false
		}
	}
	if f.Compute != "" && !sameCompute(p.ComputeID, f.Compute) {
		return false
	}
	if f.Parent != "" && (j.Name == nil || parents[*j.Name] != f.Parent) {
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

// parentJobNames maps job name to properties.parentJobName for one list page.
func parentJobNames(resp *http.Response) (map[string]string, error) {
	out := map[string]string{}
	if resp == nil {
		return out, nil
	}
	body, err := runtime.Payload(resp)
	if err != nil {
		return nil, fmt.Errorf("workspace: reading the job list: %w", err)
	}
	var page struct {
		Value []struct {
			Name       string `json:"name"`
			Properties struct {
				ParentJobName string `json:"parentJobName"`
			} `json:"properties"`
		} `json:"value"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, fmt.Errorf("workspace: decoding the job list: %w", err)
	}
	for _, v := range page.Value {
		if v.Properties.ParentJobName != "" {
			out[v.Name] = v.Properties.ParentJobName
		}
	}
	return out, nil
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
