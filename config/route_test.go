package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// two is a valid configuration of two units in nine lines; cases append
// routes to it from line 10.
const two = base + `  - id: lss
    name: LSS-boende
    coordinators: [U0COORD2]
    escalation: [U0HEAD2]
`

func TestParseRouteProblems(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"routes string", two + "routes: threat_violence\n",
			[]string{`t.yaml:10: routes must be a list such as [{category: ..., coordinators: [...]}], not the value "threat_violence"`}},
		{"route not a mapping", two + "routes:\n  - threat_violence\n",
			[]string{`t.yaml:11: a route must be a mapping with the keys category, units, coordinators, channel, not the value "threat_violence"`}},
		{"unknown route key", two + "routes:\n  - category: other\n    coordinators: [U0SEC1]\n    escalation: [U0HEAD1]\n",
			[]string{`t.yaml:13: unknown key "escalation" in a route; allowed keys: category, units, coordinators, channel`}},
		{"category missing", two + "routes:\n  - coordinators: [U0SEC1]\n",
			[]string{`t.yaml:11: route: category is required (a category id, or "*" for every category)`}},
		{"category unknown", two + "routes:\n  - category: violence\n    coordinators: [U0SEC1]\n",
			[]string{`t.yaml:11: route: unknown category "violence"; use one of personal_data, harassment, threat_violence, confidentiality, care_quality, work_environment, other, or "*"`}},
		{"unit unknown", two + "routes:\n  - category: other\n    units: [lss, jobbtorget]\n    coordinators: [U0SEC1]\n",
			[]string{`t.yaml:12: route units: no unit has the id "jobbtorget"`}},
		{"units empty", two + "routes:\n  - category: other\n    units: []\n    coordinators: [U0SEC1]\n",
			[]string{`t.yaml:12: route: units is empty; leave it out or write ["*"] to match every unit`}},
		{"units star and ids", two + "routes:\n  - category: other\n    units: [lss, \"*\"]\n    coordinators: [U0SEC1]\n",
			[]string{`t.yaml:12: route units: "*" matches every unit; list either "*" alone or unit ids`}},
		{"units twice", two + "routes:\n  - category: other\n    units: [lss, lss]\n    coordinators: [U0SEC1]\n",
			[]string{`t.yaml:12: route units: lss is listed twice (first at line 12)`}},
		{"units scalar", two + "routes:\n  - category: other\n    units: \"*\"\n    coordinators: [U0SEC1]\n",
			[]string{`t.yaml:12: units must be a list such as ["*"] or [unit-id, ...], not the value "*"`}},
		{"coordinators missing", two + "routes:\n  - category: other\n    channel: C0SEC1\n",
			[]string{`t.yaml:11: route: coordinators must list at least one Slack user id`}},
		{"coordinators bad", two + "routes:\n  - category: other\n    coordinators: [C0SEC1]\n",
			[]string{`t.yaml:12: coordinators: "C0SEC1" is not a Slack user id (U or W, then capital letters and digits)`}},
		{"channel bad", two + "routes:\n  - category: other\n    coordinators: [U0SEC1]\n    channel: U0SEC1\n",
			[]string{`t.yaml:13: channel: "U0SEC1" is not a Slack channel id (C or G, then capital letters and digits)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse("t.yaml", []byte(tt.src))
			if diff := cmp.Diff(problems(t, err), tt.want); diff != "" {
				t.Errorf("problems (-got +want):\n%s", diff)
			}
		})
	}
}

func TestParseWarnings(t *testing.T) {
	var many strings.Builder
	many.WriteString("units:\n")
	for i := range 101 {
		fmt.Fprintf(&many, "  - {id: u%d, name: U%d, coordinators: [U0C1], escalation: [U0H1]}\n", i, i)
	}
	route := func(cat, units string) string {
		return fmt.Sprintf("  - category: %s\n    units: %s\n    coordinators: [U0SEC1]\n", cat, units)
	}
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"no escalation with an independent function", "retention: {whistleblowing: 730d}\nindependent: {name: HR, coordinators: [U0HR1]}\nunits:\n  - id: a\n    name: A\n    coordinators: [U0C1]\n", nil},
		{"independent coordinator in a unit's line", "independent: {name: HR, coordinators: [U0HR1]}\nunits:\n  - id: a\n    name: A\n    coordinators: [U0C1]\n    managers: [U0HR1]\nretention: {whistleblowing: 730d}\n", []string{
			`t.yaml:1: independent: U0HR1 is also in the line of unit "a"; reports that go past that line will not reach them`,
		}},
		{"duplicate name", two + "  - {id: jobbtorg-2, name: \" JOBBTORG\", coordinators: [U0C1], escalation: [U0H1]}\n", []string{
			`t.yaml:10: unit name " JOBBTORG" is also used at line 3; reporters cannot tell the two apart`,
		}},
		{"over 100 units", many.String(), []string{"t.yaml:1: 101 units: Slack's static_select shows at most 100 options per group"}},
		{"same route twice", two + "routes:\n" + route("other", `["*"]`) + route("other", "[lss]"), []string{
			"t.yaml:14: this route never matches: the route at line 11 already matches every case it would",
		}},
		{"wildcard category first", two + "routes:\n" + route(`"*"`, "[lss]") + route("harassment", "[lss]"), []string{
			"t.yaml:14: this route never matches: the route at line 11 already matches every case it would",
		}},
		{"covered together", two + "routes:\n" + route("other", "[lss]") + route("other", "[jobbtorg]") + route("other", `["*"]`), []string{
			"t.yaml:17: this route never matches: the routes at lines 11 and 14 already match every case it would",
		}},
		{"narrow after broad category is live", two + "routes:\n" + route("other", "[lss]") + route(`"*"`, "[lss]"), nil},
		{"broad after narrow units is live", two + "routes:\n" + route("other", "[lss]") + route("other", `["*"]`), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, warnings, err := Parse("t.yaml", []byte(tt.src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(warnings, tt.want); diff != "" {
				t.Errorf("warnings (-got +want):\n%s", diff)
			}
		})
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	src := `case_prefix: inc
units:
  - id: a
    name: A
    coordinators: [U0C1, bob]
  - id: a
    name: B
    coordinators: []
    escalation: [U0H1]
routes:
  - category: violence
    units: [b]
    coordinators: [U0SEC1]
timezone: Mars/Olympus
`
	_, warnings, err := Parse("t.yaml", []byte(src))
	want := []string{
		`t.yaml:1: case_prefix "inc" must be a capital letter followed by at most 9 capital letters or digits, such as INC`,
		`t.yaml:3: unit "a" has no escalation people and the configuration has no independent function: a report that implicates its coordinators or the reporter's own reporting line would reach no one who is not involved; add escalation people or an independent function`,
		`t.yaml:5: coordinators: "bob" is not a Slack user id (U or W, then capital letters and digits)`,
		`t.yaml:6: duplicate unit id "a" (first at line 3)`,
		`t.yaml:8: unit "a": coordinators must list at least one Slack user id`,
		`t.yaml:11: route: unknown category "violence"; use one of personal_data, harassment, threat_violence, confidentiality, care_quality, work_environment, other, or "*"`,
		`t.yaml:12: route units: no unit has the id "b"`,
		`t.yaml:14: timezone "Mars/Olympus" is not a known IANA time zone such as Europe/Stockholm`,
	}
	if diff := cmp.Diff(problems(t, err), want); diff != "" {
		t.Errorf("problems (-got +want):\n%s", diff)
	}
	var wantWarnings []string
	if diff := cmp.Diff(warnings, wantWarnings); diff != "" {
		t.Errorf("warnings despite errors (-got +want):\n%s", diff)
	}
}
