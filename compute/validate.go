package compute

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
)

// FieldError is one problem with a spec: the spec field it concerns (as the forms name it),
// the rule broken (a stable, machine-readable id) and a message for the user. Messages never
// contain a secret the user typed.
type FieldError struct {
	Field   string
	Rule    string
	Message string
}

// Error returns "field: message".
func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// Rules a FieldError may name.
const (
	RuleRequired   = "required"
	RuleLength     = "length"
	RuleCharacters = "characters"
	RuleStart      = "start"
	RuleTrailing   = "trailing-digits"
	RuleEnum       = "enum"
	RuleRange      = "range"
	RuleMinMax     = "min-max"
	RuleFormat     = "format"
	RuleConflict   = "conflict"
	RuleDuplicate  = "duplicate"
	RuleAvailable  = "available"
	RuleQuota      = "quota"
)

// CheckName applies the service's rules for cluster and instance names: 3–24 characters,
// letters, digits and '-', starting with a letter, and not ending in '-' followed only by
// digits (the service refuses "cpu-cluster-1"). It returns every rule broken.
func CheckName(field, name string) []FieldError {
	if name == "" {
		return []FieldError{{field, RuleRequired, "a name is required"}}
	}
	var errs []FieldError
	if n := len(name); n < 3 || n > 24 {
		errs = append(errs, FieldError{field, RuleLength, fmt.Sprintf("must be 3 to 24 characters long (it has %d)", n)})
	}
	if c := name[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		errs = append(errs, FieldError{field, RuleStart, "must start with a letter"})
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			errs = append(errs, FieldError{field, RuleCharacters, fmt.Sprintf("may contain only letters, digits and '-' (not %q)", c)})
			break
		}
	}
	if i := strings.LastIndexByte(name, '-'); i >= 0 && i < len(name)-1 && allDigits(name[i+1:]) {
		errs = append(errs, FieldError{field, RuleTrailing, "must not end in '-' followed only by digits (the service refuses names like cpu-cluster-1)"})
	}
	return errs
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// IdentitySpec is the managed identity a new compute gets.
type IdentitySpec struct {
	// Type is "" or "None" (no identity), "SystemAssigned", "UserAssigned" or
	// "SystemAssigned,UserAssigned" (instances only).
	Type string
	// UserAssignedIDs are ARM ids of user-assigned identities; only with a UserAssigned type.
	UserAssignedIDs []string
}

// userIdentityID is the ARM id of a user-assigned managed identity.
func userIdentityID() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.ManagedIdentity/userAssignedIdentities/[^/]+$`)
}

// canonicalIdentityType spells an identity type as ARM does; ok is false when unknown.
func canonicalIdentityType(t string) (string, bool) {
	compact := strings.ReplaceAll(strings.TrimSpace(t), " ", "")
	for _, k := range []string{"", "None", "SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned"} {
		if strings.EqualFold(k, compact) {
			return k, true
		}
	}
	return "", false
}

// validate applies the identity rules; bothAllowed is false for clusters, which take a
// system-assigned identity or user-assigned ones, not both.
func (s IdentitySpec) validate(bothAllowed bool) []FieldError {
	const field = "identity.type"
	kind, ok := canonicalIdentityType(s.Type)
	if !ok {
		valid := "None, SystemAssigned, UserAssigned or SystemAssigned,UserAssigned"
		if !bothAllowed {
			valid = "None, SystemAssigned or UserAssigned"
		}
		return []FieldError{{field, RuleEnum, fmt.Sprintf("%q is not an identity type: use %s", s.Type, valid)}}
	}
	var errs []FieldError
	if kind == "SystemAssigned,UserAssigned" && !bothAllowed {
		errs = append(errs, FieldError{field, RuleConflict, "a cluster takes either a system-assigned identity or user-assigned identities, not both"})
	}
	hasUser := strings.Contains(kind, "UserAssigned")
	const idsField = "identity.userAssignedIds"
	switch {
	case len(s.UserAssignedIDs) > 0 && !hasUser:
		errs = append(errs, FieldError{idsField, RuleConflict, "user-assigned identity ids need the identity type UserAssigned"})
	case hasUser && len(s.UserAssignedIDs) == 0:
		errs = append(errs, FieldError{idsField, RuleRequired, "a UserAssigned identity needs at least one user-assigned identity id"})
	}
	seen := map[string]bool{}
	pattern := userIdentityID()
	for _, id := range s.UserAssignedIDs {
		switch key := strings.ToLower(id); {
		case !pattern.MatchString(id):
			errs = append(errs, FieldError{idsField, RuleFormat, fmt.Sprintf("%q is not a user-assigned identity id (/subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name})", id)})
		case seen[key]:
			errs = append(errs, FieldError{idsField, RuleDuplicate, fmt.Sprintf("%q is listed twice", id)})
		default:
			seen[key] = true
		}
	}
	return errs
}

// subnetID is the ARM id of a virtual network subnet.
func subnetID() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/virtualNetworks/[^/]+/subnets/[^/]+$`)
}

