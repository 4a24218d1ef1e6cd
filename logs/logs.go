// Package logs tails run logs incrementally: each poll reads only the bytes past what it has,
// with an HTTP range read, keeps a trailing partial line until its newline arrives, and starts
// over when a log shrank (it was replaced). Logs are tracked by name, never by URL, since run
// history mints new SAS URLs on every details call. It never imports Bubble Tea.
package logs

import (
	"bytes"
	"context"
	"fmt"
)

// ReadFunc reads a log from offset to its current end and tells its total size; when nothing
// is new it returns no data and the size. workspace.Client.ReadLog is one.
type ReadFunc func(ctx context.Context, url string, offset int64) (data []byte, total int64, err error)

// MaxLineBytes bounds a line kept while waiting for its newline; a longer one is emitted in
// pieces, so a log without newlines cannot grow memory without bound.
const MaxLineBytes = 64 * 1024

// Tail follows one log. The zero value starts at the beginning of the log.
type Tail struct {
	// Name is the log's name in the run (user_logs/std_log.txt ...).
	Name string

	offset  int64  // bytes of the log consumed so far, partial line included
	partial []byte // the trailing bytes after the last newline
}

// Chunk is what one poll of a log found.
type Chunk struct {
	// Lines are the complete new lines, without their line endings.
	Lines []string
	// Restarted says the log shrank since the last poll (it was replaced, or a job restarted
	// after preemption) and Lines start again from its beginning.
	Restarted bool
	// Size is the log's size at this poll.
	Size int64
}

// Offset is how many bytes of the log the tail has consumed.
func (t *Tail) Offset() int64 { return t.offset }

// Poll reads what the log gained since the last poll through read, using url (the log's
// current SAS URL).
func (t *Tail) Poll(ctx context.Context, read ReadFunc, url string) (Chunk, error) {
	data, total, err := read(ctx, url, t.offset)
	if err != nil {
		return Chunk{}, fmt.Errorf("reading %s: %w", t.Name, err)
	}
	var c Chunk
	if total < t.offset {
		// The log is shorter than what we read: it was replaced. Read it again from 0.
		t.offset, t.partial = 0, nil
		c.Restarted = true
		if data, total, err = read(ctx, url, 0); err != nil {
			return Chunk{}, fmt.Errorf("re-reading %s from the start: %w", t.Name, err)
		}
	}
	c.Size = total
	t.offset += int64(len(data))
	c.Lines = t.split(data)
	return c, nil
}

// Flush returns the trailing partial line, for a log that will not grow any more (the run
// ended): its last line may have no newline.
func (t *Tail) Flush() string {
	rest := string(trimCR(t.partial))
	t.partial = nil
	return rest
}

// split appends data to the partial line and returns the complete lines.
func (t *Tail) split(data []byte) []string {
	buf := append(t.partial, data...)
	var lines []string
	for {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			break
		}
		lines = append(lines, string(trimCR(buf[:i])))
		buf = buf[i+1:]
	}
	for len(buf) > MaxLineBytes {
		lines = append(lines, string(buf[:MaxLineBytes]))
		buf = buf[MaxLineBytes:]
	}
	// Copy what is kept, so the caller's data (and the big buffer) can be freed.
	t.partial = append([]byte(nil), buf...)
	return lines
}

func trimCR(b []byte) []byte { return bytes.TrimSuffix(b, []byte("\r")) }
