package cases_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

func careCase(f *domaintest.Fixture) bot.Case {
	return f.Submitted(bot.CareQuality, "jobbtorg", bot.Answers{bot.QDescription: {"Brukaren fick fel medicin."}, bot.QCQHarm: {"risk"}}, false)
}

// documentBreach fills in the facts of the breach record that the close
// dialog does not show, as a handler does before closing.
func documentBreach(t *testing.T, f *domaintest.Fixture, id bot.CaseID) {
	t.Helper()
	b, err := f.Cases.BreachDraft(context.Background(), f.Case(id), "UCOORD1")
	if err != nil {
		t.Fatal(err)
	}
	b.Summary, b.Consequences, b.Measures = "Ett intyg mejlades till fel mottagare.", "Obehörig kan ha läst hälsouppgifter.", "Mottagaren raderade mejlet."
	b.Risk, b.Reasoning = bot.RiskPresent, "Preliminär bedömning."
	if _, _, err := f.Cases.RecordBreach(context.Background(), id, "UCOORD1", b); err != nil {
		t.Fatal(err)
	}
}

func breachAnswers() bot.Answers {
	return bot.Answers{bot.QDescription: {"Ett läkarintyg skickades till fel mottagare."}, bot.QPDDataKind: {"health", "id_number"},
		bot.QPDCount: {"1"}, bot.QPDWhose: {"clients"}, bot.QPDHow: {"wrong_recipient"}, bot.QPDRecipient: {"En annan myndighet"},
		bot.QPDRecipientBound: {bot.Yes}}
}

// TestInvestigationStartsExplicitly: acknowledging is not starting an
// investigation; a handler starts it, naming the investigator from their
// profile or as they correct it, and may set the registry number at any
// time, also after closing.
func TestInvestigationStartsExplicitly(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := careCase(f)
	if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	if got := f.Case(c.ID); got.Investigation != nil {
		t.Fatalf("acknowledging started an investigation: %+v", got.Investigation)
	}
	if in := f.Cases.Investigator(ctx, c, "UCOORD1"); in.Name != "Name UCOORD1" || in.Title != "Samordnare" {
		t.Errorf("suggested investigator = %+v, want the user's profile", in)
	}
	if _, _, err := f.Cases.Investigate(ctx, c.ID, "UOUTSIDER", cases.InvestigationInput{Name: "X", Title: "Y"}); !errors.Is(err, bot.ErrNotAllowed) {
		t.Errorf("outsider: %v", err)
	}
	var fe bot.FieldErrors
	if _, _, err := f.Cases.Investigate(ctx, c.ID, "UCOORD1", cases.InvestigationInput{Name: " ", Title: "a\nb"}); !errors.As(err, &fe) ||
		fe[bot.FieldInvestigatorName].SV == "" || fe[bot.FieldInvestigatorTitle].SV == "" {
		t.Errorf("empty name, two-line title: %v", err)
	}
	f.Advance(time.Hour)
	started := f.Now()
	got, ok, err := f.Cases.Investigate(ctx, c.ID, "UCOORD1", cases.InvestigationInput{Name: "Kim Berg", Title: "Utredare"})
	if err != nil || !ok || got.Investigation == nil || !got.Investigation.StartedAt.Equal(started) || got.Investigation.StartedBy != "UCOORD1" ||
		got.Investigation.Investigator.Name != "Kim Berg" || got.Investigation.Investigator.Title != "Utredare" {
		t.Fatalf("start = %+v %v %v", got.Investigation, ok, err)
	}
	if _, ok, err := f.Cases.Investigate(ctx, c.ID, "UCOORD2", cases.InvestigationInput{Name: "Kim Berg", Title: "Utredare"}); ok || err != nil {
		t.Errorf("the same again: changed=%v %v", ok, err)
	}
	if _, _, err := f.Cases.Close(ctx, c.ID, "UCOORD1", bot.Closure{Decision: bot.DecisionRisk, RootCauses: []string{"routines"},
		Recur: bot.No, ActionsTaken: "Ny rutin."}); err != nil {
		t.Fatal(err)
	}
	// The registry number may come after closing; the start stays.
	f.Advance(time.Hour)
	got, ok, err = f.Cases.Investigate(ctx, c.ID, "UCOORD1", cases.InvestigationInput{Name: "Kim Berg", Title: "Utredare", RegistryNumber: "SN 2026/7"})
	if err != nil || !ok || got.Investigation.RegistryNumber != "SN 2026/7" || !got.Investigation.StartedAt.Equal(started) || !got.Investigation.ChangedAt.Equal(f.Now()) {
		t.Fatalf("registry number after closing = %+v %v %v", got.Investigation, ok, err)
	}
	acts := f.Actions(c.ID)
	if n := domaintest.Count(acts, bot.ActionInvestigation); n != 2 || !slices.Contains(acts, bot.ActionDenied) {
		t.Errorf("history %v: want two investigation entries and the refusal", acts)
	}
	d, err := f.Cases.Details(ctx, c.ID, "UCOORD1")
	if err != nil {
		t.Fatal(err)
	}
	doc := bot.InvestigationDocument(d, f.Cases.Config(), bot.Swedish)
	for _, want := range []string{"| Utredningen inleddes | " + started.In(f.Cases.Config().Location()).Format("2006-01-02 15:04") + " |",
		"| Utredare (namn och titel) | Kim Berg, Utredare |", "| Diarienummer | SN 2026/7 |"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q", want)
		}
	}
}

