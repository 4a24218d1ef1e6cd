package emulator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Validation the compute resource provider applies, with errors that name the field and rule.

// validationError is a 400 whose target is the offending field.
func validationError(target, format string, args ...any) *httpError {
	e := badRequest("BadArgument", format, args...)
	e.Err.Target = target
	return e
}

// computeNamePattern: 3–24 characters, letters, digits and '-', starting with a letter.
func computeNamePattern() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{2,23}$`) }

// trailingDigitsPattern matches names the service refuses: a '-' followed only by digits at the end.
func trailingDigitsPattern() *regexp.Regexp { return regexp.MustCompile(`-[0-9]+$`) }

// validateComputeName applies the service's compute name rules.
func validateComputeName(name string) *httpError {
	switch {
	case len(name) < 3 || len(name) > 24:
		return validationError("computeName", "Compute name '%s' is invalid: it must be between 3 and 24 characters long (it has %d).", name, len(name))
	case !computeNamePattern().MatchString(name):
		return validationError("computeName", "Compute name '%s' is invalid: it may contain only letters, digits and '-', and must start with a letter.", name)
	case trailingDigitsPattern().MatchString(name):
		return validationError("computeName", "Compute name '%s' is invalid: a '-' may not be followed only by digits at the end of the name.", name)
	}
	return nil
}

// parseISODuration reads the ISO-8601 durations ARM uses (P[nD][T[nH][nM][n[.n]S]]). It is
// hand-written because the simulation parses idle times on every tick.
func parseISODuration(s string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not an ISO-8601 duration such as PT2M or P1DT12H", s)
	rest, ok := strings.CutPrefix(strings.ToUpper(s), "P")
	if !ok || rest == "" {
		return 0, bad
	}
	var d time.Duration
	inTime, units := false, 0
	for rest != "" {
		if rest[0] == 'T' {
			if inTime || len(rest) == 1 {
				return 0, bad
			}
			inTime, rest = true, rest[1:]
			continue
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, bad
		}
		n, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil {
			return 0, bad
		}
		var unit time.Duration
		switch {
		case rest[i] == 'D' && !inTime:
			unit = 24 * time.Hour
		case rest[i] == 'H' && inTime:
			unit = time.Hour
		case rest[i] == 'M' && inTime:
			unit = time.Minute
		case rest[i] == 'S' && inTime:
			unit = time.Second
		default:
			return 0, bad
		}
		d += time.Duration(n * float64(unit))
		units++
		rest = rest[i+1:]
	}
	if units == 0 {
		return 0, bad
	}
	return d, nil
}

// Resource providers an attachment's resourceId must name, by compute type.
func attachProviders(computeType string) []string {
	switch computeType {
	case typeVirtualMachine:
		return []string{"Microsoft.Compute/virtualMachines"}
	case typeHDInsight:
		return []string{"Microsoft.HDInsight/clusters"}
	case typeDatabricks:
		return []string{"Microsoft.Databricks/workspaces"}
	case typeDataLakeAnalytics:
		return []string{"Microsoft.DataLakeAnalytics/accounts"}
	case typeKubernetes:
		return []string{"Microsoft.ContainerService/managedClusters", "Microsoft.Kubernetes/connectedClusters"}
	case typeAKS:
		return []string{"Microsoft.ContainerService/managedClusters"}
	case typeSynapseSpark:
		return []string{"Microsoft.Synapse/workspaces/bigDataPools"}
	}
	return nil
}

// resourceIDPattern is an ARM resource id, optionally of a child resource.
func resourceIDPattern() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^/subscriptions/([0-9a-f-]{36})/resourceGroups/([^/]+)/providers/([^/]+)/([^/]+)/([^/]+)(?:/([^/]+)/([^/]+))?$`)
}

// validateAttachResourceID checks that id is a resource of the kind computeType attaches.
func validateAttachResourceID(computeType, id string) *httpError {
	want := attachProviders(computeType)
	if id == "" {
		return validationError("properties.resourceId", "properties.resourceId is required to attach a %s compute: the ARM id of the %s resource.", computeType, strings.Join(want, " or "))
	}
	m := resourceIDPattern().FindStringSubmatch(id)
	if m == nil {
		return validationError("properties.resourceId", "properties.resourceId '%s' is not an ARM resource id of the form /subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/%s/{name}.", id, want[0])
	}
	kind := m[3] + "/" + m[4]
	if m[6] != "" {
		kind += "/" + m[6]
	}
	for _, w := range want {
		if strings.EqualFold(kind, w) {
			return nil
		}
	}
	return validationError("properties.resourceId", "properties.resourceId '%s' names a %s resource, but a %s compute attaches %s.", id, kind, computeType, strings.Join(want, " or "))
}

