package emulator

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Log blobs: run details hand out log URLs shaped like Azure Blob SAS URLs
// ({endpoint}/blobs/azureml/ExperimentRun/dcid.{run}/{log}?sv=...&se=...&sig=...), and this
// file serves them with Blob semantics: Range and x-ms-range reads (206, Content-Range), 416
// InvalidRange with the current size for a start at or past the end, 403 AuthenticationFailed
// for an expired or forged signature, 404 BlobNotFound. The signature is an HMAC over the path
// and the expiry with a secret drawn at server start; it is never logged.

const (
	blobContainer  = "azureml"
	sasVersion     = "2019-07-07"
	logURLLifetime = time.Hour
)

// logSigner mints and checks log URL signatures.
type logSigner struct {
	secret []byte
	now    func() time.Time
}

func newLogSigner() *logSigner {
	secret := make([]byte, 32)
	_, _ = rand.Read(secret) // crypto/rand.Read never fails (it crashes the program instead)
	return &logSigner{secret: secret, now: time.Now}
}

// signature is the HMAC of path and expiry, base64 as SAS signatures are.
func (s *logSigner) signature(path, expiry string) string {
	mac := hmac.New(sha256.New, s.secret)
	mac.Write([]byte(path + "\n" + expiry))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// sasTimeFormat is ISO 8601 with the seven fractional digits Azure Storage accepts: with them
// every minted URL differs, even two minted within one second, so clients that track logs by
// URL instead of by name fail in tests as they would against the service.
const sasTimeFormat = "2006-01-02T15:04:05.0000000Z"

// query is the SAS query of a URL for path expiring at expiry.
func (s *logSigner) query(path string, expiry time.Time) string {
	st := s.now().UTC().Add(-5 * time.Minute).Format(time.RFC3339)
	se := expiry.UTC().Format(sasTimeFormat)
	v := url.Values{"sv": {sasVersion}, "sr": {"b"}, "sp": {"r"}, "st": {st}, "se": {se}, "sig": {s.signature(path, se)}}
	return v.Encode()
}

// blobPath is the path of a job's log.
func blobPath(run, logName string) string {
	return blobPathPrefix + blobContainer + "/ExperimentRun/dcid." + run + "/" + logName
}

// logURL is a fresh signed URL of a job's log.
func (jr *jobRoutes) logURL(run, logName string) string {
	p := blobPath(run, logName)
	u := url.URL{Path: p}
	return jr.w.endpoint + u.EscapedPath() + "?" + jr.signer.query(p, jr.signer.now().Add(logURLLifetime))
}

// check verifies a request's SAS; it returns the AuthenticationErrorDetail when it fails.
func (s *logSigner) check(path string, q url.Values) (detail string, ok bool) {
	sig, se := q.Get("sig"), q.Get("se")
	if sig == "" || se == "" {
		return "The request carries no shared access signature (sig and se are required).", false
	}
	expiry, err := time.Parse(time.RFC3339, se)
	if err != nil {
		return "Signature fields not well formed: se is not an ISO-8601 UTC time.", false
	}
	if !hmac.Equal([]byte(sig), []byte(s.signature(path, se))) {
		return "Signature did not match. String to sign used was r\n" + se + "\n/blob/emulator" + path, false
	}
	if now := s.now(); !now.Before(expiry) {
		return fmt.Sprintf("Signed expiry time [%s] must be after signed start time and the current time [%s]", expiry.UTC().Format(http.TimeFormat), now.UTC().Format(http.TimeFormat)), false
	}
	return "", true
}

// serveBlob answers GET and HEAD of a log URL.
func (jr *jobRoutes) serveBlob(w http.ResponseWriter, r *http.Request) {
	if detail, ok := jr.signer.check(r.URL.Path, r.URL.Query()); !ok {
		writeBlobError(w, http.StatusForbidden, "AuthenticationFailed",
			"Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.", detail)
		return
	}
	rest, _ := strings.CutPrefix(r.URL.Path, blobPathPrefix+blobContainer+"/ExperimentRun/dcid.")
	run, logName, found := strings.Cut(rest, "/")
	path := ""
	if found {
		jr.w.mu.Lock()
		if j := jr.w.job(run); j != nil {
			path, found = jr.w.logPath(j, logName)
		}
		jr.w.mu.Unlock()
	}
	if path == "" || !found {
		writeBlobError(w, http.StatusNotFound, "BlobNotFound", "The specified blob does not exist.", "")
		return
	}
	f, err := os.Open(path)
	if err != nil {
		writeBlobError(w, http.StatusNotFound, "BlobNotFound", "The specified blob does not exist.", "")
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.IsDir() {
		writeBlobError(w, http.StatusNotFound, "BlobNotFound", "The specified blob does not exist.", "")
		return
	}
	size := info.Size()
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Last-Modified", info.ModTime().UTC().Format(http.TimeFormat))
	h.Set("ETag", fmt.Sprintf(`"0x%X%X"`, info.ModTime().UnixNano(), size))
	h.Set("Accept-Ranges", "bytes")
	h.Set("x-ms-blob-type", "AppendBlob")
	h.Set("x-ms-version", sasVersion)
	h.Set("x-ms-blob-committed-block-count", strconv.FormatInt(size/4096+1, 10))

	spec, fromMS := r.Header.Get("x-ms-range"), true
	if spec == "" {
		spec, fromMS = r.Header.Get("Range"), false
	}
	if spec == "" {
		h.Set("Content-Length", strconv.FormatInt(size, 10))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			_, _ = io.CopyN(w, f, size)
		}
		return
	}
	start, end, ok := parseByteRange(spec)
	if !ok {
		if fromMS {
			writeBlobError(w, http.StatusBadRequest, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.", "x-ms-range: "+spec)
			return
		}
		// An unparseable Range header is ignored, as HTTP allows: the whole blob.
		h.Set("Content-Length", strconv.FormatInt(size, 10))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			_, _ = io.CopyN(w, f, size)
		}
		return
	}
	if start < 0 { // suffix range: the last -start bytes
		start, end = max(size+start, 0), size-1
	}
	if start >= size {
		h.Set("Content-Range", fmt.Sprintf("bytes */%d", size))
		writeBlobError(w, http.StatusRequestedRangeNotSatisfiable, "InvalidRange", "The range specified is invalid for the current size of the resource.", "")
		return
	}
	if end < 0 || end >= size {
		end = size - 1
	}
	n := end - start + 1
	h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end, size))
	h.Set("Content-Length", strconv.FormatInt(n, 10))
	w.WriteHeader(http.StatusPartialContent)
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, io.NewSectionReader(f, start, n))
	}
}

