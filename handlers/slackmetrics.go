package handlers

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// slackCalls count the bot's calls to Slack's Web API and time them, by
// method and outcome, for the client that made them: "interactive" inside
// Slack's three seconds, "background" after the acknowledgement.
type slackCalls struct {
	calls   *prometheus.CounterVec
	seconds *prometheus.HistogramVec
}

func newSlackCalls() slackCalls {
	return slackCalls{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_slack_api_calls_total",
			Help: "Calls to Slack's Web API by client, method and outcome (ok, error, ratelimited, http_5xx, http_other, network).",
		}, []string{"client", "method", "outcome"}),
		seconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "incidentbot_slack_api_seconds",
			Help:    "Latency of calls to Slack's Web API by client and method.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30},
		}, []string{"client", "method"}),
	}
}

// SlackTransport wraps base so that every Web API call through it is
// counted and timed for client.
func (m *Metrics) SlackTransport(base http.RoundTripper, client string) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return slackTransport{base: base, client: client, m: m.slack}
}

type slackTransport struct {
	base   http.RoundTripper
	client string
	m      slackCalls
}

// maxPeek bounds how much of an answer is read to tell Slack's
// {"ok": false} from success; Web API answers are small.
const maxPeek = 64 << 10

func (t slackTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	method := path.Base(r.URL.Path)
	if !strings.Contains(method, ".") {
		method = "other" // an upload URL, not a method
	}
	start := time.Now()
	resp, err := t.base.RoundTrip(r)
	t.m.seconds.WithLabelValues(t.client, method).Observe(time.Since(start).Seconds())
	outcome := "ok"
	switch {
	case err != nil:
		outcome = "network"
	case resp.StatusCode == http.StatusTooManyRequests:
		outcome = "ratelimited"
	case resp.StatusCode >= 500:
		outcome = "http_5xx"
	case resp.StatusCode >= 300:
		outcome = "http_other"
	case strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && resp.ContentLength <= maxPeek:
		// The length is -1 when unknown (chunked, or gzip the transport
		// undid): what was peeked is put back in front of the rest, so
		// the caller reads the whole answer whatever its size.
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxPeek+1))
		resp.Body = peekedBody{Reader: io.MultiReader(bytes.NewReader(body), resp.Body), Closer: resp.Body}
		if rerr == nil && len(body) <= maxPeek {
			outcome = inspect(resp, body, echoes[method])
		}
	}
	t.m.calls.WithLabelValues(t.client, method, outcome).Inc()
	return resp, err
}

// answer is what the bot reads of a Web API answer's envelope.
type answer struct {
	OK *bool `json:"ok"`
}

// echoes are, by method, the key of a successful answer in which Slack
// sends back what the bot sent: the view of a views.* call, the message
// of a post or an update.
var echoes = map[string]string{
	"views.open": "view", "views.push": "view", "views.update": "view", "views.publish": "view",
	"chat.postMessage": "message", "chat.update": "message",
}

// inspect is the outcome of an answer of which body is the whole: "error"
// when Slack said {"ok": false}, else "ok" (an answer without "ok", or
// not JSON, is the caller's to judge). A successful answer of a method
// whose answers echo what the bot sent under key (echoes) reaches the
// caller without the echo, everything else as it came: the bot never
// reads the echo, and decoding its blocks (slack-go decodes every block
// into its type) cost more than building them did – a Home tab's
// publish, a dialog's open and each card's post decoded kilobytes of
// blocks only to drop them. One decoding of body does both.
func inspect(resp *http.Response, body []byte, key string) string {
	if key == "" {
		var a answer
		if json.Unmarshal(body, &a) == nil && a.OK != nil && !*a.OK {
			return "error"
		}
		return "ok"
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return "ok"
	}
	var ok bool
	if raw, has := fields["ok"]; !has || string(raw) == "null" || json.Unmarshal(raw, &ok) != nil {
		return "ok"
	}
	if !ok {
		return "error"
	}
	if _, echoed := fields[key]; !echoed {
		return "ok"
	}
	delete(fields, key)
	slim, err := json.Marshal(fields)
	if err != nil {
		return "ok"
	}
	_ = resp.Body.Close() // read to its end: body is all of it
	resp.Body = io.NopCloser(bytes.NewReader(slim))
	resp.ContentLength = int64(len(slim))
	resp.Header.Del("Content-Length")
	return "ok"
}

// peekedBody is an answer's body of which the start was read ahead.
type peekedBody struct {
	io.Reader
	io.Closer
}
