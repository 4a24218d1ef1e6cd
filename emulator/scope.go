package emulator

import (
	"net/http"
	"strings"
)

// Scope checks: the emulator holds one subscription, resource group, workspace and location;
// anything else is answered the way ARM answers a resource that does not exist.

func (w *world) checkSubscription(r *http.Request) *httpError {
	if sub := r.PathValue("sub"); !strings.EqualFold(sub, w.sub) {
		return errorf(http.StatusNotFound, "SubscriptionNotFound", "The subscription '%s' could not be found.", sub)
	}
	return nil
}

// checkWorkspace: other resource groups of the subscription exist, but hold no workspace.
func (w *world) checkWorkspace(r *http.Request) *httpError {
	if e := w.checkSubscription(r); e != nil {
		return e
	}
	if ws := r.PathValue("ws"); !strings.EqualFold(ws, w.ws) || !strings.EqualFold(r.PathValue("rg"), w.rg) {
		return errorf(http.StatusNotFound, "ResourceNotFound",
			"The Resource 'Microsoft.MachineLearningServices/workspaces/%s' under resource group '%s' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix", ws, r.PathValue("rg"))
	}
	return nil
}

func (w *world) checkLocationScope(r *http.Request) *httpError {
	if e := w.checkSubscription(r); e != nil {
		return e
	}
	if loc := r.PathValue("loc"); !strings.EqualFold(loc, w.location) {
		return errorf(http.StatusNotFound, "LocationNotAvailableForResourceType",
			"The provided location '%s' is not available for resource type 'Microsoft.MachineLearningServices/locations'. List of available regions for the resource type is '%s'.", loc, w.location)
	}
	return nil
}
