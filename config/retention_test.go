package config

import (
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

func TestRetention(t *testing.T) {
	const units = "units:\n  - id: a\n    name: A\n    coordinators: [U0C1]\n    escalation: [U0H1]\n"
	const independent = "independent: {name: HR, coordinators: [U0HR1]}\n"
	day := 24 * time.Hour
	cfg, warnings, err := Parse("t.yaml", []byte(units+independent+"retention:\n  default: 3650d\n  whistleblowing: 730d\n  personal_data: 0d\n"))
	if err != nil || len(warnings) != 0 {
		t.Fatalf("Parse: %v %v", err, warnings)
	}
	r := cfg.Retention
	if *r.Default != 3650*day || *r.Whistleblowing != 730*day || r.Categories[bot.PersonalData] != 0 {
		t.Errorf("retention = %+v", r)
	}
	for _, tc := range []struct {
		name, src, want string
	}{
		{"whistleblowing over two years", units + independent + "retention: {whistleblowing: 731d}\n", "kept 731 days"},
		{"whistleblowing unset", units + independent + "retention: {default: 365d}\n", "whistleblowing is not set"},
		{"no retention", units + independent, "retention is not set"},
	} {
		_, warnings, err := Parse("t.yaml", []byte(tc.src))
		if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0], tc.want) {
			t.Errorf("%s: warnings %v, %v; want one saying %q", tc.name, warnings, err, tc.want)
		}
	}
	for _, bad := range []string{"retention: {default: 10}\n", "retention: {default: -1d}\n", "retention: {harassment: 99999d}\n", "retention: {unknown: 1d}\n", "retention: 5\n"} {
		if _, _, err := Parse("t.yaml", []byte(units+bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
