package emulator

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ARM job routes: list (paged with nextLink, filters jobType, tag, properties, listViewType),
// get, PUT create or update, POST cancel and DELETE (202 with a Location operation the SDK
// poller follows).

const (
	jobsPath = wsPath + "/jobs"
	jobPath  = jobsPath + "/{id}"
	// jobsPageSize is how many jobs one list page holds.
	jobsPageSize = 50
	// cancelOpPrefix and deleteOpPrefix mark job operations among the mfeOperationResults.
	cancelOpPrefix = "jc:"
	deleteOpPrefix = "jd:"
	studioPath     = "/studio/runs"
)

// jobRoutes holds what the job handlers share: the world and the log URL signer.
type jobRoutes struct {
	s      *Server
	w      *world
	signer *logSigner
}

func (jr *jobRoutes) register(mux *http.ServeMux) {
	s := jr.s
	s.handle(mux, "GET "+jobsPath, jr.list)
	s.handle(mux, "GET "+jobPath, onFound(jr.w, jr.w.lookupJob, jr.get))
	s.handle(mux, "PUT "+jobPath, jr.put)
	s.handle(mux, "POST "+jobPath+"/cancel", onFound(jr.w, jr.w.lookupJob, jr.cancel))
	s.handle(mux, "DELETE "+jobPath, inScope(jr.w, jr.w.checkWorkspace, jr.delete))
	s.handle(mux, "GET "+locPath+"/mfeOperationResults/{op}", inScope(jr.w, jr.w.checkLocationScope, jr.operationResult))
	jr.registerRunHistory(mux)
	mux.HandleFunc("GET "+blobPathPrefix+"{path...}", jr.serveBlob)
	mux.HandleFunc("HEAD "+blobPathPrefix+"{path...}", jr.serveBlob)
	mux.HandleFunc("GET "+studioPath+"/{id}", jr.studio)
}

