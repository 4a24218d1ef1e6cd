package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// logBlobFixture runs a job that prints a known text and returns its log URL and content.
func logBlobFixture(t *testing.T) (*Server, string, string) {
	t.Helper()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/blob"), commandJob("cpu", `printf 'line one\nline two\nline three\n'`, nil), nil)
	waitJobStatus(t, srv, "blob", statusCompleted)
	u := runDetailsOf(t, srv, "blob").LogFiles["user_logs/std_log.txt"]
	return srv, u, "line one\nline two\nline three\n"
}

func getBlob(t *testing.T, srv *Server, u string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestLogBlobRanges(t *testing.T) {
	t.Parallel()
	srv, u, text := logBlobFixture(t)
	size := len(text)

	resp, body := getBlob(t, srv, u, nil)
	if resp.StatusCode != http.StatusOK || body != text || resp.Header.Get("x-ms-blob-type") != "AppendBlob" {
		t.Errorf("no range: %d %q (blob type %q)", resp.StatusCode, body, resp.Header.Get("x-ms-blob-type"))
	}
	head, err := http.NewRequest(http.MethodHead, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := srv.HTTPClient().Do(head); err != nil || r.StatusCode != http.StatusOK || r.ContentLength != int64(size) {
		t.Errorf("HEAD: %v %v", r, err)
	} else {
		r.Body.Close()
	}
	cases := []struct {
		header, value, want, contentRange string
	}{
		{"Range", "bytes=9-", text[9:], "bytes 9-" + itoa(size-1) + "/" + itoa(size)},
		{"Range", "bytes=0-3", "line", "bytes 0-3/" + itoa(size)},
		{"x-ms-range", "bytes=5-7", "one", "bytes 5-7/" + itoa(size)},
		{"Range", "bytes=5-1000", text[5:], "bytes 5-" + itoa(size-1) + "/" + itoa(size)},
	}
	for _, c := range cases {
		resp, body := getBlob(t, srv, u, map[string]string{c.header: c.value})
		if resp.StatusCode != http.StatusPartialContent || body != c.want || resp.Header.Get("Content-Range") != c.contentRange {
			t.Errorf("%s: %s → %d %q Content-Range %q; want 206 %q %q", c.header, c.value, resp.StatusCode, body, resp.Header.Get("Content-Range"), c.want, c.contentRange)
		}
	}
	// x-ms-range wins over Range, as in Blob storage.
	resp, body = getBlob(t, srv, u, map[string]string{"Range": "bytes=0-3", "x-ms-range": "bytes=5-7"})
	if body != "one" {
		t.Errorf("x-ms-range did not take precedence: %d %q", resp.StatusCode, body)
	}
	for _, start := range []int{size, size + 100} {
		resp, body := getBlob(t, srv, u, map[string]string{"Range": "bytes=" + itoa(start) + "-"})
		if resp.StatusCode != http.StatusRequestedRangeNotSatisfiable || resp.Header.Get("Content-Range") != "bytes */"+itoa(size) ||
			!strings.Contains(body, "<Code>InvalidRange</Code>") || resp.Header.Get("x-ms-error-code") != "InvalidRange" {
			t.Errorf("start %d: %d Content-Range %q body %q; want 416 InvalidRange bytes */%d", start, resp.StatusCode, resp.Header.Get("Content-Range"), body, size)
		}
	}
}

func TestLogBlobTokens(t *testing.T) {
	t.Parallel()
	srv, u, _ := logBlobFixture(t)
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	q := parsed.Query()
	for _, k := range []string{"sv", "se", "sig", "sp", "sr"} {
		if q.Get(k) == "" {
			t.Errorf("log URL lacks SAS parameter %s: %s", k, u)
		}
	}

	forged := *parsed
	fq := parsed.Query()
	fq.Set("sig", "AAAA"+fq.Get("sig")[4:])
	forged.RawQuery = fq.Encode()
	resp, body := getBlob(t, srv, forged.String(), nil)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "<Code>AuthenticationFailed</Code>") {
		t.Errorf("forged signature: %d %q, want 403 AuthenticationFailed", resp.StatusCode, body)
	}

	// A later expiry with the old signature is forged too.
	extended := *parsed
	eq := parsed.Query()
	eq.Set("se", time.Now().Add(48*time.Hour).UTC().Format(time.RFC3339))
	extended.RawQuery = eq.Encode()
	if resp, _ := getBlob(t, srv, extended.String(), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("extended expiry: %d, want 403", resp.StatusCode)
	}

	// Another log's path with this log's signature.
	other := *parsed
	other.Path = strings.Replace(parsed.Path, "user_logs/std_log.txt", "system_logs/lifecycler/lifecycler.log", 1)
	if resp, _ := getBlob(t, srv, other.String(), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("signature reused for another blob: %d, want 403", resp.StatusCode)
	}

	// An expired URL, and a fresh one, minted with a known secret by the same handler code.
	ts, signer := blobRoutesWithSigner(t, srv)
	expired := ts.URL + parsed.Path + "?" + signer.query(parsed.Path, time.Now().Add(-time.Minute))
	resp, body = getBlob(t, srv, expired, nil)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "AuthenticationErrorDetail") || !strings.Contains(body, "expiry") {
		t.Errorf("expired URL: %d %q, want 403 naming the expiry", resp.StatusCode, body)
	}
	fresh := ts.URL + parsed.Path + "?" + signer.query(parsed.Path, time.Now().Add(time.Minute))
	if resp, _ := getBlob(t, srv, fresh, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("a URL freshly minted by the same signer: %d, want 200", resp.StatusCode)
	}

	noSig := *parsed
	noSig.RawQuery = ""
	if resp, _ := getBlob(t, srv, noSig.String(), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("no signature: %d, want 403", resp.StatusCode)
	}
}

