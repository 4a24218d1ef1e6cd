package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Conformance of the job routes with Microsoft's REST examples (rest-examples/2024-04-01/Job)
// and the recorded Get-AzMLWorkspaceJob traffic: the example or recorded request is accepted,
// and the answer has the same status code and the same JSON field names, recursively. Values
// differ; fields the example lacks are allowed only where the real service (the recording)
// has them too.

// Maps whose keys are the user's (tags, property bags, environment variables): compared as a
// whole, not key by key.
func opaqueMaps() []string {
	return []string{"properties.tags", "properties.properties", "properties.environmentVariables", "properties.parameters",
		"properties.searchSpace", "properties.resources.properties", "properties.trial.environmentVariables",
		"properties.trial.resources.properties", "properties.services.*.properties"}
}

// Maps whose keys are names of entries that share one shape: their entries are compared as one.
func entryMaps() []string {
	return []string{"properties.services", "properties.inputs", "properties.outputs", "value[].properties.services",
		"value[].properties.inputs", "value[].properties.outputs"}
}

// fieldPaths collects the dotted paths of every field of a decoded JSON value.
func fieldPaths(v any, prefix string, out map[string]bool) {
	switch t := v.(type) {
	case map[string]any:
		norm := strings.TrimPrefix(prefix, "value[].")
		if slices.Contains(opaqueMaps(), norm) {
			return
		}
		for k, x := range t {
			key := k
			if slices.Contains(entryMaps(), prefix) {
				key = "*"
			}
			p := key
			if prefix != "" {
				p = prefix + "." + key
			}
			out[p] = true
			fieldPaths(x, p, out)
		}
	case []any:
		for _, x := range t {
			fieldPaths(x, prefix+"[]", out)
		}
	}
}

func pathsOf(v any) map[string]bool {
	out := map[string]bool{}
	fieldPaths(v, "", out)
	return out
}

// compareFields checks that got has every field of want, and no field that is in neither
// want nor allowed.
func compareFields(t *testing.T, what string, got, want any, allowed ...any) {
	t.Helper()
	g, w := pathsOf(got), pathsOf(want)
	extra := map[string]bool{}
	for _, a := range allowed {
		for p := range pathsOf(a) {
			extra[p] = true
		}
	}
	var missing, unexpected []string
	for p := range w {
		if !g[p] {
			missing = append(missing, p)
		}
	}
	for p := range g {
		if !w[p] && !extra[p] {
			unexpected = append(unexpected, p)
		}
	}
	sort.Strings(missing)
	sort.Strings(unexpected)
	if len(missing) > 0 {
		t.Errorf("%s: fields missing: %v", what, missing)
	}
	if len(unexpected) > 0 {
		t.Errorf("%s: fields neither the example nor the real service has: %v", what, unexpected)
	}
}

// recordedJob is the job of the recording, with its list item prefix stripped.
func recordedJob(t *testing.T) any {
	for _, e := range confRecording(t, "Get-AzMLWorkspaceJob.Recording.json") {
		if e.Method == "GET" && !strings.HasSuffix(e.URI.Path, "/jobs") {
			return e.Body
		}
	}
	t.Fatal("no GET of one job in the recording")
	return nil
}

// placeholderBody rewrites an example's placeholder values that cannot name real things:
// the compute (the example says "string") and an empty search-space distribution.
func placeholderBody(t *testing.T, ex confExampleFile, compute string) map[string]any {
	t.Helper()
	body := deepCopy(ex.Parameters["body"]).(map[string]any)
	props := body["properties"].(map[string]any)
	props["computeId"] = compute
	if ss, ok := props["searchSpace"].(map[string]any); ok {
		for k, v := range ss {
			if m, ok := v.(map[string]any); ok && len(m) == 0 {
				ss[k] = []any{"choice", []any{[]any{"a", "b"}}}
			}
		}
	}
	return body
}

