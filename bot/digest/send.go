package digest

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// weeklyAt is a weekly time of day, in the time zone of the time given.
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

// DefaultSchedule sends digests on Mondays at 08:00.
var DefaultSchedule bot.Schedule = weeklyAt{time.Monday, 8, 0}

// Due is when week's digest is due: the schedule's first time after the
// week has ended, in the configured time zone.
func (s *Service) Due(week string) (time.Time, error) {
	cfg := s.Config()
	start, err := bot.WeekStart(week, cfg.Location())
	if err != nil {
		return time.Time{}, err
	}
	sched := cfg.DigestSchedule
	if sched == nil {
		sched = DefaultSchedule
	}
	return sched.Next(start.AddDate(0, 0, 7).Add(-time.Second)), nil
}

// lateAfter is how long after its scheduled time a digest is marked late.
const lateAfter = time.Hour

// sendTimeout bounds one manager's send: building the digest, posting it
// and attaching the chart, Slack's Retry-After waits included. The send
// does not end with the loop's context: one under way at shutdown
// finishes, within this bound.
const sendTimeout = 3 * time.Minute

// markTimeout bounds marking a digest sent, or releasing and backing off
// after a failure: it has a context of its own, so that a send that ran
// out of time is still recorded.
const markTimeout = 10 * time.Second

// retryFirst and retryMax bound the wait before a failed digest is tried
// again: a minute after the first failure, doubling after each one after
// that, up to six hours.
const (
	retryFirst = time.Minute
	retryMax   = 6 * time.Hour
)

// RetryDelay is how long after its failures-th failed attempt a week's
// digest to one manager waits before it is tried again.
func RetryDelay(failures int) time.Duration {
	d := retryFirst
	for i := 1; i < failures && d < retryMax; i++ {
		d *= 2
	}
	return min(d, retryMax)
}

// SendDue sends every manager the digest of the last full week, once it is
// due, exactly once: a claim in the store decides which replica sends
// each. A bot that was down at the scheduled time sends it when it comes
// back, marked late. Only the last full week is sent: a bot down for
// longer than a week does not send the weeks before, whose new reports
// the latest digest's chart and last-week column show, rather than flood
// managers with stale digests (and, on a first start, with the past).
//
// A manager who cannot be reached is logged, at error level the first
// time, and tried again after RetryDelay. Once ctx is done no new send
// starts; one under way finishes, within sendTimeout, and is marked sent.
// holder names this replica.
func (s *Service) SendDue(ctx context.Context, holder string) (sent int, err error) {
	cfg, now := s.Config(), s.Now()
	week := bot.LastFullWeek(now, cfg.Location())
	// Recorded before anything is due, so that a bot down over the
	// scheduled time later catches up.
	first, err := s.Store.FirstStarted(ctx, now)
	if err != nil {
		return 0, err
	}
	due, err := s.Due(week)
	if err != nil || now.Before(due) {
		return 0, err
	}
	late := now.After(due.Add(lateAfter))
	if late && first.After(due.Add(lateAfter)) {
		// Already late when the bot first ran: a fresh install does not
		// send managers a late digest of a week it never saw.
		return 0, nil
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
		ok, err := s.send(ctx, m, week, due, now, late, holder)
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			sent++
		}
	}
	return sent, errors.Join(errs...)
}

