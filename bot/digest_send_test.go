package bot

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
)

// leaseStore is a fakeStore whose digest claims lapse as Redis's do, can
// be extended, and remember failures: a DigestLeaseStore and
// DigestRetryStore, as the Redis store is.
type leaseStore struct {
	*fakeStore
	dmu        sync.Mutex
	state      map[string]digestState
	retries    map[string]digestRetry
	extensions int
}

type digestState struct {
	value string
	until time.Time // zero for "sent"
}

type digestRetry struct {
	failures int
	at       time.Time
}

var (
	_ DigestLeaseStore = (*leaseStore)(nil)
	_ DigestRetryStore = (*leaseStore)(nil)
)

func newLeaseStore() *leaseStore {
	return &leaseStore{fakeStore: newFakeStore(), state: map[string]digestState{}, retries: map[string]digestRetry{}}
}

// value is the digest's mark: "sent", "claim:<holder>", or "" when none or lapsed.
func (s *leaseStore) value(week, manager string) string {
	s.dmu.Lock()
	defer s.dmu.Unlock()
	st := s.state[week+"/"+manager]
	if st.value != "sent" && !time.Now().Before(st.until) {
		return ""
	}
	return st.value
}

func (s *leaseStore) ClaimDigest(_ context.Context, week, manager, holder string, lease time.Duration) (bool, error) {
	if s.value(week, manager) != "" {
		return false, nil
	}
	s.dmu.Lock()
	defer s.dmu.Unlock()
	s.state[week+"/"+manager] = digestState{"claim:" + holder, time.Now().Add(lease)}
	return true, nil
}

func (s *leaseStore) ExtendDigest(_ context.Context, week, manager, holder string, lease time.Duration) (bool, error) {
	if s.value(week, manager) != "claim:"+holder {
		return false, nil
	}
	s.dmu.Lock()
	defer s.dmu.Unlock()
	s.state[week+"/"+manager] = digestState{"claim:" + holder, time.Now().Add(lease)}
	s.extensions++
	return true, nil
}

func (s *leaseStore) DigestSent(ctx context.Context, week, manager string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.dmu.Lock()
	defer s.dmu.Unlock()
	s.state[week+"/"+manager] = digestState{value: "sent"}
	return nil
}

func (s *leaseStore) ReleaseDigest(_ context.Context, week, manager, holder string) error {
	if s.value(week, manager) == "claim:"+holder {
		s.dmu.Lock()
		defer s.dmu.Unlock()
		delete(s.state, week+"/"+manager)
	}
	return nil
}

func (s *leaseStore) DigestRetryAt(_ context.Context, week, manager string) (time.Time, error) {
	s.dmu.Lock()
	defer s.dmu.Unlock()
	return s.retries[week+"/"+manager].at, nil
}

func (s *leaseStore) DigestFailed(_ context.Context, week, manager string, retryAt func(int) time.Time) (int, error) {
	s.dmu.Lock()
	defer s.dmu.Unlock()
	r := s.retries[week+"/"+manager]
	r.failures++
	r.at = retryAt(r.failures)
	s.retries[week+"/"+manager] = r
	return r.failures, nil
}

func (s *leaseStore) extended() int {
	s.dmu.Lock()
	defer s.dmu.Unlock()
	return s.extensions
}

// digestNotifier records digests sent in one step: the text, then the
// chart, as the Slack notifier does.
type digestNotifier struct {
	mu sync.Mutex
	// posted lists the managers whose text went, attempts every try.
	posted   []string
	attempts int
	// chartCtx is the error of the context each chart was uploaded with.
	chartCtx []error
	// markAtChart is the digest's mark in store when its chart went up.
	markAtChart []string
	store       *leaseStore
	// postDelay is how long a post takes; it ends early with its context.
	postDelay time.Duration
	// afterPost runs once the text is posted.
	afterPost func(manager string)
	fail      map[string]bool
	chartErr  error
}

func (n *digestNotifier) post(ctx context.Context, manager string, d Digest) (string, error) {
	n.mu.Lock()
	n.attempts++
	failing := n.fail[manager]
	n.mu.Unlock()
	if failing {
		return "", fmt.Errorf("cannot reach %s", manager)
	}
	select {
	case <-time.After(n.postDelay):
	case <-ctx.Done():
		return "", ctx.Err()
	}
	n.mu.Lock()
	n.posted = append(n.posted, manager)
	n.mu.Unlock()
	if n.afterPost != nil {
		n.afterPost(manager)
	}
	return "D" + manager, nil
}

