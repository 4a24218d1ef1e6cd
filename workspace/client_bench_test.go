package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/amlconsole/amlconsole/workspace/internal/replay"
)

// pageTransport answers every request with the same body.
type pageTransport struct{ body []byte }

func (p pageTransport) Do(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"Content-Type": {"application/json"}, headerReadsRemaining: {"11999"}},
		Body:          io.NopCloser(bytes.NewReader(p.body)),
		ContentLength: int64(len(p.body)),
		Request:       req,
	}, nil
}

// BenchmarkListComputes measures one watcher cycle's list call: the whole pipeline and the
// SDK's parsing of n recorded computes (no network).
func BenchmarkListComputes(b *testing.B) {
	for _, n := range []int{100, 5000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) { benchListComputes(b, n) })
	}
}

func benchListComputes(b *testing.B, n int) {
	rec, err := replay.Load(replayFixtures(b, "azure-recordings", "Get-AzMLWorkspaceCompute.Recording.json"))
	if err != nil {
		b.Fatal(err)
	}
	var page struct {
		Value []map[string]any `json:"value"`
	}
	if err := json.Unmarshal(rec.Entries[0].Body, &page); err != nil {
		b.Fatal(err)
	}
	items := make([]map[string]any, 0, n)
	for i := 0; len(items) < n; i++ {
		item := map[string]any{}
		for k, v := range page.Value[i%len(page.Value)] {
			item[k] = v
		}
		item["name"] = "compute-" + strconv.Itoa(i)
		items = append(items, item)
	}
	body, err := json.Marshal(map[string]any{"value": items})
	if err != nil {
		b.Fatal(err)
	}
	c, err := New(replayConfig(replayEndpoint, testRG, testWS), &replayCredential{}, Options{Transport: pageTransport{body: body}})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		list, err := c.ListComputes(ctx)
		if err != nil || len(list) != n {
			b.Fatalf("%d computes, %v", len(list), err)
		}
	}
}
