package runs

import (
	"testing"

	"github.com/amlconsole/amlconsole/internal/fixtures"
)

// recordedBodies returns the response bodies of a recording in request order, leaving out
// the answers that had none.
func recordedBodies(t testing.TB, file string) [][]byte {
	t.Helper()
	var out [][]byte
	for _, e := range fixtures.ReadRecording(t, file) {
		if e.RespBody != "" {
			out = append(out, []byte(e.RespBody))
		}
	}
	return out
}

// exampleBody returns the body of one response of a REST example.
func exampleBody(t testing.TB, rel, status string) []byte {
	t.Helper()
	return fixtures.ExampleBody(t, rel, status)
}
