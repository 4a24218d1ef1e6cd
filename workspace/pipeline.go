package workspace

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// Retry settings shared by every request the client sends. azcore's retry policy already
// honours Retry-After (and retry-after-ms); these bound how long one call may keep retrying.
const (
	retryMaxRetries    = 4
	retryDelay         = time.Second
	retryMaxRetryDelay = 60 * time.Second // a longer Retry-After is returned to the caller as *Error.RetryAfter
	retryTryTimeout    = 2 * time.Minute
)

// watchRetryOptions bound the watchers' list calls more tightly than user actions: a watcher
// polls again soon anyway and has its own backoff, and a lost connection must show on screen
// within seconds, not after the full retry budget of a user's request.
var watchRetryOptions = policy.RetryOptions{
	MaxRetries:    1,
	RetryDelay:    retryDelay,
	MaxRetryDelay: retryMaxRetryDelay,
	TryTimeout:    30 * time.Second,
}

// userAgentPrefix starts the User-Agent of every request: amlconsole/<version>.
const userAgentPrefix = "amlconsole/"

// maxApplicationID is azcore's limit on policy.TelemetryOptions.ApplicationID.
const maxApplicationID = 24

// loggedHeaders are response headers whose values are safe and useful in the log; azcore
// redacts every header not on its allow list.
var loggedHeaders = []string{
	headerReadsRemaining, headerWritesRemaining, headerDeletesRemaining,
	"x-ms-correlation-request-id", "x-ms-routing-request-id", "x-ms-operation-identifier",
	"Content-Range", "Range",
}

// loggedQueryParams are query parameters whose values are safe in the log; azcore redacts the
// others (SAS signatures and the signed parts of Azure-AsyncOperation URLs among them).
var loggedQueryParams = []string{"underlyingResourceAction", "listViewType", "jobType"}

// clientOptions builds the one set of azcore options every pipeline of the client is made
// from: the cloud's endpoints, retries, user agent, logging allow lists, the closed gate, the
// rate-limit policy and the transport.
func clientOptions(cloudCfg cloud.Configuration, opts Options, gate, limits policy.Policy) (*arm.ClientOptions, error) {
	rm, ok := cloudCfg.Services[cloud.ResourceManager]
	if !ok || rm.Endpoint == "" || rm.Audience == "" {
		return nil, fmt.Errorf("workspace: the cloud configuration has no Resource Manager endpoint and audience")
	}
	insecure, err := allowCredentialOverHTTP(rm.Endpoint)
	if err != nil {
		return nil, err
	}
	return &arm.ClientOptions{
		ClientOptions: policy.ClientOptions{
			Cloud:                           cloudCfg,
			InsecureAllowCredentialWithHTTP: insecure,
			Logging: policy.LogOptions{
				// Bodies carry secrets (listKeys answers, attach credentials): never log them.
				IncludeBody:        false,
				AllowedHeaders:     loggedHeaders,
				AllowedQueryParams: loggedQueryParams,
			},
			Retry: policy.RetryOptions{
				MaxRetries:    retryMaxRetries,
				RetryDelay:    retryDelay,
				MaxRetryDelay: retryMaxRetryDelay,
				TryTimeout:    retryTryTimeout,
			},
			Telemetry:        policy.TelemetryOptions{ApplicationID: applicationID(opts.Version)},
			Transport:        opts.Transport,
			PerCallPolicies:  []policy.Policy{gate},
			PerRetryPolicies: []policy.Policy{limits},
		},
		// The workspace exists, so its resource provider is registered; automatic registration
		// would be a hidden write (and one a read-only session must never send).
		DisableRPRegistration: true,
	}, nil
}

// applicationID is the user-agent prefix amlconsole/<version>, shortened to azcore's limit.
func applicationID(version string) string {
	if version == "" {
		version = "dev"
	}
	id := userAgentPrefix + strings.ReplaceAll(version, " ", "-")
	if len(id) > maxApplicationID {
		id = id[:maxApplicationID]
	}
	return id
}

// allowCredentialOverHTTP reports whether bearer tokens may travel over plain HTTP to endpoint:
// only when endpoint is an http URL on a loopback address (the emulator). Any other http
// endpoint is refused outright rather than silently sending tokens in clear text.
func allowCredentialOverHTTP(endpoint string) (bool, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return false, fmt.Errorf("workspace: Resource Manager endpoint %q is not a URL: %v", endpoint, err)
	}
	switch u.Scheme {
	case "https":
		return false, nil
	case "http":
		if isLoopback(u.Hostname()) {
			return true, nil
		}
		return false, fmt.Errorf("workspace: Resource Manager endpoint %q uses http on a non-loopback host; use https (http is allowed only for 127.0.0.1, ::1 or localhost)", endpoint)
	default:
		return false, fmt.Errorf("workspace: Resource Manager endpoint %q must be an https URL", endpoint)
	}
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
