package config

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/incidentbot/incidentbot/bot"
)

// base is a valid configuration of five lines; cases append to it so that
// their line numbers start at 6.
const base = `units:
  - id: jobbtorg
    name: Jobbtorg
    coordinators: [U0COORD1]
    escalation: [U0HEAD1]
`

// problems returns the lines of err, which must be *Errors or nil.
func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error is %T, not *Errors: %v", err, err)
	}
	if got, want := errs.Error(), strings.Join(lines(errs), "\n"); got != want {
		t.Errorf("Error() = %q, want the problems joined by newlines %q", got, want)
	}
	return lines(errs)
}

func lines(errs *Errors) []string {
	var s []string
	for _, p := range errs.Problems {
		s = append(s, p.String())
	}
	return s
}

func TestParseExample(t *testing.T) {
	data, err := os.ReadFile("../incidentbot.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, warnings, err := Parse("incidentbot.example.yaml", data)
	if err != nil {
		t.Fatalf("example: %v", err)
	}
	if len(warnings) > 0 {
		t.Errorf("example warnings: %q", warnings)
	}
	if len(cfg.Units) != 3 || len(cfg.Routes) != 2 {
		t.Errorf("example has %d units and %d routes, want 3 and 2", len(cfg.Units), len(cfg.Routes))
	}
	if _, err := bot.RouteFor(bot.RouteQuery{Category: bot.ThreatViolence, Unit: "lss-solrosen"}, cfg); err != nil {
		t.Errorf("route a case with the example: %v", err)
	}
}

func TestParseDefaults(t *testing.T) {
	cfg, warnings, err := Parse("t.yaml", []byte(base))
	if err != nil || warnings != nil {
		t.Fatalf("Parse: %v, warnings %q", err, warnings)
	}
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	want := &bot.Config{
		CasePrefix: "INC",
		Timezone:   stockholm,
		Language:   bot.Swedish,
		DraftTTL:   14 * 24 * time.Hour,
		Units:      []bot.Unit{{ID: "jobbtorg", Name: "Jobbtorg", Coordinators: []string{"U0COORD1"}, Escalation: []string{"U0HEAD1"}}},
	}
	if diff := cmp.Diff(cfg, want, cmp.Comparer(sameZone), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("defaults (-got +want):\n%s", diff)
	}
}

func sameZone(a, b *time.Location) bool { return a.String() == b.String() }

func TestParseAllKeys(t *testing.T) {
	src := `case_prefix: KS2
timezone: Europe/Helsinki
language: en
draft_days: 30
units:
  - id: lss_1
    name: LSS 1
    coordinators: &coord [U0COORD1, W0COORD2]
    channel: G0CASES1
    managers: [U0MGR1]
    escalation: [U0HEAD1]
    lex_sarah: true
routes:
  - category: "*"
    units: [lss_1]
    coordinators: *coord
    channel: C0SEC1
independent:
  name: HR och visselblåsarfunktionen
  coordinators: [U0HR1, U0HR2]
  channel: G0HRCASES
retention:
  default: 3650d
  whistleblowing: 730d
  personal_data: 1825d
`
	cfg, warnings, err := Parse("t.yaml", []byte(src))
	if err != nil || warnings != nil {
		t.Fatalf("Parse: %v, warnings %q", err, warnings)
	}
	helsinki, _ := time.LoadLocation("Europe/Helsinki")
	const day = 24 * time.Hour
	ptr := func(d time.Duration) *time.Duration { return &d }
	want := &bot.Config{
		CasePrefix: "KS2",
		Timezone:   helsinki,
		Language:   bot.English,
		DraftTTL:   30 * 24 * time.Hour,
		Units: []bot.Unit{{ID: "lss_1", Name: "LSS 1", Coordinators: []string{"U0COORD1", "W0COORD2"},
			Channel: "G0CASES1", Managers: []string{"U0MGR1"}, Escalation: []string{"U0HEAD1"}, LexSarah: true}},
		Routes:      []bot.RouteRule{{Category: "*", Units: []string{"lss_1"}, Coordinators: []string{"U0COORD1", "W0COORD2"}, Channel: "C0SEC1"}},
		Independent: &bot.Function{Name: "HR och visselblåsarfunktionen", Coordinators: []string{"U0HR1", "U0HR2"}, Channel: "G0HRCASES"},
		Retention: bot.Retention{Default: ptr(3650 * day), Whistleblowing: ptr(730 * day),
			Categories: map[bot.Category]time.Duration{bot.PersonalData: 1825 * day}},
	}
	if diff := cmp.Diff(cfg, want, cmp.Comparer(sameZone)); diff != "" {
		t.Errorf("config (-got +want):\n%s", diff)
	}
}

func TestParseProblems(t *testing.T) {
	long := strings.Repeat("å", 76)
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"empty file", "", []string{"t.yaml:1: the file is empty; it needs at least a units list"}},
		{"only comments", "# nothing\n", []string{"t.yaml:1: the file is empty; it needs at least a units list"}},
		{"empty document", "---\n", []string{"t.yaml:1: the file is empty; it needs at least a units list"}},
		{"syntax", "units:\n  - id: a\n   name: b\n", []string{"t.yaml:2: YAML syntax: did not find expected '-' indicator"}},
		{"unclosed list", "units: [\n", []string{"t.yaml:2: YAML syntax: did not find expected node content"}},
		{"syntax parser", base + "- c\n", []string{"t.yaml:6: YAML syntax: did not find expected key"}},
		{"syntax scanner", base + "case_prefix: a: b\n", []string{"t.yaml:6: YAML syntax: mapping values are not allowed in this context"}},
		{"unknown anchor", base + "    managers: *mgrs\n", []string{"t.yaml:6: YAML syntax: unknown anchor 'mgrs' referenced"}},
		{"bare star", base + "routes:\n  - category: *\n", []string{`t.yaml:7: YAML syntax: did not find expected alphabetic or numeric character (a bare * starts an alias: write "*" in quotes)`}},
		{"tab", base + "\tcase_prefix: X\n", []string{"t.yaml:6: YAML syntax: found character that cannot start any token (indent with spaces, not tabs; quote values that start with @ or `)"}},
		{"two documents", base + "---\nunits: []\n", []string{"t.yaml:6: a second YAML document starts here; the file must hold only one"}},
		{"not a mapping", "- a\n", []string{"t.yaml:1: the configuration must be a mapping with the keys case_prefix, timezone, language, draft_days, ack_target_hours, digest_schedule, units, routes, independent, retention, dpo, not a list"}},
		{"dpo not an id", base + "dpo: [jan]\n", []string{`t.yaml:6: dpo: "jan" is not a Slack user id (U or W, then capital letters and digits)`}},
		{"unknown top key", base + "colour: red\n", []string{`t.yaml:6: unknown key "colour" in the configuration; allowed keys: case_prefix, timezone, language, draft_days, ack_target_hours, digest_schedule, units, routes, independent, retention, dpo`}},
		{"digest schedule not cron", base + "digest_schedule: mondays\n", []string{`t.yaml:6: digest_schedule "mondays" is not a cron expression (minute hour day-of-month month day-of-week, e.g. "0 8 * * 1"): expected exactly 5 fields, found 1: [mondays]`}},
		{"ack target not hours", base + "ack_target_hours: 2d\n", []string{`t.yaml:6: ack_target_hours "2d" must be a whole number of hours from 1 to 720`}},
		{"repeated key", base + "units: []\n", []string{`t.yaml:6: key "units" repeated in the configuration (first at line 1)`}},
		{"independent without name or coordinators", base + "independent:\n  channel: C0HR\n", []string{
			`t.yaml:7: independent: name is required; reporters see it, e.g. "HR och visselblåsarfunktionen"`,
			`t.yaml:7: independent: coordinators must list at least one Slack user id`,
		}},
		{"independent with a long name and a channel name", base + "independent:\n  name: " + strings.Repeat("x", 51) + "\n  coordinators: [U0HR1]\n  channel: \"#hr\"\n", []string{
			`t.yaml:7: independent: name is 51 characters; keep it to 50 so reporters see it whole`,
			`t.yaml:9: channel: "#hr" is a name; use the channel id from the bottom of the channel's details`,
		}},
		{"lex_sarah not a boolean", "units:\n  - {id: a, name: A, coordinators: [U0C1], escalation: [U0H1], lex_sarah: yes}\n", []string{
			`t.yaml:2: unit "a": lex_sarah "yes" must be true or false`,
		}},
		{"independent with an unknown key", base + "independent: {name: HR, coordinators: [U0HR1], mail: hr@example.org}\n", []string{
			`t.yaml:6: unknown key "mail" in independent; allowed keys: name, coordinators, channel`,
		}},
		{"merge key", base + "  - <<: {name: B}\n    id: b\n    coordinators: [U0C1]\n    escalation: [U0H1]\n", []string{
			"t.yaml:6: merge keys (<<) are not supported; write the keys out",
			`t.yaml:6: unit "b": name is required`,
		}},
		{"case prefix", base + "case_prefix: inc\n", []string{`t.yaml:6: case_prefix "inc" must be a capital letter followed by at most 9 capital letters or digits, such as INC`}},
		{"case prefix list", base + "case_prefix: [INC]\n", []string{`t.yaml:6: case_prefix must be a single value, not a list`}},
		{"timezone", base + "timezone: Europe/Gothenburg\n", []string{`t.yaml:6: timezone "Europe/Gothenburg" is not a known IANA time zone such as Europe/Stockholm`}},
		{"timezone local", base + "timezone: Local\n", []string{`t.yaml:6: timezone "Local" is not a known IANA time zone such as Europe/Stockholm`}},
		{"language", base + "language: fi\n", []string{`t.yaml:6: language "fi" must be sv or en`}},
		{"draft days zero", base + "draft_days: 0\n", []string{`t.yaml:6: draft_days "0" must be a whole number of days from 1 to 90`}},
		{"draft days 91", base + "draft_days: 91\n", []string{`t.yaml:6: draft_days "91" must be a whole number of days from 1 to 90`}},
		{"draft days text", base + "draft_days: two weeks\n", []string{`t.yaml:6: draft_days "two weeks" must be a whole number of days from 1 to 90`}},
		{"units missing", "case_prefix: INC\n", []string{"t.yaml:1: units is required: list at least one unit"}},
		{"units empty", "units: []\n", []string{"t.yaml:1: units must list at least one unit"}},
		{"units null", "units:\n", []string{"t.yaml:1: units must list at least one unit"}},
		{"units string", "units: jobbtorg\n", []string{`t.yaml:1: units must be a list such as [{id: ..., name: ..., coordinators: [...]}], not the value "jobbtorg"`}},
		{"unit not a mapping", "units:\n  - jobbtorg\n", []string{`t.yaml:2: a unit must be a mapping with the keys id, name, coordinators, channel, managers, escalation, ack_target_hours, act, committee, lex_sarah, not the value "jobbtorg"`}},
		{"unit empty", base + "  -\n", []string{`t.yaml:6: a unit must be a mapping with the keys id, name, coordinators, channel, managers, escalation, ack_target_hours, act, committee, lex_sarah, not empty`}},
		{"unknown unit key", "units:\n  - id: a\n    name: A\n    coordinators: [U0C1]\n    escalation: [U0H1]\n    email: a@example.org\n",
			[]string{`t.yaml:6: unknown key "email" in a unit; allowed keys: id, name, coordinators, channel, managers, escalation, ack_target_hours, act, committee, lex_sarah`}},
		{"id missing", "units:\n  - name: A\n    coordinators: [U0C1]\n    escalation: [U0H1]\n", []string{"t.yaml:2: unit: id is required"}},
		{"id invalid", "units:\n  - id: Jobbtorg Ost\n    name: A\n    coordinators: [U0C1]\n    escalation: [U0H1]\n",
			[]string{`t.yaml:2: unit id "Jobbtorg Ost" must be lowercase letters, digits, - or _ (at most 63), starting with a letter or digit`}},
		{"id too long", "units:\n  - id: " + strings.Repeat("a", 64) + "\n    name: A\n    coordinators: [U0C1]\n    escalation: [U0H1]\n",
			[]string{`t.yaml:2: unit id "` + strings.Repeat("a", 64) + `" must be lowercase letters, digits, - or _ (at most 63), starting with a letter or digit`}},
		{"duplicate id", base + "  - id: jobbtorg\n    name: Other\n    coordinators: [U0C1]\n    escalation: [U0H1]\n",
			[]string{`t.yaml:6: duplicate unit id "jobbtorg" (first at line 2)`}},
		{"name missing", "units:\n  - id: a\n    coordinators: [U0C1]\n    escalation: [U0H1]\n", []string{`t.yaml:2: unit "a": name is required`}},
		{"name too long", "units:\n  - id: a\n    name: " + long + "\n    coordinators: [U0C1]\n    escalation: [U0H1]\n",
			[]string{`t.yaml:3: unit "a": name is 76 characters; Slack shows at most 75`}},
		{"coordinators missing", "units:\n  - id: a\n    name: A\n    escalation: [U0H1]\n", []string{`t.yaml:2: unit "a": coordinators must list at least one Slack user id`}},
		{"coordinators empty", "units:\n  - id: a\n    name: A\n    coordinators: []\n    escalation: [U0H1]\n", []string{`t.yaml:4: unit "a": coordinators must list at least one Slack user id`}},
		{"coordinators string", "units:\n  - id: a\n    name: A\n    coordinators: U0C1\n    escalation: [U0H1]\n",
			[]string{`t.yaml:4: coordinators must be a list such as [U0EXAMPLE1, U0EXAMPLE2], not the value "U0C1"`}},
		{"user id", "units:\n  - id: a\n    name: A\n    coordinators:\n      - U0C1\n      - u0c2\n    escalation: [U0H1]\n",
			[]string{`t.yaml:6: coordinators: "u0c2" is not a Slack user id (U or W, then capital letters and digits)`}},
		{"user name", "units:\n  - id: a\n    name: A\n    coordinators: ['@anna']\n    escalation: [U0H1]\n",
			[]string{`t.yaml:4: coordinators: "@anna" is a name; use the member id from the person's Slack profile (⋮ → Copy member ID)`}},
		{"user twice", "units:\n  - id: a\n    name: A\n    coordinators: [U0C1]\n    escalation:\n      - U0H1\n      - U0H1\n",
			[]string{`t.yaml:7: escalation: U0H1 is listed twice (first at line 6)`}},
		{"user list of lists", "units:\n  - id: a\n    name: A\n    coordinators: [[U0C1]]\n    escalation: [U0H1]\n",
			[]string{`t.yaml:4: coordinators: each entry must be a Slack user id, not a list`}},
		{"managers map", "units:\n  - id: a\n    name: A\n    coordinators: [U0C1]\n    managers: {anna: U0M1}\n    escalation: [U0H1]\n",
			[]string{`t.yaml:5: managers must be a list such as [U0EXAMPLE1, U0EXAMPLE2], not a mapping`}},
		{"channel id", base + "    channel: D0DM1\n", []string{`t.yaml:6: channel: "D0DM1" is not a Slack channel id (C or G, then capital letters and digits)`}},
		{"channel name", base + "    channel: '#incidents'\n", []string{`t.yaml:6: channel: "#incidents" is a name; use the channel id from the bottom of the channel's details`}},
		{"channel list", base + "    channel: [C0A1]\n", []string{`t.yaml:6: channel must be a single value, not a list`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := Parse("t.yaml", []byte(tt.src))
			if diff := cmp.Diff(problems(t, err), tt.want); diff != "" {
				t.Errorf("problems (-got +want):\n%s", diff)
			}
			if cfg != nil {
				t.Errorf("config returned despite problems")
			}
		})
	}
}

