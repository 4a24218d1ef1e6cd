package workspace

import (
	"net"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// validateSubscription checks that s is a subscription ID: a GUID, as ARM requires.
func validateSubscription(s string) string {
	if !isGUID(s) {
		return "must be a GUID such as 00000000-0000-0000-0000-000000000000 (the subscription ID, not its name)"
	}
	return ""
}

// isGUID reports whether s has the 8-4-4-4-12 hexadecimal form.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}

// validateResourceGroup applies ARM's resource group naming rule.
func validateResourceGroup(s string) string {
	const rule = "must be 1-90 characters of letters, digits, '_', '-', '.', '(' and ')', not ending in '.'"
	if n := utf8.RuneCountInString(s); n < 1 || n > 90 || strings.HasSuffix(s, ".") {
		return rule
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_-.()", r) {
			return rule
		}
	}
	return ""
}

// validateWorkspaceName applies Azure ML's workspace naming rule (^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$).
func validateWorkspaceName(s string) string {
	const rule = "must be 3-33 characters of ASCII letters, digits, '-' and '_', starting with a letter or digit"
	if len(s) < 3 || len(s) > 33 {
		return rule
	}
	for i, r := range s {
		alnum := r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if !alnum && (i == 0 || (r != '-' && r != '_')) {
			return rule
		}
	}
	return ""
}

// validateEndpoint checks an --endpoint value and returns it without a trailing slash. Plain
// http is accepted only for loopback hosts (the emulator): anywhere else it would send bearer
// tokens in clear text.
func validateEndpoint(s string) (string, string) {
	u, err := url.Parse(s)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "":
		return "", "must be an absolute http(s) URL such as https://management.azure.com"
	case u.Scheme != "https" && u.Scheme != "http":
		return "", "must use https (or http for a loopback address), not " + u.Scheme
	case u.User != nil:
		return "", "must not carry a user name or password; amlconsole authenticates with --auth"
	case u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "#"):
		return "", "must not have a query or fragment"
	case u.Scheme == "http" && !isLoopbackHost(u.Hostname()):
		return "", "must use https unless the host is a loopback address (127.0.0.0/8, ::1, localhost): http would send tokens in clear text"
	}
	return strings.TrimRight(s, "/"), ""
}

// validateAuthorityHost checks an AZURE_AUTHORITY_HOST value; azidentity requires https.
func validateAuthorityHost(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "":
		return "must be an absolute https URL such as https://login.microsoftonline.com/"
	case u.Scheme != "https":
		return "must use https"
	case u.User != nil:
		return "must not carry a user name or password"
	case u.RawQuery != "" || u.Fragment != "":
		return "must not have a query or fragment"
	}
	return ""
}

// isLoopbackHost reports whether host (without port) is localhost or a loopback IP address.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redactURL hides a password in a URL before it goes into an error message, even in a URL
// too malformed to parse.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err == nil {
		if u.User == nil {
			return s
		}
		return u.Redacted()
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if at := strings.LastIndex(rest, "@"); ok && at >= 0 {
		return scheme + "://xxxxx@" + rest[at+1:]
	}
	return s
}
