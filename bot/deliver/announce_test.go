package deliver_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

// TestAnnouncementsSurviveSlackDown: a change whose announcement fails –
// the reporter's message, the escalation people's cards – stays queued and
// is announced by the sweep, once, however often the sweep runs.
func TestAnnouncementsSurviveSlackDown(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Cases.Escalate(ctx, c.ID, "UCOORD1", bot.EscalateToLine, "chefen behöver veta"); err != nil {
		t.Fatal(err)
	}
	f.Notifier.Failing = true
	for _, e := range []bot.Event{bot.EventAcknowledged, bot.EventEscalated} {
		if err := f.Delivery.Announce(ctx, c.ID, e); err == nil {
			t.Fatalf("announcing %s succeeded while Slack was down", e)
		}
	}
	// Within the grace the process that made the change may still be at it.
	f.Notifier.Failing = false
	f.Delivery.Sweep(ctx, time.Minute)
	if len(f.Notifier.Told) != 0 {
		t.Fatalf("announced within the grace: %v", f.Notifier.Told)
	}
	// The leases of the failed announcements run out; the sweep takes over.
	f.ExpireLeases()
	f.Delivery.Sweep(ctx, time.Minute)
	if diff := cmp.Diff(f.Notifier.Told, []string{"UREP:acknowledged"}); diff != "" {
		t.Errorf("reporter told (-got +want):\n%s", diff)
	}
	heads := 0
	for _, tg := range f.Notifier.Cards {
		if tg.User == "UHEAD1" || tg.User == "UHEAD2" {
			heads++
		}
	}
	if heads != 2 {
		t.Errorf("escalation cards = %v", f.Notifier.Cards)
	}
	if due, _ := f.Store.PendingAnnouncements(ctx, []int{2026}, f.Now(), f.Now()); len(due) != 0 {
		t.Errorf("still queued: %+v", due)
	}
	// Announcing again tells nobody twice.
	f.ExpireLeases()
	if err := f.Delivery.Announce(ctx, c.ID, bot.EventAcknowledged); err != nil {
		t.Fatal(err)
	}
	if len(f.Notifier.Told) != 1 {
		t.Errorf("reporter told twice: %v", f.Notifier.Told)
	}
}

// TestAnnouncementGivenUp: a change whose announcement keeps failing – a
// card in an archived channel – leaves the queue after a day, recorded in
// the case's history; its reporter is still told.
func TestAnnouncementGivenUp(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	f.Notifier.Archived = true // every card update fails for good
	if err := f.Delivery.Announce(ctx, c.ID, bot.EventAcknowledged); err == nil {
		t.Fatal("announced to an archived channel")
	}
	if diff := cmp.Diff(f.Notifier.Told, []string{"UREP:acknowledged"}); diff != "" {
		t.Errorf("a card that cannot be updated kept the reporter from being told (-got +want):\n%s", diff)
	}
	for range 3 {
		f.Advance(10 * time.Hour)
		f.Delivery.Sweep(ctx, time.Minute)
	}
	if due, _ := f.Store.PendingAnnouncements(ctx, []int{2026}, f.Now(), f.Now()); len(due) != 0 {
		t.Errorf("still queued after a day: %+v", due)
	}
	hist, _ := f.Store.History(ctx, c.ID)
	if !slices.ContainsFunc(hist, func(e bot.AuditEntry) bool {
		return e.Action == bot.ActionAnnounceFailed && e.Fields["event"] == "acknowledged"
	}) {
		t.Error("the abandoned announcement is not in the history")
	}
	if len(f.Notifier.Told) != 1 {
		t.Errorf("reporter told %d times", len(f.Notifier.Told))
	}
}

// TestLateAnnouncementIsTriedFirst: a change nobody could announce for
// more than a day – every replica was down – is announced, not given up.
func TestLateAnnouncementIsTriedFirst(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	f.Advance(25 * time.Hour)
	f.Delivery.Sweep(ctx, time.Minute)
	if diff := cmp.Diff(f.Notifier.Told, []string{"UREP:acknowledged"}); diff != "" {
		t.Errorf("reporter told (-got +want):\n%s", diff)
	}
	hist, _ := f.Store.History(ctx, c.ID)
	if slices.ContainsFunc(hist, func(e bot.AuditEntry) bool { return e.Action == bot.ActionAnnounceFailed }) {
		t.Error("an announcement that succeeded was recorded as given up")
	}
}

// TestRedrawFinishesOnlyWhatItDrew: changes that keep coming while the
// cards are drawn stay queued beyond what was drawn.
func TestRedrawFinishesOnlyWhatItDrew(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	assignees := []string{"UCOORD2", "UCOORD1", "UCOORD2", "UCOORD1"}
	var hook func()
	hook = func() {
		if len(assignees) == 0 {
			return
		}
		a := assignees[0]
		assignees = assignees[1:]
		if _, _, err := f.Cases.Assign(ctx, c.ID, "UCOORD1", a); err != nil {
			t.Error(err)
		}
		f.Notifier.OnUpdate = hook
	}
	if _, _, err := f.Cases.Assign(ctx, c.ID, "UCOORD1", "UHELPER"); err != nil {
		t.Fatal(err)
	}
	f.Notifier.OnUpdate = hook
	_ = f.Delivery.Announce(ctx, c.ID, bot.EventAssigned)
	f.Notifier.OnUpdate = nil
	due, _ := f.Store.PendingAnnouncements(ctx, []int{2026}, f.Now().Add(time.Hour), f.Now().Add(time.Hour))
	if len(due) != 1 || due[0].Event != bot.EventAssigned {
		t.Errorf("the last assignment, never drawn, left the queue: %+v", due)
	}
}