// TestBreachRecord: the record starts from the reporter's answers, a
// handler confirms it with an assessment and its reasoning, and a case
// that is no breach has none.
func TestBreachRecord(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.PersonalData, "jobbtorg", breachAnswers(), false)
	if !c.HasRegime(bot.GDPRBreach) {
		t.Fatalf("regimes %v", c.Regimes)
	}
	b, err := f.Cases.BreachDraft(ctx, c, "UCOORD1")
	if err != nil || !slices.Equal(b.Whose, []string{"clients"}) || !slices.Equal(b.Kinds, []string{"health", "id_number"}) ||
		b.How != "wrong_recipient" || b.Recipient != "En annan myndighet" || b.RecipientBound != bot.Yes || b.Count != "1" {
		t.Fatalf("draft = %+v %v", b, err)
	}
	var fe bot.FieldErrors
	bad := b
	bad.Risk, bad.Kinds, bad.Informed = "maybe", []string{"gossip"}, ""
	if _, _, err := f.Cases.RecordBreach(ctx, c.ID, "UCOORD1", bad); !errors.As(err, &fe) ||
		fe[bot.FieldBreachRisk].SV == "" || fe[bot.FieldBreachKinds].SV == "" || fe[bot.FieldBreachReasoning].SV == "" {
		t.Errorf("bad record: %v", err)
	}
	high := b
	high.Risk, high.Reasoning = bot.RiskHigh, "Hälsouppgifter."
	if _, _, err := f.Cases.RecordBreach(ctx, c.ID, "UCOORD1", high); !errors.As(err, &fe) || fe[bot.FieldBreachInformed].SV == "" {
		t.Errorf("a high risk without saying whether the people were told: %v", err)
	}
	b.Risk, b.Reasoning, b.Consequences = bot.RiskPresent, "Hälsouppgifter hos en annan myndighet.", "Liten."
	got, ok, err := f.Cases.RecordBreach(ctx, c.ID, "UCOORD1", b)
	if err != nil || !ok || got.Breach == nil || got.Breach.Reasoning != b.Reasoning || got.Breach.AssessedBy.Name != "Name UCOORD1" ||
		!got.Breach.AssessedAt.Equal(f.Now()) {
		t.Fatalf("record = %+v %v %v", got.Breach, ok, err)
	}
	if _, ok, err := f.Cases.RecordBreach(ctx, c.ID, "UCOORD2", b); ok || err != nil {
		t.Errorf("the same record again: changed=%v %v", ok, err)
	}
	if !slices.Contains(f.Actions(c.ID), bot.ActionBreachRecorded) {
		t.Errorf("history %v", f.Actions(c.ID))
	}
	other := careCase(f)
	if _, _, err := f.Cases.RecordBreach(ctx, other.ID, "UCOORD1", b); !errors.As(err, &fe) {
		t.Errorf("a breach record on a case that is no breach: %v", err)
	}
}

