package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// miRequest is one token request a fake managed identity endpoint received.
type miRequest struct {
	Header http.Header
	Query  url.Values
}

// miEndpoint is a local managed identity token endpoint in the App Service shape
// (IDENTITY_ENDPOINT/IDENTITY_HEADER) or the Azure ML compute shape (MSI_ENDPOINT/MSI_SECRET).
// It issues mi-token-<n> valid for lifetime.
//
// MSAL keeps managed identity tokens in a process-wide cache, but only those valid for more
// than five minutes; the lifetimes here stay under that so every test sees its own requests.
type miEndpoint struct {
	srv      *httptest.Server
	lifetime time.Duration
	status   int // answer with this status and an error body instead of a token; 0: token

	mu       sync.Mutex
	requests []miRequest
}

func newMIEndpoint(t *testing.T, lifetime time.Duration) *miEndpoint {
	t.Helper()
	e := &miEndpoint{lifetime: lifetime}
	e.srv = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *miEndpoint) serve(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	e.requests = append(e.requests, miRequest{Header: r.Header.Clone(), Query: r.URL.Query()})
	n := len(e.requests)
	status := e.status
	e.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if status != 0 {
		w.WriteHeader(status)
		fmt.Fprint(w, `{"error": "invalid_request", "error_description": "Identity not found"}`)
		return
	}
	json.NewEncoder(w).Encode(map[string]string{
		"access_token": "mi-token-" + strconv.Itoa(n),
		"expires_on":   strconv.FormatInt(time.Now().Add(e.lifetime).Unix(), 10),
		"resource":     r.URL.Query().Get("resource"),
		"token_type":   "Bearer",
		"client_id":    r.URL.Query().Get("client_id"),
	})
}

func (e *miEndpoint) received() []miRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]miRequest(nil), e.requests...)
}

// appService points azidentity at e the way App Service (and Azure ML's newer images) do.
func (e *miEndpoint) appService(t *testing.T, header string) {
	t.Setenv("IDENTITY_ENDPOINT", e.srv.URL+"/msi/token")
	t.Setenv("IDENTITY_HEADER", header)
}

func TestManagedIdentityCredentialSendsHeaderAndClientID(t *testing.T) {
	const (
		flagID    = "0f0f0f0f-0000-4000-8000-000000000001"
		defaultID = "0f0f0f0f-0000-4000-8000-000000000002"
		clientID  = "0f0f0f0f-0000-4000-8000-000000000003"
	)
	cases := []struct {
		name   string
		flag   string
		env    map[string]string
		wantID string // "" means the system-assigned identity: no client_id parameter
	}{
		{"flag beats both variables", flagID, map[string]string{"DEFAULT_IDENTITY_CLIENT_ID": defaultID, "AZURE_CLIENT_ID": clientID}, flagID},
		{"DEFAULT_IDENTITY_CLIENT_ID beats AZURE_CLIENT_ID", "", map[string]string{"DEFAULT_IDENTITY_CLIENT_ID": defaultID, "AZURE_CLIENT_ID": clientID}, defaultID},
		{"AZURE_CLIENT_ID last", "", map[string]string{"AZURE_CLIENT_ID": clientID}, clientID},
		{"blank variables are unset", " ", map[string]string{"DEFAULT_IDENTITY_CLIENT_ID": " ", "AZURE_CLIENT_ID": clientID}, clientID},
		{"system-assigned when none is given", "", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			credentialNoLeaks(t)
			cleanCredentialEnv(t)
			e := newMIEndpoint(t, time.Minute)
			e.appService(t, "header-value-from-the-host")
			cfg := publicConfig(t, "")
			cred, err := NewCredential(AuthOptions{Mode: AuthManagedIdentity, IdentityClientID: tc.flag, Config: cfg, Getenv: envMap(tc.env)})
			if err != nil {
				t.Fatal(err)
			}
			tok, err := getToken(t, cred, cfg)
			if err != nil {
				t.Fatalf("GetToken: %v", err)
			}
			if tok.Token != "mi-token-1" {
				t.Errorf("token = %q, want mi-token-1", tok.Token)
			}
			reqs := e.received()
			if len(reqs) != 1 {
				t.Fatalf("endpoint got %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if got := r.Header.Get("X-IDENTITY-HEADER"); got != "header-value-from-the-host" {
				t.Errorf("X-IDENTITY-HEADER = %q", got)
			}
			if got := r.Query.Get("resource"); got != "https://management.core.windows.net/" {
				t.Errorf("resource = %q, want the ARM audience", got)
			}
			if got, ok := r.Query["client_id"]; tc.wantID == "" && ok {
				t.Errorf("client_id = %q, want none for the system-assigned identity", got)
			} else if got := r.Query.Get("client_id"); got != tc.wantID {
				t.Errorf("client_id = %q, want %q", got, tc.wantID)
			}
		})
	}
}

