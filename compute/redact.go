package compute

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/goccy/go-yaml"
)

// Redacted is what every secret value is replaced with.
const Redacted = "***"

// IsSecretKey reports whether a JSON property name holds a secret: any name containing
// password, secret, token, connectionString, kubeConfig, privateKey, sas or key — except
// public keys (publicKeyData, adminPublicKey, adminUserSshPublicKey, which are safe to show)
// and names that only refer to a secret (…Name, …Id, …Type, …Uri, …Url, such as
// imagePullSecretName or keyVaultId).
func IsSecretKey(name string) bool {
	l := strings.ToLower(name)
	if strings.Contains(l, "public") {
		return false
	}
	for _, suffix := range []string{"name", "id", "ids", "type", "uri", "url", "identifier", "version", "expiry", "expireson"} {
		if strings.HasSuffix(l, suffix) && !strings.Contains(l, "sas") {
			return false
		}
	}
	for _, word := range []string{"password", "secret", "token", "connectionstring", "kubeconfig", "privatekey", "sas", "key"} {
		if strings.Contains(l, word) {
			return true
		}
	}
	return false
}

// Redact replaces, in a decoded JSON tree (as encoding/json produces with UseNumber), every
// non-null value under a secret key (see IsSecretKey) with Redacted — all leaves when the value is
// an object or array — and every SAS signature in any string (see RedactText). It returns the
// redacted tree; v is modified in place.
func Redact(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			if IsSecretKey(k) {
				t[k] = redactAll(child)
			} else {
				t[k] = Redact(child)
			}
		}
		return t
	case []any:
		for i, child := range t {
			t[i] = Redact(child)
		}
		return t
	case string:
		return RedactText(t)
	}
	return v
}

// redactAll replaces every non-null leaf under v.
func redactAll(v any) any {
	switch t := v.(type) {
	case nil:
		return nil
	case map[string]any:
		for k, child := range t {
			t[k] = redactAll(child)
		}
		return t
	case []any:
		for i, child := range t {
			t[i] = redactAll(child)
		}
		return t
	}
	return Redacted
}

// sasSignature matches the sig parameter of a SAS URL anywhere in a string, also inside
// error messages; the signature is what makes the URL a credential.
func sasSignature() *regexp.Regexp { return regexp.MustCompile(`(?i)([?&]sig=)[^&\s"'<>]+`) }

// RedactText hides every SAS signature in s; other text passes unchanged.
func RedactText(s string) string {
	if !strings.Contains(strings.ToLower(s), "sig=") {
		return s
	}
	return sasSignature().ReplaceAllString(s, "${1}"+Redacted)
}

// RedactJSON decodes a JSON document, redacts it and returns the tree.
func RedactJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return Redact(v), nil
}

// redactedTree marshals the resource through the SDK's own JSON and redacts it.
func redactedTree(r *armmachinelearning.ComputeResource) (any, error) {
	if r == nil {
		return nil, fmt.Errorf("compute: no resource")
	}
	data, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("compute: encode %s: %w", str(r.Name), err)
	}
	return RedactJSON(data)
}

// ResourceJSON returns the ARM resource as indented JSON, as the SDK serialises it, with every
// secret replaced by "***". Keys are sorted, so the output is stable for scripts.
func ResourceJSON(r *armmachinelearning.ComputeResource) ([]byte, error) {
	tree, err := redactedTree(r)
	if err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(tree, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// ResourceYAML returns the ARM resource as YAML with every secret replaced by "***". Keys come
// in a readable order: identifying fields first (name, id, type, location, ...), then
// computeType and states, then the rest alphabetically, with nested properties last.
func ResourceYAML(r *armmachinelearning.ComputeResource) ([]byte, error) {
	tree, err := redactedTree(r)
	if err != nil {
		return nil, err
	}
	return MarshalYAML(tree)
}

// MarshalYAML writes a decoded JSON tree as YAML in the readable key order of ResourceYAML.
func MarshalYAML(tree any) ([]byte, error) {
	return yaml.MarshalWithOptions(ordered(tree), yaml.IndentSequence(true))
}

// keyRank orders well-known keys first; everything else sorts alphabetically after them, and
// "properties" (the bulk) goes last.
func keyRank(k string) int {
	switch k {
	case "name":
		return 0
	case "id":
		return 1
	case "type":
		return 2
	case "computeType":
		return 3
	case "location":
		return 4
	case "computeLocation":
		return 5
	case "provisioningState":
		return 6
	case "state":
		return 7
	case "provisioningErrors":
		return 8
	case "errors":
		return 9
	case "description":
		return 10
	case "tags":
		return 11
	case "sku":
		return 12
	case "identity":
		return 13
	case "systemData":
		return 14
	case "properties":
		return 1000
	}
	return 100
}

// ordered converts maps to yaml.MapSlice in keyRank order, recursively; json.Number becomes a
// plain number so YAML prints it unquoted.
func ordered(v any) any {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			ri, rj := keyRank(keys[i]), keyRank(keys[j])
			if ri != rj {
				return ri < rj
			}
			return keys[i] < keys[j]
		})
		out := make(yaml.MapSlice, 0, len(keys))
		for _, k := range keys {
			out = append(out, yaml.MapItem{Key: k, Value: ordered(t[k])})
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, child := range t {
			out[i] = ordered(child)
		}
		return out
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		if f, err := t.Float64(); err == nil {
			return f
		}
		return t.String()
	}
	return v
}
