// Package common holds what every page and component of the console shares: the Common
// value (styles, keys, size, workspace, clock, watcher), the page contract, and the
// messages pages send to the root model.
package common

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/workspace"
)

// Workspace is what the console needs of workspace.Client; *workspace.Client satisfies it.
// It is defined here, by its consumer, so tests can hand the UI a fake. Every method may block
// on the network: call them only inside a tea.Cmd, never from Update or View.
type Workspace interface {
	Config() workspace.Config
	ReadOnly() bool
	RateLimits() workspace.RateLimits
	Workspace(ctx context.Context) (*armmachinelearning.Workspace, error)
	ListWorkspaces(ctx context.Context, resourceGroup string) ([]*armmachinelearning.Workspace, error)
	ListComputes(ctx context.Context) ([]*armmachinelearning.ComputeResource, error)
	GetCompute(ctx context.Context, name string) (*armmachinelearning.ComputeResource, error)
	ListNodes(ctx context.Context, name string) ([]*armmachinelearning.AmlComputeNodeInformation, error)
}

// Static check that the real client fits.
var _ Workspace = (*workspace.Client)(nil)