func TestManagedIdentityOnAzureMLCompute(t *testing.T) {
	// Azure ML compute nodes set MSI_ENDPOINT, MSI_SECRET and DEFAULT_IDENTITY_CLIENT_ID; the
	// identity amlconsole picks from DEFAULT_IDENTITY_CLIENT_ID reaches the endpoint.
	const nodeID = "0f0f0f0f-0000-4000-8000-0000000000a1"
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	e := newMIEndpoint(t, time.Minute)
	t.Setenv("MSI_ENDPOINT", e.srv.URL+"/msi/token")
	t.Setenv("MSI_SECRET", "node-secret")
	t.Setenv("DEFAULT_IDENTITY_CLIENT_ID", nodeID)
	cfg := mustResolve(t, ConfigInput{
		Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", ResourceGroup: "rg", Workspace: "ws1", Cloud: "AzureUSGovernment",
	})
	cred, err := NewCredential(AuthOptions{Mode: AuthManagedIdentity, Config: cfg, Getenv: envMap(map[string]string{"DEFAULT_IDENTITY_CLIENT_ID": nodeID})})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := getToken(t, cred, cfg); err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	reqs := e.received()
	if len(reqs) != 1 {
		t.Fatalf("endpoint got %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Header.Get("secret") != "node-secret" || r.Query.Get("clientid") != nodeID ||
		r.Query.Get("resource") != "https://management.core.usgovcloudapi.net/" {
		t.Errorf("request header secret=%q, query %v", r.Header.Get("secret"), r.Query)
	}
}

func TestManagedIdentityRejectsAClientIDThatIsNoGUID(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	_, err := NewCredential(AuthOptions{Mode: AuthManagedIdentity, Config: publicConfig(t, ""),
		Getenv: envMap(map[string]string{"DEFAULT_IDENTITY_CLIENT_ID": "my-identity"})})
	var ve *ValueError
	if !errors.As(err, &ve) || ve.Source.Name != "DEFAULT_IDENTITY_CLIENT_ID" || !strings.Contains(err.Error(), "GUID") {
		t.Errorf("err = %v, want a ValueError naming DEFAULT_IDENTITY_CLIENT_ID and the GUID rule", err)
	}
}

func TestManagedIdentityFailureKeepsTheHeaderSecret(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	e := newMIEndpoint(t, time.Minute)
	e.status = http.StatusBadRequest
	e.appService(t, "header-secret-value")
	cfg := publicConfig(t, "")
	cred, err := NewCredential(AuthOptions{Mode: AuthManagedIdentity, IdentityClientID: "0f0f0f0f-0000-4000-8000-0000000000b1", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	_, err = getToken(t, cred, cfg)
	var authErr *AuthError
	if !errors.As(err, &authErr) || authErr.Mode != AuthManagedIdentity {
		t.Fatalf("err = %v, want an *AuthError for --auth managed-identity", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "Identity not found") || !strings.Contains(msg, "--identity-client-id") {
		t.Errorf("message lacks the endpoint's answer or the hint: %s", msg)
	}
	if strings.Contains(msg, "header-secret-value") {
		t.Errorf("message leaks IDENTITY_HEADER: %s", msg)
	}
}

func TestAutoUsesTheManagedIdentityOfTheHost(t *testing.T) {
	// The whole default chain: no service principal variables, no workload identity, then
	// the managed identity endpoint the host advertises.
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	e := newMIEndpoint(t, time.Minute)
	e.appService(t, "auto-header")
	cfg := publicConfig(t, "")
	cred, err := NewCredential(AuthOptions{Mode: AuthAuto, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := getToken(t, cred, cfg)
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if tok.Token != "mi-token-1" || len(e.received()) != 1 {
		t.Errorf("token %q after %d endpoint requests, want mi-token-1 after 1", tok.Token, len(e.received()))
	}
}
