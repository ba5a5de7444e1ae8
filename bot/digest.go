package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// Schedule says when something is next due; cron schedules satisfy it.
type Schedule interface {
	Next(time.Time) time.Time
}

// Digest is one manager's week at a glance: aggregates only, no free text
// and no names of people involved.
type Digest struct {
	Manager string
	Week    string
	// Late is set when the digest goes out after its scheduled time.
	Late bool
	AsOf time.Time
	// Units are the names of the units it covers.
	Units []string
	// New, LastWeek and Avg4 count new reports by category: the week, the
	// week before, and the average of the four weeks before it.
	New, LastWeek map[Category]int64
	Avg4          map[Category]float64
	// Open is the state of the open cases as of AsOf; its ClocksDue counts
	// the deadlines in the rest of the current week.
	Open     OpenStats
	Closed   map[Decision]int64
	IVO, IMY int64
	// AckMedian and CloseMedian are the upper bound, in hours, of the
	// bucket holding the median; 0 when nothing was acknowledged or closed,
	// -1 when it is beyond the last bucket.
	AckMedian, CloseMedian int
	Suggestions, Agreed    int64
	// Chart holds the last eight weeks of new reports by category, oldest first.
	Chart []WeekCounts
}

// WeekCounts are one week's new reports by category.
type WeekCounts struct {
	Week   string
	Counts map[Category]int64
}

// Total sums counts.
func Total[K comparable, V int64 | float64](m map[K]V) V {
	var t V
	for _, v := range m {
		t += v
	}
	return t
}

// Managers maps each manager in the configuration to the units they manage.
func (c *Config) Managers() map[string][]string {
	out := map[string][]string{}
	for _, u := range c.Units {
		for _, m := range u.Managers {
			out[m] = append(out[m], u.ID)
		}
	}
	return out
}

// statYears are the case years whose counters can hold events of week:
// cases are counted in the slot of the year they were created in.
func statYears(week string, loc *time.Location) []int {
	start, err := WeekStart(week, loc)
	if err != nil {
		return nil
	}
	end := start.AddDate(0, 0, 7).Add(-time.Nanosecond)
	ys := []int{end.Year()}
	for y := start.Year(); y >= start.Year()-2; y-- {
		if !slices.Contains(ys, y) {
			ys = append(ys, y)
		}
	}
	return ys
}