func checkSubnet(field, id string) []FieldError {
	if id == "" || subnetID().MatchString(id) {
		return nil
	}
	return []FieldError{{field, RuleFormat, fmt.Sprintf("%q is not a subnet id (/subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet})", id)}}
}

// checkSSHPublicKey accepts OpenSSH public keys; the message never repeats the value, which
// may be a private key pasted by mistake.
func checkSSHPublicKey(field, key string) []FieldError {
	if key == "" {
		return nil
	}
	k := strings.TrimSpace(key)
	if strings.Contains(k, "PRIVATE KEY") {
		return []FieldError{{field, RuleFormat, "this is a private key; paste the public key (the .pub file) instead"}}
	}
	for _, prefix := range []string{"ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-", "sk-ssh-ed25519@openssh.com ", "sk-ecdsa-sha2-"} {
		if strings.HasPrefix(k, prefix) {
			return nil
		}
	}
	return []FieldError{{field, RuleFormat, "must be an OpenSSH public key (ssh-rsa, ssh-ed25519 or ecdsa-sha2-…)"}}
}

// checkEnum accepts "" or one of values, case-insensitively, and returns the ARM spelling.
func checkEnum(field, v string, values ...string) (string, []FieldError) {
	if v == "" {
		return "", nil
	}
	for _, k := range values {
		if strings.EqualFold(k, v) {
			return k, nil
		}
	}
	return "", []FieldError{{field, RuleEnum, fmt.Sprintf("%q is not valid: use %s", v, strings.Join(values, ", "))}}
}

// FormatISODurationOf writes a duration the way ARM expects: "PT2M", "PT1H30M", "P1DT2H",
// "PT45S", "PT0.5S"; zero is "PT0S".
func FormatISODurationOf(d time.Duration) string {
	if d < 0 {
		return "-" + FormatISODurationOf(-d)
	}
	const day = 24 * time.Hour
	var b strings.Builder
	b.WriteByte('P')
	if days := d / day; days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		d -= days * day
	}
	if d == 0 {
		if b.Len() == 1 {
			return "PT0S"
		}
		return b.String()
	}
	b.WriteByte('T')
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dH", h)
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dM", m)
		d -= m * time.Minute
	}
	if d > 0 {
		s := fmt.Sprintf("%.9f", d.Seconds())
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		b.WriteString(s + "S")
	}
	return b.String()
}

// ParseIdleTime reads an idle time as a user types it: an ISO-8601 duration ("PT15M",
// "P1D") or a Go duration ("15m", "1h30m").
func ParseIdleTime(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(strings.ToUpper(s), "P") {
		return ParseISODuration(s)
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration: use 15m, 1h30m or PT15M", s)
	}
	return d, nil
}

// checkTags applies Azure Resource Manager's tag limits: at most 50 tags, names of 1–512
// characters without < > % & \ ? /, values of at most 256 characters.
func checkTags(tags map[string]string) []FieldError {
	const field = "tags"
	var errs []FieldError
	if len(tags) > 50 {
		errs = append(errs, FieldError{field, RuleRange, fmt.Sprintf("at most 50 tags are allowed (there are %d)", len(tags))})
	}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		switch {
		case strings.TrimSpace(k) == "":
			errs = append(errs, FieldError{field, RuleRequired, "a tag needs a name"})
		case len(k) > 512:
			errs = append(errs, FieldError{field, RuleLength, fmt.Sprintf("tag name %.20q… is longer than 512 characters", k)})
		case strings.ContainsAny(k, `<>%&\?/`):
			errs = append(errs, FieldError{field, RuleCharacters, fmt.Sprintf(`tag name %q may not contain < > %% & \ ? /`, k)})
		}
		if len(tags[k]) > 256 {
			errs = append(errs, FieldError{field, RuleLength, fmt.Sprintf("the value of tag %q is longer than 256 characters", k)})
		}
	}
	return errs
}
