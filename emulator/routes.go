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
// operation statuses. Unknown paths answer ARM's 404 body. Each route names the scope it
// checks (inScope) or what its path points at (onFound, withBody); their handlers run under
// the world's lock.
func (s *Server) registerRoutes(mux *http.ServeMux) {
	sw := s.world
	s.handle(mux, "GET "+subPath+provider+"/workspaces", inScope(sw, sw.checkSubscription, s.listWorkspacesBySubscription))
	s.handle(mux, "GET "+rgPath+provider+"/workspaces", inScope(sw, sw.checkSubscription, s.listWorkspacesByResourceGroup))
	s.handle(mux, "GET "+wsPath, inScope(sw, sw.checkWorkspace, s.getWorkspace))

	s.handle(mux, "GET "+computesP, inScope(sw, sw.checkWorkspace, s.listComputes))
	s.handle(mux, "GET "+computeP, onFound(sw, sw.lookupCompute, s.getCompute))
	s.handle(mux, "PUT "+computeP, withBody(sw, scoped(sw, sw.checkWorkspace), s.putCompute))
	s.handle(mux, "PATCH "+computeP, withBody(sw, sw.lookupCompute, s.patchCompute))
	s.handle(mux, "DELETE "+computeP, onFound(sw, sw.lookupCompute, s.deleteCompute))
	s.handle(mux, "POST "+computeP+"/start", onFound(sw, sw.lookupCompute, s.instanceAction("start")))
	s.handle(mux, "POST "+computeP+"/stop", onFound(sw, sw.lookupCompute, s.instanceAction("stop")))
	s.handle(mux, "POST "+computeP+"/restart", onFound(sw, sw.lookupCompute, s.instanceAction("restart")))
	s.handle(mux, "POST "+computeP+"/updateIdleShutdownSetting", withBody(sw, sw.lookupCompute, s.updateIdleShutdown))
	s.handle(mux, "POST "+computeP+"/listNodes", onFound(sw, sw.lookupCompute, s.listNodes))
	// The SDKs follow a POST list's nextLink with GET (runtime.FetcherForNextLink).
	s.handle(mux, "GET "+computeP+"/listNodes", onFound(sw, sw.lookupCompute, s.listNodes))
	s.handle(mux, "POST "+computeP+"/listKeys", onFound(sw, sw.lookupCompute, s.listKeys))

	s.handle(mux, "GET "+locPath+"/vmSizes", inScope(sw, sw.checkLocationScope, s.listVMSizes))
	s.handle(mux, "GET "+locPath+"/usages", inScope(sw, sw.checkLocationScope, s.listUsages))
	s.handle(mux, "GET "+locPath+"/quotas", inScope(sw, sw.checkLocationScope, s.listQuotas))
	s.handle(mux, "POST "+locPath+"/updateQuotas", withBody(sw, scoped(sw, sw.checkLocationScope), s.updateQuotas))
	s.handle(mux, "GET "+locPath+"/computeOperationsStatus/{id}", onFound(sw, sw.lookupOperation, s.getOperationStatus))
	s.handle(mux, "GET "+locPath+"/computeOperationsResults/{id}", onFound(sw, sw.lookupOperation, s.getOperationResult))

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeARMError(w, errorf(http.StatusNotFound, "NotFound", "The requested resource '%s' was not found.", r.URL.Path))
	})
}
