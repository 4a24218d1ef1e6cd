package emulator

import (
	"net/http"
	"strings"
	"time"
)

// The emulated workspace, answered in the shape of the recorded GET of a workspace.

// discoveryPath is the run-history discovery endpoint (served by the jobs half) that the
// workspace's properties.discoveryUrl points at.
const discoveryPath = "/discovery"

// emulatorTenant is the tenant every identity of the emulator belongs to.
const emulatorTenant = "00000000-0000-0000-0000-000000000001"

type workspaceBody struct {
	ID         string              `json:"id"`
	Name       string              `json:"name"`
	Type       string              `json:"type"`
	Location   string              `json:"location"`
	Tags       map[string]string   `json:"tags"`
	Etag       *string             `json:"etag"`
	Properties workspaceProperties `json:"properties"`
	Identity   identityBody        `json:"identity"`
	Kind       string              `json:"kind"`
	Sku        skuBody             `json:"sku"`
	SystemData systemData          `json:"systemData"`
}

type skuBody struct {
	Name string `json:"name"`
	Tier string `json:"tier"`
}

type systemData struct {
	CreatedAt          string `json:"createdAt"`
	CreatedBy          string `json:"createdBy"`
	CreatedByType      string `json:"createdByType"`
	LastModifiedAt     string `json:"lastModifiedAt"`
	LastModifiedBy     string `json:"lastModifiedBy"`
	LastModifiedByType string `json:"lastModifiedByType"`
}

type notebookInfo struct {
	ResourceID               string  `json:"resourceId"`
	Fqdn                     string  `json:"fqdn"`
	IsPrivateLinkEnabled     bool    `json:"isPrivateLinkEnabled"`
	NotebookPreparationError *string `json:"notebookPreparationError"`
}

type networkAcls struct {
	DefaultAction       string `json:"defaultAction"`
	Bypass              string `json:"bypass"`
	IPRules             []any  `json:"ipRules"`
	ResourceAccessRules []any  `json:"resourceAccessRules"`
}

type workspaceProperties struct {
	FriendlyName                  string       `json:"friendlyName"`
	Description                   string       `json:"description"`
	StorageAccount                string       `json:"storageAccount"`
	KeyVault                      string       `json:"keyVault"`
	ApplicationInsights           string       `json:"applicationInsights"`
	HbiWorkspace                  bool         `json:"hbiWorkspace"`
	TenantID                      string       `json:"tenantId"`
	ImageBuildCompute             *string      `json:"imageBuildCompute"`
	ProvisioningState             string       `json:"provisioningState"`
	AllowRoleAssignmentOnRG       bool         `json:"allowRoleAssignmentOnRG"`
	V1LegacyMode                  bool         `json:"v1LegacyMode"`
	SoftDeleteEnabled             bool         `json:"softDeleteEnabled"`
	ContainerRegistry             string       `json:"containerRegistry"`
	CreationTime                  string       `json:"creationTime"`
	NotebookInfo                  notebookInfo `json:"notebookInfo"`
	StorageHnsEnabled             bool         `json:"storageHnsEnabled"`
	WorkspaceID                   string       `json:"workspaceId"`
	LinkedModelInventoryArmID     *string      `json:"linkedModelInventoryArmId"`
	PrivateLinkCount              int          `json:"privateLinkCount"`
	PublicNetworkAccess           string       `json:"publicNetworkAccess"`
	IPAllowlist                   []string     `json:"ipAllowlist"`
	NetworkAcls                   networkAcls  `json:"networkAcls"`
	DiscoveryURL                  string       `json:"discoveryUrl"`
	MlFlowTrackingURI             string       `json:"mlFlowTrackingUri"`
	ServerlessComputeSettings     *struct{}    `json:"serverlessComputeSettings"`
	EnableSoftwareBillOfMaterials bool         `json:"EnableSoftwareBillOfMaterials"`
	SdkTelemetryAppInsightsKey    string       `json:"sdkTelemetryAppInsightsKey"`
	EnableDataIsolation           bool         `json:"enableDataIsolation"`
}

// workspaceID is the ARM id of the emulated workspace.
func (w *world) workspaceID() string {
	return "/subscriptions/" + w.sub + "/resourceGroups/" + w.rg + "/providers/Microsoft.MachineLearningServices/workspaces/" + w.ws
}

func (w *world) workspaceBody() workspaceBody {
	rgID := "/subscriptions/" + w.sub + "/resourceGroups/" + w.rg + "/providers/"
	created := w.created.UTC().Format(time.RFC3339Nano)
	wsGUID := "5f1d6d2e-8a4b-4c3e-9b7a-0d2c1e3f4a5b"
	return workspaceBody{
		ID: w.workspaceID(), Name: w.ws, Type: "Microsoft.MachineLearningServices/workspaces",
		Location: w.location, Tags: map[string]string{},
		Properties: workspaceProperties{
			StorageAccount:          rgID + "Microsoft.Storage/storageAccounts/demowsstorage",
			KeyVault:                rgID + "Microsoft.Keyvault/vaults/demows-kv",
			ApplicationInsights:     rgID + "Microsoft.insights/components/demows-ai",
			ContainerRegistry:       rgID + "Microsoft.ContainerRegistry/registries/demowsacr",
			TenantID:                emulatorTenant,
			ProvisioningState:       "Succeeded",
			AllowRoleAssignmentOnRG: true,
			CreationTime:            created,
			NotebookInfo: notebookInfo{
				ResourceID: "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f",
				Fqdn:       "ml-demo-ws-" + w.location + "-" + wsGUID + "." + w.location + ".notebooks.azure.net",
			},
			WorkspaceID:                wsGUID,
			PublicNetworkAccess:        "Enabled",
			IPAllowlist:                []string{},
			NetworkAcls:                networkAcls{DefaultAction: "Allow", IPRules: []any{}, ResourceAccessRules: []any{}},
			DiscoveryURL:               w.endpoint + discoveryPath,
			MlFlowTrackingURI:          "azureml://" + w.location + ".api.azureml.ms/mlflow/v1.0" + w.workspaceID(),
			SdkTelemetryAppInsightsKey: "00000000-0000-0000-0000-00000000a1a1",
		},
		Identity: identityBody{Type: "SystemAssigned", PrincipalID: "5f1d6d2e-0000-4000-8000-000000000001", TenantID: emulatorTenant},
		Kind:     "Default",
		Sku:      skuBody{Name: "Basic", Tier: "Basic"},
		SystemData: systemData{
			CreatedAt: created, CreatedBy: "demo@example.com", CreatedByType: "User",
			LastModifiedAt: created, LastModifiedBy: "demo@example.com", LastModifiedByType: "User",
		},
	}
}

func (s *Server) getWorkspace(w http.ResponseWriter, r *http.Request, sw *world) *httpError {
	writeJSON(w, http.StatusOK, sw.workspaceBody())
	return nil
}

func (s *Server) listWorkspacesByResourceGroup(w http.ResponseWriter, r *http.Request, sw *world) *httpError {
	// Other resource groups of the subscription exist but hold no workspace.
	value := []workspaceBody{}
	if strings.EqualFold(r.PathValue("rg"), sw.rg) {
		value = append(value, sw.workspaceBody())
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": value})
	return nil
}

func (s *Server) listWorkspacesBySubscription(w http.ResponseWriter, r *http.Request, sw *world) *httpError {
	writeJSON(w, http.StatusOK, map[string]any{"value": []workspaceBody{sw.workspaceBody()}})
	return nil
}