// userIdentityIDPattern is the id of a user-assigned managed identity.
func userIdentityIDPattern() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^/subscriptions/[0-9a-f-]{36}/resourceGroups/[^/]+/providers/Microsoft\.ManagedIdentity/userAssignedIdentities/[^/]+$`)
}

// identityRequest is the identity of a PUT or PATCH.
type identityRequest struct {
	Type                   string                    `json:"type"`
	UserAssignedIdentities map[string]map[string]any `json:"userAssignedIdentities"`
}

// validateIdentity applies the identity rules and returns the identity to store.
func (w *world) validateIdentity(computeType string, req *identityRequest) (*identityBody, *httpError) {
	if req == nil {
		return nil, nil
	}
	kinds := map[string]string{
		"none": "None", "systemassigned": "SystemAssigned", "userassigned": "UserAssigned",
		"systemassigned,userassigned": "SystemAssigned,UserAssigned", "systemassigned, userassigned": "SystemAssigned,UserAssigned",
	}
	kind, ok := kinds[strings.ToLower(strings.TrimSpace(req.Type))]
	if !ok {
		return nil, validationError("identity.type", "identity.type '%s' is not valid: use SystemAssigned, UserAssigned, SystemAssigned,UserAssigned or None.", req.Type)
	}
	hasUser := strings.Contains(kind, "UserAssigned")
	switch {
	case len(req.UserAssignedIdentities) > 0 && !hasUser:
		return nil, validationError("identity.userAssignedIdentities", "identity.userAssignedIdentities may only be given when identity.type includes UserAssigned (it is %s).", kind)
	case hasUser && len(req.UserAssignedIdentities) == 0:
		return nil, validationError("identity.userAssignedIdentities", "identity.type %s needs at least one entry in identity.userAssignedIdentities.", kind)
	case computeType == typeAmlCompute && kind == "SystemAssigned,UserAssigned":
		return nil, validationError("identity.type", "A compute cluster takes either a system-assigned identity or user-assigned identities, not both.")
	}
	if kind == "None" {
		return nil, nil
	}
	id := &identityBody{Type: kind}
	if strings.Contains(kind, "SystemAssigned") {
		id.PrincipalID, id.TenantID = w.newID(), emulatorTenant
	}
	for uid := range req.UserAssignedIdentities {
		if !userIdentityIDPattern().MatchString(uid) {
			return nil, validationError("identity.userAssignedIdentities", "'%s' is not the id of a user-assigned identity (/subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}).", uid)
		}
		if id.UserAssignedIdentities == nil {
			id.UserAssignedIdentities = map[string]userIdentityBody{}
		}
		id.UserAssignedIdentities[uid] = userIdentityBody{PrincipalID: w.newID(), ClientID: w.newID()}
	}
	return id, nil
}

// allowedProperties lists the fields properties.properties may carry, by compute type: those
// of the 2024-04-01 schema plus the read-only ones a client echoes back from a GET.
func allowedProperties(computeType string) []string {
	switch computeType {
	case typeAmlCompute:
		return []string{"osType", "vmSize", "vmPriority", "virtualMachineImage", "isolatedNetwork", "scaleSettings",
			"userAccountCredentials", "subnet", "remoteLoginPortPublicAccess", "enableNodePublicIp", "propertyBag",
			"allocationState", "allocationStateTransitionTime", "errors", "currentNodeCount", "targetNodeCount",
			"nodeStateCounts", "enableBatchPrivateLink"}
	case typeComputeInstance:
		return []string{"vmSize", "subnet", "applicationSharingPolicy", "sshSettings", "customServices", "osImageMetadata",
			"connectivityEndpoints", "applications", "createdBy", "errors", "state", "computeInstanceAuthorizationType",
			"personalComputeInstanceSettings", "setupScripts", "lastOperation", "schedules", "enableNodePublicIp",
			"containers", "dataDisks", "dataMounts", "versions", "idleTimeBeforeShutdown", "imageVersion",
			"autologgerSettings", "enableOSPatching", "releaseQuotaOnStop", "enableSSO", "enableBatchPrivateLink", "updateStatus"}
	case typeVirtualMachine:
		return []string{"virtualMachineSize", "sshPort", "notebookServerPort", "address", "administratorAccount", "isNotebookInstanceCompute"}
	case typeHDInsight:
		return []string{"sshPort", "address", "administratorAccount"}
	case typeDatabricks:
		return []string{"databricksAccessToken", "workspaceUrl"}
	case typeDataLakeAnalytics:
		return []string{"dataLakeStoreAccountName"}
	case typeKubernetes:
		return []string{"relayConnectionString", "serviceBusConnectionString", "extensionPrincipalId",
			"extensionInstanceReleaseTrain", "vcName", "namespace", "defaultInstanceType", "instanceTypes"}
	case typeSynapseSpark:
		return []string{"autoScaleProperties", "autoPauseProperties", "sparkVersion", "nodeCount", "nodeSize",
			"nodeSizeFamily", "subscriptionId", "resourceGroup", "workspaceName", "poolName"}
	case typeAKS:
		return []string{"clusterFqdn", "systemServices", "agentCount", "agentVmSize", "clusterPurpose",
			"sslConfiguration", "aksNetworkingConfiguration", "loadBalancerType", "loadBalancerSubnet"}
	}
	return nil
}

// supportedComputeTypes are the types the emulator creates or attaches.
func supportedComputeTypes() []string {
	return []string{typeAmlCompute, typeComputeInstance, typeVirtualMachine, typeHDInsight, typeDatabricks,
		typeDataLakeAnalytics, typeKubernetes, typeSynapseSpark, typeAKS}
}

// canonicalComputeType maps a computeType case-insensitively to its ARM spelling.
func canonicalComputeType(t string) (string, bool) {
	for _, k := range supportedComputeTypes() {
		if strings.EqualFold(k, t) {
			return k, true
		}
	}
	return "", false
}

// checkFieldsBelong refuses fields of properties.properties that are not part of the type.
func checkFieldsBelong(computeType string, fields map[string]rawObject) *httpError {
	allowed := allowedProperties(computeType)
	for name := range fields {
		if containsFold(allowed, name) {
			continue
		}
		for _, other := range supportedComputeTypes() {
			if other != computeType && containsFold(allowedProperties(other), name) {
				return validationError("properties.properties."+name, "properties.properties.%s does not belong to compute type %s (it is a setting of %s).", name, computeType, other)
			}
		}
		return validationError("properties.properties."+name, "properties.properties.%s is not a property of compute type %s.", name, computeType)
	}
	return nil
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
