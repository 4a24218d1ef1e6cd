package ui

import (
	"context"
	"errors"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/workspace"
)

// errNoWorkspace is what every request answers when cmd built the console without a client.
var errNoWorkspace = errors.New("ui.Deps.Workspace is nil: the console was started without a workspace client")

// missingWorkspace stands in for a nil Deps.Workspace, so the console shows the mistake on
// screen instead of crashing in a command.
type missingWorkspace struct{}

func (missingWorkspace) Config() workspace.Config { return workspace.Config{} }
func (missingWorkspace) ReadOnly() bool           { return true }
func (missingWorkspace) RateLimits() workspace.RateLimits {
	return workspace.RateLimits{Reads: -1, Writes: -1, Deletes: -1}
}
func (missingWorkspace) Workspace(context.Context) (*armmachinelearning.Workspace, error) {
	return nil, errNoWorkspace
}
func (missingWorkspace) ListWorkspaces(context.Context, string) ([]*armmachinelearning.Workspace, error) {
	return nil, errNoWorkspace
}
func (missingWorkspace) ListComputes(context.Context) ([]*armmachinelearning.ComputeResource, error) {
	return nil, errNoWorkspace
}
func (missingWorkspace) GetCompute(context.Context, string) (*armmachinelearning.ComputeResource, error) {
	return nil, errNoWorkspace
}
func (missingWorkspace) ListNodes(context.Context, string) ([]*armmachinelearning.AmlComputeNodeInformation, error) {
	return nil, errNoWorkspace
}
