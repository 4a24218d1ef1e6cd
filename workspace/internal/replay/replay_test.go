package replay

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `{
  "T+[NoContext]+Op+$PUT+https://management.azure.com/subscriptions/rec-sub/rg/c1?api-version=1\u0026b=2+1": {
    "Request": {"Method": "PUT", "RequestUri": "https://management.azure.com/subscriptions/rec-sub/rg/c1?api-version=1\u0026b=2",
      "Content": "{\"x\":1}", "isContentBase64": false, "Headers": {}, "ContentHeaders": {}},
    "Response": {"StatusCode": 201, "Headers": {"Azure-AsyncOperation": ["https://management.azure.com/subscriptions/rec-sub/status/1?api-version=1"]},
      "ContentHeaders": {"Content-Type": ["application/json"]}, "Content": "{\"ok\":true}", "isContentBase64": false}
  },
  "T+[NoContext]+Op+$GET+https://management.azure.com/subscriptions/rec-sub/status/1?api-version=1+2": {
    "Request": {"Method": "GET", "RequestUri": "https://management.azure.com/subscriptions/rec-sub/status/1?api-version=1",
      "Content": null, "isContentBase64": false, "Headers": {}, "ContentHeaders": {}},
    "Response": {"StatusCode": 200, "Headers": {}, "ContentHeaders": {}, "Content": null, "isContentBase64": false}
  }
}`

func load(t *testing.T) *Recording {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.Recording.json")
	if err := os.WriteFile(path, []byte(sample), 0o600); err != nil {
		t.Fatal(err)
	}
	rec, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestLoadKeepsOrderAndDecodesContent(t *testing.T) {
	rec := load(t)
	if rec.Subscription != "rec-sub" || len(rec.Entries) != 2 {
		t.Fatalf("recording: sub %q, %d entries", rec.Subscription, len(rec.Entries))
	}
	first, second := rec.Entries[0], rec.Entries[1]
	if first.Method != "PUT" || second.Method != "GET" {
		t.Errorf("order: %s then %s", first.Method, second.Method)
	}
	if string(first.RequestBody) != `{"x":1}` || string(first.Body) != `{"ok":true}` || second.Body != nil {
		t.Errorf("bodies: %q %q %q", first.RequestBody, first.Body, second.Body)
	}
	if first.Header.Get("Content-Type") != "application/json" || first.Status != 201 {
		t.Errorf("first answer: %d %v", first.Status, first.Header)
	}
}

func do(t *testing.T, tr *Transport, method, url string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	return tr.Do(req)
}

func TestTransportRewritesAndMatches(t *testing.T) {
	tr, err := NewTransport(load(t), "https://arm.test", "test-sub")
	if err != nil {
		t.Fatal(err)
	}
	// Query order does not matter; values do.
	resp, err := do(t, tr, "PUT", "https://arm.test/subscriptions/test-sub/rg/c1?b=2&api-version=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 201 || string(body) != `{"ok":true}` {
		t.Errorf("answer %d %s", resp.StatusCode, body)
	}
	if got := resp.Header.Get("Azure-AsyncOperation"); got != "https://arm.test/subscriptions/test-sub/status/1?api-version=1" {
		t.Errorf("Azure-AsyncOperation not rewritten: %s", got)
	}
	if _, err := do(t, tr, "GET", "https://arm.test/subscriptions/test-sub/status/1?api-version=2"); err == nil {
		t.Error("a different query value matched")
	}
	if tr.Err() == nil || tr.Remaining() != 1 {
		t.Errorf("after a mismatch: err %v, remaining %d", tr.Err(), tr.Remaining())
	}
	if _, err := do(t, tr, "DELETE", "https://arm.test/subscriptions/test-sub/status/1?api-version=1"); err == nil {
		t.Error("a different method matched")
	} else if _, ok := err.(interface{ NonRetriable() }); !ok {
		t.Errorf("mismatch error %T is retriable", err)
	}
	if len(tr.Received()) != 3 {
		t.Errorf("%d requests recorded", len(tr.Received()))
	}
}
