// Package replay serves recorded Azure traffic (the Az PowerShell module's test recordings) to
// an azcore pipeline as a policy.Transporter, so tests run the real client against real
// answers and check that it sends the recorded requests in the recorded order.
package replay

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
)

// Entry is one recorded request and its answer.
type Entry struct {
	Key         string // the recording's key: <Cmdlet>+[NoContext]+<test>+$<METHOD>+<URL>+<n>
	Method      string
	URL         *url.URL
	RequestBody []byte // nil when the request had none
	Status      int
	Header      http.Header // Headers and ContentHeaders together
	Body        []byte      // the answer's body, decoded; nil when empty
}

// Recording is one recording file, entries in request order.
type Recording struct {
	Path         string
	Subscription string // the subscription the requests name
	Entries      []Entry
}

type rawMessage struct {
	Method          string              `json:"Method"`
	RequestURI      string              `json:"RequestUri"`
	Content         *string             `json:"Content"`
	IsContentBase64 bool                `json:"isContentBase64"`
	Headers         map[string][]string `json:"Headers"`
	ContentHeaders  map[string][]string `json:"ContentHeaders"`
	StatusCode      int                 `json:"StatusCode"`
}

type rawEntry struct {
	Request  rawMessage `json:"Request"`
	Response rawMessage `json:"Response"`
}

var subscriptionInPath = regexp.MustCompile(`(?i)/subscriptions/([^/?]+)`)

// Load reads a recording file, keeping its entries in file order (the order they were sent).
func Load(path string) (*Recording, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("replay: %s: not a JSON object", path)
	}
	rec := &Recording{Path: path}
	for dec.More() {
		keyTok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("replay: %s: %w", path, err)
		}
		key, _ := keyTok.(string)
		var raw rawEntry
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("replay: %s: entry %q: %w", path, key, err)
		}
		e, err := convert(key, raw)
		if err != nil {
			return nil, fmt.Errorf("replay: %s: entry %q: %w", path, key, err)
		}
		rec.Entries = append(rec.Entries, e)
	}
	if len(rec.Entries) == 0 {
		return nil, fmt.Errorf("replay: %s: no entries", path)
	}
	if m := subscriptionInPath.FindStringSubmatch(rec.Entries[0].URL.Path); m != nil {
		rec.Subscription = m[1]
	}
	return rec, nil
}

func convert(key string, raw rawEntry) (Entry, error) {
	u, err := url.Parse(raw.Request.RequestURI)
	if err != nil {
		return Entry{}, err
	}
	reqBody, err := content(raw.Request)
	if err != nil {
		return Entry{}, fmt.Errorf("request content: %w", err)
	}
	body, err := content(raw.Response)
	if err != nil {
		return Entry{}, fmt.Errorf("response content: %w", err)
	}
	h := http.Header{}
	for k, vs := range raw.Response.Headers {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	for k, vs := range raw.Response.ContentHeaders {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	return Entry{
		Key:         key,
		Method:      raw.Request.Method,
		URL:         u,
		RequestBody: reqBody,
		Status:      raw.Response.StatusCode,
		Header:      h,
		Body:        body,
	}, nil
}

// content decodes a message's Content: a JSON string holding the body (or its base64).
func content(m rawMessage) ([]byte, error) {
	if m.Content == nil || *m.Content == "" {
		return nil, nil
	}
	if m.IsContentBase64 {
		return base64.StdEncoding.DecodeString(*m.Content)
	}
	return []byte(*m.Content), nil
}
