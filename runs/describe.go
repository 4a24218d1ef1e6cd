package runs

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/compute"
)

// Section titles of Describe, after any "Errors" section.
const (
	TitleErrors   = "Errors"
	TitleGeneral  = "General"
	TitleCommand  = "Command"
	TitleSweep    = "Sweep"
	TitlePipeline = "Pipeline"
	TitleInputs   = "Inputs"
	TitleOutputs  = "Outputs"
	TitleServices = "Services"
)

// Describe returns what a person needs to understand a job, as titled sections: the errors its
// services report first and verbatim, then general facts, what it runs (command, sweep or
// pipeline), its inputs and outputs, and its services. Environment variable values are left
// out (only names are shown): they often carry credentials. Empty fields and sections are
// omitted.
func Describe(j *armmachinelearning.JobBase) []compute.Section {
	if j == nil {
		return nil
	}
	s := Summarize(j)
	var out []compute.Section
	var services map[string]*armmachinelearning.JobService
	if j.Properties != nil {
		if p := j.Properties.GetJobBaseProperties(); p != nil {
			services = p.Services
		}
	}
	out = appendSection(out, errorsSection(services))
	out = appendSection(out, generalSection(j, s))
	switch p := j.Properties.(type) {
	case *armmachinelearning.CommandJob:
		out = appendSection(out, commandSection(p))
		out = appendSection(out, inputsSection(p.Inputs))
		out = appendSection(out, outputsSection(p.Outputs))
	case *armmachinelearning.SweepJob:
		out = appendSection(out, sweepSection(p))
		out = appendSection(out, inputsSection(p.Inputs))
		out = appendSection(out, outputsSection(p.Outputs))
	case *armmachinelearning.PipelineJob:
		out = appendSection(out, pipelineSection(p))
		out = appendSection(out, inputsSection(p.Inputs))
		out = appendSection(out, outputsSection(p.Outputs))
	}
	return appendSection(out, servicesSection(services))
}

// fields collects labelled values, skipping empty ones and hiding SAS signatures.
type fields []compute.Field

func (f *fields) add(label, value string) {
	if value != "" {
		*f = append(*f, compute.Field{Label: label, Value: compute.RedactText(value)})
	}
}

func (f *fields) addInt(label string, v *int32) {
	if v != nil {
		f.add(label, strconv.Itoa(int(*v)))
	}
}

func (f *fields) addTime(label string, t time.Time) {
	if !t.IsZero() {
		f.add(label, t.UTC().Format(compute.TimeLayout))
	}
}

func appendSection(out []compute.Section, s compute.Section) []compute.Section {
	if len(s.Fields) == 0 {
		return out
	}
	return append(out, s)
}

func enumStr[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}

// sortedKeys returns a map's keys in order, so sections are stable.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func errorsSection(services map[string]*armmachinelearning.JobService) compute.Section {
	f := fields{}
	for _, name := range sortedKeys(services) {
		if svc := services[name]; svc != nil {
			f.add(name, str(svc.ErrorMessage))
		}
	}
	return compute.Section{Title: TitleErrors, Fields: f}
}

func generalSection(j *armmachinelearning.JobBase, s Summary) compute.Section {
	f := fields{}
	f.add("Name", s.Name)
	f.add("Display name", s.DisplayName)
	f.add("Type", s.Type)
	if s.Status != "" {
		f.add("Status", s.Health.Symbol()+" "+string(s.Status))
	}
	f.add("Experiment", s.Experiment)
	f.add("Compute", s.ComputeName)
	f.add("Parent", s.Parent)
	var p *armmachinelearning.JobBaseProperties
	if j.Properties != nil {
		p = j.Properties.GetJobBaseProperties()
	}
	if p != nil {
		f.add("Description", str(p.Description))
	}
	f.addTime("Created on", s.CreatedOn)
	f.add("Created by", s.CreatedBy)
	f.addTime("Started", s.StartTime)
	f.addTime("Ended", s.EndTime)
	if s.Duration > 0 {
		f.add("Duration", s.Duration.String())
	}
	f.add("Studio", s.StudioURL)
	if p != nil {
		if p.IsArchived != nil && *p.IsArchived {
			f.add("Archived", "yes")
		}
		var tags []string
		for _, k := range sortedKeys(p.Tags) {
			tags = append(tags, k+"="+str(p.Tags[k]))
		}
		f.add("Tags", strings.Join(tags, ", "))
		f.add("Compute ID", s.ComputeID)
	}
	f.add("ID", str(j.ID))
	return compute.Section{Title: TitleGeneral, Fields: f}
}

func commandSection(c *armmachinelearning.CommandJob) compute.Section {
	f := fields{}
	f.add("Command", str(c.Command))
	f.add("Environment", str(c.EnvironmentID))
	f.add("Code", str(c.CodeID))
	addResources(&f, c.Resources)
	f.add("Distribution", distribution(c.Distribution))
	if c.Limits != nil {
		f.add("Timeout", compute.FormatISODuration(str(c.Limits.Timeout)))
	}
	f.add("Environment variables", strings.Join(sortedKeys(c.EnvironmentVariables), ", "))
	return compute.Section{Title: TitleCommand, Fields: f}
}

