package handlers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/bot/deliver"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/bot/report"
	"github.com/incidentbot/incidentbot/internal/floor"
	"github.com/incidentbot/incidentbot/internal/redistest"
	"github.com/incidentbot/incidentbot/store"
)

// stubSlack answers every Web API call at once, in process, so the
// benchmarks measure the bot and Redis rather than HTTP to a fake.
type stubSlack struct{}

func (stubSlack) OpenViewContext(context.Context, string, slack.ModalViewRequest) (*slack.ViewResponse, error) {
	return &slack.ViewResponse{}, nil
}
func (stubSlack) UpdateViewContext(context.Context, slack.ModalViewRequest, string, string, string) (*slack.ViewResponse, error) {
	return &slack.ViewResponse{}, nil
}
func (stubSlack) PublishViewContext(context.Context, slack.PublishViewContextRequest) (*slack.ViewResponse, error) {
	return &slack.ViewResponse{}, nil
}
func (stubSlack) PostMessageContext(_ context.Context, ch string, _ ...slack.MsgOption) (string, string, error) {
	return ch, "1700000000.000100", nil
}
func (stubSlack) GetUserInfoContext(_ context.Context, u string, _ ...slack.GetUserInfoOption) (*slack.User, error) {
	return &slack.User{ID: u, Locale: "sv-SE"}, nil
}
func (stubSlack) UpdateMessageContext(_ context.Context, ch, ts string, _ ...slack.MsgOption) (string, string, string, error) {
	return ch, ts, "", nil
}
func (stubSlack) PostEphemeralContext(context.Context, string, string, ...slack.MsgOption) (string, error) {
	return "1700000000.000200", nil
}
func (stubSlack) GetUsersInConversationContext(context.Context, *slack.GetUsersInConversationParameters) ([]string, string, error) {
	return []string{"UCOORD1"}, "", nil
}
func (stubSlack) UploadFileContext(context.Context, slack.UploadFileParameters) (*slack.FileSummary, error) {
	return &slack.FileSummary{ID: "F1"}, nil
}
func (stubSlack) OpenConversationContext(context.Context, *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error) {
	return &slack.Channel{}, false, false, nil
}
func (stubSlack) GetConversationHistoryContext(context.Context, *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error) {
	return &slack.GetConversationHistoryResponse{}, nil
}
func (stubSlack) GetPermalinkContext(context.Context, *slack.PermalinkParameters) (string, error) {
	return "https://example.slack.test/p1", nil
}

const benchSecret = "bench-secret"

func signedInteraction(b *testing.B, payload any) *http.Request {
	js, err := json.Marshal(payload)
	if err != nil {
		b.Fatal(err)
	}
	body := url.Values{"payload": {string(js)}}.Encode()
	return signedRequest("/slack/interactions", body)
}

func signedRequest(path, body string) *http.Request {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(benchSecret))
	io.WriteString(mac, "v0:"+ts+":"+body)
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-Slack-Request-Timestamp", ts)
	r.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return r
}

func benchConfig() *bot.Config {
	return &bot.Config{CasePrefix: "INC", Timezone: time.UTC, Language: bot.Swedish, Units: []bot.Unit{
		{ID: "jobbtorg", Name: "Jobbtorg Skärholmen", Coordinators: []string{"UCOORD1"}, Channel: "CCASES1", Escalation: []string{"UHEAD1"}}}}
}

func reviewPayload(user, nonce string) map[string]any {
	return map[string]any{"type": "view_submission", "user": map[string]any{"id": user}, "team": map[string]any{"id": "T1"},
		"view": map[string]any{"id": "V1", "type": "modal", "callback_id": cbReview, "private_metadata": meta{Nonce: nonce}.encode(),
			"state": map[string]any{"values": map[string]any{blockID(bot.FieldIdentity, nonce): map[string]any{
				bot.FieldIdentity: map[string]any{"type": "radio_buttons", "selected_option": map[string]any{"value": identityNamed}}}}}}}
}

