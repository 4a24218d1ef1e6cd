package workspace

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/workspace/bus"
)

// Poll delays of long-running operations when the service sends no Retry-After: compute
// operations take from seconds (stop) to minutes (create), so start quick and back off.
const (
	pollFirst  = 2 * time.Second
	pollMax    = 15 * time.Second
	pollGrowth = 1.5
)

// Operation is the handle of a long-running operation the service accepted. Its progress is
// published on the client's bus as OperationEvent (Started, InProgress, Succeeded or Failed
// with the service's error verbatim, as *Error).
type Operation struct {
	ID     string // unique per client
	Verb   string // "create", "attach", "update", "delete", "detach", "start", "stop", "restart", "cancel"
	Target string // the compute or job name

	done chan struct{}

	mu      sync.Mutex
	err     error
	compute *armmachinelearning.ComputeResource
}

// Done is closed when the operation has finished (or its polling stopped because the client
// was closed).
func (o *Operation) Done() <-chan struct{} { return o.done }

// Wait blocks until the operation finishes and returns its error: nil on success, *Error when
// the service reports failure, ErrClosed when the client closed first. ctx only bounds the
// wait; cancelling it does not stop the operation.
func (o *Operation) Wait(ctx context.Context) error {
	select {
	case <-o.done:
		return o.Err()
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Err is the operation's outcome once Done is closed, nil before.
func (o *Operation) Err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err
}

// Compute is the compute as the service returned it after a create, attach or update
// succeeded; nil for other operations and before success.
func (o *Operation) Compute() *armmachinelearning.ComputeResource {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.compute
}

// finish records the outcome, then closes Done. The outcome is recorded before the terminal
// event is published, so a subscriber reacting to it already sees Err and Compute.
func (o *Operation) finish(compute *armmachinelearning.ComputeResource, err error, publish func()) {
	o.mu.Lock()
	o.compute, o.err = compute, err
	o.mu.Unlock()
	if publish != nil {
		publish()
	}
	close(o.done)
}

// newOperation registers an operation with the client; it fails once the client is closed, so
// no poll loop starts that Close would not wait for.
func (c *Client) newOperation(verb, target string) (*Operation, error) {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	if c.closed {
		return nil, ErrClosed
	}
	c.ops.Add(1)
	return &Operation{
		ID:     fmt.Sprintf("op-%d-%s-%s", c.opSeq.Add(1), verb, target),
		Verb:   verb,
		Target: target,
		done:   make(chan struct{}),
	}, nil
}

// begin runs the read-only gate, sends the initial request with start and, once the service
// accepted it, tracks the operation. The initial request's error (validation, conflict,
// quota) is returned directly as *Error and no operation is published.
func begin[T any](ctx context.Context, c *Client, verb, target string, start func(context.Context) (*runtime.Poller[T], error), result func(T) *armmachinelearning.ComputeResource) (*Operation, error) {
	if err := c.allowWrite(verb, target); err != nil {
		return nil, err
	}
	op, err := c.newOperation(verb, target)
	if err != nil {
		return nil, err
	}
	var accepted *http.Response
	p, err := start(policy.WithCaptureResponse(ctx, &accepted))
	if err != nil {
		c.ops.Done()
		return nil, asError(err)
	}
	track(c, op, p, retryAfterOf(accepted), result)
	return op, nil
}

// track publishes Started and polls p in a goroutine bound to the client's context until the
// operation reaches a terminal state. initial is the accepting answer's Retry-After; result
// extracts the compute from the final payload of operations that return one (nil otherwise).
func track[T any](c *Client, op *Operation, p *runtime.Poller[T], initial time.Duration, result func(T) *armmachinelearning.ComputeResource) {
	c.publish(op, OperationStarted, nil)
	go func() {
		defer c.ops.Done()
		final, err := pollUntilDone(c, op, p, initial)
		switch {
		case err != nil && c.ctx.Err() != nil:
			// Close cut the polling short; the operation may still finish in Azure.
			op.finish(nil, fmt.Errorf("%s %s: polling stopped: %w", op.Verb, op.Target, ErrClosed), nil)
		case err != nil:
			op.finish(nil, err, func() { c.publish(op, OperationFailed, err) })
		default:
			var compute *armmachinelearning.ComputeResource
			if result != nil {
				compute = result(final)
			}
			op.finish(compute, nil, func() { c.publish(op, OperationSucceeded, nil) })
		}
	}()
}

// pollUntilDone polls until the operation is terminal, publishing InProgress after each poll
// that is not. Before each poll it waits for the service's Retry-After (initial is the one
// the accepting answer carried) or else the client's poll delay.
func pollUntilDone[T any](c *Client, op *Operation, p *runtime.Poller[T], initial time.Duration) (T, error) {
	var zero T
	delay := c.opts.PollInterval
	if delay <= 0 {
		delay = pollFirst
	}
	wait := delay
	if initial > 0 {
		wait = initial
	}
	for !p.Done() {
		if err := c.sleep(wait); err != nil {
			return zero, err
		}
		resp, err := p.Poll(c.ctx)
		if err != nil {
			return zero, asError(err)
		}
		if p.Done() {
			break
		}
		c.publish(op, OperationInProgress, nil)
		if c.opts.PollInterval <= 0 {
			delay = min(time.Duration(float64(delay)*pollGrowth), pollMax)
		}
		wait = delay
		if ra := retryAfterOf(resp); ra > 0 {
			wait = ra
		}
	}
	res, err := p.Result(c.ctx)
	return res, asError(err)
}

// sleep waits for d unless the client closes first.
func (c *Client) sleep(d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-c.ctx.Done():
		return c.ctx.Err()
	case <-t.C:
		return nil
	}
}

func retryAfterOf(resp *http.Response) time.Duration {
	if resp == nil {
		return 0
	}
	return retryAfter(resp.Header)
}

// publish reports an operation's phase on the bus; err is the service's error when Failed.
func (c *Client) publish(op *Operation, phase OperationPhase, err error) {
	bus.Publish(c.bus, OperationEvent{
		ID:     op.ID,
		Verb:   op.Verb,
		Target: op.Target,
		Phase:  phase,
		Err:    err,
		At:     time.Now(),
	})
}
