package emulator

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Helpers that read the loosely typed job body (decoded into map[string]any so that every
// field the client sent can be echoed back) and fail with the service's kind of message: the
// field's path and the rule it broke.

// fieldError is a 400 naming the offending field as the error target.
func fieldError(field, format string, args ...any) *httpError {
	e := badRequest("UserError", "%s: %s", field, fmt.Sprintf(format, args...))
	e.Err.Target = field
	return e
}

// object reads an optional JSON object; absent and null give nil.
func object(m map[string]any, key, path string) (map[string]any, *httpError) {
	v, ok := m[key]
	if !ok || v == nil {
		return nil, nil
	}
	o, ok := v.(map[string]any)
	if !ok {
		return nil, fieldError(path+key, "must be a JSON object, got %s", jsonKind(v))
	}
	return o, nil
}

// str reads an optional string; absent and null give "".
func str(m map[string]any, key, path string) (string, *httpError) {
	v, ok := m[key]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fieldError(path+key, "must be a string, got %s", jsonKind(v))
	}
	return s, nil
}

// requiredStr reads a string that must be present and not blank.
func requiredStr(m map[string]any, key, path string) (string, *httpError) {
	s, e := str(m, key, path)
	if e != nil {
		return "", e
	}
	if strings.TrimSpace(s) == "" {
		return "", fieldError(path+key, "is required and must not be empty")
	}
	return s, nil
}

// integer reads an optional whole number within [lo, hi]; absent and null give def.
func integer(m map[string]any, key, path string, def, lo, hi int) (int, *httpError) {
	v, ok := m[key]
	if !ok || v == nil {
		return def, nil
	}
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) {
		return 0, fieldError(path+key, "must be a whole number, got %s", jsonText(v))
	}
	if f < float64(lo) || f > float64(hi) {
		return 0, fieldError(path+key, "must be between %d and %d, got %s", lo, hi, jsonText(v))
	}
	return int(f), nil
}

// oneOf reads an optional string that must be one of allowed (case-insensitive); it returns
// the allowed spelling, or "" when absent.
func oneOf(m map[string]any, key, path string, allowed ...string) (string, *httpError) {
	s, e := str(m, key, path)
	if e != nil || s == "" {
		return "", e
	}
	for _, a := range allowed {
		if strings.EqualFold(a, s) {
			return a, nil
		}
	}
	return "", fieldError(path+key, "%q is not one of %s", s, strings.Join(allowed, ", "))
}

// stringMap reads an optional object whose values are all strings.
func stringMap(m map[string]any, key, path string) (map[string]string, *httpError) {
	o, e := object(m, key, path)
	if e != nil || o == nil {
		return nil, e
	}
	out := make(map[string]string, len(o))
	for k, v := range o {
		s, ok := v.(string)
		if !ok {
			return nil, fieldError(path+key+"."+k, "must be a string, got %s", jsonKind(v))
		}
		out[k] = s
	}
	return out, nil
}

// isoDuration reads an optional ISO-8601 duration (PnDTnHnMnS, down to seconds, as the
// service accepts for limits); absent and null give 0.
func isoDuration(m map[string]any, key, path string) (time.Duration, *httpError) {
	s, e := str(m, key, path)
	if e != nil || s == "" {
		return 0, e
	}
	d, err := parseISODuration(s)
	if err != nil {
		return 0, fieldError(path+key, "%v", err)
	}
	if d <= 0 {
		return 0, fieldError(path+key, "%q must be longer than zero", s)
	}
	return d, nil
}

// formatISODuration renders d the way the service echoes durations.
func formatISODuration(d time.Duration) string {
	if d <= 0 {
		return "PT0S"
	}
	out := "P"
	if days := d / (24 * time.Hour); days > 0 {
		out += strconv.Itoa(int(days)) + "D"
		d -= days * 24 * time.Hour
	}
	if d == 0 {
		return out
	}
	out += "T"
	if h := d / time.Hour; h > 0 {
		out += strconv.Itoa(int(h)) + "H"
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		out += strconv.Itoa(int(m)) + "M"
		d -= m * time.Minute
	}
	if d > 0 {
		out += strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "S"
	}
	return out
}

// jobNameShape is the rule for job names: letters, digits, '-' and '_', starting with a
// letter or digit, at most 255 characters.
func jobNameShape() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$`) }

func validateJobName(name string) *httpError {
	if !jobNameShape().MatchString(name) {
		e := badRequest("UserError", "The job name '%s' is invalid: a job name has 1 to 255 characters, letters, digits, '-' and '_', and starts with a letter or a digit.", name)
		e.Err.Target = "name"
		return e
	}
	return nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "null"
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// deepCopy copies a decoded JSON value so responses never alias stored state.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}

// notFoundJob is the service's answer for a job that does not exist.
func notFoundJob(name string) *httpError {
	return errorf(http.StatusNotFound, "UserError", "Could not find job '%s' in this workspace. Check the job name (names are case-insensitive).", name)
}
