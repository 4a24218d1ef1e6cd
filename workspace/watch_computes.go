package workspace

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// computeWatcher turns one compute list call into a ComputesSnapshot and the ComputeChanges
// since the previous list. It keeps that list across runs, so a listener that comes back
// learns what changed while nobody was watching.
type computeWatcher struct {
	list func(ctx context.Context) ([]*armmachinelearning.ComputeResource, error)
	bus  *bus.Bus
	now  func() time.Time
	last []Compute
}

// cycle is one poll; busy reports whether any compute is transitional.
func (w *computeWatcher) cycle(ctx context.Context) (busy bool, err error) {
	resources, err := w.list(ctx)
	if err != nil {
		return false, err
	}
	computes := summarizeAll(resources)
	at := w.now()
	bus.Publish(w.bus, ComputesSnapshot{Computes: computes, At: at})
	for _, change := range DiffComputes(w.last, computes) {
		change.At = at
		bus.Publish(w.bus, change)
	}
	w.last = computes
	return slices.ContainsFunc(computes, func(c Compute) bool {
		return c.Summary.Health == compute.HealthTransitional
	}), nil
}

// summarizeAll pairs each resource with its Summary, sorted by name; nil entries are skipped.
func summarizeAll(resources []*armmachinelearning.ComputeResource) []Compute {
	computes := make([]Compute, 0, len(resources))
	for _, r := range resources {
		if r != nil {
			computes = append(computes, Compute{Resource: r, Summary: compute.Summarize(r)})
		}
	}
	slices.SortStableFunc(computes, func(a, b Compute) int { return strings.Compare(computeName(a), computeName(b)) })
	return computes
}

// computeName is the compute's name: the summary's, or the resource's when a hand-built
// Compute has no summary yet.
func computeName(c Compute) string {
	if c.Summary.Name != "" || c.Resource == nil || c.Resource.Name == nil {
		return c.Summary.Name
	}
	return *c.Resource.Name
}
