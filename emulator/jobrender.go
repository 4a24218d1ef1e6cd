package emulator

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// A job as ARM answers it (api-version 2024-04-01): the properties the client sent, with the
// fields the service fills in added in the recorded shape (Get-AzMLWorkspaceJob.Recording.json).

const jobResourceType = "Microsoft.MachineLearningServices/workspaces/jobs"

// renderJob is the ARM resource of a job.
func (w *world) renderJob(j *jobState) map[string]any {
	p := deepCopy(j.Properties).(map[string]any)
	p["status"] = j.Status
	p["jobType"] = j.Type
	defaults := map[string]any{
		"description":         nil,
		"displayName":         j.Name,
		"experimentName":      "Default",
		"isArchived":          false,
		"identity":            nil,
		"componentId":         nil,
		"notificationSetting": nil,
		"queueSettings":       map[string]any{"jobTier": "Null"},
	}
	for k, v := range defaults {
		if _, ok := p[k]; !ok || (p[k] == nil && v != nil) {
			p[k] = v
		}
	}
	p["tags"] = w.renderJobTags(j, p["tags"])
	p["properties"] = w.renderJobProperties(j, p["properties"])
	p["services"] = w.renderServices(j, p["services"])
	if j.Type == jobTypeCommand {
		renderCommandDefaults(j, p)
	} else {
		renderSweepDefaults(p)
	}
	return map[string]any{
		"id":         w.workspaceID() + "/jobs/" + j.Name,
		"name":       j.Name,
		"type":       jobResourceType,
		"properties": p,
		"systemData": systemData{
			CreatedAt: armTime(j.Created), CreatedBy: emulatorUser, CreatedByType: "User",
			LastModifiedAt: armTime(j.Modified), LastModifiedBy: emulatorUser, LastModifiedByType: "User",
		},
	}
}

// emulatorUser is who creates every job in the emulator.
const emulatorUser = "Emulator User"

func renderCommandDefaults(j *jobState, p map[string]any) {
	for k, v := range map[string]any{"codeId": nil, "distribution": nil, "environmentVariables": nil, "inputs": map[string]any{}, "parameters": map[string]any{}} {
		if _, ok := p[k]; !ok {
			p[k] = v
		}
	}
	res, _ := p["resources"].(map[string]any)
	if res == nil {
		res = map[string]any{}
	}
	for k, v := range map[string]any{"instanceCount": float64(j.NodeCount), "instanceType": nil, "properties": nil, "shmSize": "2g", "dockerArgs": nil} {
		if _, ok := res[k]; !ok {
			res[k] = v
		}
	}
	p["resources"] = res
	limits, _ := p["limits"].(map[string]any)
	if limits == nil {
		limits = map[string]any{"timeout": nil}
	}
	limits["jobLimitsType"] = "Command"
	p["limits"] = limits
	outputs, _ := p["outputs"].(map[string]any)
	if outputs == nil {
		outputs = map[string]any{}
	}
	if _, ok := outputs["default"]; !ok {
		outputs["default"] = map[string]any{
			"description":   nil,
			"uri":           "azureml://datastores/workspaceartifactstore/ExperimentRun/dcid." + j.Name,
			"mode":          "ReadWriteMount",
			"jobOutputType": "uri_folder",
		}
	}
	p["outputs"] = outputs
}

func renderSweepDefaults(p map[string]any) {
	for k, v := range map[string]any{"inputs": map[string]any{}, "outputs": map[string]any{}, "earlyTermination": nil} {
		if _, ok := p[k]; !ok {
			p[k] = v
		}
	}
	limits, _ := p["limits"].(map[string]any)
	if limits == nil {
		limits = map[string]any{}
	}
	limits["jobLimitsType"] = "Sweep"
	p["limits"] = limits
}

// renderJobTags adds the service's compute-status tag to the user's tags.
func (w *world) renderJobTags(j *jobState, user any) map[string]any {
	tags, _ := user.(map[string]any)
	if tags == nil {
		tags = map[string]any{}
	}
	if j.Type == jobTypeCommand {
		preparing, running := 0, 0
		switch j.Status {
		case statusPreparing:
			preparing = len(j.Granted)
		case statusRunning:
			running = len(j.Granted)
		}
		status, _ := json.Marshal(map[string]any{"AllocationState": "steady", "PreparingNodeCount": preparing, "RunningNodeCount": running, "CurrentNodeCount": len(j.Granted)})
		tags["_aml_system_ComputeTargetStatus"] = string(status)
	}
	return tags
}

// renderJobProperties adds the service's own entries to the user's property dictionary.
func (w *world) renderJobProperties(j *jobState, user any) map[string]any {
	props, _ := user.(map[string]any)
	if props == nil {
		props = map[string]any{}
	}
	props["_azureml.ComputeTargetType"] = "amlctrain"
	props["_azureml.ClusterName"] = j.Compute
	if j.Type == jobTypeCommand {
		props["ProcessInfoFile"] = "azureml-logs/process_info.json"
		props["ProcessStatusFile"] = "azureml-logs/process_status.json"
	}
	if !j.Started.IsZero() {
		props["StartTimeUtc"] = j.Started.UTC().Format("2006-01-02 15:04:05")
	}
	if !j.Ended.IsZero() {
		props["EndTimeUtc"] = j.Ended.UTC().Format("2006-01-02 15:04:05")
	}
	return props
}

// renderServices adds the Tracking and Studio endpoints to the user's services, with the
// read-only fields the service adds to each.
func (w *world) renderServices(j *jobState, user any) map[string]any {
	services, _ := user.(map[string]any)
	if services == nil {
		services = map[string]any{}
	}
	for _, s := range services {
		if m, ok := s.(map[string]any); ok {
			for _, k := range []string{"status", "errorMessage"} {
				if _, ok := m[k]; !ok {
					m[k] = nil
				}
			}
		}
	}
	host := strings.TrimPrefix(strings.TrimPrefix(w.endpoint, "https://"), "http://")
	services["Tracking"] = map[string]any{
		"jobServiceType": "Tracking", "port": nil, "status": nil, "errorMessage": nil, "properties": nil, "nodes": nil,
		"endpoint": "azureml://" + host + "/mlflow/v1.0" + w.workspaceID() + "?",
	}
	services["Studio"] = map[string]any{
		"jobServiceType": "Studio", "port": nil, "status": nil, "errorMessage": nil, "properties": nil, "nodes": nil,
		"endpoint": w.studioURL(j.Name),
	}
	return services
}

// studioURL is the job's page, served by the emulator itself (studio.go), shaped like
// ml.azure.com's run links.
func (w *world) studioURL(name string) string {
	wsid := "/subscriptions/" + w.sub + "/resourcegroups/" + w.rg + "/workspaces/" + w.ws
	return fmt.Sprintf("%s%s/%s?wsid=%s", w.endpoint, studioPath, url.PathEscape(name), url.QueryEscape(wsid))
}
