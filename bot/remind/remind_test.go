package remind_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/bot/remind"
	"github.com/incidentbot/incidentbot/bot/report"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

// breach files a personal data breach discovered ago, at jobbtorg.
func breach(t *testing.T, f *domaintest.Fixture, ago time.Duration) bot.Case {
	t.Helper()
	ctx := context.Background()
	d, err := f.Reports.NewDraft(ctx, "UREP")
	if err != nil {
		t.Fatal(err)
	}
	now := f.Now()
	if _, err := f.Reports.SaveStepOne(ctx, "UREP", d.Nonce, bot.StepOne{Category: bot.PersonalData, Unit: "jobbtorg",
		OccurredAt: now.Add(-ago - time.Hour), DiscoveredAt: now.Add(-ago)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Reports.SaveStepTwo(ctx, "UREP", d.Nonce, domaintest.Complete(bot.PersonalData, bot.Answers{bot.QDescription: {"x"}, bot.QPDDataKind: {"health"},
		bot.QPDCount: {"1"}, bot.QPDLeftOrg: {bot.No}, bot.QPDContained: {bot.Yes}})); err != nil {
		t.Fatal(err)
	}
	c, _, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// run has the fixture's reminder service look, and returns what it sent.
func run(t *testing.T, f *domaintest.Fixture) []string {
	t.Helper()
	before := len(f.Notifier.Reminded())
	f.Remind.Run(context.Background())
	return f.Notifier.Reminded()[before:]
}

func TestIMYReminders(t *testing.T) {
	f := domaintest.New(t)
	c := breach(t, f, 70*time.Hour)
	id := string(c.ID)
	// Created with a quarter of IMY's 72 hours gone already: at once, to
	// the route's coordinators.
	if diff := cmp.Diff(run(t, f), []string{"UCOORD1:" + id + ":imy|quarter", "UCOORD2:" + id + ":imy|quarter"}); diff != "" {
		t.Errorf("first look (-got +want):\n%s", diff)
	}
	if got := run(t, f); len(got) != 0 {
		t.Errorf("a second look sent %v", got)
	}
	// Assigned, the next goes to the assignee alone.
	if _, _, err := f.Cases.Assign(context.Background(), c.ID, "UCOORD1", "UINV"); err != nil {
		t.Fatal(err)
	}
	f.Advance(2*time.Hour + time.Minute)
	if diff := cmp.Diff(run(t, f), []string{"UINV:" + id + ":imy|passed"}); diff != "" {
		t.Errorf("at the deadline (-got +want):\n%s", diff)
	}
	hist := f.Actions(c.ID)
	if n := domaintest.Count(hist, bot.ActionReminded); n != 2 {
		t.Errorf("%d reminders in the history, want 2: %v", n, hist)
	}
}

// TestNotificationStopsReminders: IMY notified before the deadline, and
// the case acknowledged, nothing more is sent.
func TestNotificationStopsReminders(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := breach(t, f, 60*time.Hour)
	if got := run(t, f); len(got) != 2 {
		t.Fatalf("first look sent %v", got)
	}
	if _, _, err := f.Cases.Notify(ctx, c.ID, "UCOORD1", cases.NotifyInput{Authority: bot.AuthorityIMY, At: f.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	f.Advance(100 * time.Hour)
	if got := run(t, f); len(got) != 0 {
		t.Errorf("a met deadline reminded: %v", got)
	}
}

// TestAssessmentStopsReminders: a breach documented as unlikely to result
// in a risk is not notified (art. 33.1): the IMY clock is met, and no
// reminder follows.
func TestAssessmentStopsReminders(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := breach(t, f, 60*time.Hour)
	if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	run(t, f)
	if _, _, err := f.Cases.RecordBreach(ctx, c.ID, "UCOORD1", bot.Breach{Kinds: []string{"health"}, Risk: bot.RiskUnlikely,
		Reasoning: "Mottagaren är en myndighet med tystnadsplikt och raderade mejlet."}); err != nil {
		t.Fatal(err)
	}
	for _, k := range bot.Clocks(f.Case(c.ID), time.UTC) {
		if k.ID == bot.ClockIMY && (k.Running() || k.Settled.SV == "") {
			t.Errorf("the IMY clock after the assessment: %+v", k)
		}
	}
	f.Advance(100 * time.Hour)
	if got := run(t, f); len(got) != 0 {
		t.Errorf("a breach assessed as unlikely to result in a risk reminded: %v", got)
	}
}

// TestAckTargetReminders: the acknowledgement target passed reminds the
// route; passed by as much again, the unit's escalation people hear of it,
// without the case; a closed case reminds no one.
func TestAckTargetReminders(t *testing.T) {
	f := domaintest.New(t)
	c := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	id := string(c.ID)
	if got := run(t, f); len(got) != 0 {
		t.Fatalf("a fresh case reminded: %v", got)
	}
	f.Advance(24*time.Hour + time.Minute)
	if diff := cmp.Diff(run(t, f), []string{"UCOORD1:" + id + ":ack|passed", "UCOORD2:" + id + ":ack|passed"}); diff != "" {
		t.Errorf("target passed (-got +want):\n%s", diff)
	}
	f.Advance(24 * time.Hour)
	if diff := cmp.Diff(run(t, f), []string{"UHEAD1:" + id + ":ack|passed_again(info)", "UHEAD2:" + id + ":ack|passed_again(info)"}); diff != "" {
		t.Errorf("target passed by as much again (-got +want):\n%s", diff)
	}
	other := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"y"}}, false)
	if _, _, err := f.Cases.Close(context.Background(), other.ID, "UCOORD1", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok"}); err != nil {
		t.Fatal(err)
	}
	f.Advance(100 * time.Hour)
	if got := run(t, f); len(got) != 0 {
		t.Errorf("a closed case reminded: %v", got)
	}
}

// TestOnceAcrossReplicas: replicas looking at once send each reminder once.
func TestOnceAcrossReplicas(t *testing.T) {
	f := domaintest.New(t)
	for range 5 {
		breach(t, f, 70*time.Hour)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			r := &remind.Service{Runtime: f.Remind.Runtime, Store: f.Store, Notifier: f.Notifier}
			r.Run(context.Background())
		})
	}
	wg.Wait()
	if got := f.Notifier.Reminded(); len(got) != 10 {
		t.Errorf("%d reminders for five cases of two coordinators, want 10: %v", len(got), got)
	}
}

