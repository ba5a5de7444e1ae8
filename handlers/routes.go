package handlers

import "net/http"

// NewServer returns the HTTP handler with every route the bot serves.
// Slack's endpoints are mounted only when a signing secret is configured
// (HTTP mode); the probes are always there, and /metrics unless
// metricsApart (MetricsServer serves it on an address of its own then).
func NewServer(h *Handlers, metricsApart bool) http.Handler {
	mux := http.NewServeMux()
	if h.SigningSecret != "" {
		mux.Handle("POST /slack/commands", verified(h.SigningSecret, h.Metrics, h.acking(h.handleCommand())))
		mux.Handle("POST /slack/interactions", verified(h.SigningSecret, h.Metrics, h.acking(h.handleInteraction())))
		mux.Handle("POST /slack/events", verified(h.SigningSecret, h.Metrics, h.acking(h.handleEvent())))
	}
	mux.Handle("GET /healthz", handleHealth())
	mux.Handle("GET /readyz", handleReady(h.Store, &h.socket))
	if !metricsApart {
		mux.Handle("GET /metrics", h.Metrics.Handler())
	}
	return mux
}

// acking marks the request in flight while next answers it, so that
// queued work gives way (Background.Acking). It comes after the
// signature is verified: a request nobody signed must not hold the work
// back.
func (h *Handlers) acking(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer h.bg.Acking()()
		next.ServeHTTP(w, r)
	})
}

// MetricsServer serves /metrics and the probes, for an address apart from
// the one Slack reaches.
func MetricsServer(h *Handlers) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h.Metrics.Handler())
	mux.Handle("GET /healthz", handleHealth())
	mux.Handle("GET /readyz", handleReady(h.Store, &h.socket))
	return mux
}
