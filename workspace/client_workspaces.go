package workspace

import (
	"context"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// Workspace gets the workspace itself (location, discoveryUrl, ...).
func (c *Client) Workspace(ctx context.Context) (*armmachinelearning.Workspace, error) {
	resp, err := c.workspaces.Get(ctx, c.rg, c.ws, nil)
	if err != nil {
		return nil, asError(err)
	}
	return &resp.Workspace, nil
}

// ListWorkspaces lists the workspaces of the resource group, or of the whole subscription when
// resourceGroup is "".
func (c *Client) ListWorkspaces(ctx context.Context, resourceGroup string) ([]*armmachinelearning.Workspace, error) {
	if rg := strings.TrimSpace(resourceGroup); rg != "" {
		return drain(ctx, c.workspaces.NewListByResourceGroupPager(rg, nil), func(page armmachinelearning.WorkspacesClientListByResourceGroupResponse) []*armmachinelearning.Workspace {
			return page.Value
		})
	}
	return drain(ctx, c.workspaces.NewListBySubscriptionPager(nil), func(page armmachinelearning.WorkspacesClientListBySubscriptionResponse) []*armmachinelearning.Workspace {
		return page.Value
	})
}
