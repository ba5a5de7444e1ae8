package classify

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
)

var update = flag.Bool("update", false, "rewrite golden files")

// report has every kind of personal data Redact removes.
var report = bot.ClassifyInput{
	Text: "Klienten Kalle Svensson (pnr 19800101-0000) hotade <@U01ABCDEF> med kniv. " +
		"Han ringde sedan från 070-123 45 67 och mejlade kalle.s@example.se. Åsa Öberg såg det.",
	Names: []string{"Kalle Svensson", "Åsa Öberg"},
}

const redactedReport = "Klienten [NAMN] (pnr [PERSONNUMMER]) hotade [SLACK] med kniv. " +
	"Han ringde sedan från [TELEFON] och mejlade [E-POST]. [NAMN] såg det."

// TestLLMRequest shows the exact body the server receives.
func TestLLMRequest(t *testing.T) {
	f := newFake(t, good)
	if _, err := f.llm(time.Second).Classify(context.Background(), report); err != nil {
		t.Fatal(err)
	}
	raw := string(f.bodies[0])
	for _, secret := range []string{"19800101", "0000", "070-123", "45 67", "example.se", "U01ABCDEF", "Kalle", "Svensson", "Åsa", "Öberg"} {
		if strings.Contains(raw, secret) {
			t.Errorf("request body contains %q", secret)
		}
	}
	if got := f.headers[0].Get("Authorization"); got != "Bearer test-key" {
		t.Errorf("Authorization = %q", got)
	}
	got := f.body(t, 0)
	if msgs := got["messages"].([]any); len(msgs) != 2 || msgs[1].(map[string]any)["content"] != redactedReport {
		t.Errorf("user message = %v, want %q", msgs[len(msgs)-1], redactedReport)
	}
	if temp, ok := got["temperature"].(float64); !ok || temp > 1e-6 {
		t.Errorf("temperature = %v, want 0 (sent as the smallest float32)", got["temperature"])
	}
	golden := filepath.Join("testdata", "request.golden.json")
	if *update {
		pretty, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(golden, append(pretty, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantRaw, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(wantRaw, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("request body (-got +want), rerun with -update if intended:\n%s", diff)
	}
}

func TestLLMGoodAnswer(t *testing.T) {
	f := newFake(t, good)
	got, err := f.llm(time.Second).Classify(context.Background(), report)
	if err != nil {
		t.Fatal(err)
	}
	want := bot.Suggestion{
		Category: bot.ThreatViolence, Severity: bot.Critical,
		Regimes:    []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport},
		Confidence: 0.9, Cues: []string{"A client threatened staff with a knife."}, Source: "llm:test-model",
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("suggestion (-got +want):\n%s", diff)
	}
}

// TestLLMBadAnswers: anything outside the schema gives the rules' answer,
// without a retry: asking again for the same thing rarely helps.
func TestLLMBadAnswers(t *testing.T) {
	rules, _ := NewRules().Classify(context.Background(), report)
	for name, content := range map[string]string{
		"malformed":        `{"category": "threat_violence", "severity":`,
		"not json":         `I think this is a threat.`,
		"unknown category": strings.Replace(goodAnswer, `"threat_violence"`, `"violence"`, 1),
		"unknown severity": strings.Replace(goodAnswer, `"critical"`, `"urgent"`, 1),
		"unknown regime":   strings.Replace(goodAnswer, `"police_report"`, `"polisanmalan"`, 1),
		"missing key":      `{"category":"threat_violence","severity":"high","regimes":[],"confidence":0.5}`,
		"extra key":        strings.Replace(goodAnswer, `{`, `{"name":"Kalle",`, 1),
		"confidence > 1":   strings.Replace(goodAnswer, `0.9`, `9`, 1),
		"two objects":      goodAnswer + goodAnswer,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, _ *http.Request, _ int) { answerWith(w, content) })
			got, err := f.llm(time.Second).Classify(context.Background(), report)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got.Source, "rules (llm failed: answer outside the schema") {
				t.Errorf("Source = %q", got.Source)
			}
			got.Source = rules.Source
			if diff := cmp.Diff(got, rules); diff != "" {
				t.Errorf("want the rules' suggestion (-got +want):\n%s", diff)
			}
			if n := f.calls(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

func TestLLMRateLimitedLong(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After", "30")
		http.Error(w, `{"error":{"message":"Rate limit reached","type":"requests"}}`, http.StatusTooManyRequests)
	})
	start := time.Now()
	got, err := f.llm(time.Second).Classify(context.Background(), report)
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != "rules (llm failed: rate limited, retry after 30s)" {
		t.Errorf("Source = %q", got.Source)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s: should not wait out a long Retry-After", d)
	}
	if n := f.calls(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestLLMRateLimitedShort(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, `{"error":{"message":"Rate limit reached","type":"requests"}}`, http.StatusTooManyRequests)
			return
		}
		good(w, r, n)
	})
	start := time.Now()
	got, err := f.llm(time.Second).Classify(context.Background(), report)
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != "llm:test-model" {
		t.Errorf("Source = %q", got.Source)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("retried after %s, before Retry-After", d)
	}
}