func TestJobConformanceRESTExamples(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, func(o *Options) { o.NoExec = true })
	jobCluster(t, srv, "cpu", 2, "Dedicated")
	recorded := recordedJob(t)
	for _, kind := range []string{"CommandJob", "SweepJob"} {
		t.Run(kind, func(t *testing.T) {
			create := confExample(t, "Job/"+kind+"/createOrUpdate.json")
			name := kind + "-" + fmt.Sprint(create.Parameters["id"])
			body := placeholderBody(t, create, "cpu")
			for _, status := range []string{"201", "200"} {
				var got any
				resp := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/"+name), body, &got)
				if fmt.Sprint(resp.StatusCode) != status {
					t.Fatalf("PUT (%s expected): %d %s", status, resp.StatusCode, jbody(resp))
				}
				compareFields(t, "PUT "+status, got, create.Responses[status].Body, recorded)
			}
			get := confExample(t, "Job/"+kind+"/get.json")
			var got any
			if resp := jcall(t, srv, "GET", jobsURL(srv, "/jobs/"+name), nil, &got); resp.StatusCode != http.StatusOK {
				t.Fatalf("GET: %d", resp.StatusCode)
			}
			compareFields(t, "GET", got, get.Responses["200"].Body, recorded)
		})
	}
	t.Run("list", func(t *testing.T) {
		// Enough jobs for a second page, so the first carries nextLink as in the example.
		for i := range jobsPageSize {
			jcall(t, srv, "PUT", jobsURL(srv, fmt.Sprintf("/jobs/filler-%d", i)), commandJob("cpu", "true", nil), nil)
		}
		for _, kind := range []string{"CommandJob", "SweepJob"} {
			ex := confExample(t, "Job/"+kind+"/list.json")
			jobType := strings.TrimSuffix(kind, "Job")
			// The example's job carries the tag "string"; the fillers do not.
			var page map[string]any
			resp := jcall(t, srv, "GET", jobsURL(srv, "/jobs?tag=string&jobType="+jobType), nil, &page)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("list: %d", resp.StatusCode)
			}
			values, _ := page["value"].([]any)
			if len(values) == 0 {
				t.Fatalf("list of %s jobs is empty", jobType)
			}
			want := ex.Responses["200"].Body.(map[string]any)
			wantItem := want["value"].([]any)[0]
			compareFields(t, kind+" list item", values[0], wantItem, recorded)
		}
		var page map[string]any
		jcall(t, srv, "GET", jobsURL(srv, "/jobs"), nil, &page)
		if _, ok := page["nextLink"]; !ok {
			t.Errorf("a full first page has no nextLink")
		}
	})
}

func TestJobConformanceRecording(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, func(o *Options) { o.NoExec = true })
	entries := confRecording(t, "Get-AzMLWorkspaceJob.Recording.json")
	job := recordedJob(t).(map[string]any)
	props := deepCopy(job["properties"]).(map[string]any)
	computeName := props["computeId"].(string)[strings.LastIndex(props["computeId"].(string), "/")+1:]
	jobCluster(t, srv, computeName, 1, "Dedicated")
	delete(props, "status")
	props["computeId"] = srv.world.computeID(computeName)
	name := job["name"].(string)
	if resp := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/"+name), map[string]any{"properties": props}, nil); resp.StatusCode != http.StatusCreated {
		t.Fatalf("PUT of the recorded job: %d %s", resp.StatusCode, jbody(resp))
	}
	example := confExample(t, "Job/CommandJob/get.json").Responses["200"].Body
	exampleList := confExample(t, "Job/CommandJob/list.json").Responses["200"].Body
	for _, e := range entries {
		u := e.URI
		// Rewrite host, subscription, resource group and workspace to the emulator's.
		parts := strings.Split(u.Path, "/")
		info := srv.Info()
		parts[2], parts[4], parts[8] = info.Subscription, info.ResourceGroup, info.Workspace
		target := info.Endpoint + strings.Join(parts, "/") + "?" + u.RawQuery
		var got any
		resp := jcall(t, srv, e.Method, target, nil, &got)
		if resp.StatusCode != e.Status {
			t.Fatalf("%s %s: %d, recorded %d: %s", e.Method, u.Path, resp.StatusCode, e.Status, jbody(resp))
		}
		if strings.HasSuffix(u.Path, "/jobs") {
			compareFields(t, "recorded list", got, e.Body, exampleList)
		} else {
			compareFields(t, "recorded get", got, e.Body, example)
		}
	}
}

func TestJobConformanceDeleteExample(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, func(o *Options) { o.NoExec = true })
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	ex := confExample(t, "Job/delete.json")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/my-favorite-aml-job"), commandJob("cpu", "true", nil), nil)
	resp := jcall(t, srv, "DELETE", jobsURL(srv, "/jobs/my-favorite-aml-job"), nil, nil)
	want := ex.Responses["202"]
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("DELETE: %d, the example answers 202", resp.StatusCode)
	}
	for h := range want.Headers {
		if resp.Header.Get(h) == "" {
			t.Errorf("DELETE answer lacks the example's %s header", h)
		}
	}
	if r := jcall(t, srv, "DELETE", jobsURL(srv, "/jobs/never-was"), nil, nil); r.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE of a missing job: %d, the example answers 204", r.StatusCode)
	}
}
