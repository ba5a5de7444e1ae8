package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type fixture struct {
	store    *fakeStore
	notifier *fakeNotifier
	reports  *Service
	now      time.Time
}

func newFixture() *fixture {
	f := &fixture{store: newFakeStore(), notifier: &fakeNotifier{}, now: time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)}
	cfg := testConfig()
	f.reports = &Service{Store: f.store, Notifier: f.notifier, Config: func() *Config { return cfg }, Now: func() time.Time { return f.now }}
	return f
}

func (f *fixture) stepOne(cat Category, unit string) StepOne {
	return StepOne{Category: cat, Unit: unit, OccurredAt: f.now.Add(-26 * time.Hour), DiscoveredAt: f.now.Add(-2 * time.Hour)}
}

// fill walks a draft through both steps.
func (f *fixture) fill(t *testing.T, user string, cat Category, unit string, a Answers) Draft {
	t.Helper()
	ctx := context.Background()
	d, err := f.reports.NewDraft(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.reports.SaveStepOne(ctx, user, d.Nonce, f.stepOne(cat, unit)); err != nil {
		t.Fatal(err)
	}
	d, err = f.reports.SaveStepTwo(ctx, user, d.Nonce, a)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestStepsKeepTheDraft(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	d, err := f.reports.NewDraft(ctx, "UREP")
	if err != nil {
		t.Fatal(err)
	}
	bad := f.stepOne("nonsense", "jobbtorg")
	var fe FieldErrors
	if _, err := f.reports.SaveStepOne(ctx, "UREP", d.Nonce, bad); !errors.As(err, &fe) || fe[FieldCategory].SV == "" {
		t.Fatalf("invalid step one: err = %v", err)
	}
	if _, err := f.store.Draft(ctx, "UREP", d.Nonce); !errors.Is(err, ErrNotFound) {
		t.Fatal("an invalid step must not be stored")
	}
	if _, err := f.reports.SaveStepTwo(ctx, "UREP", d.Nonce, Answers{QDescription: {"x"}}); !errors.Is(err, ErrConflict) {
		t.Fatalf("step two before step one: err = %v", err)
	}
	if _, err := f.reports.SaveStepOne(ctx, "UREP", d.Nonce, f.stepOne(Harassment, "jobbtorg")); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("ä", 3001)
	if _, err := f.reports.SaveStepTwo(ctx, "UREP", d.Nonce, Answers{QDescription: {long}, QHABetween: {"colleagues"}, QHAOngoing: {Yes}}); !errors.As(err, &fe) {
		t.Fatalf("over-long description accepted: %v", err)
	}
	if _, err := f.reports.SaveStepTwo(ctx, "UREP", d.Nonce, Answers{QDescription: {"ok"}, QHABetween: {"colleagues"}, QHAOngoing: {Yes}}); err != nil {
		t.Fatal(err)
	}
	// Changing the category drops the answers only the old category asked.
	if _, err := f.reports.SaveStepOne(ctx, "UREP", d.Nonce, f.stepOne(WorkEnvironment, "jobbtorg")); err != nil {
		t.Fatal(err)
	}
	got, _ := f.store.Draft(ctx, "UREP", d.Nonce)
	if diff := cmp.Diff(Answers{QDescription: {"ok"}}, got.Answers); diff != "" {
		t.Errorf("answers after category change (-want +got):\n%s", diff)
	}
	if unit, _ := f.store.LastUnit(ctx, "UREP"); unit != "jobbtorg" {
		t.Errorf("last unit = %q", unit)
	}
	next, _ := f.reports.NewDraft(ctx, "UREP")
	if next.Unit != "jobbtorg" || next.Nonce == d.Nonce {
		t.Errorf("new draft = %+v, want the last unit and a fresh nonce", next)
	}
}

func TestKeepDraftAndResume(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	fresh, resumed, err := f.reports.ResumeDraft(ctx, "UREP")
	if err != nil || resumed {
		t.Fatalf("ResumeDraft on nothing: resumed=%v err=%v", resumed, err)
	}
	// Closing an untouched dialog keeps nothing.
	if err := f.reports.KeepDraft(ctx, "UREP", fresh.Nonce, DraftPatch{StepOne: &StepOne{}}); err != nil {
		t.Fatal(err)
	}
	if ds, _ := f.reports.Drafts(ctx, "UREP"); len(ds) != 0 {
		t.Fatalf("empty draft kept: %v", ds)
	}
	s := StepOne{Category: Harassment, Unit: "jobbtorg"} // unvalidated: times missing
	if err := f.reports.KeepDraft(ctx, "UREP", fresh.Nonce, DraftPatch{StepOne: &s}); err != nil {
		t.Fatal(err)
	}
	d, resumed, err := f.reports.ResumeDraft(ctx, "UREP")
	if err != nil || !resumed || d.Nonce != fresh.Nonce || d.Category != Harassment {
		t.Fatalf("ResumeDraft = %+v resumed=%v err=%v", d, resumed, err)
	}
	if err := f.reports.KeepDraft(ctx, "UREP", fresh.Nonce, DraftPatch{Answers: Answers{QDescription: {"half written"}}}); err != nil {
		t.Fatal(err)
	}
	d, _ = f.store.Draft(ctx, "UREP", fresh.Nonce)
	if d.Answers.Text(QDescription) != "half written" || d.Category != Harassment {
		t.Errorf("kept draft = %+v", d)
	}
	if err := f.reports.DiscardDraft(ctx, "UREP", fresh.Nonce); err != nil {
		t.Fatal(err)
	}
	if _, resumed, _ := f.reports.ResumeDraft(ctx, "UREP"); resumed {
		t.Error("discarded draft resumed")
	}
}

func TestDraftFromMessage(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	long := strings.Repeat("ö", 3500)
	d, err := f.reports.DraftFromMessage(ctx, "UREP", MessageSource{Channel: "CX", TS: "1.2", Author: "UAUTHOR"}, long)
	if err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(d.Answers.Text(QDescription))); n != MaxDescLength || !d.Source.Truncated {
		t.Errorf("description of %d runes, truncated=%v", n, d.Source.Truncated)
	}
	if !cmp.Equal(d.Answers[QInvolved], []string{"UAUTHOR"}) {
		t.Errorf("involved = %v", d.Answers[QInvolved])
	}
	if err := f.reports.SetSourcePermalink(ctx, "UREP", d.Nonce, "https://example.slack.com/archives/CX/p12"); err != nil {
		t.Fatal(err)
	}
	got, _ := f.store.Draft(ctx, "UREP", d.Nonce)
	if got.Source.Permalink == "" {
		t.Error("permalink not stored")
	}
	own, _ := f.reports.DraftFromMessage(ctx, "UREP", MessageSource{Channel: "CX", TS: "1.3", Author: "UREP"}, "my own message")
	if len(own.Answers[QInvolved]) != 0 {
		t.Error("the reporter became involved in their own report")
	}
}

func TestSubmitCreatesOneCase(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	d := f.fill(t, "UREP", ThreatViolence, "lss-home", Answers{
		QTVDanger: {Yes}, QTVBy: {"klient"}, QTVAgainst: {"mig"}, QTVPolice: {"not_yet"}, QDescription: {"Hotade med kniv."},
	})
	var wg sync.WaitGroup
	results := make([]Case, 5)
	created := make([]bool, 5)
	for i := range results {
		wg.Go(func() {
			c, ok, err := f.reports.Submit(ctx, "UREP", d.Nonce, false)
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
	want := Case{ID: "INC-2026-0001", Status: StatusNew, Category: ThreatViolence, Severity: Critical,
		Regimes: []Regime{WorkEnvironmentSerious, PoliceReport}, Unit: "lss-home", Reporter: "UREP",
		CreatedAt: f.now, OccurredAt: f.now.Add(-26 * time.Hour), DiscoveredAt: f.now.Add(-2 * time.Hour),
		Week: "2026-W48", ImmediateDanger: true, Route: Route{Coordinators: []string{"USEC1"}, Channel: "CSECURITY"}, Version: 1}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("case (-want +got):\n%s", diff)
	}
	if ds, _ := f.reports.Drafts(ctx, "UREP"); len(ds) != 0 {
		t.Error("submitted draft still offered")
	}
	// A retry after the draft is gone still answers with the same case.
	again, ok, err := f.reports.Submit(ctx, "UREP", d.Nonce, false)
	if err != nil || ok || again.ID != c.ID {
		t.Errorf("late retry = %s created=%v err=%v", again.ID, ok, err)
	}
}

// TestSentNonceStartsANewReport: a dialog still carrying a sent draft's
// nonce – the same draft opened in a second window, the close of the sent
// dialog's stack – neither brings the sent draft back nor has its next
// report taken for a repeat of the sent one.
func TestSentNonceStartsANewReport(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	d := f.fill(t, "UREP", Other, "lss-home", Answers{QDescription: {"Fick inte sin medicin."}})
	first, created, err := f.reports.Submit(ctx, "UREP", d.Nonce, false)
	if err != nil || !created {
		t.Fatalf("submit: %v %v", created, err)
	}

	// The sent dialog's stack closes: nothing is kept.
	s1 := f.stepOne(Other, "lss-home")
	if err := f.reports.KeepDraft(ctx, "UREP", d.Nonce, DraftPatch{StepOne: &s1}); err != nil {
		t.Fatal(err)
	}
	if ds, _ := f.reports.Drafts(ctx, "UREP"); len(ds) != 0 {
		t.Errorf("the sent report came back as a draft: %+v", ds)
	}

	// A second window goes on with another incident: it becomes a report
	// of its own under a new nonce.
	d2, err := f.reports.SaveStepOne(ctx, "UREP", d.Nonce, f.stepOne(ThreatViolence, "lss-home"))
	if err != nil {
		t.Fatal(err)
	}
	if d2.Nonce == d.Nonce || d2.Nonce == "" {
		t.Fatalf("second window kept the sent nonce %q", d2.Nonce)
	}
	if _, err := f.reports.SaveStepTwo(ctx, "UREP", d2.Nonce, Answers{
		QTVDanger: {No}, QTVBy: {"klient"}, QTVAgainst: {"mig"}, QTVPolice: {"not_yet"}, QDescription: {"Hotade mig i korridoren."},
	}); err != nil {
		t.Fatal(err)
	}
	second, created, err := f.reports.Submit(ctx, "UREP", d2.Nonce, false)
	if err != nil || !created || second.ID == first.ID || second.Category != ThreatViolence {
		t.Errorf("second report = %s %s created=%v err=%v, first %s", second.ID, second.Category, created, err, first.ID)
	}
}

func TestSubmitAnonymous(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	d := f.fill(t, "UREP", Other, "jobbtorg", Answers{QDescription: {"x"}})
	c, _, err := f.reports.Submit(ctx, "UREP", d.Nonce, true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Reporter != AnonymousReporter || !c.Anonymous() {
		t.Errorf("reporter = %q", c.Reporter)
	}
	if h, _ := f.store.History(ctx, c.ID); h[0].Actor != AnonymousReporter {
		t.Errorf("first history actor = %q: an anonymous reporter must not be named", h[0].Actor)
	}
	mine, _ := f.reports.MyCases(ctx, "UREP", 10)
	if len(mine) != 1 || mine[0].ID != c.ID {
		t.Errorf("MyCases = %v, want the anonymous case listed for its reporter", mine)
	}
}

func TestSubmitRefusesDraftThatNoLongerFits(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	d := f.fill(t, "UREP", Other, "lss-home", Answers{QDescription: {"x"}})
	cfg := testConfig()
	cfg.Units = cfg.Units[:1] // lss-home removed by a config reload
	f.reports.Config = func() *Config { return cfg }
	var fe FieldErrors
	if _, _, err := f.reports.Submit(ctx, "UREP", d.Nonce, false); !errors.As(err, &fe) || fe[FieldIdentity].EN == "" {
		t.Fatalf("err = %v, want a FieldErrors on the identity field", err)
	}
	f2 := newFixture()
	d2, _ := f2.reports.NewDraft(ctx, "UREP")
	_, _ = f2.reports.SaveStepOne(ctx, "UREP", d2.Nonce, f2.stepOne(Other, "jobbtorg"))
	if _, _, err := f2.reports.Submit(ctx, "UREP", d2.Nonce, false); !errors.Is(err, ErrConflict) {
		t.Errorf("submit before step two: err = %v", err)
	}
}

// TestDeliverSuggestsUntilDone: a case stays pending until it has its
// suggestion too, so the sweep classifies what a failure left unclassified
// and redraws the cards with it – once.
func TestDeliverSuggestsUntilDone(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	cls := &fakeClassifier{s: Suggestion{Category: CareQuality, Severity: High, Source: "rules"}, err: errors.New("store down")}
	f.reports.Classifier = cls
	d := f.fill(t, "UREP", Other, "jobbtorg", Answers{QDescription: {"Brukaren fick inte sin medicin."}})
	c, _, err := f.reports.Submit(ctx, "UREP", d.Nonce, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.reports.Deliver(ctx, c.ID); err == nil {
		t.Fatal("Deliver succeeded while classification failed")
	}
	if len(f.notifier.cards) != 1 {
		t.Fatalf("the card waited for the classification: %d cards", len(f.notifier.cards))
	}
	f.store.release(c.ID)
	if ids, _ := f.store.PendingDeliveries(ctx, nil, f.now); len(ids) != 1 {
		t.Fatalf("not pending after a failed classification: %v", ids)
	}
	cls.err = nil
	f.now = f.now.Add(5 * time.Minute)
	f.reports.RedeliverPending(ctx, time.Minute)
	got, _ := f.store.Case(ctx, c.ID)
	if got.Suggestion == nil || got.Suggestion.Category != CareQuality {
		t.Fatalf("no suggestion after the sweep: %+v", got.Suggestion)
	}
	if ids, _ := f.store.PendingDeliveries(ctx, nil, f.now); len(ids) != 0 {
		t.Errorf("still pending: %v", ids)
	}
	updates := len(f.notifier.updates)
	if updates == 0 {
		t.Error("the card was not redrawn with the suggestion")
	}
	// Done is done: another sweep neither classifies nor redraws again.
	f.store.release(c.ID)
	f.reports.RedeliverPending(ctx, time.Minute)
	if err := f.reports.Deliver(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if len(cls.saw) != 2 || len(f.notifier.updates) != updates || len(f.notifier.cards) != 1 {
		t.Errorf("repeated: %d classifications, %d redraws (was %d), %d cards", len(cls.saw), len(f.notifier.updates), updates, len(f.notifier.cards))
	}
}

func TestDeliver(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	d := f.fill(t, "UREP", Harassment, "jobbtorg", Answers{QDescription: {"x"}, QHABetween: {"colleagues"}, QHAOngoing: {No}, QInvolved: {"UCOORD1"}})
	c, _, err := f.reports.Submit(ctx, "UREP", d.Nonce, true)
	if err != nil {
		t.Fatal(err)
	}
	f.notifier.failing = true
	if err := f.reports.Deliver(ctx, c.ID); err == nil {
		t.Fatal("Deliver succeeded while Slack was down")
	}
	f.store.release(c.ID)
	if ids, _ := f.store.PendingDeliveries(ctx, nil, f.now); len(ids) != 1 {
		t.Fatalf("pending = %v", ids)
	}
	f.notifier.failing = false
	f.now = f.now.Add(5 * time.Minute)
	f.reports.RedeliverPending(ctx, time.Minute)
	// Escalated past the involved coordinator: DMs to the two heads, never the channel.
	if diff := cmp.Diff([]Target{{User: "UHEAD1"}, {User: "UHEAD2"}}, f.notifier.cards); diff != "" {
		t.Errorf("cards (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{string(c.ID) + " UREP"}, f.notifier.receipts); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	got, _ := f.store.Case(ctx, c.ID)
	if !got.Delivered() {
		t.Errorf("case not delivered: %+v", got)
	}
	if ids, _ := f.store.PendingDeliveries(ctx, nil, f.now); len(ids) != 0 {
		t.Errorf("still pending: %v", ids)
	}
	// Delivering again sends nothing twice.
	f.store.release(c.ID)
	if err := f.reports.Deliver(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if len(f.notifier.cards) != 2 || len(f.notifier.receipts) != 1 {
		t.Errorf("redelivery repeated: %d cards, %d receipts", len(f.notifier.cards), len(f.notifier.receipts))
	}
	h, _ := f.store.History(ctx, c.ID)
	var actions []string
	for _, e := range h {
		actions = append(actions, e.Action)
	}
	if diff := cmp.Diff([]string{ActionCreated, ActionReceiptSent, ActionCardPosted, ActionCardPosted}, actions); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
}

func TestDeliverHeldByAnotherReplica(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	d := f.fill(t, "UREP", Other, "jobbtorg", Answers{QDescription: {"x"}})
	c, _, _ := f.reports.Submit(ctx, "UREP", d.Nonce, false)
	if ok, _ := f.store.ClaimDelivery(ctx, c.ID, time.Minute); !ok {
		t.Fatal("claim")
	}
	if err := f.reports.Deliver(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if len(f.notifier.cards)+len(f.notifier.receipts) != 0 {
		t.Error("delivered while another replica held the lease")
	}
}

func TestSubmitRetryAcrossNewYear(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	loc := testConfig().Location()
	f.now = time.Date(2026, 12, 31, 23, 59, 59, 0, loc)
	d := f.fill(t, "UREP", Other, "jobbtorg", Answers{QDescription: {"x"}})
	first, created, err := f.reports.Submit(ctx, "UREP", d.Nonce, false)
	if err != nil || !created || first.ID != "INC-2026-0001" {
		t.Fatalf("first = %s %v %v", first.ID, created, err)
	}
	// The twin arrived before the draft was deleted, two seconds later.
	_ = f.store.SaveDraft(ctx, d, time.Hour)
	f.now = f.now.Add(2 * time.Second)
	twin, created, err := f.reports.Submit(ctx, "UREP", d.Nonce, false)
	if err != nil || created || twin.ID != first.ID {
		t.Errorf("twin after midnight = %s created=%v err=%v, want %s", twin.ID, created, err, first.ID)
	}
}