// TestSlackDownRetries: a reminder that could not be sent is tried again
// a minute later, and then sent once.
func TestSlackDownRetries(t *testing.T) {
	f := domaintest.New(t)
	breach(t, f, 70*time.Hour)
	f.Notifier.SetFailing(true)
	if got := run(t, f); len(got) != 0 {
		t.Fatalf("sent while Slack was down: %v", got)
	}
	f.Notifier.SetFailing(false)
	if got := run(t, f); len(got) != 0 {
		t.Fatalf("retried before its minute: %v", got)
	}
	f.Advance(time.Minute)
	if got := run(t, f); len(got) != 2 {
		t.Errorf("retry sent %v, want the two reminders", got)
	}
}

// TestOneRecipientUnreachable: a reminder that reached one coordinator but
// not the other is tried again for the other alone.
func TestOneRecipientUnreachable(t *testing.T) {
	f := domaintest.New(t)
	c := breach(t, f, 70*time.Hour)
	id := string(c.ID)
	f.Notifier.SetUnreachable("UCOORD2", true)
	if diff := cmp.Diff(run(t, f), []string{"UCOORD1:" + id + ":imy|quarter"}); diff != "" {
		t.Errorf("with UCOORD2 unreachable (-got +want):\n%s", diff)
	}
	f.Notifier.SetUnreachable("UCOORD2", false)
	f.Advance(time.Minute)
	if diff := cmp.Diff(run(t, f), []string{"UCOORD2:" + id + ":imy|quarter"}); diff != "" {
		t.Errorf("the retry (-got +want):\n%s", diff)
	}
	if got := run(t, f); len(got) != 0 {
		t.Errorf("a third look sent %v", got)
	}
}
