package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/amlconsole/amlconsole/internal/fixtures"
)

// Conformance helpers: fixtures are read from ../shared/fixtures (never copied into the repo),
// replayed against the emulator, and answers are compared by status, LRO headers and the set
// of JSON field confPaths.

// confRecorded is one request/response pair of an Azure PowerShell recording.
type confRecorded struct {
	Method  string
	URI     *url.URL
	Request string // request body ("" when none)
	Status  int
	Headers map[string][]string
	Body    any // decoded response body (nil when empty)
}

// confRecording reads a recording's entries in request order, URLs parsed and answers decoded.
func confRecording(t *testing.T, name string) []confRecorded {
	t.Helper()
	var out []confRecorded
	for _, raw := range fixtures.ReadRecording(t, name) {
		u, err := url.Parse(raw.URI)
		if err != nil {
			t.Fatal(err)
		}
		e := confRecorded{Method: raw.Method, URI: u, Request: raw.ReqBody, Status: raw.Status, Headers: raw.Headers}
		if strings.TrimSpace(raw.RespBody) != "" {
			if err := json.Unmarshal([]byte(raw.RespBody), &e.Body); err != nil {
				t.Fatalf("%s: response of %s %s: %v", name, e.Method, u.Path, err)
			}
		}
		out = append(out, e)
	}
	return out
}

// confExampleFile is one REST API example, its values decoded generically.
type confExampleFile = fixtures.Example[any]

// confExample reads the REST example at rel, relative to rest-examples/2024-04-01.
func confExample(t *testing.T, rel string) confExampleFile {
	t.Helper()
	return fixtures.ReadExample[any](t, rel)
}

// confLocalPath rewrites a confRecorded or documented ARM path onto the emulator's scope.
func confLocalPath(s *Server, p string) string {
	i := s.Info()
	for _, r := range []struct{ re, to string }{
		{`(?i)/subscriptions/[^/]+`, "/subscriptions/" + i.Subscription},
		{`(?i)/resourceGroups/[^/]+`, "/resourceGroups/" + i.ResourceGroup},
		{`(?i)/workspaces/[^/]+`, "/workspaces/" + i.Workspace},
		{`(?i)/locations/[^/]+`, "/locations/" + i.Location},
	} {
		p = regexp.MustCompile(r.re).ReplaceAllString(p, r.to)
	}
	return p
}

// confExchange is one request to the emulator and its decoded answer.
type confExchange struct {
	Status  int
	Header  http.Header
	Body    any
	RawBody []byte
}

// confSend makes one authenticated request to the emulator (absolute URL or path).
func confSend(t *testing.T, s *Server, method, target, body string) confExchange {
	t.Helper()
	if !strings.HasPrefix(target, "http") {
		target = s.Info().Endpoint + target
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, target, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer conformance")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	ex := confExchange{Status: resp.StatusCode, Header: resp.Header, RawBody: raw}
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &ex.Body); err != nil {
			t.Fatalf("%s %s: answer is not JSON: %q", method, target, raw)
		}
	}
	return ex
}

// confFreeFormKeys hold user data or open-ended maps: their keys are values, not field names.
func confFreeFormKeys() []string {
	return []string{"tags", "userAssignedIdentities", "propertyBag", "provisioningWarnings", "environmentVariables", "instanceTypes"}
}

// confFieldPaths collects the JSON field confPaths of v ("properties.properties.vmSize",
// "value[].name", ...).
func confFieldPaths(v any, prefix string, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			out[p] = true
			if !slices.Contains(confFreeFormKeys(), k) {
				confFieldPaths(val, p, out)
			}
		}
	case []any:
		for _, e := range x {
			confFieldPaths(e, prefix+"[]", out)
		}
	}
}

func confPaths(vs ...any) map[string]bool {
	out := map[string]bool{}
	for _, v := range vs {
		confFieldPaths(v, "", out)
	}
	return out
}

