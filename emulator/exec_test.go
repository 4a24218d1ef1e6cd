package emulator

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/amlconsole/amlconsole/internal/leakcheck"
)

// startGuarded runs command under the guardian script as the emulator does, with the write
// end of the lifeline returned to the test.
func startGuarded(t *testing.T, dir, command string) (*exec.Cmd, *os.File) {
	t.Helper()
	r, lifeline, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command("/bin/sh", "-c", guardScript, "sh", command)
	cmd.Dir = dir
	cmd.ExtraFiles = []*os.File{r}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, lifeline
}

func TestGuardianKillsJobWhenEmulatorDies(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cmd, lifeline := startGuarded(t, dir, `sleep 300 & echo $! > child.pid; wait`)
	var pid int
	jwait(t, "child pid", func() (bool, string) {
		b, err := os.ReadFile(filepath.Join(dir, "child.pid"))
		n, perr := strconv.Atoi(strings.TrimSpace(string(b)))
		pid = n
		return err == nil && perr == nil, string(b)
	})
	lifeline.Close() // what the kernel does when the emulator dies
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		t.Fatal("the guardian did not end the job when its lifeline closed")
	}
	jwait(t, "grandchild gone", func() (bool, string) { return syscall.Kill(pid, 0) == syscall.ESRCH, "still alive" })
}

func TestGuardianPassesExitStatusAndHidesLifeline(t *testing.T) {
	t.Parallel()
	cmd, lifeline := startGuarded(t, t.TempDir(), `if [ -e /proc/self/fd/3 ]; then exit 9; fi; exit 7`)
	defer lifeline.Close()
	err := cmd.Wait()
	if cmd.ProcessState.ExitCode() != 7 {
		t.Errorf("exit status %d (%v), want 7 (9 means the command saw the lifeline)", cmd.ProcessState.ExitCode(), err)
	}
}

func TestMetricFromLog(t *testing.T) {
	t.Parallel()
	log := "Epoch 1/2 - train_loss: 1.5 - val_loss: 1.4\nval_loss=0.75 (final)\nmy_val_loss: 9\n"
	if v := metricFromLog(log, "val_loss"); v == nil || *v != 0.75 {
		t.Errorf("val_loss = %v, want the last value 0.75 (not my_val_loss)", v)
	}
	if v := metricFromLog(log, "accuracy"); v != nil {
		t.Errorf("accuracy = %v, want none", *v)
	}
}

// TestNoGoroutineOutlivesClose runs jobs of every kind and checks that Close leaves no
// goroutine behind. It is not parallel: it counts the whole process's goroutines.
func TestNoGoroutineOutlivesClose(t *testing.T) {
	before := runtime.NumGoroutine()
	srv := startJobEmulator(t, nil)
	jobCluster(t, srv, "cpu", 2, "Dedicated")
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/quick"), commandJob("cpu", "echo done", nil), nil)
	jcall(t, srv, "PUT", jobsURL(srv, "/jobs/forever"), commandJob("cpu", "sleep 300", map[string]any{"resources": map[string]any{"instanceCount": 2}}), nil)
	waitJobStatus(t, srv, "quick", statusCompleted)
	waitJobStatus(t, srv, "forever", statusRunning)
	if err := closeJobEmulator(srv); err != nil {
		t.Fatal(err)
	}
	srv.HTTPClient().CloseIdleConnections()
	leakcheck.Settled(t, before, 10*time.Second)
}
