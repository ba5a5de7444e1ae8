package cases_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

func TestCaseLifecycle(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.CareQuality, "jobbtorg", bot.Answers{bot.QDescription: {"x"}, bot.QCQService: {"hemtjänst"}, bot.QCQHarm: {"risk"}, bot.QCQBefore: {bot.No}}, false)

	// Someone outside the route is refused, and the refusal is recorded.
	if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UOUTSIDER"); !errors.Is(err, bot.ErrNotAllowed) {
		t.Fatalf("outsider ack: %v", err)
	}
	got, ok, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1")
	if err != nil || !ok || got.Status != bot.StatusAcknowledged || got.AckBy != "UCOORD1" || !got.AckAt.Equal(f.Now()) {
		t.Fatalf("ack = %+v %v %v", got, ok, err)
	}
	// A second click, or a second coordinator, changes nothing.
	if _, ok, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD2"); ok || err != nil {
		t.Errorf("second ack: changed=%v err=%v", ok, err)
	}
	if got, _ := f.Store.Case(ctx, c.ID); got.AckBy != "UCOORD1" {
		t.Errorf("ack by = %s after a second ack", got.AckBy)
	}

	if _, _, err := f.Cases.Assign(ctx, c.ID, "UCOORD1", "not-a-user"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("assign to a non-user: %v", err)
	}
	if got, ok, err := f.Cases.Assign(ctx, c.ID, "UCOORD1", "UINV"); err != nil || !ok || got.Assignee != "UINV" {
		t.Errorf("assign = %+v %v %v", got, ok, err)
	}
	if _, ok, _ := f.Cases.Assign(ctx, c.ID, "UCOORD1", "UINV"); ok {
		t.Error("assigning again to the same person changed the case")
	}
	// The assignee may now act.
	if _, err := f.Cases.AddNote(ctx, c.ID, "UINV", cases.NoteInput{Text: "Samtal med personal.", Source: "Intervju", Kind: bot.NoteFact}); err != nil {
		t.Fatal(err)
	}
	var fe bot.FieldErrors
	if _, err := f.Cases.AddNote(ctx, c.ID, "UINV", cases.NoteInput{Kind: "guess"}); !errors.As(err, &fe) || len(fe) != 3 {
		t.Errorf("empty note: %v", err)
	}

	if _, _, err := f.Cases.Escalate(ctx, c.ID, "UCOORD1", bot.EscalateToLine, " "); !errors.As(err, &fe) {
		t.Errorf("escalate without a reason: %v", err)
	}
	if got, ok, err := f.Cases.Escalate(ctx, c.ID, "UCOORD1", bot.EscalateToLine, "Kräver chefsbeslut"); err != nil || !ok || got.Status != bot.StatusEscalated {
		t.Errorf("escalate = %+v %v %v", got.Status, ok, err)
	}

	// Lex Sarah applies: only its five decisions close the case.
	bad := bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "Ny rutin."}
	if _, _, err := f.Cases.Close(ctx, c.ID, "UHEAD1", bad); !errors.As(err, &fe) || fe[bot.FieldDecision].SV == "" || fe[bot.FieldRootCauses].SV == "" {
		t.Errorf("close with a general outcome: %v", err)
	}
	good := bot.Closure{Decision: bot.DecisionSeriousRisk, RootCauses: []string{"routines"}, ActionsTaken: "Ny rutin.", ActionsAt: f.Now(), Recur: bot.Yes}
	// Decisions 3 and 4 need the notification to IVO first.
	if _, _, err := f.Cases.Close(ctx, c.ID, "UHEAD1", good); !errors.As(err, &fe) || !strings.Contains(fe[bot.FieldDecision].EN, "IVO") {
		t.Errorf("close to IVO without notifying IVO: %v", err)
	}
	if _, ok, err := f.Cases.Notify(ctx, c.ID, "UHEAD1", cases.NotifyInput{Authority: bot.AuthorityIVO, At: f.Now(), Reference: "IVO 3.1.1-1234/2026"}); err != nil || !ok {
		t.Fatalf("notify IVO: %v %v", ok, err)
	}
	got, ok, err = f.Cases.Close(ctx, c.ID, "UHEAD1", good)
	if err != nil || !ok || got.Status != bot.StatusClosed || got.Decision != bot.DecisionSeriousRisk || got.ClosedBy != "UHEAD1" {
		t.Fatalf("close = %+v %v %v", got, ok, err)
	}
	if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1"); !errors.Is(err, bot.ErrConflict) {
		t.Errorf("ack after close: %v", err)
	}
	if _, ok, err := f.Cases.Close(ctx, c.ID, "UHEAD1", good); ok || err != nil {
		t.Errorf("second close: %v %v", ok, err)
	}

	d, err := f.Cases.Details(ctx, c.ID, "UHEAD1")
	if err != nil || d.Closure == nil || d.Closure.ClosedBy.Title != "Samordnare" || len(d.Notes) != 1 || d.Notes[0].By.Name != "Name UINV" {
		t.Fatalf("details = %+v %v", d, err)
	}
	if _, err := f.Cases.Details(ctx, c.ID, "UOUTSIDER"); !errors.Is(err, bot.ErrNotAllowed) {
		t.Errorf("outsider details: %v", err)
	}
	want := []string{bot.ActionCreated, bot.ActionReceiptSent, bot.ActionCardPosted, bot.ActionDenied, bot.ActionAcknowledged, bot.ActionAssigned,
		bot.ActionNoteAdded, bot.ActionEscalated, bot.ActionNotified, bot.ActionClosed, bot.ActionViewed, bot.ActionDenied}
	if diff := cmp.Diff(f.Actions(c.ID), want); diff != "" {
		t.Errorf("history (-got +want):\n%s", diff)
	}
}

