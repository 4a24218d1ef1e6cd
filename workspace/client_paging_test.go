package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

func TestListNodesAndUsagesFollowNextLink(t *testing.T) {
	var srvURL string
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+armPath("/computes/c1/listNodes"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"nodes":[{"nodeId":"tvm-1","nodeState":"running","runId":"job1"}],"nextLink":%q}`, srvURL+"/nodes-page-2")
	})
	mux.HandleFunc("GET /nodes-page-2", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"nodes":[{"nodeId":"tvm-2","nodeState":"idle"}]}`))
	})
	usages := "/subscriptions/" + replaySubscription + "/providers/Microsoft.MachineLearningServices/locations/eastus/usages"
	mux.HandleFunc("GET "+usages, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("page") == "" {
			fmt.Fprintf(w, `{"value":[{"name":{"value":"standardDFamily"},"currentValue":4,"limit":24,"unit":"Count"}],"nextLink":%q}`, srvURL+usages+"?page=2")
			return
		}
		_, _ = w.Write([]byte(`{"value":[{"name":{"value":"totalCores"},"currentValue":8,"limit":100,"unit":"Count"}]}`))
	})
	c, srv := serverClient(t, mux, Options{})
	srvURL = srv.URL
	ctx := context.Background()
	nodes, err := c.ListNodes(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 2 || *nodes[0].NodeID != "tvm-1" || *nodes[0].RunID != "job1" || *nodes[1].NodeState != armmachinelearning.NodeStateIdle {
		t.Errorf("nodes = %v", nodes)
	}
	u, err := c.Usages(ctx, "eastus")
	if err != nil {
		t.Fatal(err)
	}
	if len(u) != 2 || *u[0].CurrentValue != 4 || *u[1].Name.Value != "totalCores" {
		t.Errorf("usages = %v", u)
	}
}

func TestUpdateComputeIdentitySendsTheIdentity(t *testing.T) {
	var srvURL string
	var sent map[string]any
	mux := http.NewServeMux()
	mux.HandleFunc("PATCH "+armPath("/computes/c1"), func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &sent); err != nil {
			t.Errorf("PATCH body %s: %v", body, err)
		}
		w.Header().Set("Azure-AsyncOperation", srvURL+"/status/1?api-version=2024-04-01")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(`{"name":"c1","properties":{"computeType":"AmlCompute","provisioningState":"Updating"}}`))
	})
	mux.HandleFunc("GET /status/1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"Succeeded"}`))
	})
	mux.HandleFunc("GET "+armPath("/computes/c1"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"c1","identity":{"type":"SystemAssigned","principalId":"p1"},"properties":{"computeType":"AmlCompute","provisioningState":"Succeeded"}}`))
	})
	c, srv := serverClient(t, mux, Options{PollInterval: time.Millisecond})
	srvURL = srv.URL
	ctx := context.Background()
	op, err := c.UpdateComputeIdentity(ctx, "c1", armmachinelearning.ManagedServiceIdentity{Type: to.Ptr(armmachinelearning.ManagedServiceIdentityTypeSystemAssigned)})
	if err != nil {
		t.Fatal(err)
	}
	if err := op.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if id, _ := sent["identity"].(map[string]any); id["type"] != "SystemAssigned" || sent["properties"] != nil {
		t.Errorf("PATCH body = %v, want only the identity", sent)
	}
	if got := op.Compute(); got == nil || *got.Identity.PrincipalID != "p1" {
		t.Errorf("updated compute = %+v", got)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	future := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	for _, tc := range []struct {
		h    http.Header
		want time.Duration
		min  time.Duration
	}{
		{http.Header{"Retry-After": {"7"}}, 7 * time.Second, 0},
		{http.Header{"Retry-After-Ms": {"1500"}}, 1500 * time.Millisecond, 0},
		{http.Header{"X-Ms-Retry-After-Ms": {"20"}, "Retry-After": {"9"}}, 20 * time.Millisecond, 0},
		{http.Header{"Retry-After": {future}}, 0, 80 * time.Second},
		{http.Header{"Retry-After": {"soon"}}, 0, 0},
		{http.Header{"Retry-After": {"-3"}}, 0, 0},
		{http.Header{}, 0, 0},
	} {
		got := retryAfter(tc.h)
		if tc.min > 0 {
			if got < tc.min || got > 90*time.Second {
				t.Errorf("retryAfter(%v) = %s, want about 90s", tc.h, got)
			}
			continue
		}
		if got != tc.want {
			t.Errorf("retryAfter(%v) = %s, want %s", tc.h, got, tc.want)
		}
	}
}
