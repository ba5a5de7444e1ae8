package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// TestSocketModeFeedsTheSameHandlers drives a whole report over a Socket
// Mode connection: the answers travel back in the acknowledgements.
func TestSocketModeFeedsTheSameHandlers(t *testing.T) {
	h := newHarness(t, "SLACK_APP_TOKEN", "xapp-1-test", "SLACK_SIGNING_SECRET", "")
	// Without a signing secret the HTTP endpoints for Slack are not there.
	if status, _ := h.command("UREP", ""); status != http.StatusNotFound {
		t.Errorf("HTTP slash command in Socket Mode: %d", status)
	}
	// Ready once the socket is connected (503 until then).
	for deadline := time.Now().Add(waitLong); get(t, h.base+"/readyz") != http.StatusOK; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("/readyz never ready in Socket Mode")
		}
	}

	ack := h.slack.SocketSend(t, "slash_commands", map[string]any{
		"command": "/report", "text": "", "user_id": "UREP", "team_id": "T1", "trigger_id": "trigger-sock", "channel_id": "C1",
	}, waitLong)
	if s := strings.TrimSpace(string(ack)); s != "" && s != "null" && s != "{}" {
		t.Errorf("slash command ack payload %s", ack)
	}
	v1 := h.openedView(1)

	send := func(view map[string]any, values map[string]any) map[string]any {
		ack := h.slack.SocketSend(t, "interactive", map[string]any{
			"type": "view_submission", "team": map[string]any{"id": "T1"}, "user": map[string]any{"id": "UREP"},
			"view": filled(view, values),
		}, waitLong)
		var m map[string]any
		if err := json.Unmarshal(ack, &m); err != nil {
			t.Fatalf("ack payload %s: %v", ack, err)
		}
		return m
	}
	v2 := pushed(t, send(v1, stepOneValues(bot.PersonalData, "jobbtorg")), "push")
	v3 := pushed(t, send(v2, answersFor(bot.PersonalData, nil)), "push")
	done := pushed(t, send(v3, map[string]any{bot.FieldIdentity: "named"}), "update")
	id := caseIDIn(t, done)
	waitPost(t, h, "CCASES1", string(id))

	h.slack.SocketSend(t, "events_api", map[string]any{"type": "event_callback", "event_id": "Ev-sock",
		"event": map[string]any{"type": "app_home_opened", "user": "UREP", "tab": "home"}}, waitLong)
	pub := h.slack.WaitFor(t, "views.publish", 1, waitLong)
	if !strings.Contains(string(pub[0].Body), string(id)) {
		t.Error("Home tab over Socket Mode does not list the case")
	}
}

// TestEmbeddedStoreWarns runs without REDIS_URL: reports work, and both
// the log and the Home tab say nothing survives a restart.
func TestEmbeddedStoreWarns(t *testing.T) {
	h := newHarness(t, "REDIS_URL", "")
	if !strings.Contains(h.stderr.String(), "NOTHING SURVIVES A RESTART") {
		t.Errorf("no start-up warning:\n%s", h.stderr.String())
	}
	done := h.reportThrough("UREP", bot.Other, "jobbtorg", answersFor(bot.Other, nil), "named")
	waitPost(t, h, "CCASES1", string(caseIDIn(t, done)))
	h.event("Ev-emb", map[string]any{"type": "app_home_opened", "user": "UREP", "tab": "home"})
	pub := h.slack.WaitFor(t, "views.publish", 1, waitLong)
	if !strings.Contains(string(pub[len(pub)-1].Body), "REDIS_URL") {
		t.Error("Home tab does not warn about the embedded store")
	}
	if get(t, h.base+"/readyz") != http.StatusOK {
		t.Error("/readyz with the embedded store")
	}
}

