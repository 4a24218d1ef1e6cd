package emulator

import (
	"net/http"
	"strings"
)

// Resource Manager matches resource paths case-insensitively (clients send "resourcegroups",
// "Microsoft.MachineLearningServices" or "microsoft.machinelearningservices" alike); the mux
// does not. canonicalPaths rewrites the keyword segments of ARM paths to one spelling before
// routing; names (of computes, jobs, ...) are left as sent.
func canonicalPaths(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := canonicalARMPath(r.URL.Path); p != r.URL.Path {
			r.URL.Path, r.URL.RawPath = p, ""
		}
		next.ServeHTTP(w, r)
	})
}

// armKeywords are the type and action segments of the routes both halves serve.
func armKeywords() []string {
	return []string{"subscriptions", "resourceGroups", "providers", "Microsoft.MachineLearningServices", "workspaces",
		"computes", "jobs", "locations", "computeOperationsStatus", "computeOperationsResults", "vmSizes", "usages",
		"quotas", "updateQuotas", "listNodes", "listKeys", "start", "stop", "restart", "cancel", "updateIdleShutdownSetting"}
}

// canonicalARMPath respells the keyword positions of /subscriptions/... paths: segments
// alternate type and name ("providers" and its namespace are such a pair), and a trailing
// odd segment is an action.
func canonicalARMPath(p string) string {
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if len(segs) == 0 || !strings.EqualFold(segs[0], "subscriptions") {
		return p
	}
	canon := func(s string) string {
		for _, k := range armKeywords() {
			if strings.EqualFold(s, k) {
				return k
			}
		}
		return s
	}
	for i := 0; i < len(segs); i += 2 {
		segs[i] = canon(segs[i])
		if segs[i] == "providers" && i+1 < len(segs) {
			// The namespace takes the name position; the next type follows it.
			segs[i+1] = canon(segs[i+1])
		}
	}
	return "/" + strings.Join(segs, "/")
}
