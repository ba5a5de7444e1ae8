package deliver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/classify"
	"github.com/incidentbot/incidentbot/handlers"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

// These tests run Suggest with the real LLM classifier and Slack
// directory against a fake OpenAI-compatible server, and look at exactly
// what that server receives.

// openAI records the user message of every request and answers with a
// fixed suggestion.
type openAI struct {
	mu       sync.Mutex
	messages []string
}

func newOpenAI(t *testing.T) (*openAI, string) {
	t.Helper()
	o := &openAI{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Messages []struct{ Role, Content string }
		}
		if err := json.Unmarshal(body, &req); err != nil || len(req.Messages) != 2 {
			t.Errorf("request body %s: %v", body, err)
		}
		o.mu.Lock()
		o.messages = append(o.messages, req.Messages[len(req.Messages)-1].Content)
		o.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "test-model",
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant",
				"content": `{"category":"threat_violence","severity":"high","regimes":[],"confidence":0.8,"rationale":"A threat."}`}}},
		})
	}))
	t.Cleanup(srv.Close)
	return o, srv.URL + "/v1"
}

func (o *openAI) sent() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.messages...)
}

// slackUsers answers users.info from a fixed list; any other user fails.
type slackUsers struct {
	handlers.Slack
	users map[string]*slack.User
}

func (s slackUsers) GetUserInfoContext(_ context.Context, user string, _ ...slack.GetUserInfoOption) (*slack.User, error) {
	if u, ok := s.users[user]; ok {
		return u, nil
	}
	return nil, errors.New("user_not_found")
}

var anna = &slack.User{ID: "UANNA", RealName: "Anna Lindqvist",
	Profile: slack.UserProfile{RealName: "Anna Lindqvist", DisplayName: "Nettan", FirstName: "Anna", LastName: "Lindqvist"}}

// threat is a report whose text holds every kind of personal data the
// redaction promises to remove.
var threat = bot.Answers{
	bot.QTVBy:      {"Brukaren Kalle Svensson"},
	bot.QTVAgainst: {"Nettan och en kollega"},
	bot.QDescription: {"Kalle Svensson hotade Nettan i receptionen och sa att han vet var Anna Lindqvist bor. " +
		"Hans pnr är 800101\u20130000 och han ringde från (070) 123 45 67, sedan 070 - 765 43 21. Brukaren var berusad."},
	bot.QActions:       {"Larmade, ring Bosse på 08.508.000.00 eller 19800101 - 0000."},
	bot.QInvolvedOther: {"Väktare Bosse Ek"},
}

// suggest stores a threat case with the people involved and runs Suggest
// on it with the language model, whose offline stand-in is the rules.
func suggest(t *testing.T, dir bot.Directory, involved []string) (*openAI, *bot.Suggestion, string) {
	t.Helper()
	server, url := newOpenAI(t)
	f := domaintest.New(t)
	ctx := context.Background()
	c, _, err := f.Store.CreateCase(ctx, bot.NewCase{
		Case:   bot.Case{Status: bot.StatusNew, Category: bot.ThreatViolence, Unit: "jobbtorg", Reporter: "UREP", Involved: involved, CreatedAt: f.Now()},
		Report: bot.Report{Answers: threat}, Prefix: "INC", Year: 2026, ReporterUser: "UREP", Submission: "sub-1",
		Audit: bot.AuditEntry{At: f.Now(), Actor: "UREP", Action: bot.ActionCreated},
	})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	s := f.Delivery
	s.Log = slog.New(slog.NewTextHandler(&logs, nil))
	s.Directory = dir
	s.Offline = classify.NewRules()
	s.Classifier = classify.NewLLM(classify.LLMConfig{APIKey: "k", BaseURL: url, Model: "test-model", Fallback: s.Offline})
	if err := s.Suggest(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	stored := f.Case(c.ID).Suggestion
	if stored == nil {
		t.Fatal("no suggestion stored")
	}
	return server, stored, logs.String()
}

// TestSuggestSendsOnlyRedactedText: the model gets the description and
// the actions, never the answers that name people; the picked person's
// real and display names, the names typed in those answers, and numbers
// written with Unicode dashes, spaced dashes, parentheses or dots are
// all gone.
func TestSuggestSendsOnlyRedactedText(t *testing.T) {
	dir := handlers.NewDirectory(slackUsers{users: map[string]*slack.User{"UANNA": anna}}, time.Now)
	server, got, _ := suggest(t, dir, []string{"UANNA"})
	want := "[NAMN] hotade [NAMN] i receptionen och sa att han vet var [NAMN] bor. " +
		"Hans pnr är [PERSONNUMMER] och han ringde från [TELEFON], sedan [TELEFON]. [NAMN] var berusad.\n" +
		"Larmade, ring [NAMN] på [TELEFON] eller [PERSONNUMMER]."
	if sent := server.sent(); len(sent) != 1 || sent[0] != want {
		t.Errorf("the model got %q,\nwant %q", sent, want)
	}
	if got.Source != "llm:test-model" {
		t.Errorf("Source = %q", got.Source)
	}
}

// TestSuggestOfflineWhenNamesUnknown: when a picked person's name cannot
// be looked up, or there is no directory to ask, nothing is sent and the
// rules answer; the log names neither the person nor the text.
func TestSuggestOfflineWhenNamesUnknown(t *testing.T) {
	for name, dir := range map[string]bot.Directory{
		"lookup fails": handlers.NewDirectory(slackUsers{users: map[string]*slack.User{"UANNA": anna}}, time.Now),
		"no directory": nil,
	} {
		t.Run(name, func(t *testing.T) {
			server, got, logs := suggest(t, dir, []string{"UANNA", "UGONE"})
			if sent := server.sent(); len(sent) != 0 {
				t.Errorf("the model got %q", sent)
			}
			if !strings.HasPrefix(got.Source, "rules") || !strings.HasSuffix(got.Source, " (llm skipped: names unknown)") {
				t.Errorf("Source = %q", got.Source)
			}
			if !strings.Contains(logs, "unknown_names=") {
				t.Errorf("nothing logged: %q", logs)
			}
			for _, secret := range []string{"UANNA", "UGONE", "Anna", "Kalle", "Nettan", "hotade", "user_not_found"} {
				if strings.Contains(logs, secret) {
					t.Errorf("log has %q: %s", secret, logs)
				}
			}
		})
	}
}
