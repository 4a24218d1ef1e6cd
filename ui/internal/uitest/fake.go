package uitest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/workspace"
)

// Fake is an in-memory Workspace. While the driver runs Update or View it is "locked": any
// call then fails the test, which is how the tests prove Update does no I/O.
type Fake struct {
	t testing.TB

	inUpdate atomic.Bool

	mu         sync.Mutex
	Cfg        workspace.Config
	RO         bool
	Rate       workspace.RateLimits
	WS         *armmachinelearning.Workspace
	WSErr      error
	WSList     []*armmachinelearning.Workspace
	ComputeSet []*armmachinelearning.ComputeResource
	ListErr    error
	NodeList   []*armmachinelearning.AmlComputeNodeInformation
	NodesErr   error
	// ListedGroups records the resource group of each ListWorkspaces call.
	ListedGroups []string
	calls        map[string]int
}

// NewFake returns a fake serving the fixtures' computes, nodes and workspaces.
func NewFake(t testing.TB) *Fake {
	return &Fake{
		t: t,
		Cfg: workspace.Config{
			Subscription:  workspace.Value{Value: "00000000-1111-2222-3333-444444444444"},
			ResourceGroup: workspace.Value{Value: "workspace-1234"},
			Workspace:     workspace.Value{Value: "testworkspace"},
		},
		Rate:       workspace.RateLimits{Reads: 11999, Writes: 1199, Deletes: 14999},
		WS:         Workspace(t),
		WSList:     Workspaces(t),
		ComputeSet: Computes(t),
		NodeList:   Nodes(t),
		calls:      map[string]int{},
	}
}

// Lock marks the start of an Update or View: calls fail the test until Unlock.
func (f *Fake) Lock() { f.inUpdate.Store(true) }

// Unlock marks the end of an Update or View.
func (f *Fake) Unlock() { f.inUpdate.Store(false) }

func (f *Fake) call(name string) {
	if f.inUpdate.Load() {
		f.t.Errorf("Workspace.%s called from Update or View; the client may only be called inside a tea.Cmd", name)
	}
	f.mu.Lock()
	f.calls[name]++
	f.mu.Unlock()
}

// Calls is how many times method name was called.
func (f *Fake) Calls(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[name]
}

// Config implements Workspace.
func (f *Fake) Config() workspace.Config { f.call("Config"); return f.Cfg }

// ReadOnly implements Workspace.
func (f *Fake) ReadOnly() bool { f.call("ReadOnly"); return f.RO }

// RateLimits implements Workspace.
func (f *Fake) RateLimits() workspace.RateLimits {
	f.call("RateLimits")
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.Rate
}

// Workspace implements Workspace.
func (f *Fake) Workspace(context.Context) (*armmachinelearning.Workspace, error) {
	f.call("Workspace")
	return f.WS, f.WSErr
}

// ListWorkspaces implements Workspace.
func (f *Fake) ListWorkspaces(_ context.Context, rg string) ([]*armmachinelearning.Workspace, error) {
	f.call("ListWorkspaces")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ListedGroups = append(f.ListedGroups, rg)
	return f.WSList, nil
}

// ListComputes implements Workspace.
func (f *Fake) ListComputes(context.Context) ([]*armmachinelearning.ComputeResource, error) {
	f.call("ListComputes")
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ComputeSet, f.ListErr
}

// GetCompute implements Workspace.
func (f *Fake) GetCompute(_ context.Context, name string) (*armmachinelearning.ComputeResource, error) {
	f.call("GetCompute")
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.ComputeSet {
		if c.Name != nil && *c.Name == name {
			return c, nil
		}
	}
	return nil, &workspace.Error{StatusCode: 404, Code: "ResourceNotFound", Message: fmt.Sprintf("compute %s not found", name)}
}

// ListNodes implements Workspace.
func (f *Fake) ListNodes(context.Context, string) ([]*armmachinelearning.AmlComputeNodeInformation, error) {
	f.call("ListNodes")
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.NodeList, f.NodesErr
}
