package deliver_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/report"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

// TestDeliverSuggestsUntilDone: a case stays pending until it has its
// suggestion too, so the sweep classifies what a failure left unclassified
// and redraws the cards with it – once.
func TestDeliverSuggestsUntilDone(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	cls := &domaintest.Classifier{Suggestion: bot.Suggestion{Category: bot.CareQuality, Severity: bot.High, Source: "rules"}, Err: errors.New("store down")}
	f.Delivery.Classifier = cls
	d := f.Fill("UREP", bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"Brukaren fick inte sin medicin."}})
	c, _, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Delivery.Deliver(ctx, c.ID); err == nil {
		t.Fatal("Deliver succeeded while classification failed")
	}
	if len(f.Notifier.Cards) != 1 {
		t.Fatalf("the card waited for the classification: %d cards", len(f.Notifier.Cards))
	}
	f.ExpireLeases()
	if ids, _ := f.Store.PendingDeliveries(ctx, []int{2026}, f.Now(), f.Now()); len(ids) != 1 {
		t.Fatalf("not pending after a failed classification: %v", ids)
	}
	cls.SetErr(nil)
	f.Delivery.Sweep(ctx, time.Minute)
	got, _ := f.Store.Case(ctx, c.ID)
	if got.Suggestion == nil || got.Suggestion.Category != bot.CareQuality {
		t.Fatalf("no suggestion after the sweep: %+v", got.Suggestion)
	}
	if ids, _ := f.Store.PendingDeliveries(ctx, []int{2026}, f.Now(), f.Now()); len(ids) != 0 {
		t.Errorf("still pending: %v", ids)
	}
	updates := len(f.Notifier.Updates)
	if updates == 0 {
		t.Error("the card was not redrawn with the suggestion")
	}
	// Done is done: another sweep neither classifies nor redraws again.
	f.ExpireLeases()
	f.Delivery.Sweep(ctx, time.Minute)
	if err := f.Delivery.Deliver(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if len(cls.Saw) != 2 || len(f.Notifier.Updates) != updates || len(f.Notifier.Cards) != 1 {
		t.Errorf("repeated: %d classifications, %d redraws (was %d), %d cards", len(cls.Saw), len(f.Notifier.Updates), updates, len(f.Notifier.Cards))
	}
}

func TestDeliver(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	d := f.Fill("UREP", bot.Harassment, "jobbtorg", bot.Answers{bot.QDescription: {"x"}, bot.QHAByRole: {"staff"}, bot.QHAAgainstRole: {"staff"}, bot.QHAOngoing: {bot.No}, bot.QHAOffence: {bot.No}, bot.QInvolved: {"UCOORD1"}})
	c, _, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{Anonymous: true})
	if err != nil {
		t.Fatal(err)
	}
	f.Notifier.Failing = true
	if err := f.Delivery.Deliver(ctx, c.ID); err == nil {
		t.Fatal("Deliver succeeded while Slack was down")
	}
	f.ExpireLeases()
	if ids, _ := f.Store.PendingDeliveries(ctx, []int{2026}, f.Now(), f.Now()); len(ids) != 1 {
		t.Fatalf("pending = %v", ids)
	}
	f.Notifier.Failing = false
	f.Delivery.Sweep(ctx, time.Minute)
	// Escalated past the involved coordinator: DMs to the two heads, never the channel.
	if diff := cmp.Diff(f.Notifier.Cards, []bot.Target{{User: "UHEAD1"}, {User: "UHEAD2"}}); diff != "" {
		t.Errorf("cards (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(f.Notifier.Receipts, []string{string(c.ID) + " UREP"}); diff != "" {
		t.Errorf("receipts (-got +want):\n%s", diff)
	}
	got, _ := f.Store.Case(ctx, c.ID)
	if !got.Delivered() {
		t.Errorf("case not delivered: %+v", got)
	}
	if ids, _ := f.Store.PendingDeliveries(ctx, []int{2026}, f.Now(), f.Now()); len(ids) != 0 {
		t.Errorf("still pending: %v", ids)
	}
	// Delivering again sends nothing twice.
	f.ExpireLeases()
	if err := f.Delivery.Deliver(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if len(f.Notifier.Cards) != 2 || len(f.Notifier.Receipts) != 1 {
		t.Errorf("redelivery repeated: %d cards, %d receipts", len(f.Notifier.Cards), len(f.Notifier.Receipts))
	}
	h, _ := f.Store.History(ctx, c.ID)
	var actions []string
	for _, e := range h {
		actions = append(actions, e.Action)
	}
	if diff := cmp.Diff(actions, []string{bot.ActionCreated, bot.ActionReceiptSent, bot.ActionCardPosted, bot.ActionCardPosted}); diff != "" {
		t.Errorf("history (-got +want):\n%s", diff)
	}
}

func TestDeliverHeldByAnotherReplica(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	d := f.Fill("UREP", bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}})
	c, _, _ := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{})
	if _, ok, _ := f.Store.ClaimDelivery(ctx, c.ID, "other", time.Minute); !ok {
		t.Fatal("claim")
	}
	if err := f.Delivery.Deliver(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if len(f.Notifier.Cards)+len(f.Notifier.Receipts) != 0 {
		t.Error("delivered while another replica held the lease")
	}
}