func (n *digestNotifier) chart(ctx context.Context, d Digest) error {
	mark := ""
	if n.store != nil {
		mark = n.store.value(d.Week, d.Manager)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.chartCtx = append(n.chartCtx, ctx.Err())
	n.markAtChart = append(n.markAtChart, mark)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return n.chartErr
}

func (n *digestNotifier) SendDigest(ctx context.Context, manager string, d Digest) error {
	if _, err := n.post(ctx, manager, d); err != nil {
		return err
	}
	_ = n.chart(ctx, d) // a chart that fails is the notifier's to log
	return nil
}

func (n *digestNotifier) SendReceipt(context.Context, Case, string) error { return nil }
func (n *digestNotifier) PostCard(context.Context, Case, Target) (CardRef, error) {
	return CardRef{}, nil
}
func (n *digestNotifier) UpdateCard(context.Context, Case, CardRef) error         { return nil }
func (n *digestNotifier) TellReporter(context.Context, Case, string, Event) error { return nil }
func (n *digestNotifier) sent() (posted []string, attempts int, chartCtx []error, marks []string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.posted...), n.attempts, append([]error(nil), n.chartCtx...), append([]string(nil), n.markAtChart...)
}

// twoStepNotifier posts the text and attaches the chart separately.
type twoStepNotifier struct{ *digestNotifier }

var _ DigestPoster = twoStepNotifier{}

func (n twoStepNotifier) PostDigest(ctx context.Context, manager string, d Digest) (string, error) {
	return n.post(ctx, manager, d)
}

func (n twoStepNotifier) AttachDigestChart(ctx context.Context, manager, channel string, d Digest) error {
	if channel != "D"+manager {
		return fmt.Errorf("chart for %s sent to %s", manager, channel)
	}
	return n.chart(ctx, d)
}

// twoManagers is the test configuration with a second manager, of lss-home.
func twoManagers() *Config {
	cfg := testConfig()
	cfg.Units[1].Managers = []string{"UMGR2"}
	return cfg
}

func digestService(st Store, n Notifier, cfg *Config, log *bytes.Buffer) *Service {
	s := &Service{Store: st, Notifier: n, Config: func() *Config { return cfg }}
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

// digestDue is 08:05 on Monday 23 November 2026, five minutes after
// 2026-W47's digest was due.
func digestDue() time.Time {
	return time.Date(2026, 11, 23, 8, 5, 0, 0, testConfig().Location())
}

// A shutdown right after a digest's text went out lets the send finish, marks
// the digest sent, and starts no other: another replica sends the rest, and
// not that one again.
func TestDigestShutdownAfterTheTextIsMarkedSent(t *testing.T) {
	for _, twoStep := range []bool{true, false} {
		t.Run(fmt.Sprintf("two-step=%v", twoStep), func(t *testing.T) {
			cfg, st := twoManagers(), newLeaseStore()
			ctx, shutdown := context.WithCancel(context.Background())
			n := &digestNotifier{store: st, afterPost: func(string) { shutdown() }}
			var notifier Notifier = n
			if twoStep {
				notifier = twoStepNotifier{n}
			}
			now := digestDue()
			sent, err := digestService(st, notifier, cfg, nil).SendDigests(ctx, now, "a")
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
			if twoStep && marks[0] != "sent" {
				t.Errorf("digest marked %q when its chart went up; want sent once the text was posted", marks[0])
			}
			if v := st.value("2026-W47", "UMGR1"); v != "sent" {
				t.Fatalf("digest marked %q after shutdown, want sent", v)
			}
			// Another replica, or this one restarted, an hour later.
			n.afterPost = nil
			sent, err = digestService(st, notifier, cfg, nil).SendDigests(context.Background(), now.Add(time.Hour), "b")
			if posted, _, _, _ := n.sent(); sent != 1 || err != nil || len(posted) != 2 || posted[1] != "UMGR2" {
				t.Errorf("the other replica sent %d (%v): posted %v; want UMGR2 only", sent, err, posted)
			}
		})
	}
}

// A chart that cannot be attached is logged; the text digest counts as
// delivered and does not go again.
func TestDigestChartFailureKeepsTheText(t *testing.T) {
	st := newLeaseStore()
	n := &digestNotifier{store: st, chartErr: errors.New("invalid_arguments")}
	var log bytes.Buffer
	s := digestService(st, twoStepNotifier{n}, testConfig(), &log)
	if sent, err := s.SendDigests(context.Background(), digestDue(), "a"); sent != 1 || err != nil {
		t.Fatalf("sent %d, %v", sent, err)
	}
	if !strings.Contains(log.String(), "digest chart not attached") {
		t.Errorf("the failed chart is not logged:\n%s", log.String())
	}
	if sent, _ := s.SendDigests(context.Background(), digestDue().Add(time.Hour), "b"); sent != 0 {
		t.Errorf("a failed chart made the digest go again")
	}
}

// A send slowed past the lease keeps its claim: another replica trying
// meanwhile does not send the digest a second time.
func TestDigestLeaseExtendedDuringSlowSend(t *testing.T) {
	old := digestLease
	digestLease = 60 * time.Millisecond
	t.Cleanup(func() { digestLease = old })

	run := func(t *testing.T, st Store, n *digestNotifier) (otherSent int) {
		t.Helper()
		cfg := testConfig()
		done := make(chan struct{})
		go func() {
			defer close(done)
			if _, err := digestService(st, twoStepNotifier{n}, cfg, nil).SendDigests(context.Background(), digestDue(), "a"); err != nil {
				t.Errorf("slow send: %v", err)
			}
		}()
		other := digestService(st, twoStepNotifier{n}, cfg, nil)
		for {
			select {
			case <-done:
				return otherSent
			case <-time.After(10 * time.Millisecond):
			}
			k, _ := other.SendDigests(context.Background(), digestDue(), "b")
			otherSent += k
		}
	}

	t.Run("extended", func(t *testing.T) {
		st := newLeaseStore()
		n := &digestNotifier{store: st, postDelay: 8 * digestLease}
		if k := run(t, st, n); k != 0 {
			t.Errorf("another replica sent %d digests during the slow send", k)
		}
		if posted, _, _, _ := n.sent(); len(posted) != 1 {
			t.Errorf("posted %v, want one digest", posted)
		}
		if e := st.extended(); e < 10 {
			t.Errorf("lease extended %d times during a send of eight leases", e)
		}
		if v := st.value("2026-W47", "UMGR1"); v != "sent" {
			t.Errorf("digest marked %q", v)
		}
	})
	// The same send against a store whose claims cannot be extended shows
	// what the extension prevents.
	t.Run("not extended", func(t *testing.T) {
		st := newLeaseStore()
		n := &digestNotifier{store: st, postDelay: 8 * digestLease}
		if k := run(t, struct{ Store }{st}, n); k == 0 {
			t.Error("without extension the lease did not lapse; the test shows nothing")
		}
	})
	// A claim taken over by another replica stops the send while it can.
	t.Run("lost", func(t *testing.T) {
		st := newLeaseStore()
		n := &digestNotifier{store: st, postDelay: 8 * digestLease}
		var log bytes.Buffer
		s := digestService(st, twoStepNotifier{n}, testConfig(), &log)
		go func() {
			time.Sleep(digestLease / 2)
			st.dmu.Lock()
			st.state["2026-W47/UMGR1"] = digestState{"claim:b", time.Now().Add(time.Hour)}
			st.dmu.Unlock()
		}()
		start := time.Now()
		if sent, err := s.SendDigests(context.Background(), digestDue(), "a"); sent != 0 || err == nil {
			t.Errorf("sent %d, %v after losing the claim", sent, err)
		}
		if posted, _, _, _ := n.sent(); len(posted) != 0 || time.Since(start) > 4*digestLease {
			t.Errorf("posted %v in %v after losing the claim", posted, time.Since(start))
		}
		if !strings.Contains(log.String(), "claim lost") {
			t.Errorf("the lost claim is not logged:\n%s", log.String())
		}
	})
}

func TestDigestRetryDelay(t *testing.T) {
	for n, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute,
		9: 256 * time.Minute, 10: 6 * time.Hour, 1000: 6 * time.Hour} {
		if got := DigestRetryDelay(n); got != want {
			t.Errorf("DigestRetryDelay(%d) = %v, want %v", n, got, want)
		}
	}
}

