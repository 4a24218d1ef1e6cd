package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// RunDetails is what run history knows of a run: its status, times, log files, warnings and
// error. Children listed by RunChildren carry no log files.
type RunDetails struct {
	RunID       string            `json:"runId"`
	Status      string            `json:"status"`
	Target      string            `json:"target,omitempty"` // the compute it ran on
	StartTime   *time.Time        `json:"startTimeUtc,omitempty"`
	EndTime     *time.Time        `json:"endTimeUtc,omitempty"`
	LogFiles    map[string]string `json:"logFiles,omitempty"` // log name → SAS URL, minted anew on every call
	Warnings    []RunWarning      `json:"warnings,omitempty"`
	Error       *RunError         `json:"error,omitempty"`
	ParentRunID string            `json:"parentRunId,omitempty"`
}

// RunWarning is one warning run history recorded for a run.
type RunWarning struct {
	Source  string `json:"source"`
	Message string `json:"message"`
}

// RunError is a run's error as run history reports it, verbatim.
type RunError struct {
	Code    string
	Message string
	Details []ErrorDetail
}

// UnmarshalJSON reads both shapes run history uses: {"error":{"code",...}} and the inner
// object alone.
func (e *RunError) UnmarshalJSON(data []byte) error {
	var b armErrorBody
	if err := json.Unmarshal(data, &b); err != nil {
		return err
	}
	d := b.armErrorDetail
	if b.Error != nil {
		d = *b.Error
	}
	*e = RunError{Code: d.Code, Message: d.Message, Details: convertDetails(d.Details)}
	return nil
}

// MarshalJSON writes the envelope shape run history sends.
func (e RunError) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"error": map[string]any{"code": e.Code, "message": e.Message}})
}

// runHistoryHost caches the run-history base URL discovered from the workspace.
type runHistoryHost struct {
	mu  sync.Mutex
	api string
}

// RunDetails gets a run's details from run history. The run ID is the job name.
func (c *Client) RunDetails(ctx context.Context, runID string) (*RunDetails, error) {
	if err := requireName("run ID", runID); err != nil {
		return nil, err
	}
	var d RunDetails
	if err := c.historyGet(ctx, "/runs/"+url.PathEscape(runID)+"/details", &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// RunChildren lists a run's child runs (sweep trials, pipeline steps), following nextLink.
func (c *Client) RunChildren(ctx context.Context, runID string) ([]*RunDetails, error) {
	if err := requireName("run ID", runID); err != nil {
		return nil, err
	}
	var out []*RunDetails
	next := ""
	for {
		var page struct {
			Value    []*RunDetails `json:"value"`
			NextLink string        `json:"nextLink"`
		}
		var err error
		if next == "" {
			err = c.historyGet(ctx, "/runs/"+url.PathEscape(runID)+"/children", &page)
		} else {
			err = c.historyGetURL(ctx, next, &page)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, page.Value...)
		if page.NextLink == "" || page.NextLink == next {
			return out, nil
		}
		if err := c.sameHistoryHost(page.NextLink); err != nil {
			return nil, err
		}
		next = page.NextLink
	}
}

// historyGet GETs a run-history path of this workspace with the ARM token.
func (c *Client) historyGet(ctx context.Context, path string, v any) error {
	api, err := c.runHistoryAPI(ctx)
	if err != nil {
		return err
	}
	return c.historyGetURL(ctx, api+"/history/v1.0"+c.workspacePath()+path, v)
}

func (c *Client) historyGetURL(ctx context.Context, u string, v any) error {
	if err := c.checkDataPlaneURL(u); err != nil {
		return err
	}
	req, err := runtime.NewRequest(ctx, http.MethodGet, u)
	if err != nil {
		return err
	}
	req.Raw().Header.Set("Accept", "application/json")
	resp, err := c.arm.Pipeline().Do(req)
	if err != nil {
		return asError(err)
	}
	if !runtime.HasStatusCode(resp, http.StatusOK) {
		return errorFromResponse(resp, "")
	}
	if err := runtime.UnmarshalAsJSON(resp, v); err != nil {
		return fmt.Errorf("workspace: decoding the run-history answer: %w", err)
	}
	return nil
}

// sameHistoryHost refuses a nextLink that would take the ARM token to another host than the
// discovered run-history one.
func (c *Client) sameHistoryHost(link string) error {
	c.history.mu.Lock()
	api := c.history.api
	c.history.mu.Unlock()
	a, errA := url.Parse(api)
	l, errL := url.Parse(link)
	if errA != nil || errL != nil || !strings.EqualFold(a.Host, l.Host) || a.Scheme != l.Scheme {
		return fmt.Errorf("workspace: run history's nextLink %s leaves the run-history host %s", withoutQuery(link), api)
	}
	return nil
}

// runHistoryAPI discovers (once) the run-history base URL: the `api` entry of the flat JSON
// map the workspace's discoveryUrl serves, fetched without a token.
func (c *Client) runHistoryAPI(ctx context.Context) (string, error) {
	c.history.mu.Lock()
	defer c.history.mu.Unlock()
	if c.history.api != "" {
		return c.history.api, nil
	}
	ws, err := c.Workspace(ctx)
	if err != nil {
		return "", err
	}
	if ws.Properties == nil || ws.Properties.DiscoveryURL == nil || *ws.Properties.DiscoveryURL == "" {
		return "", fmt.Errorf("workspace: workspace %s has no properties.discoveryUrl; run history cannot be reached", c.ws)
	}
	discovery := *ws.Properties.DiscoveryURL
	if err := c.checkDataPlaneURL(discovery); err != nil {
		return "", err
	}
	req, err := runtime.NewRequest(ctx, http.MethodGet, discovery)
	if err != nil {
		return "", err
	}
	req.Raw().Header.Set("Accept", "application/json")
	resp, err := c.anon.Do(req)
	if err != nil {
		return "", asError(err)
	}
	if !runtime.HasStatusCode(resp, http.StatusOK) {
		return "", errorFromResponse(resp, "")
	}
	var hosts map[string]any
	if err := runtime.UnmarshalAsJSON(resp, &hosts); err != nil {
		return "", fmt.Errorf("workspace: discovery document at %s: %w", withoutQuery(discovery), err)
	}
	api, _ := hosts["api"].(string)
	api = strings.TrimRight(strings.TrimSpace(api), "/")
	if api == "" {
		return "", fmt.Errorf("workspace: discovery document at %s has no \"api\" entry", withoutQuery(discovery))
	}
	if err := c.checkDataPlaneURL(api); err != nil {
		return "", err
	}
	c.history.api = api
	return api, nil
}

// checkDataPlaneURL accepts https URLs, and http ones on loopback only when the ARM endpoint
// itself is such a loopback (the emulator): tokens and SAS URLs never travel in clear text to
// another machine.
func (c *Client) checkDataPlaneURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("workspace: data-plane URL %q is not an absolute URL", withoutQuery(raw))
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()) && c.armOverHTTP():
		return nil
	default:
		return fmt.Errorf("workspace: refusing data-plane URL %s: it must use https", withoutQuery(raw))
	}
}

