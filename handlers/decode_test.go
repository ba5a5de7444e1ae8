package handlers

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// TestSubmissionDecodedAsFarAsRead: a view's submission or closing is
// decoded only as far as the handlers read it – the same user, trigger,
// view identity, metadata and state as the full decode – and any other
// interaction in full.
func TestSubmissionDecodedAsFarAsRead(t *testing.T) {
	view := reviewView(bot.Draft{Nonce: bot.NewNonce(), StepOne: bot.StepOne{Category: bot.PersonalData, Unit: "unit-1"}},
		bot.Route{Coordinators: []string{"UCOORD1"}}, bigConfig(1), bot.Swedish)
	blocks, _ := json.Marshal(view.Blocks)
	for _, typ := range []string{"view_submission", "view_closed", "block_actions"} {
		payload := []byte(`{"type":"` + typ + `","user":{"id":"UREP","name":"rep"},"team":{"id":"T1"},"trigger_id":"tr1",` +
			`"actions":[{"action_id":"case_ack","block_id":"actions:INC-2026-0001","value":"INC-2026-0001","type":"button"}],` +
			`"view":{"id":"V1","hash":"h1","callback_id":"` + cbReview + `","private_metadata":"{\"n\":\"x\"}","blocks":` + string(blocks) + `,` +
			`"state":{"values":{"identity":{"identity":{"type":"radio_buttons","selected_option":{"value":"named"}}}}}}}`)
		var full, slim slack.InteractionCallback
		if err := json.Unmarshal(payload, &full); err != nil {
			t.Fatal(err)
		}
		if err := decodeInteraction(payload, &slim); err != nil {
			t.Fatal(err)
		}
		got := []any{slim.Type, slim.User.ID, slim.TriggerID, slim.View.ID, slim.View.Hash, slim.View.CallbackID, slim.View.PrivateMetadata,
			stateValues(slim.View), len(slim.ActionCallback.BlockActions)}
		want := []any{full.Type, full.User.ID, full.TriggerID, full.View.ID, full.View.Hash, full.View.CallbackID, full.View.PrivateMetadata,
			stateValues(full.View), len(full.ActionCallback.BlockActions)}
		if typ != "block_actions" {
			want[len(want)-1] = 0 // a submission's handlers read no actions
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("%s (-slim +full):\n%s", typ, diff)
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
