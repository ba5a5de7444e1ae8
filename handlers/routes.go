package handlers

import "net/http"

// NewServer returns the HTTP handler with every route the bot serves.
// Slack's endpoints are mounted only when a signing secret is configured
// (HTTP mode); health and metrics are always there.
func NewServer(h *Handlers) http.Handler {
	mux := http.NewServeMux()
	if h.SigningSecret != "" {
		mux.Handle("POST /slack/commands", verified(h.SigningSecret, h.handleCommand()))
		mux.Handle("POST /slack/interactions", verified(h.SigningSecret, h.handleInteraction()))
		mux.Handle("POST /slack/events", verified(h.SigningSecret, h.handleEvent()))
	}
	mux.Handle("GET /healthz", handleHealth())
	mux.Handle("GET /readyz", handleReady(h.Store, &h.socket))
	mux.Handle("GET /metrics", h.Metrics.Handler())
	return mux
}