// armOverHTTP reports whether the client talks to a loopback ARM endpoint over http.
func (c *Client) armOverHTTP() bool {
	u, err := url.Parse(c.arm.Endpoint())
	return err == nil && u.Scheme == "http" && isLoopback(u.Hostname())
}

// ErrLogURLExpired is wrapped by ReadLog's error when storage refuses a log URL (403): its
// SAS token expired or is invalid. Fetch RunDetails again for fresh URLs and keep the offset.
var ErrLogURLExpired = errors.New("workspace: log URL expired or not authorised; fetch the run details again")

// ReadLog reads a log file from offset to its current end (the answer is held in memory:
// tail logs incrementally rather than from 0 each time). url is a SAS URL from
// RunDetails.LogFiles; it carries its own token, so no bearer token is sent. total is the
// file's size now: when it is below offset the file was replaced and must be read from 0. When
// there is nothing new, data is empty and total tells the size (storage answers 416 with
// Content-Range: bytes */N).
func (c *Client) ReadLog(ctx context.Context, logURL string, offset int64) (data []byte, total int64, err error) {
	if offset < 0 {
		return nil, 0, fmt.Errorf("workspace: log offset must be 0 or more, not %d", offset)
	}
	if err := c.checkDataPlaneURL(logURL); err != nil {
		return nil, 0, err
	}
	req, err := runtime.NewRequest(ctx, http.MethodGet, logURL)
	if err != nil {
		return nil, 0, fmt.Errorf("workspace: log URL %s: %w", withoutQuery(logURL), asError(err))
	}
	req.Raw().Header.Set("Range", fmt.Sprintf("bytes=%d-", offset))
	// The SAS URL is the credential: nothing the pipeline adds may replace it.
	resp, err := c.anon.Do(req)
	if err != nil {
		return nil, 0, asError(err)
	}
	return readLogAnswer(resp, offset)
}

func readLogAnswer(resp *http.Response, offset int64) ([]byte, int64, error) {
	switch resp.StatusCode {
	case http.StatusPartialContent:
		body, err := runtime.Payload(resp)
		if err != nil {
			return nil, 0, err
		}
		first, total, err := parseContentRange(resp.Header.Get("Content-Range"))
		if err != nil {
			return nil, 0, err
		}
		if first != offset {
			return nil, 0, fmt.Errorf("workspace: log answer starts at byte %d, not at the requested %d", first, offset)
		}
		return body, total, nil
	case http.StatusOK:
		// The server ignored the range and sent the whole file.
		body, err := runtime.Payload(resp)
		if err != nil {
			return nil, 0, err
		}
		total := int64(len(body))
		if offset >= total {
			return nil, total, nil
		}
		return body[offset:], total, nil
	case http.StatusRequestedRangeNotSatisfiable:
		_, total, err := parseContentRange(resp.Header.Get("Content-Range"))
		if err != nil {
			return nil, 0, err
		}
		return nil, total, nil
	case http.StatusForbidden:
		return nil, 0, fmt.Errorf("%w: %w", ErrLogURLExpired, errorFromResponse(resp, ""))
	default:
		return nil, 0, errorFromResponse(resp, "")
	}
}

// parseContentRange reads "bytes first-last/total" or "bytes */total"; first is -1 for the
// latter.
func parseContentRange(v string) (first, total int64, err error) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(v), "bytes ")
	rng, size, ok2 := strings.Cut(spec, "/")
	if !ok || !ok2 {
		return 0, 0, fmt.Errorf("workspace: log answer has a malformed Content-Range %q", v)
	}
	if _, err := fmt.Sscan(size, &total); err != nil || total < 0 {
		return 0, 0, fmt.Errorf("workspace: log answer has a malformed Content-Range total %q", v)
	}
	if rng == "*" {
		return -1, total, nil
	}
	var last int64
	if n, err := fmt.Sscanf(rng, "%d-%d", &first, &last); err != nil || n != 2 || first < 0 || last < first {
		return 0, 0, fmt.Errorf("workspace: log answer has a malformed Content-Range range %q", v)
	}
	return first, total, nil
}
