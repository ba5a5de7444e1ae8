package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

func errKeys(e bot.FieldErrors) []string {
	var ks []string
	for k := range e {
		ks = append(ks, k)
	}
	return ks
}

func TestValidateAnswers(t *testing.T) {
	valid := func() bot.Answers {
		return bot.Answers{
			bot.QPDWhose: {"clients"}, bot.QPDDataKind: {"health", "id_number"}, bot.QPDHow: {"wrong_recipient"}, bot.QPDCount: {"1"},
			bot.QPDRecipientBound: {bot.Yes}, bot.QPDLeftOrg: {bot.No}, bot.QPDContained: {bot.Yes},
			bot.QDescription: {"Ett intyg hamnade i fel inkorg."}, bot.QWhere: {"Skrivaren i receptionen"}, bot.QHowNoticed: {"self"},
		}
	}
	tests := []struct {
		name   string
		change func(bot.Answers)
		want   []string
	}{
		{"valid", func(bot.Answers) {}, nil},
		{"missing required description", func(a bot.Answers) { delete(a, bot.QDescription) }, []string{bot.QDescription}},
		{"missing required choice", func(a bot.Answers) { delete(a, bot.QPDCount) }, []string{bot.QPDCount}},
		{"missing where and how it was noticed", func(a bot.Answers) { delete(a, bot.QWhere); delete(a, bot.QHowNoticed) }, []string{bot.QWhere, bot.QHowNoticed}},
		{"where over its bound", func(a bot.Answers) { a[bot.QWhere] = []string{strings.Repeat("x", 301)} }, []string{bot.QWhere}},
		{"no recipient named is fine", func(a bot.Answers) { delete(a, bot.QPDRecipient) }, nil},
		{"unknown way of noticing", func(a bot.Answers) { a[bot.QHowNoticed] = []string{"dreamt"} }, []string{bot.QHowNoticed}},
		{"description of 3000 characters fits", func(a bot.Answers) { a[bot.QDescription] = []string{strings.Repeat("å", 3000)} }, nil},
		{"description of 3001 characters is refused", func(a bot.Answers) { a[bot.QDescription] = []string{strings.Repeat("å", 3001)} }, []string{bot.QDescription}},
		{"optional text over its bound", func(a bot.Answers) { a[bot.QActions] = []string{strings.Repeat("x", 2001)} }, []string{bot.QActions}},
		{"unknown choice value", func(a bot.Answers) { a[bot.QPDCount] = []string{"42"} }, []string{bot.QPDCount}},
		{"two values for a single choice", func(a bot.Answers) { a[bot.QPDLeftOrg] = []string{bot.Yes, bot.No} }, []string{bot.QPDLeftOrg}},
		{"repeated multi value", func(a bot.Answers) { a[bot.QPDDataKind] = []string{"health", "health"} }, []string{bot.QPDDataKind}},
		{"not a user id", func(a bot.Answers) { a[bot.QInvolved] = []string{"<!channel>"} }, []string{bot.QInvolved}},
		{"too many users", func(a bot.Answers) {
			for i := range 21 {
				a[bot.QInvolved] = append(a[bot.QInvolved], "U0000"+string(rune('A'+i)))
			}
		}, []string{bot.QInvolved}},
		{"tick must be yes", func(a bot.Answers) { a[bot.QReportingLine] = []string{"maybe"} }, []string{bot.QReportingLine}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.change(a)
			got := bot.ValidateAnswers(bot.PersonalData, bot.CleanAnswers(bot.PersonalData, a))
			if diff := cmp.Diff(errKeys(got), tt.want, cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("fields in error (-got +want):\n%s", diff)
			}
		})
	}
}

func TestTooLongMessageNamesBothNumbers(t *testing.T) {
	a := bot.Answers{bot.QDescription: {strings.Repeat("a", 3100)}}
	msg := bot.ValidateAnswers(bot.Other, a)[bot.QDescription]
	for _, l := range []bot.Lang{bot.Swedish, bot.English} {
		if !strings.Contains(msg.In(l), "3100") || !strings.Contains(msg.In(l), "3000") {
			t.Errorf("%s message %q lacks the numbers", l, msg.In(l))
		}
	}
}

func TestCleanAnswers(t *testing.T) {
	got := bot.CleanAnswers(bot.Harassment, bot.Answers{
		bot.QDescription:   {"  text  "},
		bot.QPDCount:       {"1"}, // another category's question
		"made_up":          {"x"},
		bot.QHAWitnesses:   {"   "},
		bot.QHAOngoing:     {bot.Yes},
		bot.QInvolvedOther: {""},
	})
	want := bot.Answers{bot.QDescription: {"text"}, bot.QHAOngoing: {bot.Yes}}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("CleanAnswers (-got +want):\n%s", diff)
	}
}

