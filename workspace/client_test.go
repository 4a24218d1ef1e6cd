package workspace

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

const (
	testRG = "rg1"
	testWS = "ws1"
)

// armPath is the ARM path of testWS plus rest.
func armPath(rest string) string {
	return "/subscriptions/" + replaySubscription + "/resourceGroups/" + testRG +
		"/providers/Microsoft.MachineLearningServices/workspaces/" + testWS + rest
}

// serverClient starts handler on 127.0.0.1 and builds a client talking to it over http.
func serverClient(t *testing.T, handler http.Handler, opts Options) (*Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	if opts.PollInterval == 0 {
		opts.PollInterval = time.Millisecond
	}
	c, err := New(replayConfig(srv.URL, testRG, testWS), &replayCredential{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c, srv
}

// countingTransport counts the requests that would leave the process, and answers each with
// an empty list.
type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) Do(req *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       http.NoBody,
		Request:    req,
	}, nil
}

func TestReadOnlySendsNoWrite(t *testing.T) {
	tr := &countingTransport{}
	c, err := New(replayConfig(replayEndpoint, testRG, testWS), &replayCredential{}, Options{ReadOnly: true, Transport: tr})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if !c.ReadOnly() {
		t.Fatal("ReadOnly() = false")
	}
	ctx := context.Background()
	aml := armmachinelearning.ComputeResource{Properties: &armmachinelearning.AmlCompute{ComputeType: to.Ptr(armmachinelearning.ComputeTypeAmlCompute)}}
	scale := armmachinelearning.ClusterUpdateParameters{Properties: &armmachinelearning.ClusterUpdateProperties{
		Properties: &armmachinelearning.ScaleSettingsInformation{ScaleSettings: &armmachinelearning.ScaleSettings{MaxNodeCount: to.Ptr[int32](4)}}}}
	job := armmachinelearning.JobBase{Properties: &armmachinelearning.CommandJob{JobType: to.Ptr(armmachinelearning.JobTypeCommand)}}
	writes := map[string]func() error{
		"CreateCompute": func() error { _, err := c.CreateCompute(ctx, "c1", aml); return err },
		"UpdateCompute": func() error { _, err := c.UpdateCompute(ctx, "c1", scale); return err },
		"UpdateComputeIdentity": func() error {
			_, err := c.UpdateComputeIdentity(ctx, "c1", armmachinelearning.ManagedServiceIdentity{Type: to.Ptr(armmachinelearning.ManagedServiceIdentityTypeSystemAssigned)})
			return err
		},
		"DeleteCompute": func() error {
			_, err := c.DeleteCompute(ctx, "c1", armmachinelearning.UnderlyingResourceActionDelete)
			return err
		},
		"DetachCompute": func() error {
			_, err := c.DeleteCompute(ctx, "c1", armmachinelearning.UnderlyingResourceActionDetach)
			return err
		},
		"StartCompute":   func() error { _, err := c.StartCompute(ctx, "c1"); return err },
		"StopCompute":    func() error { _, err := c.StopCompute(ctx, "c1"); return err },
		"RestartCompute": func() error { _, err := c.RestartCompute(ctx, "c1"); return err },
		"CreateJob":      func() error { _, err := c.CreateJob(ctx, "j1", job); return err },
		"CancelJob":      func() error { _, err := c.CancelJob(ctx, "j1"); return err },
	}
	for name, write := range writes {
		if err := write(); !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s in read-only mode: %v, want ErrReadOnly", name, err)
		}
	}
	if n := tr.n.Load(); n != 0 {
		t.Fatalf("%d requests left the process in read-only mode", n)
	}
	// Reads still go out, through the same transport.
	if _, err := c.ListComputes(ctx); err != nil {
		t.Fatal(err)
	}
	if n := tr.n.Load(); n != 1 {
		t.Fatalf("a read sent %d requests, want 1", n)
	}
}

