package retention_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/bot/report"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

func days(n int) *time.Duration { d := time.Duration(n) * 24 * time.Hour; return &d }

// TestCullTakesEveryPersonalDatum: a closed case past its time loses its
// texts, notes, relay, closure texts and every person's id, in the case,
// its history and the year's audit stream; what it was stays; it is
// recorded; a second run finds nothing.
func TestCullTakesEveryPersonalDatum(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	cfg := domaintest.Config()
	cfg.Retention = bot.Retention{Default: days(30)}
	f.SetConfig(cfg)

	c := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"Kalle Anka slog till mig"}}, false)
	steps := []func() error{
		func() error { _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1"); return err },
		func() error { _, _, err := f.Cases.Assign(ctx, c.ID, "UCOORD1", "UCOORD2"); return err },
		func() error {
			_, err := f.Cases.AddNote(ctx, c.ID, "UCOORD2", cases.NoteInput{Text: "Samtal med Kalle Anka.", Source: "Intervju", Kind: bot.NoteFact})
			return err
		},
		func() error { _, err := f.Cases.Ask(ctx, c.ID, "UCOORD2", "Var Kalle där?"); return err },
		func() error { _, err := f.Reports.Answer(ctx, "UREP", c.ID, 1, "Ja, Kalle Anka var där."); return err },
		func() error {
			_, _, err := f.Cases.Close(ctx, c.ID, "UCOORD2", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "Samtal med Kalle Anka", Feedback: "Klart."})
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	open := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"öppet"}}, false)

	// Not yet due: nothing happens.
	f.Advance(29 * 24 * time.Hour)
	if items, err := f.Retention.Run(ctx, bot.SystemActor, false); err != nil || len(items) != 0 {
		t.Fatalf("before the time: %+v, %v", items, err)
	}
	f.Advance(2 * 24 * time.Hour)
	items, err := f.Retention.Run(ctx, bot.SystemActor, true)
	if err != nil || len(items) != 1 || !items[0].Cull || !f.Case(c.ID).CulledAt.IsZero() {
		t.Fatalf("dry run: %+v, %v; culled %v", items, err, f.Case(c.ID).CulledAt)
	}
	items, err = f.Retention.Run(ctx, bot.SystemActor, false)
	if err != nil || len(items) != 1 || !items[0].Cull || items[0].Case != c.ID {
		t.Fatalf("run: %+v, %v", items, err)
	}

	got := f.Case(c.ID)
	if got.CulledAt.IsZero() || got.Status != bot.StatusClosed || got.Decision != bot.DecisionResolved || got.Category != bot.Other ||
		got.Unit != "jobbtorg" || got.CreatedAt.IsZero() || got.ClosedAt.IsZero() {
		t.Errorf("what remains: %+v", got)
	}
	if got.Reporter != "" || got.Assignee != "" || got.AckBy != "" || got.ClosedBy != "" || len(got.Route.Coordinators) != 0 {
		t.Errorf("people remain: %+v", got)
	}
	if _, err := f.Store.Report(ctx, c.ID); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("the report remains: %v", err)
	}
	if _, err := f.Store.ReporterUser(ctx, c.ID); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("the relay key remains: %v", err)
	}
	notes, _ := f.Store.Notes(ctx, c.ID)
	msgs, _ := f.Store.Messages(ctx, c.ID)
	if len(notes)+len(msgs) != 0 {
		t.Errorf("notes %v and messages %v remain", notes, msgs)
	}
	cl, err := f.Store.Closure(ctx, c.ID)
	if err != nil || cl.Decision != bot.DecisionResolved || cl.ActionsTaken != "" || cl.Feedback != "" || cl.ClosedBy.User != "" {
		t.Errorf("closure: %+v, %v", cl, err)
	}
	mine, _ := f.Store.CasesByReporter(ctx, "UREP", []int{c.ID.Year()}, 10)
	for _, m := range mine {
		if m.ID == c.ID {
			t.Error("the reporter's index still holds the case")
		}
	}
	hist, _ := f.Store.History(ctx, c.ID)
	if last := hist[len(hist)-1]; last.Action != bot.ActionCulled {
		t.Errorf("last entry %+v, want culled", last)
	}
	for _, e := range hist {
		if strings.HasPrefix(e.Actor, "U") || e.Fields["assignee"] != "" || e.Fields["previous"] != "" || e.Fields["user"] != "" {
			t.Errorf("a person remains in the history: %+v", e)
		}
	}
	for _, key := range f.Redis.Keys() {
		if strings.HasSuffix(key, ":audit") {
			entries, _ := f.Redis.Stream(key)
			for _, e := range entries {
				if strings.Contains(strings.Join(e.Values, " "), string(c.ID)) && strings.Contains(strings.Join(e.Values, " "), "UCOORD") {
					t.Errorf("the year's audit stream names a person: %v", e.Values)
				}
			}
		}
	}
	if f.Case(open.ID).CulledAt.IsZero() == false {
		t.Error("an open case was culled")
	}
	if items, err := f.Retention.Run(ctx, bot.SystemActor, false); err != nil || len(items) != 0 {
		t.Errorf("second run: %+v, %v", items, err)
	}
}