// A manager who cannot be reached is tried after a growing delay, logged
// at error level once, and gets the digest once reachable.
func TestDigestFailureBacksOff(t *testing.T) {
	st := newLeaseStore()
	n := &digestNotifier{store: st, fail: map[string]bool{"UMGR1": true}}
	var log bytes.Buffer
	s := digestService(st, twoStepNotifier{n}, testConfig(), &log)
	ctx, start := context.Background(), digestDue()
	// Failures at +0, +1m (then waits 2m), +3m (then 4m), +7m.
	for _, tt := range []struct {
		after    time.Duration
		attempts int
	}{{0, 1}, {30 * time.Second, 1}, {time.Minute, 2}, {2 * time.Minute, 2}, {3*time.Minute - time.Second, 2},
		{3 * time.Minute, 3}, {6 * time.Minute, 3}, {7 * time.Minute, 4}} {
		_, _ = s.SendDigests(ctx, start.Add(tt.after), "a")
		if _, attempts, _, _ := n.sent(); attempts != tt.attempts {
			t.Errorf("after %v: %d attempts, want %d", tt.after, attempts, tt.attempts)
		}
	}
	lines := strings.Split(log.String(), "\n")
	var errs, warns int
	for _, l := range lines {
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
	if k, _ := digestService(st, twoStepNotifier{n}, testConfig(), nil).SendDigests(ctx, start.Add(10*time.Minute), "b"); k != 0 {
		t.Error("another replica did not wait")
	}
	n.mu.Lock()
	n.fail = nil
	n.mu.Unlock()
	if k, err := s.SendDigests(ctx, start.Add(15*time.Minute), "a"); k != 1 || err != nil {
		t.Errorf("reachable again: sent %d, %v", k, err)
	}
	if v := st.value("2026-W47", "UMGR1"); v != "sent" {
		t.Errorf("digest marked %q", v)
	}
}
