package emulator

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
)

func TestJobPutValidation(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, func(o *Options) { o.NoExec = true })
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	sweep := func(mut func(p map[string]any)) map[string]any {
		p := map[string]any{
			"jobType": "Sweep", "computeId": "cpu",
			"samplingAlgorithm": map[string]any{"samplingAlgorithmType": "Random"},
			"objective":         map[string]any{"primaryMetric": "loss", "goal": "Minimize"},
			"limits":            map[string]any{"jobLimitsType": "Sweep", "maxTotalTrials": 2},
			"searchSpace":       map[string]any{"lr": []any{"uniform", []any{0.1, 0.2}}},
			"trial":             map[string]any{"command": "echo ${{search_space.lr}}", "environmentId": "env"},
		}
		mut(p)
		return map[string]any{"properties": p}
	}
	cmd := func(mut func(p map[string]any)) map[string]any {
		b := commandJob("cpu", "echo hi", nil)
		mut(b["properties"].(map[string]any))
		return b
	}
	cases := []struct {
		name, job string
		body      any
		status    int
		target    string
	}{
		{"bad name", "-bad", commandJob("cpu", "x", nil), 400, "name"},
		{"no properties", "j", map[string]any{}, 400, "properties"},
		{"no jobType", "j", cmd(func(p map[string]any) { delete(p, "jobType") }), 400, "properties.jobType"},
		{"unknown jobType", "j", cmd(func(p map[string]any) { p["jobType"] = "Batch" }), 400, "properties.jobType"},
		{"pipeline", "j", cmd(func(p map[string]any) { p["jobType"] = "Pipeline" }), 400, "properties.jobType"},
		{"no command", "j", cmd(func(p map[string]any) { delete(p, "command") }), 400, "properties.command"},
		{"no environment", "j", cmd(func(p map[string]any) { p["environmentId"] = "" }), 400, "properties.environmentId"},
		{"no compute", "j", cmd(func(p map[string]any) { delete(p, "computeId") }), 400, "properties.computeId"},
		{"unknown compute", "j", cmd(func(p map[string]any) { p["computeId"] = "nope" }), 400, "properties.computeId"},
		{"foreign workspace", "j", cmd(func(p map[string]any) {
			p["computeId"] = "/subscriptions/x/resourceGroups/y/providers/Microsoft.MachineLearningServices/workspaces/other/computes/cpu"
		}), 400, "properties.computeId"},
		{"more nodes than the cluster has", "j", cmd(func(p map[string]any) { p["resources"] = map[string]any{"instanceCount": 3} }), 400, "properties.resources.instanceCount"},
		{"instanceCount zero", "j", cmd(func(p map[string]any) { p["resources"] = map[string]any{"instanceCount": 0} }), 400, "properties.resources.instanceCount"},
		{"instanceCount fraction", "j", cmd(func(p map[string]any) { p["resources"] = map[string]any{"instanceCount": 1.5} }), 400, "properties.resources.instanceCount"},
		{"bad distribution", "j", cmd(func(p map[string]any) { p["distribution"] = map[string]any{"distributionType": "Horovod"} }), 400, "properties.distribution.distributionType"},
		{"env var not a string", "j", cmd(func(p map[string]any) { p["environmentVariables"] = map[string]any{"A": 1} }), 400, "properties.environmentVariables.A"},
		{"bad timeout", "j", cmd(func(p map[string]any) {
			p["limits"] = map[string]any{"jobLimitsType": "Command", "timeout": "5 minutes"}
		}), 400, "properties.limits.timeout"},
		{"unknown input", "j", cmd(func(p map[string]any) { p["command"] = "echo ${{inputs.data}}" }), 400, "properties.command"},
		{"tags not strings", "j", cmd(func(p map[string]any) { p["tags"] = map[string]any{"a": true} }), 400, "properties.tags.a"},
		{"sweep without objective", "s", sweep(func(p map[string]any) { delete(p, "objective") }), 400, "properties.objective"},
		{"sweep bad goal", "s", sweep(func(p map[string]any) { p["objective"] = map[string]any{"primaryMetric": "m", "goal": "Best"} }), 400, "properties.objective.goal"},
		{"sweep bad distribution", "s", sweep(func(p map[string]any) { p["searchSpace"] = map[string]any{"lr": []any{"gaussian", []any{1}}} }), 400, "properties.searchSpace.lr"},
		{"sweep uniform min>max", "s", sweep(func(p map[string]any) { p["searchSpace"] = map[string]any{"lr": []any{"uniform", []any{2, 1}}} }), 400, "properties.searchSpace.lr"},
		{"grid with uniform", "s", sweep(func(p map[string]any) {
			p["samplingAlgorithm"] = map[string]any{"samplingAlgorithmType": "Grid"}
		}), 400, "properties.searchSpace.lr"},
		{"random without maxTotalTrials", "s", sweep(func(p map[string]any) { p["limits"] = map[string]any{"jobLimitsType": "Sweep"} }), 400, "properties.limits.maxTotalTrials"},
		{"trial without command", "s", sweep(func(p map[string]any) { p["trial"] = map[string]any{"environmentId": "env"} }), 400, "properties.trial.command"},
		{"trial unknown parameter", "s", sweep(func(p map[string]any) {
			p["trial"] = map[string]any{"command": "echo ${{search_space.momentum}}", "environmentId": "env"}
		}), 400, "properties.trial.command"},
	}
	for _, c := range cases {
		var got struct {
			Error armError `json:"error"`
		}
		resp := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/"+c.job), c.body, &got)
		if resp.StatusCode != c.status || got.Error.Target != c.target || got.Error.Message == "" {
			t.Errorf("%s: %d target %q message %q; want %d naming %s", c.name, resp.StatusCode, got.Error.Target, got.Error.Message, c.status, c.target)
		}
	}
	var list struct {
		Value []testArmJob `json:"value"`
	}
	jcall(t, srv, "GET", jobsURL(srv, "/jobs"), nil, &list)
	if len(list.Value) != 0 {
		t.Errorf("refused PUTs left jobs behind: %+v", list.Value)
	}
}

