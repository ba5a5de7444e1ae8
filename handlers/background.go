package handlers

import (
	"context"
	"log/slog"
	"sync"

	"github.com/incidentbot/incidentbot/bot/deliver"
)

// backgroundTimeout bounds one background task; it leaves room for Slack's
// Retry-After on a rate-limited call, and stays within the lease a case's
// delivery holds.
const backgroundTimeout = deliver.Timeout

// Background runs the work that follows an acknowledgement: it outlives the
// request, is logged when it fails, and is waited for at shutdown.
type Background struct {
	wg      sync.WaitGroup
	log     *slog.Logger
	metrics *Metrics
}

// NewBackground returns a runner that logs to log.
func NewBackground(log *slog.Logger, m *Metrics) *Background {
	return &Background{log: log, metrics: m}
}

// Go runs f with its own bounded context. attrs identify the work in the
// log (a case id, never report text).
func (b *Background) Go(name string, f func(ctx context.Context) error, attrs ...any) {
	b.wg.Add(1)
	b.metrics.backgroundRunning.Inc()
	go func() {
		defer b.wg.Done()
		defer b.metrics.backgroundRunning.Dec()
		defer b.metrics.backgroundDone.WithLabelValues(name).Inc()
		ctx, cancel := context.WithTimeout(context.Background(), backgroundTimeout)
		defer cancel()
		if err := f(ctx); err != nil {
			b.metrics.backgroundFailures.WithLabelValues(name).Inc()
			b.log.Error("background task failed", append([]any{"task", name, "err", err}, attrs...)...)
		}
	}()
}

// Wait blocks until every task has finished or ctx is done.
func (b *Background) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { b.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