// TestClosingABreach: every breach is documented before it is closed; one
// assessed as a risk is notified to IMY first; one closed as unlikely to
// result in a risk carries its reasoning into the record.
func TestClosingABreach(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.PersonalData, "jobbtorg", breachAnswers(), false)
	done := bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "Mottagaren raderade mejlet."}
	var fe bot.FieldErrors
	if _, _, err := f.Cases.Close(ctx, c.ID, "UCOORD1", done); !errors.As(err, &fe) || fe[bot.FieldBreachRisk].SV == "" || fe[bot.FieldBreachReasoning].SV == "" {
		t.Errorf("closed without an assessment: %v", err)
	}
	documentBreach(t, f, c.ID)
	risky := done
	risky.Breach = &bot.Breach{Risk: bot.RiskPresent, Reasoning: "Hälsouppgifter."}
	if _, _, err := f.Cases.Close(ctx, c.ID, "UCOORD1", risky); !errors.As(err, &fe) || !strings.Contains(fe[bot.FieldBreachRisk].EN, "IMY") {
		t.Errorf("closed as a risk without a notification to IMY: %v", err)
	}
	reason := "Mottagaren är en myndighet med tystnadsplikt och raderade mejlet inom en timme."
	unlikely := done
	unlikely.Breach = &bot.Breach{Risk: bot.RiskUnlikely, Reasoning: reason}
	unlikely.AuthorityNotified = bot.NotifiedYes // a forged answer: derived, not taken
	got, ok, err := f.Cases.Close(ctx, c.ID, "UCOORD1", unlikely)
	if err != nil || !ok || got.Breach == nil || got.Breach.Risk != bot.RiskUnlikely || got.Breach.Reasoning != reason ||
		!slices.Equal(got.Breach.Kinds, []string{"health", "id_number"}) {
		t.Fatalf("close = %+v %v %v", got.Breach, ok, err)
	}
	// Closing checked the record: a closed one is not changed after.
	if _, _, err := f.Cases.RecordBreach(ctx, c.ID, "UCOORD1", bot.Breach{Risk: bot.RiskPresent, Reasoning: "Ändrat."}); !errors.Is(err, bot.ErrConflict) {
		t.Errorf("a closed breach record changed: %v", err)
	}
	d, err := f.Cases.Details(ctx, c.ID, "UCOORD1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Closure.AuthorityNotified != bot.NotifiedNotRequired {
		t.Errorf("authority notified = %q", d.Closure.AuthorityNotified)
	}
	doc := bot.CaseDocument(d, f.Cases.Config(), bot.Swedish)
	for _, want := range []string{"# Personuppgiftsincident", "| Bedömning | Osannolikt att den medför risk |", "| Motivering | " + reason + " |",
		"Inte anmäld: det är osannolikt att incidenten medför en risk"} {
		if !strings.Contains(doc, want) {
			t.Errorf("record lacks %q:\n%s", want, doc)
		}
	}
}

