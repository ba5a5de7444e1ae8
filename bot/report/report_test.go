package report_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/report"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

func TestStepsKeepTheDraft(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	d, err := f.Reports.NewDraft(ctx, "UREP")
	if err != nil {
		t.Fatal(err)
	}
	bad := f.StepOne("nonsense", "jobbtorg")
	var fe bot.FieldErrors
	if _, err := f.Reports.SaveStepOne(ctx, "UREP", d.Nonce, bad); !errors.As(err, &fe) || fe[bot.FieldCategory].SV == "" {
		t.Fatalf("invalid step one: err = %v", err)
	}
	if _, err := f.Store.Draft(ctx, "UREP", d.Nonce); !errors.Is(err, bot.ErrNotFound) {
		t.Fatal("an invalid step must not be stored")
	}
	if _, err := f.Reports.SaveStepTwo(ctx, "UREP", d.Nonce, bot.Answers{bot.QDescription: {"x"}}); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("step two before step one: err = %v", err)
	}
	if _, err := f.Reports.SaveStepOne(ctx, "UREP", d.Nonce, f.StepOne(bot.Harassment, "jobbtorg")); err != nil {
		t.Fatal(err)
	}
	harassment := func(desc string) bot.Answers {
		return bot.Answers{bot.QDescription: {desc}, bot.QWhere: {"Fikarummet"}, bot.QHowNoticed: {"self"},
			bot.QHAByRole: {"staff"}, bot.QHAAgainstRole: {"staff"}, bot.QHASexual: {bot.No}, bot.QHAOngoing: {bot.Yes}, bot.QHAAware: {bot.Yes}, bot.QHAOffence: {bot.No}}
	}
	if _, err := f.Reports.SaveStepTwo(ctx, "UREP", d.Nonce, harassment(strings.Repeat("ä", 3001))); !errors.As(err, &fe) {
		t.Fatalf("over-long description accepted: %v", err)
	}
	if _, err := f.Reports.SaveStepTwo(ctx, "UREP", d.Nonce, harassment("ok")); err != nil {
		t.Fatal(err)
	}
	// Changing the category drops the answers only the old category asked.
	if _, err := f.Reports.SaveStepOne(ctx, "UREP", d.Nonce, f.StepOne(bot.WorkEnvironment, "jobbtorg")); err != nil {
		t.Fatal(err)
	}
	got, _ := f.Store.Draft(ctx, "UREP", d.Nonce)
	if diff := cmp.Diff(got.Answers, bot.Answers{bot.QDescription: {"ok"}, bot.QWhere: {"Fikarummet"}, bot.QHowNoticed: {"self"}}); diff != "" {
		t.Errorf("answers after category change (-got +want):\n%s", diff)
	}
	if unit, _ := f.Store.LastUnit(ctx, "UREP"); unit != "jobbtorg" {
		t.Errorf("last unit = %q", unit)
	}
	next, _ := f.Reports.NewDraft(ctx, "UREP")
	if next.Unit != "jobbtorg" || next.Nonce == d.Nonce {
		t.Errorf("new draft = %+v, want the last unit and a fresh nonce", next)
	}
}

func TestKeepDraftAndResume(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	fresh, resumed, err := f.Reports.ResumeDraft(ctx, "UREP")
	if err != nil || resumed {
		t.Fatalf("ResumeDraft on nothing: resumed=%v err=%v", resumed, err)
	}
	// Closing an untouched dialog keeps nothing.
	if err := f.Reports.KeepDraft(ctx, "UREP", fresh.Nonce, report.DraftPatch{StepOne: &bot.StepOne{}}); err != nil {
		t.Fatal(err)
	}
	if ds, _ := f.Reports.Drafts(ctx, "UREP"); len(ds) != 0 {
		t.Fatalf("empty draft kept: %v", ds)
	}
	s := bot.StepOne{Category: bot.Harassment, Unit: "jobbtorg"} // unvalidated: times missing
	if err := f.Reports.KeepDraft(ctx, "UREP", fresh.Nonce, report.DraftPatch{StepOne: &s}); err != nil {
		t.Fatal(err)
	}
	d, resumed, err := f.Reports.ResumeDraft(ctx, "UREP")
	if err != nil || !resumed || d.Nonce != fresh.Nonce || d.Category != bot.Harassment {
		t.Fatalf("ResumeDraft = %+v resumed=%v err=%v", d, resumed, err)
	}
	if err := f.Reports.KeepDraft(ctx, "UREP", fresh.Nonce, report.DraftPatch{Answers: bot.Answers{bot.QDescription: {"half written"}}}); err != nil {
		t.Fatal(err)
	}
	d, _ = f.Store.Draft(ctx, "UREP", fresh.Nonce)
	if d.Answers.Text(bot.QDescription) != "half written" || d.Category != bot.Harassment {
		t.Errorf("kept draft = %+v", d)
	}
	if err := f.Reports.DiscardDraft(ctx, "UREP", fresh.Nonce); err != nil {
		t.Fatal(err)
	}
	if _, resumed, _ := f.Reports.ResumeDraft(ctx, "UREP"); resumed {
		t.Error("discarded draft resumed")
	}
}

