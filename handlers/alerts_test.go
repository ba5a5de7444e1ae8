package handlers

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestAlertRulesNameRealMetrics: every incidentbot_ metric the example
// alert rules use is one the bot exports.
func TestAlertRulesNameRealMetrics(t *testing.T) {
	b, err := os.ReadFile("../docs/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var rules struct {
		Groups []struct {
			Rules []struct {
				Alert, Expr string
			}
		}
	}
	if err := yaml.Unmarshal(b, &rules); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	var src strings.Builder
	for _, f := range files {
		if !strings.HasSuffix(f, "_test.go") {
			b, _ := os.ReadFile(f)
			src.Write(b)
		}
	}
	n := 0
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			n++
			for _, m := range regexp.MustCompile(`incidentbot_[a-z_]+`).FindAllString(r.Expr, -1) {
				if !strings.Contains(src.String(), `"`+m+`"`) {
					t.Errorf("alert %s uses %s, which the bot does not export", r.Alert, m)
				}
			}
		}
	}
	if n == 0 {
		t.Error("no rules read")
	}
}
