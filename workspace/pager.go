package workspace

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// eachPage reads every page of pager, following nextLink, and hands each to visit. A failed
// page read ends the walk with the package's error (see asError); an error from visit ends it
// unchanged.
func eachPage[P any](ctx context.Context, pager *runtime.Pager[P], visit func(P) error) error {
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return asError(err)
		}
		if err := visit(page); err != nil {
			return err
		}
	}
	return nil
}

// drain collects the items of every page of pager: items picks them out of one page (its
// Value, or Nodes for a node list).
func drain[P, T any](ctx context.Context, pager *runtime.Pager[P], items func(P) []T) ([]T, error) {
	var out []T
	err := eachPage(ctx, pager, func(page P) error {
		out = append(out, items(page)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
