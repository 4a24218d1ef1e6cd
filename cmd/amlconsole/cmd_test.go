package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// runCLI runs the command line in process and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("HOME", t.TempDir()) // no Azure CLI defaults from the machine running the tests
	t.Chdir(t.TempDir())          // no config.json from the checkout
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestVersionPrintsVersionCommitAndDate(t *testing.T) {
	code, out, _ := runCLI(t, "--version")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"amlconsole ", "commit ", "built "} {
		if !strings.Contains(out, want) {
			t.Errorf("--version output %q lacks %q", out, want)
		}
	}
}

func TestComputesListJSONOnEmulator(t *testing.T) {
	code, out, errOut := runCLI(t, "--emulator", "computes", "list", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, out)
	}
	if len(items) < 8 {
		t.Fatalf("want the demo seed's computes (at least 8), got %d:\n%s", len(items), out)
	}
	names := map[string]bool{}
	for _, it := range items {
		name, _ := it["name"].(string)
		names[name] = true
	}
	for _, want := range []string{e2eCluster, e2eGPUCluster, e2eAttachedVM} {
		if !names[want] {
			t.Errorf("list lacks %q: %v", want, names)
		}
	}
}

func TestComputesShowUnknownNameFailsClearly(t *testing.T) {
	code, _, errOut := runCLI(t, "--emulator", "computes", "show", "no-such-compute")
	if code == 0 {
		t.Fatal("want a non-zero exit for an unknown compute")
	}
	if !strings.Contains(errOut, "no-such-compute") {
		t.Errorf("error should name the compute: %q", errOut)
	}
}

func TestComputesRejectsUnknownOutputFormat(t *testing.T) {
	code, _, errOut := runCLI(t, "--emulator", "computes", "list", "-o", "xml")
	if code == 0 {
		t.Fatal("want a non-zero exit for -o xml")
	}
	if !strings.Contains(errOut, "xml") || !strings.Contains(errOut, "json") {
		t.Errorf("error should name the bad value and the allowed ones: %q", errOut)
	}
}

func TestConfigShowsEachValueWithItsSource(t *testing.T) {
	code, out, errOut := runCLI(t, "config", "--subscription", "11111111-2222-3333-4444-555555555555",
		"-g", "rg-from-flag", "-w", "ws-from-flag")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"11111111-2222-3333-4444-555555555555", "rg-from-flag", "ws-from-flag", "--resource-group"} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
}

func TestMissingWorkspaceListsEveryWayToSetIt(t *testing.T) {
	t.Setenv("AZURE_SUBSCRIPTION_ID", "")
	t.Setenv("AZURE_RESOURCE_GROUP", "")
	t.Setenv("AZUREML_WORKSPACE_NAME", "")
	code, _, errOut := runCLI(t, "computes", "list")
	if code == 0 {
		t.Fatal("want a non-zero exit without a workspace")
	}
	for _, want := range []string{"--workspace", "AZUREML_WORKSPACE_NAME", "config.json"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("error lacks %q: %s", want, errOut)
		}
	}
}
