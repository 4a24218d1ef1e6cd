// Package workspace is amlconsole's one client of an Azure ML workspace: configuration,
// credentials, the ARM clients on one azcore pipeline, run history, the event bus and the
// watchers that publish to it. Read-only mode is enforced here.
//
// CONTRACT (skeleton written by the lead; the client owner fills in the bodies and may add
// methods, but keeps these signatures so the UI and cmd can build against them).
package workspace

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// ErrReadOnly is returned by every write while the client is read-only; no request is sent.
var ErrReadOnly = errors.New("workspace: read-only mode: writes are disabled (--read-only)")

// Options tune a Client. The zero value is usable.
type Options struct {
	Version   string             // for the user agent amlconsole/<version>
	ReadOnly  bool               // refuse every write with ErrReadOnly
	LogWriter io.Writer          // azcore log output (secrets redacted); nil: no logging
	Refresh   time.Duration      // watcher base interval override (--refresh); 0: adaptive defaults
	Transport policy.Transporter // nil: azcore default (tests inject a replay transport)
	Bus       *bus.Bus           // nil: a new bus
}

// Client is one workspace's client; safe for concurrent use.
type Client struct{}

// New builds the client for the workspace cfg names, authenticating with cred.
func New(cfg Config, cred azcore.TokenCredential, opts Options) (*Client, error) {
	return nil, errors.New("workspace: not implemented")
}

// Config returns the resolved configuration the client was built from.
func (c *Client) Config() Config { return Config{} }

// Bus returns the client's event bus.
func (c *Client) Bus() *bus.Bus { return nil }

// ReadOnly reports whether writes are refused.
func (c *Client) ReadOnly() bool { return false }

// RateLimits returns the latest x-ms-ratelimit-remaining-subscription-* values seen.
func (c *Client) RateLimits() RateLimits { return RateLimits{} }

// RateLimits are the remaining ARM request budgets; -1 where not seen yet.
type RateLimits struct {
	Reads, Writes, Deletes int
	At                     time.Time
}

// Workspace gets the workspace itself (location, discoveryUrl, ...).
func (c *Client) Workspace(ctx context.Context) (*armmachinelearning.Workspace, error) {
	return nil, errors.New("not implemented")
}

// ListWorkspaces lists the workspaces of the resource group, or of the whole subscription when
// resourceGroup is "".
func (c *Client) ListWorkspaces(ctx context.Context, resourceGroup string) ([]*armmachinelearning.Workspace, error) {
	return nil, errors.New("not implemented")
}

// ListComputes lists every compute, following nextLink.
func (c *Client) ListComputes(ctx context.Context) ([]*armmachinelearning.ComputeResource, error) {
	return nil, errors.New("not implemented")
}

// GetCompute gets one compute.
func (c *Client) GetCompute(ctx context.Context, name string) (*armmachinelearning.ComputeResource, error) {
	return nil, errors.New("not implemented")
}

// ListNodes lists a cluster's nodes, following nextLink.
func (c *Client) ListNodes(ctx context.Context, name string) ([]*armmachinelearning.AmlComputeNodeInformation, error) {
	return nil, errors.New("not implemented")
}
