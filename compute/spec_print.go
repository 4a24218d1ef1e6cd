package compute

import "fmt"

// maskSecret replaces a set secret with Redacted, keeping "set or not" visible.
func maskSecret(s *string) {
	if *s != "" {
		*s = Redacted
	}
}

// String renders the spec with its password replaced by "***", so printing a spec with %v,
// %+v or %#v (in a log line or a panic) never leaks it.
func (s ClusterSpec) String() string {
	maskSecret(&s.AdminPassword)
	type plain ClusterSpec // drops the methods, so Sprintf does not recurse
	return fmt.Sprintf("%+v", plain(s))
}

// GoString is String, for %#v.
func (s ClusterSpec) GoString() string { return s.String() }

// String renders the spec with its password, private key and access token replaced by "***".
func (s AttachSpec) String() string {
	maskSecret(&s.Password)
	maskSecret(&s.PrivateKey)
	maskSecret(&s.AccessToken)
	type plain AttachSpec
	return fmt.Sprintf("%+v", plain(s))
}

// GoString is String, for %#v.
func (s AttachSpec) GoString() string { return s.String() }
