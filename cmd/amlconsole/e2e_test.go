package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// builtBinary is the amlconsole binary the end-to-end tests run, built once by TestMain.
var builtBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "amlconsole-e2e-")
	if err != nil {
		panic(err)
	}
	builtBinary = filepath.Join(dir, "amlconsole")
	build := exec.Command("go", "build", "-o", builtBinary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		panic("building amlconsole for the end-to-end tests: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// screen is the real binary running in a pseudo-terminal, read through a virtual terminal.
type screen struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptm  *os.File // master side: what the test writes keys to and reads output from
	tty  *os.File // slave side: the program's terminal, kept open to inspect its modes
	term *lockedTerminal
	done chan error
	// initialModes are the terminal's modes before the program started, to check it restores them.
	initialModes *unix.Termios
}

func startScreen(t *testing.T, width, height int, args ...string) *screen {
	t.Helper()
	ptm, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("opening a pty: %v", err)
	}
	if err := pty.Setsize(ptm, &pty.Winsize{Cols: uint16(width), Rows: uint16(height)}); err != nil {
		t.Fatalf("sizing the pty: %v", err)
	}
	cmd := exec.Command(builtBinary, args...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "HOME="+t.TempDir())
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &unix.SysProcAttr{Setsid: true, Setctty: true}
	s := &screen{t: t, cmd: cmd, ptm: ptm, tty: tty, term: &lockedTerminal{Emulator: vt.NewEmulator(width, height)}, done: make(chan error, 1),
		initialModes: termios(t, tty)}
	// The program writes only changed cells, and bare line feeds; make LF act as CR+LF.
	s.term.Write([]byte("\x1b[20h"))
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting amlconsole: %v", err)
	}
	go func() { s.done <- cmd.Wait() }()
	go io.Copy(s.term, ptm)
	// Answer the program's terminal queries (colours, device attributes) as a terminal would.
	go io.Copy(ptm, s.term)
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-s.done
		}
		ptm.Close()
		tty.Close()
	})
	return s
}

func (s *screen) text() string { return s.term.String() }

// lockedTerminal serialises the output copier's writes with the test's reads of the screen:
// vt's SafeEmulator does not guard String.
type lockedTerminal struct {
	mu sync.Mutex
	*vt.Emulator
}

func (l *lockedTerminal) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.Emulator.Write(p)
}

func (l *lockedTerminal) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.Emulator.String()
}

func (l *lockedTerminal) IsAltScreen() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.Emulator.IsAltScreen()
}

func (l *lockedTerminal) CursorHidden() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.Emulator.CursorHidden()
}

// waitFor polls the screen until every want appears, failing with the screen when it doesn't.
func (s *screen) waitFor(want ...string) {
	s.t.Helper()
	s.waitUntil(func(text string) (string, bool) {
		for _, w := range want {
			if !strings.Contains(text, w) {
				return fmt.Sprintf("screen never showed %q", w), false
			}
		}
		return "", true
	})
}

// waitForGone polls the screen until none of gone appears.
func (s *screen) waitForGone(gone ...string) {
	s.t.Helper()
	s.waitUntil(func(text string) (string, bool) {
		for _, g := range gone {
			if strings.Contains(text, g) {
				return fmt.Sprintf("screen still shows %q", g), false
			}
		}
		return "", true
	})
}

// waitUntil polls the screen until ok holds, failing with why and the screen after 30 s.
func (s *screen) waitUntil(ok func(text string) (why string, done bool)) {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		text := s.text()
		why, done := ok(text)
		if done {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s; it shows:\n%s", why, text)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *screen) typeKeys(keys string) {
	s.t.Helper()
	if _, err := s.ptm.Write([]byte(keys)); err != nil {
		s.t.Fatalf("typing %q: %v", keys, err)
	}
}

// wait returns the program's exit error once it has ended.
func (s *screen) wait() error {
	s.t.Helper()
	select {
	case err := <-s.done:
		return err
	case <-time.After(30 * time.Second):
		s.t.Fatalf("amlconsole did not exit; screen:\n%s", s.text())
		return nil
	}
}

func termios(t *testing.T, f *os.File) *unix.Termios {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatalf("reading terminal modes: %v", err)
	}
	return tio
}

func TestConsoleEndToEndOnEmulator(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: runs the real binary")
	}
	s := startScreen(t, 120, 40, "--emulator")

	s.waitFor(e2eCluster, e2eGPUCluster, e2eAttachedVM)
	s.typeKeys("/" + e2eGPUFilter)
	s.typeKeys("\r")
	s.waitForGone(e2eCluster)
	s.waitFor(e2eGPUCluster)

	s.typeKeys("\r")
	s.waitFor(e2eDetailsMarker)
	s.typeKeys("y")
	s.waitFor("computeType:")
	// Each esc is followed by a wait for its effect: an esc with another key right behind it
	// reads as alt+key, as in any terminal.
	s.typeKeys("\x1b")
	s.waitForGone("computeType:")
	s.waitFor(e2eDetailsMarker)
	s.typeKeys("\x1b")
	s.waitForGone(e2eDetailsMarker)
	s.waitFor(e2eGPUCluster)
	s.typeKeys("q")

	if err := s.wait(); err != nil {
		t.Fatalf("amlconsole exited with %v; screen:\n%s", err, s.text())
	}
	if s.term.IsAltScreen() {
		t.Error("the alternate screen is still active after exit")
	}
	if s.term.CursorHidden() {
		t.Error("the cursor is still hidden after exit")
	}
	before, after := s.initialModes, termios(t, s.tty)
	if before.Lflag != after.Lflag || before.Iflag != after.Iflag || before.Oflag != after.Oflag {
		t.Errorf("terminal modes not restored: before %+v, after %+v", before, after)
	}
}

// Names from the emulator's demo seed that the end-to-end tests look for.
const (
	e2eCluster       = "cpu-cluster"
	e2eGPUCluster    = "gpu-cluster"
	e2eAttachedVM    = "dsvm"
	e2eGPUFilter     = "gpu-cl"
	e2eDetailsMarker = "Scale settings"
)
