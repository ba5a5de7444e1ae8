package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/redistest"
	"github.com/incidentbot/incidentbot/internal/slackfake"
)

// closeThroughCard closes a case from its card as user, with a decision
// that fits any case outside Lex Sarah.
func (h *harness) closeThroughCard(user string, id bot.CaseID) {
	h.t.Helper()
	opened := len(h.slack.Calls("views.open"))
	h.cardAction(user, id, "case_close", "")
	cv := h.openedView(opened + 1)
	if resp := h.submit(user, cv, map[string]any{bot.FieldDecision: string(bot.DecisionResolved), bot.FieldActionsTaken: "Samtal med SECRET-PERSON."}); resp != nil {
		h.t.Fatalf("close answered %v", resp)
	}
	h.waitCase(id, "closed", func(c bot.Case) bool { return c.Status == bot.StatusClosed })
}

// TestRetentionCullsClosedCasesAndKeepsOpenOnes: with a retention of 0d,
// `retention --dry-run` lists the closed case and changes nothing;
// `retention` culls it – case show --json has culled_at and the culled
// entry, and neither the report's text nor anyone's id – and keeps the
// open one; the serving bot's daily run culls the next day's.
func TestRetentionCullsClosedCasesAndKeepsOpenOnes(t *testing.T) {
	h := startHarnessWith(t, testConfig+"retention:\n  default: 0d\n", slackfake.New(t), redistest.Shared(t), newClock(time.Now()))
	h.waitLoopRuns("retention") // today's run is done: only the command culls today
	closed := h.reported(bot.Other, "jobbtorg", nil, "named")
	open := h.reported(bot.Other, "jobbtorg", nil, "anonymous")
	h.cardAction("UCOORD1", closed, "case_ack", "")
	h.waitCase(closed, "acknowledged", func(c bot.Case) bool { return c.Status == bot.StatusAcknowledged })
	h.closeThroughCard("UCOORD1", closed)
	h.waitIdle()

	before := h.actions(closed)
	var out bytes.Buffer
	if err := h.run(&out, "retention", "--dry-run"); err != nil {
		t.Fatalf("retention --dry-run: %v\n%s", err, out.String())
	}
	if s := out.String(); !strings.Contains(s, string(closed)+"\t") || !strings.Contains(s, "would be culled") || strings.Contains(s, string(open)) {
		t.Errorf("dry run says:\n%s", s)
	}
	if c := h.waitCase(closed, "read", func(bot.Case) bool { return true }); !c.CulledAt.IsZero() || c.Reporter != "UREP" {
		t.Errorf("the dry run changed the case: %+v", c)
	}
	if after := h.actions(closed); len(after) != len(before) {
		t.Errorf("the dry run changed the history: %v", after[len(before):])
	}

	out.Reset()
	if err := h.run(&out, "retention"); err != nil {
		t.Fatalf("retention: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "1 culled") {
		t.Errorf("retention says:\n%s", out.String())
	}
	out.Reset()
	if err := h.run(&out, "case", "show", string(closed), "--json"); err != nil {
		t.Fatal(err)
	}
	var shown struct {
		CulledAt time.Time `json:"culled_at"`
		Status   string    `json:"status"`
		Category string    `json:"category"`
		Reporter string    `json:"reporter"`
		History  []struct {
			Actor  string `json:"actor"`
			Action string `json:"action"`
		} `json:"history"`
	}
	if err := json.Unmarshal(out.Bytes(), &shown); err != nil {
		t.Fatalf("case show --json: %v\n%s", err, out.String())
	}
	if shown.CulledAt.IsZero() || shown.Status != "closed" || shown.Category != string(bot.Other) || shown.Reporter != "" ||
		shown.History[len(shown.History)-1].Action != bot.ActionCulled {
		t.Errorf("culled case shows:\n%s", out.String())
	}
	for _, s := range []string{"SECRET", "UREP", "UCOORD1"} {
		if strings.Contains(out.String(), s) {
			t.Errorf("the culled case still holds %q:\n%s", s, out.String())
		}
	}
	if c := h.waitCase(open, "read", func(bot.Case) bool { return true }); !c.CulledAt.IsZero() {
		t.Error("the open case was culled")
	}
	// The reporter's old "Add information" button tells them the case is
	// closed, and records no one's id in the culled history.
	culled := h.actions(closed)
	opened := len(h.slack.Calls("views.open"))
	h.reporterAction("UREP", "reporter_answer", string(closed)+"|0")
	if v := text(h.openedView(opened + 1)); !strings.Contains(v, "avslutat") {
		t.Errorf("the reporter's click on a culled case shows:\n%s", v)
	}
	if after := h.actions(closed); len(after) != len(culled) {
		t.Errorf("the click on a culled case was recorded: %v", after[len(culled):])
	}

	// The serving bot culls the next day's due cases by itself.
	next := h.reported(bot.Other, "jobbtorg", nil, "named")
	h.closeThroughCard("UCOORD1", next)
	h.clock.Set(h.clock.Now().Add(24 * time.Hour))
	h.waitCase(next, "culled by the daily run", func(c bot.Case) bool { return !c.CulledAt.IsZero() })
	// Its card says so, with no one's name left on it.
	if card := waitUpdate(t, h, string(next), "Gallrat"); strings.Contains(card, "UCOORD1") {
		t.Errorf("the culled card still names a coordinator:\n%s", card)
	}
	if c := h.waitCase(open, "read", func(bot.Case) bool { return true }); !c.CulledAt.IsZero() {
		t.Error("the open case was culled by the daily run")
	}
}

// TestLegalHoldFromTheCard: a handler sets a legal hold with a reason from
// the card; the culling keeps the case and says why; an outsider's forged
// hold is refused; lifting it lets the case go.
func TestLegalHoldFromTheCard(t *testing.T) {
	h := startHarness(t, testConfig+"retention:\n  default: 0d\n")
	id := h.reported(bot.Other, "jobbtorg", nil, "named")
	h.closeThroughCard("UCOORD1", id)
	h.forge("UVISITOR1", id, "case_hold")

	opened := len(h.slack.Calls("views.open"))
	h.cardAction("UCOORD1", id, "case_hold", "")
	hv := h.openedView(opened + 1)
	if resp := h.submit("UCOORD1", hv, map[string]any{bot.FieldHoldReason: ""}); resp["response_action"] != "errors" {
		t.Errorf("a hold without a reason: %v", resp)
	}
	if resp := h.submit("UCOORD1", hv, map[string]any{bot.FieldHoldReason: "Överklagat till förvaltningsrätten"}); resp != nil {
		t.Fatalf("hold answered %v", resp)
	}
	h.waitCase(id, "held", func(c bot.Case) bool { return c.Hold != nil })
	waitUpdate(t, h, string(id), "Bevaras")
	var out bytes.Buffer
	if err := h.run(&out, "retention"); err != nil || !strings.Contains(out.String(), "kept: "+bot.CullReasonHold) {
		t.Errorf("retention with a hold: %v\n%s", err, out.String())
	}

	opened = len(h.slack.Calls("views.open"))
	h.cardAction("UCOORD1", id, "case_hold", "")
	lv := h.openedView(opened + 1)
	if !strings.Contains(text(lv), "Överklagat") {
		t.Errorf("the hold dialog does not show the reason:\n%s", text(lv))
	}
	if resp := h.submit("UCOORD1", lv, map[string]any{bot.FieldHoldLift: []string{"lift"}}); resp != nil {
		t.Fatalf("lift answered %v", resp)
	}
	h.waitCase(id, "released", func(c bot.Case) bool { return c.Hold == nil })
	out.Reset()
	if err := h.run(&out, "retention"); err != nil || !strings.Contains(out.String(), "1 culled") {
		t.Errorf("retention after the hold: %v\n%s", err, out.String())
	}
	if !contains(h.actions(id), "person:"+bot.ActionHeld) || !contains(h.actions(id), "person:"+bot.ActionHoldLifted) {
		t.Errorf("history after culling: %v", h.actions(id))
	}
}