func TestRunDetailsMintFreshTokens(t *testing.T) {
	t.Parallel()
	srv, first, _ := logBlobFixture(t)
	time.Sleep(1100 * time.Millisecond) // expiry has a resolution of one second
	second := runDetailsOf(t, srv, "blob").LogFiles["user_logs/std_log.txt"]
	if first == second {
		t.Fatalf("two details calls gave the same log URL %s", first)
	}
	for _, u := range []string{first, second} {
		if resp, _ := getBlob(t, srv, u, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("log URL %s: %d", u, resp.StatusCode)
		}
	}
}

func TestRunHistoryRequiresBearer(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, nil)
	resp, err := srv.HTTPClient().Get(srv.world.historyRunURL("nope") + "/details")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("run details without a token: %d, want 401", resp.StatusCode)
	}
	if r := jcall(t, srv, "GET", srv.world.historyRunURL("nope")+"/details", nil, nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("details of an unknown run: %d, want 404", r.StatusCode)
	}
	var disc map[string]string
	resp, err = srv.HTTPClient().Get(srv.Info().Endpoint + discoveryPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := decodeJSONInto(resp.Body, &disc); err != nil || disc["api"] != srv.Info().Endpoint || disc["history"] != srv.Info().Endpoint {
		t.Errorf("anonymous discovery: %v %v", disc, err)
	}
}

// blobRoutesWithSigner serves srv's job routes on a second listener with a signer the test
// knows, so it can mint URLs that have already expired.
func blobRoutesWithSigner(t *testing.T, srv *Server) (*httptest.Server, *logSigner) {
	t.Helper()
	jr := &jobRoutes{s: srv, w: srv.world, signer: newLogSigner()}
	mux := http.NewServeMux()
	jr.register(mux)
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts, jr.signer
}

func itoa(n int) string { return strconv.Itoa(n) }

func decodeJSONInto(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }

func TestParseByteRange(t *testing.T) {
	t.Parallel()
	cases := map[string][3]int64{"bytes=0-": {0, -1, 1}, "bytes=3-9": {3, 9, 1}, "bytes=-5": {-5, -1, 1},
		"bytes=9-3": {0, 0, 0}, "items=0-1": {0, 0, 0}, "bytes=a-": {0, 0, 0}, "bytes=0-1,3-4": {0, 0, 0}}
	for spec, want := range cases {
		s, e, ok := parseByteRange(spec)
		if ok != (want[2] == 1) || (ok && (s != want[0] || e != want[1])) {
			t.Errorf("parseByteRange(%q) = %d, %d, %v", spec, s, e, ok)
		}
	}
}

func TestRunHistoryExperimentScopedPaths(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, func(o *Options) { o.NoExec = true })
	jobCluster(t, srv, "cpu", 1, "Dedicated")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/in-exp"), commandJob("cpu", "true", map[string]any{"experimentName": "vision"}), nil)
	scoped := func(exp string) string {
		return strings.Replace(srv.world.historyRunURL("in-exp"), "/runs/", "/experiments/"+exp+"/runs/", 1) + "/details"
	}
	var d testRunDetails
	if r := jcall(t, srv, "GET", scoped("vision"), nil, &d); r.StatusCode != http.StatusOK || d.RunID != "in-exp" {
		t.Errorf("experiment-scoped details: %d %+v", r.StatusCode, d)
	}
	if r := jcall(t, srv, "GET", scoped("other"), nil, nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("details under the wrong experiment: %d, want 404", r.StatusCode)
	}
}
