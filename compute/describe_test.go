package compute

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// field finds a field by section title and label; ok is false when absent.
func field(sections []Section, title, label string) (string, bool) {
	for _, s := range sections {
		if s.Title != title {
			continue
		}
		for _, f := range s.Fields {
			if f.Label == label {
				return f.Value, true
			}
		}
	}
	return "", false
}

func wantField(t *testing.T, sections []Section, title, label, want string) {
	t.Helper()
	got, ok := field(sections, title, label)
	if !ok {
		t.Errorf("%s / %s missing", title, label)
		return
	}
	if got != want {
		t.Errorf("%s / %s = %q, want %q", title, label, got, want)
	}
}

// exampleRequest decodes the request body of a createOrUpdate example as a compute resource.
func exampleRequest(t *testing.T, rel string) *armmachinelearning.ComputeResource {
	t.Helper()
	body, ok := readExample(t, rel).Parameters["parameters"]
	if !ok {
		t.Fatalf("%s has no request body", rel)
	}
	return decodeCompute(t, body)
}

func TestDescribeCluster(t *testing.T) {
	d := Describe(exampleCompute(t, "Compute/get/AmlCompute.json", "200"))
	if d[0].Title != TitleGeneral {
		t.Errorf("first section %q, want General (no errors)", d[0].Title)
	}
	wantField(t, d, TitleGeneral, "Name", "compute123")
	wantField(t, d, TitleGeneral, "Kind", "Cluster")
	wantField(t, d, TitleGeneral, "State", "Resizing")
	wantField(t, d, TitleGeneral, "Health", "↻ transitional")
	wantField(t, d, TitleGeneral, "Description", "some compute")
	wantField(t, d, TitleGeneral, "Location", "eastus2")
	wantField(t, d, TitleGeneral, "VM size", "STANDARD_NC6")
	wantField(t, d, TitleGeneral, "Priority", "Dedicated")
	wantField(t, d, TitleGeneral, "Created on", "2021-04-01 22:00:00 UTC")
	wantField(t, d, TitleScale, "Min nodes", "0")
	wantField(t, d, TitleScale, "Max nodes", "1")
	wantField(t, d, TitleScale, "Idle time before scale down", "5 minutes (PT5M)")
	wantField(t, d, TitleScale, "Allocation state", "Resizing")
	wantField(t, d, TitleNodes, "Summary", "0/1 [0-1]")
	wantField(t, d, TitleNodes, "Preempted", "0")
	wantField(t, d, TitleNetwork, "Subnet", "test-subnet-resource-id")
	wantField(t, d, TitleNetwork, "Node public IP", "yes")
	wantField(t, d, TitleSSH, "Public access to port", "Enabled")
	wantField(t, d, "Cluster", "OS type", "Windows")
}

func TestDescribeClusterRightAfterCreate(t *testing.T) {
	var created *armmachinelearning.ComputeResource
	for _, e := range readRecording(t, "New-AzMLWorkspaceCompute.Recording.json") {
		if e.Method == "PUT" {
			created = decodeCompute(t, []byte(e.RespBody))
		}
	}
	d := Describe(created)
	wantField(t, d, TitleNodes, "Summary", "-/- [0-8]")
	if _, ok := field(d, TitleScale, "Idle time before scale down"); ok {
		t.Error("null idle time shown")
	}
	if _, ok := field(d, TitleNodes, "Current"); ok {
		t.Error("null current node count shown")
	}
	if _, ok := field(d, TitleGeneral, "Tags"); ok {
		t.Error("null tags shown")
	}
}

func TestDescribeInstance(t *testing.T) {
	list := recordedComputes(t, "Get-AzMLWorkspaceCompute.Recording.json")
	d := Describe(list[1])
	wantField(t, d, TitleIdentity, "Type", "SystemAssigned")
	wantField(t, d, TitleIdentity, "Principal ID", "361e7159-945c-4054-9904-cdca1aa10c7a")
	wantField(t, d, TitleSSH, "Admin user", "azureuser")
	wantField(t, d, TitleSSH, "Port", "50000")
	wantField(t, d, TitleSSH, "Public access", "Disabled")
	wantField(t, d, TitleNetwork, "Public IP", "13.92.83.21")
	wantField(t, d, TitleNetwork, "Private IP", "10.0.0.4")
	wantField(t, d, TitleNetwork, "App Jupyter Lab", "https://jiajicompute1.eastus.instances.azureml.ms/lab")
	wantField(t, d, TitleLastOp, "Operation", "Create")
	wantField(t, d, TitleLastOp, "Status", "Succeeded")
	wantField(t, d, TitleLastOp, "Time", "2024-07-24 08:42:35 UTC")
	wantField(t, d, TitleLastOp, "Trigger", "User")
	wantField(t, d, "Compute instance", "Created by", "6205f759-1234-453c-9712-34d7671bceff (tenant 72f988bf-86f1-41af-91ab-2d7cd011db47)")
	wantField(t, d, "Compute instance", "OS image", "24.06.10")

	ex := Describe(exampleCompute(t, "Compute/get/ComputeInstance.json", "200"))
	wantField(t, ex, "Compute instance", "Created by", "foobar@microsoft.com (tenant 00000000-0000-0000-0000-000000000000)")
	wantField(t, ex, "Compute instance", "OS image", "22.06.14 (latest 22.07.22)")
	wantField(t, ex, "Compute instance", "Custom service", "rstudio ghcr.io/azure/rocker-rstudio-ml-verse:latest connect:8787")
	wantField(t, ex, "Compute instance", "Assigned user", "00000000-0000-0000-0000-000000000000 (tenant 00000000-0000-0000-0000-000000000000)")
	wantField(t, ex, TitleSSH, "Port", "22")
}

