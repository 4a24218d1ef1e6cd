package workspace

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/amlconsole/amlconsole/internal/leakcheck"
)

// credentialEnv lists every variable azidentity's credentials read from the process, so a
// test can start from a clean slate whatever the machine has set.
func credentialEnv() []string {
	return []string{
		"AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH",
		"AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_USERNAME", "AZURE_PASSWORD", "AZURE_FEDERATED_TOKEN_FILE",
		"AZURE_AUTHORITY_HOST", "AZURE_TOKEN_CREDENTIALS", "AZURE_ADDITIONALLY_ALLOWED_TENANTS",
		"IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT",
		"MSI_ENDPOINT", "MSI_SECRET", "DEFAULT_IDENTITY_CLIENT_ID", "AZURE_CONFIG_DIR",
	}
}

// cleanCredentialEnv unsets every credential variable for the test; t.Setenv restores them.
func cleanCredentialEnv(t *testing.T) {
	t.Helper()
	for _, k := range credentialEnv() {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
}

// fakeAz puts an executable `az` running script first on PATH. azidentity runs
// `/bin/sh -c "az account get-access-token -o json --resource <audience>"` in /bin and reads
// the token JSON from stdout, the error from stderr.
func fakeAz(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "az"), []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// publicConfig is a resolved configuration for Azure public with the given endpoint.
func publicConfig(t *testing.T, endpoint string) Config {
	t.Helper()
	return mustResolve(t, ConfigInput{
		Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", ResourceGroup: "rg", Workspace: "ws1",
		Endpoint: endpoint,
	})
}

// getToken asks cred for a Resource Manager token of cfg's cloud.
func getToken(t *testing.T, cred azcore.TokenCredential, cfg Config) (azcore.AccessToken, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{cfg.TokenScope()}})
}

// readLines reads a file a fake wrote, one entry a line.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// credentialNoLeaks fails the test if goroutines it started (HTTP connections to its fake
// endpoints, credential internals) outlive it. Call it first, so its check runs after every
// other cleanup has closed the servers.
func credentialNoLeaks(t *testing.T) {
	t.Helper()
	leakcheck.Check(t, 10*time.Second)
}