func TestAssignRefusesImplicated(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.Harassment, "jobbtorg", bot.Answers{bot.QDescription: {"x"}, bot.QHAByRole: {"staff"}, bot.QHAAgainstRole: {"staff"}, bot.QHAOngoing: {bot.No}, bot.QHAOffence: {bot.No}, bot.QInvolved: {"UPERP"}}, false)
	if _, _, err := f.Cases.Assign(ctx, c.ID, "UCOORD1", "UPERP"); !errors.Is(err, cases.ErrImplicated) {
		t.Fatalf("assign to the involved person: %v", err)
	}
	if got, _ := f.Store.Case(ctx, c.ID); got.Assignee != "" {
		t.Error("the implicated person was assigned")
	}
}

func TestQueue(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	first := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	f.Advance(time.Hour)
	second := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	_ = f.Submitted(bot.Other, "lss-home", bot.Answers{bot.QDescription: {"x"}}, false)
	closed := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	if _, _, err := f.Cases.Close(ctx, closed.ID, "UCOORD1", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok"}); err != nil {
		t.Fatal(err)
	}
	q, more, err := f.Cases.Queue(ctx, "UCOORD1", 20)
	if err != nil || more {
		t.Fatal(more, err)
	}
	var ids []bot.CaseID
	for _, c := range q {
		ids = append(ids, c.ID)
	}
	if diff := cmp.Diff(ids, []bot.CaseID{first.ID, second.ID}); diff != "" {
		t.Errorf("queue (-got +want):\n%s", diff)
	}
	// Someone the configuration names nowhere sees only what is assigned
	// to them; a reporter sees nothing.
	if _, _, err := f.Cases.Assign(ctx, second.ID, "UCOORD1", "UHELPER"); err != nil {
		t.Fatal(err)
	}
	if q, _, err := f.Cases.Queue(ctx, "UHELPER", 20); err != nil || len(q) != 1 || q[0].ID != second.ID {
		t.Errorf("assignee's queue = %v %v", q, err)
	}
	if q, _, err := f.Cases.Queue(ctx, "UREPORTER", 20); err != nil || len(q) != 0 {
		t.Errorf("reporter's queue = %v %v", q, err)
	}
}

