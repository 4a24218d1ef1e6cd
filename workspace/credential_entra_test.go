package workspace

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

const (
	fakeTenant = "cccccccc-cccc-4ccc-8ccc-cccccccccccc"
	fakeUser   = "dddddddd-dddd-4ddd-8ddd-dddddddddddd"
)

// fakeEntra is a local Microsoft Entra authority serving what MSAL asks of one tenant: the
// OpenID configuration, the device-code endpoint and the token endpoint (device code,
// refresh token and client credentials grants). Served over TLS, since azidentity refuses
// plain-http authorities.
type fakeEntra struct {
	srv          *httptest.Server
	clientSecret string        // the secret client_credentials must present
	lifetime     time.Duration // of the access tokens it issues
	declineUser  bool          // the user declines the device-code sign-in

	mu       sync.Mutex
	hosts    []string // the host of every request
	refused  []string // hosts of requests the transport refused
	scopes   []string // the scope of each token request
	grants   []string // grant_type of each token request, in order
	pending  int      // device-code polls answered authorization_pending so far
	deviceOK bool     // the device code has been handed out
}

func newFakeEntra(t *testing.T) *fakeEntra {
	t.Helper()
	e := &fakeEntra{clientSecret: "sp-secret-value", lifetime: time.Hour}
	e.srv = httptest.NewUnstartedServer(http.HandlerFunc(e.serve))
	e.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	e.srv.StartTLS()
	t.Cleanup(e.srv.Close)
	return e
}

// transport sends only to the fake authority: a request for any other host (Microsoft's
// instance discovery, say) is refused and remembered, so no test can reach the internet.
func (e *fakeEntra) transport() policy.Transporter {
	return hostOnlyTransport{e: e, next: e.srv.Client()}
}

type hostOnlyTransport struct {
	e    *fakeEntra
	next *http.Client
}

// Do sends req if it is for the fake authority.
func (t hostOnlyTransport) Do(req *http.Request) (*http.Response, error) {
	if "https://"+req.URL.Host != t.e.srv.URL {
		t.e.mu.Lock()
		t.e.refused = append(t.e.refused, req.URL.Host)
		t.e.mu.Unlock()
		return nil, fmt.Errorf("test transport: refused a request to %s", req.URL.Host)
	}
	return t.next.Do(req)
}

// authorityHost is the value for AZURE_AUTHORITY_HOST.
func (e *fakeEntra) authorityHost() string { return e.srv.URL + "/" }

// base is the tenant's URL on the host the request was sent to.
func base(r *http.Request) string { return "https://" + r.Host + "/" + fakeTenant }

func (e *fakeEntra) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	e.mu.Lock()
	e.hosts = append(e.hosts, r.Host)
	e.mu.Unlock()
	switch r.URL.Path {
	case "/common/discovery/instance": // instance discovery, for the clouds' own authorities
		json.NewEncoder(w).Encode(map[string]any{
			"tenant_discovery_endpoint": base(r) + "/v2.0/.well-known/openid-configuration",
			"api-version":               "1.1",
			"metadata":                  []map[string]any{{"preferred_network": r.Host, "preferred_cache": r.Host, "aliases": []string{r.Host}}},
		})
	case "/" + fakeTenant + "/v2.0/.well-known/openid-configuration":
		json.NewEncoder(w).Encode(map[string]string{
			"issuer":                 base(r) + "/v2.0",
			"authorization_endpoint": base(r) + "/oauth2/v2.0/authorize",
			"token_endpoint":         base(r) + "/oauth2/v2.0/token",
		})
	case "/" + fakeTenant + "/oauth2/v2.0/devicecode":
		e.mu.Lock()
		e.deviceOK = true
		e.mu.Unlock()
		json.NewEncoder(w).Encode(map[string]any{
			"device_code":      "device-code-1",
			"user_code":        "FAKE-CODE",
			"verification_uri": "https://microsoft.com/devicelogin",
			"expires_in":       900,
			"interval":         1,
			"message":          "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKE-CODE to authenticate.",
		})
	case "/" + fakeTenant + "/oauth2/v2.0/token":
		e.token(w, r)
	default:
		http.Error(w, `{"error": "not_found"}`, http.StatusNotFound)
	}
}