// TestLLMTimeout: a server slower than the timeout gets one retry, then
// the rules answer, well within a second.
func TestLLMTimeout(t *testing.T) {
	release := make(chan struct{})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		select {
		case <-r.Context().Done(): // the client gave up
		case <-release:
		}
	})
	defer close(release) // before the server's Close, which waits for handlers
	start := time.Now()
	got, err := f.llm(100*time.Millisecond).Classify(context.Background(), report)
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != "rules (llm failed: timeout)" {
		t.Errorf("Source = %q", got.Source)
	}
	if n := f.calls(); n != 2 {
		t.Errorf("%d requests, want 2 (one retry)", n)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s", d)
	}
}

func TestLLMServerErrors(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			http.Error(w, "upstream down", http.StatusBadGateway)
			return
		}
		good(w, r, n)
	})
	if got, _ := f.llm(time.Second).Classify(context.Background(), report); got.Source != "llm:test-model" {
		t.Errorf("after one 502: Source = %q", got.Source)
	}
	f2 := newFake(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		http.Error(w, `{"error":{"message":"overloaded","type":"server_error"}}`, http.StatusServiceUnavailable)
	})
	if got, _ := f2.llm(time.Second).Classify(context.Background(), report); got.Source != "rules (llm failed: http 503)" {
		t.Errorf("after two 503s: Source = %q", got.Source)
	}
	if n := f2.calls(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

// TestLLMSchemaRejected: a server without structured outputs is asked in
// JSON mode, then and on every later call.
func TestLLMSchemaRejected(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"message":"response_format type json_schema is not supported by this model","type":"invalid_request_error","param":"response_format"}}`)
			return
		}
		good(w, r, n)
	})
	l := f.llm(time.Second)
	for range 2 {
		if got, _ := l.Classify(context.Background(), report); got.Source != "llm:test-model" {
			t.Errorf("Source = %q", got.Source)
		}
	}
	var formats []string
	for i := range f.calls() {
		formats = append(formats, f.body(t, i)["response_format"].(map[string]any)["type"].(string))
	}
	if diff := cmp.Diff(formats, []string{"json_schema", "json_object", "json_object"}); diff != "" {
		t.Errorf("response formats (-got +want):\n%s", diff)
	}
}

func TestLLMOtherClientError(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		http.Error(w, `{"error":{"message":"invalid api key","type":"auth"}}`, http.StatusUnauthorized)
	})
	got, _ := f.llm(time.Second).Classify(context.Background(), report)
	if got.Source != "rules (llm failed: http 401)" || f.calls() != 1 {
		t.Errorf("Source = %q after %d requests", got.Source, f.calls())
	}
}

func TestLLMCanceled(t *testing.T) {
	f := newFake(t, good)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, err := f.llm(time.Second).Classify(ctx, report)
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != "rules (llm failed: canceled)" || got.Category != bot.ThreatViolence {
		t.Errorf("got %+v", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	for in, want := range map[string]time.Duration{"": 0, "1": time.Second, "30": 30 * time.Second, "soon": 0, "-3": 0} {
		if got := parseRetryAfter(in, time.Now()); got != want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", in, got, want)
		}
	}
	now := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	if got := parseRetryAfter(now.Add(time.Hour).Format(http.TimeFormat), now); got != time.Hour {
		t.Errorf("HTTP date: %s", got)
	}
}

// TestLLMOffline: bot.Service asks the rules directly through Offline
// when it cannot give the model every name to redact.
func TestLLMOffline(t *testing.T) {
	rules := NewRules()
	l := NewLLM(LLMConfig{APIKey: "k", Fallback: rules})
	if got := l.Offline(); got != bot.Classifier(rules) {
		t.Errorf("Offline() = %T %p, want the fallback %p", got, got, rules)
	}
	if _, ok := NewLLM(LLMConfig{APIKey: "k"}).Offline().(*Rules); !ok {
		t.Error("Offline() without a fallback is not the rules")
	}
}
