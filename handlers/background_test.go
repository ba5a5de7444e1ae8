package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestBackgroundBoundsQueuedWork: queued work runs on at most its workers,
// a Home tab waiting already is not queued twice, and what a user waits
// for at once (Go) starts even while every worker is busy.
func TestBackgroundBoundsQueuedWork(t *testing.T) {
	b := NewBackground(slog.New(slog.DiscardHandler), NewMetrics(), 2)
	release := make(chan struct{})
	var running, most, ran atomic.Int32
	busy := func(context.Context) error {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		<-release
		running.Add(-1)
		ran.Add(1)
		return nil
	}
	for range 6 {
		b.Queue("", "deliver", busy)
	}
	// The same user's Home tab, queued three times behind busy workers,
	// is published once.
	var homes atomic.Int32
	for range 3 {
		b.Queue("home:U1", "home", func(context.Context) error { homes.Add(1); return nil })
	}
	// A dialog opens now, whatever the queue holds.
	opened := make(chan struct{})
	b.Go("open", func(context.Context) error { close(opened); return nil })
	select {
	case <-opened:
	case <-time.After(10 * time.Second):
		t.Fatal("Go waited for the queue")
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if most.Load() > 2 || ran.Load() != 6 || homes.Load() != 1 {
		t.Errorf("at most %d at once (want ≤ 2), %d of 6 ran, %d Home tabs (want 1)", most.Load(), ran.Load(), homes.Load())
	}
	// After Wait, nothing starts: shutting down.
	ran.Store(0)
	b.Go("late", func(context.Context) error { ran.Add(1); return nil })
	b.Queue("", "late", func(context.Context) error { ran.Add(1); return nil })
	if err := b.Wait(ctx); err != nil || ran.Load() != 0 {
		t.Errorf("work started after Wait: %d, %v", ran.Load(), err)
	}
}

// TestBackgroundQueuesAKeyAgainOnceItRan: a Home tab is coalesced only
// while it waits; once it ran, the next change queues it again.
func TestBackgroundQueuesAKeyAgainOnceItRan(t *testing.T) {
	b := NewBackground(slog.New(slog.DiscardHandler), NewMetrics(), 1)
	ran := make(chan struct{}, 2)
	home := func(context.Context) error { ran <- struct{}{}; return nil }
	for range 2 {
		b.Queue("home:U1", "home", home)
		select {
		case <-ran:
		case <-time.After(10 * time.Second):
			t.Fatal("the Home tab never ran")
		}
	}
}

// TestQueuedWorkGivesWayToAcknowledgements: work queued while Slack's
// request is being answered is held back until the answer, and work that
// has waited long enough starts anyway.
func TestQueuedWorkGivesWayToAcknowledgements(t *testing.T) {
	b := NewBackground(slog.New(slog.DiscardHandler), NewMetrics(), 2)
	b.gate.maxDefer = time.Hour
	parked := make(chan struct{}, 16)
	b.gate.held = func() { parked <- struct{}{} }
	done := b.Acking()
	var answered atomic.Bool
	started := make(chan bool, 1)
	b.Queue("", "deliver", func(context.Context) error { started <- answered.Load(); return nil })
	select {
	case <-parked:
	case <-time.After(10 * time.Second):
		t.Fatal("queued work was not held back while a request was being answered")
	}
	answered.Store(true)
	done()
	select {
	case after := <-started:
		if !after {
			t.Error("queued work started while a request was being answered")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("queued work did not start after the request was answered")
	}

	// A request that is never answered holds queued work back only for
	// maxDefer.
	b.gate.maxDefer = 20 * time.Millisecond
	stuck := b.Acking()
	ran := make(chan time.Duration, 1)
	queued := time.Now()
	b.Queue("", "deliver", func(context.Context) error { ran <- time.Since(queued); return nil })
	select {
	case waited := <-ran:
		if waited < b.gate.maxDefer {
			t.Errorf("queued work waited %v for a request without end, want %v", waited, b.gate.maxDefer)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("queued work waited for a request without end")
	}
	stuck()
	stuck() // a second call changes nothing
	if err := b.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if b.gate.inflight != 0 {
		t.Errorf("%d requests in flight after all were answered", b.gate.inflight)
	}
}

// TestUnsignedRequestsDoNotHoldWorkBack: the route marks a request in
// flight only once its signature is verified.
func TestUnsignedRequestsDoNotHoldWorkBack(t *testing.T) {
	h := New(Deps{Log: slog.New(slog.DiscardHandler), Metrics: NewMetrics(), SigningSecret: "secret"})
	srv := NewServer(h, false)
	body := strings.NewReader("token=x")
	r := httptest.NewRequest(http.MethodPost, "/slack/commands", body)
	r.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(time.Now().Unix(), 10))
	r.Header.Set("X-Slack-Signature", "v0="+strings.Repeat("0", 64))
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	if w.Code != http.StatusUnauthorized {
		t.Fatalf("unsigned request: status %d, want 401", w.Code)
	}
	if h.bg.gate.inflight != 0 || !h.bg.gate.lastEnd.IsZero() {
		t.Errorf("an unsigned request was marked in flight (%d in flight, last end %v)", h.bg.gate.inflight, h.bg.gate.lastEnd)
	}
}

// TestBackgroundHoldsAKeyUntilItsTaskFinished: a queued delivery is held
// while it waits and while it runs, so the sweep leaves it to the worker
// (deliver.Service.Local); once it finished, it is not.
func TestBackgroundHoldsAKeyUntilItsTaskFinished(t *testing.T) {
	b := NewBackground(slog.New(slog.DiscardHandler), NewMetrics(), 1)
	busy, releaseBusy := make(chan struct{}), make(chan struct{})
	runningA, releaseA, doneB := make(chan struct{}), make(chan struct{}), make(chan struct{})
	wait := func(ch chan struct{}, what string) {
		t.Helper()
		select {
		case <-ch:
		case <-time.After(10 * time.Second):
			t.Fatal(what)
		}
	}
	b.Queue("", "busy", func(context.Context) error { close(busy); <-releaseBusy; return nil })
	b.Queue("deliver:A", "deliver", func(context.Context) error { close(runningA); <-releaseA; return nil })
	b.Queue("deliver:B", "deliver", func(context.Context) error { close(doneB); return nil })
	wait(busy, "the queue did not start")
	if !b.Holds("deliver:A") || !b.Holds("deliver:B") || b.Holds("deliver:C") {
		t.Errorf("waiting: holds A %v, B %v, C %v; want true, true, false", b.Holds("deliver:A"), b.Holds("deliver:B"), b.Holds("deliver:C"))
	}
	close(releaseBusy)
	wait(runningA, "A did not start")
	if !b.Holds("deliver:A") {
		t.Error("a running task is not held")
	}
	close(releaseA)
	wait(doneB, "B did not run")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if b.Holds("deliver:A") || b.Holds("deliver:B") {
		t.Error("a finished task is still held")
	}
}
