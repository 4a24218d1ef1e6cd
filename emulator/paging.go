package emulator

import (
	"net/http"
	"net/url"
	"strconv"
)

// Offset paging, as every list of the emulator pages: the continuation token is the offset of
// the page's first item, and the next page's link carries the next page's offset.

// pageOffset reads the offset token name of a list request (0 when absent); ok is false when
// the token is not an offset this server issues (a whole number, 0 or more).
func pageOffset(q url.Values, name string) (n int, ok bool) {
	tok := q.Get(name)
	if tok == "" {
		return 0, true
	}
	n, err := strconv.Atoi(tok)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// offsetPage renders the page of items that starts at skip, at most size of them (an empty,
// non-nil slice past the end), and returns the offset the next page starts at, or 0 when this
// page is the last.
func offsetPage[T, V any](items []T, skip, size int, render func(T) V) ([]V, int) {
	if skip >= len(items) {
		return []V{}, 0
	}
	end := min(skip+size, len(items))
	values := make([]V, 0, end-skip)
	for _, item := range items[skip:end] {
		values = append(values, render(item))
	}
	if end == len(items) {
		return values, 0
	}
	return values, end
}

// linkWithQuery is the absolute link to the request's own URL with query parameter name set to
// value, all other parameters kept.
func (w *world) linkWithQuery(r *http.Request, name, value string) string {
	next := *r.URL
	q := next.Query()
	q.Set(name, value)
	next.RawQuery = q.Encode()
	return w.endpoint + next.RequestURI()
}
