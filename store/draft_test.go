package store

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
)

func testDrafts(t *testing.T, e env) {
	ctx := context.Background()
	const user = "UREP1"
	older := bot.Draft{Nonce: "n1", User: user, Step: 1, UpdatedAt: t0,
		StepOne: bot.StepOne{Category: bot.PersonalData, Unit: "jobbtorg", OccurredAt: t0.Add(-time.Hour), DiscoveredAt: t0}}
	newer := bot.Draft{Nonce: "n2", User: user, UpdatedAt: t0.Add(time.Minute), Anonymous: true,
		Answers: bot.Answers{bot.QDescription: {"Ett mejl gick till fel mottagare."}},
		Source:  &bot.MessageSource{Channel: "C1", TS: "1.0001", Author: "UAUTHOR1", Truncated: true}}
	short := bot.Draft{Nonce: "n3", User: user, UpdatedAt: t0.Add(2 * time.Minute), Step: 2}
	other := bot.Draft{Nonce: "n4", User: "UOTHER", UpdatedAt: t0}
	for _, d := range []bot.Draft{older, newer, other} {
		if err := e.s.SaveDraft(ctx, d, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	const shortTTL = 50 * time.Millisecond
	if err := e.s.SaveDraft(ctx, short, shortTTL); err != nil {
		t.Fatal(err)
	}
	list := func(want ...bot.Draft) {
		t.Helper()
		got, err := e.s.Drafts(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("Drafts (-got +want):\n%s", diff)
		}
	}
	list(short, newer, older)

	got, err := e.s.Draft(ctx, user, "n2")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, newer); diff != "" {
		t.Errorf("Draft (-got +want):\n%s", diff)
	}
	_, err = e.s.Draft(ctx, "UOTHER", "n2")
	wantErr(t, "another user's draft", err, bot.ErrNotFound)

	// The list outlives its longest-lived draft, whatever order they came in.
	if ttl, err := e.rdb.PTTL(ctx, e.s.keys.drafts(user)).Result(); err != nil || ttl < time.Hour-time.Minute {
		t.Errorf("PTTL of drafts = %v, %v; want about an hour", ttl, err)
	}

	e.waitExpired(t, e.s.keys.draft(user, "n3"), shortTTL)
	_, err = e.s.Draft(ctx, user, "n3")
	wantErr(t, "expired draft", err, bot.ErrNotFound)
	list(newer, older)
	if n, err := e.rdb.ZCard(ctx, e.s.keys.drafts(user)).Result(); err != nil || n != 2 {
		t.Errorf("ZCARD of drafts after prune = %d, %v; want 2", n, err)
	}

	// Saving again moves a draft to the front.
	older.UpdatedAt = t0.Add(time.Hour)
	if err := e.s.SaveDraft(ctx, older, time.Hour); err != nil {
		t.Fatal(err)
	}
	list(older, newer)

	if err := e.s.DeleteDraft(ctx, user, "n1"); err != nil {
		t.Fatal(err)
	}
	if err := e.s.DeleteDraft(ctx, user, "missing"); err != nil {
		t.Errorf("deleting a missing draft: %v", err)
	}
	list(newer)
	if err := e.s.DeleteDraft(ctx, user, "n2"); err != nil {
		t.Fatal(err)
	}
	list()
}

func TestSaveDraftRejects(t *testing.T) {
	t.Parallel()
	s := New(nil, Options{}) // never reaches Redis
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		d    bot.Draft
		ttl  time.Duration
	}{
		{"no user", bot.Draft{Nonce: "n"}, time.Hour},
		{"no nonce", bot.Draft{User: "U1"}, time.Hour},
		{"no ttl", bot.Draft{User: "U1", Nonce: "n"}, 0},
	} {
		if err := s.SaveDraft(ctx, tc.d, tc.ttl); err == nil {
			t.Errorf("%s: SaveDraft succeeded", tc.name)
		}
	}
}

func TestPrefs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	if unit, err := e.s.LastUnit(ctx, "UREP1"); err != nil || unit != "" {
		t.Errorf("LastUnit before any = %q, %v; want empty", unit, err)
	}
	for _, unit := range []string{"jobbtorg", "lss-home"} {
		if err := e.s.SetLastUnit(ctx, "UREP1", unit); err != nil {
			t.Fatal(err)
		}
		if got, err := e.s.LastUnit(ctx, "UREP1"); err != nil || got != unit {
			t.Errorf("LastUnit = %q, %v; want %q", got, err, unit)
		}
	}
	if unit, err := e.s.LastUnit(ctx, "UOTHER"); err != nil || unit != "" {
		t.Errorf("another user's LastUnit = %q, %v; want empty", unit, err)
	}
}
