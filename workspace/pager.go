package workspace

import (
	"context"
	"iter"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// pages yields every page of pager in turn, following nextLink. A failed page read is yielded
// once, as the package's error (see asError), and ends the walk; breaking out of the loop stops
// it without reading further pages.
func pages[P any](ctx context.Context, pager *runtime.Pager[P]) iter.Seq2[P, error] {
	return func(yield func(P, error) bool) {
		for pager.More() {
			page, err := pager.NextPage(ctx)
			if err != nil {
				var none P
				yield(none, asError(err))
				return
			}
			if !yield(page, nil) {
				return
			}
		}
	}
}

// drain collects the items of every page of pager: items picks them out of one page (its
// Value, or Nodes for a node list).
func drain[P, T any](ctx context.Context, pager *runtime.Pager[P], items func(P) []T) ([]T, error) {
	var out []T
	for page, err := range pages(ctx, pager) {
		if err != nil {
			return nil, err
		}
		out = append(out, items(page)...)
	}
	return out, nil
}
