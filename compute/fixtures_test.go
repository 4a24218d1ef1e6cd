package compute

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/internal/fixtures"
)

// fixturesDir is the shared fixtures directory.
func fixturesDir(t testing.TB) string {
	t.Helper()
	return fixtures.Dir(t)
}

// readRecording returns a recording's entries in request order.
func readRecording(t testing.TB, file string) []fixtures.Entry {
	t.Helper()
	return fixtures.ReadRecording(t, file)
}

// decodeCompute decodes one ARM compute resource through the SDK's own unmarshaller.
func decodeCompute(t testing.TB, body []byte) *armmachinelearning.ComputeResource {
	t.Helper()
	var r armmachinelearning.ComputeResource
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("decode compute: %v", err)
	}
	return &r
}

// recordedComputes returns every compute resource in the responses of a recording, by name of
// "file#position", in order; list answers contribute each of their items.
func recordedComputes(t testing.TB, file string) []*armmachinelearning.ComputeResource {
	t.Helper()
	var out []*armmachinelearning.ComputeResource
	for _, e := range readRecording(t, file) {
		if !strings.Contains(e.URI, "/computes") || e.RespBody == "" {
			continue
		}
		var probe struct {
			Value      []json.RawMessage
			Properties *struct{ ComputeType string }
		}
		if err := json.Unmarshal([]byte(e.RespBody), &probe); err != nil {
			t.Fatal(err)
		}
		switch {
		case probe.Properties != nil && probe.Properties.ComputeType != "":
			out = append(out, decodeCompute(t, []byte(e.RespBody)))
		case probe.Value != nil:
			for _, item := range probe.Value {
				out = append(out, decodeCompute(t, item))
			}
		}
	}
	return out
}

// readExample returns a REST example with its values undecoded.
func readExample(t testing.TB, rel string) fixtures.Example[json.RawMessage] {
	t.Helper()
	return fixtures.ReadExample[json.RawMessage](t, rel)
}

// exampleCompute decodes the body of one status of a REST example as a compute resource.
func exampleCompute(t testing.TB, rel, status string) *armmachinelearning.ComputeResource {
	t.Helper()
	return decodeCompute(t, fixtures.ExampleBody(t, rel, status))
}
