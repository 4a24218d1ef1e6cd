package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestValidationErrors: bad requests fail like the service, naming the field and the rule.
func TestValidationErrors(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty", Speed: 200})
	mustCreate(t, s, "existing-ci", `{"properties":{"computeType":"ComputeInstance","properties":{"vmSize":"Standard_DS3_v2"}}}`)
	mustCreate(t, s, "existing-cluster", `{"properties":{"computeType":"AmlCompute","properties":{"vmSize":"Standard_DS3_v2","remoteLoginPortPublicAccess":"Disabled","scaleSettings":{"maxNodeCount":2}}}}`)
	rg := "/subscriptions/" + s.Info().Subscription + "/resourceGroups/" + s.Info().ResourceGroup + "/providers/"
	cluster := func(inner string) string {
		return `{"properties":{"computeType":"AmlCompute","properties":{` + inner + `}}}`
	}
	for _, tc := range []struct {
		name, body string
		status     int
		target     string // the field the error names
		words      string // part of the message
	}{
		{"cpu-cluster-1", cluster(`"scaleSettings":{"maxNodeCount":1}`), 400, "computeName", "followed only by digits"},
		{"ab", cluster(`"scaleSettings":{"maxNodeCount":1}`), 400, "computeName", "between 3 and 24"},
		{"this-name-is-far-too-long-x", cluster(`"scaleSettings":{"maxNodeCount":1}`), 400, "computeName", "between 3 and 24"},
		{"1cluster", cluster(`"scaleSettings":{"maxNodeCount":1}`), 400, "computeName", "start with a letter"},
		{"bad_name", cluster(`"scaleSettings":{"maxNodeCount":1}`), 400, "computeName", "letters, digits and '-'"},
		{"no-type", `{"properties":{"properties":{}}}`, 400, "properties.computeType", "required"},
		{"batch-type", `{"properties":{"computeType":"BatchAI"}}`, 400, "properties.computeType", "not supported"},
		{"bad-size", cluster(`"vmSize":"Standard_Nope_v9","scaleSettings":{"maxNodeCount":1}`), 400, "properties.properties.vmSize", "not available in location"},
		{"lower-size", cluster(`"vmSize":"standard_ds3_v2","scaleSettings":{"maxNodeCount":1}`), 201, "", ""},
		{"min-max", cluster(`"scaleSettings":{"minNodeCount":3,"maxNodeCount":2}`), 400, "properties.properties.scaleSettings.minNodeCount", "greater than maxNodeCount"},
		{"no-max", cluster(`"scaleSettings":{"minNodeCount":0}`), 400, "properties.properties.scaleSettings.maxNodeCount", "required"},
		{"bad-idle", cluster(`"scaleSettings":{"maxNodeCount":1,"nodeIdleTimeBeforeScaleDown":"2 minutes"}`), 400, "properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown", "ISO-8601"},
		{"bad-priority", cluster(`"vmPriority":"Spot","scaleSettings":{"maxNodeCount":1}`), 400, "properties.properties.vmPriority", "Dedicated or LowPriority"},
		{"no-lowpri", cluster(`"vmSize":"Standard_NC64as_T4_v3","vmPriority":"LowPriority","scaleSettings":{"maxNodeCount":1}`), 400, "properties.properties.vmPriority", "cannot run as LowPriority"},
		{"creds-no-user", cluster(`"scaleSettings":{"maxNodeCount":1},"userAccountCredentials":{"adminUserPassword":"x"}`), 400, "properties.properties.userAccountCredentials.adminUserName", "required"},
		{"both-ids", `{"identity":{"type":"SystemAssigned,UserAssigned","userAssignedIdentities":{"` + rg + `Microsoft.ManagedIdentity/userAssignedIdentities/id1":{}}},"properties":{"computeType":"AmlCompute","properties":{"scaleSettings":{"maxNodeCount":1}}}}`, 400, "identity.type", "not both"},
		{"uai-wrong-type", `{"identity":{"type":"SystemAssigned","userAssignedIdentities":{"` + rg + `Microsoft.ManagedIdentity/userAssignedIdentities/id1":{}}},"properties":{"computeType":"AmlCompute","properties":{"scaleSettings":{"maxNodeCount":1}}}}`, 400, "identity.userAssignedIdentities", "only be given when identity.type includes UserAssigned"},
		{"uai-bad-id", `{"identity":{"type":"UserAssigned","userAssignedIdentities":{"/subscriptions/x/id1":{}}},"properties":{"computeType":"AmlCompute","properties":{"scaleSettings":{"maxNodeCount":1}}}}`, 400, "identity.userAssignedIdentities", "not the id of a user-assigned identity"},
		{"uai-ok", `{"identity":{"type":"UserAssigned","userAssignedIdentities":{"` + rg + `Microsoft.ManagedIdentity/userAssignedIdentities/id1":{}}},"properties":{"computeType":"AmlCompute","properties":{"scaleSettings":{"maxNodeCount":1}}}}`, 201, "", ""},
		{"ci-scale", `{"properties":{"computeType":"ComputeInstance","properties":{"vmSize":"Standard_DS3_v2","scaleSettings":{"maxNodeCount":1}}}}`, 400, "properties.properties.scaleSettings", "does not belong to compute type ComputeInstance"},
		{"ci-foreign", `{"properties":{"computeType":"ComputeInstance","properties":{"vmSize":"Standard_DS3_v2","vmPriority":"LowPriority"}}}`, 400, "properties.properties.vmPriority", "does not belong to compute type ComputeInstance"},
		{"ci-idle-short", `{"properties":{"computeType":"ComputeInstance","properties":{"vmSize":"Standard_DS3_v2","idleTimeBeforeShutdown":"PT10M"}}}`, 400, "properties.properties.idleTimeBeforeShutdown", "between PT15M and P3D"},
		{"ci-idle-long", `{"properties":{"computeType":"ComputeInstance","properties":{"vmSize":"Standard_DS3_v2","idleTimeBeforeShutdown":"P4D"}}}`, 400, "properties.properties.idleTimeBeforeShutdown", "between PT15M and P3D"},
		{"ci-ssh-no-key", `{"properties":{"computeType":"ComputeInstance","properties":{"vmSize":"Standard_DS3_v2","sshSettings":{"sshPublicAccess":"Enabled"}}}}`, 400, "properties.properties.sshSettings.adminPublicKey", "required"},
		{"ci-cluster-only", `{"properties":{"computeType":"ComputeInstance","properties":{"vmSize":"Standard_D1_v2"}}}`, 400, "properties.properties.vmSize", "clusters only"},
		{"existing-ci", `{"properties":{"computeType":"ComputeInstance","properties":{"vmSize":"Standard_DS3_v2"}}}`, 409, "", "cannot be changed with PUT"},
		{"existing-ci", cluster(`"scaleSettings":{"maxNodeCount":1}`), 409, "", "computeType cannot change"},
		{"existing-cluster", cluster(`"vmSize":"Standard_DS4_v2","scaleSettings":{"maxNodeCount":2}`), 400, "properties.properties.vmSize", "cannot change after a cluster is created"},
		{"existing-cluster", cluster(`"remoteLoginPortPublicAccess":"Enabled","scaleSettings":{"maxNodeCount":2}`), 400, "properties.properties.remoteLoginPortPublicAccess", "cannot change"},
		{"existing-cluster", cluster(`"userAccountCredentials":{"adminUserName":"ops","adminUserPassword":"x"},"scaleSettings":{"maxNodeCount":2}`), 400, "properties.properties.userAccountCredentials", "cannot change"},
		{"vm-wrong-provider", `{"properties":{"computeType":"VirtualMachine","resourceId":"` + rg + `Microsoft.HDInsight/clusters/h1","properties":{"administratorAccount":{"username":"u","password":"p"}}}}`, 400, "properties.resourceId", "names a Microsoft.HDInsight/clusters resource"},
		{"vm-bad-shape", `{"properties":{"computeType":"VirtualMachine","resourceId":"vm1","properties":{"administratorAccount":{"username":"u","password":"p"}}}}`, 400, "properties.resourceId", "not an ARM resource id"},
		{"vm-no-id", `{"properties":{"computeType":"VirtualMachine","properties":{"administratorAccount":{"username":"u","password":"p"}}}}`, 400, "properties.resourceId", "required"},
		{"vm-no-user", `{"properties":{"computeType":"VirtualMachine","resourceId":"` + rg + `Microsoft.Compute/virtualMachines/v1","properties":{"administratorAccount":{"password":"p"}}}}`, 400, "properties.properties.administratorAccount.username", "required when a password"},
		{"vm-foreign", `{"properties":{"computeType":"VirtualMachine","resourceId":"` + rg + `Microsoft.Compute/virtualMachines/v1","properties":{"databricksAccessToken":"t"}}}`, 400, "properties.properties.databricksAccessToken", "does not belong"},
		{"dbx-no-token", `{"properties":{"computeType":"Databricks","resourceId":"` + rg + `Microsoft.Databricks/workspaces/d1","properties":{}}}`, 400, "properties.properties.databricksAccessToken", "required"},
		{"adla-no-store", `{"properties":{"computeType":"DataLakeAnalytics","resourceId":"` + rg + `Microsoft.DataLakeAnalytics/accounts/a1"}}`, 400, "properties.properties.dataLakeStoreAccountName", "required"},
		{"cluster-with-id", `{"properties":{"computeType":"AmlCompute","resourceId":"` + rg + `Microsoft.Compute/virtualMachines/v1","properties":{"scaleSettings":{"maxNodeCount":1}}}}`, 400, "properties.resourceId", "only for attached"},
		{"west", `{"location":"westus","properties":{"computeType":"AmlCompute","properties":{"scaleSettings":{"maxNodeCount":1}}}}`, 400, "location", "must be in its region"},
	} {
		got := confSend(t, s, http.MethodPut, s.world.computeID(tc.name)+"?api-version=2024-04-01", tc.body)
		if got.Status != tc.status {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, got.Status, tc.status, got.RawBody)
			continue
		}
		if tc.status >= 400 {
			e := got.Body.(map[string]any)["error"].(map[string]any)
			if tc.target != "" && e["target"] != tc.target {
				t.Errorf("%s: error target %v, want %s", tc.name, e["target"], tc.target)
			}
			if !strings.Contains(e["message"].(string), tc.words) {
				t.Errorf("%s: message %q does not say %q", tc.name, e["message"], tc.words)
			}
		}
	}

	bad := confSend(t, s, http.MethodPut, s.world.computeID("broken-json")+"?api-version=2024-04-01", `{"properties":`)
	if bad.Status != http.StatusBadRequest || bad.Body.(map[string]any)["error"].(map[string]any)["code"] != "InvalidRequestContent" {
		t.Errorf("malformed JSON: %d %s", bad.Status, bad.RawBody)
	}
	for body, words := range map[string]string{
		`{"properties":{"properties":{"scaleSettings":{"minNodeCount":5}}}}`: "greater than maxNodeCount",
		`{"properties":{"properties":{}}}`:                                   "changes nothing",
	} {
		got := confSend(t, s, http.MethodPatch, s.world.computeID("existing-cluster")+"?api-version=2024-04-01", body)
		if got.Status != http.StatusBadRequest || !strings.Contains(string(got.RawBody), words) {
			t.Errorf("PATCH %s: %d %s", body, got.Status, got.RawBody)
		}
	}
	if got := confSend(t, s, http.MethodPatch, s.world.computeID("existing-ci")+"?api-version=2024-04-01", `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":2}}}}`); got.Status != http.StatusBadRequest {
		t.Errorf("PATCH scale settings of an instance: %d", got.Status)
	}
	if got := confSend(t, s, http.MethodPost, s.world.computeID("existing-ci")+"/updateIdleShutdownSetting?api-version=2024-04-01", `{"idleTimeBeforeShutdown":"PT5M"}`); got.Status != http.StatusBadRequest {
		t.Errorf("idle shutdown of 5 minutes: %d", got.Status)
	}
	if got := confSend(t, s, http.MethodPost, s.world.computeID("existing-ci")+"/updateIdleShutdownSetting?api-version=2024-04-01", `{"idleTimeBeforeShutdown":"PT45M"}`); got.Status != http.StatusOK {
		t.Errorf("idle shutdown of 45 minutes: %d %s", got.Status, got.RawBody)
	}
	if _, p := computeProps(t, s, "existing-ci"); p["idleTimeBeforeShutdown"] != "PT45M" {
		t.Errorf("idleTimeBeforeShutdown = %v", p["idleTimeBeforeShutdown"])
	}
	for q, status := range map[string]int{"": 400, "&underlyingResourceAction=Detach": 400, "&underlyingResourceAction=Purge": 400} {
		if got := confSend(t, s, http.MethodDelete, s.world.computeID("existing-cluster")+"?api-version=2024-04-01"+q, ""); got.Status != status {
			t.Errorf("DELETE %q of a cluster: %d, want %d", q, got.Status, status)
		}
	}
	if got := confSend(t, s, http.MethodGet, s.world.computeID("missing")+"?api-version=2024-04-01", ""); got.Status != http.StatusNotFound {
		t.Errorf("GET of a missing compute: %d", got.Status)
	}
}

