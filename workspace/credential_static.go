package workspace

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// staticToken is the fixed bearer token of --auth none. It is no secret: only a loopback
// endpoint (the emulator) ever receives it.
const staticToken = "amlconsole-no-auth"

// staticCredential is --auth none: a fixed dummy token for the local emulator.
type staticCredential struct{}

// newStaticCredential accepts --auth none only when the endpoint is a loopback address, so the
// dummy token can never be sent to Azure.
func newStaticCredential(cfg Config) (azcore.TokenCredential, error) {
	const rule = "a dummy token is sent only to a loopback --endpoint " +
		"(127.0.0.0/8, ::1 or localhost, such as the emulator's)"
	endpoint := cfg.Endpoint.Value
	if endpoint == "" {
		return nil, fmt.Errorf("%s; no endpoint is configured", rule)
	}
	if u, err := url.Parse(endpoint); err != nil || !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("%s; the endpoint is %s (from %s)", rule, redactURL(endpoint), cfg.Endpoint.Source)
	}
	return staticCredential{}, nil
}

// GetToken returns the fixed token, valid for an hour from each call.
func (staticCredential) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: staticToken, ExpiresOn: time.Now().Add(time.Hour)}, nil
}
