package workspace

// CONTRACT (skeleton written by the lead; the client owner fills it in and keeps these names).

import (
	"fmt"
	"time"
)

// Error is an ARM (or run-history) error answer: the HTTP status and the service's error
// body verbatim.
type Error struct {
	StatusCode int
	Code       string
	Message    string
	Target     string
	Details    []ErrorDetail
	RequestID  string        // x-ms-request-id (or x-ms-correlation-request-id)
	RetryAfter time.Duration // from Retry-After on 429/503; 0 when absent
}

// ErrorDetail is one entry of an ARM error's details, possibly nested.
type ErrorDetail struct {
	Code, Message, Target string
	Details               []ErrorDetail
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s (HTTP %d): %s", e.Code, e.StatusCode, e.Message)
}
