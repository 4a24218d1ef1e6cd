package compute

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// fixturesDir finds ../shared/fixtures relative to the repository root (the directory holding
// go.mod).
func fixturesDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "fixtures")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
}

func readFixture(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixturesDir(t), filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// recordedEntry is one request/response pair of an azure-powershell recording.
type recordedEntry struct {
	Key      string
	Method   string
	URI      string
	ReqBody  string
	Status   int
	RespBody string
}

// readRecording returns a recording's entries in file order (which is request order).
func readRecording(t testing.TB, file string) []recordedEntry {
	t.Helper()
	raw := readFixture(t, "azure-recordings/"+file)
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var out []recordedEntry
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			Request struct {
				Method, RequestURI string
				Content            *string
			}
			Response struct {
				StatusCode int
				Content    *string
			}
		}
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		e := recordedEntry{Key: tok.(string), Method: v.Request.Method, URI: v.Request.RequestURI, Status: v.Response.StatusCode}
		if v.Request.Content != nil {
			e.ReqBody = *v.Request.Content
		}
		if v.Response.Content != nil {
			e.RespBody = *v.Response.Content
		}
		out = append(out, e)
	}
	return out
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

// restExample is a REST example file: parameters and responses by status code.
type restExample struct {
	Parameters map[string]json.RawMessage
	Responses  map[string]struct {
		Body json.RawMessage
	}
}

func readExample(t testing.TB, rel string) restExample {
	t.Helper()
	var ex restExample
	if err := json.Unmarshal(readFixture(t, "rest-examples/2024-04-01/"+rel), &ex); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return ex
}

// exampleCompute decodes the body of one status of a REST example as a compute resource.
func exampleCompute(t testing.TB, rel, status string) *armmachinelearning.ComputeResource {
	t.Helper()
	resp, ok := readExample(t, rel).Responses[status]
	if !ok {
		t.Fatalf("%s has no %s response", rel, status)
	}
	return decodeCompute(t, resp.Body)
}