// openPaths are the paths whose value is null or an empty array in v: there the other side
// may hold any value (values may differ), so fields below them are not compared.
func openPaths(v any, prefix string, out map[string]bool) {
	switch x := v.(type) {
	case nil:
		out[prefix] = true
	case map[string]any:
		for k, val := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			openPaths(val, p, out)
		}
	case []any:
		if len(x) == 0 {
			out[prefix] = true
		}
		for _, e := range x {
			openPaths(e, prefix+"[]", out)
		}
	}
}

// underOpen reports whether p lies below one of the open paths.
func underOpen(p string, open map[string]bool) bool {
	for o := range open {
		if strings.HasPrefix(p, o+".") || strings.HasPrefix(p, o+"[]") {
			return true
		}
	}
	return false
}

// confShape checks that got has every field path of want, and no path beyond want and the
// allowed extras (fields the real service also returns).
func confShape(t *testing.T, what string, want, got any, allowed ...any) {
	t.Helper()
	w, g, extra := confPaths(want), confPaths(got), confPaths(allowed...)
	open := map[string]bool{}
	for _, v := range append([]any{want, got}, allowed...) {
		openPaths(v, "", open)
	}
	var missing, unexpected []string
	for p := range w {
		if !g[p] && !underOpen(p, open) {
			missing = append(missing, p)
		}
	}
	for p := range g {
		if !w[p] && !extra[p] && !underOpen(p, open) {
			unexpected = append(unexpected, p)
		}
	}
	sort.Strings(missing)
	sort.Strings(unexpected)
	if len(missing) > 0 {
		t.Errorf("%s: fields missing from the emulator's answer: %v", what, missing)
	}
	if len(unexpected) > 0 {
		t.Errorf("%s: fields the service does not return: %v", what, unexpected)
	}
}

// confLROHeaderNames are the headers that steer a long-running operation.
func confLROHeaderNames() []string { return []string{"Azure-AsyncOperation", "Location"} }

// confLROHeaders checks that got carries exactly the LRO headers the service sends: every
// one in want, none beyond want and also.
func confLROHeaders(t *testing.T, what string, got http.Header, want []string, also ...string) {
	t.Helper()
	for _, h := range confLROHeaderNames() {
		has := got.Get(h) != ""
		switch {
		case slices.Contains(want, h) && !has:
			t.Errorf("%s: missing LRO header %s", what, h)
		case has && !slices.Contains(want, h) && !slices.Contains(also, h):
			t.Errorf("%s: LRO header %s the service does not confSend", what, h)
		}
	}
}

// confRecordedLRO lists which LRO headers a confRecorded response carried.
func confRecordedLRO(h map[string][]string) []string {
	var out []string
	for _, name := range confLROHeaderNames() {
		for k := range h {
			if strings.EqualFold(k, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

// confPollOperation polls an Azure-AsyncOperation URL until it reports status (or fails the test).
func confPollOperation(t *testing.T, s *Server, opURL, status string) confExchange {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ex := confSend(t, s, http.MethodGet, opURL, "")
		if ex.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", opURL, ex.Status, ex.RawBody)
		}
		got, _ := ex.Body.(map[string]any)["status"].(string)
		if got == status {
			return ex
		}
		if got != opInProgress || time.Now().After(deadline) {
			t.Fatalf("operation %s: status %s, want %s", opURL, got, status)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// confWaitProvisioned waits until a compute's provisioningState is state.
func confWaitProvisioned(t *testing.T, s *Server, name, state string) confExchange {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ex := confSend(t, s, http.MethodGet, s.world.computeID(name)+"?api-version=2024-04-01", "")
		props, _ := ex.Body.(map[string]any)["properties"].(map[string]any)
		if props["provisioningState"] == state {
			return ex
		}
		if time.Now().After(deadline) {
			t.Fatalf("compute %s: provisioningState %v, want %s (%s)", name, props["provisioningState"], state, ex.RawBody)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// jsonText encodes v for a request body.
func confJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