// TestHoldAndOpenClockKeepACase: a legal hold, or a notification made in
// part whose completion is still due, keeps a case past its time; lifting
// the hold lets it go.
func TestHoldAndOpenClockKeepACase(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	cfg := domaintest.Config()
	cfg.Retention = bot.Retention{Default: days(0), Whistleblowing: days(0)}
	f.SetConfig(cfg)
	held := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, true)
	if _, _, err := f.Cases.Hold(ctx, held.ID, "UCOORD1", "", false); err == nil {
		t.Error("a hold without a reason was taken")
	}
	if _, _, err := f.Cases.Hold(ctx, held.ID, "UVISITOR1", "Tvist", false); !errors.Is(err, bot.ErrNotAllowed) {
		t.Errorf("a hold by an outsider: %v", err)
	}
	if _, _, err := f.Cases.Hold(ctx, held.ID, "UCOORD1", "Tvist i förvaltningsrätten", false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Cases.Close(ctx, held.ID, "UCOORD1", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok"}); err != nil {
		t.Fatal(err)
	}
	d := f.Fill("UREP", bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"y"}})
	wb, _, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{Independent: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Cases.Close(ctx, wb.ID, "UIND1", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok", Feedback: "Utrett."}); err != nil {
		t.Fatal(err)
	}
	f.Advance(time.Hour)
	items, err := f.Retention.Run(ctx, bot.SystemActor, false)
	if err != nil || len(items) != 2 {
		t.Fatalf("run: %+v, %v", items, err)
	}
	for _, it := range items {
		switch it.Case {
		case held.ID:
			if it.Cull || it.Kept != bot.CullReasonHold {
				t.Errorf("held case: %+v", it)
			}
		case wb.ID:
			if !it.Cull {
				t.Errorf("whistleblowing case past 0d: %+v", it)
			}
		}
	}
	if _, _, err := f.Cases.Hold(ctx, held.ID, "UCOORD1", "", true); err != nil {
		t.Fatal(err)
	}
	if items, err := f.Retention.Run(ctx, bot.SystemActor, false); err != nil || len(items) != 1 || !items[0].Cull {
		t.Errorf("after the hold was lifted: %+v, %v", items, err)
	}
}

// TestOpenFollowUpClockKeepsAClosedCase: IVO notified of an unfinished
// investigation keeps the case until the completed one is recorded.
func TestOpenFollowUpClockKeepsAClosedCase(t *testing.T) {
	c := bot.Case{ID: "INC-2026-0001", Status: bot.StatusClosed, Regimes: []bot.Regime{bot.LexSarah}, Severity: bot.High,
		ClosedAt: domaintest.Start, CreatedAt: domaintest.Start,
		Notifications: []bot.Notification{{Authority: bot.AuthorityIVO, At: domaintest.Start, Partial: true}}}
	r := bot.Retention{Default: days(0)}
	if _, ok, reason := bot.CullDue(c, r, time.UTC, domaintest.Start.Add(time.Hour)); ok || reason != bot.CullReasonClock {
		t.Errorf("with IVO's investigation due: ok %v, %s", ok, reason)
	}
	c.Notifications = append(c.Notifications, bot.Notification{Authority: bot.AuthorityIVO, At: domaintest.Start.Add(time.Minute)})
	if _, ok, _ := bot.CullDue(c, r, time.UTC, domaintest.Start.Add(time.Hour)); !ok {
		t.Error("completed: not culled")
	}
}