// list answers one page of the workspace's top-level jobs, newest first. Sweep trials are
// children: run history's children route lists them.
func (jr *jobRoutes) list(w http.ResponseWriter, r *http.Request) *httpError {
	q := r.URL.Query()
	filter, e := parseJobFilter(q)
	if e != nil {
		return e
	}
	skip, ok := pageOffset(q, "$skip")
	if !ok {
		return badRequest("UserError", "$skip: the continuation token %q is not valid; use the nextLink of the previous page", q.Get("$skip"))
	}
	sw := jr.w
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if e := sw.checkWorkspace(r); e != nil {
		return e
	}
	var jobs []*jobState
	for _, j := range sw.jobs {
		if j.Parent == "" && !j.Deleted && filter.match(j) {
			jobs = append(jobs, j)
		}
	}
	slices.SortFunc(jobs, func(a, b *jobState) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	values, next := offsetPage(jobs, skip, jobsPageSize, sw.renderJob)
	page := map[string]any{"value": values}
	if next > 0 {
		page["nextLink"] = sw.linkWithQuery(r, "$skip", strconv.Itoa(next))
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// jobFilter is the list's query filters.
type jobFilter struct {
	jobType  string
	tag      string             // a tag name, or name=value
	props    map[string]*string // name → required value (nil: any)
	archived string             // ActiveOnly, ArchivedOnly or All
}

func parseJobFilter(q url.Values) (jobFilter, *httpError) {
	f := jobFilter{jobType: q.Get("jobType"), tag: q.Get("tag"), archived: "ActiveOnly"}
	if v := q.Get("listViewType"); v != "" {
		ok := false
		for _, a := range []string{"ActiveOnly", "ArchivedOnly", "All"} {
			if strings.EqualFold(a, v) {
				f.archived, ok = a, true
			}
		}
		if !ok {
			return f, badRequest("UserError", "listViewType: %q is not one of ActiveOnly, ArchivedOnly, All", v)
		}
	}
	if v := q.Get("properties"); v != "" {
		f.props = map[string]*string{}
		for _, part := range strings.Split(v, ",") {
			name, val, hasVal := strings.Cut(strings.TrimSpace(part), "=")
			if name == "" {
				return f, badRequest("UserError", "properties: %q is not a comma-separated list of name or name=value", v)
			}
			if hasVal {
				f.props[name] = &val
			} else {
				f.props[name] = nil
			}
		}
	}
	return f, nil
}

func (f jobFilter) match(j *jobState) bool {
	if f.jobType != "" && !strings.EqualFold(f.jobType, j.Type) {
		return false
	}
	archived, _ := j.Properties["isArchived"].(bool)
	if (f.archived == "ActiveOnly" && archived) || (f.archived == "ArchivedOnly" && !archived) {
		return false
	}
	if f.tag != "" {
		tags, _ := j.Properties["tags"].(map[string]any)
		name, value, hasValue := strings.Cut(f.tag, "=")
		got, ok := tags[name]
		if !ok || (hasValue && got != value) {
			return false
		}
	}
	props, _ := j.Properties["properties"].(map[string]any)
	for name, want := range f.props {
		got, ok := props[name]
		if !ok || (want != nil && got != *want) {
			return false
		}
	}
	return true
}

// lookupJob finds the job of the request's path in the request's workspace, answering 404
// otherwise.
func (w *world) lookupJob(r *http.Request) (*jobState, *httpError) {
	if e := w.checkWorkspace(r); e != nil {
		return nil, e
	}
	j := w.job(r.PathValue("id"))
	if j == nil {
		return nil, notFoundJob(r.PathValue("id"))
	}
	return j, nil
}

func (jr *jobRoutes) get(w http.ResponseWriter, r *http.Request, j *jobState) *httpError {
	writeJSON(w, http.StatusOK, jr.w.renderJob(j))
	return nil
}

// mutableJobFields are what a PUT on an existing job may change.
func mutableJobFields() []string {
	return []string{"description", "displayName", "tags", "properties", "isArchived"}
}

func (jr *jobRoutes) put(w http.ResponseWriter, r *http.Request) *httpError {
	name := r.PathValue("id")
	if e := validateJobName(name); e != nil {
		return e
	}
	var body map[string]any
	if !decodeJSON(w, r, &body) {
		return nil
	}
	if body == nil {
		return fieldError("properties", "is required")
	}
	sw := jr.w
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if e := sw.checkWorkspace(r); e != nil {
		return e
	}
	spec, e := sw.parseJobBody(body)
	if e != nil {
		return e
	}
	now := sw.now()
	if j := sw.job(name); j != nil {
		if e := sw.updateJob(j, spec); e != nil {
			return e
		}
		j.Modified = now
		sw.markDirty()
		writeJSON(w, http.StatusOK, sw.renderJob(j))
		return nil
	}
	j, e := sw.createJob(name, spec, now)
	if e != nil {
		return e
	}
	writeJSON(w, http.StatusCreated, sw.renderJob(j))
	return nil
}

// updateJob applies a PUT to an existing job: only the mutable fields may differ. The bodies
// are compared as the service would answer them, so a job read with GET and sent back with a
// new description is an update, not a change of command.
func (w *world) updateJob(j *jobState, spec *jobSpec) *httpError {
	if j.Parent != "" {
		return badRequest("UserError", "Job '%s' is a trial of sweep '%s'; trials cannot be updated.", j.Name, j.Parent)
	}
	proposed := *j
	proposed.Type, proposed.Properties = spec.typ, spec.props
	have := w.renderJob(j)["properties"].(map[string]any)
	want := w.renderJob(&proposed)["properties"].(map[string]any)
	var changed []string
	for _, k := range slices.Sorted(maps.Keys(union(have, want))) {
		if slices.Contains(mutableJobFields(), k) || slices.Contains(serviceJobFields(), k) {
			continue
		}
		if !reflect.DeepEqual(have[k], want[k]) {
			changed = append(changed, k)
		}
	}
	if len(changed) > 0 {
		e := badRequest("UserError", "A job named '%s' already exists and only %s can change; the request changes %s.", j.Name, strings.Join(mutableJobFields(), ", "), strings.Join(changed, ", "))
		e.Err.Target = "properties." + changed[0]
		return e
	}
	for _, k := range mutableJobFields() {
		if v, ok := spec.props[k]; ok {
			j.Properties[k] = v
		} else {
			delete(j.Properties, k)
		}
	}
	return nil
}

// serviceJobFields are what the service itself maintains; a PUT may carry them (a job read
// back), but they are not the client's to change.
func serviceJobFields() []string { return []string{"status", "services", "parameters"} }

func union(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func (jr *jobRoutes) cancel(w http.ResponseWriter, r *http.Request, j *jobState) *httpError {
	sw := jr.w
	if terminalStatus(j.Status) {
		return badRequest("UserError", "Job '%s' has already ended (%s); only a job that has not ended can be canceled.", j.Name, j.Status)
	}
	if j.CancelOp == "" {
		j.CancelOp = sw.newID()
	}
	sw.requestCancel(j, sw.now())
	writeAccepted(w, jr.opURL(cancelOpPrefix+j.CancelOp, r.URL.Query().Get("api-version")))
	return nil
}

// delete deletes a job (a sweep with its trials), canceling it first if it still runs: 202
// with a Location operation that succeeds once the job is gone; 204 when there is no such job.
func (jr *jobRoutes) delete(w http.ResponseWriter, r *http.Request, sw *world) *httpError {
	j := sw.job(r.PathValue("id"))
	if j == nil {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	if j.Parent != "" {
		return badRequest("UserError", "Job '%s' is a trial of sweep '%s'; delete the sweep instead.", j.Name, j.Parent)
	}
	if j.DeleteOp == "" {
		j.DeleteOp = sw.newID()
		sw.markDirty()
	}
	sw.requestCancel(j, sw.now())
	writeAccepted(w, jr.opURL(deleteOpPrefix+j.DeleteOp, r.URL.Query().Get("api-version")))
	return nil
}

// opURL is the Location of a job operation.
func (jr *jobRoutes) opURL(op, apiVersion string) string {
	sw := jr.w
	return sw.endpoint + "/subscriptions/" + sw.sub + "/providers/Microsoft.MachineLearningServices/locations/" + sw.location +
		"/mfeOperationResults/" + op + "?api-version=" + url.QueryEscape(apiVersion)
}

// operationResult answers a job operation: 202 with its Location while it runs, 200 once the
// job has ended (cancel) or is gone (delete).
func (jr *jobRoutes) operationResult(w http.ResponseWriter, r *http.Request, sw *world) *httpError {
	op := r.PathValue("op")
	done, found := false, false
	for _, j := range sw.jobs {
		switch {
		case j.CancelOp != "" && op == cancelOpPrefix+j.CancelOp:
			done, found = terminalStatus(j.Status), true
		case j.DeleteOp != "" && op == deleteOpPrefix+j.DeleteOp:
			done, found = j.Deleted, true
		}
	}
	if !found {
		return errorf(http.StatusNotFound, "NotFound", "The operation '%s' was not found.", op)
	}
	if !done {
		writeAccepted(w, jr.opURL(op, r.URL.Query().Get("api-version")))
		return nil
	}
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	return nil
}

// writeAccepted answers 202 with an empty body and the Location of the operation to poll.
func writeAccepted(w http.ResponseWriter, location string) {
	w.Header().Set("Location", location)
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusAccepted)
}

// studio serves the job's Studio link: a plain-text page with its status and logs, so the
// link the console shows leads somewhere.
func (jr *jobRoutes) studio(w http.ResponseWriter, r *http.Request) {
	sw := jr.w
	sw.mu.Lock()
	j := sw.job(r.PathValue("id"))
	var page strings.Builder
	if j != nil {
		fmt.Fprintf(&page, "Job %s (%s) on %s: %s\n", j.Name, j.Type, j.Compute, j.Status)
		fmt.Fprintf(&page, "Created %s\n", j.Created.UTC().Format(time.RFC3339))
		if j.Error != nil {
			fmt.Fprintf(&page, "\nError: %s\n", j.Error.Message)
		}
		fmt.Fprintf(&page, "\nLogs:\n")
		for _, n := range sw.logNames(j) {
			fmt.Fprintf(&page, "  %s\n", n)
		}
	}
	sw.mu.Unlock()
	if j == nil {
		http.Error(w, "no such job", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(page.String()))
}
