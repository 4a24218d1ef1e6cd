package emulator

import (
	"net/http"
	"strings"
	"sync"
)

// Request statistics for benchmarks: GET /_emulator/stats answers request counts and response
// bytes per route family. The middleware wraps the whole mux, so both halves are counted.

// Route families reported by /_emulator/stats.
const (
	familyComputes   = "computes"
	familyJobs       = "jobs"
	familyRunDetails = "runDetails"
	familyLogBlobs   = "logBlobs"
	familyOther      = "other"
)

// blobPathPrefix is where log blobs are served (by the jobs half); it decides the logBlobs family.
const blobPathPrefix = "/blobs/"

// familyStats is one family's counters.
type familyStats struct {
	Requests      int64 `json:"requests"`
	ResponseBytes int64 `json:"responseBytes"`
}

// stats counts requests; it has its own lock so counting never waits for the simulation.
type stats struct {
	mu       sync.Mutex
	families map[string]*familyStats
}

func newStats() *stats {
	st := &stats{families: map[string]*familyStats{}}
	for _, f := range []string{familyComputes, familyJobs, familyRunDetails, familyLogBlobs, familyOther} {
		st.families[f] = &familyStats{}
	}
	return st
}

// routeFamily classifies a request path.
func routeFamily(path string) string {
	lower := strings.ToLower(path)
	switch {
	case strings.HasPrefix(path, blobPathPrefix):
		return familyLogBlobs
	case strings.Contains(lower, "/history/"):
		return familyRunDetails
	case strings.Contains(lower, "/computes") || strings.Contains(lower, "/computeoperationsstatus/"):
		return familyComputes
	case strings.Contains(lower, "/jobs"):
		return familyJobs
	}
	return familyOther
}

// countingWriter counts the bytes of a response body.
type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += int64(n)
	return n, err
}

// Flush lets streaming handlers flush through the counter.
func (c *countingWriter) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the underlying writer.
func (c *countingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// middleware counts every request except the stats endpoint itself.
func (st *stats) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/_emulator/stats" {
			st.serve(w, r)
			return
		}
		cw := &countingWriter{ResponseWriter: w}
		next.ServeHTTP(cw, r)
		st.mu.Lock()
		f := st.families[routeFamily(r.URL.Path)]
		f.Requests++
		f.ResponseBytes += cw.n
		st.mu.Unlock()
	})
}

func (st *stats) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		writeARMError(w, errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "The stats endpoint only answers GET."))
		return
	}
	st.mu.Lock()
	out := map[string]familyStats{}
	for k, v := range st.families {
		out[k] = *v
	}
	st.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}