// TestAttachedComputes: secrets stay out of GET and the list, listKeys returns them,
// re-attaching a resource breaks the older attachment, claims are granted at once, Delete is
// refused and Detach works.
func TestAttachedComputes(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty", Speed: 200})
	rg := "/subscriptions/" + s.Info().Subscription + "/resourceGroups/" + s.Info().ResourceGroup + "/providers/"
	vm := func(password string) string {
		return `{"properties":{"computeType":"VirtualMachine","resourceId":"` + rg + `Microsoft.Compute/virtualMachines/shared-vm",
			"properties":{"address":"10.0.0.5","sshPort":22,"administratorAccount":{"username":"azureuser","password":"` + password + `","privateKeyData":"-----BEGIN KEY-----secret"}}}}`
	}
	mustCreate(t, s, "vm-old", vm("first-s3cret"))
	mustCreate(t, s, "dbx", `{"properties":{"computeType":"Databricks","resourceId":"`+rg+`Microsoft.Databricks/workspaces/w1","properties":{"databricksAccessToken":"dapi-t0ken"}}}`)
	for _, path := range []string{s.world.computeID("vm-old"), s.world.computeID("dbx"), s.world.workspaceID() + "/computes"} {
		got := confSend(t, s, http.MethodGet, path+"?api-version=2024-04-01", "")
		for _, secret := range []string{"first-s3cret", "BEGIN KEY", "dapi-t0ken"} {
			if strings.Contains(string(got.RawBody), secret) {
				t.Errorf("GET %s shows a secret: %s", path, got.RawBody)
			}
		}
	}
	keys := confSend(t, s, http.MethodPost, s.world.computeID("vm-old")+"/listKeys?api-version=2024-04-01", "")
	if !strings.Contains(string(keys.RawBody), "first-s3cret") {
		t.Errorf("listKeys of the VM: %s", keys.RawBody)
	}

	claim(t, s, "vm-old", "remote-job", 1)
	if n := grantedCount(s, "vm-old", "remote-job"); n != 1 {
		t.Errorf("attached VM granted %d nodes at once, want 1", n)
	}
	release(s, "vm-old", "remote-job")

	mustCreate(t, s, "vm-new", vm("second-s3cret"))
	props, _ := computeProps(t, s, "vm-old")
	errs, _ := props["provisioningErrors"].([]any)
	if props["provisioningState"] != stateFailed || len(errs) != 1 || !strings.Contains(errs[0].(map[string]any)["error"].(map[string]any)["message"].(string), "vm-new") {
		t.Errorf("older attachment after re-attach: %v", props)
	}
	if props, _ := computeProps(t, s, "vm-new"); props["provisioningState"] != stateSucceeded {
		t.Errorf("newer attachment: %v", props["provisioningState"])
	}

	if got := confSend(t, s, http.MethodDelete, s.world.computeID("vm-new")+"?api-version=2024-04-01&underlyingResourceAction=Delete", ""); got.Status != http.StatusBadRequest {
		t.Errorf("Delete of an attached VM: %d, want 400", got.Status)
	}
	det := confSend(t, s, http.MethodDelete, s.world.computeID("vm-new")+"?api-version=2024-04-01&underlyingResourceAction=Detach", "")
	if det.Status != http.StatusAccepted {
		t.Fatalf("Detach: %d %s", det.Status, det.RawBody)
	}
	confPollOperation(t, s, det.Header.Get("Azure-AsyncOperation"), opSucceeded)
	if got := confSend(t, s, http.MethodGet, s.world.computeID("vm-new")+"?api-version=2024-04-01", ""); got.Status != http.StatusNotFound {
		t.Errorf("GET after detach: %d", got.Status)
	}
}

