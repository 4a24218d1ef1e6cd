// Package workspace is amlconsole's one client of an Azure ML workspace: configuration,
// credentials, the ARM clients on one azcore pipeline, run history, the event bus and the
// watchers that publish to it. Read-only mode is enforced here.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// ErrReadOnly is returned by every write while the client is read-only; no request is sent.
var ErrReadOnly = errors.New("workspace: read-only mode: writes are disabled (--read-only)")

// ErrClosed is returned by calls made after Close, and by Wait for operations whose polling
// Close cut short (the operation itself may still finish in Azure).
var ErrClosed = errors.New("workspace: client closed")

// The SDK's module identity; the client's own requests (the compute PATCH, run history, logs)
// carry the same telemetry as the generated clients.
const (
	sdkModule  = "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning"
	sdkVersion = "v4.0.0"
	apiVersion = "2024-04-01"
)

// Options tune a Client. The zero value is usable.
//
// azcore has one log listener per process, so LogWriter receives the log of every azcore
// pipeline in the process, and only one client at a time should be given one.
type Options struct {
	Version   string             // for the user agent amlconsole/<version>
	ReadOnly  bool               // refuse every write with ErrReadOnly
	LogWriter io.Writer          // azcore log output (secrets redacted); nil: no logging (see below)
	Refresh   time.Duration      // watcher base interval override (--refresh); 0: adaptive defaults
	Transport policy.Transporter // nil: azcore default (tests inject a replay transport)
	Bus       *bus.Bus           // nil: a new bus

	// PollInterval fixes the delay between status polls of long-running operations when the
	// service sends no Retry-After; 0 starts at 2 s and backs off to 15 s.
	PollInterval time.Duration
}

// Client is one workspace's client; safe for concurrent use.
//
// The six generated ARM clients come from one armmachinelearning.ClientFactory and so share one
// azcore pipeline; the client's own ARM requests use a pipeline built from the same options
// (same transport, retries, user agent, logging and rate-limit policy, same credential), and
// the anonymous pipeline for discovery and SAS log reads is the same minus the bearer token.
type Client struct {
	cfg  Config
	opts Options
	sub  string
	rg   string
	ws   string

	bus    *bus.Bus
	limits *rateLimitPolicy
	sink   *logSink

	computes   *armmachinelearning.ComputeClient
	jobs       *armmachinelearning.JobsClient
	workspaces *armmachinelearning.WorkspacesClient
	usages     *armmachinelearning.UsagesClient
	vmSizes    *armmachinelearning.VirtualMachineSizesClient
	quotas     *armmachinelearning.QuotasClient
	arm        *arm.Client      // bearer-token pipeline for requests the SDK cannot make
	anon       runtime.Pipeline // no credential: discovery and SAS-signed log URLs

	history runHistoryHost

	ctx      context.Context // cancelled by Close; bounds every operation's poll loop
	cancel   context.CancelFunc
	ops      sync.WaitGroup
	opSeq    atomic.Uint64
	closeMu  sync.Mutex
	closed   bool
	unwatch  func()
	closeOne sync.Once
}

