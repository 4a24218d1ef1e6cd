package main

import (
	"fmt"
	"runtime/debug"
)

// Set by goreleaser through -ldflags "-X main.version=… -X main.commit=… -X main.date=…".
var (
	version = ""
	commit  = ""
	date    = ""
)

// buildInfo is the version triple the binary reports, falling back to what the Go toolchain
// recorded (module version, VCS revision and time) when ldflags did not set it, as with go run.
type buildInfo struct {
	Version, Commit, Date string
}

func currentBuild() buildInfo {
	b := buildInfo{Version: version, Commit: commit, Date: date}
	if info, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision" && b.Commit == "":
				b.Commit = s.Value
			case s.Key == "vcs.time" && b.Date == "":
				b.Date = s.Value
			}
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	if b.Date == "" {
		b.Date = "unknown"
	}
	return b
}

func (b buildInfo) String() string {
	return fmt.Sprintf("amlconsole %s (commit %s, built %s)", b.Version, b.Commit, b.Date)
}