// send sends manager's digest of week unless it was sent, another replica
// is sending it, or it failed lately; ok is whether it went.
func (s *Service) send(parent context.Context, manager, week string, due, now time.Time, late bool, holder string) (ok bool, err error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), sendTimeout)
	defer cancel()
	claimed, err := s.claim(ctx, manager, week, now, holder)
	if err != nil || !claimed {
		if err != nil {
			s.Log.ErrorContext(ctx, "weekly digest not sent; it is tried again at the next run", "week", week, "manager", manager, "err", err)
		}
		return false, err
	}
	stopHolding := s.hold(ctx, cancel, week, manager, holder)
	d, err := s.Build(ctx, manager, week, now)
	channel := ""
	if err == nil {
		d.Late = late
		// Always looked for first: a process that died after posting and
		// before marking it sent left no trace but the message.
		channel, err = s.Notifier.PostDigest(ctx, manager, d, bot.Post{Key: bot.DigestKey(week, manager), Since: due, Check: true})
	}
	stopHolding()
	mctx, mcancel := context.WithTimeout(context.WithoutCancel(parent), markTimeout)
	defer mcancel()
	if s.Outcome != nil {
		s.Outcome(err == nil)
	}
	if err != nil {
		s.failed(mctx, week, manager, holder, now, err)
		return false, err
	}
	if err := s.Store.DigestSent(mctx, week, manager); err != nil {
		// The lease runs out and the digest is tried again: the next
		// try finds this one in Slack and marks it sent.
		s.Log.ErrorContext(ctx, "weekly digest sent but not marked sent", "week", week, "manager", manager, "err", err)
		return true, err
	}
	if err := s.Notifier.AttachDigestChart(ctx, manager, channel, d); err != nil {
		s.Log.WarnContext(ctx, "digest chart not attached; the text digest went", "week", week, "manager", manager, "err", err)
	}
	return true, nil
}

// claim takes manager's digest of week for holder, unless it is paused,
// was sent, is being sent or is waiting after a failure.
func (s *Service) claim(ctx context.Context, manager, week string, now time.Time, holder string) (bool, error) {
	if paused, err := s.Store.DigestPaused(ctx, manager); err != nil || paused {
		return false, err
	}
	at, err := s.Store.DigestRetryAt(ctx, week, manager)
	if err != nil || now.Before(at) {
		return false, err
	}
	return s.Store.ClaimDigest(ctx, week, manager, holder, s.lease())
}

// hold extends holder's claim every lease/3 until the returned stop is
// called. A claim found taken by another replica cancels the send, so that
// it does not go twice when it can still be stopped.
func (s *Service) hold(ctx context.Context, cancel context.CancelFunc, week, manager, holder string) (stop func()) {
	return bot.KeepLease(ctx, s.lease()/3,
		func(ctx context.Context) (bool, error) {
			return s.Store.ExtendDigest(ctx, week, manager, holder, s.lease())
		},
		func(err error) {
			s.Log.WarnContext(ctx, "weekly digest claim not extended; trying again", "week", week, "manager", manager, "err", err)
		},
		func() {
			s.Log.ErrorContext(ctx, "weekly digest claim lost while sending; send stopped", "week", week, "manager", manager)
			cancel()
		})
}

// failed logs a failed send, holds the next attempt back and gives the
// claim back.
func (s *Service) failed(ctx context.Context, week, manager, holder string, now time.Time, err error) {
	failures := 1
	var retryAt time.Time
	n, ferr := s.Store.DigestFailed(ctx, week, manager, func(n int) time.Time {
		retryAt = now.Add(RetryDelay(n))
		return retryAt
	})
	if ferr != nil {
		s.Log.WarnContext(ctx, "weekly digest failure not recorded", "week", week, "manager", manager, "err", ferr)
	} else {
		failures = n
	}
	if rerr := s.Store.ReleaseDigest(ctx, week, manager, holder); rerr != nil {
		s.Log.WarnContext(ctx, "weekly digest claim not released; it lapses with its lease", "week", week, "manager", manager, "err", rerr)
	}
	level := slog.LevelError
	if failures > 1 {
		level = slog.LevelWarn // said at error level at the first failure of the week
	}
	attrs := []any{"week", week, "manager", manager, "failures", failures, "err", err}
	if !retryAt.IsZero() {
		attrs = append(attrs, "retry_at", retryAt)
	}
	s.Log.Log(ctx, level, "weekly digest not sent; it is tried again later", attrs...)
}
