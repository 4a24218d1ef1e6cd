package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// emulatorInfo is the JSON line `amlconsole emulator` prints when ready.
type emulatorInfo struct {
	Endpoint, Subscription, ResourceGroup, Workspace, Location string
	CAFile                                                     string `json:"caFile"`
}

// startEmulatorCommand runs the real binary's emulator subcommand and reads its ready line.
func startEmulatorCommand(t *testing.T, args ...string) (*exec.Cmd, emulatorInfo, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(builtBinary, append([]string{"emulator", "--speed", "50"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("the emulator printed no ready line: %v", lines.Err())
	}
	var info emulatorInfo
	if err := json.Unmarshal(lines.Bytes(), &info); err != nil {
		t.Fatalf("the ready line %q is not JSON: %v", lines.Text(), err)
	}
	return cmd, info, lines
}

// stopAndExpectCleanExit sends sig and checks the emulator exits 0 without printing more.
func stopAndExpectCleanExit(t *testing.T, cmd *exec.Cmd, lines *bufio.Scanner, sig syscall.Signal) {
	t.Helper()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	var extra []string
	for lines.Scan() {
		extra = append(extra, lines.Text())
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("after %v the emulator exited with %v, want status 0", sig, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the emulator did not exit after %v", sig)
	}
	if len(extra) > 0 {
		t.Errorf("stdout must hold exactly one JSON line; it also printed %q", extra)
	}
}

func TestEmulatorCommandPrintsOneReadyLineAndStopsOnSIGTERM(t *testing.T) {
	cmd, info, lines := startEmulatorCommand(t, "--seed", "demo")
	if info.Subscription != "00000000-0000-0000-0000-000000000000" || info.ResourceGroup != "demo-rg" ||
		info.Workspace != "demo-ws" || info.Location != "eastus" || info.CAFile != "" {
		t.Errorf("ready line %+v, want the demo workspace and no caFile without --tls", info)
	}
	if !strings.HasPrefix(info.Endpoint, "http://127.0.0.1:") {
		t.Errorf("endpoint %q, want plain HTTP on loopback", info.Endpoint)
	}
	resp, err := http.Get(info.Endpoint + "/subscriptions/" + info.Subscription + "/resourceGroups/" + info.ResourceGroup +
		"/providers/Microsoft.MachineLearningServices/workspaces/" + info.Workspace + "?api-version=2024-04-01")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a request without a bearer token got %d, want 401 as from ARM", resp.StatusCode)
	}
	stopAndExpectCleanExit(t, cmd, lines, syscall.SIGTERM)
}

func TestEmulatorCommandServesTLSWithItsCA(t *testing.T) {
	cmd, info, lines := startEmulatorCommand(t, "--seed", "empty", "--tls")
	if !strings.HasPrefix(info.Endpoint, "https://") || info.CAFile == "" {
		t.Fatalf("ready line %+v, want an https endpoint and a caFile", info)
	}
	pem, err := os.ReadFile(info.CAFile)
	if err != nil {
		t.Fatalf("caFile: %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("caFile holds no PEM certificate")
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, _ := http.NewRequest(http.MethodGet, info.Endpoint+"/subscriptions/"+info.Subscription+
		"/resourceGroups/"+info.ResourceGroup+"/providers/Microsoft.MachineLearningServices/workspaces/"+
		info.Workspace+"/computes?api-version=2024-04-01", nil)
	req.Header.Set("Authorization", "Bearer test")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("HTTPS with the emulator's CA: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("list computes over HTTPS: %d, want 200", resp.StatusCode)
	}
	stopAndExpectCleanExit(t, cmd, lines, syscall.SIGINT)
}

func TestConsoleRestoresTheTerminalOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: runs the real binary")
	}
	s := startScreen(t, 80, 24, "--emulator")
	s.waitFor(e2eCluster)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// SIGTERM ends the console as quitting does: the emulator and client close, status 0.
	if err := s.wait(); err != nil {
		t.Errorf("after SIGTERM amlconsole exited with %v, want status 0", err)
	}
	if s.term.IsAltScreen() {
		t.Error("the alternate screen is still active after SIGTERM")
	}
	if s.term.CursorHidden() {
		t.Error("the cursor is still hidden after SIGTERM")
	}
	before, after := s.initialModes, termios(t, s.tty)
	if before.Lflag != after.Lflag || before.Iflag != after.Iflag || before.Oflag != after.Oflag {
		t.Errorf("terminal modes not restored after SIGTERM: before %+v, after %+v", before, after)
	}
}