func TestDescribeSchedules(t *testing.T) {
	d := Describe(exampleRequest(t, "Compute/createOrUpdate/ComputeInstanceWithSchedules.json"))
	wantField(t, d, TitleSchedules, "Schedule 1", `Stop cron "0 18 * * *" in Pacific Standard Time (Enabled)`)

	r := decodeCompute(t, []byte(`{"name":"ci","properties":{"computeType":"ComputeInstance","properties":{"schedules":{"computeStartStop":[
		{"action":"Start","triggerType":"Recurrence","status":"Disabled","recurrence":{"frequency":"Week","interval":1,"timeZone":"UTC",
		 "schedule":{"weekDays":["Monday","Friday"],"hours":[8],"minutes":[30]}}}, null]}}}}`))
	wantField(t, Describe(r), TitleSchedules, "Schedule 1", "Start every 1 Week on Monday,Friday at 08:30 in UTC (Disabled)")
}

// failedCluster is the recorded create answer with the errors a quota failure and a node setup
// failure produce, to check Describe shows all of them first and verbatim.
func failedCluster(t *testing.T) *armmachinelearning.ComputeResource {
	t.Helper()
	var body map[string]any
	for _, e := range readRecording(t, "New-AzMLWorkspaceCompute.Recording.json") {
		if e.Method == "PUT" {
			if err := json.Unmarshal([]byte(e.RespBody), &body); err != nil {
				t.Fatal(err)
			}
		}
	}
	props := body["properties"].(map[string]any)
	props["provisioningState"] = "Failed"
	props["provisioningErrors"] = []any{
		map[string]any{"error": map[string]any{
			"code":    "ClusterMinNodesExceedCoreQuota",
			"message": "Operation results in exceeding quota limits of Core. Maximum allowed: 0, Current in use: 0, Additional requested: 4.\n  Please see https://aka.ms/amlquota.",
			"details": []any{map[string]any{"code": "QuotaExceeded", "message": "Standard DSv2 Family vCPUs", "target": "vmSize",
				"details": []any{map[string]any{"code": "Inner", "message": "innermost"}}}},
		}},
		nil,
		map[string]any{"error": map[string]any{"code": "SecondError", "message": "second"}},
	}
	props["properties"].(map[string]any)["errors"] = []any{
		map[string]any{"error": map[string]any{"code": "DiskFull", "message": "There is not enough disk space on the node", "target": "tvm-1"}},
	}
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return decodeCompute(t, raw)
}

func TestDescribeErrorsFirstAndVerbatim(t *testing.T) {
	r := failedCluster(t)
	d := Describe(r)
	if len(d) < 4 {
		t.Fatalf("only %d sections", len(d))
	}
	for i, title := range []string{"Error 1 of 3", "Error 2 of 3", "Error 3 of 3", TitleGeneral} {
		if d[i].Title != title {
			t.Errorf("section %d is %q, want %q", i, d[i].Title, title)
		}
	}
	wantField(t, d, "Error 1 of 3", "Source", "provisioningErrors")
	wantField(t, d, "Error 1 of 3", "Code", "ClusterMinNodesExceedCoreQuota")
	wantField(t, d, "Error 1 of 3", "Message", "Operation results in exceeding quota limits of Core. Maximum allowed: 0, Current in use: 0, Additional requested: 4.\n  Please see https://aka.ms/amlquota.")
	wantField(t, d, "Error 1 of 3", "Detail 1", "QuotaExceeded: Standard DSv2 Family vCPUs")
	wantField(t, d, "Error 1 of 3", "Detail 1 target", "vmSize")
	wantField(t, d, "Error 1 of 3", "Detail 1.1", "Inner: innermost")
	wantField(t, d, "Error 2 of 3", "Code", "SecondError")
	wantField(t, d, "Error 3 of 3", "Source", "errors")
	wantField(t, d, "Error 3 of 3", "Message", "There is not enough disk space on the node")
	wantField(t, d, "Error 3 of 3", "Target", "tvm-1")

	s := Summarize(r)
	if s.ErrorCount != 3 || s.Health != HealthFailed || s.State != "Failed" ||
		!strings.HasPrefix(s.FirstError, "ClusterMinNodesExceedCoreQuota: Operation results") {
		t.Errorf("summary of a failed cluster: %+v", s)
	}
}

