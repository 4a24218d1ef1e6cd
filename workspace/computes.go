package workspace

import (
	"context"
	"fmt"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// ListComputes lists every compute, following nextLink.
func (c *Client) ListComputes(ctx context.Context) ([]*armmachinelearning.ComputeResource, error) {
	return drain(ctx, c.computes.NewListPager(c.rg, c.ws, nil), func(page armmachinelearning.ComputeClientListResponse) []*armmachinelearning.ComputeResource {
		return page.Value
	})
}

// GetCompute gets one compute.
func (c *Client) GetCompute(ctx context.Context, name string) (*armmachinelearning.ComputeResource, error) {
	if err := requireName("compute name", name); err != nil {
		return nil, err
	}
	resp, err := c.computes.Get(ctx, c.rg, c.ws, name, nil)
	if err != nil {
		return nil, asError(err)
	}
	return &resp.ComputeResource, nil
}

// ListNodes lists a cluster's nodes, following nextLink.
func (c *Client) ListNodes(ctx context.Context, name string) ([]*armmachinelearning.AmlComputeNodeInformation, error) {
	if err := requireName("compute name", name); err != nil {
		return nil, err
	}
	return drain(ctx, c.computes.NewListNodesPager(c.rg, c.ws, name, nil), func(page armmachinelearning.ComputeClientListNodesResponse) []*armmachinelearning.AmlComputeNodeInformation {
		return page.Nodes
	})
}

// ListKeys returns a compute's secrets (admin credentials, access tokens). Call it only on an
// explicit user action, and never log or persist what it returns. It changes nothing, so
// read-only mode allows it.
func (c *Client) ListKeys(ctx context.Context, name string) (armmachinelearning.ComputeSecretsClassification, error) {
	if err := requireName("compute name", name); err != nil {
		return nil, err
	}
	resp, err := c.computes.ListKeys(ctx, c.rg, c.ws, name, nil)
	if err != nil {
		return nil, asError(err)
	}
	return resp.ComputeSecretsClassification, nil
}

// CreateCompute creates a compute, or attaches an existing resource when the spec names one
// (properties.resourceId): both are the same PUT. The operation's verb says which.
func (c *Client) CreateCompute(ctx context.Context, name string, spec armmachinelearning.ComputeResource) (*Operation, error) {
	if err := requireName("compute name", name); err != nil {
		return nil, err
	}
	if spec.Properties == nil {
		return nil, fmt.Errorf("workspace: compute %s: properties (the compute type and its settings) are required", name)
	}
	verb := "create"
	if base := spec.Properties.GetCompute(); base != nil && base.ResourceID != nil && *base.ResourceID != "" {
		verb = "attach"
	}
	return begin(ctx, c, verb, name, func(ctx context.Context) (*runtime.Poller[armmachinelearning.ComputeClientCreateOrUpdateResponse], error) {
		return c.computes.BeginCreateOrUpdate(ctx, c.rg, c.ws, name, spec, nil)
	}, func(r armmachinelearning.ComputeClientCreateOrUpdateResponse) *armmachinelearning.ComputeResource {
		return &r.ComputeResource
	})
}

// DeleteCompute deletes a compute with its underlying resource (Delete), or only removes it
// from the workspace (Detach; attached resources survive).
func (c *Client) DeleteCompute(ctx context.Context, name string, action armmachinelearning.UnderlyingResourceAction) (*Operation, error) {
	if err := requireName("compute name", name); err != nil {
		return nil, err
	}
	var verb string
	switch action {
	case armmachinelearning.UnderlyingResourceActionDelete:
		verb = "delete"
	case armmachinelearning.UnderlyingResourceActionDetach:
		verb = "detach"
	default:
		return nil, fmt.Errorf("workspace: compute %s: underlying resource action must be Delete or Detach, not %q", name, action)
	}
	return begin(ctx, c, verb, name, func(ctx context.Context) (*runtime.Poller[armmachinelearning.ComputeClientDeleteResponse], error) {
		return c.computes.BeginDelete(ctx, c.rg, c.ws, name, action, nil)
	}, nil)
}

// StartCompute starts a stopped compute instance.
func (c *Client) StartCompute(ctx context.Context, name string) (*Operation, error) {
	if err := requireName("compute name", name); err != nil {
		return nil, err
	}
	return begin(ctx, c, "start", name, func(ctx context.Context) (*runtime.Poller[armmachinelearning.ComputeClientStartResponse], error) {
		return c.computes.BeginStart(ctx, c.rg, c.ws, name, nil)
	}, nil)
}

// StopCompute stops a running compute instance.
func (c *Client) StopCompute(ctx context.Context, name string) (*Operation, error) {
	if err := requireName("compute name", name); err != nil {
		return nil, err
	}
	return begin(ctx, c, "stop", name, func(ctx context.Context) (*runtime.Poller[armmachinelearning.ComputeClientStopResponse], error) {
		return c.computes.BeginStop(ctx, c.rg, c.ws, name, nil)
	}, nil)
}

// RestartCompute restarts a compute instance.
func (c *Client) RestartCompute(ctx context.Context, name string) (*Operation, error) {
	if err := requireName("compute name", name); err != nil {
		return nil, err
	}
	return begin(ctx, c, "restart", name, func(ctx context.Context) (*runtime.Poller[armmachinelearning.ComputeClientRestartResponse], error) {
		return c.computes.BeginRestart(ctx, c.rg, c.ws, name, nil)
	}, nil)
}