func (e *fakeEntra) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, `{"error": "invalid_request"}`, http.StatusBadRequest)
		return
	}
	grant := r.PostForm.Get("grant_type")
	e.mu.Lock()
	e.grants = append(e.grants, grant)
	e.scopes = append(e.scopes, r.PostForm.Get("scope"))
	n := len(e.grants)
	firstPoll := grant == "device_code" && e.pending == 0
	if firstPoll {
		e.pending++
	}
	deviceOK := e.deviceOK
	e.mu.Unlock()

	fail := func(code, description string) {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": description})
	}
	token := map[string]any{
		"access_token": fmt.Sprintf("entra-token-%d", n),
		"token_type":   "Bearer",
		"expires_in":   int(e.lifetime.Seconds()),
	}
	switch grant {
	case "device_code":
		switch {
		case !deviceOK || r.PostForm.Get("device_code") != "device-code-1":
			fail("invalid_grant", "AADSTS70000: unknown device code")
			return
		case firstPoll: // the user has not typed the code yet
			fail("authorization_pending", "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.")
			return
		case e.declineUser:
			fail("authorization_declined", "AADSTS70000: The user declined to sign in.")
			return
		}
		e.addUser(r, token)
	case "refresh_token":
		if r.PostForm.Get("refresh_token") != "refresh-token-1" {
			fail("invalid_grant", "AADSTS70000: unknown refresh token")
			return
		}
		e.addUser(r, token)
	case "client_credentials":
		if r.PostForm.Get("client_secret") != e.clientSecret {
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."})
			return
		}
	default:
		fail("unsupported_grant_type", "grant "+grant)
		return
	}
	json.NewEncoder(w).Encode(token)
}

// addUser adds what a user sign-in answer carries: a refresh token, the account's client_info
// and an ID token (MSAL reads its claims; nothing verifies the signature here).
func (e *fakeEntra) addUser(r *http.Request, token map[string]any) {
	b64 := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	now := time.Now().Unix()
	token["refresh_token"] = "refresh-token-1"
	token["client_info"] = b64(map[string]string{"uid": fakeUser, "utid": fakeTenant})
	token["id_token"] = b64(map[string]string{"alg": "none", "typ": "JWT"}) + "." + b64(map[string]any{
		"aud": "04b07795-8ddb-461a-bbee-02f9e1bf7b46", "iss": base(r) + "/v2.0", "tid": fakeTenant,
		"oid": fakeUser, "sub": fakeUser, "preferred_username": "someone@contoso.example",
		"iat": now, "nbf": now, "exp": now + 3600, "ver": "2.0",
	}) + "."
}

func (e *fakeEntra) grantLog() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.grants...)
}

// entraConfig is a configuration whose authority is e, as AZURE_AUTHORITY_HOST sets it.
func entraConfig(t *testing.T, e *fakeEntra) Config {
	t.Helper()
	return mustResolve(t, ConfigInput{
		Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", ResourceGroup: "rg", Workspace: "ws1",
		Getenv: envMap(map[string]string{"AZURE_AUTHORITY_HOST": e.authorityHost()}),
	})
}

