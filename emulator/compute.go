package emulator

import (
	"encoding/json"
	"strings"
	"time"
)

// Compute types as ARM names them.
const (
	typeAmlCompute        = "AmlCompute"
	typeComputeInstance   = "ComputeInstance"
	typeVirtualMachine    = "VirtualMachine"
	typeHDInsight         = "HDInsight"
	typeDatabricks        = "Databricks"
	typeDataLakeAnalytics = "DataLakeAnalytics"
	typeKubernetes        = "Kubernetes"
	typeSynapseSpark      = "SynapseSpark"
	typeAKS               = "AKS"
)

// Provisioning states.
const (
	stateCreating  = "Creating"
	stateUpdating  = "Updating"
	stateDeleting  = "Deleting"
	stateSucceeded = "Succeeded"
	stateFailed    = "Failed"
)

// compute is one compute resource of the workspace, as the emulator stores (and persists) it.
// Exactly one of Cluster, Instance and Attach is set, by computeType.
type compute struct {
	Name               string
	Type               string
	Location           string
	Tags               map[string]string
	Description        *string
	DisableLocalAuth   bool
	CreatedOn          time.Time
	ModifiedOn         time.Time
	ProvisioningState  string
	ProvisioningErrors []provisioningError `json:",omitempty"`
	ResourceID         string              `json:",omitempty"`
	Identity           *identityBody       `json:",omitempty"`

	Cluster  *cluster    `json:",omitempty"`
	Instance *instance   `json:",omitempty"`
	Attach   *attachment `json:",omitempty"`

	// Op is the long-running operation in flight on this compute, if any.
	Op *pendingOp `json:",omitempty"`
}

// pendingOp ties a compute to the operation that is changing it.
type pendingOp struct {
	ID      string
	Kind    string // create, update, delete, detach, start, stop, restart
	ReadyAt time.Time
}

// provisioningError is one entry of properties.provisioningErrors.
type provisioningError struct {
	Error armError `json:"error"`
}

// identityBody is a managed identity as ARM renders it.
type identityBody struct {
	Type                   string                      `json:"type"`
	PrincipalID            string                      `json:"principalId,omitempty"`
	TenantID               string                      `json:"tenantId,omitempty"`
	UserAssignedIdentities map[string]userIdentityBody `json:"userAssignedIdentities,omitempty"`
}

// userIdentityBody is one user-assigned identity.
type userIdentityBody struct {
	PrincipalID string `json:"principalId"`
	ClientID    string `json:"clientId"`
}

// isAttached reports whether the compute points at a resource the user owns.
func (c *compute) isAttached() bool { return c.Attach != nil }

// busy reports whether an operation is changing the compute.
func (c *compute) busy() bool { return c.Op != nil }

// armTime renders a time the way the compute resource provider does.
func armTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.0000000+00:00") }

// computeKey is the map key of a compute name: names are case-insensitive in ARM.
func computeKey(name string) string { return strings.ToLower(name) }

// computeBody is the ARM representation of a compute (2024-04-01 shape, as recorded).
type computeBody struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Type       string            `json:"type"`
	Location   string            `json:"location"`
	Tags       map[string]string `json:"tags"`
	Identity   *identityBody     `json:"identity,omitempty"`
	Properties computeProperties `json:"properties"`
}

type computeProperties struct {
	CreatedOn            string              `json:"createdOn"`
	ModifiedOn           string              `json:"modifiedOn"`
	DisableLocalAuth     bool                `json:"disableLocalAuth"`
	Description          *string             `json:"description"`
	ResourceID           *string             `json:"resourceId"`
	ComputeType          string              `json:"computeType"`
	ComputeLocation      string              `json:"computeLocation,omitempty"`
	ProvisioningState    string              `json:"provisioningState"`
	ProvisioningErrors   []provisioningError `json:"provisioningErrors"`
	ProvisioningWarnings map[string]string   `json:"provisioningWarnings"`
	IsAttachedCompute    bool                `json:"isAttachedCompute"`
	Properties           any                 `json:"properties,omitempty"`
}

// computeID is the ARM id of a compute of the workspace.
func (w *world) computeID(name string) string { return w.workspaceID() + "/computes/" + name }

// render builds the ARM body of c. Right after create (provisioningState Creating) the service
// has not filled in its computed fields yet: tags, computeLocation and the warnings are null or
// missing, as recorded.
func (w *world) render(c *compute) computeBody {
	fresh := c.ProvisioningState == stateCreating
	body := computeBody{
		ID: w.computeID(c.Name), Name: c.Name, Type: "Microsoft.MachineLearningServices/workspaces/computes",
		Location: c.Location, Tags: c.Tags, Identity: c.Identity,
		Properties: computeProperties{
			CreatedOn: armTime(c.CreatedOn), ModifiedOn: armTime(c.ModifiedOn),
			DisableLocalAuth: c.DisableLocalAuth, Description: c.Description,
			ComputeType: c.Type, ProvisioningState: c.ProvisioningState,
			ProvisioningErrors: c.ProvisioningErrors, IsAttachedCompute: c.isAttached(),
			ResourceID: stringOrNull(c.ResourceID),
		},
	}
	if !fresh {
		if body.Tags == nil {
			body.Tags = map[string]string{}
		}
		body.Properties.ComputeLocation = c.Location
		body.Properties.ProvisioningWarnings = map[string]string{}
	}
	switch {
	case c.Cluster != nil:
		body.Properties.Properties = c.Cluster.render(fresh, c.ProvisioningState == stateUpdating)
	case c.Instance != nil:
		body.Properties.Properties = c.Instance.render(c)
	case c.Attach != nil:
		if p := c.Attach.render(c.Type); p != nil {
			body.Properties.Properties = p
		}
	}
	return body
}

// stringOrNull is an optional string field as the service renders it: null when unset.
func stringOrNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// rawObject is a JSON object kept verbatim from a request (schedules, setup scripts, ...).
type rawObject = json.RawMessage
