package handlers

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/bot/deliver"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/bot/report"
	"github.com/incidentbot/incidentbot/store"
)

// fuzzServer is the real HTTP handler over a store on miniredis and a
// Slack that answers everything.
func fuzzServer(f *testing.F) (http.Handler, *Handlers) {
	m := miniredis.RunT(f)
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	f.Cleanup(func() { _ = rdb.Close() })
	st := store.New(rdb, store.Options{})
	cfg := benchConfig()
	log := slog.New(slog.DiscardHandler)
	locales := NewLocales(stubSlack{}, time.Now, log)
	rt := bot.Runtime{Config: func() *bot.Config { return cfg }, Now: time.Now, Log: log}
	h := New(Deps{Reports: &report.Service{Runtime: rt, Store: st}, Cases: &cases.Service{Runtime: rt, Store: st},
		Delivery: &deliver.Service{Runtime: rt, Store: st, Notifier: NewNotifier(stubSlack{}, locales, rt.Config, rt.Now, log)},
		Digests:  &digest.Service{Runtime: rt, Store: st}, Store: st, Config: rt.Config, Slack: stubSlack{},
		Locales: locales, Log: log, SigningSecret: benchSecret})
	f.Cleanup(func() { _ = h.Close(context.Background()) })
	return NewServer(h, false), h
}

// serveFuzz sends a signed request and checks that it is answered with
// 200 or 400, within Slack's limits.
func serveFuzz(t *testing.T, server http.Handler, path, body string) {
	w := httptest.NewRecorder()
	server.ServeHTTP(w, signedRequest(path, body))
	if w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
		t.Fatalf("%s answered %d: %s", path, w.Code, w.Body)
	}
}

// FuzzInteraction sends any payload, signed, to the interactions
// endpoint: no panic, no 5xx, whatever a member crafts.
func FuzzInteraction(f *testing.F) {
	server, _ := fuzzServer(f)
	nonce := bot.NewNonce()
	for _, p := range []any{
		stepOnePayload("U1", nonce),
		reviewPayload("U1", nonce),
		map[string]any{"type": "view_submission", "user": map[string]any{"id": "U1"}, "view": map[string]any{"id": "V1", "callback_id": cbNote,
			"private_metadata": `{"c":"INC-2026-0001"}`, "state": map[string]any{"values": map[string]any{}}}},
		map[string]any{"type": "view_submission", "user": map[string]any{"id": "U1"}, "view": map[string]any{"id": "V2", "callback_id": cbAnswer,
			"private_metadata": `{"c":"INC-2026-0001","q":-3}`}},
		map[string]any{"type": "view_closed", "user": map[string]any{"id": "U1"}, "view": map[string]any{"callback_id": cbStepTwo, "private_metadata": `{"n":"x"}`}},
		map[string]any{"type": "block_actions", "user": map[string]any{"id": "U1"}, "actions": []any{map[string]any{"action_id": actAnswer, "value": "INC-2026-0001|1"}}},
		map[string]any{"type": "block_actions", "user": map[string]any{"id": "U1"}, "actions": []any{map[string]any{"action_id": actAck, "value": "<!channel>"}}},
		map[string]any{"type": "shortcut", "callback_id": shortcutReport, "user": map[string]any{"id": "U1"}},
	} {
		js, _ := json.Marshal(p)
		f.Add(string(js))
	}
	f.Add(`{"type":"view_submission","view":{"state":{"values":{"a":{"b":{"type":"datetimepicker","selected_date_time":-99999999999}}}}}}`)
	f.Add("not json")
	f.Fuzz(func(t *testing.T, payload string) {
		serveFuzz(t, server, "/slack/interactions", url.Values{"payload": {payload}}.Encode())
	})
}

// FuzzCommand sends any form, signed, to the commands endpoint.
func FuzzCommand(f *testing.F) {
	server, _ := fuzzServer(f)
	for _, text := range []string{"", "status", "help", "digest", "STATUS ", "\x00", "<!channel>"} {
		f.Add(url.Values{"command": {"/report"}, "text": {text}, "user_id": {"U1"}, "trigger_id": {"t"}}.Encode())
	}
	f.Add("%%%")
	f.Fuzz(func(t *testing.T, body string) {
		serveFuzz(t, server, "/slack/commands", body)
	})
}

// FuzzEvent sends any body, signed, to the events endpoint.
func FuzzEvent(f *testing.F) {
	server, _ := fuzzServer(f)
	for _, s := range []string{
		`{"type":"url_verification","challenge":"c"}`, `{"type":"url_verification"}`,
		`{"type":"event_callback","event_id":"Ev1","event":{"type":"app_home_opened","user":"U1","tab":"home"}}`,
		`{"type":"event_callback","event":{"type":"app_home_opened"}}`, `{}`, `[]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		serveFuzz(t, server, "/slack/events", body)
	})
}

// FuzzDecodeMeta: whatever private_metadata holds, what comes out is only
// what the bot issues.
func FuzzDecodeMeta(f *testing.F) {
	for _, s := range []string{`{"n":"` + bot.NewNonce() + `"}`, `{"c":"INC-2026-0001","q":2}`, `{"n":"x"}`, `{"q":-1}`, "", "null"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := decodeMeta(s)
		if m.Nonce != "" && !bot.ValidNonce(m.Nonce) || len(m.Case) > 40 || m.Question < 0 {
			t.Errorf("decodeMeta(%q) = %+v", s, m)
		}
	})
}

// FuzzParseAnswerValue: an answer button's value gives a question number
// in range, or is refused.
func FuzzParseAnswerValue(f *testing.F) {
	for _, s := range []string{"INC-2026-0001|0", "INC-2026-0001|3", "|", "a|b|c", "INC-2026-0001|-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, n, ok := parseAnswerValue(s); ok && (n < 0 || n > 1<<20) {
			t.Errorf("parseAnswerValue(%q) = %d", s, n)
		}
	})
}