// BuildDigest gathers manager's digest for week from counters and state
// indexes: its cost grows with units and weeks, not with cases.
func (s *Service) BuildDigest(ctx context.Context, manager, week string, now time.Time) (Digest, error) {
	cfg := s.Config()
	loc := cfg.Location()
	units := cfg.Managers()[manager]
	if len(units) == 0 {
		return Digest{}, fmt.Errorf("digest for %s: %w", manager, ErrNotFound)
	}
	d := Digest{Manager: manager, Week: week, AsOf: now, New: map[Category]int64{}, LastWeek: map[Category]int64{},
		Avg4: map[Category]float64{}, Closed: map[Decision]int64{}}
	for _, u := range units {
		d.Units = append(d.Units, cfg.UnitName(u))
	}
	var weeks []string
	for i := -7; i <= 0; i++ {
		w, err := AddWeeks(week, i, loc)
		if err != nil {
			return Digest{}, err
		}
		weeks = append(weeks, w)
	}
	years := statYears(weeks[len(weeks)-1], loc)
	for _, y := range statYears(weeks[0], loc) {
		if !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	counts, err := s.Store.Counts(ctx, weeks, units, years)
	if err != nil {
		return Digest{}, fmt.Errorf("digest counts: %w", err)
	}
	for i, w := range weeks {
		wc := WeekCounts{Week: w, Counts: map[Category]int64{}}
		for _, info := range Categories {
			n := counts[w][CountCreated+string(info.ID)]
			wc.Counts[info.ID] = n
			switch {
			case i == 7:
				d.New[info.ID] = n
			case i == 6:
				d.LastWeek[info.ID] = n
			}
			if i >= 3 && i <= 6 {
				d.Avg4[info.ID] += float64(n) / 4
			}
		}
		d.Chart = append(d.Chart, wc)
	}
	this := counts[week]
	for _, list := range [][]DecisionInfo{LexSarahDecisions, OtherDecisions} {
		for _, info := range list {
			if n := this[CountClosed+string(info.ID)]; n > 0 {
				d.Closed[info.ID] = n
			}
		}
	}
	d.IVO, d.IMY = this[CountIVO], this[CountIMY]
	d.AckMedian, d.CloseMedian = medianHours(this, CountAckHours), medianHours(this, CountCloseHours)
	d.Suggestions, d.Agreed = this[CountSuggestions], this[CountAgreed]

	nowWeek := ISOWeek(now, loc)
	start, _ := WeekStart(nowWeek, loc)
	open, err := s.Store.OpenStats(ctx, units, s.openYears(ctx), now, start.AddDate(0, 0, 7))
	if err != nil {
		return Digest{}, fmt.Errorf("digest open cases: %w", err)
	}
	d.Open = open
	return d, nil
}

// medianHours reads the median from a week's duration buckets.
func medianHours(counts map[string]int64, prefix string) int {
	var total int64
	keys := append(slices.Clone(DurationBuckets), -1)
	label := func(h int) string {
		if h < 0 {
			return prefix + "more"
		}
		return fmt.Sprintf("%s%d", prefix, h)
	}
	for _, h := range keys {
		total += counts[label(h)]
	}
	if total == 0 {
		return 0
	}
	var seen int64
	for _, h := range keys {
		seen += counts[label(h)]
		if 2*seen >= total {
			return h
		}
	}
	return -1
}

// deadlines are what the store indexes of a case's due times.
func (s *Service) deadlines(c Case) Deadlines {
	cfg := s.Config()
	d := Deadlines{Ack: AckDue(c, cfg), Clocks: map[Regime]time.Time{}}
	for _, k := range Clocks(c, cfg.Location()) {
		if !k.Due.IsZero() {
			d.Clocks[k.Regime] = k.Due
		}
	}
	return d
}

// DefaultDigestSchedule is Monday 08:00 in the configured time zone.
type weeklyAt struct {
	weekday      time.Weekday
	hour, minute int
}

func (w weeklyAt) Next(t time.Time) time.Time {
	next := time.Date(t.Year(), t.Month(), t.Day(), w.hour, w.minute, 0, 0, t.Location())
	for !next.After(t) || next.Weekday() != w.weekday {
		next = time.Date(next.Year(), next.Month(), next.Day()+1, w.hour, w.minute, 0, 0, t.Location())
	}
	return next
}

// DefaultDigestSchedule sends digests on Mondays at 08:00.
var DefaultDigestSchedule Schedule = weeklyAt{time.Monday, 8, 0}

// DigestDue is when week's digest is due: the schedule's first time after
// the week has ended, in the configured time zone.
func (s *Service) DigestDue(week string) (time.Time, error) {
	cfg := s.Config()
	start, err := WeekStart(week, cfg.Location())
	if err != nil {
		return time.Time{}, err
	}
	sched := cfg.DigestSchedule
	if sched == nil {
		sched = DefaultDigestSchedule
	}
	return sched.Next(start.AddDate(0, 0, 7).Add(-time.Second)), nil
}

// lateAfter is how long after its scheduled time a digest is marked late.
const lateAfter = time.Hour

// digestLease is how long a replica's claim on a digest lasts unless it
// is extended; the sender extends it every digestLease/3 while its send
// lasts, so a send slowed by Slack's Retry-After keeps its claim and a
// crashed sender's claim ends within digestLease. A variable for tests.
var digestLease = 10 * time.Minute

// digestSendTimeout bounds one manager's send: building the digest,
// posting it and attaching the chart, Slack's Retry-After waits included.
// The send does not end with the loop's context: one under way at shutdown
// finishes, within this bound.
const digestSendTimeout = 3 * time.Minute

// digestMarkTimeout bounds marking a digest sent, or releasing and backing
// off after a failure: it has a context of its own, so that a send that
// ran out of time is still recorded.
const digestMarkTimeout = 10 * time.Second

// digestRetryFirst and digestRetryMax bound the wait before a failed
// digest is tried again: a minute after the first failure, doubling after
// each one after that, up to six hours.
const (
	digestRetryFirst = time.Minute
	digestRetryMax   = 6 * time.Hour
)

// DigestRetryDelay is how long after its failures-th failed attempt a
// week's digest to one manager waits before it is tried again.
func DigestRetryDelay(failures int) time.Duration {
	d := digestRetryFirst
	for i := 1; i < failures && d < digestRetryMax; i++ {
		d *= 2
	}
	return min(d, digestRetryMax)
}

// DigestLeaseStore is a DigestStore whose claims can be extended while a
// send lasts. Stores that are not only send with the lease ClaimDigest gave.
type DigestLeaseStore interface {
	// ExtendDigest sets the lease of holder's claim on the week's digest
	// for manager to lease from now; false when the claim is no longer
	// holder's (it expired and was taken, or the digest was sent).
	ExtendDigest(ctx context.Context, week, manager, holder string, lease time.Duration) (bool, error)
}

// DigestRetryStore is a DigestStore that remembers failed sends, so that
// every replica waits a growing delay before trying a manager who cannot be
// reached again. With a store that is not, a failed digest is tried at
// every run.
type DigestRetryStore interface {
	// DigestRetryAt is when the week's digest for manager may be tried
	// again; zero when it has not failed.
	DigestRetryAt(ctx context.Context, week, manager string) (time.Time, error)
	// DigestFailed counts a failed attempt at the week's digest for
	// manager and holds the next attempt back until retryAt(failures),
	// failures being the count including this one.
	DigestFailed(ctx context.Context, week, manager string, retryAt func(failures int) time.Time) (failures int, err error)
}

// DigestPoster is a Notifier that sends a digest's text and its chart
// separately. The digest is then marked sent as soon as its text is
// posted, before the chart upload: a chart that is slow or fails, or a
// crash during its upload, cannot make the digest go twice. With a
// Notifier that is not, the digest is marked sent once SendDigest returns.
type DigestPoster interface {
	// PostDigest posts the digest's text to manager; channel is where it
	// went. It fails only when the text did not reach them.
	PostDigest(ctx context.Context, manager string, d Digest) (channel string, err error)
	// AttachDigestChart uploads the digest's chart to channel.
	AttachDigestChart(ctx context.Context, manager, channel string, d Digest) error
}

// SendDigests sends every manager the digest of the last full week, once
// it is due, exactly once: a claim in the store decides which replica
// sends each. A bot that was down at the scheduled time sends it when it
// comes back, marked late. Only the last full week is sent: a bot down for
// longer than a week does not send the weeks before, whose new reports
// the latest digest's chart and last-week column show, rather than flood
// managers with stale digests (and, on a first start, with the past).
//
// A manager who cannot be reached is logged, at error level the first
// time, and tried again after DigestRetryDelay. Once ctx is done no new
// send starts; one under way finishes, within digestSendTimeout, and is
// marked sent. holder names this replica.
func (s *Service) SendDigests(ctx context.Context, now time.Time, holder string) (sent int, err error) {
	cfg := s.Config()
	week := LastFullWeek(now, cfg.Location())
	due, err := s.DigestDue(week)
	if err != nil || now.Before(due) {
		return 0, err
	}
	managers := cfg.Managers()
	names := make([]string, 0, len(managers))
	for m := range managers {
		names = append(names, m)
	}
	slices.Sort(names)
	var errs []error
	for _, m := range names {
		if ctx.Err() != nil {
			break // the rest go at the next run, here or on another replica
		}
		ok, err := s.sendDigest(ctx, m, week, now, now.After(due.Add(lateAfter)), holder)
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			sent++
		}
	}
	return sent, errors.Join(errs...)
}