func TestJobPutUpdatesOnlyMutableFields(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, func(o *Options) { o.NoExec = true })
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	body := commandJob("cpu", "echo hi", map[string]any{"description": "first", "tags": map[string]any{"a": "1"}})
	if r := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/upd"), body, nil); r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", r.StatusCode, jbody(r))
	}
	body["properties"].(map[string]any)["description"] = "second"
	var got map[string]any
	if r := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/UPD"), body, &got); r.StatusCode != http.StatusOK {
		t.Fatalf("update: %d %s", r.StatusCode, jbody(r))
	}
	if d := got["properties"].(map[string]any)["description"]; d != "second" {
		t.Errorf("description after update = %v", d)
	}
	body["properties"].(map[string]any)["command"] = "echo changed"
	var e struct {
		Error armError `json:"error"`
	}
	if r := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/upd"), body, &e); r.StatusCode != http.StatusBadRequest || !strings.Contains(e.Error.Message, "command") {
		t.Errorf("changing the command: %d %+v", r.StatusCode, e.Error)
	}
}

func TestJobListFilters(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, func(o *Options) { o.NoExec = true })
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	put := func(name string, extra map[string]any) {
		if r := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/"+name), commandJob("cpu", "true", extra), nil); r.StatusCode != http.StatusCreated {
			t.Fatalf("PUT %s: %d %s", name, r.StatusCode, jbody(r))
		}
	}
	put("plain", nil)
	put("tagged", map[string]any{"tags": map[string]any{"team": "vision"}})
	put("tagged-other", map[string]any{"tags": map[string]any{"team": "nlp"}})
	put("with-props", map[string]any{"properties": map[string]any{"stage": "prod", "owner": "ann"}})
	put("archived", map[string]any{"isArchived": true})
	names := func(query string) string {
		t.Helper()
		var page struct {
			Value []testArmJob `json:"value"`
		}
		if r := jcall(t, srv, "GET", jobsURL(srv, "/jobs"+query), nil, &page); r.StatusCode != http.StatusOK {
			t.Fatalf("list %s: %d %s", query, r.StatusCode, jbody(r))
		}
		var out []string
		for _, j := range page.Value {
			out = append(out, j.Name)
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	cases := map[string]string{
		"":                               "plain,tagged,tagged-other,with-props",
		"?listViewType=All":              "archived,plain,tagged,tagged-other,with-props",
		"?listViewType=ArchivedOnly":     "archived",
		"?tag=team":                      "tagged,tagged-other",
		"?tag=team%3Dvision":             "tagged",
		"?properties=stage":              "with-props",
		"?properties=stage%3Dprod,owner": "with-props",
		"?properties=stage%3Ddev":        "",
		"?jobType=Sweep":                 "",
		"?jobType=command":               "plain,tagged,tagged-other,with-props",
	}
	for q, want := range cases {
		if got := names(q); got != want {
			t.Errorf("list%s = %q, want %q", q, got, want)
		}
	}
	for _, q := range []string{"?listViewType=Everything", "?$skip=-3", "?properties=%3Dx"} {
		if r := jcall(t, srv, "GET", jobsURL(srv, "/jobs"+q), nil, nil); r.StatusCode != http.StatusBadRequest {
			t.Errorf("list%s: %d, want 400", q, r.StatusCode)
		}
	}
}

func TestJobRoutesUnknownJobAndScope(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	for _, c := range []struct{ method, path string }{{"GET", "/jobs/ghost"}, {"POST", "/jobs/ghost/cancel"}} {
		if r := jcall(t, srv, c.method, jobsURL(srv, c.path), nil, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s: %d, want 404", c.method, c.path, r.StatusCode)
		}
	}
	other := strings.Replace(jobsURL(srv, "/jobs"), "/workspaces/"+srv.Info().Workspace, "/workspaces/elsewhere", 1)
	if r := jcall(t, srv, "GET", other, nil, nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("jobs of another workspace: %d, want 404", r.StatusCode)
	}
	if r := jcall(t, srv, "GET", jobsURL(srv, "/jobs?api-version=1999-01-01"), nil, nil); r.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown api-version: %d, want 400", r.StatusCode)
	}
}