// TestDeleteUnderClaims: a job whose cluster is deleted learns it once, then cannot claim.
func TestDeleteUnderClaims(t *testing.T) {
	t.Parallel()
	// Speed 10: the delete stays in progress for half a second, time to see Deleting.
	s := startComputeEmulator(t, Options{Seed: "empty", Speed: 10})
	mustCreate(t, s, "doomed", `{"properties":{"computeType":"AmlCompute","properties":{"scaleSettings":{"maxNodeCount":1}}}}`)
	claim(t, s, "doomed", "victim", 1)
	del := confSend(t, s, http.MethodDelete, s.world.computeID("doomed")+"?api-version=2024-04-01&underlyingResourceAction=Delete", "")
	if del.Status != http.StatusAccepted {
		t.Fatalf("DELETE: %d", del.Status)
	}
	if props, _ := computeProps(t, s, "doomed"); props["provisioningState"] != stateDeleting {
		t.Errorf("right after DELETE: %v", props["provisioningState"])
	}
	if got := confSend(t, s, http.MethodPatch, s.world.computeID("doomed")+"?api-version=2024-04-01", `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":2}}}}`); got.Status != http.StatusConflict {
		t.Errorf("PATCH while deleting: %d, want 409", got.Status)
	}
	confPollOperation(t, s, del.Header.Get("Azure-AsyncOperation"), opSucceeded)
	if _, preempted := grants(s, "doomed", "victim"); !preempted {
		t.Error("the job was not told its compute went away")
	}
	if _, preempted := grants(s, "doomed", "victim"); preempted {
		t.Error("told twice")
	}
	if err := locked(s, func(w *world) error { return w.claimNodes("doomed", "victim", 1) }); err == nil {
		t.Error("claiming a deleted compute succeeded")
	}
}

