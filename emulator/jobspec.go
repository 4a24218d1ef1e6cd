package emulator

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Turning a PUT body into a job: validation the way the service validates (required fields,
// types, enumerations, references in the command) and normalisation of what is echoed back.

// maxRanks bounds the processes one job may start on this machine.
const maxRanks = 64

// jobSpec is what a validated body describes, before it becomes a jobState.
type jobSpec struct {
	typ        string
	props      map[string]any
	compute    string
	command    string
	env        map[string]string
	nodes      int
	procs      int
	timeout    time.Duration
	sweep      *sweepState
	trialProto map[string]any // a sweep's trial component, the template of its trials
}

// parseJobBody validates a PUT body {"properties": {...}}.
func (w *world) parseJobBody(body map[string]any) (*jobSpec, *httpError) {
	props, e := object(body, "properties", "")
	if e != nil {
		return nil, e
	}
	if props == nil {
		return nil, fieldError("properties", "is required")
	}
	props = deepCopy(props).(map[string]any)
	for _, k := range serviceJobFields() {
		if k != "services" {
			delete(props, k) // read-only: the service's answer, not the client's request
		}
	}
	typ, e := requiredStr(props, "jobType", "properties.")
	if e != nil {
		return nil, e
	}
	switch {
	case strings.EqualFold(typ, jobTypeCommand):
		typ = jobTypeCommand
	case strings.EqualFold(typ, jobTypeSweep):
		typ = jobTypeSweep
	case strings.EqualFold(typ, "Pipeline"), strings.EqualFold(typ, "AutoML"), strings.EqualFold(typ, "Spark"):
		return nil, fieldError("properties.jobType", "%s jobs are not supported by the emulator; it runs Command and Sweep jobs", typ)
	default:
		return nil, fieldError("properties.jobType", "%q is not one of Command, Sweep, Pipeline, AutoML, Spark", typ)
	}
	props["jobType"] = typ
	if e := validateCommonProps(props); e != nil {
		return nil, e
	}
	spec := &jobSpec{typ: typ, props: props}
	computeID, e := requiredStr(props, "computeId", "properties.")
	if e != nil {
		return nil, fieldError("properties.computeId", "is required: name a compute of this workspace (serverless compute is not available in the emulator)")
	}
	if spec.compute, e = w.computeNameFromID(computeID); e != nil {
		return nil, e
	}
	props["computeId"] = w.computeID(spec.compute)
	if typ == jobTypeSweep {
		return spec, w.parseSweep(spec)
	}
	inputs, e := inputValues(props, "properties.")
	if e != nil {
		return nil, e
	}
	if e := w.parseRunnable(props, "properties.", inputs, nil, spec); e != nil {
		return nil, e
	}
	limits, e := object(props, "limits", "properties.")
	if e != nil {
		return nil, e
	}
	if limits != nil {
		if _, e := oneOf(limits, "jobLimitsType", "properties.limits.", "Command"); e != nil {
			return nil, e
		}
		if spec.timeout, e = isoDuration(limits, "timeout", "properties.limits."); e != nil {
			return nil, e
		}
	}
	return spec, nil
}

// validateCommonProps checks the fields every job type shares.
func validateCommonProps(props map[string]any) *httpError {
	for _, k := range []string{"description", "displayName", "experimentName", "codeId", "componentId"} {
		if _, e := str(props, k, "properties."); e != nil {
			return e
		}
	}
	for _, k := range []string{"tags", "properties"} {
		if _, e := stringMap(props, k, "properties."); e != nil {
			return e
		}
	}
	if v, ok := props["isArchived"]; ok && v != nil {
		if _, isBool := v.(bool); !isBool {
			return fieldError("properties.isArchived", "must be a boolean, got %s", jsonKind(v))
		}
	}
	identity, e := object(props, "identity", "properties.")
	if e != nil {
		return e
	}
	if identity != nil {
		if _, e := requiredStr(identity, "identityType", "properties.identity."); e != nil {
			return e
		}
		if _, e := oneOf(identity, "identityType", "properties.identity.", "AMLToken", "Managed", "UserIdentity"); e != nil {
			return e
		}
	}
	services, e := object(props, "services", "properties.")
	if e != nil {
		return e
	}
	for k := range services {
		if _, e := object(services, k, "properties.services."); e != nil {
			return e
		}
	}
	return nil
}

// parseRunnable reads what a command job and a sweep's trial share: command, environment,
// resources, distribution and environment variables. params are the search-space values a
// trial substitutes (nil outside sweeps).
func (w *world) parseRunnable(m map[string]any, path string, inputs map[string]string, params map[string]any, spec *jobSpec) *httpError {
	command, e := requiredStr(m, "command", path)
	if e != nil {
		return e
	}
	if _, e := requiredStr(m, "environmentId", path); e != nil {
		return e
	}
	if spec.command, e = substitute(command, path+"command", inputs, params); e != nil {
		return e
	}
	if spec.env, e = stringMap(m, "environmentVariables", path); e != nil {
		return e
	}
	resources, e := object(m, "resources", path)
	if e != nil {
		return e
	}
	spec.nodes = 1
	if resources != nil {
		if spec.nodes, e = integer(resources, "instanceCount", path+"resources.", 1, 1, maxRanks); e != nil {
			return e
		}
		for _, k := range []string{"instanceType", "shmSize", "dockerArgs"} {
			if _, e := str(resources, k, path+"resources."); e != nil {
				return e
			}
		}
	}
	if spec.procs, e = processesPerNode(m, path, spec.nodes); e != nil {
		return e
	}
	if spec.nodes*spec.procs > maxRanks {
		return fieldError(path+"resources.instanceCount", "%d nodes × %d processes is more than the %d processes the emulator runs for one job", spec.nodes, spec.procs, maxRanks)
	}
	return nil
}

// processesPerNode reads the distribution: how many ranks run on each node.
func processesPerNode(m map[string]any, path string, nodes int) (int, *httpError) {
	dist, e := object(m, "distribution", path)
	if e != nil || dist == nil {
		return 1, e
	}
	dp := path + "distribution."
	if _, e := requiredStr(dist, "distributionType", dp); e != nil {
		return 0, e
	}
	kind, e := oneOf(dist, "distributionType", dp, "Mpi", "PyTorch", "TensorFlow")
	if e != nil {
		return 0, e
	}
	if kind != "TensorFlow" {
		return integer(dist, "processCountPerInstance", dp, 1, 1, maxRanks)
	}
	workers, e := integer(dist, "workerCount", dp, nodes, 0, maxRanks)
	if e != nil {
		return 0, e
	}
	servers, e := integer(dist, "parameterServerCount", dp, 0, 0, maxRanks)
	if e != nil {
		return 0, e
	}
	return max(1, (workers+servers+nodes-1)/nodes), nil
}

// inputValues reads the job's inputs: literal values, or the URI of data inputs, keyed by
// name, for ${{inputs.NAME}} in the command.
func inputValues(props map[string]any, path string) (map[string]string, *httpError) {
	inputs, e := object(props, "inputs", path)
	if e != nil {
		return nil, e
	}
	out := map[string]string{}
	for name := range inputs {
		in, e := object(inputs, name, path+"inputs.")
		if e != nil {
			return nil, e
		}
		if in == nil {
			continue
		}
		ip := path + "inputs." + name + "."
		if _, e := requiredStr(in, "jobInputType", ip); e != nil {
			return nil, e
		}
		v, e := str(in, "value", ip)
		if e != nil {
			return nil, e
		}
		if v == "" {
			if v, e = str(in, "uri", ip); e != nil {
				return nil, e
			}
		}
		out[name] = v
	}
	return out, nil
}

func bindingShape() *regexp.Regexp {
	return regexp.MustCompile(`\$\{\{\s*([A-Za-z_]+)\.([A-Za-z0-9_.-]+)\s*\}\}`)
}

// substitute resolves ${{inputs.X}}, ${{search_space.X}} and ${{outputs.X}} in a command as
// the service does before the command runs; a reference to something undefined is refused.
func substitute(command, field string, inputs map[string]string, params map[string]any) (string, *httpError) {
	var bad *httpError
	out := bindingShape().ReplaceAllStringFunc(command, func(ref string) string {
		m := bindingShape().FindStringSubmatch(ref)
		scope, name := m[1], m[2]
		switch scope {
		case "inputs":
			if v, ok := inputs[name]; ok {
				return v
			}
		case "search_space":
			if params == nil {
				return ref // resolved per trial
			}
			if v, ok := params[name]; ok {
				return formatParam(v)
			}
		case "outputs":
			return "outputs/" + name
		}
		if bad == nil {
			bad = fieldError(field, "%s refers to %s.%s, which the job does not define", ref, scope, name)
		}
		return ref
	})
	return out, bad
}

// formatParam renders a hyperparameter value for a command line.
func formatParam(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return fmt.Sprintf("%g", t)
	}
	return jsonText(v)
}