func TestJobTimeoutCancels(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/slow"), commandJob("cpu", "sleep 300", map[string]any{
		"limits": map[string]any{"jobLimitsType": "Command", "timeout": "PT30S"},
	}), nil)
	waitJobStatus(t, srv, "slow", statusCanceled)
	d := runDetailsOf(t, srv, "slow")
	if d.Error == nil || !strings.Contains(d.Error.Error.Message, "PT30S") {
		t.Errorf("a timed-out job's error: %+v", d.Error)
	}
}

func TestListNodesShowsRunningJob(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/busy"), commandJob("cpu", "sleep 300", nil), nil)
	waitJobStatus(t, srv, "busy", statusRunning)
	var nodes struct {
		Nodes []struct {
			RunID *string `json:"runId"`
		} `json:"nodes"`
	}
	jcall(t, srv, "POST", jobsURL(srv, "/computes/cpu/listNodes"), nil, &nodes)
	found := false
	for _, n := range nodes.Nodes {
		found = found || (n.RunID != nil && *n.RunID == "busy")
	}
	if !found {
		t.Errorf("no node reports runId busy: %s", fmt.Sprint(nodes))
	}
}

func TestJobPutOfAJobReadBackIsAnUpdate(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, func(o *Options) { o.NoExec = true })
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/roundtrip"), commandJob("cpu", "echo hi", nil), nil)
	waitJobStatus(t, srv, "roundtrip", statusRunning)
	var got map[string]any
	jcall(t, srv, "GET", jobsURL(srv, "/jobs/roundtrip"), nil, &got)
	props := got["properties"].(map[string]any)
	props["description"] = "edited after reading it back"
	props["tags"].(map[string]any)["reviewed"] = "yes"
	var updated testArmJob
	if r := jcall(t, srv, "PUT", jobsURL(srv, "/jobs/roundtrip"), map[string]any{"properties": props}, &updated); r.StatusCode != http.StatusOK {
		t.Fatalf("PUT of the job as read: %d %s", r.StatusCode, jbody(r))
	}
	if updated.Properties.Status != statusRunning {
		t.Errorf("an update changed the status to %s", updated.Properties.Status)
	}
	var tagged struct {
		Value []testArmJob `json:"value"`
	}
	jcall(t, srv, "GET", jobsURL(srv, "/jobs?tag=reviewed%3Dyes"), nil, &tagged)
	if len(tagged.Value) != 1 {
		t.Errorf("the new tag is not stored: %+v", tagged.Value)
	}
}
