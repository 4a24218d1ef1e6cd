package runs

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// fixture reads a file under ../shared/fixtures, found from the repository root (the directory
// holding go.mod).
func fixture(t testing.TB, rel string) []byte {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
	b, err := os.ReadFile(filepath.Join(dir, "..", "shared", "fixtures", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// recordedBodies returns the response bodies of a recording in file order.
func recordedBodies(t testing.TB, file string) [][]byte {
	t.Helper()
	var rec map[string]struct {
		Response struct{ Content *string }
	}
	raw := fixture(t, "azure-recordings/"+file)
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	var out [][]byte
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
		if c := rec[key.(string)].Response.Content; c != nil {
			out = append(out, []byte(*c))
		}
	}
	return out
}

// exampleBody returns the body of one response of a REST example.
func exampleBody(t testing.TB, rel, status string) []byte {
	t.Helper()
	var ex struct {
		Responses map[string]struct{ Body json.RawMessage }
	}
	if err := json.Unmarshal(fixture(t, "rest-examples/2024-04-01/"+rel), &ex); err != nil {
		t.Fatal(err)
	}
	b, ok := ex.Responses[status]
	if !ok {
		t.Fatalf("%s has no %s response", rel, status)
	}
	return b.Body
}
