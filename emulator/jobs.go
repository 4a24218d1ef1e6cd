package emulator

import (
	"net/http"
	"time"
)

// Owned by the jobs half of the emulator (see world.go). Placeholder bodies so the package
// builds while both halves are written.

// jobState is one job's simulated state, persisted with the world.
type jobState struct{}

func (w *world) advanceJobs(now time.Time) {}

func (w *world) runningJobOn(compute, nodeID string) string { return "" }

// registerJobRoutes adds the ARM job routes and the run-history, discovery and log routes.
func (s *Server) registerJobRoutes(mux *http.ServeMux) {}