// TestDataProtectionOfficer: the DPO reads every breach record, and only
// breach records, changes nothing, never one they are implicated in, and
// every read is recorded.
func TestDataProtectionOfficer(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	cfg := domaintest.Config()
	cfg.DPO = []string{"UDPO1"}
	f.SetConfig(cfg)
	breach := f.Submitted(bot.PersonalData, "jobbtorg", breachAnswers(), false)
	implicatedAnswers := breachAnswers()
	implicatedAnswers[bot.QInvolved] = []string{"UDPO1"}
	implicated := f.Submitted(bot.PersonalData, "lss-home", implicatedAnswers, false)
	care := careCase(f)

	d, breachOnly, err := f.Cases.ExportFor(ctx, breach.ID, "UDPO1")
	if err != nil || !breachOnly || d.Case.ID != breach.ID {
		t.Fatalf("DPO export = %v %v", breachOnly, err)
	}
	if doc := bot.BreachDocument(d, f.Cases.Config(), bot.Swedish); strings.Contains(doc, "Ett läkarintyg skickades") {
		t.Errorf("the DPO's record holds the reporter's own account:\n%s", doc)
	}
	// A breach that reached the independent function stays with it.
	wbAnswers := breachAnswers()
	wbAnswers[bot.QReportingLine] = []string{bot.Yes}
	wb := f.Submitted(bot.PersonalData, "jobbtorg", wbAnswers, false)
	if !wb.Route.Independent {
		t.Fatalf("route %+v", wb.Route)
	}
	if _, _, err := f.Cases.ExportFor(ctx, wb.ID, "UDPO1"); !errors.Is(err, bot.ErrNotAllowed) {
		t.Errorf("DPO export of a whistleblowing breach: %v", err)
	}
	if !slices.Contains(f.Actions(breach.ID), bot.ActionBreachRead) {
		t.Errorf("the DPO's read was not recorded: %v", f.Actions(breach.ID))
	}
	for _, id := range []bot.CaseID{care.ID, implicated.ID} {
		if _, _, err := f.Cases.ExportFor(ctx, id, "UDPO1"); !errors.Is(err, bot.ErrNotAllowed) {
			t.Errorf("DPO export of %s: %v", id, err)
		}
		if !slices.Contains(f.Actions(id), bot.ActionDenied) {
			t.Errorf("refusal not recorded on %s", id)
		}
	}
	// Read-only: the DPO cannot act on the case.
	if _, _, err := f.Cases.RecordBreach(ctx, breach.ID, "UDPO1", bot.Breach{Risk: bot.RiskUnlikely, Reasoning: "x"}); !errors.Is(err, bot.ErrNotAllowed) {
		t.Errorf("DPO changed the record: %v", err)
	}
	if _, _, err := f.Cases.Acknowledge(ctx, breach.ID, "UDPO1"); !errors.Is(err, bot.ErrNotAllowed) {
		t.Errorf("DPO acknowledged: %v", err)
	}
	// A handler's export is the whole case.
	if _, breachOnly, err := f.Cases.ExportFor(ctx, breach.ID, "UCOORD1"); err != nil || breachOnly {
		t.Errorf("handler export = %v %v", breachOnly, err)
	}
	// The register: every breach, open or closed, none implicating them.
	documentBreach(t, f, breach.ID)
	if _, _, err := f.Cases.Close(ctx, breach.ID, "UCOORD1", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok",
		Breach: &bot.Breach{Risk: bot.RiskUnlikely, Reasoning: "Raderat direkt."}}); err != nil {
		t.Fatal(err)
	}
	second := f.Submitted(bot.PersonalData, "no-escalation", breachAnswers(), true)
	reg, err := f.Cases.BreachRegister(ctx, "UDPO1")
	var ids []bot.CaseID
	for _, d := range reg {
		ids = append(ids, d.Case.ID)
	}
	if err != nil || !slices.Equal(ids, []bot.CaseID{breach.ID, second.ID}) { // not wb
		t.Errorf("register = %v %v, want %v and %v", ids, err, breach.ID, second.ID)
	}
	if _, err := f.Cases.BreachRegister(ctx, "UCOORD1"); !errors.Is(err, bot.ErrNotAllowed) {
		t.Errorf("register for a coordinator: %v", err)
	}
}

