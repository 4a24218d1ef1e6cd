package workspace

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// Error is an ARM (or run-history) error answer: the HTTP status and the service's error
// body verbatim.
type Error struct {
	StatusCode    int
	Code          string
	Message       string
	Target        string
	Details       []ErrorDetail
	RequestID     string        // x-ms-request-id (or x-ms-correlation-request-id)
	CorrelationID string        // x-ms-correlation-request-id, what Azure support asks for
	RetryAfter    time.Duration // from Retry-After on 429/503; 0 when absent
}

// ErrorDetail is one entry of an ARM error's details, possibly nested.
type ErrorDetail struct {
	Code, Message, Target string
	Details               []ErrorDetail
}

// Error reports the code, the HTTP status and the service's message. A long-running operation
// that failed reports its failure in a 200 status answer; that is said instead of "HTTP 200".
func (e *Error) Error() string {
	code := e.Code
	if code == "" {
		code = http.StatusText(e.StatusCode)
	}
	if e.StatusCode >= 200 && e.StatusCode < 300 {
		return fmt.Sprintf("%s (operation failed): %s", code, e.Message)
	}
	return fmt.Sprintf("%s (HTTP %d): %s", code, e.StatusCode, e.Message)
}

// IsNotFound reports whether err is a 404 answer from the service.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusNotFound
}

// IsThrottled reports whether err is a 429 answer; its RetryAfter says how long to wait.
func IsThrottled(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusTooManyRequests
}

// armErrorBody is the ARM error envelope; some services answer with the inner object only.
type armErrorBody struct {
	Error *armErrorDetail `json:"error"`
	armErrorDetail
}

type armErrorDetail struct {
	Code    string           `json:"code"`
	Message string           `json:"message"`
	Target  string           `json:"target"`
	Details []armErrorDetail `json:"details"`
}

// blobError is Azure Storage's XML error body (SAS log reads).
type blobError struct {
	Code    string `xml:"Code"`
	Message string `xml:"Message"`
}

// asError converts azcore and transport errors into the package's error types: a
// *azcore.ResponseError becomes *Error, a transport error loses any query string (SAS tokens)
// from the URL it quotes. Other errors are returned unchanged.
func asError(err error) error {
	if err == nil {
		return nil
	}
	var respErr *azcore.ResponseError
	if errors.As(err, &respErr) && respErr.RawResponse != nil {
		return errorFromResponse(respErr.RawResponse, respErr.ErrorCode)
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return &url.Error{Op: urlErr.Op, URL: withoutQuery(urlErr.URL), Err: urlErr.Err}
	}
	return err
}

// errorFromResponse builds an *Error from an error answer's status, headers and body.
func errorFromResponse(resp *http.Response, fallbackCode string) *Error {
	e := &Error{
		StatusCode:    resp.StatusCode,
		Code:          fallbackCode,
		RequestID:     resp.Header.Get("x-ms-request-id"),
		CorrelationID: resp.Header.Get("x-ms-correlation-request-id"),
		RetryAfter:    retryAfter(resp.Header),
	}
	if e.RequestID == "" {
		e.RequestID = e.CorrelationID
	}
	body, _ := runtime.Payload(resp)
	fillFromBody(e, body)
	if e.Code == "" {
		e.Code = resp.Header.Get("x-ms-error-code")
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	return e
}

// fillFromBody reads the service's code, message, target and details, verbatim.
func fillFromBody(e *Error, body []byte) {
	trimmed := strings.TrimSpace(string(body))
	switch {
	case strings.HasPrefix(trimmed, "{"):
		var b armErrorBody
		if json.Unmarshal(body, &b) != nil {
			return
		}
		d := b.armErrorDetail
		if b.Error != nil {
			d = *b.Error
		}
		if d.Code != "" {
			e.Code = d.Code
		}
		e.Message, e.Target, e.Details = d.Message, d.Target, convertDetails(d.Details)
	case strings.HasPrefix(trimmed, "<"):
		var b blobError
		if xml.Unmarshal(body, &b) != nil {
			return
		}
		if b.Code != "" {
			e.Code = b.Code
		}
		// Storage messages end with a RequestId/Time trailer on new lines; keep the sentence.
		e.Message, _, _ = strings.Cut(strings.TrimSpace(b.Message), "\n")
	}
}

func convertDetails(in []armErrorDetail) []ErrorDetail {
	if len(in) == 0 {
		return nil
	}
	out := make([]ErrorDetail, len(in))
	for i, d := range in {
		out[i] = ErrorDetail{Code: d.Code, Message: d.Message, Target: d.Target, Details: convertDetails(d.Details)}
	}
	return out
}

// retryAfter reads Retry-After (seconds or an HTTP date) and the millisecond variants ARM and
// storage send.
func retryAfter(h http.Header) time.Duration {
	for _, name := range []string{"retry-after-ms", "x-ms-retry-after-ms"} {
		if v := h.Get(name); v != "" {
			if ms, err := strconv.Atoi(v); err == nil && ms > 0 {
				return time.Duration(ms) * time.Millisecond
			}
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// withoutQuery drops the query string (and fragment) from a URL so it can be quoted safely.
func withoutQuery(raw string) string {
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		return raw[:i]
	}
	return raw
}
