package handlers

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// readFields are the fields of an interaction the handlers read.
func readFields(cb slack.InteractionCallback) []any {
	return []any{cb.Type, cb.User.ID, cb.TriggerID, cb.Channel.ID, cb.View.ID, cb.View.Hash, cb.View.CallbackID,
		cb.View.PrivateMetadata, stateValues(cb.View), cb.ActionCallback.BlockActions}
}

// TestInteractionDecodedAsFarAsRead: a view's submission or closing and a
// click are decoded only as far as the handlers read them – the same
// user, trigger, channel, actions, view identity, metadata and state as
// the full decode – and any other interaction in full. The payloads are
// the bot's own views and Slack's examples (testdata/slack).
func TestInteractionDecodedAsFarAsRead(t *testing.T) {
	view := reviewView(bot.Draft{Nonce: bot.NewNonce(), StepOne: bot.StepOne{Category: bot.PersonalData, Unit: "unit-1"}},
		bot.Route{Coordinators: []string{"UCOORD1"}}, bigConfig(1), bot.Swedish)
	blocks, _ := json.Marshal(view.Blocks)
	payloads := map[string][]byte{}
	for _, typ := range []string{"view_submission", "view_closed", "block_actions"} {
		payloads["bot's "+typ] = []byte(`{"type":"` + typ + `","user":{"id":"UREP","name":"rep"},"team":{"id":"T1"},"trigger_id":"tr1",` +
			`"channel":{"id":"CSEC","name":"security"},"message":{"ts":"1.0001","blocks":` + string(blocks) + `},` +
			`"actions":[{"action_id":"case_ack","block_id":"actions:INC-2026-0001","value":"INC-2026-0001","type":"button"},` +
			`{"action_id":"case_assign","block_id":"actions:INC-2026-0001","type":"users_select","selected_user":"UCOORD2"}],` +
			`"view":{"id":"V1","hash":"h1","callback_id":"` + cbReview + `","private_metadata":"{\"n\":\"x\"}","blocks":` + string(blocks) + `,` +
			`"state":{"values":{"identity":{"identity":{"type":"radio_buttons","selected_option":{"value":"named"}}}}}}}`)
	}
	for _, name := range []string{"block_actions_message.json", "block_actions_home_tab.json", "view_submission.json", "view_closed.json",
		"message_action.json", "shortcut_global.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "slack", name))
		if err != nil {
			t.Fatal(err)
		}
		payloads[name] = b
	}
	for name, payload := range payloads {
		var full, slim slack.InteractionCallback
		if err := json.Unmarshal(payload, &full); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := decodeInteraction(payload, &slim); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(readFields(slim), readFields(full)); diff != "" {
			t.Errorf("%s (-slim +full):\n%s", name, diff)
		}
		if slimType(full.Type) == (slim.Message.Timestamp != "" || slim.Team.ID != "") {
			t.Errorf("%s: decoded in full %v, want %v", name, slim.Team.ID != "", !slimType(full.Type))
		}
	}
	// The type found wherever it stands.
	var late slack.InteractionCallback
	if err := decodeInteraction([]byte(`{"view":{"id":"V2","callback_id":"x","blocks":[{"type":"divider"}]},"user":{"id":"U1"},"type":"view_closed"}`), &late); err != nil ||
		late.Type != slack.InteractionTypeViewClosed || late.View.ID != "V2" || late.User.ID != "U1" {
		t.Errorf("type last: %+v %v", late, err)
	}
	if topType([]byte(`[1]`)) != "" || topType([]byte(`{"a":{"type":"x"}}`)) != "" {
		t.Error("a nested or missing type was taken for the payload's")
	}
	if err := decodeInteraction([]byte(`{"type":"view_submission","view":[]}`), new(slack.InteractionCallback)); err == nil {
		t.Error("a malformed view was accepted")
	}
}

// BenchmarkDecodeClick decodes a click on a case card, which carries the
// card's blocks: in full, and as far as the handlers read it.
func BenchmarkDecodeClick(b *testing.B) {
	c := bot.Case{ID: "INC-2026-0001", Status: bot.StatusNew, Category: bot.PersonalData, Severity: bot.High, Unit: "unit-1",
		Regimes: []bot.Regime{bot.GDPRBreach, bot.LexSarah}, CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		Route: bot.Route{Coordinators: []string{"UCOORD1"}}}
	blocks, _ := json.Marshal(caseCard(c, bigConfig(1), bot.Swedish, c.CreatedAt).Blocks)
	payload := []byte(`{"type":"block_actions","user":{"id":"UCOORD1","name":"c"},"team":{"id":"T1"},"trigger_id":"tr1",` +
		`"container":{"type":"message","message_ts":"1.0001","channel_id":"CSEC"},"channel":{"id":"CSEC","name":"security"},` +
		`"message":{"type":"message","ts":"1.0001","text":"x","blocks":` + string(blocks) + `},` +
		`"actions":[{"action_id":"case_ack","block_id":"actions:INC-2026-0001","value":"INC-2026-0001","type":"button"}]}`)
	b.Logf("payload %d bytes", len(payload))
	b.Run("full", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var cb slack.InteractionCallback
			if err := json.Unmarshal(payload, &cb); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var cb slack.InteractionCallback
			if err := decodeInteraction(payload, &cb); err != nil {
				b.Fatal(err)
			}
		}
	})
}