func TestDiscardDraftInDialog(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	v1 := h.openDialog("UREP")
	h.closeView("UREP", v1, stepOneValues(bot.Harassment, "lss-home"), false)
	resumed := h.openDialog("UREP")
	var nonce string
	for _, b := range blocksOf(resumed) {
		if b["type"] == "actions" {
			nonce, _ = b["elements"].([]any)[0].(map[string]any)["value"].(string)
		}
	}
	if nonce == "" {
		t.Fatal("resumed dialog has no discard button")
	}
	h.interact(map[string]any{"type": "block_actions", "user": map[string]any{"id": "UREP"}, "trigger_id": "t-d",
		"team": map[string]any{"id": "T1"}, "container": map[string]any{"type": "view", "view_id": "V1"},
		"view":    filled(resumed, nil),
		"actions": []any{map[string]any{"action_id": "draft_discard", "block_id": "draft", "type": "button", "value": nonce}}})
	upd := h.slack.WaitFor(t, "views.update", 1, waitLong)
	view, _ := upd[0].JSON["view"].(map[string]any)
	if upd[0].Param("view_id") != resumed["id"] || inputElement(view, bot.FieldCategory)["initial_option"] != nil {
		t.Errorf("discard did not show a blank first step: %s", upd[0].Body)
	}
	for _, f := range inputFields(view) {
		for _, old := range inputFields(resumed) {
			if f == old && inputElement(view, f) != nil && blockIDOf(view, f) == blockIDOf(resumed, old) {
				t.Errorf("block %s kept its id, so Slack would keep the old input", f)
			}
		}
	}
	deadline := time.Now().Add(waitLong)
	for {
		ds, _ := h.store().Drafts(ctx, "UREP")
		if len(ds) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("draft not discarded: %+v", ds)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func blockIDOf(view map[string]any, field string) string {
	for _, b := range blocksOf(view) {
		bid, _ := b["block_id"].(string)
		if f, _, _ := strings.Cut(bid, "."); f == field {
			return bid
		}
	}
	return ""
}

// TestSlackNeverAnsweringStillAnswersTheUser: with Slack's API taking
// connections but never answering, /report is answered within Slack's
// three seconds, saying that Slack failed, not the storage.
func TestSlackNeverAnsweringStillAnswersTheUser(t *testing.T) {
	h := newHarness(t)
	h.slack.SetHang(true)
	defer h.slack.SetHang(false)
	start := time.Now()
	status, body := h.command("UREP", "")
	if took := time.Since(start); status != http.StatusOK || took >= 3*time.Second {
		t.Errorf("/report answered %d after %v", status, took)
	}
	if !strings.Contains(string(body), "Slack") || strings.Contains(string(body), "lagring") {
		t.Errorf("/report answered %s", body)
	}
}

// TestShortcutThatCannotOpenTellsTheUser: a global shortcut whose dialog
// Slack refuses to open is told by direct message; a 429 with a short
// Retry-After is waited out inside the trigger's three seconds.
func TestShortcutThatCannotOpenTellsTheUser(t *testing.T) {
	h := newHarness(t)
	h.slack.FailNext("views.open", http.StatusInternalServerError, 0, "")
	h.interact(map[string]any{"type": "shortcut", "callback_id": "report_incident", "user": map[string]any{"id": "UREP"},
		"team": map[string]any{"id": "T1"}, "trigger_id": "t-short"})
	waitPostWith(t, h, "UREP", "Slack svarade inte")

	h.slack.FailNext("views.open", http.StatusTooManyRequests, 1, "")
	opened := len(h.slack.Calls("views.open"))
	if status, body := h.command("UREP", ""); status != http.StatusOK || len(body) > 0 && strings.Contains(string(body), "Slack") {
		t.Errorf("/report after a short 429: %d %s", status, body)
	}
	if calls := h.slack.Calls("views.open")[opened:]; len(calls) != 2 || calls[0].Failed != true || calls[1].Failed {
		t.Errorf("views.open after a 429: %d calls", len(calls))
	}
}

// TestSlackCallsAreMeasured: /metrics counts the bot's Web API calls by
// client, method and outcome, and times them.
func TestSlackCallsAreMeasured(t *testing.T) {
	h := newHarness(t)
	h.slack.FailNext("chat.postMessage", http.StatusOK, 0, "channel_not_found")
	id := caseIDIn(t, h.reportThrough("UREP", bot.Other, "jobbtorg", answersFor(bot.Other, nil), "named"))
	waitPost(t, h, "CCASES1", string(id))
	for _, series := range []string{
		`incidentbot_slack_api_calls_total{client="interactive",method="views.open",outcome="ok"}`,
		`incidentbot_slack_api_calls_total{client="background",method="chat.postMessage",outcome="error"}`,
		`incidentbot_slack_api_calls_total{client="background",method="chat.postMessage",outcome="ok"}`,
		`incidentbot_slack_api_seconds_count{client="background",method="chat.postMessage"}`,
	} {
		if metricAt(t, h.base, series) < 1 {
			t.Errorf("no %s", series)
		}
	}
}
