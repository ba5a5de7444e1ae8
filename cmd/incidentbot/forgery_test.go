package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// The crafted requests of the red-team pass: each is a signed request a
// workspace member could send, which the Slack client never would.

const craftedUser = "UX> <!channel> <https://evil|klicka> <@UY"

// TestClosedDialogIsCheckedOnSubmit: a closed step two kept a crafted
// picker value and an over-long text; the review submitted by hand does not
// bring either into a case, and a category changed in a second window
// after the review is caught.
func TestClosedDialogIsCheckedOnSubmit(t *testing.T) {
	h := newHarness(t)
	v1 := h.openDialog("UREP")
	v2 := pushed(t, h.submit("UREP", v1, stepOneValues(bot.Other, "jobbtorg")), "push")
	crafted := answersFor(bot.Other, map[string]any{bot.QInvolved: []string{craftedUser, "U0OK"}, bot.QActions: strings.Repeat("x", 5000)})
	h.closeView("UREP", v2, crafted, false)
	review := map[string]any{"type": "modal", "callback_id": "report_review", "private_metadata": v2["private_metadata"],
		"blocks": []any{}}
	resp := h.submit("UREP", review, nil)
	if resp["response_action"] == "update" {
		id := caseIDIn(t, resp["view"].(map[string]any))
		rep, err := h.store().Report(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if s := fmt.Sprint(rep.Answers); strings.Contains(s, "<!channel>") || strings.Contains(s, strings.Repeat("x", 3001)) {
			t.Errorf("the crafted answers reached the case: %s", s)
		}
		opened := len(h.slack.Calls("views.open"))
		h.cardAction("UCOORD1", id, "case_details", "")
		if d := text(h.openedView(opened + 1)); strings.Contains(d, "<!channel>") || strings.Contains(d, "<https://evil") {
			t.Errorf("the details view renders crafted mrkdwn:\n%s", d)
		}
	}

	// Two windows: the second changes the category after the first's review.
	a1 := h.openDialog("UREP2")
	a2 := pushed(t, h.submit("UREP2", a1, stepOneValues(bot.Harassment, "jobbtorg")), "push")
	a3 := pushed(t, h.submit("UREP2", a2, answersFor(bot.Harassment, nil)), "push")
	if r := h.submit("UREP2", a1, stepOneValues(bot.PersonalData, "jobbtorg")); r["response_action"] != "push" {
		t.Fatalf("second window: %v", r)
	}
	if r := h.submit("UREP2", a3, map[string]any{bot.FieldIdentity: "named"}); r["response_action"] != "errors" {
		t.Errorf("a report whose category changed after review was sent: %v", r)
	}
}

// TestSubmissionBelongsToItsUser: another user holding a reporter's nonce
// can neither send their report nor learn the case it became.
func TestSubmissionBelongsToItsUser(t *testing.T) {
	h := newHarness(t)
	v1 := h.openDialog("UREP")
	v2 := pushed(t, h.submit("UREP", v1, stepOneValues(bot.Other, "jobbtorg")), "push")
	v3 := pushed(t, h.submit("UREP", v2, answersFor(bot.Other, nil)), "push")
	if r := h.submit("UEVE", v3, map[string]any{bot.FieldIdentity: "named"}); r["response_action"] != "errors" {
		t.Errorf("another user sent the report: %v", r)
	}
	done := pushed(t, h.submit("UREP", v3, map[string]any{bot.FieldIdentity: "named"}), "update")
	id := caseIDIn(t, done)
	r := h.submit("UEVE", v3, map[string]any{bot.FieldIdentity: "named"})
	if r["response_action"] != "errors" || strings.Contains(fmt.Sprint(r), string(id)) {
		t.Errorf("a sent view re-sent by another user: %v", r)
	}
}

// TestForeignDraftIDIsRefused: a private_metadata the bot never issued is a
// stale form, not a Redis key, and nothing of it is echoed.
func TestForeignDraftIDIsRefused(t *testing.T) {
	h := newHarness(t)
	v1 := h.openDialog("UREP")
	huge := strings.Repeat("a", 900_000)
	v1["private_metadata"] = `{"n":"` + huge + `"}`
	r := h.submit("UREP", v1, stepOneValues(bot.Other, "jobbtorg"))
	if r["response_action"] != "errors" || len(fmt.Sprint(r)) > 3000 {
		t.Errorf("a foreign draft id: %.300v", r)
	}
	keys, err := h.redis.Client(t).Keys(context.Background(), "*"+huge[:100]+"*").Result()
	if err != nil || len(keys) != 0 {
		t.Errorf("keys named by the foreign id: %d, %v", len(keys), err)
	}
}

// TestDialogSubmissionReplayedChangesNothing: the same signed note sent
// three times adds one note.
func TestDialogSubmissionReplayedChangesNothing(t *testing.T) {
	h := newHarness(t)
	id := h.reported(bot.Other, "jobbtorg", nil, "named")
	opened := len(h.slack.Calls("views.open"))
	h.cardAction("UCOORD1", id, "case_note", "")
	nv := h.openedView(opened + 1)
	note := map[string]any{bot.FieldNoteText: "Samtal med personalen.", bot.FieldNoteSource: "Intervju", bot.FieldNoteKind: bot.NoteFact}
	for range 3 {
		if r := h.submit("UCOORD1", nv, note); r != nil {
			t.Fatalf("note answered %v", r)
		}
	}
	h.waitIdle()
	if notes, _ := h.store().Notes(context.Background(), id); len(notes) != 1 {
		t.Errorf("%d notes from one submission sent three times", len(notes))
	}
	// Another user replaying it is refused, and the refusal recorded.
	if r := h.submit("UOUTSIDER", nv, note); r["response_action"] != "errors" {
		t.Errorf("an outsider's replay: %v", r)
	}
	if !contains(h.actions(id), "UOUTSIDER:denied") {
		t.Errorf("the outsider's replay is not recorded: %v", h.actions(id))
	}
}

// TestRefusalsRecordedBeforeValuesAndBounded: a forged reclassification
// with an invalid category is refused for who sent it, and recorded; a
// flood of them grows the history by a handful of entries.
func TestRefusalsRecordedBeforeValuesAndBounded(t *testing.T) {
	h := newHarness(t)
	id := h.reported(bot.Other, "jobbtorg", nil, "named")
	forged := map[string]any{"type": "modal", "callback_id": "case_classify_modal", "private_metadata": `{"c":"` + string(id) + `"}`,
		"blocks": []any{map[string]any{"type": "input", "block_id": bot.FieldCategory,
			"element": map[string]any{"type": "radio_buttons", "action_id": bot.FieldCategory}}}}
	before := len(h.actions(id))
	for i := range 100 {
		forged["id"] = fmt.Sprintf("VF%03d", i)
		if r := h.submit("UOUTSIDER", forged, map[string]any{bot.FieldCategory: "no_such_category"}); r["response_action"] != "errors" {
			t.Fatalf("forged reclassification: %v", r)
		}
	}
	added := h.actions(id)[before:]
	if len(added) == 0 || len(added) > 8 {
		t.Errorf("100 refusals added %d entries: %v", len(added), added)
	}
	hist, _ := h.store().History(context.Background(), id)
	if last := hist[len(hist)-1]; last.Actor != "UOUTSIDER" || last.Fields["repeats"] != "64" {
		t.Errorf("last refusal recorded: %+v", last)
	}
}

// TestURLVerificationWithoutChallenge answers 400.
func TestURLVerificationWithoutChallenge(t *testing.T) {
	h := newHarness(t)
	status, _ := h.post("/slack/events", "application/json", []byte(`{"type":"url_verification","token":"x"}`), testSecret, time.Now())
	if status != http.StatusBadRequest {
		t.Errorf("url_verification without a challenge answered %d", status)
	}
}

// TestRefusalEscapesTheForgedID: a forged case id comes back as text.
func TestRefusalEscapesTheForgedID(t *testing.T) {
	h := newHarness(t)
	status, _ := h.interact(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "UOUTSIDER"}, "team": map[string]any{"id": "T1"},
		"trigger_id": "trigger-x", "channel": map[string]any{"id": "CCASES1"},
		"container": map[string]any{"type": "message", "channel_id": "CCASES1", "message_ts": "1700000000.000001"},
		"actions": []any{map[string]any{"action_id": "case_note", "block_id": "actions:x", "type": "button",
			"value": "<!channel> <https://evil|klicka>"}},
	})
	if status != http.StatusOK {
		t.Fatalf("answered %d", status)
	}
	eph := h.slack.WaitFor(t, "chat.postEphemeral", 1, waitLong)
	if s := eph[0].Param("text"); strings.Contains(s, "<!channel>") || strings.Contains(s, "<https://evil") {
		t.Errorf("the refusal echoes the forged id: %s", s)
	}
}

