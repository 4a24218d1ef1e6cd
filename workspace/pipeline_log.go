package workspace

import (
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	azlog "github.com/Azure/azure-sdk-for-go/sdk/azcore/log"
)

// logSink writes azcore's log events to the --log-file writer. azcore already redacts header
// values and query parameters outside its allow lists and never logs bodies (IncludeBody is
// off); the sink scrubs every line once more, so a secret that reaches a message some other
// way (an error text quoting a URL, a service error echoing a field) still never reaches the file.
type logSink struct {
	now func() time.Time

	mu     sync.Mutex
	w      io.Writer
	closed bool
}

// install makes the sink azcore's log listener. azcore has one listener per process: the most
// recently built client with a LogWriter receives the log of every azcore pipeline.
func (s *logSink) install() { azlog.SetListener(s.write) }

// close stops the sink writing. It leaves azcore's listener in place: when the console swaps
// workspaces the new client has installed its own sink before the old one closes, and
// clearing the listener here would silence the new client's log.
func (s *logSink) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
}

func (s *logSink) write(ev azlog.Event, msg string) {
	line := fmt.Sprintf("%s %s: %s\n", s.now().UTC().Format(time.RFC3339Nano), ev, redactSecrets(msg))
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	// A failing log file must not break the console; the error has nowhere better to go.
	_, _ = io.WriteString(s.w, line)
}

const redacted = "REDACTED"

var (
	// bearerToken matches a bearer token wherever it appears.
	bearerToken = regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9\-._~+/]+=*`)
	// authHeader matches an Authorization header line's value.
	authHeader = regexp.MustCompile(`(?im)^(\s*(?:x-ms-authorization-auxiliary|authorization)\s*:\s*).*$`)
	// anyURL matches URLs so their query strings can be sanitised.
	anyURL = regexp.MustCompile(`https?://[^\s"'<>]+`)
	// secretField matches JSON string fields that hold secrets in compute payloads and answers.
	secretField = regexp.MustCompile(`(?i)("(?:password|adminUserPassword|privateKeyData|databricksAccessToken|primaryKey|secondaryKey|primaryAccessKey|secondaryAccessKey|primaryConnectionString|secondaryConnectionString|userStorageKey|appInsightsInstrumentationKey|accessToken|token|secret|clientSecret|sasToken|sasUri|credentialValue)"\s*:\s*)"(?:[^"\\]|\\.)*"`)
)

// safeQueryParams may keep their values in logged URLs.
var safeQueryParams = map[string]bool{"api-version": true, "underlyingresourceaction": true, "listviewtype": true, "jobtype": true}

// redactSecrets removes bearer tokens, Authorization values, every unsafe query parameter
// value (SAS sig, se, sp, ... and the signed c/s/h parts of Azure-AsyncOperation URLs) and
// secret JSON fields from s.
func redactSecrets(s string) string {
	s = authHeader.ReplaceAllString(s, "${1}"+redacted)
	s = bearerToken.ReplaceAllString(s, "Bearer "+redacted)
	s = anyURL.ReplaceAllStringFunc(s, scrubURL)
	s = secretField.ReplaceAllString(s, `${1}"`+redacted+`"`)
	return s
}

// scrubURL replaces the values of every query parameter not known to be safe.
func scrubURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// Unparseable: keep only what precedes the query.
		if i := strings.IndexByte(raw, '?'); i >= 0 {
			return raw[:i] + "?" + redacted
		}
		return raw
	}
	if u.RawQuery == "" {
		return raw
	}
	q := u.Query()
	for k := range q {
		if !safeQueryParams[strings.ToLower(k)] {
			q.Set(k, redacted)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
