package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"time"
)

// Long-running operations. A mutating compute call creates an operation, answers with an
// Azure-AsyncOperation header pointing at its computeOperationsStatus resource, and the
// simulation finishes the operation later (finishOperation). Operations are persisted.

// Operation statuses as the computeOperationsStatus resource reports them.
const (
	opInProgress = "InProgress"
	opSucceeded  = "Succeeded"
	opFailed     = "Failed"
	opCanceled   = "Canceled"
)

// operation is one long-running operation.
type operation struct {
	ID        string
	Status    string
	Error     *armError `json:",omitempty"`
	StartTime time.Time
	EndTime   time.Time `json:",omitzero"`
}

// startOperation records a new in-progress operation.
func (w *world) startOperation() *operation {
	op := &operation{ID: w.newID(), Status: opInProgress, StartTime: w.now()}
	w.operations[op.ID] = op
	w.markDirty()
	return op
}

// finishOperation ends an operation: with a nil error it succeeded, otherwise it failed.
func (w *world) finishOperation(id string, failure *armError) {
	op, ok := w.operations[id]
	if !ok || op.Status != opInProgress {
		return
	}
	op.EndTime = w.now()
	op.Status = opSucceeded
	if failure != nil {
		op.Status, op.Error = opFailed, failure
	}
	w.markDirty()
}

// cancelOperation ends an in-progress operation as Canceled.
func (w *world) cancelOperation(id, why string) {
	op, ok := w.operations[id]
	if !ok || op.Status != opInProgress {
		return
	}
	op.Status, op.EndTime = opCanceled, w.now()
	op.Error = &armError{Code: "OperationCanceled", Message: why}
	w.markDirty()
}

// Finished operations are kept for a day (clients poll late, or resume from a token), and at
// most this many.
const (
	operationRetention = 24 * time.Hour
	maxOperations      = 2000
)

// pruneOperations forgets finished operations past their retention, oldest first.
func (w *world) pruneOperations(now time.Time) {
	var finished []*operation
	for id, op := range w.operations {
		if op.Status == opInProgress {
			continue
		}
		if now.Sub(op.EndTime) > operationRetention {
			delete(w.operations, id)
			w.markDirty()
			continue
		}
		finished = append(finished, op)
	}
	if len(finished) <= maxOperations {
		return
	}
	slices.SortFunc(finished, func(a, b *operation) int { return a.EndTime.Compare(b.EndTime) })
	for _, op := range finished[:len(finished)-maxOperations] {
		delete(w.operations, op.ID)
	}
	w.markDirty()
}

// operationURL is the absolute computeOperationsStatus URL of an operation.
func (w *world) operationURL(id, apiVersion string) string {
	return w.endpoint + "/subscriptions/" + w.sub + "/providers/Microsoft.MachineLearningServices/locations/" +
		w.location + "/computeOperationsStatus/" + id + "?api-version=" + url.QueryEscape(apiVersion)
}

// operationResultURL is the Location (computeOperationsResults) URL of an operation.
func (w *world) operationResultURL(id, apiVersion string) string {
	return w.endpoint + "/subscriptions/" + w.sub + "/providers/Microsoft.MachineLearningServices/locations/" +
		w.location + "/computeOperationsResults/" + id + "?api-version=" + url.QueryEscape(apiVersion)
}

// setAsyncHeaders points the client at an operation the way the service does: always
// Azure-AsyncOperation; Location (the operation's result) as well when withLocation, as the
// REST example of DELETE shows. Like the recordings, no Retry-After: SDK pollers use the
// frequency their caller chose.
func (s *Server) setAsyncHeaders(w http.ResponseWriter, r *http.Request, op *operation, withLocation bool) {
	u := s.world.operationURL(op.ID, r.URL.Query().Get("api-version"))
	w.Header().Set("Azure-AsyncOperation", u)
	if withLocation {
		w.Header().Set("Location", s.world.operationResultURL(op.ID, r.URL.Query().Get("api-version")))
	}
}

// operationStatusBody is the computeOperationsStatus resource as recorded.
type operationStatusBody struct {
	Status          string    `json:"status"`
	PercentComplete *float64  `json:"percentComplete,omitempty"`
	Error           *armError `json:"error,omitempty"`
}

// lookupOperation finds the compute operation of the request's path in the request's location,
// answering 404 otherwise.
func (w *world) lookupOperation(r *http.Request) (*operation, *httpError) {
	if e := w.checkLocationScope(r); e != nil {
		return nil, e
	}
	op, ok := w.operations[r.PathValue("id")]
	if !ok {
		return nil, errorf(http.StatusNotFound, "NotFound", "The operation '%s' was not found.", r.PathValue("id"))
	}
	return op, nil
}

func (s *Server) getOperationStatus(w http.ResponseWriter, r *http.Request, op *operation) *httpError {
	body := operationStatusBody{Status: op.Status, Error: op.Error}
	if op.Status == opSucceeded {
		full := 100.0
		body.PercentComplete = &full
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// getOperationResult is the Location of an operation: 202 while it runs, then 200 (or the
// operation's error).
func (s *Server) getOperationResult(w http.ResponseWriter, r *http.Request, op *operation) *httpError {
	switch {
	case op.Status == opInProgress:
		w.Header().Set("Location", r.URL.String())
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusAccepted)
	case op.Error != nil:
		return &httpError{Status: http.StatusBadRequest, Err: *op.Error}
	default:
		w.WriteHeader(http.StatusOK)
	}
	return nil
}