// TestSuggestionFollowsTheAnswers: a classifier that reads a calm text as
// low gives way to what the reporter answered: a weapon makes the
// suggestion critical with the work environment authority's and the
// police's clocks, and the history says the answers raised it.
func TestSuggestionFollowsTheAnswers(t *testing.T) {
	f := domaintest.New(t)
	f.Delivery.Classifier = &domaintest.Classifier{Suggestion: bot.Suggestion{Category: bot.ThreatViolence, Severity: bot.Low, Confidence: 0.4, Source: "rules"}}
	c := f.Submitted(bot.ThreatViolence, "jobbtorg", bot.Answers{
		bot.QDescription: {"En besökare i receptionen blev arg."}, bot.QTVKind: {"weapon"}, bot.QTVDanger: {bot.No},
		bot.QTVBy: {"En besökare"}, bot.QTVAgainst: {"Receptionisten"}, bot.QTVPolice: {bot.No},
	}, false)
	sg := c.Suggestion
	if sg == nil {
		t.Fatal("no suggestion")
	}
	if sg.Severity != bot.Critical || !slices.Equal(sg.Regimes, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}) || !sg.FromAnswers {
		t.Errorf("suggestion %s %v from answers %v, want critical with both clocks, raised by the answers", sg.Severity, sg.Regimes, sg.FromAnswers)
	}
	hist, err := f.Store.History(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(hist, func(e bot.AuditEntry) bool { return e.Action == bot.ActionSuggested })
	if i < 0 || hist[i].Fields["from_answers"] != "yes" || hist[i].Fields["severity"] != "critical" {
		t.Errorf("history: %+v", hist)
	}
}

// TestCardCarriesTheSuggestion: a new case is classified before its card
// is posted, so the card is posted once with the suggestion on it and
// never redrawn for it.
func TestCardCarriesTheSuggestion(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := submitCare(t, f)
	if err := f.Delivery.Deliver(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	got := f.Case(c.ID)
	if got.Suggestion == nil || len(f.Notifier.Cards) != 1 || len(f.Notifier.Updates) != 0 {
		t.Errorf("suggestion %+v, %d cards, %d redraws; want one card with it and no redraw", got.Suggestion, len(f.Notifier.Cards), len(f.Notifier.Updates))
	}
	if q, _ := f.Store.PendingAnnouncements(ctx, []int{c.ID.Year()}, f.Now().Add(time.Hour), f.Now().Add(time.Hour)); len(q) != 0 {
		t.Errorf("an announcement left queued: %v", q)
	}
}

// TestDeliverWithoutReport: what the claim could not read fails only the
// step that needs it – a report that is gone or cannot be opened the
// suggestion, a reporter who is gone the receipt – and the cards go out;
// the case stays pending for the rest.
func TestDeliverWithoutReport(t *testing.T) {
	for _, tc := range []struct {
		name           string
		key            string
		corrupt        bool
		cards, receipt int
	}{
		{"report gone", ":report:", false, 1, 1},
		{"report unreadable", ":report:", true, 1, 1},
		{"reporter gone", ":relay:", false, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := domaintest.New(t)
			ctx := context.Background()
			c := submitCare(t, f)
			for _, k := range f.Redis.Keys() {
				if strings.Contains(k, tc.key+string(c.ID)) {
					if tc.corrupt {
						_ = f.Redis.Set(k, "{")
					} else {
						f.Redis.Del(k)
					}
				}
			}
			err := f.Delivery.Deliver(ctx, c.ID)
			if err == nil {
				t.Fatal("Deliver succeeded without what it needs")
			}
			if len(f.Notifier.Cards) != tc.cards || len(f.Notifier.Receipts) != tc.receipt {
				t.Errorf("%d cards and %d receipts (%v); want %d and %d", len(f.Notifier.Cards), len(f.Notifier.Receipts), err, tc.cards, tc.receipt)
			}
			if got := f.Case(c.ID); (got.Suggestion != nil) != (tc.key == ":relay:") {
				t.Errorf("suggestion %+v with the %s", got.Suggestion, tc.name)
			}
			f.ExpireLeases()
			if ids, _ := f.Store.PendingDeliveries(ctx, []int{2026}, f.Now(), f.Now().Add(time.Hour)); len(ids) != 1 {
				t.Errorf("not pending after a delivery that failed in part: %v", ids)
			}
		})
	}
}

