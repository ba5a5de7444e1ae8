package handlers

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/slack-go/slack"
)

// TestSlackTransportKeepsLargeAnswers: an answer over the peek, of unknown
// length because gzipped, reaches the caller whole; small answers are
// still told apart by "ok".
func TestSlackTransportKeepsLargeAnswers(t *testing.T) {
	t.Parallel()
	large := `{"ok":true,"view":{"text":"` + strings.Repeat("x", 3*maxPeek) + `"}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		switch r.URL.Path {
		case "/api/views.open":
			w.Header().Set("Content-Encoding", "gzip")
			z := gzip.NewWriter(w)
			_, _ = z.Write([]byte(large))
			_ = z.Close()
		default:
			_, _ = w.Write([]byte(`{"ok":false,"error":"channel_not_found"}`))
		}
	}))
	t.Cleanup(srv.Close)
	m := NewMetrics()
	c := &http.Client{Transport: m.SlackTransport(nil, "background")}

	for _, tc := range []struct{ method, want, outcome string }{
		{"views.open", large, "ok"},
		{"chat.postMessage", `{"ok":false,"error":"channel_not_found"}`, "error"},
	} {
		resp, err := c.Get(srv.URL + "/api/" + tc.method)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		_, err = io.Copy(&got, resp.Body)
		_ = resp.Body.Close()
		if err != nil || got.String() != tc.want {
			t.Errorf("%s: read %d bytes, %v; want the whole answer of %d", tc.method, got.Len(), err, len(tc.want))
		}
		var d dto.Metric
		if err := m.slack.calls.WithLabelValues("background", tc.method, tc.outcome).Write(&d); err != nil || d.GetCounter().GetValue() != 1 {
			n := d.GetCounter().GetValue()
			t.Errorf("%s counted %v times as %s, want 1", tc.method, n, tc.outcome)
		}
	}
}

// TestSlackTransportDropsEchoes: a successful views.*, chat.postMessage
// or chat.update answer reaches slack-go without the view or message Slack
// echoes, everything else kept; errors and other methods' answers reach
// it as they came.
func TestSlackTransportDropsEchoes(t *testing.T) {
	t.Parallel()
	answers := map[string]string{
		"/api/views.publish":    `{"ok":true,"warning":"missing_charset","response_metadata":{"warnings":["missing_charset"]},"view":{"id":"V1","type":"home","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"x"}}]}}`,
		"/api/views.open":       `{"ok":false,"error":"invalid_arguments","response_metadata":{"messages":["[ERROR] too long"]}}`,
		"/api/chat.postMessage": `{"ok":true,"channel":"C1","ts":"1.0001","message":{"text":"x","blocks":[{"type":"divider"}]}}`,
		"/api/chat.update":      `{"ok":true,"channel":"C1","ts":"1.0001","text":"y","message":{"text":"y"}}`,
		"/api/users.info":       `{"ok":true,"user":{"id":"U1","locale":"sv-SE"},"message":"kept"}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write([]byte(answers[r.URL.Path]))
	}))
	t.Cleanup(srv.Close)
	c := &http.Client{Transport: NewMetrics().SlackTransport(nil, "interactive")}
	for path, want := range map[string]string{
		"/api/views.publish":    `{"ok":true,"response_metadata":{"warnings":["missing_charset"]},"warning":"missing_charset"}`,
		"/api/views.open":       answers["/api/views.open"],
		"/api/chat.postMessage": `{"channel":"C1","ok":true,"ts":"1.0001"}`,
		"/api/chat.update":      `{"channel":"C1","ok":true,"text":"y","ts":"1.0001"}`,
		"/api/users.info":       answers["/api/users.info"],
	} {
		resp, err := c.Post(srv.URL+path, "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil || string(got) != want {
			t.Errorf("%s: got %s (%v), want %s", path, got, err, want)
		}
	}

	api := slack.New("xoxb-test", slack.OptionAPIURL(srv.URL+"/api/"), slack.OptionHTTPClient(c))
	ctx := t.Context()
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: slack.HomeTabViewRequest{Type: slack.VTHomeTab}}); err != nil {
		t.Errorf("views.publish through the transport: %v", err)
	}
	if _, err := api.OpenViewContext(ctx, "trigger", slack.ModalViewRequest{Type: slack.VTModal}); err == nil || !strings.Contains(err.Error(), "invalid_arguments") {
		t.Errorf("views.open's error through the transport: %v, want invalid_arguments", err)
	}
	if ch, ts, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false)); err != nil || ch != "C1" || ts != "1.0001" {
		t.Errorf("chat.postMessage through the transport: %s %s %v", ch, ts, err)
	}
	if ch, ts, text, err := api.UpdateMessageContext(ctx, "C1", "1.0001", slack.MsgOptionText("y", false)); err != nil || ch != "C1" || ts != "1.0001" || text != "y" {
		t.Errorf("chat.update through the transport: %s %s %s %v", ch, ts, text, err)
	}
}
