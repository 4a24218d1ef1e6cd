package emulator

import "time"

// compute is one compute resource of the workspace, as the emulator stores it.
type compute struct {
	Name string
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

// advanceComputes moves every compute one step at now.
func (w *world) advanceComputes(now time.Time) {}