func TestDraftFromMessage(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	long := strings.Repeat("ö", 3500)
	d, err := f.Reports.DraftFromMessage(ctx, "UREP", bot.MessageSource{Channel: "CX", TS: "1.2", Author: "UAUTHOR"}, long)
	if err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(d.Answers.Text(bot.QDescription))); n != bot.MaxDescLength || !d.Source.Truncated {
		t.Errorf("description of %d runes, truncated=%v", n, d.Source.Truncated)
	}
	if !cmp.Equal(d.Answers[bot.QInvolved], []string{"UAUTHOR"}) {
		t.Errorf("involved = %v", d.Answers[bot.QInvolved])
	}
	if err := f.Reports.SetSourcePermalink(ctx, "UREP", d.Nonce, "https://example.slack.com/archives/CX/p12"); err != nil {
		t.Fatal(err)
	}
	got, _ := f.Store.Draft(ctx, "UREP", d.Nonce)
	if got.Source.Permalink == "" {
		t.Error("permalink not stored")
	}
	own, _ := f.Reports.DraftFromMessage(ctx, "UREP", bot.MessageSource{Channel: "CX", TS: "1.3", Author: "UREP"}, "my own message")
	if len(own.Answers[bot.QInvolved]) != 0 {
		t.Error("the reporter became involved in their own report")
	}
}

func TestSubmitCreatesOneCase(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	d := f.Fill("UREP", bot.ThreatViolence, "lss-home", bot.Answers{
		bot.QTVDanger: {bot.Yes}, bot.QTVBy: {"klient"}, bot.QTVAgainst: {"mig"}, bot.QTVPolice: {"not_yet"}, bot.QDescription: {"Hotade med kniv."},
	})
	var wg sync.WaitGroup
	results := make([]bot.Case, 5)
	created := make([]bool, 5)
	for i := range results {
		wg.Go(func() {
			c, ok, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{})
			if err != nil {
				t.Error(err)
			}
			results[i], created[i] = c, ok
		})
	}
	wg.Wait()
	n := 0
	for i := range results {
		if created[i] {
			n++
		}
		if results[i].ID != "INC-2026-0001" {
			t.Errorf("submission %d got %s", i, results[i].ID)
		}
	}
	if n != 1 {
		t.Fatalf("%d submissions created a case, want 1", n)
	}
	c := results[0]
	want := bot.Case{ID: "INC-2026-0001", Status: bot.StatusNew, Category: bot.ThreatViolence, Severity: bot.Critical,
		Regimes: []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}, Unit: "lss-home", Reporter: "UREP",
		CreatedAt: f.Now(), OccurredAt: f.Now().Add(-26 * time.Hour), DiscoveredAt: f.Now().Add(-2 * time.Hour),
		Week: "2026-W48", ImmediateDanger: true, Route: bot.Route{Coordinators: []string{"USEC1"}, Channel: "CSECURITY"}, Version: 1}
	if diff := cmp.Diff(c, want); diff != "" {
		t.Errorf("case (-got +want):\n%s", diff)
	}
	if ds, _ := f.Reports.Drafts(ctx, "UREP"); len(ds) != 0 {
		t.Error("submitted draft still offered")
	}
	// A retry after the draft is gone still answers with the same case.
	again, ok, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{})
	if err != nil || ok || again.ID != c.ID {
		t.Errorf("late retry = %s created=%v err=%v", again.ID, ok, err)
	}
}

