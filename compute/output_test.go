package compute

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/goccy/go-yaml"
)

// workspaceSummaries is the recorded list plus the cluster right after create, in an order
// that is not by name.
func workspaceSummaries(t *testing.T) []Summary {
	t.Helper()
	var out []Summary
	for _, e := range readRecording(t, "New-AzMLWorkspaceCompute.Recording.json") {
		if e.Method == "PUT" {
			out = append(out, Summarize(decodeCompute(t, []byte(e.RespBody))))
		}
	}
	for _, r := range recordedComputes(t, "Get-AzMLWorkspaceCompute.Recording.json")[:2] {
		out = append(out, Summarize(r))
	}
	return out
}

func TestWriteListTable(t *testing.T) {
	var b bytes.Buffer
	now := time.Date(2025, 11, 4, 12, 0, 0, 0, time.UTC)
	if err := WriteListAt(&b, "table", workspaceSummaries(t), now); err != nil {
		t.Fatal(err)
	}
	want := `NAME           KIND      STATE       VMSIZE           NODES      PRIORITY   IDENTITY        AGE
aml03          Cluster   ↻ Creating  STANDARD_DS3_V2  -/- [0-8]  -          -               2h
batch-cluster  Cluster   ● Steady    STANDARD_DS3_V2  0/0 [0-1]  Dedicated  -               1y
jiajicompute1  Instance  ● Running   STANDARD_DS3_V2  -          -          SystemAssigned  1y
`
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteListJSONIsStable(t *testing.T) {
	var b bytes.Buffer
	if err := WriteList(&b, "json", workspaceSummaries(t)); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	wantKeys := []string{"attached", "computeType", "createdOn", "errorCount", "firstError", "health", "identity",
		"kind", "location", "modifiedOn", "name", "nodes", "priority", "provisioningState", "state", "vmSize"}
	var names []string
	for _, c := range got {
		names = append(names, c["name"].(string))
		var keys []string
		for k := range c {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if !reflect.DeepEqual(keys, wantKeys) {
			t.Errorf("keys of %v: %v", c["name"], keys)
		}
	}
	if !reflect.DeepEqual(names, []string{"aml03", "batch-cluster", "jiajicompute1"}) {
		t.Errorf("order %v", names)
	}
	created := got[0]["nodes"].(map[string]any)
	if created["current"] != nil || created["max"] != 8.0 || created["idle"] != nil {
		t.Errorf("nodes right after create: %v", created)
	}
	if got[1]["nodes"].(map[string]any)["idle"] != 0.0 || got[1]["health"] != "ok" || got[1]["createdOn"] != "2024-07-24T08:34:22.0060469Z" {
		t.Errorf("cluster: %v", got[1])
	}
	if got[2]["nodes"] != nil || got[2]["identity"] != "SystemAssigned" {
		t.Errorf("instance: %v", got[2])
	}

	var again bytes.Buffer
	if err := WriteList(&again, "json", workspaceSummaries(t)); err != nil || again.String() != b.String() {
		t.Error("two runs differ")
	}
	var empty bytes.Buffer
	if err := WriteList(&empty, "json", nil); err != nil || empty.String() != "[]\n" {
		t.Errorf("empty list: %q %v", empty.String(), err)
	}
}

func TestWriteListYAMLMatchesJSON(t *testing.T) {
	var j, y bytes.Buffer
	items := workspaceSummaries(t)
	if err := WriteList(&j, "json", items); err != nil {
		t.Fatal(err)
	}
	if err := WriteList(&y, "yaml", items); err != nil {
		t.Fatal(err)
	}
	var fromJSON, fromYAML any
	if err := json.Unmarshal(j.Bytes(), &fromJSON); err != nil {
		t.Fatal(err)
	}
	asJSON, err := yaml.YAMLToJSON(y.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, y.String())
	}
	if err := json.Unmarshal(asJSON, &fromYAML); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromJSON, fromYAML) {
		t.Errorf("YAML differs from JSON:\n%s", y.String())
	}
	if !strings.HasPrefix(y.String(), "- name: aml03\n") {
		t.Errorf("YAML does not keep the documented key order:\n%s", y.String())
	}
}

func TestUnknownFormat(t *testing.T) {
	r := recordedComputes(t, "Get-AzMLWorkspaceCompute.Recording.json")[0]
	for name, write := range map[string]func(string) error{
		"list":  func(f string) error { return WriteList(&bytes.Buffer{}, f, nil) },
		"show":  func(f string) error { return WriteShow(&bytes.Buffer{}, f, r) },
		"nodes": func(f string) error { return WriteNodes(&bytes.Buffer{}, f, nil) },
	} {
		err := write("xml")
		if err == nil || !strings.Contains(err.Error(), "-o") || !strings.Contains(err.Error(), "table, json, yaml") ||
			!strings.Contains(err.Error(), `"xml"`) {
			t.Errorf("%s: %v", name, err)
		}
		if err := write(""); err != nil {
			t.Errorf("%s: default format refused: %v", name, err)
		}
	}
}