func addResources(f *fields, r *armmachinelearning.JobResourceConfiguration) {
	if r == nil {
		return
	}
	f.addInt("Instance count", r.InstanceCount)
	f.add("Instance type", str(r.InstanceType))
	f.add("Shared memory", str(r.ShmSize))
}

// distribution renders "PyTorch, 4 processes per instance" and the like.
func distribution(d armmachinelearning.DistributionConfigurationClassification) string {
	switch t := d.(type) {
	case *armmachinelearning.PyTorch:
		return withCount("PyTorch", t.ProcessCountPerInstance, "process", "processes", " per instance")
	case *armmachinelearning.Mpi:
		return withCount("MPI", t.ProcessCountPerInstance, "process", "processes", " per instance")
	case *armmachinelearning.TensorFlow:
		s := withCount("TensorFlow", t.WorkerCount, "worker", "workers", "")
		if t.ParameterServerCount != nil {
			s += ", " + plural(int(*t.ParameterServerCount), "parameter server", "parameter servers")
		}
		return s
	case nil:
		return ""
	}
	return enumStr(d.GetDistributionConfiguration().DistributionType)
}

func withCount(name string, n *int32, one, many, suffix string) string {
	if n == nil {
		return name
	}
	return name + ", " + plural(int(*n), one, many) + suffix
}

// plural writes "1 worker" or "2 workers".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func sweepSection(s *armmachinelearning.SweepJob) compute.Section {
	f := fields{}
	if s.SamplingAlgorithm != nil {
		f.add("Sampling", enumStr(s.SamplingAlgorithm.GetSamplingAlgorithm().SamplingAlgorithmType))
	}
	if o := s.Objective; o != nil {
		f.add("Objective", strings.TrimSpace(enumStr(o.Goal)+" "+str(o.PrimaryMetric)))
	}
	if l := s.Limits; l != nil {
		f.addInt("Max trials", l.MaxTotalTrials)
		f.addInt("Max concurrent trials", l.MaxConcurrentTrials)
		f.add("Timeout", compute.FormatISODuration(str(l.Timeout)))
		f.add("Trial timeout", compute.FormatISODuration(str(l.TrialTimeout)))
	}
	if e := s.EarlyTermination; e != nil {
		p := e.GetEarlyTerminationPolicy()
		policy := enumStr(p.PolicyType)
		if p.EvaluationInterval != nil {
			policy += ", evaluated every " + plural(int(*p.EvaluationInterval), "interval", "intervals")
		}
		if p.DelayEvaluation != nil {
			policy += fmt.Sprintf(", first after %d", *p.DelayEvaluation)
		}
		f.add("Early termination", policy)
	}
	if t := s.Trial; t != nil {
		f.add("Trial command", str(t.Command))
		f.add("Trial environment", str(t.EnvironmentID))
		f.add("Trial code", str(t.CodeID))
		addResources(&f, t.Resources)
		f.add("Distribution", distribution(t.Distribution))
		f.add("Environment variables", strings.Join(sortedKeys(t.EnvironmentVariables), ", "))
	}
	return compute.Section{Title: TitleSweep, Fields: f}
}

func pipelineSection(p *armmachinelearning.PipelineJob) compute.Section {
	f := fields{}
	if len(p.Jobs) > 0 {
		f.add("Steps", strings.Join(sortedKeys(p.Jobs), ", "))
	}
	f.add("Source job", str(p.SourceJobID))
	return compute.Section{Title: TitlePipeline, Fields: f}
}

// ioText renders an input or output from its wire form: "uri_folder azureml://... (ro_mount)"
// or "literal 0.01"; the many SDK types share these fields.
func ioText(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	kind, _ := m["jobInputType"].(string)
	if kind == "" {
		kind, _ = m["jobOutputType"].(string)
	}
	parts := []string{kind}
	for _, k := range []string{"uri", "value"} {
		if s, ok := m[k].(string); ok {
			parts = append(parts, s)
		}
	}
	if mode, ok := m["mode"].(string); ok && mode != "" {
		parts = append(parts, "("+mode+")")
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

func inputsSection(in map[string]armmachinelearning.JobInputClassification) compute.Section {
	f := fields{}
	for _, name := range sortedKeys(in) {
		if in[name] != nil {
			f.add(name, ioText(in[name]))
		}
	}
	return compute.Section{Title: TitleInputs, Fields: f}
}

func outputsSection(out map[string]armmachinelearning.JobOutputClassification) compute.Section {
	f := fields{}
	for _, name := range sortedKeys(out) {
		if out[name] != nil {
			f.add(name, ioText(out[name]))
		}
	}
	return compute.Section{Title: TitleOutputs, Fields: f}
}

// servicesSection lists each service's endpoint, with its status when it has one.
func servicesSection(services map[string]*armmachinelearning.JobService) compute.Section {
	f := fields{}
	for _, name := range sortedKeys(services) {
		svc := services[name]
		if svc == nil {
			continue
		}
		v := str(svc.Endpoint)
		if svc.Port != nil {
			v = strings.TrimSpace(v + " port " + strconv.Itoa(int(*svc.Port)))
		}
		if st := str(svc.Status); st != "" {
			v = strings.TrimSpace(v + " (" + st + ")")
		}
		f.add(name, v)
	}
	return compute.Section{Title: TitleServices, Fields: f}
}
