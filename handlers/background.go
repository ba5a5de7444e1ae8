package handlers

import (
	"context"
	"log/slog"
	"sync"
	"time"

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
// waiting is not queued twice. Queued work also gives way to Slack's
// requests (Acking): it starts once none has been answered for a moment,
// or once it has waited long enough.
type Background struct {
	wg      sync.WaitGroup
	log     *slog.Logger
	metrics *Metrics
	gate    ackGate

	mu      sync.Mutex
	queue   []task
	waiting map[string]bool // the keys of queued tasks not yet started
	held    map[string]int  // the keys of queued tasks not yet finished
	workers int
	started int
	// closing is set once Wait began: no task is added after it, so the
	// wait group is never added to while it is waited on. A delivery or
	// an announcement refused then is durable and taken up by the next
	// start's sweep.
	closing bool
}

type task struct {
	queued    time.Time
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
	return &Background{log: log, metrics: m, waiting: map[string]bool{}, held: map[string]int{}, workers: workers,
		gate: ackGate{quiet: ackQuiet, maxDefer: ackMaxDefer}}
}

// Acking marks a request from Slack being answered, until the returned
// func is called: queued work does not start meanwhile (ackGate).
func (b *Background) Acking() (done func()) { return b.gate.enter() }

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
		b.held[key]++
	}
	b.wg.Add(1)
	b.metrics.backgroundRunning.Inc()
	b.queue = append(b.queue, task{queued: time.Now(), key: key, name: name, f: f, attrs: attrs})
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
		queued := b.queue[0].queued
		b.mu.Unlock()
		// The oldest task waits for the acknowledgements; a worker that
		// finds it taken meanwhile takes the next.
		b.gate.wait(queued)
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

// release lets go of a finished task's key (Holds), before Wait can see
// the task done.
func (b *Background) release(key string) {
	if key == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.held[key]--; b.held[key] == 0 {
		delete(b.held, key)
	}
}

// Holds reports whether a task queued with key is waiting or running.
func (b *Background) Holds(key string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.held[key] > 0
}

// ackQuiet is how long no request from Slack must have been in flight
// before queued work starts, and ackMaxDefer the longest queued work
// waits for that. An acknowledgement shares two cores with the work the
// ones before it queued; giving way measured the acknowledgement's p50 at
// one report at a time 1.8-2.0x the floor's instead of 3.5-4.0x
// (docs/performance.md). Reports come one by one, so the work usually
// starts ackQuiet after its acknowledgement; under a burst, cards wait
// at most ackMaxDefer, well within what a coordinator notices.
const (
	ackQuiet    = 3 * time.Millisecond
	ackMaxDefer = time.Second
)

// ackGate tells queued work when it may start: once no request has been
// in flight for quiet, or once it has waited maxDefer.
type ackGate struct {
	quiet, maxDefer time.Duration

	mu       sync.Mutex
	inflight int
	lastEnd  time.Time
	idle     chan struct{} // closed when the last request in flight ends
	// held, when set (tests), is called each time wait holds a task back.
	held func()
}

// enter marks a request in flight until the returned func is called.
func (g *ackGate) enter() func() {
	g.mu.Lock()
	if g.inflight == 0 {
		g.idle = make(chan struct{})
	}
	g.inflight++
	g.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.inflight--
			g.lastEnd = time.Now()
			if g.inflight == 0 {
				close(g.idle)
			}
		})
	}
}

// wait returns when a task queued at queued may start.
func (g *ackGate) wait(queued time.Time) {
	deadline := queued.Add(g.maxDefer)
	for {
		g.mu.Lock()
		n, last, idle := g.inflight, g.lastEnd, g.idle
		g.mu.Unlock()
		now := time.Now()
		left := deadline.Sub(now)
		if left <= 0 {
			return
		}
		if n == 0 && now.Sub(last) >= g.quiet {
			return
		}
		if g.held != nil {
			g.held()
		}
		var next <-chan struct{}
		if n > 0 {
			next = idle // the last request ends
		} else {
			left = min(left, g.quiet-now.Sub(last)) // the quiet moment is over
		}
		t := time.NewTimer(left)
		select {
		case <-next:
		case <-t.C:
		}
		t.Stop()
	}
}

func (b *Background) run(t task) {
	defer b.wg.Done()
	defer b.release(t.key)
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
