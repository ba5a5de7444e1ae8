package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/slackfake"
)

func TestSuggestionOnTheCardAcceptAndChange(t *testing.T) {
	h := newHarness(t)
	id := h.reported(bot.Other, "jobbtorg", map[string]any{bot.QDescription: "Han hotade att slå mig med en kniv i receptionen."}, "named")
	c := h.waitCase(id, "suggested", func(c bot.Case) bool { return c.Suggestion != nil })
	if c.Suggestion.Source != "rules" || c.Suggestion.Category != bot.ThreatViolence {
		t.Errorf("suggestion = %+v", c.Suggestion)
	}
	card := waitCardWith(t, h, string(id), "Förslag")
	if strings.Contains(card, "kniv") {
		t.Error("the card shows words of the report")
	}

	h.cardAction("UCOORD1", id, "case_accept", "")
	c = h.waitCase(id, "classified", func(c bot.Case) bool { return c.Classification == bot.ClassificationAccepted })
	if c.Category != bot.ThreatViolence || c.ClassifiedBy != "UCOORD1" {
		t.Errorf("after accept: %+v", c)
	}
	waitPost(t, h, "CSECURITY", string(id)) // a threat now reaches the security route too
	all, _ := h.store().Counts(context.Background(), []string{c.Week}, []string{"jobbtorg"}, []int{id.Year()}, "")
	counts := all[c.Week]
	if counts["created:threat_violence"] != 1 || counts["created:other"] != 0 || counts["suggestions"] != 1 || counts["agreed"] != 1 {
		t.Errorf("counts after accept = %v", counts)
	}

	// Change it by hand through the dialog.
	h.cardAction("UCOORD1", id, "case_reclassify", "")
	v := h.openedView(2)
	if got := inputElement(v, bot.FieldCategory)["initial_option"].(map[string]any)["value"]; got != "threat_violence" {
		t.Errorf("classify dialog starts at %v", got)
	}
	if resp := h.submit("UCOORD1", v, map[string]any{bot.FieldCategory: "work_environment", bot.FieldSeverity: "high",
		bot.FieldRegimes: []string{"work_environment_serious"}}); resp != nil {
		t.Fatalf("classify answered %v", resp)
	}
	c = h.waitCase(id, "changed", func(c bot.Case) bool { return c.Category == bot.WorkEnvironment })
	if c.Classification != bot.ClassificationChanged || c.Severity != bot.High || len(c.Regimes) != 1 {
		t.Errorf("after change: %+v", c)
	}
	hist, _ := h.store().History(context.Background(), id)
	var last bot.AuditEntry
	for _, e := range hist {
		if e.Action == bot.ActionClassified {
			last = e
		}
	}
	if last.Fields["from_category"] != "threat_violence" || last.Fields["agreed_with_suggestion"] != "false" || last.Actor != "UCOORD1" {
		t.Errorf("classification entry = %+v", last)
	}
	all, _ = h.store().Counts(context.Background(), []string{c.Week}, []string{"jobbtorg"}, []int{id.Year()}, "")
	counts = all[c.Week]
	if counts["created:work_environment"] != 1 || counts["created:threat_violence"] != 0 || counts["suggestions"] != 1 {
		t.Errorf("counts after change = %v", counts)
	}
}

// TestSuggestionRaisedByTheAnswers: the text reads as a mild threat, but
// the reporter answered that a weapon was involved; the suggestion on the
// card is critical with the work environment authority's clock and says
// that the answers raised it.
func TestSuggestionRaisedByTheAnswers(t *testing.T) {
	h := newHarness(t)
	id := h.reported(bot.ThreatViolence, "jobbtorg", map[string]any{bot.QDescription: "En besökare blev arg i receptionen.",
		bot.QTVKind: []string{"weapon"}}, "named")
	c := h.waitCase(id, "suggested", func(c bot.Case) bool { return c.Suggestion != nil })
	if sg := c.Suggestion; sg.Severity != bot.Critical || !sg.FromAnswers || !slices.Contains(sg.Regimes, bot.WorkEnvironmentSerious) {
		t.Errorf("suggestion = %+v", sg)
	}
	waitCardWith(t, h, string(id), "Förslaget har höjts till det som anmälarens svar i formuläret ger.")
}

