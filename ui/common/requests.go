package common

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
)

// RequestTimeout bounds one call to the workspace made for a page.
const RequestTimeout = time.Minute

// Requests is a page's calls to the workspace. They run under a context the page cancels when
// it stops, and each is numbered so that only the answer to the latest one is used (the
// answer carries its number back; see Latest).
type Requests struct {
	ctx    context.Context
	cancel context.CancelFunc
	last   int
}

// Start opens the context the page's requests run under until Stop.
func (r *Requests) Start() { r.ctx, r.cancel = context.WithCancel(context.Background()) }

// Stop cancels the requests in flight.
func (r *Requests) Stop() {
	if r.cancel != nil {
		r.cancel()
	}
}

// Cancelled reports whether Stop has cancelled the requests since the last Start: their
// errors are the page's own doing, not worth showing.
func (r *Requests) Cancelled() bool { return r.ctx != nil && r.ctx.Err() != nil }

// Drop makes the requests in flight stale, so their answers are ignored.
func (r *Requests) Drop() { r.last++ }

// Latest reports whether id names the latest request.
func (r *Requests) Latest(id int) bool { return id == r.last }

// Call numbers a new request, making earlier ones stale, and returns a command running call
// with that number under the page's context (Background before Start), bounded by
// RequestTimeout. call does the I/O in the command: it must use only values it captured,
// never the page.
func (r *Requests) Call(call func(ctx context.Context, id int) tea.Msg) tea.Cmd {
	r.last++
	ctx, id := r.ctx, r.last
	if ctx == nil {
		ctx = context.Background()
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, RequestTimeout)
		defer cancel()
		return call(ctx, id)
	}
}
