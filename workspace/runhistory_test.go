package workspace

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// historyServer is a local workspace with run history and SAS-signed logs on one port.
type historyServer struct {
	t   *testing.T
	srv *httptest.Server

	discoveries atomic.Int32

	mu  sync.Mutex
	log []byte // the growing user log
}

const logSig = "c2VjcmV0LXNhcy1zaWduYXR1cmU%3D"

func (h *historyServer) appendLog(s string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.log = append(h.log, s...)
}

func (h *historyServer) logURL(name string) string {
	return h.srv.URL + "/blob/" + name + "?sv=2019-07-07&sr=b&sp=r&se=2099-01-01T00%3A00%3A00Z&sig=" + logSig
}

func newHistoryServer(t *testing.T) *historyServer {
	h := &historyServer{t: t}
	mux := http.NewServeMux()
	bearer := func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+replayToken }
	mux.HandleFunc("GET "+armPath(""), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"name":%q,"location":"eastus","properties":{"discoveryUrl":%q}}`, testWS, h.srv.URL+"/discovery/workspaces/abc")
	})
	mux.HandleFunc("GET /discovery/workspaces/abc", func(w http.ResponseWriter, r *http.Request) {
		h.discoveries.Add(1)
		if r.Header.Get("Authorization") != "" {
			t.Errorf("discovery received an Authorization header")
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"api":%q,"catalog":"https://catalog.invalid","experimentation":%q}`, h.srv.URL+"/", h.srv.URL)
	})
	history := "/history/v1.0" + armPath("/runs/")
	mux.HandleFunc("GET "+history+"job1/details", func(w http.ResponseWriter, r *http.Request) {
		if !bearer(r) || r.Header.Get("Accept") != "application/json" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"runId":"job1","target":"cpu-cluster","status":"Failed",
			"startTimeUtc":"2026-12-03T10:00:00.123Z","endTimeUtc":"2026-12-03T10:05:00Z",
			"logFiles":{"user_logs/std_log.txt":%q,"system_logs/lifecycler/execution-wrapper.log":%q},
			"warnings":[{"source":"Compute","message":"Low-priority node preempted"}],
			"error":{"error":{"code":"UserError","message":"Execution failed: exit code 1",
				"details":[{"code":"ScriptError","message":"train.py line 3"}]},"time":"2026-12-03T10:05:00Z"}}`,
			h.logURL("std_log.txt"), h.logURL("execution-wrapper.log"))
	})
	mux.HandleFunc("GET "+history+"sweep1/children", func(w http.ResponseWriter, r *http.Request) {
		if !bearer(r) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("page") == "" {
			fmt.Fprintf(w, `{"value":[{"runId":"sweep1_0","status":"Completed","parentRunId":"sweep1"}],"nextLink":%q}`,
				h.srv.URL+history+"sweep1/children?page=2")
			return
		}
		_, _ = w.Write([]byte(`{"value":[{"runId":"sweep1_1","status":"Running","parentRunId":"sweep1"}]}`))
	})
	mux.HandleFunc("GET "+history+"missing/details", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":{"code":"UserError","message":"Run missing was not found"}}`))
	})
	mux.HandleFunc("GET /blob/std_log.txt", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("a log read carried an Authorization header")
		}
		if r.URL.Query().Get("sig") == "expired" {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.
RequestId:1 Time:2026-12-03T10:00:00Z</Message><AuthenticationErrorDetail>Signed expiry time has passed</AuthenticationErrorDetail></Error>`))
			return
		}
		h.mu.Lock()
		content := bytes.Clone(h.log)
		h.mu.Unlock()
		// ServeContent answers ranges as blob storage does: 206 with Content-Range, and 416
		// with "bytes */size" for a start at or past the end.
		http.ServeContent(w, r, "std_log.txt", time.Time{}, bytes.NewReader(content))
	})
	mux.HandleFunc("GET /blob/whole.txt", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("0123456789"))
	})
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)
	return h
}

func historyClient(t *testing.T, h *historyServer) *Client {
	c, err := New(replayConfig(h.srv.URL, testRG, testWS), &replayCredential{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestRunDetailsThroughDiscovery(t *testing.T) {
	h := newHistoryServer(t)
	c := historyClient(t, h)
	ctx := context.Background()
	d, err := c.RunDetails(ctx, "job1")
	if err != nil {
		t.Fatal(err)
	}
	if d.RunID != "job1" || d.Status != "Failed" || d.Target != "cpu-cluster" {
		t.Errorf("details = %+v", d)
	}
	if d.StartTime == nil || !d.StartTime.Equal(time.Date(2026, 12, 3, 10, 0, 0, 123e6, time.UTC)) || d.EndTime == nil {
		t.Errorf("times %v – %v", d.StartTime, d.EndTime)
	}
	if len(d.LogFiles) != 2 || d.LogFiles["user_logs/std_log.txt"] != h.logURL("std_log.txt") {
		t.Errorf("log files = %v", d.LogFiles)
	}
	if len(d.Warnings) != 1 || d.Warnings[0].Source != "Compute" || d.Warnings[0].Message != "Low-priority node preempted" {
		t.Errorf("warnings = %+v", d.Warnings)
	}
	if d.Error == nil || d.Error.Code != "UserError" || d.Error.Message != "Execution failed: exit code 1" ||
		len(d.Error.Details) != 1 || d.Error.Details[0].Code != "ScriptError" {
		t.Errorf("error = %+v", d.Error)
	}

	children, err := c.RunChildren(ctx, "sweep1")
	if err != nil {
		t.Fatal(err)
	}
	if len(children) != 2 || children[0].RunID != "sweep1_0" || children[1].Status != "Running" || children[1].ParentRunID != "sweep1" {
		t.Errorf("children = %+v", children)
	}
	if _, err := c.RunDetails(ctx, "missing"); !IsNotFound(err) {
		t.Errorf("missing run: %v, want a 404 *Error", err)
	}
	if n := h.discoveries.Load(); n != 1 {
		t.Errorf("discovery fetched %d times, want once per client", n)
	}
}

func TestReadLogIncrementally(t *testing.T) {
	h := newHistoryServer(t)
	c := historyClient(t, h)
	ctx := context.Background()
	url := h.logURL("std_log.txt")

	h.appendLog("epoch 1\nepoch ")
	data, total, err := c.ReadLog(ctx, url, 0)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != "epoch 1\nepoch " || total != 14 {
		t.Fatalf("first read %q of %d", data, total)
	}
	offset := int64(len(data))

	// Nothing new: 416 with Content-Range bytes */14 tells the size, and is no error.
	data, total, err = c.ReadLog(ctx, url, offset)
	if err != nil || len(data) != 0 || total != 14 {
		t.Fatalf("read at the end: %q of %d, %v", data, total, err)
	}

	h.appendLog("2\nepoch 3\n")
	data, total, err = c.ReadLog(ctx, url, offset)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != "2\nepoch 3\n" || total != 24 {
		t.Fatalf("incremental read %q of %d", data, total)
	}

	// A server that ignores Range: the client keeps only what is new.
	data, total, err = c.ReadLog(ctx, h.srv.URL+"/blob/whole.txt?sig="+logSig, 4)
	if err != nil || string(data) != "456789" || total != 10 {
		t.Fatalf("read from a range-blind server: %q of %d, %v", data, total, err)
	}

	// An expired SAS: ErrLogURLExpired, storage's code and message, and no signature quoted.
	expired := strings.Replace(url, "sig="+logSig, "sig=expired", 1)
	_, _, err = c.ReadLog(ctx, expired, 0)
	var e *Error
	if !errors.Is(err, ErrLogURLExpired) || !errors.As(err, &e) || e.StatusCode != 403 || e.Code != "AuthenticationFailed" ||
		e.Message != "Server failed to authenticate the request." {
		t.Fatalf("expired SAS: %v (%+v)", err, e)
	}
	if strings.Contains(err.Error(), "sig=") {
		t.Errorf("error quotes the SAS: %v", err)
	}
}

func TestReadLogTransportErrorHidesTheSAS(t *testing.T) {
	h := newHistoryServer(t)
	c := historyClient(t, h)
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	// No retries: connection refused would otherwise be retried with backoff.
	ctx := policy.WithRetryOptions(context.Background(), policy.RetryOptions{MaxRetries: -1})
	_, _, err := c.ReadLog(ctx, deadURL+"/blob/x.txt?sv=2019-07-07&sig="+logSig, 0)
	if err == nil {
		t.Fatal("read from a closed server succeeded")
	}
	if strings.Contains(err.Error(), logSig) || strings.Contains(err.Error(), "sig=") {
		t.Errorf("transport error quotes the SAS: %v", err)
	}
}

func TestParseContentRange(t *testing.T) {
	for _, tc := range []struct {
		in           string
		first, total int64
		ok           bool
	}{
		{"bytes 0-9/10", 0, 10, true},
		{"bytes 5-9/100", 5, 100, true},
		{"bytes */42", -1, 42, true},
		{"bytes 9-5/10", 0, 0, false},
		{"items 0-9/10", 0, 0, false},
		{"bytes 0-9", 0, 0, false},
		{"", 0, 0, false},
	} {
		first, total, err := parseContentRange(tc.in)
		if (err == nil) != tc.ok || (tc.ok && (first != tc.first || total != tc.total)) {
			t.Errorf("parseContentRange(%q) = %d, %d, %v", tc.in, first, total, err)
		}
	}
}
