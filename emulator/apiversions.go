package emulator

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// supportedAPIVersions lists every api-version Azure published for
// Microsoft.MachineLearningServices from 2022-10-01 on, stable and preview, as the
// azure-rest-api-specs folders of the provider list them. The resources the emulator serves
// kept a compatible shape across them, so every one is answered in the 2024-04-01 shape.
func supportedAPIVersions() []string {
	return []string{
		"2022-10-01",
		"2022-10-01-preview",
		"2022-12-01-preview",
		"2023-02-01-preview",
		"2023-04-01",
		"2023-04-01-preview",
		"2023-06-01-preview",
		"2023-08-01-preview",
		"2023-10-01",
		"2024-01-01-preview",
		"2024-04-01",
		"2024-04-01-preview",
		"2024-07-01-preview",
		"2024-10-01",
		"2024-10-01-preview",
		"2025-01-01-preview",
		"2025-04-01",
		"2025-04-01-preview",
		"2025-06-01",
		"2025-07-01-preview",
		"2025-09-01",
		"2025-10-01-preview",
		"2025-12-01",
	}
}

// checkAPIVersion answers like Resource Manager: a missing parameter, a malformed value and a
// version the provider never published are each a 400 with ARM's own code.
func checkAPIVersion(v string, present bool) *httpError {
	switch {
	case !present || v == "":
		return badRequest("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.")
	case !apiVersionShape().MatchString(v):
		return badRequest("InvalidApiVersionParameter", "The api-version '%s' is invalid. The supported versions are '%s'.", v, strings.Join(supportedAPIVersions(), ","))
	case !slices.Contains(supportedAPIVersions(), strings.ToLower(v)):
		return &httpError{Status: http.StatusBadRequest, Err: armError{
			Code:    "NoRegisteredProviderFound",
			Message: "No registered resource provider found for API version '" + v + "' and resource provider 'Microsoft.MachineLearningServices'. The supported api-versions are '" + strings.Join(supportedAPIVersions(), ", ") + "'.",
		}}
	}
	return nil
}

// apiVersionShape is the form of every api-version: a date, optionally "-preview".
func apiVersionShape() *regexp.Regexp { return regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(-preview)?$`) }
