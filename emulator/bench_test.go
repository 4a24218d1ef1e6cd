package emulator

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// benchWorld is an emulator holding n clusters with busy nodes, for the benchmarks.
func benchWorld(b *testing.B, n int) *Server {
	b.Helper()
	s, err := Start(b.Context(), Options{Seed: "empty", Speed: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	w := s.world
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	for i := range n {
		c := &compute{Name: fmt.Sprintf("bench-%04d", i), Type: typeAmlCompute, Location: w.location, CreatedOn: now, ModifiedOn: now,
			ProvisioningState: stateSucceeded, Cluster: &cluster{VMSize: "Standard_DS3_v2", VMPriority: priorityDedicated,
				MaxNodes: 4, IdleBeforeScaleDown: "PT2M", OSType: "Linux", RemoteLoginPortPublicAccess: "Enabled", AllocationState: allocSteady}}
		for range 2 {
			c.Cluster.Nodes = append(c.Cluster.Nodes, w.newNode(c, now))
		}
		w.computes[computeKey(c.Name)] = c
	}
	return s
}

// BenchmarkListComputes measures one page of GET computes (50 of 500 clusters) over HTTP.
func BenchmarkListComputes(b *testing.B) {
	s := benchWorld(b, 500)
	url := s.Info().Endpoint + s.world.workspaceID() + "/computes?api-version=2024-04-01"
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer bench")
		resp, err := s.HTTPClient().Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("list: %v %v", err, resp)
		}
		resp.Body.Close()
	}
}

// BenchmarkAdvanceComputes measures one simulation step over 500 busy clusters.
func BenchmarkAdvanceComputes(b *testing.B) {
	s := benchWorld(b, 500)
	w := s.world
	b.ReportAllocs()
	now := time.Now()
	for b.Loop() {
		w.mu.Lock()
		now = now.Add(10 * time.Millisecond)
		w.advanceComputes(now)
		w.mu.Unlock()
	}
}
