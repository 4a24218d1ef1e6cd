package runs

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/compute"
)

// Summary is the flat, comparable view of one job for lists, diffs and headless output. Times
// are UTC and zero where unknown.
type Summary struct {
	Name          string // the job name, which is also its run id
	DisplayName   string
	Type          string // Command, Sweep, Pipeline, AutoML, Spark (jobType verbatim)
	Status        Status
	Health        compute.Health
	ComputeID     string // ARM id (or name) of the compute, verbatim
	ComputeName   string // the last segment of ComputeID
	Parent        string // the parent job (sweep or pipeline) of a trial or step, "" for top-level jobs
	Experiment    string
	InstanceCount int // nodes requested (Command jobs), 0 when not given
	CreatedOn     time.Time
	CreatedBy     string
	StartTime     time.Time
	EndTime       time.Time
	// Duration is EndTime-StartTime once both are known; see Elapsed for running jobs.
	Duration  time.Duration
	Error     string // the first error message a job service reports, verbatim
	StudioURL string // properties.services.Studio.endpoint
}

// Property-bag keys: Azure ML records run times there ("2024-07-24 08:48:48", UTC, as in the
// recorded job); a parent named there is used too.
const (
	propStartTime = "StartTimeUtc"
	propEndTime   = "EndTimeUtc"
	propParent    = "parentJobName"
)

// Summarize builds the Summary of an ARM job. It copes with every null field. The v4.0.0 SDK
// model has no properties.parentJobName (the service sends it; decoding drops it), so here
// Parent comes only from a "parentJobName" property-bag entry; SummarizeJSON reads the real
// field from the raw resource.
func Summarize(j *armmachinelearning.JobBase) Summary {
	var s Summary
	if j == nil {
		return s
	}
	s.Name = str(j.Name)
	if sd := j.SystemData; sd != nil {
		if sd.CreatedAt != nil {
			s.CreatedOn = sd.CreatedAt.UTC()
		}
		s.CreatedBy = str(sd.CreatedBy)
	}
	s.Health = s.Status.Health()
	if j.Properties == nil {
		return s
	}
	p := j.Properties.GetJobBaseProperties()
	if p == nil {
		return s
	}
	s.DisplayName = str(p.DisplayName)
	if p.JobType != nil {
		s.Type = string(*p.JobType)
	}
	if p.Status != nil {
		s.Status = Status(*p.Status).canonical()
	}
	s.Health = s.Status.Health()
	s.ComputeID = str(p.ComputeID)
	s.ComputeName = ComputeName(s.ComputeID)
	s.Experiment = str(p.ExperimentName)
	s.Parent = str(p.Properties[propParent])
	s.StartTime = parseRunTime(str(p.Properties[propStartTime]))
	s.EndTime = parseRunTime(str(p.Properties[propEndTime]))
	if !s.StartTime.IsZero() && !s.EndTime.IsZero() && !s.EndTime.Before(s.StartTime) {
		s.Duration = s.EndTime.Sub(s.StartTime)
	}
	if svc := p.Services["Studio"]; svc != nil {
		s.StudioURL = str(svc.Endpoint)
	}
	s.Error = serviceError(p.Services)
	if c, ok := j.Properties.(*armmachinelearning.CommandJob); ok && c.Resources != nil && c.Resources.InstanceCount != nil {
		s.InstanceCount = int(*c.Resources.InstanceCount)
	}
	return s
}

// SummarizeJSON decodes a raw ARM job with the SDK and summarises it, also reading
// properties.parentJobName, which the service sends but the SDK model drops.
func SummarizeJSON(raw []byte) (Summary, error) {
	var j armmachinelearning.JobBase
	if err := json.Unmarshal(raw, &j); err != nil {
		return Summary{}, err
	}
	s := Summarize(&j)
	var extra struct {
		Properties struct {
			ParentJobName string `json:"parentJobName"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &extra); err != nil {
		return Summary{}, err
	}
	if extra.Properties.ParentJobName != "" {
		s.Parent = extra.Properties.ParentJobName
	}
	return s, nil
}

// Elapsed is how long the job has run: Duration once it has ended, now-StartTime while it
// runs, 0 before it starts.
func (s Summary) Elapsed(now time.Time) time.Duration {
	switch {
	case s.Duration > 0 || !s.EndTime.IsZero():
		return s.Duration
	case s.StartTime.IsZero() || now.Before(s.StartTime):
		return 0
	}
	return now.Sub(s.StartTime)
}

// ComputeName returns the compute's name from a job's computeId: the segment after
// /computes/ in an ARM id, else the value without an "azureml:" prefix.
func ComputeName(computeID string) string {
	if computeID == "" {
		return ""
	}
	i := strings.LastIndex(computeID, "/computes/")
	if i < 0 {
		// ARM ids are case-insensitive; lower-casing only here keeps the usual case free.
		i = strings.LastIndex(strings.ToLower(computeID), "/computes/")
	}
	if i >= 0 {
		name := computeID[i+len("/computes/"):]
		if j := strings.IndexByte(name, '/'); j >= 0 {
			name = name[:j]
		}
		return name
	}
	return strings.TrimPrefix(computeID, "azureml:")
}

// runTimeLayouts are the forms run times take in the property bag and in run history.
func runTimeLayouts() []string {
	return []string{"2006-01-02 15:04:05", time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"}
}

// parseRunTime reads a run time as UTC; "" or an unreadable value gives the zero time.
func parseRunTime(v string) time.Time {
	if v == "" {
		return time.Time{}
	}
	for _, layout := range runTimeLayouts() {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// serviceError returns the first non-empty error message among the job's services, in name
// order so the choice is stable.
func serviceError(services map[string]*armmachinelearning.JobService) string {
	first, msg := "", ""
	for name, svc := range services {
		if svc == nil || str(svc.ErrorMessage) == "" {
			continue
		}
		if msg == "" || name < first {
			first, msg = name, *svc.ErrorMessage
		}
	}
	return msg
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
