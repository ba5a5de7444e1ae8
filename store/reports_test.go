package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
)

// notifier records receipts and cards; it fails while down is set.
type notifier struct {
	down     bool
	receipts []string
	cards    []bot.Target
}

func (n *notifier) SendReceipt(_ context.Context, c bot.Case, user string) error {
	if n.down {
		return errors.New("slack down")
	}
	n.receipts = append(n.receipts, string(c.ID)+" "+user)
	return nil
}

func (n *notifier) SendDigest(context.Context, string, bot.Digest) error { return nil }

func (n *notifier) UpdateCard(context.Context, bot.Case, bot.CardRef) error { return nil }

func (n *notifier) TellReporter(context.Context, bot.Case, string, bot.Event) error { return nil }

func (n *notifier) PostCard(_ context.Context, _ bot.Case, t bot.Target) (bot.CardRef, error) {
	if n.down {
		return bot.CardRef{}, errors.New("slack down")
	}
	n.cards = append(n.cards, t)
	return bot.CardRef{Channel: t.Channel, TS: "1.0001"}, nil
}

// TestReportsFlow drives the bot's reporting flow on the real store: the
// interfaces' semantics as the domain relies on them.
func TestReportsFlow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	cfg := &bot.Config{CasePrefix: "INC", Units: []bot.Unit{
		{ID: "jobbtorg", Name: "Jobbtorg", Coordinators: []string{"UCOORD1"}, Channel: "CCASES1"}}}
	n := &notifier{down: true}
	r := &bot.Service{Store: e.s, Notifier: n, Config: func() *bot.Config { return cfg }, Now: func() time.Time { return now }}

	d, err := r.NewDraft(ctx, "UREP1")
	if err != nil {
		t.Fatal(err)
	}
	step := bot.StepOne{Category: bot.Other, Unit: "jobbtorg", OccurredAt: now.Add(-time.Hour), DiscoveredAt: now}
	if _, err := r.SaveStepOne(ctx, "UREP1", d.Nonce, step); err != nil {
		t.Fatal(err)
	}
	if _, err := r.SaveStepTwo(ctx, "UREP1", d.Nonce, bot.Answers{bot.QDescription: {"Något hände."}}); err != nil {
		t.Fatal(err)
	}
	c, created, err := r.Submit(ctx, "UREP1", d.Nonce, true)
	if err != nil || !created || c.ID != "INC-2026-0001" {
		t.Fatalf("Submit = %s, %v, %v; want INC-2026-0001 created", c.ID, created, err)
	}
	// The draft is gone, so a second submit finds the case by its nonce.
	again, created, err := r.Submit(ctx, "UREP1", d.Nonce, true)
	if err != nil || created || again.ID != c.ID {
		t.Fatalf("second Submit = %s, %v, %v; want %s not created", again.ID, created, err, c.ID)
	}
	if unit, err := e.s.LastUnit(ctx, "UREP1"); err != nil || unit != "jobbtorg" {
		t.Errorf("LastUnit = %q, %v; want jobbtorg", unit, err)
	}

	if err := r.Deliver(ctx, c.ID); err == nil {
		t.Fatal("Deliver succeeded while Slack is down")
	}
	n.down = false
	// The first attempt's lease must lapse before a retry may deliver.
	if err := e.rdb.Del(ctx, e.s.keys.lease(c.ID)).Err(); err != nil {
		t.Fatal(err)
	}
	r.RedeliverPending(ctx, 0)
	if diff := cmp.Diff(n.receipts, []string{"INC-2026-0001 UREP1"}); diff != "" {
		t.Errorf("receipts (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(n.cards, []bot.Target{{Channel: "CCASES1"}}); diff != "" {
		t.Errorf("cards (-got +want):\n%s", diff)
	}
	if ids, err := e.s.PendingDeliveries(ctx, []int{2026}, now.Add(time.Hour)); err != nil || len(ids) != 0 {
		t.Errorf("pending after delivery: %v, %v", ids, err)
	}

	mine, err := r.MyCases(ctx, "UREP1", 10)
	if err != nil || len(mine) != 1 || !mine[0].Delivered() || mine[0].Reporter != bot.AnonymousReporter {
		t.Errorf("MyCases = %+v, %v; want the delivered anonymous case", mine, err)
	}
	h, err := e.s.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range h {
		actions = append(actions, a.Actor+" "+a.Action)
	}
	want := []string{"anonymous created", "incidentbot receipt_sent", "incidentbot card_posted"}
	if diff := cmp.Diff(actions, want); diff != "" {
		t.Errorf("history (-got +want):\n%s", diff)
	}
}