// waitCardWith waits for the case's card, as posted or redrawn, to say s.
func waitCardWith(t *testing.T, h *harness, id, s string) string {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		for _, m := range []string{"chat.postMessage", "chat.update"} {
			for _, c := range h.slack.Calls(m) {
				if b := c.Param("blocks"); strings.Contains(b, id) && strings.Contains(b, s) {
					return b
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no card of %s says %q", id, s)
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
}

// waitUpdate waits for a chat.update of the case's card that says s.
func waitUpdate(t *testing.T, h *harness, id, s string) string {
	t.Helper()
	for n := 1; ; n++ {
		calls := h.slack.WaitFor(t, "chat.update", n, waitLong)
		if b := calls[n-1].Param("blocks"); strings.Contains(b, id) && strings.Contains(b, s) {
			return b
		}
	}
}

// fakeLLM is an OpenAI-compatible endpoint that answers threat_violence
// and keeps the bodies it was sent.
type fakeLLM struct {
	mu     sync.Mutex
	bodies []string
}

func (f *fakeLLM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.bodies = append(f.bodies, string(b))
	f.mu.Unlock()
	content, _ := json.Marshal(map[string]any{"category": "threat_violence", "severity": "critical",
		"regimes": []string{"police_report"}, "confidence": 0.9, "rationale": "A threat with a knife."})
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"id": "c1", "object": "chat.completion", "model": "test-model",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": string(content)}}}})
}

func TestLLMSuggestionWithRedaction(t *testing.T) {
	llm := &fakeLLM{}
	srv := httptest.NewServer(llm)
	t.Cleanup(srv.Close)
	h := newHarness(t, "OPENAI_API_KEY", "sk-test-not-a-real-key", "OPENAI_BASE_URL", srv.URL+"/v1", "OPENAI_MODEL", "test-model")
	h.slack.SetUser("UPERP", slackfake.User{Locale: "sv-SE", RealName: "Bengt Bråkig"})
	id := h.reported(bot.Other, "jobbtorg", map[string]any{
		bot.QDescription: "Bengt hotade mig, ring mig på 070-123 45 67 eller mejla anna@example.se. Hans personnummer är 19800101-1234.",
		bot.QInvolved:    []string{"UPERP"}}, "named")
	c := h.waitCase(id, "suggested", func(c bot.Case) bool { return c.Suggestion != nil })
	if c.Suggestion.Source != "llm:test-model" || c.Suggestion.Category != bot.ThreatViolence {
		t.Errorf("suggestion = %+v", c.Suggestion)
	}
	llm.mu.Lock()
	defer llm.mu.Unlock()
	if len(llm.bodies) != 1 {
		t.Fatalf("%d requests to the model", len(llm.bodies))
	}
	for _, leak := range []string{"Bengt", "070-123", "anna@example.se", "19800101", "UREP", "Skärholmen", "SECRET"} {
		if strings.Contains(llm.bodies[0], leak) {
			t.Errorf("the request to the model contains %q:\n%s", leak, llm.bodies[0])
		}
	}
	if !strings.Contains(llm.bodies[0], `"model":"test-model"`) {
		t.Errorf("request body: %s", llm.bodies[0])
	}
}

// TestAcceptingAWeakerSuggestionAsksFirst: a breach whose suggestion would
// take its regime and IMY's deadline away says so on the card; Accept asks
// before it changes anything, and the confirmation is in the history.
func TestAcceptingAWeakerSuggestionAsksFirst(t *testing.T) {
	h := newHarness(t)
	// Nothing in the answers speaks of data ("Raderade mejlet" would).
	id := h.reported(bot.PersonalData, "jobbtorg", map[string]any{bot.QDescription: "Någon hotade en kollega i telefon.",
		bot.QActions: "Pratade med chefen."}, "named")
	c := h.waitCase(id, "suggested", func(c bot.Case) bool { return c.Suggestion != nil })
	if c.Suggestion.Category == bot.PersonalData {
		t.Fatalf("the rules suggested %s; the test needs a suggestion that weakens the case", c.Suggestion.Category)
	}
	waitCardWith(t, h, string(id), "Godta* frågar först")
	n := len(h.slack.Calls("views.open"))
	h.cardAction("UCOORD1", id, "case_accept", "")
	v := h.openedView(n + 1)
	if v["callback_id"] != "case_accept_confirm_modal" || !strings.Contains(text(v), "Personuppgiftsincident") {
		t.Fatalf("accept opened %v:\n%s", v["callback_id"], text(v))
	}
	if got, _ := h.store().Case(context.Background(), id); got.Classification != "" {
		t.Fatal("the case changed before it was confirmed")
	}
	if resp := h.submit("UCOORD1", v, nil); resp != nil {
		t.Fatalf("confirmation answered %v", resp)
	}
	c = h.waitCase(id, "accepted", func(c bot.Case) bool { return c.Classification == bot.ClassificationAccepted })
	hist, _ := h.store().History(context.Background(), id)
	var last bot.AuditEntry
	for _, e := range hist {
		if e.Action == bot.ActionClassified {
			last = e
		}
	}
	if !strings.Contains(last.Fields["regimes_removed"], "gdpr_breach") || last.Actor != "UCOORD1" {
		t.Errorf("the history does not record what was taken away: %+v", last)
	}
}