// TestOldOpenCasesStayInView: a case left open for years is still in the
// coordinator's queue and in the digest's open cases.
func TestOldOpenCasesStayInView(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	now := f.Now()
	f.SetNow(now.AddDate(-4, 0, 0))
	old := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	f.SetNow(now)
	q, _, err := f.Cases.Queue(ctx, "UCOORD1", 20)
	if err != nil || len(q) != 1 || q[0].ID != old.ID {
		t.Errorf("queue = %v %v, want the case from %d", q, err, old.ID.Year())
	}
	d, err := f.Digests.Build(ctx, "UMGR1", bot.ISOWeek(now.AddDate(0, 0, -7), f.Reports.Config().Location()), now)
	if err != nil || d.Open.ByAge[3] != 1 {
		t.Errorf("digest open by age = %v %v, want the old case among the older", d.Open.ByAge, err)
	}
}

func TestSuggestAcceptAndChange(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	cls := &domaintest.Classifier{Suggestion: bot.Suggestion{Category: bot.PersonalData, Severity: bot.High, Regimes: []bot.Regime{bot.GDPRBreach, "made_up", bot.GDPRBreach},
		Confidence: 1.7, Source: "rules"}}
	f.Delivery.Classifier = cls
	c := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"Intyget hamnade hos fel person."}, bot.QWhere: {"I ett mejl."},
		bot.QActions: {"Raderat."}, bot.QInvolved: {"UPERSON"}}, false)
	if err := f.Delivery.Suggest(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if got := cls.Saw[0]; got.Text != "Intyget hamnade hos fel person.\nI ett mejl.\nRaderat." || !cmp.Equal(got.Names, []string{"Name UPERSON"}) {
		t.Errorf("classifier saw %+v", got)
	}
	got, _ := f.Store.Case(ctx, c.ID)
	want := &bot.Suggestion{Category: bot.PersonalData, Severity: bot.High, Regimes: []bot.Regime{bot.GDPRBreach}, Confidence: 1, Source: "rules"}
	if diff := cmp.Diff(got.Suggestion, want); diff != "" {
		t.Errorf("stored suggestion (-got +want):\n%s", diff)
	}
	// A second run does not ask again.
	_ = f.Delivery.Suggest(ctx, c.ID)
	if len(cls.Saw) != 1 {
		t.Error("the case was classified twice")
	}

	if _, _, err := f.Cases.AcceptSuggestion(ctx, c.ID, "UOUTSIDER", false); !errors.Is(err, bot.ErrNotAllowed) {
		t.Errorf("outsider accepts: %v", err)
	}
	got, ok, err := f.Cases.AcceptSuggestion(ctx, c.ID, "UCOORD1", false)
	if err != nil || !ok || got.Category != bot.PersonalData || got.Severity != bot.High || got.Classification != bot.ClassificationAccepted {
		t.Fatalf("accept = %+v %v %v", got, ok, err)
	}
	// The accepted regime and severity drive the clock: the IMY deadline,
	// and for a high severity the people concerned are to be told.
	if ks := bot.Clocks(got, time.UTC); len(ks) != 2 || ks[0].Regime != bot.GDPRBreach || ks[0].Due.IsZero() || ks[1].Regime != bot.GDPRBreach {
		t.Errorf("clocks after accept = %+v", ks)
	}
	week := c.Week
	all, _ := f.Store.Counts(ctx, []string{week}, []string{"jobbtorg"}, []int{2026}, "")
	counts := all[week]
	if diff := cmp.Diff(counts, map[string]int64{"created:other": 0, "created:personal_data": 1, "suggestions": 1, "agreed": 1}); diff != "" {
		t.Errorf("counts (-got +want):\n%s", diff)
	}

	// Changing it again moves the count once more; the decision is counted once.
	got, ok, err = f.Cases.Classify(ctx, c.ID, "UCOORD1", bot.Confidentiality, bot.Medium, nil)
	if err != nil || !ok || got.Classification != bot.ClassificationChanged {
		t.Fatalf("change = %+v %v %v", got, ok, err)
	}
	all, _ = f.Store.Counts(ctx, []string{week}, []string{"jobbtorg"}, []int{2026}, "")
	counts = all[week]
	if counts["created:confidentiality"] != 1 || counts["created:personal_data"] != 0 || counts["suggestions"] != 1 {
		t.Errorf("counts after change = %v", counts)
	}
	var fe bot.FieldErrors
	if _, _, err := f.Cases.Classify(ctx, c.ID, "UCOORD1", "weather", "dire", []bot.Regime{"none"}); !errors.As(err, &fe) || len(fe) != 3 {
		t.Errorf("invalid classification: %v", err)
	}
}

