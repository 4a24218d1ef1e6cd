package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Shared HTTP helpers for both halves of the emulator. Wrap every ARM handler in s.arm (bearer
// token + api-version, as Resource Manager checks them before any provider sees the request),
// run-history handlers in s.bearer (token only; run history takes no api-version), and leave
// the discovery endpoint and log blobs bare (anonymous, as on Azure).

// armError is the inner object of ARM's error body {"error": {...}}.
type armError struct {
	Code    string     `json:"code"`
	Message string     `json:"message"`
	Target  string     `json:"target,omitempty"`
	Details []armError `json:"details,omitempty"`
}

// Error makes armError usable as a Go error (claimNodes and friends return it).
func (e *armError) Error() string { return e.Code + ": " + e.Message }

// httpError is an ARM error together with the HTTP status it is answered with.
type httpError struct {
	Status int
	Err    armError
}

func (e *httpError) Error() string { return e.Err.Error() }

// errorf builds an httpError with a formatted message.
func errorf(status int, code, format string, args ...any) *httpError {
	return &httpError{Status: status, Err: armError{Code: code, Message: fmt.Sprintf(format, args...)}}
}

// badRequest is the usual validation failure.
func badRequest(code, format string, args ...any) *httpError {
	return errorf(http.StatusBadRequest, code, format, args...)
}

// writeJSON answers status with v encoded as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeARMError(w, errorf(http.StatusInternalServerError, "InternalServerError", "encoding the response failed: %v", err))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeARMError answers with ARM's error body and the error's status.
func writeARMError(w http.ResponseWriter, e *httpError) {
	writeJSON(w, e.Status, struct {
		Error armError `json:"error"`
	}{e.Err})
}

// writeGatewayError is an error Resource Manager itself answers (before any provider sees the
// request); ARM marks those with x-ms-failure-cause: gateway.
func writeGatewayError(w http.ResponseWriter, e *httpError) {
	w.Header().Set("x-ms-failure-cause", "gateway")
	writeARMError(w, e)
}

// decodeJSON reads a request body into v, answering ARM's error itself when it cannot.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<20))
	if err := dec.Decode(v); err != nil {
		writeARMError(w, badRequest("InvalidRequestContent", "The request content was invalid and could not be deserialized: %v", err))
		return false
	}
	return true
}

// bearer wraps h with ARM's token check: a request without "Authorization: Bearer <token>"
// gets 401 with ARM's body and a WWW-Authenticate challenge. Token values are not validated
// (there is no identity provider) and never logged.
func (s *Server) bearer(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		scheme, token, _ := strings.Cut(auth, " ")
		switch {
		case auth == "":
			unauthorized(w, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.")
			return
		case !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "":
			unauthorized(w, "AuthenticationFailedInvalidHeader", "Authentication failed. The 'Authorization' header is provided in an invalid format.")
			return
		}
		h(w, r)
	}
}

func unauthorized(w http.ResponseWriter, code, message string) {
	w.Header().Set("WWW-Authenticate", `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="`+message+`"`)
	writeGatewayError(w, errorf(http.StatusUnauthorized, code, "%s", message))
}

// arm wraps h with the bearer check and then the api-version check.
func (s *Server) arm(h http.HandlerFunc) http.HandlerFunc {
	return s.bearer(func(w http.ResponseWriter, r *http.Request) {
		if e := checkAPIVersion(r.URL.Query().Get("api-version"), r.URL.Query().Has("api-version")); e != nil {
			writeGatewayError(w, e)
			return
		}
		h(w, r)
	})
}

// handle registers an ARM route: pattern is a net/http pattern ("GET /subscriptions/{sub}/...");
// h returns either a response already written (nil) or an error to answer.
func (s *Server) handle(mux *http.ServeMux, pattern string, h func(w http.ResponseWriter, r *http.Request) *httpError) {
	mux.HandleFunc(pattern, s.arm(func(w http.ResponseWriter, r *http.Request) {
		if e := h(w, r); e != nil {
			writeARMError(w, e)
		}
	}))
}

// onFound adapts h to a route about one thing the request's path names (a compute, a job, an
// operation): it takes the world's lock and lets find resolve the thing, answering find's
// error (the scope's or a 404) when it cannot, before h runs with it.
func onFound[T any](sw *world, find func(*http.Request) (T, *httpError), h func(w http.ResponseWriter, r *http.Request, found T) *httpError) func(http.ResponseWriter, *http.Request) *httpError {
	return func(w http.ResponseWriter, r *http.Request) *httpError {
		sw.mu.Lock()
		defer sw.mu.Unlock()
		v, e := find(r)
		if e != nil {
			return e
		}
		return h(w, r, v)
	}
}

// scoped is a find for onFound that resolves the world as a whole, once check accepts the
// request's subscription, workspace or location.
func scoped(sw *world, check func(*http.Request) *httpError) func(*http.Request) (*world, *httpError) {
	return func(r *http.Request) (*world, *httpError) {
		if e := check(r); e != nil {
			return nil, e
		}
		return sw, nil
	}
}

// inScope adapts h to a route that answers from the world as a whole: once check accepts the
// request's scope, h runs under the world's lock with the world.
func inScope(sw *world, check func(*http.Request) *httpError, h func(w http.ResponseWriter, r *http.Request, sw *world) *httpError) func(http.ResponseWriter, *http.Request) *httpError {
	return onFound(sw, scoped(sw, check), h)
}

// withBody is onFound for a request whose JSON body h reads as a B. The body is decoded before
// the lock is taken and find runs, so a malformed body is refused with 400 whatever the path
// names.
func withBody[T, B any](sw *world, find func(*http.Request) (T, *httpError), h func(w http.ResponseWriter, r *http.Request, found T, req *B) *httpError) func(http.ResponseWriter, *http.Request) *httpError {
	return func(w http.ResponseWriter, r *http.Request) *httpError {
		var req B
		if !decodeJSON(w, r, &req) {
			return nil
		}
		return onFound(sw, find, func(w http.ResponseWriter, r *http.Request, found T) *httpError {
			return h(w, r, found, &req)
		})(w, r)
	}
}

// sprintf is fmt.Sprintf, short for the many messages built here.
func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
