package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSuggestAcceptAndChange(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	f.reports.Directory = fakeDirectory{}
	cls := &fakeClassifier{s: Suggestion{Category: PersonalData, Severity: High, Regimes: []Regime{GDPRBreach, "made_up", GDPRBreach},
		Confidence: 1.7, Source: "rules"}}
	f.reports.Classifier = cls
	c := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"Intyget hamnade hos fel person."}, QActions: {"Raderat."},
		QInvolved: {"UPERSON"}}, false)
	if err := f.reports.Suggest(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if got := cls.saw[0]; got.Text != "Intyget hamnade hos fel person.\nRaderat." || !cmp.Equal(got.Names, []string{"Name UPERSON"}) {
		t.Errorf("classifier saw %+v", got)
	}
	got, _ := f.store.Case(ctx, c.ID)
	want := &Suggestion{Category: PersonalData, Severity: High, Regimes: []Regime{GDPRBreach}, Confidence: 1, Source: "rules"}
	if diff := cmp.Diff(want, got.Suggestion); diff != "" {
		t.Errorf("stored suggestion (-want +got):\n%s", diff)
	}
	// A second run does not ask again.
	_ = f.reports.Suggest(ctx, c.ID)
	if len(cls.saw) != 1 {
		t.Error("the case was classified twice")
	}

	if _, _, err := f.reports.AcceptSuggestion(ctx, c.ID, "UOUTSIDER"); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("outsider accepts: %v", err)
	}
	got, ok, err := f.reports.AcceptSuggestion(ctx, c.ID, "UCOORD1")
	if err != nil || !ok || got.Category != PersonalData || got.Severity != High || got.Classification != ClassificationAccepted {
		t.Fatalf("accept = %+v %v %v", got, ok, err)
	}
	// The accepted regime and severity drive the clock: the IMY deadline,
	// and for a high severity the people concerned are to be told.
	if ks := Clocks(got, time.UTC); len(ks) != 2 || ks[0].Regime != GDPRBreach || ks[0].Due.IsZero() || ks[1].Regime != GDPRBreach {
		t.Errorf("clocks after accept = %+v", ks)
	}
	week := c.Week
	all, _ := f.store.Counts(ctx, []string{week}, []string{"jobbtorg"}, nil)
	counts := all[week]
	if diff := cmp.Diff(map[string]int64{"created:other": 0, "created:personal_data": 1, "suggestions": 1, "agreed": 1}, counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}

	// Changing it again moves the count once more; the decision is counted once.
	got, ok, err = f.reports.Classify(ctx, c.ID, "UCOORD1", Confidentiality, Medium, nil)
	if err != nil || !ok || got.Classification != ClassificationChanged {
		t.Fatalf("change = %+v %v %v", got, ok, err)
	}
	all, _ = f.store.Counts(ctx, []string{week}, []string{"jobbtorg"}, nil)
	counts = all[week]
	if counts["created:confidentiality"] != 1 || counts["created:personal_data"] != 0 || counts["suggestions"] != 1 {
		t.Errorf("counts after change = %v", counts)
	}
	var fe FieldErrors
	if _, _, err := f.reports.Classify(ctx, c.ID, "UCOORD1", "weather", "dire", []Regime{"none"}); !errors.As(err, &fe) || len(fe) != 3 {
		t.Errorf("invalid classification: %v", err)
	}
}

func TestCountersFollowTheCase(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	c := f.submitted(t, CareQuality, "jobbtorg", Answers{QDescription: {"x"}, QCQService: {"s"}, QCQHarm: {"risk"}, QCQBefore: {No}}, false)
	f.now = f.now.Add(5 * time.Hour)
	if _, _, err := f.reports.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.reports.Acknowledge(ctx, c.ID, "UCOORD2"); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(7 * 24 * time.Hour) // closed the next week
	if _, _, err := f.reports.Close(ctx, c.ID, "UCOORD1", Closure{Decision: DecisionSerious, RootCauses: []string{"routines"}, ActionsTaken: "ok"}); err != nil {
		t.Fatal(err)
	}
	next := ISOWeek(f.now, f.reports.Config().Location())
	all, _ := f.store.Counts(ctx, []string{c.Week, next}, []string{"jobbtorg"}, nil)
	if diff := cmp.Diff(map[string]int64{"created:care_quality": 1, "ack_h:8": 1}, all[c.Week]); diff != "" {
		t.Errorf("week of creation (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int64{"closed:ls_serious": 1, "close_h:336": 1, "ivo": 1}, all[next]); diff != "" {
		t.Errorf("week of closing (-want +got):\n%s", diff)
	}
}

func TestTypedNames(t *testing.T) {
	a := Answers{
		QTVBy:          {"Brukaren Kalle's bror, Anna-Karin O'Brien"},
		QTVAgainst:     {"mig och Åsa Ek, inte A B"},
		QInvolvedOther: {"en väktare; Kalle igen"},
		QDescription:   {"Ingen Här Räknas"},
		QActions:       {"Larmade Polisen"},
	}
	want := []string{"Brukaren", "Kalle's", "Kalle", "Anna-Karin", "O'Brien", "Brien", "Åsa", "Ek"}
	if diff := cmp.Diff(want, typedNames(ThreatViolence, a)); diff != "" {
		t.Errorf("typedNames (-want +got):\n%s", diff)
	}
	if got, want := modelText(ThreatViolence, a), "Ingen Här Räknas\nLarmade Polisen"; got != want {
		t.Errorf("modelText = %q, want %q", got, want)
	}
	if got := ReportText(ThreatViolence, a); !strings.Contains(got, "Kalle's") || !strings.Contains(got, "väktare") {
		t.Errorf("ReportText = %q, want every text answer", got)
	}
}