func TestEveryCategoryHasQuestionsWithUniqueIDs(t *testing.T) {
	for _, info := range bot.Categories {
		seen := map[string]bool{}
		for _, q := range bot.QuestionsFor(info.ID) {
			if seen[q.ID] {
				t.Errorf("%s: duplicate question %s", info.ID, q.ID)
			}
			seen[q.ID] = true
			if q.Label.SV == "" || q.Label.EN == "" {
				t.Errorf("%s/%s: label missing a language", info.ID, q.ID)
			}
			if (q.Kind == bot.KindText || q.Kind == bot.KindParagraph) && q.MaxLen == 0 {
				t.Errorf("%s/%s: unbounded text", info.ID, q.ID)
			}
			if q.Kind == bot.KindUsers && q.MaxItems == 0 {
				t.Errorf("%s/%s: unbounded user pick", info.ID, q.ID)
			}
			if (q.Hint.SV == "") != (q.Hint.EN == "") {
				t.Errorf("%s/%s: hint missing a language", info.ID, q.ID)
			}
			if (q.Kind == bot.KindChoice || q.Kind == bot.KindMulti || q.Kind == bot.KindTick) != (len(q.Options) > 0) {
				t.Errorf("%s/%s: %d options for its kind", info.ID, q.ID, len(q.Options))
			}
			for _, o := range q.Options {
				if o.Value == "" || o.Label.SV == "" || o.Label.EN == "" {
					t.Errorf("%s/%s: option %q lacks a value or a language", info.ID, q.ID, o.Value)
				}
			}
		}
		if !seen[bot.QDescription] || !seen[bot.QWhere] || !seen[bot.QHowNoticed] || !seen[bot.QReportingLine] || !seen[bot.QInvolved] {
			t.Errorf("%s lacks a common question", info.ID)
		}
	}
}

func TestValidateStepOne(t *testing.T) {
	cfg := domaintest.Config()
	now := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	valid := bot.StepOne{Category: bot.PersonalData, Unit: "jobbtorg", OccurredAt: now.Add(-48 * time.Hour), DiscoveredAt: now.Add(-time.Hour)}
	tests := []struct {
		name   string
		change func(*bot.StepOne)
		want   []string
	}{
		{"valid", func(*bot.StepOne) {}, nil},
		{"same time for both", func(s *bot.StepOne) { s.DiscoveredAt = s.OccurredAt }, nil},
		{"unknown category", func(s *bot.StepOne) { s.Category = "weather" }, []string{bot.FieldCategory}},
		{"unknown unit", func(s *bot.StepOne) { s.Unit = "nowhere" }, []string{bot.FieldUnit}},
		{"times missing", func(s *bot.StepOne) { s.OccurredAt, s.DiscoveredAt = time.Time{}, time.Time{} }, []string{bot.FieldOccurredAt, bot.FieldDiscoveredAt}},
		{"occurred in the future", func(s *bot.StepOne) { s.OccurredAt = now.Add(time.Hour); s.DiscoveredAt = now.Add(time.Hour) },
			[]string{bot.FieldOccurredAt, bot.FieldDiscoveredAt}},
		{"a few minutes of clock skew is fine", func(s *bot.StepOne) { s.DiscoveredAt = now.Add(5 * time.Minute) }, nil},
		{"discovered before it happened", func(s *bot.StepOne) { s.DiscoveredAt = s.OccurredAt.Add(-time.Minute) }, []string{bot.FieldDiscoveredAt}},
		{"too long ago", func(s *bot.StepOne) { s.OccurredAt = now.AddDate(-21, 0, 0) }, []string{bot.FieldOccurredAt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid
			tt.change(&s)
			got := bot.ValidateStepOne(s, cfg, now)
			if diff := cmp.Diff(errKeys(got), tt.want, cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("fields in error (-got +want):\n%s", diff)
			}
		})
	}
}

func TestCaseID(t *testing.T) {
	tests := []struct {
		prefix string
		year   int
		seq    int64
		want   bot.CaseID
	}{
		{"INC", 2026, 1, "INC-2026-0001"},
		{"INC", 2026, 9999, "INC-2026-9999"},
		{"SOC2", 2027, 12345, "SOC2-2027-12345"},
	}
	for _, tt := range tests {
		got := bot.FormatCaseID(tt.prefix, tt.year, tt.seq)
		if got != tt.want {
			t.Errorf("FormatCaseID = %s, want %s", got, tt.want)
		}
		p, y, s, err := bot.ParseCaseID(string(got))
		if err != nil || p != tt.prefix || y != tt.year || s != tt.seq {
			t.Errorf("ParseCaseID(%s) = %s %d %d %v", got, p, y, s, err)
		}
	}
	for _, bad := range []string{"", "INC-26-0001", "inc-2026-0001", "INC-2026-001", "INC-2026-0001x", "INC:2026-0001"} {
		if _, _, _, err := bot.ParseCaseID(bad); err == nil {
			t.Errorf("ParseCaseID(%q) accepted", bad)
		}
	}
	if !bot.ValidPrefix("INC") || bot.ValidPrefix("inc") || bot.ValidPrefix("") || bot.ValidPrefix("TOOLONGPREFIX") {
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
		if got := bot.ISOWeek(tt.at, loc); got != tt.want {
			t.Errorf("ISOWeek(%v) = %s, want %s", tt.at, got, tt.want)
		}
	}
}

func TestLangFromLocale(t *testing.T) {
	for locale, want := range map[string]bot.Lang{"en-US": bot.English, "en-GB": bot.English, "sv-SE": bot.Swedish, "fi-FI": bot.Swedish, "": bot.Swedish} {
		if got := bot.LangFromLocale(locale); got != want {
			t.Errorf("LangFromLocale(%q) = %s, want %s", locale, got, want)
		}
	}
	if (bot.Text{SV: "hej"}).In(bot.English) != "hej" {
		t.Error("missing English must fall back to Swedish")
	}
}
