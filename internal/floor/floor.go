// Package floor is the yardstick the bot's answers to Slack are measured
// against (docs/performance.md): a handler that checks a request's
// signature, writes one key to Redis and answers {} – the least a handler
// of a Slack request can do. The benchmarks and the load test use this
// one, so that they measure against the same floor.
package floor

import (
	"context"
	"io"
	"net/http"

	"github.com/slack-go/slack"
)

// Handler checks each request's Slack signature with secret, hands the
// body to write (one Redis command) and answers {}: 401 for a missing,
// stale or wrong signature, 503 when write fails.
func Handler(secret string, write func(ctx context.Context, body []byte) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := slack.NewSecretsVerifier(r.Header, secret)
		if err != nil {
			http.Error(w, "", http.StatusUnauthorized)
			return
		}
		body, _ := io.ReadAll(r.Body)
		_, _ = v.Write(body)
		if v.Ensure() != nil {
			http.Error(w, "", http.StatusUnauthorized)
			return
		}
		if err := write(r.Context(), body); err != nil {
			http.Error(w, "", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
	})
}