func TestARMErrorsAreTyped(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+armPath("/computes/bad"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-ms-request-id", "req-123")
		w.Header().Set("x-ms-correlation-request-id", "corr-456")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":{"code":"BadArgument","message":"Compute name is invalid.","target":"computeName",
			"details":[{"code":"NameTooLong","message":"at most 24 characters","target":"computeName",
			"details":[{"code":"Inner","message":"nested"}]}]}}`))
	})
	mux.HandleFunc("GET "+armPath("/computes/gone"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":{"code":"ResourceNotFound","message":"The compute gone was not found."}}`))
	})
	c, _ := serverClient(t, mux, Options{})
	ctx := context.Background()

	_, err := c.GetCompute(ctx, "bad")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v, want *Error", err, err)
	}
	if e.StatusCode != 400 || e.Code != "BadArgument" || e.Message != "Compute name is invalid." || e.Target != "computeName" ||
		e.RequestID != "req-123" || e.CorrelationID != "corr-456" {
		t.Errorf("error = %+v", e)
	}
	if len(e.Details) != 1 || e.Details[0].Code != "NameTooLong" || len(e.Details[0].Details) != 1 || e.Details[0].Details[0].Message != "nested" {
		t.Errorf("details = %+v", e.Details)
	}
	if got := e.Error(); got != "BadArgument (HTTP 400): Compute name is invalid." {
		t.Errorf("Error() = %q", got)
	}

	_, err = c.GetCompute(ctx, "gone")
	if !IsNotFound(err) || IsThrottled(err) {
		t.Errorf("404 answer: %v, IsNotFound false", err)
	}
}

func TestFailedOperationCarriesTheServiceError(t *testing.T) {
	var srvURL string
	mux := http.NewServeMux()
	mux.HandleFunc("PUT "+armPath("/computes/big"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Azure-AsyncOperation", srvURL+"/subscriptions/"+replaySubscription+"/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/op1?api-version=2024-04-01")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"name":"big","properties":{"computeType":"AmlCompute","provisioningState":"Creating"}}`))
	})
	var polls atomic.Int32
	mux.HandleFunc("GET /subscriptions/"+replaySubscription+"/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/op1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if polls.Add(1) == 1 {
			_, _ = w.Write([]byte(`{"status":"InProgress"}`))
			return
		}
		_, _ = w.Write([]byte(`{"status":"Failed","error":{"code":"ClusterMinNodesExceedCoreQuota","message":"Minimum nodes 10 x 4 cores exceed the quota of 6."}}`))
	})
	c, srv := serverClient(t, mux, Options{})
	srvURL = srv.URL
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := bus.Subscribe[OperationEvent](ctx, c.Bus())

	op, err := c.CreateCompute(ctx, "big", armmachinelearning.ComputeResource{Properties: &armmachinelearning.AmlCompute{ComputeType: to.Ptr(armmachinelearning.ComputeTypeAmlCompute)}})
	if err != nil {
		t.Fatal(err)
	}
	err = op.Wait(ctx)
	var e *Error
	if !errors.As(err, &e) || e.Code != "ClusterMinNodesExceedCoreQuota" || e.Message != "Minimum nodes 10 x 4 cores exceed the quota of 6." {
		t.Fatalf("Wait = %v, want the service's error verbatim", err)
	}
	if !strings.Contains(e.Error(), "operation failed") {
		t.Errorf("Error() = %q", e.Error())
	}
	for {
		select {
		case ev := <-events:
			if ev.ID != op.ID || ev.Phase != OperationFailed {
				continue
			}
			if !errors.Is(ev.Err, err) {
				t.Errorf("Failed event error %v, want %v", ev.Err, err)
			}
			return
		case <-time.After(30 * time.Second):
			t.Fatal("no Failed event")
		}
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	var mu sync.Mutex
	var at []time.Time
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+armPath("/computes"), func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		at = append(at, time.Now())
		n := len(at)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.Header().Set(headerReadsRemaining, "0")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":{"code":"TooManyRequests","message":"slow down"}}`))
			return
		}
		w.Header().Set(headerReadsRemaining, "24")
		_, _ = w.Write([]byte(`{"value":[{"name":"c1","properties":{"computeType":"AmlCompute"}}]}`))
	})
	c, _ := serverClient(t, mux, Options{})
	list, err := c.ListComputes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || *list[0].Name != "c1" {
		t.Fatalf("list = %v", list)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(at) != 2 {
		t.Fatalf("%d requests, want the 429 and one retry", len(at))
	}
	// A lower bound only: the retry must not come before Retry-After said.
	if gap := at[1].Sub(at[0]); gap < time.Second {
		t.Errorf("retried after %s, before Retry-After: 1", gap)
	}
	if rl := c.RateLimits(); rl.Reads != 24 {
		t.Errorf("RateLimits.Reads = %d, want 24 from the retry's answer", rl.Reads)
	}
}