func TestDeviceCodePromptsOnceAndRefreshesSilently(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	e := newFakeEntra(t)
	e.lifetime = time.Minute // MSAL treats tokens this short as due, so the next call refreshes
	cfg := entraConfig(t, e)
	var mu sync.Mutex
	var prompts []DeviceCodePrompt
	cred, err := NewCredential(AuthOptions{
		Mode: AuthDeviceCode, Config: cfg, Transport: e.transport(),
		Getenv: envMap(map[string]string{"AZURE_TENANT_ID": fakeTenant}),
		DeviceCodePrompt: func(p DeviceCodePrompt) {
			mu.Lock()
			prompts = append(prompts, p)
			mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := getToken(t, cred, cfg)
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	mu.Lock()
	got := append([]DeviceCodePrompt(nil), prompts...)
	mu.Unlock()
	if len(got) != 1 {
		t.Fatalf("%d prompts, want 1", len(got))
	}
	p := got[0]
	if p.Code != "FAKE-CODE" || p.URL != "https://microsoft.com/devicelogin" || !strings.Contains(p.Message, "enter the code FAKE-CODE") {
		t.Errorf("prompt = %+v", p)
	}
	if grants := e.grantLog(); strings.Join(grants, ",") != "device_code,device_code" || tok.Token != "entra-token-2" {
		t.Errorf("grants %q gave token %q, want a pending poll, then the token", grants, tok.Token)
	}

	// The short-lived token is renewed with the refresh token: no second prompt.
	tok, err = getToken(t, cred, cfg)
	if err != nil {
		t.Fatalf("second GetToken: %v", err)
	}
	mu.Lock()
	n := len(prompts)
	mu.Unlock()
	if grants := e.grantLog(); n != 1 || grants[len(grants)-1] != "refresh_token" || tok.Token != "entra-token-3" {
		t.Errorf("after %d prompts and grants %q the token is %q, want one prompt and a refresh", n, grants, tok.Token)
	}
}

func TestDeviceCodeNeedsAPrompt(t *testing.T) {
	_, err := NewCredential(AuthOptions{Mode: AuthDeviceCode, Config: publicConfig(t, "")})
	if err == nil || !strings.Contains(err.Error(), "DeviceCodePrompt") {
		t.Errorf("err = %v, want a refusal naming the missing prompt", err)
	}
}

func TestEnvCredentialWithClientSecret(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	e := newFakeEntra(t)
	t.Setenv("AZURE_TENANT_ID", fakeTenant)
	t.Setenv("AZURE_CLIENT_ID", "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee")
	t.Setenv("AZURE_CLIENT_SECRET", e.clientSecret)
	cfg := entraConfig(t, e)
	cred, err := NewCredential(AuthOptions{Mode: AuthEnv, Config: cfg, Transport: e.transport()})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := getToken(t, cred, cfg)
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if tok.Token != "entra-token-1" || strings.Join(e.grantLog(), ",") != "client_credentials" {
		t.Errorf("token %q after grants %q", tok.Token, e.grantLog())
	}
}

func TestEnvCredentialWrongSecretIsClearAndSecretFree(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	e := newFakeEntra(t)
	const wrong = "not-the-secret-1234"
	t.Setenv("AZURE_TENANT_ID", fakeTenant)
	t.Setenv("AZURE_CLIENT_ID", "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee")
	t.Setenv("AZURE_CLIENT_SECRET", wrong)
	cfg := entraConfig(t, e)
	cred, err := NewCredential(AuthOptions{Mode: AuthEnv, Config: cfg, Transport: e.transport()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = getToken(t, cred, cfg)
	if err == nil {
		t.Fatal("GetToken succeeded with a wrong secret")
	}
	msg := err.Error()
	if !strings.Contains(msg, "--auth env") || !strings.Contains(msg, "AADSTS7000215") {
		t.Errorf("message lacks the mode or the service's answer: %s", msg)
	}
	if strings.Contains(msg, wrong) {
		t.Errorf("message leaks the client secret: %s", msg)
	}
}

func TestEnvCredentialWithoutVariables(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	_, err := NewCredential(AuthOptions{Mode: AuthEnv, Config: publicConfig(t, "")})
	if err == nil || !strings.Contains(err.Error(), "--auth env") || !strings.Contains(err.Error(), "AZURE_CLIENT_SECRET") {
		t.Errorf("err = %v, want the missing variables named", err)
	}
}

// handlerTransport answers requests for any host in-process with a handler, so a credential
// can talk to a cloud's real authority host name without leaving the machine.
type handlerTransport struct{ h http.Handler }

// Do serves req with the handler.
func (t handlerTransport) Do(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	if req.Host == "" {
		req.Host = req.URL.Host
	}
	t.h.ServeHTTP(rec, req)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

func TestCredentialsUseTheCloudsAuthority(t *testing.T) {
	cases := []struct {
		cloud, host, scope string
	}{
		{"AzurePublic", "login.microsoftonline.com", "https://management.core.windows.net//.default"},
		{"AzureChina", "login.chinacloudapi.cn", "https://management.core.chinacloudapi.cn//.default"},
		{"AzureUSGovernment", "login.microsoftonline.us", "https://management.core.usgovcloudapi.net//.default"},
	}
	for _, tc := range cases {
		t.Run(tc.cloud, func(t *testing.T) {
			credentialNoLeaks(t)
			cleanCredentialEnv(t)
			e := newFakeEntra(t)
			t.Setenv("AZURE_TENANT_ID", fakeTenant)
			t.Setenv("AZURE_CLIENT_ID", "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee")
			t.Setenv("AZURE_CLIENT_SECRET", e.clientSecret)
			cfg := mustResolve(t, ConfigInput{
				Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", ResourceGroup: "rg", Workspace: "ws1", Cloud: tc.cloud,
			})
			cred, err := NewCredential(AuthOptions{Mode: AuthEnv, Config: cfg, Transport: handlerTransport{http.HandlerFunc(e.serve)}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := getToken(t, cred, cfg); err != nil {
				t.Fatalf("GetToken: %v", err)
			}
			e.mu.Lock()
			defer e.mu.Unlock()
			if len(e.hosts) == 0 {
				t.Fatal("no request reached the authority")
			}
			for _, h := range e.hosts {
				if h != tc.host {
					t.Errorf("a request went to %s, want only %s", h, tc.host)
				}
			}
			// MSAL adds openid, profile and offline_access after the requested scope.
			if len(e.scopes) != 1 || !strings.HasPrefix(e.scopes[0]+" ", tc.scope+" ") {
				t.Errorf("token request scopes %q, want %q first", e.scopes, tc.scope)
			}
		})
	}
}

func TestAutoWithAServicePrincipalAndACustomAuthority(t *testing.T) {
	// The default chain's first link, EnvironmentCredential, against an authority given by
	// AZURE_AUTHORITY_HOST (a private cloud). Instance discovery must be off: MSAL would ask
	// login.microsoftonline.com about the unknown authority.
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	e := newFakeEntra(t)
	t.Setenv("AZURE_TENANT_ID", fakeTenant)
	t.Setenv("AZURE_CLIENT_ID", "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee")
	t.Setenv("AZURE_CLIENT_SECRET", e.clientSecret)
	cfg := entraConfig(t, e)
	cred, err := NewCredential(AuthOptions{Mode: AuthAuto, Config: cfg, Transport: e.transport()})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := getToken(t, cred, cfg)
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if tok.Token != "entra-token-1" {
		t.Errorf("token = %q", tok.Token)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.refused) > 0 {
		t.Errorf("the credential tried to reach %q", e.refused)
	}
}

func TestDeviceCodeDeclinedIsClear(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	e := newFakeEntra(t)
	e.declineUser = true
	cfg := entraConfig(t, e)
	prompted := make(chan DeviceCodePrompt, 1)
	cred, err := NewCredential(AuthOptions{
		Mode: AuthDeviceCode, Config: cfg, Transport: e.transport(),
		Getenv:           envMap(map[string]string{"AZURE_TENANT_ID": fakeTenant}),
		DeviceCodePrompt: func(p DeviceCodePrompt) { prompted <- p },
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = getToken(t, cred, cfg)
	var authErr *AuthError
	// MSAL reads the body of every 400 while polling (to spot authorization_pending), so the
	// service's reason is gone by the time azidentity reports it; the status and the hint stay.
	if !errors.As(err, &authErr) || authErr.Mode != AuthDeviceCode || !strings.Contains(err.Error(), "RESPONSE 400") ||
		!strings.Contains(err.Error(), "sign-in was not completed") {
		t.Fatalf("err = %v, want an AuthError with the 400 and the hint", err)
	}
	select {
	case p := <-prompted:
		if p.Code != "FAKE-CODE" {
			t.Errorf("prompt code = %q", p.Code)
		}
	default:
		t.Error("the user was never prompted")
	}
}
