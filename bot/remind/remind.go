// Package remind reminds the people who handle a case of its deadlines:
// when a quarter of a regulatory or whistleblowing deadline's time is
// left and when it passes, and when the acknowledgement target passes –
// and, passed by as much again, tells the unit's escalation people. Each
// reminder goes once per case, clock and threshold, however many replicas
// run: the schedule and what was sent are kept in the store, never in
// process memory. A met deadline or a closed case reminds no one.
package remind

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// Store keeps when each case is next looked at, and what was sent.
type Store interface {
	bot.YearLister
	// Case returns a case without its report.
	Case(ctx context.Context, id bot.CaseID) (bot.Case, error)
	// DueChecks lists the cases of years due to be looked at by now.
	DueChecks(ctx context.Context, years []int, now time.Time) ([]bot.CaseID, error)
	// ClaimCheck takes the case's check for lease; false when it is not
	// due or another replica has it. ScheduleCheck gives it back.
	ClaimCheck(ctx context.Context, id bot.CaseID, now time.Time, lease time.Duration) (bool, error)
	// Reminded lists the reminders sent for the case, as Reminder.Key.
	Reminded(ctx context.Context, id bot.CaseID) ([]string, error)
	// RecordReminder marks the reminders keys as sent and records e.
	RecordReminder(ctx context.Context, id bot.CaseID, keys []string, e bot.AuditEntry) error
	// ScheduleCheck sets when the case is looked at next, unless it
	// changed since version (a change schedules its own look); zero takes
	// it off the schedule.
	ScheduleCheck(ctx context.Context, id bot.CaseID, version int64, at time.Time) error
	// DueCheckStats counts the cases due for a look by now and returns
	// since when the oldest is due.
	DueCheckStats(ctx context.Context, years []int, now time.Time) (n int, oldest time.Time, err error)
}

// Notifier sends a reminder to one person by direct message. handles
// tells whether they may open the case: the escalation people told of a
// case left unacknowledged may not, until it reaches them.
type Notifier interface {
	SendReminder(ctx context.Context, c bot.Case, r Reminder, user string, handles bool) error
}

// Service sends the reminders that are due.
type Service struct {
	bot.Runtime
	Store    Store
	Notifier Notifier
	// Pending, when set, is told at each run how many cases are due for
	// a look and since when the oldest is due.
	Pending func(n int, oldest time.Time)
}

// ClockAck is the acknowledgement target among the reminders' clocks.
const ClockAck bot.ClockID = "ack"

// Threshold is the point of a deadline a reminder is sent at.
type Threshold string

// The thresholds.
const (
	// Quarter: a quarter of the deadline's time is left.
	Quarter Threshold = "quarter"
	// Passed: the deadline has passed.
	Passed Threshold = "passed"
	// PassedAgain: the acknowledgement target has passed by as much again;
	// the unit's escalation people are told.
	PassedAgain Threshold = "passed_again"
)

// Reminder is one reminder of a deadline.
type Reminder struct {
	Clock     bot.ClockID
	Threshold Threshold
	// At is when it is sent; Due when the deadline runs out.
	At, Due time.Time
	What    bot.Text
	// Stops lists the authorities whose notification meets the deadline.
	Stops []bot.Authority
}

// Key names the reminder among a case's: clock and threshold.
func (r Reminder) Key() string { return string(r.Clock) + "|" + string(r.Threshold) }

// Reminders lists every reminder of an open case's running deadlines, sent
// or not, in the order they fall due.
func Reminders(c bot.Case, cfg *bot.Config) []Reminder {
	if !c.Status.Open() {
		return nil
	}
	var out []Reminder
	if c.Status.AwaitsAcknowledgement() {
		due, target := bot.AckDue(c, cfg), cfg.AckTargetOf(c.Unit)
		what := bot.Text{SV: "Bekräfta mottagandet (enhetens mål)", EN: "Acknowledge the case (the unit's target)"}
		out = append(out, Reminder{Clock: ClockAck, Threshold: Passed, At: due, Due: due, What: what},
			Reminder{Clock: ClockAck, Threshold: PassedAgain, At: due.Add(target), Due: due, What: what})
	}
	for _, k := range bot.Clocks(c, cfg.Location()) {
		if !k.Running() || k.Due.IsZero() || k.Start.IsZero() || !k.Due.After(k.Start) {
			continue
		}
		quarter := k.Due.Add(-k.Due.Sub(k.Start) / 4)
		out = append(out, Reminder{Clock: k.ID, Threshold: Quarter, At: quarter, Due: k.Due, What: k.What, Stops: k.Stops},
			Reminder{Clock: k.ID, Threshold: Passed, At: k.Due, Due: k.Due, What: k.What, Stops: k.Stops})
	}
	slices.SortStableFunc(out, func(a, b Reminder) int { return a.At.Compare(b.At) })
	return out
}

// lease is how long a replica holds a case's check; retryIn how soon a
// check whose reminder could not be sent is made again.
const (
	lease   = 2 * time.Minute
	retryIn = time.Minute
)