func stepOnePayload(user, nonce string) map[string]any {
	now := time.Now()
	vals := map[string]any{
		blockID(bot.FieldCategory, nonce):     map[string]any{bot.FieldCategory: map[string]any{"type": "radio_buttons", "selected_option": map[string]any{"value": "personal_data"}}},
		blockID(bot.FieldUnit, nonce):         map[string]any{bot.FieldUnit: map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "jobbtorg"}}},
		blockID(bot.FieldOccurredAt, nonce):   map[string]any{bot.FieldOccurredAt: map[string]any{"type": "datetimepicker", "selected_date_time": now.Add(-time.Hour).Unix()}},
		blockID(bot.FieldDiscoveredAt, nonce): map[string]any{bot.FieldDiscoveredAt: map[string]any{"type": "datetimepicker", "selected_date_time": now.Unix()}},
	}
	return map[string]any{"type": "view_submission", "user": map[string]any{"id": user}, "team": map[string]any{"id": "T1"},
		"view": map[string]any{"id": "V1", "type": "modal", "callback_id": cbStepOne, "private_metadata": meta{Nonce: nonce}.encode(),
			"state": map[string]any{"values": vals}}}
}

// BenchmarkViewSubmission measures the view_submission path on a real
// redis-server beside a floor measured in the same run: a handler that
// only verifies the signature and does one Redis SET. docs/performance.md
// reports the ratios.
func BenchmarkViewSubmission(b *testing.B) {
	srv := redistest.Start(b)
	rdb := srv.Client(b)
	st := store.New(rdb, store.Options{})
	cfg := benchConfig()
	log := slog.New(slog.DiscardHandler)
	locales := NewLocales(stubSlack{}, time.Now, log)
	rt := bot.Runtime{Config: func() *bot.Config { return cfg }, Now: time.Now, Log: log}
	reports := &report.Service{Runtime: rt, Store: st}
	h := New(Deps{Reports: reports, Cases: &cases.Service{Runtime: rt, Store: st},
		Delivery: &deliver.Service{Runtime: rt, Store: st, Notifier: NewNotifier(stubSlack{}, locales, rt.Config, rt.Now, log)},
		Digests:  &digest.Service{Runtime: rt, Store: st}, Store: st, Config: rt.Config, Slack: stubSlack{},
		Locales: locales, Log: log, SigningSecret: benchSecret})
	server := NewServer(h, false)
	ctx := context.Background()

	serve := func(b *testing.B, r *http.Request) {
		w := httptest.NewRecorder()
		server.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}

	b.Run("floor", func(b *testing.B) {
		// The floor checks the signature and writes one key, nothing more
		// (verified also parses the form, which the floor has no use for).
		h := floor.Handler(benchSecret, func(ctx context.Context, body []byte) error {
			return rdb.Set(ctx, "bench:floor", len(body), 0).Err()
		})
		body := url.Values{"payload": {`{"type":"view_submission"}`}}.Encode()
		for b.Loop() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, signedRequest("/slack/interactions", body))
			if w.Code != http.StatusOK {
				b.Fatal(w.Code)
			}
		}
	})

	b.Run("step_one", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			serve(b, signedInteraction(b, stepOnePayload(fmt.Sprintf("US%07d", i), fmt.Sprintf("%032x", i))))
		}
	})

	// review submits a report: it creates the case, and its receipt, card
	// and Home tab follow in the background, which is waited for inside
	// the timing so the figure is the whole cost of one report.
	b.Run("review", func(b *testing.B) {
		var reqs []*http.Request
		prepare := func(n int) {
			for i := len(reqs); i < n; i++ {
				user := fmt.Sprintf("UR%07d", i)
				d, err := reports.NewDraft(ctx, user)
				if err != nil {
					b.Fatal(err)
				}
				now := time.Now()
				if _, err := reports.SaveStepOne(ctx, user, d.Nonce, bot.StepOne{Category: bot.PersonalData, Unit: "jobbtorg",
					OccurredAt: now.Add(-time.Hour), DiscoveredAt: now}); err != nil {
					b.Fatal(err)
				}
				if _, err := reports.SaveStepTwo(ctx, user, d.Nonce, bot.Answers{bot.QDescription: {strings.Repeat("Intyget hamnade i fel inkorg. ", 40)},
					bot.QWhere: {"Skrivaren i receptionen"}, bot.QHowNoticed: {"found"}, bot.QPDWhose: {"clients"}, bot.QPDDataKind: {"health"},
					bot.QPDHow: {"wrong_recipient"}, bot.QPDCount: {"1"}, bot.QPDRecipientBound: {bot.Yes}, bot.QPDLeftOrg: {bot.No}, bot.QPDContained: {bot.Yes}}); err != nil {
					b.Fatal(err)
				}
				reqs = append(reqs, signedInteraction(b, reviewPayload(user, d.Nonce)))
			}
		}
		b.StopTimer()
		prepare(b.N)
		b.StartTimer()
		for i := range b.N {
			serve(b, reqs[i])
		}
		if err := h.Close(ctx); err != nil {
			b.Fatal(err)
		}
	})
}