// New builds the client for the workspace cfg names, authenticating with cred.
func New(cfg Config, cred azcore.TokenCredential, opts Options) (*Client, error) {
	if cred == nil {
		return nil, errors.New("workspace: a credential is required")
	}
	c := &Client{
		cfg:  cfg,
		opts: opts,
		sub:  strings.TrimSpace(cfg.Subscription.Value),
		rg:   strings.TrimSpace(cfg.ResourceGroup.Value),
		ws:   strings.TrimSpace(cfg.Workspace.Value),
	}
	for _, f := range []struct{ name, value string }{
		{"subscription", c.sub}, {"resource group", c.rg}, {"workspace", c.ws},
	} {
		if f.value == "" {
			return nil, fmt.Errorf("workspace: the %s is not set in the configuration", f.name)
		}
	}
	watch := WatchOptions{Refresh: opts.Refresh}
	if err := watch.Validate(); err != nil {
		return nil, fmt.Errorf("workspace: --refresh: %w", err)
	}
	c.limits = newRateLimitPolicy(time.Now)
	armOpts, err := clientOptions(cfg.CloudConfiguration(), opts, closedGate{c}, c.limits)
	if err != nil {
		return nil, err
	}
	factory, err := armmachinelearning.NewClientFactory(c.sub, cred, armOpts)
	if err != nil {
		return nil, fmt.Errorf("workspace: building the ARM clients: %w", err)
	}
	c.computes = factory.NewComputeClient()
	c.jobs = factory.NewJobsClient()
	c.workspaces = factory.NewWorkspacesClient()
	c.usages = factory.NewUsagesClient()
	c.vmSizes = factory.NewVirtualMachineSizesClient()
	c.quotas = factory.NewQuotasClient()
	if c.arm, err = arm.NewClient(sdkModule, sdkVersion, cred, armOpts); err != nil {
		return nil, fmt.Errorf("workspace: building the ARM pipeline: %w", err)
	}
	c.anon = runtime.NewPipeline(sdkModule, sdkVersion, runtime.PipelineOptions{}, &armOpts.ClientOptions)

	c.bus = opts.Bus
	if c.bus == nil {
		c.bus = bus.New()
	}
	if opts.LogWriter != nil {
		c.sink = &logSink{w: opts.LogWriter, now: time.Now}
		c.sink.install()
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.unwatch = RegisterWatchers(c.bus, WatchSource{
		ListComputes: func(ctx context.Context) ([]*armmachinelearning.ComputeResource, error) {
			return c.ListComputes(policy.WithRetryOptions(ctx, watchRetryOptions))
		},
		ListJobs: func(ctx context.Context) ([]*armmachinelearning.JobBase, error) {
			return c.ListJobs(policy.WithRetryOptions(ctx, watchRetryOptions), JobFilter{})
		},
	}, watch)
	return c, nil
}

// Close stops the watchers and the poll loops of running operations (the operations
// themselves continue in Azure) and detaches the log writer. It is safe to call twice.
func (c *Client) Close() {
	c.closeOne.Do(func() {
		c.closeMu.Lock()
		c.closed = true
		c.closeMu.Unlock()
		if c.unwatch != nil {
			c.unwatch()
		}
		c.cancel()
		c.ops.Wait()
		if c.sink != nil {
			c.sink.close()
		}
	})
}

// closedGate refuses every request of a closed client before it leaves, so a caller holding
// a replaced client (":ws" switched away) cannot keep talking to the old workspace.
type closedGate struct{ c *Client }

func (g closedGate) Do(req *policy.Request) (*http.Response, error) {
	g.c.closeMu.Lock()
	closed := g.c.closed
	g.c.closeMu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	return req.Next()
}

// Config returns the resolved configuration the client was built from.
func (c *Client) Config() Config { return c.cfg }

// Bus returns the client's event bus.
func (c *Client) Bus() *bus.Bus { return c.bus }

// ReadOnly reports whether writes are refused.
func (c *Client) ReadOnly() bool { return c.opts.ReadOnly }

// RateLimits returns the latest x-ms-ratelimit-remaining-subscription-* values seen.
func (c *Client) RateLimits() RateLimits { return c.limits.snapshot() }

// RateLimits are the remaining ARM request budgets; -1 where not seen yet.
type RateLimits struct {
	Reads, Writes, Deletes int
	At                     time.Time
}

// allowWrite is the read-only gate every write passes before building a request.
func (c *Client) allowWrite(verb, target string) error {
	if c.opts.ReadOnly {
		return fmt.Errorf("%s %s: %w", verb, target, ErrReadOnly)
	}
	return nil
}

// requireName rejects an empty resource name before any request is built.
func requireName(field, name string) error {
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("workspace: %s is required", field)
	}
	return nil
}