// sendDigest sends manager's digest of week unless it was sent, another
// replica is sending it, or it failed lately; ok is whether it went.
func (s *Service) sendDigest(parent context.Context, manager, week string, now time.Time, late bool, holder string) (ok bool, err error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), digestSendTimeout)
	defer cancel()
	retries, _ := s.Store.(DigestRetryStore)
	claimed, err := s.claimDigest(ctx, retries, manager, week, now, holder)
	if err != nil || !claimed {
		if err != nil {
			s.log().ErrorContext(ctx, "weekly digest not sent; it is tried again at the next run", "week", week, "manager", manager, "err", err)
		}
		return false, err
	}
	stopHolding := s.holdDigest(ctx, cancel, week, manager, holder)
	d, err := s.BuildDigest(ctx, manager, week, now)
	poster, two := s.Notifier.(DigestPoster)
	channel := ""
	if err == nil {
		d.Late = late
		if two {
			channel, err = poster.PostDigest(ctx, manager, d)
		} else {
			err = s.Notifier.SendDigest(ctx, manager, d)
		}
	}
	stopHolding()
	mctx, mcancel := context.WithTimeout(context.WithoutCancel(parent), digestMarkTimeout)
	defer mcancel()
	if err != nil {
		s.digestFailed(mctx, retries, week, manager, holder, now, err)
		return false, err
	}
	if err := s.Store.DigestSent(mctx, week, manager); err != nil {
		// The lease runs out and the digest may go again: the one
		// double this cannot rule out, when Redis is unreachable.
		s.log().ErrorContext(ctx, "weekly digest sent but not marked sent", "week", week, "manager", manager, "err", err)
		return true, err
	}
	if two {
		if err := poster.AttachDigestChart(ctx, manager, channel, d); err != nil {
			s.log().WarnContext(ctx, "digest chart not attached; the text digest went", "week", week, "manager", manager, "err", err)
		}
	}
	return true, nil
}

