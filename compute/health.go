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

// stateHealth pairs a state name with its class.
type stateHealth struct {
	state  string
	health Health
}

// classify looks state up case-insensitively. The tables are tiny and EqualFold does not
// allocate, which matters: Summarize runs for every compute on every watcher cycle.
func classify(state string, table []stateHealth) Health {
	for _, e := range table {
		if strings.EqualFold(e.state, state) {
			return e.health
		}
	}
	return HealthUnknown
}

// ProvisioningHealth classifies an ARM provisioningState (Unknown, Updating, Creating,
// Deleting, Succeeded, Failed, Canceled; "Provisioning" appears in older payloads).
func ProvisioningHealth(state string) Health {
	return classify(state, []stateHealth{
		{"Succeeded", HealthOK},
		{"Creating", HealthTransitional},
		{"Updating", HealthTransitional},
		{"Deleting", HealthTransitional},
		{"Provisioning", HealthTransitional},
		{"Failed", HealthFailed},
		{"Canceled", HealthFailed},
	})
}

// AllocationHealth classifies a cluster's allocationState (Steady, Resizing).
func AllocationHealth(state string) Health {
	return classify(state, []stateHealth{
		{"Steady", HealthOK},
		{"Resizing", HealthTransitional},
	})
}

// InstanceHealth classifies a compute instance's own state.
func InstanceHealth(state string) Health {
	return classify(state, []stateHealth{
		{"Running", HealthOK},
		{"JobRunning", HealthOK},
		{"Creating", HealthTransitional},
		{"Deleting", HealthTransitional},
		{"Restarting", HealthTransitional},
		{"SettingUp", HealthTransitional},
		{"Starting", HealthTransitional},
		{"Stopping", HealthTransitional},
		{"UserSettingUp", HealthTransitional},
		{"CreateFailed", HealthFailed},
		{"SetupFailed", HealthFailed},
		{"UserSetupFailed", HealthFailed},
		{"Unusable", HealthFailed},
		{"Stopped", HealthStopped},
	})
}
