package workspace

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// tokenAzScript is a fake az that logs its arguments to log, one call a line, and answers
// like `az account get-access-token -o json` with token cli-token-<call number> valid for
// lifetime seconds.
func tokenAzScript(log string, lifetime int) string {
	return fmt.Sprintf(`echo "$@" >> '%[1]s'
n=$(wc -l < '%[1]s' | tr -d ' ')
cat <<EOF
{
  "accessToken": "cli-token-$n",
  "expiresOn": "2000-01-01 00:00:00.000000",
  "expires_on": $(( $(date +%%s) + %[2]d )),
  "subscription": "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "tenant": "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa",
  "tokenType": "Bearer"
}
EOF
`, log, lifetime)
}

func TestCLICredentialRunsAzForTheCloudsAudience(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	log := filepath.Join(t.TempDir(), "az.log")
	fakeAz(t, tokenAzScript(log, 3600))
	cfg := mustResolve(t, ConfigInput{
		Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", ResourceGroup: "rg", Workspace: "ws1", Cloud: "AzureChina",
	})
	cred, err := NewCredential(AuthOptions{Mode: AuthCLI, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := getToken(t, cred, cfg)
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if tok.Token != "cli-token-1" {
		t.Errorf("token = %q, want cli-token-1", tok.Token)
	}
	// expires_on (epoch seconds) wins over the local-time expiresOn, as in azidentity.
	if d := time.Until(tok.ExpiresOn); d < 50*time.Minute || d > 61*time.Minute {
		t.Errorf("token expires in %v, want about an hour", d)
	}
	calls := readLines(t, log)
	want := "account get-access-token -o json --resource https://management.core.chinacloudapi.cn/"
	if len(calls) != 1 || calls[0] != want {
		t.Errorf("az was called with %q, want once with %q", calls, want)
	}
}

func TestCLICredentialFailureIsClearAndCarriesNoSecret(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	// A broken az that prints a token-looking value on stdout and its complaint on stderr.
	fakeAz(t, `echo '{"accessToken": "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.SECRET-PAYLOAD.SIGNATURE"}'
echo "ERROR: AADSTS700082: The refresh token has expired due to inactivity. Please run 'az login' to setup account." >&2
exit 1
`)
	cfg := publicConfig(t, "")
	cred, err := NewCredential(AuthOptions{Mode: AuthCLI, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	_, err = getToken(t, cred, cfg)
	var authErr *AuthError
	if !errors.As(err, &authErr) || authErr.Mode != AuthCLI {
		t.Fatalf("err = %v, want an *AuthError for --auth cli", err)
	}
	var failed *azidentity.AuthenticationFailedError
	if !errors.As(err, &failed) {
		t.Errorf("err = %v, want azidentity's AuthenticationFailedError inside", err)
	}
	msg := err.Error()
	for _, want := range []string{"--auth cli", "AzureCLICredential", "AADSTS700082", "az login"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
	for _, secret := range []string{"SECRET-PAYLOAD", "eyJ0eXAi", "SIGNATURE"} {
		if strings.Contains(msg, secret) {
			t.Errorf("message leaks %q: %s", secret, msg)
		}
	}
}

func TestCLICredentialWithoutAz(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	t.Setenv("PATH", t.TempDir()) // no az anywhere
	cfg := publicConfig(t, "")
	cred, err := NewCredential(AuthOptions{Mode: AuthCLI, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	_, err = getToken(t, cred, cfg)
	if err == nil || !strings.Contains(err.Error(), "not found on path") || !strings.Contains(err.Error(), "--auth cli") {
		t.Errorf("err = %v, want az not found, labelled with the mode", err)
	}
}

func TestAutoFallsThroughToTheAzureCLI(t *testing.T) {
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	log := filepath.Join(t.TempDir(), "az.log")
	fakeAz(t, tokenAzScript(log, 3600))
	// "dev" keeps DefaultAzureCredential to its developer tools (Azure CLI first), so the
	// test never probes the instance metadata service.
	t.Setenv("AZURE_TOKEN_CREDENTIALS", "dev")
	cfg := publicConfig(t, "")
	cred, err := NewCredential(AuthOptions{Config: cfg}) // "" is auto
	if err != nil {
		t.Fatal(err)
	}
	tok, err := getToken(t, cred, cfg)
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if tok.Token != "cli-token-1" {
		t.Errorf("token = %q, want the Azure CLI's", tok.Token)
	}
	if calls := readLines(t, log); len(calls) != 1 || !strings.HasSuffix(calls[0], "--resource https://management.core.windows.net/") {
		t.Errorf("az calls = %q", calls)
	}
}

func TestCLICredentialUnderstandsOlderAzOutput(t *testing.T) {
	// az before 2.54 prints only expiresOn, in local time.
	credentialNoLeaks(t)
	cleanCredentialEnv(t)
	expires := time.Now().Add(90 * time.Minute).Local().Format("2006-01-02 15:04:05.000000")
	fakeAz(t, fmt.Sprintf(`echo '{"accessToken": "old-az-token", "expiresOn": "%s", "tokenType": "Bearer"}'`+"\n", expires))
	cfg := publicConfig(t, "")
	cred, err := NewCredential(AuthOptions{Mode: AuthCLI, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := getToken(t, cred, cfg)
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if d := time.Until(tok.ExpiresOn); tok.Token != "old-az-token" || d < 85*time.Minute || d > 91*time.Minute {
		t.Errorf("token %q expiring in %v, want old-az-token in about 90 minutes", tok.Token, d)
	}
}