// computeNameFromID accepts what clients put in computeId: the compute's full ARM id in this
// workspace, "azureml:NAME", or a bare name.
func (w *world) computeNameFromID(id string) (string, *httpError) {
	const field = "properties.computeId"
	if name, ok := strings.CutPrefix(id, "azureml:"); ok {
		id = name
	}
	if !strings.Contains(id, "/") {
		return id, nil
	}
	parts := strings.Split(strings.Trim(id, "/"), "/")
	want := strings.Split(strings.Trim(w.computeID("x"), "/"), "/")
	if len(parts) != len(want) {
		return "", fieldError(field, "%q is not a compute resource id of the form %s", id, w.computeID("{name}"))
	}
	for i := range want[:len(want)-1] {
		if !strings.EqualFold(parts[i], want[i]) {
			return "", fieldError(field, "%q does not name a compute of workspace %s (expected an id starting %s)", id, w.ws, w.computeID(""))
		}
	}
	return parts[len(parts)-1], nil
}

// claimError turns the compute half's refusal into the 400 the service answers.
func claimError(err error) *httpError {
	if ae, ok := err.(*armError); ok {
		e := &httpError{Status: http.StatusBadRequest, Err: *ae}
		switch {
		case e.Err.Target != "":
		case ae.Code == "BadArgument": // the compute cannot give that many nodes
			e.Err.Target = "properties.resources.instanceCount"
		default:
			e.Err.Target = "properties.computeId"
		}
		return e
	}
	return fieldError("properties.computeId", "%v", err)
}
