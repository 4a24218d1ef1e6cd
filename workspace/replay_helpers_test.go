package workspace

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/amlconsole/amlconsole/internal/fixtures"
	"github.com/amlconsole/amlconsole/workspace/internal/replay"
)

// replayToken is the bearer token the test credential hands out; tests check it never leaks.
const replayToken = "eyJ0ZXN0LXRva2VuIjoidGhpcy1tdXN0LW5ldmVyLWJlLWxvZ2dlZCJ9.c2VjcmV0"

// replaySubscription replaces the recordings' subscriptions.
const replaySubscription = "00000000-1111-2222-3333-444444444444"

// replayEndpoint is the ARM endpoint replay clients use; the transport never dials it.
const replayEndpoint = "https://management.replay.test"

// replayCredential is an azcore.TokenCredential with a fixed token, counting its calls.
type replayCredential struct {
	mu    sync.Mutex
	calls int
}

func (c *replayCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
	return azcore.AccessToken{Token: replayToken, ExpiresOn: time.Now().Add(time.Hour)}, nil
}

// replayFixtures is the path of elem under the shared fixtures directory.
func replayFixtures(t testing.TB, elem ...string) string {
	t.Helper()
	return filepath.Join(append([]string{fixtures.Dir(t)}, elem...)...)
}

// testConfig is a Config naming rg/ws in replaySubscription at endpoint.
func replayConfig(endpoint, rg, ws string) Config {
	return Config{
		Subscription:  Value{Value: replaySubscription, Source: Source{Kind: "flag"}},
		ResourceGroup: Value{Value: rg, Source: Source{Kind: "flag"}},
		Workspace:     Value{Value: ws, Source: Source{Kind: "flag"}},
		Cloud:         Value{Value: string(AzurePublic), Source: Source{Kind: "default"}},
		Endpoint:      Value{Value: endpoint, Source: Source{Kind: "flag"}},
	}
}

// replayClient builds a client over the recording at name, for workspace rg/ws.
func replayClient(t *testing.T, name, rg, ws string, opts Options) (*Client, *replay.Transport, *replay.Recording) {
	t.Helper()
	rec, err := replay.Load(replayFixtures(t, "azure-recordings", name))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := replay.NewTransport(rec, replayEndpoint, replaySubscription)
	if err != nil {
		t.Fatal(err)
	}
	opts.Transport = tr
	if opts.PollInterval == 0 {
		opts.PollInterval = time.Millisecond
	}
	c, err := New(replayConfig(replayEndpoint, rg, ws), &replayCredential{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c, tr, rec
}

// finishReplay fails the test unless every request matched and every entry was served, and
// every request carried the bearer token and amlconsole's user agent.
func finishReplay(t *testing.T, tr *replay.Transport) {
	t.Helper()
	if err := tr.Err(); err != nil {
		t.Fatalf("replay mismatch: %v", err)
	}
	if n := tr.Remaining(); n != 0 {
		t.Fatalf("%d recorded requests were never sent", n)
	}
	for i, r := range tr.Received() {
		if got := r.Header.Get("Authorization"); got != "Bearer "+replayToken {
			t.Errorf("request %d %s %s: Authorization %q, want the bearer token", i+1, r.Method, r.URL.Path, got)
		}
		if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "amlconsole/") {
			t.Errorf("request %d: User-Agent %q does not start with amlconsole/", i+1, ua)
		}
	}
}

// decodeJSON unmarshals body into a generic value.
func decodeJSON(t *testing.T, body []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decoding %.80s: %v", body, err)
	}
	return v
}

// remarshal marshals v (an SDK model) and decodes it generically.
func remarshal(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshalling %T: %v", v, err)
	}
	return decodeJSON(t, b)
}

// missingFields lists the leaf paths of want (a decoded JSON document) whose values got lacks
// or changes. Nulls in want are skipped: the SDK drops them, which loses nothing. Numbers
// compare as float64, and strings holding times compare as instants.
func missingFields(want, got any, path string, ignore map[string]bool) []string {
	if ignore[path] {
		return nil
	}
	switch w := want.(type) {
	case nil:
		return nil
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{path + " (object missing)"}
		}
		var out []string
		for k, wv := range w {
			gv, ok := lookupFold(g, k)
			if !ok {
				if wv == nil || isEmpty(wv) || ignore[path+"."+k] {
					continue
				}
				out = append(out, path+"."+k)
				continue
			}
			out = append(out, missingFields(wv, gv, path+"."+k, ignore)...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{path + " (array differs)"}
		}
		var out []string
		for i := range w {
			out = append(out, missingFields(w[i], g[i], path+"[]", ignore)...)
		}
		return out
	case string:
		if gs, ok := got.(string); ok && (gs == w || sameInstant(w, gs)) {
			return nil
		}
		return []string{path + " (value differs)"}
	default:
		if reflect.DeepEqual(want, got) {
			return nil
		}
		return []string{path + " (value differs)"}
	}
}

func lookupFold(m map[string]any, k string) (any, bool) {
	if v, ok := m[k]; ok {
		return v, true
	}
	for mk, v := range m {
		if strings.EqualFold(mk, k) {
			return v, true
		}
	}
	return nil, false
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if e != nil && !isEmpty(e) {
				return false
			}
		}
		return true
	case []any:
		return len(x) == 0
	}
	return false
}

// sameInstant reports whether two strings are the same time in different RFC 3339 spellings.
func sameInstant(a, b string) bool {
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	return errA == nil && errB == nil && ta.Equal(tb)
}