// Run sends the reminders due now, once each, and schedules each case's
// next look. A failure is logged and the other cases go on.
func (s *Service) Run(ctx context.Context) (sent int) {
	now := s.Now()
	years := s.OpenYears(ctx, s.Store)
	if s.Pending != nil {
		if n, oldest, err := s.Store.DueCheckStats(ctx, years, now); err == nil {
			s.Pending(n, oldest)
		}
	}
	ids, err := s.Store.DueChecks(ctx, years, now)
	if err != nil {
		s.Log.ErrorContext(ctx, "list cases due for reminders", "err", err)
		return 0
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			break
		}
		n, err := s.check(ctx, id, now)
		sent += n
		if err != nil {
			s.Log.ErrorContext(ctx, "reminders of case", "case", id, "err", err)
		}
	}
	return sent
}

// check sends the case's due reminders and schedules its next look.
func (s *Service) check(ctx context.Context, id bot.CaseID, now time.Time) (int, error) {
	ok, err := s.Store.ClaimCheck(ctx, id, now, lease)
	if err != nil || !ok {
		return 0, err
	}
	c, err := s.Store.Case(ctx, id)
	if errors.Is(err, bot.ErrNotFound) {
		return 0, s.Store.ScheduleCheck(ctx, id, 0, time.Time{})
	}
	if err != nil {
		return 0, err
	}
	done, err := s.Store.Reminded(ctx, id)
	if err != nil {
		return 0, err
	}
	cfg := s.Config()
	all := Reminders(c, cfg)
	// Per clock, the latest threshold due is sent; earlier ones due too
	// are past saying and count as sent with it.
	due := map[bot.ClockID][]Reminder{}
	var next time.Time
	for _, r := range all {
		switch {
		case slices.Contains(done, r.Key()):
		case !r.At.After(now):
			due[r.Clock] = append(due[r.Clock], r)
		case next.IsZero() || r.At.Before(next):
			next = r.At
		}
	}
	sent := 0
	var errs []error
	for _, clock := range slices.Sorted(maps.Keys(due)) {
		rs := due[clock]
		r := rs[len(rs)-1]
		n, err := s.send(ctx, c, r, cfg, done, now)
		sent += n
		if err != nil {
			errs = append(errs, err)
			if retry := now.Add(retryIn); next.IsZero() || retry.Before(next) {
				next = retry
			}
			continue
		}
		keys := make([]string, len(rs))
		for i, x := range rs {
			keys[i] = x.Key()
		}
		e := bot.AuditEntry{At: now, Actor: bot.SystemActor, Action: bot.ActionReminded,
			Fields: map[string]string{"clock": string(r.Clock), "threshold": string(r.Threshold)}}
		if err := s.Store.RecordReminder(ctx, id, keys, e); err != nil {
			errs = append(errs, err)
		}
	}
	if err := s.Store.ScheduleCheck(ctx, id, c.Version, next); err != nil {
		errs = append(errs, err)
	}
	return sent, errors.Join(errs...)
}

// send sends r to those it goes to who do not have it yet (done lists
// the keys sent): the assignee, else the people of the route who may
// handle the case; the escalation people, who are told when the
// acknowledgement target has passed by as much again. Each one sent while
// another fails is recorded at once, so that the retry does not send it
// twice. n counts the messages sent.
func (s *Service) send(ctx context.Context, c bot.Case, r Reminder, cfg *bot.Config, done []string, now time.Time) (n int, err error) {
	to := Recipients(c, r, cfg)
	if len(to) == 0 {
		return 0, fmt.Errorf("reminder %s of %s: no one to send it to", r.Key(), c.ID)
	}
	var sentTo []string
	var errs []error
	for _, u := range to {
		if slices.Contains(done, r.Key()+"|"+u) {
			continue
		}
		if err := s.Notifier.SendReminder(ctx, c, r, u, cfg.MayHandle(c, u)); err != nil {
			errs = append(errs, fmt.Errorf("reminder %s to %s: %w", r.Key(), u, err))
			continue
		}
		sentTo = append(sentTo, u)
	}
	if len(errs) > 0 && len(sentTo) > 0 {
		keys := make([]string, len(sentTo))
		for i, u := range sentTo {
			keys[i] = r.Key() + "|" + u
		}
		e := bot.AuditEntry{At: now, Actor: bot.SystemActor, Action: bot.ActionReminded,
			Fields: map[string]string{"clock": string(r.Clock), "threshold": string(r.Threshold), "partly": "yes"}}
		if err := s.Store.RecordReminder(ctx, c.ID, keys, e); err != nil {
			errs = append(errs, err)
		}
	}
	return len(sentTo), errors.Join(errs...)
}

// Recipients lists who gets reminder r of case c, never anyone implicated.
func Recipients(c bot.Case, r Reminder, cfg *bot.Config) []string {
	if r.Threshold == PassedAgain {
		unit, _ := cfg.Unit(c.Unit)
		var esc []string
		for _, u := range unit.Escalation {
			if !c.Implicated(u) {
				esc = append(esc, u)
			}
		}
		if len(esc) > 0 {
			return esc
		}
	}
	if c.Assignee != "" && cfg.MayHandle(c, c.Assignee) {
		return []string{c.Assignee}
	}
	var out []string
	for _, u := range c.Route.Coordinators {
		if cfg.MayHandle(c, u) {
			out = append(out, u)
		}
	}
	return out
}
