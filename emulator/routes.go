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

	s.handle(mux, "GET "+locPath+"/computeOperationsStatus/{id}", s.getOperationStatus)
	s.handle(mux, "GET "+locPath+"/computeOperationsResults/{id}", s.getOperationResult)

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeARMError(w, errorf(http.StatusNotFound, "NotFound", "The requested resource '%s' was not found.", r.URL.Path))
	})
}