func TestDescribeAttachedKinds(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       [][3]string // section, label, value
	}{
		{"kubernetes", "", [][3]string{
			{"Kubernetes", "Namespace", "default"},
			{"Kubernetes", "Instance type defaultInstanceType", "requests cpu=1 memory=4Gi; limits cpu=1 memory=4Gi"},
			{"Kubernetes", "Extension release train", "stable"},
			{TitleGeneral, "Attached", "yes"},
			{TitleGeneral, "Resource ID", "/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourcegroups/testrg123/providers/Microsoft.ContainerService/managedClusters/compute123-56826-c9b00420020b2"},
		}},
		{"vm", vmAttach, [][3]string{
			{TitleSSH, "Admin user", "azureuser"},
			{TitleSSH, "Port", "22"},
			{TitleSSH, "Password", "set"},
			{TitleSSH, "SSH private key", "set"},
			{TitleSSH, "SSH public key", "set"},
			{TitleNetwork, "Address", "10.1.2.3"},
			{"VM", "Size", "Standard_DS3_v2"},
		}},
		{"hdinsight", hdiAttach, [][3]string{
			{TitleSSH, "Admin user", "sshuser"},
			{TitleSSH, "Password", "set"},
			{TitleNetwork, "Address", "hdi-ssh.azurehdinsight.net"},
		}},
		{"databricks", databricksAttach, [][3]string{
			{"Databricks", "Access token", "set"},
			{"Databricks", "Workspace URL", "https://adb-1.azuredatabricks.net"},
		}},
		{"datalake", dataLakeAttach, [][3]string{{"DataLake", "Data Lake Store account", "adlsaccount"}}},
		{"synapse", synapseAttach, [][3]string{
			{"Synapse", "Pool", "pool1"},
			{"Synapse", "Auto scale range", "3-10"},
			{"Synapse", "Auto pause delay", "15 minutes"},
			{TitleIdentity, "Type", "UserAssigned"},
			{TitleIdentity, "User-assigned", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1"},
			{TitleIdentity, "  Client ID", "cid-1"},
			{TitleIdentity, "  Principal ID", "pid-1"},
		}},
		{"aks", aksAttach, [][3]string{
			{"AKS", "Agent count", "3"},
			{"AKS", "SSL key", "set"},
			{TitleNetwork, "Cluster FQDN", "aks.eastus.azmk8s.io"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r *armmachinelearning.ComputeResource
			if tc.body == "" {
				r = exampleCompute(t, "Compute/get/KubernetesCompute.json", "200")
			} else {
				r = decodeCompute(t, []byte(tc.body))
			}
			d := Describe(r)
			for _, w := range tc.want {
				wantField(t, d, w[0], w[1], w[2])
			}
			assertNoSecrets(t, describeText(d))
		})
	}
}

func describeText(d []Section) string {
	var b strings.Builder
	for _, s := range d {
		b.WriteString(s.Title + "\n")
		for _, f := range s.Fields {
			b.WriteString(f.Label + ": " + f.Value + "\n")
		}
	}
	return b.String()
}

func TestDescribeNulls(t *testing.T) {
	if Describe(nil) != nil {
		t.Error("Describe(nil) returned sections")
	}
	for _, p := range []armmachinelearning.ComputeClassification{
		nil, &armmachinelearning.AmlCompute{}, &armmachinelearning.ComputeInstance{}, &armmachinelearning.VirtualMachine{},
		&armmachinelearning.HDInsight{}, &armmachinelearning.Databricks{}, &armmachinelearning.DataLakeAnalytics{},
		&armmachinelearning.Kubernetes{}, &armmachinelearning.SynapseSpark{}, &armmachinelearning.AKS{},
		&armmachinelearning.DataFactory{}, &armmachinelearning.Compute{},
		&armmachinelearning.VirtualMachine{Properties: &armmachinelearning.VirtualMachineSchemaProperties{}},
		&armmachinelearning.ComputeInstance{Properties: &armmachinelearning.ComputeInstanceProperties{
			SSHSettings: &armmachinelearning.ComputeInstanceSSHSettings{}, Schedules: &armmachinelearning.ComputeSchedules{
				ComputeStartStop: []*armmachinelearning.ComputeStartStopSchedule{{}, {Recurrence: &armmachinelearning.Recurrence{Schedule: &armmachinelearning.ComputeRecurrenceSchedule{}}}},
			},
			Applications: []*armmachinelearning.ComputeInstanceApplication{nil, {}}, LastOperation: &armmachinelearning.ComputeInstanceLastOperation{},
			SetupScripts: &armmachinelearning.SetupScripts{Scripts: &armmachinelearning.ScriptsToExecute{}},
		}},
	} {
		d := Describe(&armmachinelearning.ComputeResource{Properties: p, Identity: &armmachinelearning.ManagedServiceIdentity{
			UserAssignedIdentities: map[string]*armmachinelearning.UserAssignedIdentity{"x": nil}}})
		for _, s := range d {
			if len(s.Fields) == 0 {
				t.Errorf("%T: empty section %q", p, s.Title)
			}
			for _, f := range s.Fields {
				if f.Value == "" {
					t.Errorf("%T: empty field %s / %s", p, s.Title, f.Label)
				}
			}
		}
	}
}