// TestSentNonceStartsANewReport: a dialog still carrying a sent draft's
// nonce – the same draft opened in a second window, the close of the sent
// dialog's stack – neither brings the sent draft back nor has its next
// report taken for a repeat of the sent one.
func TestSentNonceStartsANewReport(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	d := f.Fill("UREP", bot.Other, "lss-home", bot.Answers{bot.QDescription: {"Fick inte sin medicin."}})
	first, created, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{})
	if err != nil || !created {
		t.Fatalf("submit: %v %v", created, err)
	}

	// The sent dialog's stack closes: nothing is kept.
	s1 := f.StepOne(bot.Other, "lss-home")
	if err := f.Reports.KeepDraft(ctx, "UREP", d.Nonce, report.DraftPatch{StepOne: &s1}); err != nil {
		t.Fatal(err)
	}
	if ds, _ := f.Reports.Drafts(ctx, "UREP"); len(ds) != 0 {
		t.Errorf("the sent report came back as a draft: %+v", ds)
	}

	// A second window goes on with another incident: it becomes a report
	// of its own under a new nonce.
	d2, err := f.Reports.SaveStepOne(ctx, "UREP", d.Nonce, f.StepOne(bot.ThreatViolence, "lss-home"))
	if err != nil {
		t.Fatal(err)
	}
	if d2.Nonce == d.Nonce || d2.Nonce == "" {
		t.Fatalf("second window kept the sent nonce %q", d2.Nonce)
	}
	if _, err := f.Reports.SaveStepTwo(ctx, "UREP", d2.Nonce, domaintest.Complete(bot.ThreatViolence, bot.Answers{
		bot.QTVDanger: {bot.No}, bot.QTVBy: {"klient"}, bot.QTVAgainst: {"mig"}, bot.QTVPolice: {"not_yet"}, bot.QDescription: {"Hotade mig i korridoren."},
	})); err != nil {
		t.Fatal(err)
	}
	second, created, err := f.Reports.Submit(ctx, "UREP", d2.Nonce, report.Choices{})
	if err != nil || !created || second.ID == first.ID || second.Category != bot.ThreatViolence {
		t.Errorf("second report = %s %s created=%v err=%v, first %s", second.ID, second.Category, created, err, first.ID)
	}
}

func TestSubmitAnonymous(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	d := f.Fill("UREP", bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}})
	c, _, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{Anonymous: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.Reporter != bot.AnonymousReporter || !c.Anonymous() {
		t.Errorf("reporter = %q", c.Reporter)
	}
	if h, _ := f.Store.History(ctx, c.ID); h[0].Actor != bot.AnonymousReporter {
		t.Errorf("first history actor = %q: an anonymous reporter must not be named", h[0].Actor)
	}
	mine, _ := f.Reports.MyCases(ctx, "UREP", 10)
	if len(mine) != 1 || mine[0].ID != c.ID {
		t.Errorf("MyCases = %v, want the anonymous case listed for its reporter", mine)
	}
}

func TestSubmitRefusesDraftThatNoLongerFits(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	d := f.Fill("UREP", bot.Other, "lss-home", bot.Answers{bot.QDescription: {"x"}})
	cfg := domaintest.Config()
	cfg.Units = cfg.Units[:1] // lss-home removed by a config reload
	f.SetConfig(cfg)
	var fe bot.FieldErrors
	if _, _, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{}); !errors.As(err, &fe) || fe[bot.FieldIdentity].EN == "" {
		t.Fatalf("err = %v, want a FieldErrors on the identity field", err)
	}
	f2 := domaintest.New(t)
	d2, _ := f2.Reports.NewDraft(ctx, "UREP")
	_, _ = f2.Reports.SaveStepOne(ctx, "UREP", d2.Nonce, f2.StepOne(bot.Other, "jobbtorg"))
	if _, _, err := f2.Reports.Submit(ctx, "UREP", d2.Nonce, report.Choices{}); !errors.Is(err, bot.ErrConflict) {
		t.Errorf("submit before step two: err = %v", err)
	}
}

func TestSubmitRetryAcrossNewYear(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	loc := domaintest.Config().Location()
	f.SetNow(time.Date(2026, 12, 31, 23, 59, 59, 0, loc))
	d := f.Fill("UREP", bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}})
	first, created, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{})
	if err != nil || !created || first.ID != "INC-2026-0001" {
		t.Fatalf("first = %s %v %v", first.ID, created, err)
	}
	// The twin arrived before the draft was deleted, two seconds later.
	_ = f.Store.SaveDraft(ctx, d, time.Hour)
	f.Advance(2 * time.Second)
	twin, created, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{})
	if err != nil || created || twin.ID != first.ID {
		t.Errorf("twin after midnight = %s created=%v err=%v, want %s", twin.ID, created, err, first.ID)
	}
}
