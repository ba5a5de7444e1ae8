package deliver_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/report"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

// TestRelayBothWays: a handler's question reaches the anonymous reporter
// once, however often it is announced; the reporter's answer comes back
// into the case, recorded as the anonymous reporter's, and the handler
// who asked is told; someone else answering is refused and recorded.
func TestRelayBothWays(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, true)
	if _, err := f.Cases.Ask(ctx, c.ID, "UVISITOR1", "Vem var där?"); !errors.Is(err, bot.ErrNotAllowed) {
		t.Errorf("a question from someone who may not handle the case: %v", err)
	}
	var fe bot.FieldErrors
	if _, err := f.Cases.Ask(ctx, c.ID, "UCOORD1", "   "); !errors.As(err, &fe) || fe[bot.FieldQuestion].SV == "" {
		t.Errorf("an empty question: %v", err)
	}
	q, err := f.Cases.Ask(ctx, c.ID, "UCOORD1", "Vem mer var där?")
	if err != nil || q.Number != 1 {
		t.Fatalf("ask: %+v, %v", q, err)
	}
	for range 2 {
		if err := f.Delivery.Announce(ctx, c.ID, bot.EventAsked); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(f.Notifier.Messages(), []string{"UREP:asked:Vem mer var där?"}); diff != "" {
		t.Errorf("relayed (-got +want):\n%s", diff)
	}

	// Someone else, and a question that is not one, are refused.
	if _, err := f.Reports.Answer(ctx, "UVISITOR1", c.ID, 1, "Jag var där"); !errors.Is(err, bot.ErrNotAllowed) {
		t.Errorf("an answer from someone else: %v", err)
	}
	if _, err := f.Reports.Answer(ctx, "UREP", c.ID, 7, "Svar"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("an answer to no question: %v", err)
	}
	if _, err := f.Reports.Answer(ctx, "UREP", c.ID, 1, string(make([]byte, bot.MaxMessage+1))); !errors.As(err, &fe) {
		t.Errorf("an answer too long: %v", err)
	}
	a, err := f.Reports.Answer(ctx, "UREP", c.ID, 1, "Även en besökare.")
	if err != nil || a.Number != 2 || !a.FromReporter || a.InReplyTo != 1 {
		t.Fatalf("answer: %+v, %v", a, err)
	}
	if _, err := f.Reports.Answer(ctx, "UREP", c.ID, 0, "Jag kom på en sak till."); err != nil {
		t.Fatal(err)
	}
	if err := f.Delivery.Announce(ctx, c.ID, bot.EventAnswered); err != nil {
		t.Fatal(err)
	}
	got := f.Notifier.Messages()
	// The asker hears of the answer; the unprompted addition has no asker
	// and the case no assignee, so it shows on the card alone.
	if diff := cmp.Diff(got[1:], []string{"UCOORD1:answered:2"}); diff != "" {
		t.Errorf("handlers told (-got +want):\n%s", diff)
	}
	stored := f.Case(c.ID)
	if stored.Messages != 3 || stored.AnsweredAt.IsZero() {
		t.Errorf("case after answers: messages %d, answered at %v", stored.Messages, stored.AnsweredAt)
	}
	hist, _ := f.Store.History(ctx, c.ID)
	for _, e := range hist {
		if e.Actor == "UREP" {
			t.Errorf("the anonymous reporter's id is in the history: %+v", e)
		}
	}
	if !slices.ContainsFunc(hist, func(e bot.AuditEntry) bool {
		return e.Action == bot.ActionDenied && e.Actor == "UVISITOR1" && e.Fields["attempted"] == bot.ActionAnswered
	}) {
		t.Error("the refused answer is not recorded")
	}
	d, err := f.Cases.Details(ctx, c.ID, "UCOORD1")
	if err != nil || len(d.Messages) != 3 || d.Messages[1].Text != "Även en besökare." {
		t.Errorf("details: %+v, %v", d.Messages, err)
	}

	// A closed case takes neither questions nor answers.
	if _, _, err := f.Cases.Close(ctx, c.ID, "UCOORD1", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok", Feedback: "Vi har pratat med alla."}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Cases.Ask(ctx, c.ID, "UCOORD1", "En till?"); !errors.Is(err, bot.ErrConflict) {
		t.Errorf("a question on a closed case: %v", err)
	}
	if _, err := f.Reports.Answer(ctx, "UREP", c.ID, 0, "Och en sak till."); !errors.Is(err, bot.ErrConflict) {
		t.Errorf("an answer on a closed case: %v", err)
	}
	if err := f.Delivery.Announce(ctx, c.ID, bot.EventClosed); err != nil {
		t.Fatal(err)
	}
	if got := f.Notifier.Messages(); got[len(got)-1] != "UREP:closed:Vi har pratat med alla." {
		t.Errorf("closing news = %q, want the feedback", got[len(got)-1])
	}
}

// TestFeedbackRequiredForWhistleblowing: a case sent to the independent
// function cannot close without feedback to the reporter.
func TestFeedbackRequiredForWhistleblowing(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	d := f.Fill("UREP", bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}})
	c, _, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{Independent: true})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Route.Independent {
		t.Fatalf("route %+v, want the independent function", c.Route)
	}
	var fe bot.FieldErrors
	handler := c.Route.Coordinators[0]
	if _, _, err := f.Cases.Close(ctx, c.ID, handler, bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok"}); !errors.As(err, &fe) || fe[bot.FieldFeedback].SV == "" {
		t.Errorf("closing a whistleblowing case without feedback: %v", err)
	}
	fe = nil
	if _, _, err := f.Cases.Close(ctx, c.ID, handler, bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok", Feedback: "Vi pratade med <@ULEAKER>."}); !errors.As(err, &fe) || fe[bot.FieldFeedback].SV == "" {
		t.Errorf("feedback that names someone: %v", err)
	}
}
