package emulator

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Run history, the data plane hosted on the same server: the discovery document the
// workspace's discoveryUrl names (anonymous), and run details, runs and children under
// {api}/history/v1.0/... (bearer token, no api-version), in the shape run history answers.

const (
	historyPath = "/history/v1.0" + rgPath + provider + "/workspaces/{ws}/runs/{id}"
	// experimentRunPath is the experiment-scoped form the v1 SDKs use.
	experimentRunPath = "/history/v1.0" + rgPath + provider + "/workspaces/{ws}/experiments/{exp}/runs/{id}"
	// childrenPageSize is how many children one page holds, as run history pages them.
	childrenPageSize = 50
)

func (jr *jobRoutes) registerRunHistory(mux *http.ServeMux) {
	mux.HandleFunc("GET "+discoveryPath, jr.discovery)
	for _, base := range []string{historyPath, experimentRunPath} {
		mux.HandleFunc("GET "+base+"/details", jr.s.bearer(jr.historyHandler(jr.details)))
		mux.HandleFunc("GET "+base, jr.s.bearer(jr.historyHandler(jr.run)))
		mux.HandleFunc("GET "+base+"/children", jr.s.bearer(jr.historyHandler(jr.children)))
	}
}

// discovery is the flat map of service base URLs; every service is this server.
func (jr *jobRoutes) discovery(w http.ResponseWriter, r *http.Request) {
	base := jr.w.endpoint
	writeJSON(w, http.StatusOK, map[string]string{
		"api": base, "catalog": base, "experimentation": base, "gallery": base, "history": base,
		"hyperdrive": base, "labeling": base, "modelmanagement": base, "pipelines": base,
		"studio": base + "/studio",
	})
}

// historyHandler resolves the run named in the path under the world's lock and hands it on.
func (jr *jobRoutes) historyHandler(h func(w http.ResponseWriter, r *http.Request, j *jobState)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sw := jr.w
		sw.mu.Lock()
		defer sw.mu.Unlock()
		if e := sw.checkWorkspace(r); e != nil {
			writeARMError(w, e)
			return
		}
		j := sw.job(r.PathValue("id"))
		if exp := r.PathValue("exp"); j != nil && exp != "" && !strings.EqualFold(exp, experimentOf(j)) {
			j = nil // the run exists, but in another experiment
		}
		if j == nil {
			writeARMError(w, errorf(http.StatusNotFound, "UserError", "Run %s was not found in workspace %s.", r.PathValue("id"), sw.ws))
			return
		}
		h(w, r, j)
	}
}

// details answers run details, with fresh log URLs on every call.
func (jr *jobRoutes) details(w http.ResponseWriter, r *http.Request, j *jobState) {
	body := jr.runBody(j)
	logs := map[string]string{}
	for _, name := range jr.w.logNames(j) {
		logs[name] = jr.logURL(j.Name, name)
	}
	body["logFiles"] = logs
	body["revision"] = j.Modified.UnixMilli()
	body["runDefinition"] = map[string]any{
		"script": nil, "command": j.Command, "target": j.Compute, "nodeCount": j.NodeCount,
		"environmentVariables": j.Env, "jobName": nil, "maxRunDurationSeconds": durationSeconds(j.Timeout),
	}
	writeJSON(w, http.StatusOK, body)
}

func (jr *jobRoutes) run(w http.ResponseWriter, r *http.Request, j *jobState) {
	writeJSON(w, http.StatusOK, jr.runBody(j))
}

// children answers a page of a run's children (a sweep's trials), with run history's
// continuationToken and a nextLink carrying it.
func (jr *jobRoutes) children(w http.ResponseWriter, r *http.Request, j *jobState) {
	skip, ok := pageOffset(r.URL.Query(), "continuationToken")
	if !ok {
		writeARMError(w, badRequest("UserError", "continuationToken: %q is not a token this service issued", r.URL.Query().Get("continuationToken")))
		return
	}
	values, next := offsetPage(jr.w.trials(j), skip, childrenPageSize, jr.runBody)
	page := map[string]any{"value": values, "continuationToken": nil, "nextLink": nil}
	if next > 0 {
		tok := strconv.Itoa(next)
		page["continuationToken"] = tok
		page["nextLink"] = jr.w.linkWithQuery(r, "continuationToken", tok)
	}
	writeJSON(w, http.StatusOK, page)
}

