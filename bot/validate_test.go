package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func errKeys(e FieldErrors) []string {
	var ks []string
	for k := range e {
		ks = append(ks, k)
	}
	return ks
}

func TestValidateAnswers(t *testing.T) {
	valid := func() Answers {
		return Answers{
			QPDDataKind: {"health", "id_number"}, QPDCount: {"1"}, QPDLeftOrg: {No}, QPDContained: {Yes},
			QDescription: {"Ett intyg hamnade i fel inkorg."},
		}
	}
	tests := []struct {
		name   string
		change func(Answers)
		want   []string
	}{
		{"valid", func(Answers) {}, nil},
		{"missing required description", func(a Answers) { delete(a, QDescription) }, []string{QDescription}},
		{"missing required choice", func(a Answers) { delete(a, QPDCount) }, []string{QPDCount}},
		{"description of 3000 characters fits", func(a Answers) { a[QDescription] = []string{strings.Repeat("å", 3000)} }, nil},
		{"description of 3001 characters is refused", func(a Answers) { a[QDescription] = []string{strings.Repeat("å", 3001)} }, []string{QDescription}},
		{"optional text over its bound", func(a Answers) { a[QActions] = []string{strings.Repeat("x", 2001)} }, []string{QActions}},
		{"unknown choice value", func(a Answers) { a[QPDCount] = []string{"42"} }, []string{QPDCount}},
		{"two values for a single choice", func(a Answers) { a[QPDLeftOrg] = []string{Yes, No} }, []string{QPDLeftOrg}},
		{"repeated multi value", func(a Answers) { a[QPDDataKind] = []string{"health", "health"} }, []string{QPDDataKind}},
		{"not a user id", func(a Answers) { a[QInvolved] = []string{"<!channel>"} }, []string{QInvolved}},
		{"too many users", func(a Answers) {
			for i := range 21 {
				a[QInvolved] = append(a[QInvolved], "U0000"+string(rune('A'+i)))
			}
		}, []string{QInvolved}},
		{"tick must be yes", func(a Answers) { a[QReportingLine] = []string{"maybe"} }, []string{QReportingLine}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.change(a)
			got := ValidateAnswers(PersonalData, CleanAnswers(PersonalData, a))
			if diff := cmp.Diff(tt.want, errKeys(got), cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("fields in error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTooLongMessageNamesBothNumbers(t *testing.T) {
	a := Answers{QDescription: {strings.Repeat("a", 3100)}}
	msg := ValidateAnswers(Other, a)[QDescription]
	for _, l := range []Lang{Swedish, English} {
		if !strings.Contains(msg.In(l), "3100") || !strings.Contains(msg.In(l), "3000") {
			t.Errorf("%s message %q lacks the numbers", l, msg.In(l))
		}
	}
}

func TestCleanAnswers(t *testing.T) {
	got := CleanAnswers(Harassment, Answers{
		QDescription:   {"  text  "},
		QPDCount:       {"1"}, // another category's question
		"made_up":      {"x"},
		QHAWitnesses:   {"   "},
		QHAOngoing:     {Yes},
		QInvolvedOther: {""},
	})
	want := Answers{QDescription: {"text"}, QHAOngoing: {Yes}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CleanAnswers (-want +got):\n%s", diff)
	}
}

func TestEveryCategoryHasQuestionsWithUniqueIDs(t *testing.T) {
	for _, info := range Categories {
		seen := map[string]bool{}
		for _, q := range QuestionsFor(info.ID) {
			if seen[q.ID] {
				t.Errorf("%s: duplicate question %s", info.ID, q.ID)
			}
			seen[q.ID] = true
			if q.Label.SV == "" || q.Label.EN == "" {
				t.Errorf("%s/%s: label missing a language", info.ID, q.ID)
			}
			if (q.Kind == KindText || q.Kind == KindParagraph) && q.MaxLen == 0 {
				t.Errorf("%s/%s: unbounded text", info.ID, q.ID)
			}
			if q.Kind == KindUsers && q.MaxItems == 0 {
				t.Errorf("%s/%s: unbounded user pick", info.ID, q.ID)
			}
		}
		if !seen[QDescription] || !seen[QReportingLine] || !seen[QInvolved] {
			t.Errorf("%s lacks a common question", info.ID)
		}
	}
}

func TestValidateStepOne(t *testing.T) {
	cfg := testConfig()
	now := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	valid := StepOne{Category: PersonalData, Unit: "jobbtorg", OccurredAt: now.Add(-48 * time.Hour), DiscoveredAt: now.Add(-time.Hour)}
	tests := []struct {
		name   string
		change func(*StepOne)
		want   []string
	}{
		{"valid", func(*StepOne) {}, nil},
		{"same time for both", func(s *StepOne) { s.DiscoveredAt = s.OccurredAt }, nil},
		{"unknown category", func(s *StepOne) { s.Category = "weather" }, []string{FieldCategory}},
		{"unknown unit", func(s *StepOne) { s.Unit = "nowhere" }, []string{FieldUnit}},
		{"times missing", func(s *StepOne) { s.OccurredAt, s.DiscoveredAt = time.Time{}, time.Time{} }, []string{FieldOccurredAt, FieldDiscoveredAt}},
		{"occurred in the future", func(s *StepOne) { s.OccurredAt = now.Add(time.Hour); s.DiscoveredAt = now.Add(time.Hour) },
			[]string{FieldOccurredAt, FieldDiscoveredAt}},
		{"a few minutes of clock skew is fine", func(s *StepOne) { s.DiscoveredAt = now.Add(5 * time.Minute) }, nil},
		{"discovered before it happened", func(s *StepOne) { s.DiscoveredAt = s.OccurredAt.Add(-time.Minute) }, []string{FieldDiscoveredAt}},
		{"too long ago", func(s *StepOne) { s.OccurredAt = now.AddDate(-21, 0, 0) }, []string{FieldOccurredAt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid
			tt.change(&s)
			got := ValidateStepOne(s, cfg, now)
			if diff := cmp.Diff(tt.want, errKeys(got), cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("fields in error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCaseID(t *testing.T) {
	tests := []struct {
		prefix string
		year   int
		seq    int64
		want   CaseID
	}{
		{"INC", 2026, 1, "INC-2026-0001"},
		{"INC", 2026, 9999, "INC-2026-9999"},
		{"SOC2", 2027, 12345, "SOC2-2027-12345"},
	}
	for _, tt := range tests {
		got := FormatCaseID(tt.prefix, tt.year, tt.seq)
		if got != tt.want {
			t.Errorf("FormatCaseID = %s, want %s", got, tt.want)
		}
		p, y, s, err := ParseCaseID(string(got))
		if err != nil || p != tt.prefix || y != tt.year || s != tt.seq {
			t.Errorf("ParseCaseID(%s) = %s %d %d %v", got, p, y, s, err)
		}
	}
	for _, bad := range []string{"", "INC-26-0001", "inc-2026-0001", "INC-2026-001", "INC-2026-0001x", "INC:2026-0001"} {
		if _, _, _, err := ParseCaseID(bad); err == nil {
			t.Errorf("ParseCaseID(%q) accepted", bad)
		}
	}
	if !ValidPrefix("INC") || ValidPrefix("inc") || ValidPrefix("") || ValidPrefix("TOOLONGPREFIX") {
		t.Error("ValidPrefix")
	}
}

func TestISOWeekInZone(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Stockholm")
	tests := []struct {
		at   time.Time
		want string
	}{
		// Sunday 23:30 UTC is already Monday in Stockholm.
		{time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC), "2026-W48"},
		{time.Date(2026, 11, 22, 22, 30, 0, 0, time.UTC), "2026-W47"},
		// 1 January 2027 is a Friday: it belongs to 2026's week 53.
		{time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC), "2026-W53"},
	}
	for _, tt := range tests {
		if got := ISOWeek(tt.at, loc); got != tt.want {
			t.Errorf("ISOWeek(%v) = %s, want %s", tt.at, got, tt.want)
		}
	}
}

func TestLangFromLocale(t *testing.T) {
	for locale, want := range map[string]Lang{"en-US": English, "en-GB": English, "sv-SE": Swedish, "fi-FI": Swedish, "": Swedish} {
		if got := LangFromLocale(locale); got != want {
			t.Errorf("LangFromLocale(%q) = %s, want %s", locale, got, want)
		}
	}
	if (Text{SV: "hej"}).In(English) != "hej" {
		t.Error("missing English must fall back to Swedish")
	}
}
