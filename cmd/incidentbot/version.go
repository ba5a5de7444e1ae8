package main

import (
	"runtime"
	"runtime/debug"
)

// buildVersion is the release, set by the build:
// go build -ldflags "-X main.buildVersion=v1.4.0" ./cmd/incidentbot
var buildVersion string

// version is the release when the build set one, else what Go's build
// information says: the module version, or the commit and whether the
// tree had changes.
func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+changes"
			}
		}
	}
	if (v == "" || v == "(devel)") && rev != "" {
		return "devel-" + rev[:min(12, len(rev))] + modified
	}
	if v == "" {
		return "devel"
	}
	return v
}

// versionLine is what --version prints.
func versionLine() string {
	return "incidentbot " + version() + " (" + runtime.Version() + ")\n"
}
