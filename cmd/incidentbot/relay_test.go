package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// waitPostWith waits for a message to channel that holds s and returns it.
func waitPostWith(t *testing.T, h *harness, channel, s string) string {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for time.Now().Before(deadline) {
		// One list for the look and the wait, as in waitPost.
		calls := h.slack.Calls("chat.postMessage")
		for _, c := range calls {
			if body := c.Param("text") + c.Param("blocks"); c.Param("channel") == channel && strings.Contains(body, s) {
				// As the reader sees it: the JSON's escapes undone.
				return strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(body)
			}
		}
		h.slack.WaitFor(t, "chat.postMessage", len(calls)+1, time.Until(deadline))
	}
	t.Fatalf("no message to %s with %q", channel, s)
	return ""
}

// reporterAction clicks a button in a direct message from the bot, as user.
func (h *harness) reporterAction(user, actionID, value string) {
	h.t.Helper()
	status, _ := h.interact(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": user}, "team": map[string]any{"id": "T1"},
		"trigger_id": "trigger-reporter-" + user, "channel": map[string]any{"id": "D" + user[1:]},
		"container": map[string]any{"type": "message", "channel_id": "D" + user[1:], "message_ts": "1700000000.000002"},
		"actions":   []any{map[string]any{"action_id": actionID, "block_id": "question", "type": "button", "value": value}},
	})
	if status != http.StatusOK {
		h.t.Fatalf("%s answered %d", actionID, status)
	}
}

// TestQuestionAndAnswerThroughTheRelay: a handler's question reaches the
// reporter, anonymous or named, by DM with an answer button; the answer
// comes back into the case, the asker is told, the card says an answer
// came without its text, and the details show it. For an anonymous
// reporter, nothing a handler receives holds their id.
func TestQuestionAndAnswerThroughTheRelay(t *testing.T) {
	for _, identity := range []string{"anonymous", "named"} {
		t.Run(identity, func(t *testing.T) {
			h := newHarness(t)
			id := h.reported(bot.Harassment, "jobbtorg", nil, identity)
			opened := len(h.slack.Calls("views.open"))
			h.cardAction("UCOORD1", id, "case_ask", "")
			ask := h.openedView(opened + 1)
			if resp := h.submit("UCOORD1", ask, map[string]any{bot.FieldQuestion: ""}); resp["response_action"] != "errors" {
				t.Errorf("an empty question was taken: %v", resp)
			}
			if resp := h.submit("UCOORD1", ask, map[string]any{bot.FieldQuestion: "Vem mer var <där>?"}); resp != nil {
				t.Fatalf("the question was refused: %v", resp)
			}
			dm := waitPostWith(t, h, "UREP", string(id)+"|1")
			if !strings.Contains(dm, string(id)+"|1") || !strings.Contains(dm, "Vem mer var &lt;där&gt;?") || strings.Contains(dm, "UCOORD1") {
				t.Errorf("the question to the reporter:\n%s", dm)
			}

			// The reporter answers.
			opened = len(h.slack.Calls("views.open"))
			h.reporterAction("UREP", "reporter_answer", string(id)+"|1")
			answer := h.openedView(opened + 1)
			if !strings.Contains(text(answer), "Vem mer var") {
				t.Errorf("the answer dialog does not show the question:\n%s", text(answer))
			}
			resp := h.submit("UREP", answer, map[string]any{bot.FieldAnswer: "En besökare, *Kalle*."})
			if resp["response_action"] != "update" {
				t.Fatalf("the answer was not taken: %v", resp)
			}
			told := waitPostWith(t, h, "UCOORD1", "svarat på din fråga")
			if strings.Contains(told, "Kalle") {
				t.Errorf("the handler's message holds the answer:\n%s", told)
			}
			card := waitUpdate(t, h, string(id), "meddelanden med rapportören")
			if strings.Contains(card, "Kalle") {
				t.Errorf("the card shows the answer:\n%s", card)
			}
			msgs, err := h.store().Messages(context.Background(), id)
			if err != nil || len(msgs) != 2 || msgs[1].Text != "En besökare, *Kalle*." || msgs[1].InReplyTo != 1 {
				t.Fatalf("relay: %+v, %v", msgs, err)
			}

			// The details show both, escaped.
			opened = len(h.slack.Calls("views.open"))
			h.cardAction("UCOORD1", id, "case_details", "")
			details := h.openedView(opened + 1)
			if d := text(details); !strings.Contains(d, "Vem mer var &lt;där&gt;?") || !strings.Contains(d, "En besökare, \u2217Kalle\u2217.") && !strings.Contains(d, "En besökare, *Kalle*.") {
				t.Errorf("the details lack the relay:\n%s", d)
			}

			// The reporter adds information on their own, from the receipt.
			receipt := waitPostWith(t, h, "UREP", "Kvitto")
			if !strings.Contains(receipt, string(id)+"|0") {
				t.Errorf("the receipt offers no way to add information:\n%s", receipt)
			}
			opened = len(h.slack.Calls("views.open"))
			h.reporterAction("UREP", "reporter_answer", string(id)+"|0")
			add := h.openedView(opened + 1)
			if resp := h.submit("UREP", add, map[string]any{bot.FieldAnswer: "Det hände igen i går."}); resp["response_action"] != "update" {
				t.Fatalf("the addition was not taken: %v", resp)
			}
			h.waitCase(id, "three messages", func(c bot.Case) bool { return c.Messages == 3 })
			h.waitIdle()

			hist := h.actions(id)
			want := "UREP:answered"
			if identity == "anonymous" {
				want = "anonymous:answered"
			}
			if !contains(hist, want) || !contains(hist, "UCOORD1:asked") {
				t.Errorf("history %v lacks %s and UCOORD1:asked", hist, want)
			}
			if identity == "anonymous" {
				h.noHandlerSees(t, "UREP")
			}
		})
	}
}

