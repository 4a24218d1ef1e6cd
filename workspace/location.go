package workspace

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// VMSizes lists the VM sizes Azure ML offers in location. Live entries carry fields the spec
// lacks and upper-case sizes elsewhere: compare names case-insensitively.
func (c *Client) VMSizes(ctx context.Context, location string) ([]*armmachinelearning.VirtualMachineSize, error) {
	if err := requireName("location", location); err != nil {
		return nil, err
	}
	resp, err := c.vmSizes.List(ctx, location, nil)
	if err != nil {
		return nil, asError(err)
	}
	return resp.Value, nil
}

// Usages lists current core usage against limits in location, per VM family, per workspace
// and in total, following nextLink.
func (c *Client) Usages(ctx context.Context, location string) ([]*armmachinelearning.Usage, error) {
	if err := requireName("location", location); err != nil {
		return nil, err
	}
	var out []*armmachinelearning.Usage
	pager := c.usages.NewListPager(location, nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, asError(err)
		}
		out = append(out, page.Value...)
	}
	return out, nil
}

// Quotas lists the quotas of location, following nextLink. They come in pairs (subscription
// level with a null location, and per workspace) and carry no current value: see Usages.
func (c *Client) Quotas(ctx context.Context, location string) ([]*armmachinelearning.ResourceQuota, error) {
	if err := requireName("location", location); err != nil {
		return nil, err
	}
	var out []*armmachinelearning.ResourceQuota
	pager := c.quotas.NewListPager(location, nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, asError(err)
		}
		out = append(out, page.Value...)
	}
	return out, nil
}
