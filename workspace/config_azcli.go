package workspace

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"strings"
)

// iniFile is the Azure CLI's config file (~/.azure/config), which az reads with Python's
// configparser. amlconsole needs three options from it ([defaults] group and workspace,
// [cloud] name), so this small reader of configparser's format serves instead of a library.
type iniFile struct {
	path     string
	sections map[string]map[string]string // section → lower-cased option → value
}

// get returns an option's value, "" when absent. Options are case-insensitive, as in
// configparser; section names are not.
func (f *iniFile) get(section, option string) string {
	return strings.TrimSpace(f.sections[section][strings.ToLower(option)])
}

// loadINI reads an Azure CLI config file; a file that does not exist gives nil, nil.
func loadINI(path string) (*iniFile, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	data, err := readConfigFile(path)
	if err != nil {
		return nil, err
	}
	return parseINI(path, string(data))
}

// parseINI parses configparser's format: [section] headers, "option = value" or
// "option: value" lines, whole-line comments starting with '#' or ';', and indented
// continuation lines that extend the previous value.
func parseINI(path, text string) (*iniFile, error) {
	f := &iniFile{path: path, sections: map[string]map[string]string{}}
	var section, option string
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';':
			continue
		case line[0] == ' ' || line[0] == '\t':
			if option == "" {
				return nil, &FileError{Path: path, Line: n, Problem: "indented line continues no option"}
			}
			f.sections[section][option] += "\n" + trimmed
		case trimmed[0] == '[':
			if !strings.HasSuffix(trimmed, "]") || len(trimmed) < 3 {
				return nil, &FileError{Path: path, Line: n, Problem: "section header must look like [name]"}
			}
			section, option = trimmed[1:len(trimmed)-1], ""
			if f.sections[section] == nil {
				f.sections[section] = map[string]string{}
			}
		default:
			if section == "" {
				return nil, &FileError{Path: path, Line: n, Problem: "option outside any [section]"}
			}
			i := strings.IndexAny(trimmed, "=:")
			if i <= 0 {
				return nil, &FileError{Path: path, Line: n, Problem: "expected \"option = value\" or a [section] header"}
			}
			option = strings.ToLower(strings.TrimSpace(trimmed[:i]))
			f.sections[section][option] = strings.TrimSpace(trimmed[i+1:])
		}
	}
	return f, nil
}

// azProfile is the Azure CLI's ~/.azure/azureProfile.json: the subscriptions az login found,
// one of them marked default per cloud.
type azProfile struct {
	path          string
	subscriptions []azSubscription
}

type azSubscription struct {
	ID              string `json:"id"`
	IsDefault       bool   `json:"isDefault"`
	EnvironmentName string `json:"environmentName"`
}

// loadAzProfile reads azureProfile.json; a file that does not exist gives nil, nil. az writes
// it with a UTF-8 byte order mark, and writes it empty before the first login.
func loadAzProfile(path string) (*azProfile, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	data, err := readConfigFile(path)
	if err != nil {
		return nil, err
	}
	p := &azProfile{path: path}
	if len(strings.TrimSpace(string(data))) == 0 {
		return p, nil
	}
	var doc struct {
		Subscriptions []azSubscription `json:"subscriptions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, jsonFileError(path, data, err, `azureProfile.json must be an object like {"subscriptions": [{"id": "...", "isDefault": true}]}; run az login to rewrite it`)
	}
	p.subscriptions = doc.Subscriptions
	return p, nil
}

// defaultSubscription is the ID of the default subscription of the Azure CLI cloud azName
// (AzureCloud, ...). Entries without a cloud name count for any cloud.
func (p *azProfile) defaultSubscription(azName string) string {
	for _, s := range p.subscriptions {
		if s.IsDefault && strings.TrimSpace(s.ID) != "" && (s.EnvironmentName == "" || strings.EqualFold(s.EnvironmentName, azName)) {
			return strings.TrimSpace(s.ID)
		}
	}
	return ""
}
