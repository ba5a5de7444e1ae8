package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadDefault(t *testing.T) {
	example, err := os.ReadFile("../incidentbot.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	named := func(id string) string {
		return "units:\n  - {id: " + id + ", name: N, coordinators: [U0C1], escalation: [U0H1]}\n"
	}

	t.Run("path set", func(t *testing.T) {
		dir := t.TempDir()
		t.Chdir(dir)
		writeFile(t, DefaultFile, named("from-cwd"))
		path := filepath.Join(dir, "other.yaml")
		writeFile(t, path, named("from-path"))
		cfg, warnings, err := LoadDefault(path, example)
		if err != nil || warnings != nil {
			t.Fatalf("LoadDefault: %v, warnings %q", err, warnings)
		}
		if got := cfg.Units[0].ID; got != "from-path" {
			t.Errorf("unit %q, want the one from INCIDENTBOT_CONFIG", got)
		}
	})
	t.Run("path set but missing", func(t *testing.T) {
		t.Chdir(t.TempDir())
		writeFile(t, DefaultFile, named("from-cwd"))
		_, _, err := LoadDefault("missing.yaml", example)
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("err = %v, want one that says the file does not exist", err)
		}
	})
	t.Run("file in working directory", func(t *testing.T) {
		t.Chdir(t.TempDir())
		writeFile(t, DefaultFile, named("from-cwd"))
		cfg, _, err := LoadDefault("", example)
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.Units[0].ID; got != "from-cwd" {
			t.Errorf("unit %q, want the one from ./incidentbot.yaml", got)
		}
	})
	t.Run("problems name the file", func(t *testing.T) {
		t.Chdir(t.TempDir())
		writeFile(t, DefaultFile, "units: []\n")
		_, _, err := LoadDefault("", example)
		if diff := cmp.Diff(problems(t, err), []string{"incidentbot.yaml:1: units must list at least one unit"}); diff != "" {
			t.Errorf("problems (-got +want):\n%s", diff)
		}
	})
	t.Run("bundled example", func(t *testing.T) {
		t.Chdir(t.TempDir())
		cfg, warnings, err := LoadDefault("", example)
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.Units[0].ID; got != "jobbtorg-skarholmen" {
			t.Errorf("unit %q, want the example's first", got)
		}
		want := []string{"no configuration file: the bundled example configuration is in use; its Slack ids are made up, so set INCIDENTBOT_CONFIG or create ./incidentbot.yaml"}
		if diff := cmp.Diff(warnings, want); diff != "" {
			t.Errorf("warnings (-got +want):\n%s", diff)
		}
	})
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, good, "retention: {whistleblowing: 730d}\nindependent: {name: HR, coordinators: [U0HR1]}\nunits:\n  - {id: a, name: A, coordinators: [U0C1, U0C2], managers: [U0C1]}\n  - {id: b, name: A, coordinators: [U0C3]}\n")
	writeFile(t, bad, "units:\n  - {id: a, name: A, coordinators: [U0C1], escalation: [U0H1]}\nroutes: {}\n")

	warnings, err := Check(good)
	if err != nil || len(warnings) != 1 {
		t.Errorf("Check(good) = %q, %v; want one warning and no error", warnings, err)
	}
	_, err = Check(bad)
	want := []string{bad + `:3: routes must be a list such as [{category: ..., coordinators: [...]}], not a mapping`}
	if diff := cmp.Diff(problems(t, err), want); diff != "" {
		t.Errorf("problems (-got +want):\n%s", diff)
	}
	if _, err := Check(""); err == nil {
		t.Errorf("Check with no file: no error")
	}
}

func writeFile(t *testing.T, path, src string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
}