func TestAckTargetsAndLexSarahUnitKeys(t *testing.T) {
	cfg, _, err := Parse("t.yaml", []byte("ack_target_hours: 12\nunits:\n  - id: a\n    name: A\n    coordinators: [U0C1]\n    escalation: [U0H1]\n    ack_target_hours: 4\n    act: SoL\n    committee: Socialnämnden\n  - id: b\n    name: B\n    coordinators: [U0C2]\n    escalation: [U0H1]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.AckTargetOf("a"); got != 4*time.Hour {
		t.Errorf("unit a target %v", got)
	}
	if got := cfg.AckTargetOf("b"); got != 12*time.Hour {
		t.Errorf("unit b target %v", got)
	}
	if u, _ := cfg.Unit("a"); u.Act != "SoL" || u.Committee != "Socialnämnden" {
		t.Errorf("unit a = %+v", u)
	}
}

func TestDigestSchedule(t *testing.T) {
	cfg, _, err := Parse("t.yaml", []byte("timezone: Europe/Stockholm\ndigest_schedule: \"30 7 * * 2\"\nunits:\n  - id: a\n    name: A\n    coordinators: [U0C1]\n    escalation: [U0H1]\n"))
	if err != nil {
		t.Fatal(err)
	}
	loc := cfg.Location()
	next := cfg.DigestSchedule.Next(time.Date(2026, 11, 23, 9, 0, 0, 0, loc))
	if want := time.Date(2026, 11, 24, 7, 30, 0, 0, loc); !next.Equal(want) {
		t.Errorf("next = %v, want %v", next, want)
	}
}