// TestClosureBeforeTheIncidentIsRefused: actions dated before the incident
// are not accepted.
func TestClosureBeforeTheIncidentIsRefused(t *testing.T) {
	h := newHarness(t)
	id := h.reported(bot.Other, "jobbtorg", nil, "named")
	opened := len(h.slack.Calls("views.open"))
	h.cardAction("UCOORD1", id, "case_close", "")
	cv := h.openedView(opened + 1)
	r := h.submit("UCOORD1", cv, map[string]any{bot.FieldDecision: string(bot.DecisionResolved), bot.FieldActionsTaken: "Samtal.",
		bot.FieldActionsAt: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)})
	if errs, _ := r["errors"].(map[string]any); errs[bot.FieldActionsAt] == nil {
		t.Errorf("actions dated 2001 were accepted: %v", r)
	}
}

// TestOneActionPerClick: a crafted click carrying many actions is handled
// as its first alone.
func TestOneActionPerClick(t *testing.T) {
	h := newHarness(t)
	id := h.reported(bot.Other, "jobbtorg", nil, "named")
	h.waitIdle()
	opened := len(h.slack.Calls("views.open"))
	acts := make([]any, 50)
	for i := range acts {
		acts[i] = map[string]any{"action_id": "case_note", "block_id": "actions:" + string(id), "type": "button", "value": string(id)}
	}
	status, _ := h.interact(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "UCOORD1"}, "team": map[string]any{"id": "T1"},
		"trigger_id": "trigger-many", "channel": map[string]any{"id": "CCASES1"},
		"container": map[string]any{"type": "message", "channel_id": "CCASES1", "message_ts": "1700000000.000001"},
		"actions":   acts,
	})
	if status != http.StatusOK {
		t.Fatalf("answered %d", status)
	}
	h.slack.WaitFor(t, "views.open", opened+1, waitLong)
	h.waitIdle()
	if n := len(h.slack.Calls("views.open")) - opened; n != 1 {
		t.Errorf("50 actions in one click opened %d dialogs, want 1", n)
	}
}