// noHandlerSees checks that user's id is in nothing a handler received:
// no message to anyone but user, no view opened for anyone else, no Home
// tab of anyone else, and not in the case's history.
func (h *harness) noHandlerSees(t *testing.T, user string) {
	t.Helper()
	h.openHome("UCOORD1")
	for _, method := range []string{"chat.postMessage", "chat.update", "chat.postEphemeral"} {
		for _, c := range h.slack.Calls(method) {
			if c.Param("channel") != user && c.Param("user") != user && strings.Contains(string(c.Body), user) {
				t.Errorf("%s to %s holds %s: %s", method, c.Param("channel"), user, c.Body)
			}
		}
	}
	for _, c := range h.slack.Calls("views.open") {
		if !strings.Contains(c.Param("trigger_id"), user) && strings.Contains(string(c.Body), user) {
			t.Errorf("a view opened for a handler holds %s: %s", user, c.Body)
		}
	}
	for _, c := range h.slack.Calls("views.publish") {
		if c.Param("user_id") != user && strings.Contains(string(c.Body), user) {
			t.Errorf("%s's Home tab holds %s", c.Param("user_id"), user)
		}
	}
}

// TestForgedAnswerIsRefused: another member who sends the answer button's
// payload, or the answer dialog's submission, for someone else's case is
// refused, the refusal recorded, and nothing is added.
func TestForgedAnswerIsRefused(t *testing.T) {
	h := newHarness(t)
	id := h.reported(bot.Harassment, "jobbtorg", nil, "anonymous")
	opened := len(h.slack.Calls("views.open"))
	h.reporterAction("UVISITOR1", "reporter_answer", string(id)+"|0")
	if v := text(h.openedView(opened + 1)); !strings.Contains(v, "bara den som rapporterade") {
		t.Errorf("the forged button opened:\n%s", v)
	}
	// A submission crafted by hand, as if the dialog had been opened.
	forged := map[string]any{"type": "modal", "callback_id": "reporter_answer_modal", "private_metadata": `{"c":"` + string(id) + `"}`,
		"blocks": []any{map[string]any{"type": "input", "block_id": bot.FieldAnswer,
			"element": map[string]any{"type": "plain_text_input", "action_id": bot.FieldAnswer}}}}
	resp := h.submit("UVISITOR1", forged, map[string]any{bot.FieldAnswer: "Falskt svar"})
	if resp["response_action"] != "errors" {
		t.Errorf("the forged answer was taken: %v", resp)
	}
	// Malformed values are refused too.
	h.reporterAction("UVISITOR1", "reporter_answer", "INC-2026-9999|x")
	h.waitIdle()
	c, _ := h.store().Case(context.Background(), id)
	if c.Messages != 0 {
		t.Errorf("a forged answer reached the case: %d messages", c.Messages)
	}
	if n := strings.Count(strings.Join(h.actions(id), " "), "UVISITOR1:denied"); n != 2 {
		t.Errorf("%d refusals recorded, want 2: %v", n, h.actions(id))
	}
}