// parseByteRange parses "bytes=a-b", "bytes=a-" (end -1) and "bytes=-n" (start -n, a suffix).
func parseByteRange(spec string) (start, end int64, ok bool) {
	v, found := strings.CutPrefix(strings.TrimSpace(spec), "bytes=")
	if !found || strings.Contains(v, ",") {
		return 0, 0, false
	}
	a, b, found := strings.Cut(v, "-")
	if !found {
		return 0, 0, false
	}
	if a == "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, false
		}
		return -n, -1, true
	}
	start, err := strconv.ParseInt(a, 10, 64)
	if err != nil || start < 0 {
		return 0, 0, false
	}
	if b == "" {
		return start, -1, true
	}
	end, err = strconv.ParseInt(b, 10, 64)
	if err != nil || end < start {
		return 0, 0, false
	}
	return start, end, true
}

// writeBlobError answers with Azure Storage's XML error body.
func writeBlobError(w http.ResponseWriter, status int, code, message, detail string) {
	reqID := fmt.Sprintf("%x", time.Now().UnixNano())
	body := `<?xml version="1.0" encoding="utf-8"?><Error><Code>` + code + `</Code><Message>` + xmlEscape(message) +
		"\nRequestId:" + reqID + "\nTime:" + time.Now().UTC().Format("2006-01-02T15:04:05.0000000Z") + `</Message>`
	if detail != "" {
		body += `<AuthenticationErrorDetail>` + xmlEscape(detail) + `</AuthenticationErrorDetail>`
	}
	body += `</Error>`
	h := w.Header()
	h.Set("Content-Type", "application/xml")
	h.Set("x-ms-error-code", code)
	h.Set("x-ms-request-id", reqID)
	h.Set("x-ms-version", sasVersion)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}