// claimDigest takes manager's digest of week for holder, unless it is
// paused, was sent, is being sent or is waiting after a failure.
func (s *Service) claimDigest(ctx context.Context, retries DigestRetryStore, manager, week string, now time.Time, holder string) (bool, error) {
	if paused, err := s.Store.DigestPaused(ctx, manager); err != nil || paused {
		return false, err
	}
	if retries != nil {
		at, err := retries.DigestRetryAt(ctx, week, manager)
		if err != nil || now.Before(at) {
			return false, err
		}
	}
	return s.Store.ClaimDigest(ctx, week, manager, holder, digestLease)
}

// holdDigest extends holder's claim every digestLease/3 until the returned
// stop is called. A claim found taken by another replica cancels the send,
// so that it does not go twice when it can still be stopped.
func (s *Service) holdDigest(ctx context.Context, cancel context.CancelFunc, week, manager, holder string) (stop func()) {
	leases, ok := s.Store.(DigestLeaseStore)
	if !ok {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(digestLease / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			held, err := leases.ExtendDigest(ctx, week, manager, holder, digestLease)
			switch {
			case err != nil:
				s.log().WarnContext(ctx, "weekly digest claim not extended; trying again", "week", week, "manager", manager, "err", err)
			case !held:
				s.log().ErrorContext(ctx, "weekly digest claim lost while sending; send stopped", "week", week, "manager", manager)
				cancel()
				return
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// digestFailed logs a failed send, holds the next attempt back and gives
// the claim back.
func (s *Service) digestFailed(ctx context.Context, retries DigestRetryStore, week, manager, holder string, now time.Time, err error) {
	failures := 1
	var retryAt time.Time
	if retries != nil {
		n, ferr := retries.DigestFailed(ctx, week, manager, func(n int) time.Time {
			retryAt = now.Add(DigestRetryDelay(n))
			return retryAt
		})
		if ferr != nil {
			s.log().WarnContext(ctx, "weekly digest failure not recorded", "week", week, "manager", manager, "err", ferr)
		} else {
			failures = n
		}
	}
	if rerr := s.Store.ReleaseDigest(ctx, week, manager, holder); rerr != nil {
		s.log().WarnContext(ctx, "weekly digest claim not released; it lapses with its lease", "week", week, "manager", manager, "err", rerr)
	}
	level := slog.LevelError
	if failures > 1 {
		level = slog.LevelWarn // said at error level at the first failure of the week
	}
	attrs := []any{"week", week, "manager", manager, "failures", failures, "err", err}
	if !retryAt.IsZero() {
		attrs = append(attrs, "retry_at", retryAt)
	}
	s.log().Log(ctx, level, "weekly digest not sent; it is tried again later", attrs...)
}

// IsManager reports whether user gets a digest.
func (c *Config) IsManager(user string) bool {
	_, ok := c.Managers()[user]
	return ok
}

// SetDigestPaused pauses or resumes a manager's digest.
func (s *Service) SetDigestPaused(ctx context.Context, manager string, paused bool) error {
	if !s.Config().IsManager(manager) {
		return fmt.Errorf("pause digest of %s: %w", manager, ErrNotAllowed)
	}
	return s.Store.SetDigestPaused(ctx, manager, paused)
}
