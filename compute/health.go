package compute

import "strings"

// Symbol returns a one-cell mark for the health, so states read without colour:
// ● ok, ↻ transitional, ✗ failed, ■ stopped, ? unknown.
func (h Health) Symbol() string {
	switch h {
	case HealthOK:
		return "●"
	case HealthTransitional:
		return "↻"
	case HealthFailed:
		return "✗"
	case HealthStopped:
		return "■"
	}
	return "?"
}

// String returns the health's label: ok, transitional, failed, stopped or unknown.
func (h Health) String() string {
	switch h {
	case HealthOK:
		return "ok"
	case HealthTransitional:
		return "transitional"
	case HealthFailed:
		return "failed"
	case HealthStopped:
		return "stopped"
	}
	return "unknown"
}

// ProvisioningHealth classifies an ARM provisioningState (Unknown, Updating, Creating,
// Deleting, Succeeded, Failed, Canceled; "Provisioning" appears in older payloads).
func ProvisioningHealth(state string) Health {
	switch strings.ToLower(state) {
	case "succeeded":
		return HealthOK
	case "creating", "updating", "deleting", "provisioning":
		return HealthTransitional
	case "failed", "canceled":
		return HealthFailed
	}
	return HealthUnknown
}

// AllocationHealth classifies a cluster's allocationState (Steady, Resizing).
func AllocationHealth(state string) Health {
	switch strings.ToLower(state) {
	case "steady":
		return HealthOK
	case "resizing":
		return HealthTransitional
	}
	return HealthUnknown
}

// InstanceHealth classifies a compute instance's own state.
func InstanceHealth(state string) Health {
	switch strings.ToLower(state) {
	case "running", "jobrunning":
		return HealthOK
	case "creating", "deleting", "restarting", "settingup", "starting", "stopping", "usersettingup":
		return HealthTransitional
	case "createfailed", "setupfailed", "usersetupfailed", "unusable":
		return HealthFailed
	case "stopped":
		return HealthStopped
	}
	return HealthUnknown
}
