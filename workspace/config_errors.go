package workspace

import (
	"fmt"
	"path/filepath"
	"strings"
)

// FileError is a configuration file amlconsole could not use: the file, the line when known
// (1-based; 0 when not), and the problem.
type FileError struct {
	Path    string
	Line    int
	Problem string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Problem)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Problem)
}

// ValueError is a setting whose value breaks its rule. Value is as given, with any password
// in a URL hidden.
type ValueError struct {
	Setting string // "subscription", "resource group", "workspace", "cloud", "endpoint", ...
	Value   string
	Source  Source
	Rule    string
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("%s %q (from %s) is invalid: %s", e.Setting, e.Value, e.Source, e.Rule)
}

// MissingError lists the settings no layer provided, each with every way to set it and what
// was looked at.
type MissingError struct {
	settings []missingSetting
}

// missingSetting is one missing setting and what its file layers looked like.
type missingSetting struct {
	spec            settingSpec
	amlNote, azNote string // what the config.json search and the Azure CLI files held
}

// Missing names the missing settings, in the order `amlconsole config` lists them.
func (e *MissingError) Missing() []string {
	var names []string
	for _, m := range e.settings {
		names = append(names, m.spec.name)
	}
	return names
}

func (e *MissingError) Error() string {
	var b strings.Builder
	names := e.Missing()
	fmt.Fprintf(&b, "no %s configured; set ", joinAnd(names))
	if len(names) == 1 {
		b.WriteString("it in any one of these ways:")
	} else {
		b.WriteString("each in any one of these ways:")
	}
	for _, m := range e.settings {
		s := m.spec
		fmt.Fprintf(&b, "\n  %s:", s.name)
		fmt.Fprintf(&b, "\n    flag         %s", s.flagArg)
		fmt.Fprintf(&b, "\n    environment  %s=%s", s.envVar, placeholder(s.flagArg))
		fmt.Fprintf(&b, "\n    config.json  %q in --config PATH, or in .azureml/config.json or config.json in the working directory or a parent (%s)", s.jsonKey, m.amlNote)
		fmt.Fprintf(&b, "\n    Azure CLI    %s (%s)", s.azHow, m.azNote)
	}
	return b.String()
}

// placeholder is the argument name in a flag's help form: "ID" of "--subscription ID".
func placeholder(flagArg string) string {
	f := strings.Fields(flagArg)
	if len(f) < 2 {
		return "VALUE"
	}
	return f[1]
}

// joinAnd joins names as prose: "a", "a and b", "a, b and c".
func joinAnd(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// missing describes s for a MissingError, saying what the file layers held.
func (r *resolver) missing(s settingSpec) missingSetting {
	m := missingSetting{spec: s}
	switch {
	case r.aml != nil:
		m.amlNote = r.aml.path + " has none"
	case r.in.WorkDir == "":
		m.amlNote = "no working directory to search"
	default:
		m.amlNote = "none found from " + r.in.WorkDir + " upward"
	}
	m.azNote = r.azNote(s)
	return m
}

// azNote says what the Azure CLI files held for s.
func (r *resolver) azNote(s settingSpec) string {
	dir := r.azDir()
	if dir == "" {
		return "no home directory or AZURE_CONFIG_DIR to find it in"
	}
	if s.azOption == "" {
		if r.azProf == nil {
			return filepath.Join(dir, "azureProfile.json") + " not found; run az login first"
		}
		return r.azProf.path + " marks no default subscription for this cloud"
	}
	if r.azIni == nil {
		return filepath.Join(dir, "config") + " not found"
	}
	return r.azIni.path + " has no [defaults] " + s.azOption
}
