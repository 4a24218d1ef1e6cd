package logs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// blob is a log in storage, read with blob range semantics: bytes from offset to the end,
// nothing and the size at or past the end.
type blob struct {
	data  []byte
	reads []int64 // offsets asked for
	err   error
}

func (b *blob) read(_ context.Context, _ string, offset int64) ([]byte, int64, error) {
	b.reads = append(b.reads, offset)
	if b.err != nil {
		return nil, 0, b.err
	}
	size := int64(len(b.data))
	if offset >= size {
		return nil, size, nil
	}
	return append([]byte(nil), b.data[offset:]...), size, nil
}

func TestPollReadsOnlyNewBytesAndKeepsPartialLines(t *testing.T) {
	b := &blob{data: []byte("epoch 1\nepoch 2\nepo")}
	tail := &Tail{Name: "user_logs/std_log.txt"}
	c, err := tail.Poll(context.Background(), b.read, "url-1")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Lines, "|"); got != "epoch 1|epoch 2" {
		t.Errorf("first poll lines %q", got)
	}
	b.data = append(b.data, []byte("ch 3\r\nepoch 4\n")...)
	c, _ = tail.Poll(context.Background(), b.read, "url-2")
	if got := strings.Join(c.Lines, "|"); got != "epoch 3|epoch 4" {
		t.Errorf("second poll lines %q: the partial line must join its rest, CRLF trimmed", got)
	}
	c, _ = tail.Poll(context.Background(), b.read, "url-3")
	if len(c.Lines) != 0 || c.Size != int64(len(b.data)) {
		t.Errorf("a poll with nothing new gave %q, size %d", c.Lines, c.Size)
	}
	if want := []int64{0, 19, 33}; fmt.Sprint(b.reads) != fmt.Sprint(want) {
		t.Errorf("read offsets %v, want %v: each poll starts where the last ended", b.reads, want)
	}
}

func TestPollStartsOverWhenTheLogShrank(t *testing.T) {
	b := &blob{data: []byte("attempt 1: epoch 1\nattempt 1: epoch 2\n")}
	tail := &Tail{}
	tail.Poll(context.Background(), b.read, "u")
	b.data = []byte("attempt 2: epoch 1\n") // the job restarted after preemption
	c, err := tail.Poll(context.Background(), b.read, "u")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Restarted || strings.Join(c.Lines, "|") != "attempt 2: epoch 1" || tail.Offset() != int64(len(b.data)) {
		t.Errorf("after a shrink: %+v offset %d; want the new log from its start", c, tail.Offset())
	}
}

func TestFlushReturnsTheLastLineWithoutNewline(t *testing.T) {
	b := &blob{data: []byte("done\nexit code 0")}
	tail := &Tail{}
	tail.Poll(context.Background(), b.read, "u")
	if got := tail.Flush(); got != "exit code 0" {
		t.Errorf("Flush = %q", got)
	}
	if got := tail.Flush(); got != "" {
		t.Errorf("second Flush = %q, want nothing", got)
	}
}

func TestLongLineWithoutNewlineIsEmittedInPieces(t *testing.T) {
	b := &blob{data: []byte(strings.Repeat("x", 2*MaxLineBytes+10))}
	tail := &Tail{}
	c, _ := tail.Poll(context.Background(), b.read, "u")
	if len(c.Lines) != 2 || len(c.Lines[0]) != MaxLineBytes || len(tail.partial) != 10 {
		t.Errorf("got %d pieces, %d bytes kept; want 2 pieces of MaxLineBytes and 10 kept", len(c.Lines), len(tail.partial))
	}
}

func TestPollErrorNamesTheLog(t *testing.T) {
	b := &blob{err: errors.New("403 AuthenticationFailed")}
	_, err := (&Tail{Name: "user_logs/std_log_process_3.txt"}).Poll(context.Background(), b.read, "u")
	if err == nil || !strings.Contains(err.Error(), "std_log_process_3.txt") || !strings.Contains(err.Error(), "403") {
		t.Errorf("error %v: want the log's name and the cause", err)
	}
}

func TestSortPutsUserLogsFirstAndRanksNumerically(t *testing.T) {
	names := []string{
		"system_logs/lifecycler/execution-wrapper.log",
		"user_logs/std_log_process_10.txt",
		"azureml-logs/hyperdrive.txt",
		"user_logs/std_log_process_2.txt",
		"user_logs/std_log_process_0.txt",
		"user_logs/mpi_log.txt",
	}
	Sort(names)
	want := []string{
		"user_logs/mpi_log.txt",
		"user_logs/std_log_process_0.txt",
		"user_logs/std_log_process_2.txt",
		"user_logs/std_log_process_10.txt",
		"azureml-logs/hyperdrive.txt",
		"system_logs/lifecycler/execution-wrapper.log",
	}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("sorted\n%v\nwant\n%v", names, want)
	}
	if r, ok := Rank("user_logs/std_log_process_10.txt"); !ok || r != 10 {
		t.Errorf("Rank = %d, %v", r, ok)
	}
	if _, ok := Rank("system_logs/cs_capability/cs-capability_0.txt"); ok {
		t.Error("a system log has no rank")
	}
}
