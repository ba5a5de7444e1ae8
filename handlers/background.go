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

// DefaultWorkers is how many queued tasks run at once when Deps says
// nothing: the work after acknowledgements is bounded so that it does not
// crowd out the next acknowledgement.
const DefaultWorkers = 2

// Background runs the work that follows an acknowledgement: it outlives the
// request, is logged when it fails, and is waited for at shutdown. What a
// user waits for at once (a dialog to open within Slack's three seconds)
// starts at once (Go); the rest (deliveries, announcements, Home tabs)
// waits its turn among a few workers (Queue), and a Home tab already
// waiting is not queued twice.
type Background struct {
	wg      sync.WaitGroup
	log     *slog.Logger
	metrics *Metrics

	mu      sync.Mutex
	queue   []task
	waiting map[string]bool // the keys of queued tasks not yet started
	workers int
	started int
	// closing is set once Wait began: no task is added after it, so the
	// wait group is never added to while it is waited on. A delivery or
	// an announcement refused then is durable and taken up by the next
	// start's sweep.
	closing bool
}

type task struct {
	key, name string
	f         func(ctx context.Context) error
	attrs     []any
}

// NewBackground returns a runner that logs to log, with workers for the
// queued work (DefaultWorkers when not positive).
func NewBackground(log *slog.Logger, m *Metrics, workers int) *Background {
	if workers <= 0 {
		workers = DefaultWorkers
	}
	return &Background{log: log, metrics: m, waiting: map[string]bool{}, workers: workers}
}

// Go runs f at once with its own bounded context. attrs identify the work
// in the log (a case id, never report text).
func (b *Background) Go(name string, f func(ctx context.Context) error, attrs ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.refused(name, attrs) {
		return
	}
	b.wg.Add(1)
	b.metrics.backgroundRunning.Inc()
	go b.run(task{name: name, f: f, attrs: attrs})
}

// refused reports, with b.mu held, whether the runner is shutting down,
// and logs the task it drops.
func (b *Background) refused(name string, attrs []any) bool {
	if b.closing {
		b.log.Warn("background task not started: shutting down", append([]any{"task", name}, attrs...)...)
	}
	return b.closing
}

// Queue runs f when a worker is free. A task with a key that is already
// waiting is dropped: the waiting one will do the same work later.
func (b *Background) Queue(key, name string, f func(ctx context.Context) error, attrs ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if key != "" && b.waiting[key] || b.refused(name, attrs) {
		return
	}
	if key != "" {
		b.waiting[key] = true
	}
	b.wg.Add(1)
	b.metrics.backgroundRunning.Inc()
	b.queue = append(b.queue, task{key: key, name: name, f: f, attrs: attrs})
	if b.started < b.workers {
		b.started++
		go b.work()
	}
}

// work runs queued tasks one after the other while there are any; the
// worker ends when the queue is empty, and Queue starts it again.
func (b *Background) work() {
	for {
		b.mu.Lock()
		if len(b.queue) == 0 {
			b.started--
			b.mu.Unlock()
			return
		}
		t := b.queue[0]
		b.queue = b.queue[1:]
		if t.key != "" {
			delete(b.waiting, t.key)
		}
		b.mu.Unlock()
		b.run(t)
	}
}

func (b *Background) run(t task) {
	defer b.wg.Done()
	defer b.metrics.backgroundRunning.Dec()
	defer b.metrics.backgroundDone.WithLabelValues(t.name).Inc()
	ctx, cancel := context.WithTimeout(context.Background(), backgroundTimeout)
	defer cancel()
	if err := t.f(ctx); err != nil {
		b.metrics.backgroundFailures.WithLabelValues(t.name).Inc()
		b.log.Error("background task failed", append([]any{"task", t.name, "err", err}, t.attrs...)...)
	}
}

// Wait blocks until every task has finished or ctx is done; no task
// starts after it was called.
func (b *Background) Wait(ctx context.Context) error {
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	done := make(chan struct{})
	go func() { b.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
