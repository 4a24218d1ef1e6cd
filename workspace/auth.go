package workspace

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// The --auth modes.
const (
	AuthAuto            = "auto"
	AuthCLI             = "cli"
	AuthDeviceCode      = "device-code"
	AuthManagedIdentity = "managed-identity"
	AuthEnv             = "env"
	AuthNone            = "none"
)

// AuthModes lists the --auth modes, the default first.
func AuthModes() []string {
	return []string{AuthAuto, AuthCLI, AuthDeviceCode, AuthManagedIdentity, AuthEnv, AuthNone}
}

// AuthOptions choose and configure the credential.
type AuthOptions struct {
	Mode             string // one of AuthModes(); "" means auto
	IdentityClientID string // --identity-client-id, for managed-identity
	Config           Config // the cloud's authority host, and the endpoint `none` checks

	// Getenv reads amlconsole's own variables (DEFAULT_IDENTITY_CLIENT_ID, AZURE_CLIENT_ID,
	// AZURE_TENANT_ID); nil reads nothing. azidentity reads the process environment itself
	// (AZURE_CLIENT_SECRET, IDENTITY_ENDPOINT, ...).
	Getenv func(string) string

	// DeviceCodePrompt shows the device-code sign-in instructions; device-code requires it.
	// cmd publishes the prompt on the bus (console) or prints it to stderr (headless).
	DeviceCodePrompt func(DeviceCodePrompt)

	// Transport sends the credentials' token requests; nil is azcore's default. Tests point
	// it at local token endpoints.
	Transport policy.Transporter
}

// AuthError is a credential's failure to get a token, with the --auth mode and what to do.
type AuthError struct {
	Mode string
	Hint string // what the user can do; may be ""
	Err  error  // azidentity's error
}

func (e *AuthError) Error() string {
	msg := fmt.Sprintf("authenticating with --auth %s: %v", e.Mode, e.Err)
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

func (e *AuthError) Unwrap() error { return e.Err }

// NewCredential builds the credential for opts.Mode. Construction errors name the mode;
// token request failures come back as *AuthError. Tokens are never logged or shown.
func NewCredential(opts AuthOptions) (azcore.TokenCredential, error) {
	mode := strings.TrimSpace(opts.Mode)
	if mode == "" {
		mode = AuthAuto
	}
	if !slices.Contains(AuthModes(), mode) {
		return nil, fmt.Errorf("--auth %q is not a mode amlconsole knows: must be one of %s", mode, strings.Join(AuthModes(), ", "))
	}
	if strings.TrimSpace(opts.IdentityClientID) != "" && mode != AuthManagedIdentity {
		return nil, fmt.Errorf("--identity-client-id works only with --auth %s, not --auth %s", AuthManagedIdentity, mode)
	}
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	cred, err := newModeCredential(mode, opts)
	if err != nil {
		if hint := constructionHint(mode); hint != "" {
			return nil, fmt.Errorf("--auth %s: %w (%s)", mode, err, hint)
		}
		return nil, fmt.Errorf("--auth %s: %w", mode, err)
	}
	if mode == AuthNone {
		return cred, nil // it cannot fail
	}
	return &modeCredential{mode: mode, hint: authHint(mode), cred: cred}, nil
}

// newModeCredential builds the azidentity credential of a known mode.
func newModeCredential(mode string, opts AuthOptions) (azcore.TokenCredential, error) {
	co := azcore.ClientOptions{Cloud: opts.Config.CloudConfiguration(), Transport: opts.Transport}
	// A custom authority (AZURE_AUTHORITY_HOST: private or disconnected clouds) cannot be
	// validated through Microsoft's instance discovery.
	customAuthority := opts.Config.AuthorityHost.Source.Kind == SourceEnv
	switch mode {
	case AuthAuto:
		return azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{
			ClientOptions: co, DisableInstanceDiscovery: customAuthority,
		})
	case AuthCLI:
		return azidentity.NewAzureCLICredential(nil)
	case AuthDeviceCode:
		return newDeviceCodeCredential(opts, co, customAuthority)
	case AuthManagedIdentity:
		return newManagedIdentityCredential(opts, co)
	case AuthEnv:
		return azidentity.NewEnvironmentCredential(&azidentity.EnvironmentCredentialOptions{
			ClientOptions: co, DisableInstanceDiscovery: customAuthority,
		})
	default: // AuthNone
		return newStaticCredential(opts.Config)
	}
}

// newDeviceCodeCredential signs a user in with a code entered on another device, which is how
// a jump box without a browser signs in. AZURE_TENANT_ID picks the tenant (default: the
// user's organization).
func newDeviceCodeCredential(opts AuthOptions, co azcore.ClientOptions, customAuthority bool) (azcore.TokenCredential, error) {
	if opts.DeviceCodePrompt == nil {
		return nil, errors.New("no way to show the sign-in code (AuthOptions.DeviceCodePrompt is nil)")
	}
	prompt := opts.DeviceCodePrompt
	return azidentity.NewDeviceCodeCredential(&azidentity.DeviceCodeCredentialOptions{
		ClientOptions:            co,
		DisableInstanceDiscovery: customAuthority,
		TenantID:                 strings.TrimSpace(opts.Getenv("AZURE_TENANT_ID")),
		UserPrompt: func(_ context.Context, m azidentity.DeviceCodeMessage) error {
			prompt(DeviceCodePrompt{Message: m.Message, URL: m.VerificationURL, Code: m.UserCode})
			return nil
		},
	})
}

// constructionHint says how to fix a mode whose credential cannot even be built.
func constructionHint(mode string) string {
	if mode == AuthEnv {
		return authHint(AuthEnv)
	}
	return ""
}

// authHint says what a user can do when a mode fails to get a token.
func authHint(mode string) string {
	switch mode {
	case AuthAuto:
		return "sign in with az login, or pick a mode with --auth: " + strings.Join(AuthModes()[1:], ", ")
	case AuthCLI:
		return "sign in with az login; use az login --use-device-code where there is no browser"
	case AuthDeviceCode:
		return "the sign-in was not completed: enter the code at the page shown before it expires, then run again for a new code"
	case AuthManagedIdentity:
		return "managed identities exist only on Azure compute; pass --identity-client-id to choose a user-assigned one"
	case AuthEnv:
		return "set AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH"
	}
	return ""
}

// modeCredential labels a credential's failures with the --auth mode and a hint.
type modeCredential struct {
	mode, hint string
	cred       azcore.TokenCredential
}

// GetToken gets a token from the underlying credential.
func (c *modeCredential) GetToken(ctx context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
	tok, err := c.cred.GetToken(ctx, o)
	if err != nil {
		return azcore.AccessToken{}, &AuthError{Mode: c.mode, Hint: c.hint, Err: err}
	}
	return tok, nil
}
