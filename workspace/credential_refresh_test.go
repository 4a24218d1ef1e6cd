package workspace

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	armruntime "github.com/Azure/azure-sdk-for-go/sdk/azcore/arm/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// armRecorder is a local Resource Manager stand-in that records the Authorization header of
// every request.
type armRecorder struct {
	srv *httptest.Server

	mu    sync.Mutex
	auths []string
}

func newARMRecorder(t *testing.T) *armRecorder {
	t.Helper()
	a := &armRecorder{}
	a.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.auths = append(a.auths, r.Header.Get("Authorization"))
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"value": []}`))
	}))
	// Concurrent requests make the client dial connections it may never use; their aborted
	// handshakes at shutdown are not worth logging.
	a.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	a.srv.StartTLS()
	t.Cleanup(a.srv.Close)
	return a
}

// armPipeline is the pipeline an arm client builds from cfg (bearer token policy with the
// cloud's scope), sending to the recorder.
func (a *armRecorder) armPipeline(t *testing.T, cred azcore.TokenCredential, cfg Config) runtime.Pipeline {
	t.Helper()
	pl, err := armruntime.NewPipeline("amlconsole-test", "v0.0.0", cred, runtime.PipelineOptions{}, &arm.ClientOptions{
		ClientOptions: policy.ClientOptions{
			Cloud:     cfg.CloudConfiguration(),
			Transport: a.srv.Client(),
			Retry:     policy.RetryOptions{MaxRetries: -1},
		},
		DisableRPRegistration: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// send makes one request through pl and returns the Authorization header the server saw.
func (a *armRecorder) send(t *testing.T, pl runtime.Pipeline, cfg Config) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := runtime.NewRequest(ctx, http.MethodGet, runtime.JoinPaths(cfg.Endpoint.Value, cfg.WorkspaceID(), "computes"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := pl.Do(req)
	if err != nil {
		t.Fatalf("request: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.auths[len(a.auths)-1]
}

// checkRefreshAfterExpiry drives a long session through an ARM pipeline whose credential
// hands out tokens valid for a few seconds; fetches counts the token requests the credential
// made (az runs, identity endpoint calls).
//
// azcore's BearerTokenPolicy caches the token. It tries an early refresh once the token is
// within five minutes of expiry (or past RefreshOn), but at most once per 30 seconds, keeping
// the current token when that fails; once the token has expired it must get a new one before
// sending. A token living a few seconds therefore shows both rules without long waits: the
// first token serves every request until it expires, then exactly one new token is fetched
// and used, also by concurrent requests. The lifetime (five seconds) only has to outlast two
// back-to-back requests.
func checkRefreshAfterExpiry(t *testing.T, cred azcore.TokenCredential, fetches func() int, first, second string) {
	t.Helper()
	a := newARMRecorder(t)
	cfg := publicConfig(t, a.srv.URL)
	pl := a.armPipeline(t, cred, cfg)

	if got := a.send(t, pl, cfg); got != "Bearer "+first {
		t.Fatalf("first request sent %q, want Bearer %s", got, first)
	}
	if got := a.send(t, pl, cfg); got != "Bearer "+first {
		t.Fatalf("second request sent %q, want the cached Bearer %s", got, first)
	}
	if n := fetches(); n != 1 {
		t.Fatalf("%d token fetches for two requests, want 1 (the token is cached)", n)
	}

	// Keep the session busy until the token expires and the policy moves to a new one.
	deadline := time.Now().Add(60 * time.Second)
	var got string
	for got = a.send(t, pl, cfg); got == "Bearer "+first; got = a.send(t, pl, cfg) {
		if time.Now().After(deadline) {
			t.Fatalf("still sending the first token after 60s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got != "Bearer "+second {
		t.Fatalf("after expiry the request sent %q, want Bearer %s", got, second)
	}
	if n := fetches(); n != 2 {
		t.Fatalf("%d token fetches after the first token expired, want 2", n)
	}

	const concurrent = 8
	errs := make(chan error, concurrent)
	var wg sync.WaitGroup
	for range concurrent {
		wg.Go(func() { errs <- sendQuiet(pl, cfg) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent request: %v", err)
		}
	}
	a.mu.Lock()
	last := a.auths[len(a.auths)-concurrent:]
	a.mu.Unlock()
	for i, got := range last {
		if got != "Bearer "+second {
			t.Errorf("concurrent request %d sent %q, want Bearer %s", i, got, second)
		}
	}
	if n := fetches(); n != 2 {
		t.Errorf("%d token fetches after concurrent requests with a valid token, want 2", n)
	}
}

// sendQuiet is send for goroutines: it returns its failure instead of calling t.Fatal.
func sendQuiet(pl runtime.Pipeline, cfg Config) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := runtime.NewRequest(ctx, http.MethodGet, runtime.JoinPaths(cfg.Endpoint.Value, cfg.WorkspaceID(), "computes"))
	if err != nil {
		return err
	}
	resp, err := pl.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

func TestCLITokenRefreshesAfterExpiryDuringALongSession(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	azLog := filepath.Join(t.TempDir(), "az.log")
	fakeAz(t, tokenAzScript(azLog, 5))
	cred, err := NewCredential(AuthOptions{Mode: AuthCLI, Config: publicConfig(t, "")})
	if err != nil {
		t.Fatal(err)
	}
	checkRefreshAfterExpiry(t, cred, func() int { return len(readLines(t, azLog)) }, "cli-token-1", "cli-token-2")
}

func TestManagedIdentityTokenRefreshesAfterExpiryDuringALongSession(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	e := newMIEndpoint(t, 5*time.Second)
	e.appService(t, "refresh-header")
	cred, err := NewCredential(AuthOptions{Mode: AuthManagedIdentity, Config: publicConfig(t, "")})
	if err != nil {
		t.Fatal(err)
	}
	checkRefreshAfterExpiry(t, cred, func() int { return len(e.received()) }, "mi-token-1", "mi-token-2")
}
