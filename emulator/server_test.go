package emulator

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startComputeEmulator starts an emulator for one test and closes it when the test ends.
func startComputeEmulator(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Speed == 0 {
		opts.Speed = 100
	}
	s, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// armDo sends one request with a bearer token and decodes a JSON answer into out (if non-nil).
func armDo(t *testing.T, s *Server, method, path string, body io.Reader, out any) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, s.Info().Endpoint+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer test-token")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: decoding %q: %v", method, path, data, err)
		}
	}
	return resp
}

func TestRefusesNonLoopback(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:0", "10.1.2.3:80", ":0", "nonsense"} {
		if _, err := Start(context.Background(), Options{Listen: addr}); err == nil {
			t.Errorf("Start(%q) succeeded; want a loopback error", addr)
		}
	}
}

func TestAuthAndAPIVersion(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty"})
	ws := "/subscriptions/" + demoSubscription + "/resourceGroups/" + demoResourceGroup + "/providers/Microsoft.MachineLearningServices/workspaces/" + demoWorkspace

	resp, err := s.HTTPClient().Get(s.Info().Endpoint + ws + "?api-version=2024-04-01")
	if err != nil {
		t.Fatal(err)
	}
	var body struct{ Error armError }
	_ = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || body.Error.Code != "AuthenticationFailed" {
		t.Errorf("no token: got %d %+v, want 401 AuthenticationFailed", resp.StatusCode, body.Error)
	}

	for q, code := range map[string]string{
		"":                                "MissingApiVersionParameter",
		"?api-version=":                   "MissingApiVersionParameter",
		"?api-version=yesterday":          "InvalidApiVersionParameter",
		"?api-version=2019-05-01":         "NoRegisteredProviderFound",
		"?api-version=2022-10-01":         "",
		"?api-version=2023-04-01-preview": "",
		"?api-version=2024-04-01":         "",
	} {
		var got struct{ Error armError }
		resp := armDo(t, s, http.MethodGet, ws+q, nil, &got)
		if code == "" {
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%q: status %d %+v, want 200", q, resp.StatusCode, got.Error)
			}
			continue
		}
		if resp.StatusCode != http.StatusBadRequest || got.Error.Code != code {
			t.Errorf("%q: got %d %s, want 400 %s", q, resp.StatusCode, got.Error.Code, code)
		}
	}
}

// streamingBody wraps a JSON text for azcore request bodies.
func streamingBody(s string) io.ReadSeekCloser { return nopSeekCloser{strings.NewReader(s)} }

type nopSeekCloser struct{ *strings.Reader }

func (nopSeekCloser) Close() error { return nil }

// sleepTick waits a little between polls of an async effect.
func sleepTick() { time.Sleep(5 * time.Millisecond) }

func TestARMResponseHeaders(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty"})
	ws := "/subscriptions/" + demoSubscription + "/resourceGroups/" + demoResourceGroup + "/providers/Microsoft.MachineLearningServices/workspaces"
	first := armDo(t, s, http.MethodGet, ws+"?api-version=2024-04-01", nil, nil)
	second := armDo(t, s, http.MethodGet, ws+"/missing?api-version=2024-04-01", nil, nil)
	for _, resp := range []*http.Response{first, second} {
		if resp.Header.Get("x-ms-request-id") == "" || resp.Header.Get("x-ms-correlation-request-id") == "" {
			t.Errorf("%d answer without request ids: %v", resp.StatusCode, resp.Header)
		}
	}
	a, _ := strconv.Atoi(first.Header.Get("x-ms-ratelimit-remaining-subscription-reads"))
	b, _ := strconv.Atoi(second.Header.Get("x-ms-ratelimit-remaining-subscription-reads"))
	if a <= 0 || b >= a {
		t.Errorf("remaining reads %d then %d: want a positive budget that shrinks", a, b)
	}
	if first.Header.Get("x-ms-request-id") == second.Header.Get("x-ms-request-id") {
		t.Error("two answers share a request id")
	}
	var other struct{ Value []any }
	resp := armDo(t, s, http.MethodGet, "/subscriptions/"+demoSubscription+"/resourceGroups/other-rg/providers/Microsoft.MachineLearningServices/workspaces?api-version=2024-04-01", nil, &other)
	if resp.StatusCode != http.StatusOK || other.Value == nil || len(other.Value) != 0 {
		t.Errorf("workspaces of another resource group: %d %v, want 200 and an empty list", resp.StatusCode, other.Value)
	}
}

func TestContextEndsEmulator(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Start(ctx, Options{Seed: "empty"})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	pollUntil(t, "the emulator to stop listening", func() bool {
		_, err := s.HTTPClient().Get(s.Info().Endpoint + "/_emulator/stats")
		return err != nil
	})
	if err := s.Close(); err != nil {
		t.Errorf("Close after the context ended: %v", err)
	}
}
