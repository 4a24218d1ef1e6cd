package workspace

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// SignedInIdentity asks cred for a Resource Manager token and names the principal it was
// issued to, for the console's header: the user's sign-in name, else the application or
// managed identity's ID. It fails as the credential fails, so a caller learns early that
// sign-in does not work. The token itself is never kept or shown; its claims are read without
// verification, which is fine for display since Azure verifies it on every request.
func SignedInIdentity(ctx context.Context, cred azcore.TokenCredential, cfg Config) (string, error) {
	tok, err := cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{cfg.TokenScope()}})
	if err != nil {
		return "", err
	}
	return principalName(tok.Token), nil
}

// tokenClaims are the claims of an Entra ID access token that name its principal.
type tokenClaims struct {
	UPN        string `json:"upn"`
	UniqueName string `json:"unique_name"`
	Email      string `json:"email"`
	AppID      string `json:"appid"`
	AzpID      string `json:"azp"`
	ObjectID   string `json:"oid"`
}

// principalName reads the principal from a JWT access token; "" for a token that is not a JWT
// (the emulator's dummy token) or names no principal.
func principalName(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return ""
	}
	var c tokenClaims
	if json.Unmarshal(payload, &c) != nil {
		return ""
	}
	for _, name := range []string{c.UPN, c.UniqueName, c.Email} {
		if name != "" {
			return name
		}
	}
	for _, id := range []string{c.AppID, c.AzpID, c.ObjectID} {
		if id != "" {
			return "app " + id
		}
	}
	return ""
}
