package emulator

import "net/http"

// ARM path prefixes of the emulated workspace.
const (
	subPath   = "/subscriptions/{sub}"
	rgPath    = subPath + "/resourceGroups/{rg}"
	provider  = "/providers/Microsoft.MachineLearningServices"
	wsPath    = rgPath + provider + "/workspaces/{ws}"
	locPath   = subPath + provider + "/locations/{loc}"
	computeP  = wsPath + "/computes/{name}"
	computesP = wsPath + "/computes"
)

// registerRoutes adds the compute half's routes: workspaces, computes, location endpoints and
// operation statuses. Unknown paths answer ARM's 404 body.
func (s *Server) registerRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET "+subPath+provider+"/workspaces", s.listWorkspacesBySubscription)
	s.handle(mux, "GET "+rgPath+provider+"/workspaces", s.listWorkspacesByResourceGroup)
	s.handle(mux, "GET "+wsPath, s.getWorkspace)

	s.handle(mux, "GET "+computesP, s.listComputes)
	s.handle(mux, "GET "+computeP, s.onCompute(s.getCompute))
	s.handle(mux, "PUT "+computeP, s.putCompute)
	s.handle(mux, "PATCH "+computeP, onComputeWithBody(s, s.patchCompute))
	s.handle(mux, "DELETE "+computeP, s.onCompute(s.deleteCompute))
	s.handle(mux, "POST "+computeP+"/start", s.onCompute(s.instanceAction("start")))
	s.handle(mux, "POST "+computeP+"/stop", s.onCompute(s.instanceAction("stop")))
	s.handle(mux, "POST "+computeP+"/restart", s.onCompute(s.instanceAction("restart")))
	s.handle(mux, "POST "+computeP+"/updateIdleShutdownSetting", onComputeWithBody(s, s.updateIdleShutdown))
	s.handle(mux, "POST "+computeP+"/listNodes", s.onCompute(s.listNodes))
	// The SDKs follow a POST list's nextLink with GET (runtime.FetcherForNextLink).
	s.handle(mux, "GET "+computeP+"/listNodes", s.onCompute(s.listNodes))
	s.handle(mux, "POST "+computeP+"/listKeys", s.onCompute(s.listKeys))

	s.handle(mux, "GET "+locPath+"/vmSizes", s.listVMSizes)
	s.handle(mux, "GET "+locPath+"/usages", s.listUsages)
	s.handle(mux, "GET "+locPath+"/quotas", s.listQuotas)
	s.handle(mux, "POST "+locPath+"/updateQuotas", s.updateQuotas)
	s.handle(mux, "GET "+locPath+"/computeOperationsStatus/{id}", onFound(s.world, s.world.lookupOperation, s.getOperationStatus))
	s.handle(mux, "GET "+locPath+"/computeOperationsResults/{id}", onFound(s.world, s.world.lookupOperation, s.getOperationResult))

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeARMError(w, errorf(http.StatusNotFound, "NotFound", "The requested resource '%s' was not found.", r.URL.Path))
	})
}
