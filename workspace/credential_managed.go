package workspace

import (
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// managedIdentityClientID picks the user-assigned identity: --identity-client-id, else
// DEFAULT_IDENTITY_CLIENT_ID (what Azure ML sets on its compute nodes), else AZURE_CLIENT_ID.
// It returns "" for the system-assigned identity, and the source for error messages.
func managedIdentityClientID(flag string, getenv func(string) string) (id string, src Source) {
	if v := strings.TrimSpace(flag); v != "" {
		return v, Source{Kind: SourceFlag, Name: "--identity-client-id"}
	}
	for _, name := range []string{"DEFAULT_IDENTITY_CLIENT_ID", "AZURE_CLIENT_ID"} {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v, Source{Kind: SourceEnv, Name: name}
		}
	}
	return "", Source{}
}

// newManagedIdentityCredential authenticates as the Azure resource's managed identity.
func newManagedIdentityCredential(opts AuthOptions, co azcore.ClientOptions) (azcore.TokenCredential, error) {
	mo := azidentity.ManagedIdentityCredentialOptions{ClientOptions: co}
	if id, src := managedIdentityClientID(opts.IdentityClientID, opts.Getenv); id != "" {
		if !isGUID(id) {
			return nil, &ValueError{Setting: "identity client ID", Value: id, Source: src,
				Rule: "must be the identity's client ID, a GUID such as 00000000-0000-0000-0000-000000000000"}
		}
		mo.ID = azidentity.ClientID(id)
	}
	return azidentity.NewManagedIdentityCredential(&mo)
}