func TestWriteShow(t *testing.T) {
	r := failedCluster(t)
	var table bytes.Buffer
	if err := WriteShow(&table, "table", r); err != nil {
		t.Fatal(err)
	}
	out := table.String()
	for _, want := range []string{
		"Error 1 of 3\n  Source           provisioningErrors\n  Code             ClusterMinNodesExceedCoreQuota\n",
		"  Message          Operation results in exceeding quota limits of Core. Maximum allowed: 0, Current in use: 0, Additional requested: 4.\n                     Please see https://aka.ms/amlquota.\n",
		"  Detail 1.1       Inner: innermost\n",
		"\nGeneral\n  Name ",
		"  Max nodes  8\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasPrefix(out, "Error 1 of 3\n") {
		t.Errorf("errors are not first:\n%s", out)
	}

	var j bytes.Buffer
	if err := WriteShow(&j, "json", decodeCompute(t, []byte(vmAttach))); err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := json.Unmarshal(j.Bytes(), &tree); err != nil {
		t.Fatal(err)
	}
	acct := tree["properties"].(map[string]any)["properties"].(map[string]any)["administratorAccount"].(map[string]any)
	if acct["password"] != Redacted || acct["privateKeyData"] != Redacted || acct["username"] != "azureuser" {
		t.Errorf("json account: %v", acct)
	}
	assertNoSecrets(t, j.String())

	var y bytes.Buffer
	if err := WriteShow(&y, "yaml", decodeCompute(t, []byte(databricksAttach))); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(y.String(), "name: dbx\n") || !strings.Contains(y.String(), `databricksAccessToken: "***"`) {
		t.Errorf("yaml:\n%s", y.String())
	}
	if err := WriteShow(&y, "table", nil); err == nil {
		t.Error("nil resource accepted")
	}
}

func exampleNodes(t *testing.T) []*armmachinelearning.AmlComputeNodeInformation {
	t.Helper()
	var info armmachinelearning.AmlComputeNodesInformation
	if err := json.Unmarshal(readExample(t, "Compute/listNodes.json").Responses["200"].Body, &info); err != nil {
		t.Fatal(err)
	}
	return info.Nodes
}

func TestNodeRows(t *testing.T) {
	nodes := exampleNodes(t)
	rows := NodeRows(append([]*armmachinelearning.AmlComputeNodeInformation{nil, {}}, nodes...))
	want := []NodeRow{
		{},
		{ID: "tvm-3601533753_1-20170719t162906z", State: "running", Health: HealthOK, PrivateIP: "13.84.190.124",
			PublicIP: "13.84.190.134", Port: 50000, RunID: "2f378a44-38f2-443a-9f0d-9909d0b47890"},
		{ID: "tvm-3601533753_2-20170719t162906z", State: "idle", Health: HealthOK, PrivateIP: "13.84.190.124",
			PublicIP: "13.84.190.134", Port: 50001},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows\n got %+v\nwant %+v", rows, want)
	}
	if got := NodeRows(nil); got == nil || len(got) != 0 {
		t.Errorf("NodeRows(nil) = %#v", got)
	}
	for state, h := range map[string]Health{"preparing": HealthTransitional, "leaving": HealthTransitional,
		"unusable": HealthFailed, "preempted": HealthFailed, "Idle": HealthOK, "": HealthUnknown} {
		if NodeHealth(state) != h {
			t.Errorf("NodeHealth(%q) = %v", state, NodeHealth(state))
		}
	}
}

func TestWriteNodes(t *testing.T) {
	rows := NodeRows(exampleNodes(t))
	var b bytes.Buffer
	if err := WriteNodes(&b, "table", append(rows, NodeRow{ID: "a-node"})); err != nil {
		t.Fatal(err)
	}
	want := `ID                                 STATE      PRIVATE-IP     PUBLIC-IP      PORT   RUN-ID
a-node                             ? -        -              -              -      -
tvm-3601533753_1-20170719t162906z  ● running  13.84.190.124  13.84.190.134  50000  2f378a44-38f2-443a-9f0d-9909d0b47890
tvm-3601533753_2-20170719t162906z  ● idle     13.84.190.124  13.84.190.134  50001  -
`
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if err := WriteNodes(&b, "json", rows); err != nil {
		t.Fatal(err)
	}
	var got []NodeJSON
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || *got[0].Port != 50000 || got[1].RunID != "" || got[0].Health != "ok" ||
		!strings.Contains(b.String(), `"privateIpAddress": "13.84.190.124"`) {
		t.Errorf("json: %s", b.String())
	}
	b.Reset()
	if err := WriteNodes(&b, "yaml", []NodeRow{{ID: "n"}}); err != nil || !strings.Contains(b.String(), "port: null") {
		t.Errorf("yaml: %v\n%s", err, b.String())
	}
}
