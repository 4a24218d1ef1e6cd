package emulator

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
)

// benchEmulator runs an emulator with one completed job whose log is 1 MiB.
func benchEmulator(b *testing.B) (srv *Server, details string, logSize int64) {
	b.Helper()
	var err error
	srv, err = Start(context.Background(), Options{Seed: "empty", Speed: jobTestSpeed, DataDir: b.TempDir(), NoExec: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = closeJobEmulator(srv) })
	w := srv.world
	w.mu.Lock()
	spec, e := w.parseJobBody(commandJob("bench-cluster", "true", nil))
	if e != nil {
		b.Fatal(e)
	}
	j := w.newJobState("bench-job", spec, w.now())
	j.Status = statusCompleted
	w.jobs[jobKey(j.Name)] = j
	path, _ := w.logPath(j, j.userLog(0))
	w.appendLog(j, j.userLog(0), strings.Repeat("Epoch 1:  50%|██████████          | 50/100 [00:01<00:01, 65.67it/s, loss=2.2841]\n", 1<<20/90))
	w.mu.Unlock()
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return srv, w.historyRunURL("bench-job") + "/details", info.Size()
}

// BenchmarkRunDetails measures one run-details call (fresh SAS URLs for every log).
func BenchmarkRunDetails(b *testing.B) {
	srv, details, _ := benchEmulator(b)
	client := srv.HTTPClient()
	req, _ := http.NewRequest(http.MethodGet, details, nil)
	req.Header.Set("Authorization", "Bearer bench")
	b.ResetTimer()
	for b.Loop() {
		resp, err := client.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("%v %v", err, resp)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// BenchmarkLogTailRead measures an incremental tail read: a 4 KiB range near the end of a
// 1 MiB log, as a follower polling for new lines does.
func BenchmarkLogTailRead(b *testing.B) {
	srv, details, size := benchEmulator(b)
	client := srv.HTTPClient()
	var d testRunDetails
	req, _ := http.NewRequest(http.MethodGet, details, nil)
	req.Header.Set("Authorization", "Bearer bench")
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	if err := decodeJSONInto(resp.Body, &d); err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	logReq, _ := http.NewRequest(http.MethodGet, d.LogFiles["user_logs/std_log.txt"], nil)
	logReq.Header.Set("x-ms-range", fmt.Sprintf("bytes=%d-", size-4096))
	b.SetBytes(4096)
	b.ResetTimer()
	for b.Loop() {
		resp, err := client.Do(logReq)
		if err != nil || resp.StatusCode != http.StatusPartialContent {
			b.Fatalf("%v %v", err, resp)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
