package workspace

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// jwt builds an unsigned token with the given payload, as Entra ID's tokens are shaped.
func jwt(payload string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc([]byte(payload)) + ".c2lnbmF0dXJl"
}

type fixedTokenCredential struct {
	token  string
	err    error
	scopes []string
}

func (s *fixedTokenCredential) GetToken(_ context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
	s.scopes = o.Scopes
	return azcore.AccessToken{Token: s.token, ExpiresOn: time.Now().Add(time.Hour)}, s.err
}

func TestSignedInIdentityNamesThePrincipal(t *testing.T) {
	for _, tc := range []struct{ name, payload, want string }{
		{"user", `{"upn":"alice@contoso.com","oid":"1111"}`, "alice@contoso.com"},
		{"guest user", `{"unique_name":"live.com#bob@example.com"}`, "live.com#bob@example.com"},
		{"service principal", `{"appid":"22222222-0000-0000-0000-000000000000","oid":"3333"}`, "app 22222222-0000-0000-0000-000000000000"},
		{"managed identity", `{"oid":"44444444-0000-0000-0000-000000000000"}`, "app 44444444-0000-0000-0000-000000000000"},
		{"no principal", `{"aud":"https://management.azure.com"}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cred := &fixedTokenCredential{token: jwt(tc.payload)}
			cfg := Config{Cloud: Value{Value: string(AzurePublic)}}
			got, err := SignedInIdentity(context.Background(), cred, cfg)
			if err != nil || got != tc.want {
				t.Fatalf("SignedInIdentity = %q, %v; want %q", got, err, tc.want)
			}
			if len(cred.scopes) != 1 || cred.scopes[0] != cfg.TokenScope() {
				t.Errorf("asked for scopes %v, want the Resource Manager scope %s", cred.scopes, cfg.TokenScope())
			}
		})
	}
}

func TestSignedInIdentityOfDummyTokenIsEmpty(t *testing.T) {
	got, err := SignedInIdentity(context.Background(), &fixedTokenCredential{token: "emulator-token"}, Config{})
	if err != nil || got != "" {
		t.Fatalf("SignedInIdentity = %q, %v; want no name for a token that is not a JWT", got, err)
	}
}

func TestSignedInIdentityReportsSignInFailureWithoutTheToken(t *testing.T) {
	cred := &fixedTokenCredential{token: "secret-token-value", err: errors.New("az login required")}
	_, err := SignedInIdentity(context.Background(), cred, Config{})
	if err == nil || !strings.Contains(err.Error(), "az login") || strings.Contains(err.Error(), "secret-token-value") {
		t.Fatalf("error %v: want the credential's error, without the token", err)
	}
}