// runBody is a run as run history describes it.
func (jr *jobRoutes) runBody(j *jobState) map[string]any {
	sw := jr.w
	var parentUUID, parentID any
	root := j.Name
	if j.Parent != "" {
		parentID, root = j.Parent, j.Parent
		if p := sw.job(j.Parent); p != nil {
			parentUUID = p.UUID
		}
	}
	tags := map[string]any{}
	if t, ok := j.Properties["tags"].(map[string]any); ok {
		tags = t
	}
	props := map[string]any{}
	if p, ok := j.Properties["properties"].(map[string]any); ok {
		props = p
	}
	warnings := []runWarning{}
	warnings = append(warnings, j.Warnings...)
	return map[string]any{
		"runId":              j.Name,
		"runUuid":            j.UUID,
		"parentRunUuid":      parentUUID,
		"parentRunId":        parentID,
		"rootRunId":          root,
		"experimentName":     j.Properties["experimentName"],
		"displayName":        displayName(j),
		"runType":            runType(j),
		"target":             j.Compute,
		"status":             j.Status,
		"dataContainerId":    "dcid." + j.Name,
		"createdTimeUtc":     historyTime(j.Created),
		"startTimeUtc":       historyTime(j.Started),
		"endTimeUtc":         historyTime(j.Ended),
		"lastModifiedUtc":    historyTime(j.Modified),
		"computeDuration":    computeDuration(j, sw.now()),
		"error":              historyError(j),
		"warnings":           warnings,
		"tags":               tags,
		"properties":         props,
		"parameters":         j.Params,
		"hidden":             false,
		"computeRequest":     map[string]any{"nodeCount": j.NodeCount, "gpuCount": 0},
		"compute":            map[string]any{"target": j.Compute, "targetType": "AmlCompute", "vmSize": nil, "instanceCount": j.NodeCount},
		"createdBy":          map[string]any{"userName": emulatorUser, "userObjectId": emulatorTenant, "userTenantId": emulatorTenant},
		"restartCount":       max(j.Attempt-1, 0),
		"currentComputeTime": computeDuration(j, sw.now()),
		"inputDatasets":      []any{},
		"outputDatasets":     []any{},
		"services":           map[string]any{},
		"description":        j.Properties["description"],
	}
}

// experimentOf is the experiment a job belongs to.
func experimentOf(j *jobState) string {
	if s, ok := j.Properties["experimentName"].(string); ok && s != "" {
		return s
	}
	return "Default"
}

func displayName(j *jobState) string {
	if s, ok := j.Properties["displayName"].(string); ok && s != "" {
		return s
	}
	return j.Name
}

func runType(j *jobState) string {
	if j.Type == jobTypeSweep {
		return "hyperdrive"
	}
	return "azureml.scriptrun"
}

// historyError is a run's error in run history's envelope, or nil.
func historyError(j *jobState) any {
	if j.Error == nil {
		return nil
	}
	return map[string]any{
		"error": map[string]any{
			"code": j.Error.Code, "severity": nil, "message": j.Error.Message, "messageFormat": nil,
			"messageParameters": map[string]any{}, "referenceCode": nil, "detailsUri": nil, "target": nil,
			"details": []any{}, "innerError": nil, "debugInfo": nil, "additionalInfo": nil,
		},
		"correlation": map[string]any{"operation": nil, "request": nil},
		"environment": nil, "location": nil,
		"time":          historyTime(j.Ended),
		"componentName": "CommonRuntime",
	}
}

// historyTime formats a time as run history does, or null when it has not happened.
func historyTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05.0000000+00:00")
}

// computeDuration is the time the run has spent running, as h:mm:ss.fff.
func computeDuration(j *jobState, now time.Time) any {
	if j.Started.IsZero() {
		return nil
	}
	end := j.Ended
	if end.IsZero() {
		end = now
	}
	d := max(end.Sub(j.Started), 0)
	ms := d.Milliseconds()
	return fmt.Sprintf("%d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

func durationSeconds(d time.Duration) any {
	if d <= 0 {
		return nil
	}
	return int64(d.Seconds())
}
