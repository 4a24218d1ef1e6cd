package workspace

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// computePatch is the PATCH body: ClusterUpdateParameters' scale settings, or the cluster's
// managed identity at the top level, where the compute resource itself carries it. (The
// 2024-04-01 spec models only the scale settings; the identity field is not in it.)
type computePatch struct {
	Properties *armmachinelearning.ClusterUpdateProperties `json:"properties,omitempty"`
	Identity   *armmachinelearning.ManagedServiceIdentity  `json:"identity,omitempty"`
}

// UpdateCompute changes a cluster's scale settings (min/max nodes, idle time before scale down).
//
// armmachinelearning v4.0.0's BeginUpdate accepts only HTTP 200, but the service answers 202
// with Azure-AsyncOperation; the PATCH is therefore sent here on the client's own pipeline and
// followed with azcore's poller over that header.
func (c *Client) UpdateCompute(ctx context.Context, name string, params armmachinelearning.ClusterUpdateParameters) (*Operation, error) {
	if err := requireName("compute name", name); err != nil {
		return nil, err
	}
	if params.Properties == nil || params.Properties.Properties == nil || params.Properties.Properties.ScaleSettings == nil {
		return nil, errors.New("workspace: compute " + name + ": properties.properties.scaleSettings is required for an update")
	}
	return c.patchCompute(ctx, name, computePatch{Properties: params.Properties})
}

// UpdateComputeIdentity replaces a cluster's managed identity (system-assigned, user-assigned
// or none) with the same PATCH.
func (c *Client) UpdateComputeIdentity(ctx context.Context, name string, identity armmachinelearning.ManagedServiceIdentity) (*Operation, error) {
	if err := requireName("compute name", name); err != nil {
		return nil, err
	}
	if identity.Type == nil {
		return nil, errors.New("workspace: compute " + name + ": identity.type is required (SystemAssigned, UserAssigned or None)")
	}
	return c.patchCompute(ctx, name, computePatch{Identity: &identity})
}

func (c *Client) patchCompute(ctx context.Context, name string, body computePatch) (*Operation, error) {
	return begin(ctx, c, "update", name, func(ctx context.Context) (*runtime.Poller[armmachinelearning.ComputeClientUpdateResponse], error) {
		req, err := runtime.NewRequest(ctx, http.MethodPatch, runtime.JoinPaths(c.arm.Endpoint(), c.computePath(name)))
		if err != nil {
			return nil, err
		}
		q := req.Raw().URL.Query()
		q.Set("api-version", apiVersion)
		req.Raw().URL.RawQuery = q.Encode()
		req.Raw().Header["Accept"] = []string{"application/json"}
		if err := runtime.MarshalAsJSON(req, body); err != nil {
			return nil, err
		}
		resp, err := c.arm.Pipeline().Do(req)
		if err != nil {
			return nil, err
		}
		if !runtime.HasStatusCode(resp, http.StatusOK, http.StatusAccepted) {
			return nil, runtime.NewResponseError(resp)
		}
		// PATCH over Azure-AsyncOperation: azcore polls the status URL, then GETs the compute.
		return runtime.NewPoller(resp, c.arm.Pipeline(), &runtime.NewPollerOptions[armmachinelearning.ComputeClientUpdateResponse]{
			Tracer: c.arm.Tracer(),
		})
	}, func(r armmachinelearning.ComputeClientUpdateResponse) *armmachinelearning.ComputeResource {
		return &r.ComputeResource
	})
}

// computePath is the ARM path of a compute of this workspace.
func (c *Client) computePath(name string) string {
	return c.workspacePath() + "/computes/" + url.PathEscape(name)
}

// workspacePath is the ARM path of this workspace.
func (c *Client) workspacePath() string {
	return "/subscriptions/" + url.PathEscape(c.sub) +
		"/resourceGroups/" + url.PathEscape(c.rg) +
		"/providers/Microsoft.MachineLearningServices/workspaces/" + url.PathEscape(c.ws)
}
