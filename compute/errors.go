package compute

import (
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// ErrorSource says where in the resource an error was reported.
type ErrorSource string

// The places a compute reports errors.
const (
	SourceProvisioning ErrorSource = "provisioningErrors"
	SourceCompute      ErrorSource = "errors" // the cluster's or instance's own errors
)

// Error is one error a compute reports, verbatim from the service except that SAS signatures in
// messages are hidden (see RedactText).
type Error struct {
	Source  ErrorSource
	Code    string
	Message string
	Target  string
	Details []Error // nested details, verbatim; their Source is the parent's
}

// String returns "code: message", or whichever of the two is present.
func (e Error) String() string {
	switch {
	case e.Code != "" && e.Message != "":
		return e.Code + ": " + e.Message
	case e.Code != "":
		return e.Code
	}
	return e.Message
}

// Errors returns every error the compute reports: all provisioningErrors first, then the
// cluster's or instance's own errors, in the service's order. Null entries are skipped.
func Errors(r *armmachinelearning.ComputeResource) []Error {
	var out []Error
	if base := baseOf(r); base != nil {
		out = appendErrors(out, SourceProvisioning, base.ProvisioningErrors)
	}
	return appendErrors(out, SourceCompute, ownErrors(r))
}

// ownErrors returns the errors a cluster or instance reports about itself (node setup and the
// like), apart from provisioningErrors.
func ownErrors(r *armmachinelearning.ComputeResource) []*armmachinelearning.ErrorResponse {
	if r == nil {
		return nil
	}
	switch p := r.Properties.(type) {
	case *armmachinelearning.AmlCompute:
		if p.Properties != nil {
			return p.Properties.Errors
		}
	case *armmachinelearning.ComputeInstance:
		if p.Properties != nil {
			return p.Properties.Errors
		}
	}
	return nil
}

// errorSummary counts the errors Errors would return and renders the first, without building
// the whole list: Summarize runs for every compute on every watcher cycle.
func errorSummary(r *armmachinelearning.ComputeResource, base *armmachinelearning.Compute) (int, string) {
	count, first := 0, ""
	for _, list := range [2][]*armmachinelearning.ErrorResponse{provisioningErrors(base), ownErrors(r)} {
		for _, e := range list {
			if e == nil || e.Error == nil {
				continue
			}
			if count == 0 {
				first = convertDetail(SourceProvisioning, e.Error).String()
			}
			count++
		}
	}
	return count, first
}

func provisioningErrors(base *armmachinelearning.Compute) []*armmachinelearning.ErrorResponse {
	if base == nil {
		return nil
	}
	return base.ProvisioningErrors
}

func appendErrors(out []Error, src ErrorSource, list []*armmachinelearning.ErrorResponse) []Error {
	for _, e := range list {
		if e == nil || e.Error == nil {
			continue
		}
		out = append(out, convertDetail(src, e.Error))
	}
	return out
}

func convertDetail(src ErrorSource, d *armmachinelearning.ErrorDetail) Error {
	e := Error{
		Source:  src,
		Code:    str(d.Code),
		Message: RedactText(str(d.Message)), // verbatim but for SAS signatures
		Target:  str(d.Target),
	}
	for _, sub := range d.Details {
		if sub != nil {
			e.Details = append(e.Details, convertDetail(src, sub))
		}
	}
	return e
}
