package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
	open, err := s.Store.OpenStats(ctx, units, openYears(now, loc), now, start.AddDate(0, 0, 7))
	if err != nil {
		return Digest{}, fmt.Errorf("digest open cases: %w", err)
	}
	d.Open = open
	return d, nil
}

// openYears are the case years whose open cases a digest counts: cases
// stay open across New Year, rarely for long.
func openYears(now time.Time, loc *time.Location) []int {
	y := now.In(loc).Year()
	return []int{y, y - 1, y - 2}
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

// digestLease bounds how long one replica may hold a digest it is sending.
const digestLease = 10 * time.Minute

// SendDigests sends every manager the digest of the last full week, once
// it is due, exactly once: a claim in the store decides which replica
// sends each. A bot that was down at the scheduled time sends it when it
// comes back, marked late. A manager who cannot be reached is logged and
// tried again at the next run; holder names this replica.
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
		ok, err := s.sendDigest(ctx, m, week, now, now.After(due.Add(lateAfter)), holder)
		if err != nil {
			s.log().ErrorContext(ctx, "weekly digest not sent; it is tried again at the next run", "week", week, "manager", m, "err", err)
			errs = append(errs, err)
		}
		if ok {
			sent++
		}
	}
	return sent, errors.Join(errs...)
}

func (s *Service) sendDigest(ctx context.Context, manager, week string, now time.Time, late bool, holder string) (bool, error) {
	if paused, err := s.Store.DigestPaused(ctx, manager); err != nil || paused {
		return false, err
	}
	ok, err := s.Store.ClaimDigest(ctx, week, manager, holder, digestLease)
	if err != nil || !ok {
		return false, err
	}
	d, err := s.BuildDigest(ctx, manager, week, now)
	if err == nil {
		d.Late = late
		err = s.Notifier.SendDigest(ctx, manager, d)
	}
	if err != nil {
		if rerr := s.Store.ReleaseDigest(ctx, week, manager, holder); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return false, err
	}
	return true, s.Store.DigestSent(ctx, week, manager)
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
