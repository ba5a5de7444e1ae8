package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// uploadWith waits for an uploaded file that holds s.
func (h *harness) uploadWith(s string) string {
	h.t.Helper()
	for n := 1; ; n++ {
		h.slack.WaitFor(h.t, "files.completeUploadExternal", n, waitLong)
		for _, b := range h.slack.Uploads() {
			if strings.Contains(string(b), s) {
				return string(b)
			}
		}
	}
}

// TestBreachRecordedClosedAndReadByTheDPO: a personal data breach is
// documented from its card, starting from the reporter's answers; closed
// as unlikely to result in a risk, its reasoning is in the record that
// the export gives; the data protection officer gets every breach record
// from App Home, and nothing else.
func TestBreachRecordedClosedAndReadByTheDPO(t *testing.T) {
	h := startHarness(t, testConfig+"dpo: [UDPO1]\n")
	id := h.reported(bot.PersonalData, "jobbtorg", nil, "named")
	care := h.reported(bot.CareQuality, "jobbtorg", nil, "named")

	// The record's dialog starts from the reporter's answers.
	nextView := func() int { return len(h.slack.Calls("views.open")) + 1 }
	n := nextView()
	h.cardAction("UCOORD1", id, "case_breach", "")
	bv := h.openedView(n)
	if got := inputElement(bv, bot.FieldBreachHow)["initial_option"].(map[string]any)["value"]; got != "wrong_recipient" {
		t.Errorf("how it happened starts as %v, not the reporter's answer", got)
	}
	if got := inputElement(bv, bot.FieldBreachRecipient)["initial_value"]; got != "en kollega" {
		t.Errorf("the recipient starts as %v", got)
	}
	if resp := h.submit("UCOORD1", bv, map[string]any{bot.FieldBreachRisk: bot.RiskHigh, bot.FieldBreachReasoning: "Hälsouppgifter."}); resp["response_action"] != "errors" {
		t.Errorf("a high risk without saying whether the people were told: %v", resp)
	}
	reason := "Mottagaren är en kollega med tystnadsplikt som raderade mejlet inom en timme."
	if resp := h.submit("UCOORD1", bv, map[string]any{bot.FieldBreachRisk: bot.RiskUnlikely, bot.FieldBreachReasoning: "Preliminärt.",
		bot.FieldBreachRecipient: "en kollega på en annan enhet", bot.FieldBreachSummary: "Ett intyg skannades till fel inkorg.",
		bot.FieldBreachConsequences: "Små: mottagaren har tystnadsplikt.", bot.FieldBreachMeasures: "Mottagaren raderade det."}); resp != nil {
		t.Fatalf("breach record answered %v", resp)
	}
	c := h.waitCase(id, "documented", func(c bot.Case) bool { return c.Breach != nil })
	if c.Breach.Recipient != "en kollega på en annan enhet" || c.Breach.How != "wrong_recipient" || c.Breach.AssessedBy.User != "UCOORD1" {
		t.Errorf("breach record = %+v", c.Breach)
	}

	// Closed as unlikely to result in a risk: the close dialog's reasoning
	// goes into the record.
	n = nextView()
	h.cardAction("UCOORD1", id, "case_close", "")
	cv := h.openedView(n)
	if got := inputElement(cv, bot.FieldBreachRisk)["initial_option"].(map[string]any)["value"]; got != bot.RiskUnlikely {
		t.Errorf("the close dialog's assessment starts as %v", got)
	}
	if strings.Contains(text(cv), "authority_notified") {
		t.Error("the close dialog still asks the raw authority question")
	}
	if resp := h.submit("UCOORD1", cv, map[string]any{bot.FieldDecision: string(bot.DecisionResolved), bot.FieldActionsTaken: "Rutin för mottagare.",
		bot.FieldBreachRisk: bot.RiskUnlikely, bot.FieldBreachReasoning: reason}); resp != nil {
		t.Fatalf("close answered %v", resp)
	}
	h.waitCase(id, "closed", func(c bot.Case) bool { return c.Status == bot.StatusClosed })

	var out strings.Builder
	if err := h.run(&out, "case", "export", string(id), "--format", "md"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"# Personuppgiftsincident", "| Bedömning | Osannolikt att den medför risk |", "| Motivering | " + reason + " |",
		"Inte anmäld: det är osannolikt att incidenten medför en risk", "| Vem fick uppgifterna | en kollega på en annan enhet |"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("the exported record lacks %q:\n%s", s, out.String())
		}
	}

	// The DPO: a button on App Home, every breach record in a file, each
	// read recorded; no other case, and no action on one.
	h.event("Ev-dpo", map[string]any{"type": "app_home_opened", "user": "UDPO1", "tab": "home"})
	if home := h.homeOf("UDPO1"); !strings.Contains(home, "breach_register") {
		t.Fatalf("the DPO's Home tab has no register: %s", home)
	}
	status, _ := h.interact(map[string]any{"type": "block_actions", "user": map[string]any{"id": "UDPO1"}, "team": map[string]any{"id": "T1"},
		"trigger_id": "trigger-register", "container": map[string]any{"type": "view", "view_id": "VHOME"},
		"actions": []any{map[string]any{"action_id": "breach_register", "block_id": "b", "type": "button", "value": "register"}}})
	if status != http.StatusOK {
		t.Fatalf("register answered %d", status)
	}
	reg := h.uploadWith("Register över personuppgiftsincidenter")
	if !strings.Contains(reg, string(id)) || !strings.Contains(reg, reason) || !strings.Contains(reg, "Ett intyg skannades till fel inkorg.") ||
		strings.Contains(reg, string(care)) || strings.Contains(reg, "SECRET-DETAIL") {
		t.Errorf("register:\n%s", reg)
	}
	if !contains(h.actions(id), "UDPO1:"+bot.ActionBreachRead) {
		t.Errorf("the DPO's read is not in the history: %v", h.actions(id))
	}
	h.cardAction("UDPO1", care, "case_export", "")
	h.cardAction("UDPO1", id, "case_ack", "")
	for _, cid := range []bot.CaseID{care, id} {
		for deadline := time.Now().Add(waitLong); !contains(h.actions(cid), "UDPO1:denied") && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		if !contains(h.actions(cid), "UDPO1:denied") {
			t.Errorf("the DPO's attempt on %s was not refused and recorded: %v", cid, h.actions(cid))
		}
	}
	if got, _ := h.store().Case(context.Background(), id); got.AckBy != "" {
		t.Errorf("the DPO acknowledged a case: %+v", got)
	}
}