// TestAnnounceCatchesUp: a change made while an announcement draws the
// cards is drawn too, so the card never ends on the older state.
func TestAnnounceCatchesUp(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	f.Notifier.Updates = nil
	// While the acknowledgement is drawn, another coordinator closes it.
	f.Notifier.OnUpdate = func() {
		if _, _, err := f.Cases.Close(ctx, c.ID, "UCOORD2", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok"}); err != nil {
			t.Error(err)
		}
	}
	if err := f.Delivery.Announce(ctx, c.ID, bot.EventAcknowledged); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f.Notifier.Updates, []string{"acknowledged@CCASES1", "closed@CCASES1"}); diff != "" {
		t.Errorf("card updates (-got +want):\n%s", diff)
	}
}

func TestAnnounce(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	named := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	anon := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"y"}}, true)
	for _, c := range []bot.Case{named, anon} {
		if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
			t.Fatal(err)
		}
		if err := f.Delivery.Announce(ctx, c.ID, bot.EventAcknowledged); err != nil {
			t.Fatal(err)
		}
	}
	// The anonymous reporter hears it too, through the relay.
	if diff := cmp.Diff(f.Notifier.Told, []string{"UREP:acknowledged", "UREP:acknowledged"}); diff != "" {
		t.Errorf("reporters told (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(f.Notifier.Updates, []string{"acknowledged@CCASES1", "acknowledged@CCASES1"}); diff != "" {
		t.Errorf("card updates (-got +want):\n%s", diff)
	}
	if _, _, err := f.Cases.Close(ctx, named.ID, "UCOORD1", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Cases.Escalate(ctx, named.ID, "UCOORD1", bot.EscalateToLine, "chefsbeslut"); !errors.Is(err, bot.ErrConflict) {
		t.Errorf("escalating a closed case: %v", err)
	}
}

func TestEscalateSendsTheCardUp(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	f.Notifier.Cards = nil
	if _, _, err := f.Cases.Escalate(ctx, c.ID, "UCOORD1", bot.EscalateToLine, "behöver chef"); err != nil {
		t.Fatal(err)
	}
	if err := f.Delivery.Announce(ctx, c.ID, bot.EventEscalated); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f.Notifier.Cards, []bot.Target{{User: "UHEAD1"}, {User: "UHEAD2"}}); diff != "" {
		t.Errorf("escalation cards (-got +want):\n%s", diff)
	}
	// A unit with no one to escalate to refuses with a reason.
	other := f.Submitted(bot.Other, "no-escalation", bot.Answers{bot.QDescription: {"x"}}, false)
	var fe bot.FieldErrors
	if _, _, err := f.Cases.Escalate(ctx, other.ID, "UCOORD4", bot.EscalateToLine, "hjälp"); !errors.As(err, &fe) || fe[bot.FieldEscalateTo].SV == "" {
		t.Errorf("escalate with no escalation people: %v", err)
	}
	if got := f.Cases.EscalationTargets(ctx, other); !cmp.Equal(got, []string{bot.EscalateToIndependent}) {
		t.Errorf("escalation targets = %v, want the independent function only", got)
	}
	// The independent function takes it, in its channel; a new category
	// does not bring it back to the unit.
	f.Notifier.Reset()
	if _, _, err := f.Cases.Escalate(ctx, other.ID, "UCOORD4", bot.EscalateToIndependent, "chefen är inblandad"); err != nil {
		t.Fatal(err)
	}
	if err := f.Delivery.Announce(ctx, other.ID, bot.EventEscalated); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Cases.Classify(ctx, other.ID, "UIND1", bot.ThreatViolence, bot.High, nil); err != nil {
		t.Fatalf("the independent function cannot handle the case: %v", err)
	}
	if err := f.Delivery.Announce(ctx, other.ID, bot.EventClassified); err != nil {
		t.Fatal(err)
	}
	if cards, _, _, _ := f.Notifier.Sent(); !cmp.Equal(cards, []bot.Target{{Channel: "CINDEPENDENT"}}) {
		t.Errorf("cards after escalating to the independent function and reclassifying = %v", cards)
	}
	if got := f.Cases.EscalationTargets(ctx, f.Case(other.ID)); len(got) != 0 {
		t.Errorf("escalation targets after reaching the independent function = %v", got)
	}
}

func TestReclassifiedCaseReachesItsNewRoute(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	f.Notifier.Cards = nil
	if _, _, err := f.Cases.Classify(ctx, c.ID, "UCOORD1", bot.ThreatViolence, bot.High, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.Delivery.Announce(ctx, c.ID, bot.EventClassified); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f.Notifier.Cards, []bot.Target{{Channel: "CSECURITY"}}); diff != "" {
		t.Errorf("cards after reclassifying (-got +want):\n%s", diff)
	}
	// The coordinator who reclassified it still has it.
	if _, err := f.Cases.Details(ctx, c.ID, "UCOORD1"); err != nil {
		t.Errorf("the original coordinator lost the case: %v", err)
	}
}
