package digest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

// notifier records digests as the Slack notifier sends them: the text,
// then the chart. A post may be held until the test releases it.
type notifier struct {
	mu sync.Mutex
	// posted lists the managers whose text went; attempts counts every try.
	posted   []string
	attempts int
	// chartCtx is the error of the context each chart was uploaded with,
	// and markAtChart the digest's mark in Redis at that moment.
	chartCtx    []error
	markAtChart []string
	f           *domaintest.Fixture
	// hold, when set, keeps each post waiting until it is closed or the
	// post's context ends; holding is closed when a post starts waiting.
	hold, holding chan struct{}
	// afterPost runs once the text is posted.
	afterPost func(manager string)
	fail      map[string]bool
	chartErr  error
}

func (n *notifier) PostDigest(ctx context.Context, manager string, d digest.Digest, _ bot.Post) (string, error) {
	n.mu.Lock()
	n.attempts++
	failing := n.fail[manager]
	n.mu.Unlock()
	if failing {
		return "", fmt.Errorf("cannot reach %s", manager)
	}
	if n.hold != nil {
		close(n.holding)
		select {
		case <-n.hold:
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	n.mu.Lock()
	n.posted = append(n.posted, manager)
	n.mu.Unlock()
	if n.afterPost != nil {
		n.afterPost(manager)
	}
	return "D" + manager, nil
}

func (n *notifier) AttachDigestChart(ctx context.Context, manager, channel string, d digest.Digest) error {
	if channel != "D"+manager {
		return fmt.Errorf("chart for %s sent to %s", manager, channel)
	}
	mark := mark(n.f, d.Week, d.Manager)
	n.mu.Lock()
	defer n.mu.Unlock()
	n.chartCtx = append(n.chartCtx, ctx.Err())
	n.markAtChart = append(n.markAtChart, mark)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return n.chartErr
}

func (n *notifier) sent() (posted []string, attempts int, chartCtx []error, marks []string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.posted...), n.attempts, append([]error(nil), n.chartCtx...), append([]string(nil), n.markAtChart...)
}

// mark is the digest's mark in Redis: "sent", "claim:<holder>", or "".
func mark(f *domaintest.Fixture, week, manager string) string {
	v, _ := f.Redis.Get("ib:digest:" + week + ":" + manager)
	return v
}

// digestDue is 08:05 on Monday 23 November 2026, five minutes after
// 2026-W47's digest was due.
func digestDue() time.Time {
	return time.Date(2026, 11, 23, 8, 5, 0, 0, domaintest.Config().Location())
}

// replica is another bot process on the fixture's store, sending with n.
func replica(f *domaintest.Fixture, n digest.Notifier, log *bytes.Buffer) *digest.Service {
	s := &digest.Service{Runtime: f.Digests.Runtime, Store: f.Digests.Store, Notifier: n, Lease: f.Digests.Lease}
	if log != nil {
		s.Log = slog.New(slog.NewTextHandler(&lockedWriter{w: log}, nil))
	}
	return s
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestSendExactlyOnce(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	loc := domaintest.Config().Location()
	monday := time.Date(2026, 11, 23, 0, 0, 0, 0, loc)
	// Another replica shares the store.
	other := replica(f, f.Notifier, nil)
	send := func(s *digest.Service, at time.Time, holder string) (int, error) {
		f.SetNow(at)
		return s.SendDue(ctx, holder)
	}

	if n, err := send(f.Digests, monday.Add(7*time.Hour+59*time.Minute), "a"); n != 0 || err != nil {
		t.Errorf("before 08:00: sent %d, %v", n, err)
	}
	f.Notifier.Unreachable = map[string]bool{"UMGR1": true}
	if _, err := send(f.Digests, monday.Add(8*time.Hour), "a"); err == nil {
		t.Error("an unreachable manager is not reported")
	}
	f.Notifier.Unreachable = nil
	n1, _ := send(f.Digests, monday.Add(8*time.Hour+time.Minute), "a")
	n2, _ := send(other, monday.Add(8*time.Hour+time.Minute), "b")
	n3, _ := send(f.Digests, monday.Add(9*time.Hour), "a")
	if n1+n2+n3 != 1 || len(f.Notifier.Digests) != 1 {
		t.Fatalf("sent %d+%d+%d digests, %d delivered; want exactly one", n1, n2, n3, len(f.Notifier.Digests))
	}
	if d := f.Notifier.Digests[0]; d.Week != "2026-W47" || d.Late || d.Manager != "UMGR1" {
		t.Errorf("digest = %+v", d)
	}

	// Down all Monday: the next week's digest goes out Tuesday, marked late.
	tuesday := monday.AddDate(0, 0, 8).Add(10 * time.Hour)
	if n, _ := send(f.Digests, tuesday, "a"); n != 1 || !f.Notifier.Digests[1].Late || f.Notifier.Digests[1].Week != "2026-W48" {
		t.Errorf("catch-up: sent %d, %+v", n, f.Notifier.Digests[len(f.Notifier.Digests)-1])
	}
	// A paused manager gets none.
	if err := f.Digests.SetPaused(ctx, "UMGR1", true); err != nil {
		t.Fatal(err)
	}
	if n, _ := send(f.Digests, monday.AddDate(0, 0, 14).Add(9*time.Hour), "a"); n != 0 {
		t.Errorf("paused manager got %d digests", n)
	}
}

// twoManagers is the test configuration with a second manager, of lss-home.
func twoManagers(f *domaintest.Fixture) {
	cfg := domaintest.Config()
	cfg.Units[1].Managers = []string{"UMGR2"}
	f.SetConfig(cfg)
}

// A shutdown right after a digest's text went out lets the send finish,
// marks the digest sent before its chart goes up, and starts no other:
// another replica sends the rest, and not that one again.
func TestShutdownAfterTheTextIsMarkedSent(t *testing.T) {
	f := domaintest.New(t)
	twoManagers(f)
	ctx, shutdown := context.WithCancel(context.Background())
	n := &notifier{f: f, afterPost: func(string) { shutdown() }}
	f.SetNow(digestDue())
	sent, err := replica(f, n, nil).SendDue(ctx, "a")
	if sent != 1 || err != nil {
		t.Fatalf("sent %d, %v; want the one under way", sent, err)
	}
	posted, _, chartCtx, marks := n.sent()
	if len(posted) != 1 || posted[0] != "UMGR1" {
		t.Fatalf("posted to %v after shutdown; want UMGR1 only, no new send", posted)
	}
	if len(chartCtx) != 1 || chartCtx[0] != nil {
		t.Errorf("chart uploaded with a context ended by shutdown: %v", chartCtx)
	}
	if marks[0] != "sent" {
		t.Errorf("digest marked %q when its chart went up; want sent once the text was posted", marks[0])
	}
	// Another replica, or this one restarted, an hour later.
	n.afterPost = nil
	f.SetNow(digestDue().Add(time.Hour))
	sent, err = replica(f, n, nil).SendDue(context.Background(), "b")
	if posted, _, _, _ := n.sent(); sent != 1 || err != nil || len(posted) != 2 || posted[1] != "UMGR2" {
		t.Errorf("the other replica sent %d (%v): posted %v; want UMGR2 only", sent, err, posted)
	}
}

// A chart that cannot be attached is logged; the text digest counts as
// delivered and does not go again.
func TestChartFailureKeepsTheText(t *testing.T) {
	f := domaintest.New(t)
	n := &notifier{f: f, chartErr: errors.New("invalid_arguments")}
	var log bytes.Buffer
	s := replica(f, n, &log)
	f.SetNow(digestDue())
	if sent, err := s.SendDue(context.Background(), "a"); sent != 1 || err != nil {
		t.Fatalf("sent %d, %v", sent, err)
	}
	if !strings.Contains(log.String(), "digest chart not attached") {
		t.Errorf("the failed chart is not logged:\n%s", log.String())
	}
	f.SetNow(digestDue().Add(time.Hour))
	if sent, _ := s.SendDue(context.Background(), "b"); sent != 0 {
		t.Errorf("a failed chart made the digest go again")
	}
}

// countingStore counts the extensions of digest claims, and, with keep
// unset, fails to extend them: a store whose claims lapse with the first
// lease.
type countingStore struct {
	digest.Store
	mu         sync.Mutex
	extensions int
	keep       bool
}

// ExtendDigest holds the lock while it extends, so that the test moves
// Redis's clock only between extensions.
func (s *countingStore) ExtendDigest(ctx context.Context, week, manager, holder string, lease time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.extensions++
	if !s.keep {
		return true, nil
	}
	return s.Store.ExtendDigest(ctx, week, manager, holder, lease)
}

// advance moves Redis's clock by d between two extensions and returns how
// many there were before it.
func (s *countingStore) advance(f *domaintest.Fixture, d time.Duration) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.Redis.FastForward(d)
	return s.extensions
}

// waitExtended waits until the sender has extended its claim more than n times.
func waitExtended(t *testing.T, s *countingStore, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s.mu.Lock()
		got := s.extensions
		s.mu.Unlock()
		if got > n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the claim was extended %d times, want more than %d", got, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// A send held past its lease keeps its claim while it extends it: another
// replica trying meanwhile does not send the digest a second time. Redis's
// clock moves only as the test moves it, by most of a lease after each
// extension: eight leases in all.
func TestLeaseExtendedDuringSlowSend(t *testing.T) {
	const lease = 30 * time.Millisecond
	run := func(t *testing.T, keep bool) (otherSent int, f *domaintest.Fixture, n *notifier) {
		f = domaintest.New(t)
		f.SetNow(digestDue())
		st := &countingStore{Store: f.Store, keep: keep}
		n = &notifier{f: f, hold: make(chan struct{}), holding: make(chan struct{})}
		slow := &digest.Service{Runtime: f.Digests.Runtime, Store: st, Notifier: n, Lease: lease}
		done := make(chan struct{})
		go func() {
			defer close(done)
			if _, err := slow.SendDue(context.Background(), "a"); err != nil {
				t.Errorf("slow send: %v", err)
			}
		}()
		<-n.holding
		other := &digest.Service{Runtime: f.Digests.Runtime, Store: f.Store, Notifier: f.Notifier, Lease: lease}
		before := 0
		for range 8 {
			waitExtended(t, st, before)
			before = st.advance(f, lease-time.Millisecond)
			k, _ := other.SendDue(context.Background(), "b")
			otherSent += k
		}
		close(n.hold)
		<-done
		return otherSent, f, n
	}

	t.Run("extended", func(t *testing.T) {
		k, f, n := run(t, true)
		if k != 0 {
			t.Errorf("another replica sent %d digests during the slow send", k)
		}
		if posted, _, _, _ := n.sent(); len(posted) != 1 {
			t.Errorf("posted %v, want one digest", posted)
		}
		if v := mark(f, "2026-W47", "UMGR1"); v != "sent" {
			t.Errorf("digest marked %q", v)
		}
	})
	// The same send against a store whose claims are not extended shows
	// what the extension prevents.
	t.Run("not extended", func(t *testing.T) {
		if k, _, _ := run(t, false); k == 0 {
			t.Error("without extension the lease did not lapse; the test shows nothing")
		}
	})
}

// A claim taken over by another replica stops the send while it can.
func TestLostClaimStopsTheSend(t *testing.T) {
	f := domaintest.New(t)
	f.SetNow(digestDue())
	n := &notifier{f: f, hold: make(chan struct{}), holding: make(chan struct{})}
	var log bytes.Buffer
	s := replica(f, n, &log)
	s.Lease = 30 * time.Millisecond
	done := make(chan struct{})
	var sent int
	var err error
	go func() {
		defer close(done)
		sent, err = s.SendDue(context.Background(), "a")
	}()
	<-n.holding
	// The claim lapsed and another replica took it.
	if err := f.Redis.Set("ib:digest:2026-W47:UMGR1", "claim:b"); err != nil {
		t.Fatal(err)
	}
	<-done // ended by the sender's next extension, not by the test
	if sent != 0 || err == nil {
		t.Errorf("sent %d, %v after losing the claim", sent, err)
	}
	if posted, _, _, _ := n.sent(); len(posted) != 0 {
		t.Errorf("posted %v after losing the claim", posted)
	}
	if !strings.Contains(log.String(), "claim lost") {
		t.Errorf("the lost claim is not logged:\n%s", log.String())
	}
}

func TestRetryDelay(t *testing.T) {
	for n, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute,
		9: 256 * time.Minute, 10: 6 * time.Hour, 1000: 6 * time.Hour} {
		if got := digest.RetryDelay(n); got != want {
			t.Errorf("RetryDelay(%d) = %v, want %v", n, got, want)
		}
	}
}

// A manager who cannot be reached is tried after a growing delay, logged
// at error level once, and gets the digest once reachable.
func TestFailureBacksOff(t *testing.T) {
	f := domaintest.New(t)
	n := &notifier{f: f, fail: map[string]bool{"UMGR1": true}}
	var log bytes.Buffer
	s := replica(f, n, &log)
	ctx, start := context.Background(), digestDue()
	// Failures at +0, +1m (then waits 2m), +3m (then 4m), +7m.
	for _, tt := range []struct {
		after    time.Duration
		attempts int
	}{{0, 1}, {30 * time.Second, 1}, {time.Minute, 2}, {2 * time.Minute, 2}, {3*time.Minute - time.Second, 2},
		{3 * time.Minute, 3}, {6 * time.Minute, 3}, {7 * time.Minute, 4}} {
		f.SetNow(start.Add(tt.after))
		_, _ = s.SendDue(ctx, "a")
		if _, attempts, _, _ := n.sent(); attempts != tt.attempts {
			t.Errorf("after %v: %d attempts, want %d", tt.after, attempts, tt.attempts)
		}
	}
	var errs, warns int
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.Contains(l, "weekly digest not sent") {
			switch {
			case strings.Contains(l, "level=ERROR"):
				errs++
			case strings.Contains(l, "level=WARN"):
				warns++
			}
		}
	}
	if errs != 1 || warns != 3 {
		t.Errorf("%d failures logged at error and %d at warning; want 1 and 3:\n%s", errs, warns, log.String())
	}
	// Another replica waits too.
	f.SetNow(start.Add(10 * time.Minute))
	if k, _ := replica(f, n, nil).SendDue(ctx, "b"); k != 0 {
		t.Error("another replica did not wait")
	}
	n.mu.Lock()
	n.fail = nil
	n.mu.Unlock()
	f.SetNow(start.Add(15 * time.Minute))
	if k, err := s.SendDue(ctx, "a"); k != 1 || err != nil {
		t.Errorf("reachable again: sent %d, %v", k, err)
	}
	if v := mark(f, "2026-W47", "UMGR1"); v != "sent" {
		t.Errorf("digest marked %q", v)
	}
}