// TestCullingKeepsTheBreachCodes: culling takes the record's texts and
// who assessed it, the investigator's name; the codes and dates stay.
func TestCullingKeepsTheBreachCodes(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	cfg := domaintest.Config()
	day := 24 * time.Hour
	cfg.Retention = bot.Retention{Default: &day}
	f.SetConfig(cfg)
	c := f.Submitted(bot.PersonalData, "jobbtorg", breachAnswers(), false)
	if _, _, err := f.Cases.Investigate(ctx, c.ID, "UCOORD1", cases.InvestigationInput{Name: "Kim Berg", Title: "Utredare", RegistryNumber: "SN 1"}); err != nil {
		t.Fatal(err)
	}
	documentBreach(t, f, c.ID)
	if _, _, err := f.Cases.Close(ctx, c.ID, "UCOORD1", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok",
		Breach: &bot.Breach{Risk: bot.RiskUnlikely, Reasoning: "Kalle Anka raderade mejlet."}}); err != nil {
		t.Fatal(err)
	}
	f.Advance(48 * time.Hour)
	if _, err := f.Retention.Run(ctx, bot.SystemActor, false); err != nil {
		t.Fatal(err)
	}
	got := f.Case(c.ID)
	if got.CulledAt.IsZero() || got.Breach == nil || got.Breach.Risk != bot.RiskUnlikely || got.Breach.Reasoning != "" || got.Breach.Recipient != "" ||
		got.Breach.Summary != "" || got.Breach.Consequences != "" ||
		got.Breach.AssessedBy != (bot.Signature{}) || got.Investigation == nil || got.Investigation.Investigator != (bot.Signature{}) ||
		got.Investigation.RegistryNumber != "SN 1" {
		t.Errorf("culled: breach %+v, investigation %+v", got.Breach, got.Investigation)
	}
	if _, _, err := f.Cases.RecordBreach(ctx, c.ID, "UCOORD1", bot.Breach{Risk: bot.RiskUnlikely, Reasoning: "igen"}); !errors.Is(err, bot.ErrConflict) {
		t.Errorf("a culled case's record changed: %v", err)
	}
}

// TestChangesOutlastBookkeeping: a card recorded while the handler's name
// is looked up in Slack – between the case's read and its change – moves
// the case's version; starting an investigation, recording a breach and
// closing still go through, on the case as it is then.
func TestChangesOutlastBookkeeping(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.PersonalData, "jobbtorg", breachAnswers(), false)
	other := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	cards, bump := 0, true
	f.Directory.OnProfile = func() { // once per change: the delivery's card
		if !bump {
			return
		}
		bump = false
		cards++
		for _, id := range []bot.CaseID{c.ID, other.ID} {
			ref := bot.CardRef{Target: bot.Target{User: fmt.Sprintf("UHEAD%d", cards)}, Channel: "D1", TS: fmt.Sprintf("1.%04d", cards)}
			if err := f.Store.RecordCard(ctx, id, ref, bot.AuditEntry{At: f.Now(), Actor: bot.SystemActor, Action: bot.ActionCardPosted}); err != nil {
				t.Error(err)
			}
		}
	}
	if _, ok, err := f.Cases.Investigate(ctx, c.ID, "UCOORD1", cases.InvestigationInput{Name: "Kim Berg", Title: "Utredare"}); err != nil || !ok {
		t.Fatalf("investigate while a card was recorded: %v, %v", ok, err)
	}
	b := bot.BreachFromAnswers(breachAnswers())
	b.Summary, b.Consequences, b.Measures = "Ett intyg mejlades till fel mottagare.", "Små.", "Mottagaren raderade mejlet."
	b.Risk, b.Reasoning = bot.RiskPresent, "Hälsouppgifter hos en annan myndighet."
	bump = true
	if _, ok, err := f.Cases.RecordBreach(ctx, c.ID, "UCOORD1", b); err != nil || !ok {
		t.Fatalf("record the breach while a card was recorded: %v, %v", ok, err)
	}
	bump = true
	if _, ok, err := f.Cases.Close(ctx, other.ID, "UCOORD1", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok"}); err != nil || !ok {
		t.Fatalf("close while a card was recorded: %v, %v", ok, err)
	}
	if got := f.Case(c.ID); got.Investigation == nil || got.Breach == nil {
		t.Errorf("the breach case: investigation %v, breach %v", got.Investigation != nil, got.Breach != nil)
	}
	if got := f.Case(other.ID); got.Status != bot.StatusClosed || len(got.Cards) == 0 {
		t.Errorf("the other case: %s, %d cards", got.Status, len(got.Cards))
	}
	if cards != 3 {
		t.Errorf("%d cards recorded in between, want one per change", cards)
	}
}
