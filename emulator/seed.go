package emulator

import (
	"encoding/json"
	"time"
)

// The demo seed: the workspace's computes as a team would have them — clusters, instances,
// attachments and one cluster that failed on quota — built through the same validation and
// provisioning code as computes created over HTTP, then the jobs half's demo jobs.

// seed fills a fresh world according to the seed option.
func (w *world) seed() {
	now := w.now()
	w.created = now.Add(-30 * 24 * time.Hour)
	if w.opts.Seed != "demo" {
		return
	}
	sub, rg := w.sub, w.rg
	computes := []struct {
		name    string
		age     time.Duration
		request string
	}{
		{seedCPUCluster, 20 * 24 * time.Hour, `{"location":"eastus","tags":{"team":"vision"},"properties":{"computeType":"AmlCompute","description":"CPU training cluster","properties":{
			"vmSize":"Standard_DS3_v2","vmPriority":"Dedicated","scaleSettings":{"minNodeCount":0,"maxNodeCount":4,"nodeIdleTimeBeforeScaleDown":"PT2M"}}}}`},
		{seedGPUCluster, 12 * 24 * time.Hour, `{"location":"eastus","tags":{"team":"vision"},"identity":{"type":"SystemAssigned"},"properties":{"computeType":"AmlCompute","description":"Low-priority GPU cluster","properties":{
			"vmSize":"Standard_NC6s_v3","vmPriority":"LowPriority","scaleSettings":{"minNodeCount":0,"maxNodeCount":4,"nodeIdleTimeBeforeScaleDown":"PT5M"}}}}`},
		{"a100-cluster", 2 * 24 * time.Hour, `{"location":"eastus","properties":{"computeType":"AmlCompute","description":"A100 cluster for LLM fine-tuning","properties":{
			"vmSize":"Standard_NC24ads_A100_v4","vmPriority":"Dedicated","scaleSettings":{"minNodeCount":1,"maxNodeCount":2}}}}`},
		{seedInstance, 9 * 24 * time.Hour, `{"location":"eastus","properties":{"computeType":"ComputeInstance","properties":{
			"vmSize":"Standard_DS3_v2","applicationSharingPolicy":"Personal","idleTimeBeforeShutdown":"PT60M"}}}`},
		{"ci-bob-gpu", 5 * 24 * time.Hour, `{"location":"eastus","properties":{"computeType":"ComputeInstance","properties":{
			"vmSize":"Standard_NC4as_T4_v3","applicationSharingPolicy":"Personal"}}}`},
		{"dsvm", 60 * 24 * time.Hour, `{"properties":{"computeType":"VirtualMachine","resourceId":"/subscriptions/` + sub + `/resourceGroups/` + rg + `/providers/Microsoft.Compute/virtualMachines/demo-dsvm",
			"properties":{"virtualMachineSize":"Standard_D4s_v3","address":"demo-dsvm.eastus.cloudapp.azure.com","sshPort":22,"administratorAccount":{"username":"azureuser","password":"` + w.newID() + `"}}}}`},
		{"hdi-spark", 45 * 24 * time.Hour, `{"properties":{"computeType":"HDInsight","resourceId":"/subscriptions/` + sub + `/resourceGroups/` + rg + `/providers/Microsoft.HDInsight/clusters/demo-hdi",
			"properties":{"address":"demo-hdi-ssh.azurehdinsight.net","sshPort":22,"administratorAccount":{"username":"sshuser","password":"` + w.newID() + `"}}}}`},
		{"databricks", 40 * 24 * time.Hour, `{"properties":{"computeType":"Databricks","resourceId":"/subscriptions/` + sub + `/resourceGroups/` + rg + `/providers/Microsoft.Databricks/workspaces/demo-adb",
			"properties":{"databricksAccessToken":"dapi` + w.newID() + `","workspaceUrl":"https://adb-1234567890123456.7.azuredatabricks.net"}}}`},
		{"datalake", 90 * 24 * time.Hour, `{"properties":{"computeType":"DataLakeAnalytics","resourceId":"/subscriptions/` + sub + `/resourceGroups/` + rg + `/providers/Microsoft.DataLakeAnalytics/accounts/demoadla",
			"properties":{"dataLakeStoreAccountName":"demoadls"}}}`},
	}
	for _, sc := range computes {
		var req computeRequest
		if err := json.Unmarshal([]byte(sc.request), &req); err != nil {
			w.logf("emulator: demo seed %s: %v", sc.name, err)
			continue
		}
		computeType, _ := canonicalComputeType(req.Properties.ComputeType)
		c, e := w.newCompute(sc.name, computeType, &req)
		if e != nil {
			w.logf("emulator: demo seed %s: %v", sc.name, e)
			continue
		}
		created := now.Add(-sc.age)
		c.CreatedOn = created
		w.computes[computeKey(c.Name)] = c
		op := w.startOperation()
		w.finishCreate(c, created.Add(w.delay(createTime(computeType))), op.ID)
		c.ModifiedOn = created.Add(createTime(computeType))
		if c.Instance != nil {
			w.assignInstanceAddresses(c)
		}
	}
	if c, ok := w.computes[computeKey("ci-bob-gpu")]; ok && c.Instance != nil {
		c.Instance.State = ciStopped
		c.Instance.LastOperation = &lastOperation{OperationName: "Stop", OperationTime: armTime(now.Add(-20 * time.Hour)), OperationStatus: "Succeeded", OperationTrigger: "IdleShutdown"}
	}
	w.seedJobs()
}