func TestParseISODuration(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{
		"PT2M": 2 * time.Minute, "pt15m": 15 * time.Minute, "P3D": 72 * time.Hour, "P1DT12H": 36 * time.Hour,
		"PT1H30M": 90 * time.Minute, "PT0.5S": 500 * time.Millisecond, "PT120S": 2 * time.Minute,
	} {
		if got, err := parseISODuration(in); err != nil || got != want {
			t.Errorf("parseISODuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "P", "PT", "2M", "PT2", "P2M", "PT2D", "PTM", "P1DT", "PT1H1Y"} {
		if _, err := parseISODuration(in); err == nil {
			t.Errorf("parseISODuration(%q) succeeded", in)
		}
	}
}

// TestPutUpdatesCluster: a PUT on an existing cluster changes its mutable settings.
func TestPutUpdatesCluster(t *testing.T) {
	t.Parallel()
	s := startComputeEmulator(t, Options{Seed: "empty", Speed: 200})
	body := `{"tags":{"team":"a"},"properties":{"computeType":"AmlCompute","description":"first","properties":{"vmSize":"Standard_DS3_v2","scaleSettings":{"maxNodeCount":2}}}}`
	mustCreate(t, s, "put-cluster", body)
	got := confSend(t, s, http.MethodPut, s.world.computeID("put-cluster")+"?api-version=2024-04-01",
		`{"tags":{"team":"b"},"properties":{"computeType":"AmlCompute","description":"second","properties":{"vmSize":"STANDARD_DS3_V2","scaleSettings":{"minNodeCount":1,"maxNodeCount":5,"nodeIdleTimeBeforeScaleDown":"PT10M"}}}}`)
	if got.Status != http.StatusOK || got.Header.Get("Azure-AsyncOperation") == "" {
		t.Fatalf("PUT update: %d %s", got.Status, got.RawBody)
	}
	confPollOperation(t, s, got.Header.Get("Azure-AsyncOperation"), opSucceeded)
	settled := confWaitProvisioned(t, s, "put-cluster", stateSucceeded).Body.(map[string]any)
	props := settled["properties"].(map[string]any)
	ss := props["properties"].(map[string]any)["scaleSettings"].(map[string]any)
	if num(ss["minNodeCount"]) != 1 || num(ss["maxNodeCount"]) != 5 || ss["nodeIdleTimeBeforeScaleDown"] != "PT10M" ||
		props["description"] != "second" || settled["tags"].(map[string]any)["team"] != "b" {
		t.Errorf("after the PUT update: %v", settled)
	}
}
