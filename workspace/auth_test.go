package workspace

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestAuthModes(t *testing.T) {
	if got := strings.Join(AuthModes(), ","); got != "auto,cli,device-code,managed-identity,env,none" {
		t.Errorf("AuthModes() = %s", got)
	}
}

func TestUnknownAuthMode(t *testing.T) {
	_, err := NewCredential(AuthOptions{Mode: "password", Config: publicConfig(t, "")})
	if err == nil {
		t.Fatal("NewCredential accepted an unknown mode")
	}
	for _, want := range []string{`--auth "password"`, "auto, cli, device-code, managed-identity, env, none"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

func TestNoneAcceptsOnlyLoopbackEndpoints(t *testing.T) {
	for _, endpoint := range []string{
		"http://127.0.0.1:8443", "https://127.0.0.1:8443", "http://127.3.4.5:80", "http://[::1]:8443",
		"http://localhost:9000", "https://LOCALHOST:9000/prefix",
	} {
		cfg := publicConfig(t, endpoint)
		cred, err := NewCredential(AuthOptions{Mode: AuthNone, Config: cfg})
		if err != nil {
			t.Errorf("--endpoint %s: %v", endpoint, err)
			continue
		}
		tok, err := getToken(t, cred, cfg)
		if err != nil || tok.Token != staticToken || time.Until(tok.ExpiresOn) < 30*time.Minute {
			t.Errorf("--endpoint %s: token %q expiring %v, err %v", endpoint, tok.Token, tok.ExpiresOn, err)
		}
	}
}

func TestNoneRefusesEverythingElse(t *testing.T) {
	cases := map[string]Config{
		"the cloud default":                publicConfig(t, ""),
		"a private endpoint":               publicConfig(t, "https://10.0.0.4"),
		"a name that merely starts so":     publicConfig(t, "https://localhost.contoso.example"),
		"a name that embeds a loopback":    publicConfig(t, "https://127.0.0.1.nip.io"),
		"a sovereign cloud":                mustResolve(t, ConfigInput{Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", ResourceGroup: "rg", Workspace: "ws1", Cloud: "AzureChina"}),
		"a hand-built Config, no endpoint": {},
	}
	for name, cfg := range cases {
		_, err := NewCredential(AuthOptions{Mode: AuthNone, Config: cfg})
		if err == nil {
			t.Errorf("%s (%q): --auth none accepted", name, cfg.Endpoint.Value)
			continue
		}
		if !strings.Contains(err.Error(), "--auth none") || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("%s: message %q does not explain the rule", name, err)
		}
		if cfg.Endpoint.Value != "" && !strings.Contains(err.Error(), cfg.Endpoint.Value) {
			t.Errorf("%s: message %q does not name the endpoint", name, err)
		}
	}
}

func TestAuthErrorUnwraps(t *testing.T) {
	inner := errors.New("boom")
	err := error(&AuthError{Mode: AuthCLI, Hint: "sign in", Err: inner})
	if !errors.Is(err, inner) || err.Error() != "authenticating with --auth cli: boom (sign in)" {
		t.Errorf("AuthError = %q", err)
	}
}

func TestIdentityClientIDOnlyWithManagedIdentity(t *testing.T) {
	_, err := NewCredential(AuthOptions{Mode: AuthCLI, IdentityClientID: "0f0f0f0f-0000-4000-8000-000000000001", Config: publicConfig(t, "")})
	if err == nil || !strings.Contains(err.Error(), "--identity-client-id works only with --auth managed-identity") {
		t.Errorf("err = %v, want --identity-client-id refused outside managed-identity", err)
	}
}
