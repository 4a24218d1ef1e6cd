package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// amlFile is an Azure ML config.json as the Azure ML SDKs write it (and the studio's
// "Download config.json" produces): subscription_id, resource_group, workspace_name.
type amlFile struct {
	path   string
	values map[string]string // by config.json key; absent keys are missing
}

// amlConfigNames are the names looked for in each directory, in order, as the SDKs do.
func amlConfigNames() []string {
	return []string{filepath.Join(".azureml", "config.json"), "config.json"}
}

// maxConfigFileSize bounds what amlconsole reads of a configuration file: these files are a
// few hundred bytes, and a huge one is not a configuration file.
const maxConfigFileSize = 1 << 20

// loadAMLConfig reads the config.json at explicit (relative to workDir; a directory is
// searched like the SDKs' from_config(path) does, without going upward), or else the first one
// found from workDir upward. It returns nil, nil when nothing was found by searching.
func loadAMLConfig(explicit, workDir string) (*amlFile, error) {
	if explicit != "" {
		path := explicit
		if !filepath.IsAbs(path) && workDir != "" {
			path = filepath.Join(workDir, path)
		}
		info, err := os.Stat(path)
		if err != nil {
			return nil, &FileError{Path: path, Problem: "cannot read the --config file: " + describeFSError(err)}
		}
		if info.IsDir() {
			found := findAMLConfigIn(path)
			if found == "" {
				return nil, &FileError{Path: path, Problem: "the --config directory has no .azureml/config.json or config.json"}
			}
			path = found
		}
		return readAMLConfig(path)
	}
	if workDir == "" {
		return nil, nil
	}
	dir, err := filepath.Abs(workDir)
	if err != nil {
		return nil, nil
	}
	for {
		if found := findAMLConfigIn(dir); found != "" {
			f, err := readAMLConfig(found)
			var fe *FileError
			if errors.As(err, &fe) {
				fe.Problem += " (found by searching upward from " + workDir + "; fix it, or pass --config PATH)"
			}
			return f, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, nil
		}
		dir = parent
	}
}

// findAMLConfigIn returns the path of the config.json file dir holds, or "". Unreadable
// directories on the way up (another user's home) simply hold none.
func findAMLConfigIn(dir string) string {
	for _, name := range amlConfigNames() {
		p := filepath.Join(dir, name)
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// readAMLConfig parses one config.json. Besides the three keys it understands "Scope", the
// workspace's ARM ID that some generated files carry; like the Azure ML SDK, a Scope wins
// over the three keys.
func readAMLConfig(path string) (*amlFile, error) {
	data, err := readConfigFile(path)
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonFileError(path, data, err, "an Azure ML config.json must be a JSON object such as {\"subscription_id\": \"...\", \"resource_group\": \"...\", \"workspace_name\": \"...\"}")
	}
	f := &amlFile{path: path, values: map[string]string{}}
	keys := []string{"subscription_id", "resource_group", "workspace_name"}
	for _, k := range append(keys, "Scope") {
		v, ok := raw[k]
		if !ok || string(v) == "null" {
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, &FileError{Path: path, Line: lineOfKey(data, k), Problem: fmt.Sprintf("%q must be a string, not %s", k, jsonKind(v))}
		}
		f.values[k] = strings.TrimSpace(s)
	}
	if scope := f.values["Scope"]; scope != "" {
		sub, rg, ws, ok := parseWorkspaceID(scope)
		if !ok {
			return nil, &FileError{Path: path, Line: lineOfKey(data, "Scope"), Problem: `"Scope" must be a workspace ID: /subscriptions/ID/resourceGroups/NAME/providers/Microsoft.MachineLearningServices/workspaces/NAME`}
		}
		f.values["subscription_id"], f.values["resource_group"], f.values["workspace_name"] = sub, rg, ws
	}
	delete(f.values, "Scope")
	return f, nil
}

// parseWorkspaceID splits an Azure ML workspace's ARM resource ID.
func parseWorkspaceID(id string) (sub, rg, ws string, ok bool) {
	p := strings.Split(strings.Trim(id, "/"), "/")
	if len(p) != 8 || !strings.EqualFold(p[0], "subscriptions") || !strings.EqualFold(p[2], "resourceGroups") ||
		!strings.EqualFold(p[4], "providers") || !strings.EqualFold(p[5], "Microsoft.MachineLearningServices") ||
		!strings.EqualFold(p[6], "workspaces") || p[1] == "" || p[3] == "" || p[7] == "" {
		return "", "", "", false
	}
	return p[1], p[3], p[7], true
}

// readConfigFile reads a small configuration file and drops a UTF-8 byte order mark, which
// Windows editors (and az itself, for azureProfile.json) write.
func readConfigFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Path: path, Problem: "cannot read: " + describeFSError(err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigFileSize+1))
	if err != nil {
		return nil, &FileError{Path: path, Problem: "cannot read: " + describeFSError(err)}
	}
	if len(data) > maxConfigFileSize {
		return nil, &FileError{Path: path, Problem: "larger than 1 MiB; this is not a configuration file"}
	}
	return stripBOM(data), nil
}

// stripBOM removes a leading UTF-8 byte order mark.
func stripBOM(b []byte) []byte {
	const bom = "\xef\xbb\xbf"
	if strings.HasPrefix(string(b), bom) {
		return b[len(bom):]
	}
	return b
}

// describeFSError turns a file system error into its reason alone (the path is already in the
// FileError).
func describeFSError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
