package replay

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// Request is what the transport received, for assertions.
type Request struct {
	Method string
	URL    *url.URL
	Header http.Header
	Body   []byte
}

// Transport answers requests with a recording's responses, in order. Each request must match
// the next entry's method, path and query (compared as sets of values) once the recorded host
// and subscription are rewritten to the test's; a mismatch fails the request and is kept for
// Err. Header URLs in answers (Azure-AsyncOperation, Location) are rewritten the same way, so
// pollers come back to the transport. Bodies are served verbatim.
type Transport struct {
	endpoint *url.URL
	fromSub  string
	toSub    string

	mu       sync.Mutex
	entries  []Entry
	next     int
	received []Request
	errs     []error
}

// NewTransport serves rec to a client whose Resource Manager endpoint is endpoint and whose
// subscription is subscription.
func NewTransport(rec *Recording, endpoint, subscription string) (*Transport, error) {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("replay: endpoint %q is not an absolute URL", endpoint)
	}
	return &Transport{endpoint: u, fromSub: rec.Subscription, toSub: subscription, entries: rec.Entries}, nil
}

// Do implements policy.Transporter.
func (t *Transport) Do(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		_ = req.Body.Close()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.received = append(t.received, Request{Method: req.Method, URL: req.URL, Header: req.Header.Clone(), Body: body})
	if t.next >= len(t.entries) {
		err := mismatch{fmt.Errorf("replay: unexpected request %d: %s %s (the recording has %d entries)", len(t.received), req.Method, req.URL, len(t.entries))}
		t.errs = append(t.errs, err)
		return nil, err
	}
	e := t.entries[t.next]
	want := t.Rewrite(e.URL)
	if err := match(req, e.Method, want); err != nil {
		err = mismatch{fmt.Errorf("replay: request %d (%s): %w", t.next+1, e.Key, err)}
		t.errs = append(t.errs, err)
		return nil, err
	}
	t.next++
	h := e.Header.Clone()
	for _, name := range []string{"Azure-AsyncOperation", "Location", "Operation-Location"} {
		if v := h.Get(name); v != "" {
			if u, err := url.Parse(v); err == nil {
				h.Set(name, t.Rewrite(u).String())
			}
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(e.Body)))
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status)),
		StatusCode:    e.Status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(e.Body)),
		ContentLength: int64(len(e.Body)),
		Request:       req,
	}, nil
}

// Rewrite moves a recorded URL onto the test's endpoint and subscription.
func (t *Transport) Rewrite(recorded *url.URL) *url.URL {
	u := *recorded
	u.Scheme, u.Host = t.endpoint.Scheme, t.endpoint.Host
	if t.fromSub != "" && t.toSub != "" {
		u.Path = strings.Replace(u.Path, "/subscriptions/"+t.fromSub, "/subscriptions/"+t.toSub, 1)
		u.RawPath = ""
	}
	return &u
}

// mismatch is a request the recording does not have. It is not retriable: azcore's retry
// policy must not send it again.
type mismatch struct{ error }

// NonRetriable tells azcore's retry policy to stop.
func (mismatch) NonRetriable() {}

func (m mismatch) Unwrap() error { return m.error }

func match(req *http.Request, method string, want *url.URL) error {
	if req.Method != method {
		return fmt.Errorf("method %s, recorded %s (%s)", req.Method, method, want.Path)
	}
	if req.URL.Host != want.Host || req.URL.Path != want.Path {
		return fmt.Errorf("URL %s%s, recorded %s%s", req.URL.Host, req.URL.Path, want.Host, want.Path)
	}
	got, rec := req.URL.Query(), want.Query()
	if len(got) != len(rec) {
		return fmt.Errorf("query %q, recorded %q", req.URL.RawQuery, want.RawQuery)
	}
	for k, vs := range rec {
		if strings.Join(got[k], "\x00") != strings.Join(vs, "\x00") {
			return fmt.Errorf("query %s=%q, recorded %q", k, got[k], vs)
		}
	}
	return nil
}

// Received returns the requests received so far.
func (t *Transport) Received() []Request {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Request(nil), t.received...)
}

// Remaining is the number of recorded entries not served yet.
func (t *Transport) Remaining() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.entries) - t.next
}

// Err returns the first mismatch or unexpected request, nil when every request matched.
func (t *Transport) Err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.errs) == 0 {
		return nil
	}
	return t.errs[0]
}