func TestCountersFollowTheCase(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.CareQuality, "jobbtorg", bot.Answers{bot.QDescription: {"x"}, bot.QCQService: {"s"}, bot.QCQHarm: {"risk"}, bot.QCQBefore: {bot.No}}, false)
	f.Advance(5 * time.Hour)
	if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD2"); err != nil {
		t.Fatal(err)
	}
	f.Advance(7 * 24 * time.Hour) // notified to IVO and closed the next week
	if _, _, err := f.Cases.Notify(ctx, c.ID, "UCOORD1", cases.NotifyInput{Authority: bot.AuthorityIVO, At: f.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Cases.Close(ctx, c.ID, "UCOORD1", bot.Closure{Decision: bot.DecisionSerious, RootCauses: []string{"routines"}, ActionsTaken: "ok", Recur: bot.No}); err != nil {
		t.Fatal(err)
	}
	next := bot.ISOWeek(f.Now(), domaintest.Config().Location())
	all, _ := f.Store.Counts(ctx, []string{c.Week, next}, []string{"jobbtorg"}, []int{2026}, "")
	if diff := cmp.Diff(all[c.Week], map[string]int64{"created:care_quality": 1, "ack_h:8": 1}); diff != "" {
		t.Errorf("week of creation (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(all[next], map[string]int64{"closed:ls_serious": 1, "close_h:336": 1, "ivo": 1}); diff != "" {
		t.Errorf("week of closing (-got +want):\n%s", diff)
	}
}

// TestAcceptingNeverWeakensSilently: a suggestion that would take away a
// regime, and its deadline, is accepted only once confirmed, and the
// history says what was taken away. (The suggestion names another
// category than the reporter chose, so the breach regime of the chosen
// form is not kept; the high severity the answers give is.)
func TestAcceptingNeverWeakensSilently(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	f.Delivery.Classifier = &domaintest.Classifier{Suggestion: bot.Suggestion{Category: bot.Other, Severity: bot.Low, Source: "rules"}}
	c := f.Submitted(bot.PersonalData, "jobbtorg", bot.Answers{bot.QDescription: {"x"}, bot.QPDDataKind: {"health"}, bot.QPDCount: {"1"},
		bot.QPDLeftOrg: {bot.Yes}, bot.QPDContained: {bot.No}}, false)
	if c.Severity != bot.High || !c.HasRegime(bot.GDPRBreach) || c.Suggestion == nil {
		t.Fatalf("case = %s %v, suggestion %v", c.Severity, c.Regimes, c.Suggestion)
	}
	var weak *cases.WeakeningError
	if _, ok, err := f.Cases.AcceptSuggestion(ctx, c.ID, "UCOORD1", false); !errors.As(err, &weak) || ok ||
		weak.To != "" || !slices.Equal(weak.Removed, []bot.Regime{bot.GDPRBreach}) {
		t.Fatalf("unconfirmed accept = %v %v", ok, err)
	}
	if got := f.Case(c.ID); got.Severity != bot.High || got.Classification != "" {
		t.Errorf("the case changed before it was confirmed: %+v", got)
	}
	got, ok, err := f.Cases.AcceptSuggestion(ctx, c.ID, "UCOORD1", true)
	if err != nil || !ok || got.Severity != bot.High || got.HasRegime(bot.GDPRBreach) {
		t.Fatalf("confirmed accept = %+v %v %v", got, ok, err)
	}
	hist, _ := f.Store.History(ctx, c.ID)
	last := hist[len(hist)-1]
	if _, lowered := last.Fields["severity_lowered"]; lowered || last.Fields["regimes_removed"] != "gdpr_breach" {
		t.Errorf("history = %+v", last)
	}
}