func TestLongRetryAfterReturnsToTheCaller(t *testing.T) {
	var n atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+armPath("/computes"), func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "120")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"error":{"code":"TooManyRequests","message":"throttled"}}`))
	})
	c, _ := serverClient(t, mux, Options{})
	_, err := c.ListComputes(context.Background())
	var e *Error
	if !errors.As(err, &e) || !IsThrottled(err) || e.RetryAfter != 120*time.Second {
		t.Fatalf("error %v, want a throttled *Error with RetryAfter 2m", err)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("%d requests: a Retry-After beyond the retry limit must not be waited out", got)
	}
}

func TestRateLimitsAreCaptured(t *testing.T) {
	var srvURL string
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+armPath("/computes/c1"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(headerReadsRemaining, "11998")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"c1","properties":{"computeType":"ComputeInstance"}}`))
	})
	mux.HandleFunc("POST "+armPath("/computes/c1/stop"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(headerWritesRemaining, "1199")
		w.Header().Set("Azure-AsyncOperation", srvURL+"/status/1?api-version=2024-04-01")
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("DELETE "+armPath("/computes/c1"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(headerDeletesRemaining, "14999")
		w.Header().Set("Azure-AsyncOperation", srvURL+"/status/1?api-version=2024-04-01")
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("GET /status/1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"Succeeded"}`))
	})
	c, srv := serverClient(t, mux, Options{})
	srvURL = srv.URL
	ctx := context.Background()
	if rl := c.RateLimits(); rl.Reads != -1 || rl.Writes != -1 || rl.Deletes != -1 || !rl.At.IsZero() {
		t.Fatalf("before any request RateLimits = %+v, want -1s", rl)
	}
	if _, err := c.GetCompute(ctx, "c1"); err != nil {
		t.Fatal(err)
	}
	if rl := c.RateLimits(); rl.Reads != 11998 || rl.Writes != -1 || rl.At.IsZero() {
		t.Errorf("after a read RateLimits = %+v", rl)
	}
	stop, err := c.StopCompute(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if err := stop.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	del, err := c.DeleteCompute(ctx, "c1", armmachinelearning.UnderlyingResourceActionDelete)
	if err != nil {
		t.Fatal(err)
	}
	if err := del.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if rl := c.RateLimits(); rl.Reads != 11998 || rl.Writes != 1199 || rl.Deletes != 14999 {
		t.Errorf("RateLimits = %+v, want reads 11998, writes 1199, deletes 14999", rl)
	}
}

func TestUserAgentAndEndpointRules(t *testing.T) {
	var ua atomic.Value
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+armPath(""), func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"ws1","location":"eastus","properties":{}}`))
	})
	c, _ := serverClient(t, mux, Options{Version: "1.2.3"})
	if _, err := c.Workspace(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, _ := ua.Load().(string); !strings.HasPrefix(got, "amlconsole/1.2.3 azsdk-go-armmachinelearning/v4.0.0") {
		t.Errorf("User-Agent %q", got)
	}

	for _, endpoint := range []string{"http://management.example.com", "ftp://127.0.0.1", "http://10.0.0.1:8080"} {
		if _, err := New(replayConfig(endpoint, testRG, testWS), &replayCredential{}, Options{}); err == nil {
			t.Errorf("endpoint %s accepted; tokens would travel in clear text", endpoint)
		}
	}
	if _, err := New(replayConfig(replayEndpoint, "", testWS), &replayCredential{}, Options{}); err == nil || !strings.Contains(err.Error(), "resource group") {
		t.Errorf("missing resource group: %v", err)
	}
	if _, err := New(replayConfig(replayEndpoint, testRG, testWS), nil, Options{}); err == nil {
		t.Error("nil credential accepted")
	}
}

func TestBadInputIsRefusedBeforeAnyRequest(t *testing.T) {
	tr := &countingTransport{}
	c, err := New(replayConfig(replayEndpoint, testRG, testWS), &replayCredential{}, Options{Transport: tr})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	checks := map[string]func() error{
		"empty compute name": func() error { _, err := c.GetCompute(ctx, " "); return err },
		"no properties":      func() error { _, err := c.CreateCompute(ctx, "c1", armmachinelearning.ComputeResource{}); return err },
		"no scale settings": func() error {
			_, err := c.UpdateCompute(ctx, "c1", armmachinelearning.ClusterUpdateParameters{})
			return err
		},
		"no identity type": func() error {
			_, err := c.UpdateComputeIdentity(ctx, "c1", armmachinelearning.ManagedServiceIdentity{})
			return err
		},
		"bad action": func() error { _, err := c.DeleteCompute(ctx, "c1", "Shred"); return err },
		"bad view":   func() error { _, err := c.ListJobs(ctx, JobFilter{View: "Recent"}); return err },
		"bad top":    func() error { _, err := c.ListJobs(ctx, JobFilter{Top: -1}); return err },
		"bad range": func() error {
			_, err := c.ListJobs(ctx, JobFilter{Since: time.Now(), Until: time.Now().Add(-time.Hour)})
			return err
		},
		"empty location": func() error { _, err := c.VMSizes(ctx, ""); return err },
		"negative offset": func() error {
			_, _, err := c.ReadLog(ctx, "https://acct.blob.core.windows.net/logs/a.txt", -1)
			return err
		},
		"http log url": func() error {
			_, _, err := c.ReadLog(ctx, "http://acct.blob.core.windows.net/logs/a.txt?sig=abc", 0)
			return err
		},
	}
	for name, check := range checks {
		err := check()
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if strings.Contains(err.Error(), "sig=abc") {
			t.Errorf("%s: error quotes the SAS signature: %v", name, err)
		}
	}
	if n := tr.n.Load(); n != 0 {
		t.Errorf("%d requests sent for bad input", n)
	}
}

func TestCloseStopsPollingAndRefusesNewOperations(t *testing.T) {
	var srvURL string
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+armPath("/computes/c1/start"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Azure-AsyncOperation", srvURL+"/status/forever?api-version=2024-04-01")
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("GET /status/forever", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"InProgress"}`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	srvURL = srv.URL
	c, err := New(replayConfig(srv.URL, testRG, testWS), &replayCredential{}, Options{PollInterval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	op, err := c.StartCompute(context.Background(), "c1")
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	select {
	case <-op.Done():
	default:
		t.Fatal("Close returned before the poll loop ended")
	}
	if err := op.Err(); !errors.Is(err, ErrClosed) {
		t.Errorf("operation error after Close: %v, want ErrClosed", err)
	}
	if _, err := c.StartCompute(context.Background(), "c1"); !errors.Is(err, ErrClosed) {
		t.Errorf("StartCompute after Close: %v, want ErrClosed", err)
	}
	c.Close()
}

func TestClosedClientSendsNothing(t *testing.T) {
	tr := &countingTransport{}
	c, err := New(replayConfig(replayEndpoint, testRG, testWS), &replayCredential{}, Options{Transport: tr})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	ctx := context.Background()
	reads := map[string]func() error{
		"ListComputes": func() error { _, err := c.ListComputes(ctx); return err },
		"GetCompute":   func() error { _, err := c.GetCompute(ctx, "c1"); return err },
		"ListNodes":    func() error { _, err := c.ListNodes(ctx, "c1"); return err },
		"Workspace":    func() error { _, err := c.Workspace(ctx); return err },
		"ListJobs":     func() error { _, err := c.ListJobs(ctx, JobFilter{}); return err },
	}
	for name, read := range reads {
		if err := read(); !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
	if n := tr.n.Load(); n != 0 {
		t.Errorf("%d requests left a closed client", n)
	}
}

func TestWatchersRunWhileListenedAndStopOnClose(t *testing.T) {
	var lists atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+armPath("/computes"), func(w http.ResponseWriter, r *http.Request) {
		lists.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"value":[{"name":"c1","properties":{"computeType":"AmlCompute","provisioningState":"Succeeded"}}]}`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := New(replayConfig(srv.URL, testRG, testWS), &replayCredential{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := lists.Load(); n != 0 {
		t.Fatalf("%d list calls with nobody listening", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	snapshots := bus.Subscribe[ComputesSnapshot](ctx, c.Bus())
	select {
	case s := <-snapshots:
		if len(s.Computes) != 1 || *s.Computes[0].Resource.Name != "c1" {
			t.Errorf("snapshot = %+v", s)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no compute snapshot while subscribed")
	}
	c.Close()
	after := lists.Load()
	time.Sleep(50 * time.Millisecond)
	if n := lists.Load(); n != after {
		t.Errorf("%d list calls after Close", n-after)
	}
}
