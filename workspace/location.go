package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

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
	return drain(ctx, c.usages.NewListPager(location, nil), func(page armmachinelearning.UsagesClientListResponse) []*armmachinelearning.Usage {
		return page.Value
	})
}

// Quotas lists the quotas of location, following nextLink. They come in pairs (subscription
// level with a null location, and per workspace) and carry no current value: see Usages.
//
// The live service names a workspace quota's region "location", where the v4.0.0 model reads
// "amlWorkspaceLocation"; the client fills AmlWorkspaceLocation from it so the pair can be told
// apart by region as well as by ID.
func (c *Client) Quotas(ctx context.Context, location string) ([]*armmachinelearning.ResourceQuota, error) {
	if err := requireName("location", location); err != nil {
		return nil, err
	}
	var out []*armmachinelearning.ResourceQuota
	// raw is the answer of the page just read: the capture policy sets it on every request.
	var raw *http.Response
	for page, err := range pages(policy.WithCaptureResponse(ctx, &raw), c.quotas.NewListPager(location, nil)) {
		if err != nil {
			return nil, err
		}
		if err := fillQuotaLocations(raw, page.Value); err != nil {
			return nil, err
		}
		out = append(out, page.Value...)
	}
	return out, nil
}

// fillQuotaLocations copies each raw entry's "location" into AmlWorkspaceLocation when the
// model left it empty. Entries are matched by position and checked by ID.
func fillQuotaLocations(resp *http.Response, quotas []*armmachinelearning.ResourceQuota) error {
	if resp == nil {
		return nil
	}
	body, err := runtime.Payload(resp)
	if err != nil {
		return fmt.Errorf("workspace: reading the quota list: %w", err)
	}
	var page struct {
		Value []struct {
			ID       string  `json:"id"`
			Location *string `json:"location"`
		} `json:"value"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return fmt.Errorf("workspace: decoding the quota list: %w", err)
	}
	if len(page.Value) != len(quotas) {
		return nil
	}
	for i, q := range quotas {
		raw := page.Value[i]
		if q == nil || q.AmlWorkspaceLocation != nil || raw.Location == nil || *raw.Location == "" || q.ID == nil || *q.ID != raw.ID {
			continue
		}
		loc := *raw.Location
		q.AmlWorkspaceLocation = &loc
	}
	return nil
}