// TestDeliveryRoundTrips: a new case's delivery, its suggestion included,
// costs five round trips to Redis: the claim (which reads the case, its
// reporter and its report), the suggestion, the receipt, the card, and
// the finish (which gives the claim back).
func TestDeliveryRoundTrips(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	ids := []bot.CaseID{submitCare(t, f).ID, submitCare(t, f).ID}
	// The first delivery loads the scripts into Redis (a script Redis
	// lacks is sent twice: evalsha, then eval); the second is counted.
	for i, id := range ids {
		f.Commands()
		if err := f.Delivery.Deliver(ctx, id); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			continue
		}
		if got, want := f.Commands(), slices.Repeat([]string{"evalsha"}, 5); !slices.Equal(got, want) {
			t.Errorf("the delivery sent %v, want %v", got, want)
		}
	}
	if len(f.Notifier.Cards) != 2 || len(f.Notifier.Receipts) != 2 {
		t.Fatalf("%d cards, %d receipts; want two each", len(f.Notifier.Cards), len(f.Notifier.Receipts))
	}
}

// submitCare submits a care report with a classifier that suggests
// care_quality, high, and returns its case, not yet delivered.
func submitCare(t *testing.T, f *domaintest.Fixture) bot.Case {
	t.Helper()
	f.Delivery.Classifier = &domaintest.Classifier{Suggestion: bot.Suggestion{Category: bot.CareQuality, Severity: bot.High, Source: "rules"}}
	d := f.Fill("UREP", bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"Brukaren fick inte sin medicin."}})
	c, _, err := f.Reports.Submit(context.Background(), "UREP", d.Nonce, report.Choices{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSweepLeavesWhatThisProcessQueued: a delivery past the sweep's grace
// that this process has queued is left to its worker; one it has not
// (another process died holding it) is delivered by the sweep.
func TestSweepLeavesWhatThisProcessQueued(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	var ids []bot.CaseID
	for _, user := range []string{"UREP1", "UREP2"} {
		d := f.Fill(user, bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"Skrivaren på plan 3 är trasig igen."}})
		c, _, err := f.Reports.Submit(ctx, user, d.Nonce, report.Choices{})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	queued := ids[0]
	var asked []bot.CaseID
	f.Delivery.Local = func(id bot.CaseID) bool { asked = append(asked, id); return id == queued }
	f.Advance(time.Hour)
	f.Delivery.Sweep(ctx, time.Minute)
	pending, err := f.Store.PendingDeliveries(ctx, []int{2026}, f.Now(), f.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pending, []bot.CaseID{queued}) {
		t.Errorf("pending after the sweep = %v, want only the queued %v", pending, queued)
	}
	if len(f.Notifier.Receipts) != 1 || len(asked) != 2 {
		t.Errorf("%d receipts (want 1, the other case's), Local asked about %v", len(f.Notifier.Receipts), asked)
	}
	// The worker's own delivery then does it.
	if err := f.Delivery.Deliver(ctx, queued); err != nil {
		t.Fatal(err)
	}
	if pending, _ := f.Store.PendingDeliveries(ctx, []int{2026}, f.Now(), f.Now()); len(pending) != 0 {
		t.Errorf("still pending: %v", pending)
	}
}
