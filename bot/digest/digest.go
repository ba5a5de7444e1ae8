// Package digest builds each manager's weekly digest from counters and
// state indexes, and sends it exactly once per manager and week, however
// many replicas run.
package digest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// Store is everything the digest keeps and reads: the weekly figures, the
// state of open cases, and the claims, leases, failures and pauses that
// make a digest go out exactly once.
type Store interface {
	bot.YearLister
	// Counts sums, for each week, the counters of the units across the
	// case years given, in one round trip, less the cases hidden from
	// manager (implicated in them) when one is given.
	Counts(ctx context.Context, weeks, units []string, years []int, manager string) (map[string]map[string]int64, error)
	// OpenStats counts the units' open cases as of now, less those hidden
	// from manager when one is given; clocks due before until are counted
	// as due.
	OpenStats(ctx context.Context, units []string, years []int, now, until time.Time, manager string) (bot.OpenStats, error)
	// ClaimDigest takes the week's digest for manager for lease; false when
	// it was sent or someone else is sending it.
	ClaimDigest(ctx context.Context, week, manager, holder string, lease time.Duration) (bool, error)
	// ExtendDigest sets the lease of holder's claim to lease from now;
	// false when the claim is no longer holder's (it expired and was
	// taken, or the digest was sent).
	ExtendDigest(ctx context.Context, week, manager, holder string, lease time.Duration) (bool, error)
	// DigestSent marks the digest sent, for good.
	DigestSent(ctx context.Context, week, manager string) error
	// ReleaseDigest gives a claim back after a failure, so a later run retries.
	ReleaseDigest(ctx context.Context, week, manager, holder string) error
	// DigestRetryAt is when the week's digest for manager may be tried
	// again; zero when it has not failed.
	DigestRetryAt(ctx context.Context, week, manager string) (time.Time, error)
	// DigestFailed counts a failed attempt at the week's digest for
	// manager and holds the next attempt back until retryAt(failures),
	// failures being the count including this one.
	DigestFailed(ctx context.Context, week, manager string, retryAt func(failures int) time.Time) (failures int, err error)
	// FirstStarted returns when the bot first ran against this store,
	// recording now when it is the first time; the zero time for a store
	// that held cases before this was recorded.
	FirstStarted(ctx context.Context, now time.Time) (time.Time, error)
	// DigestPaused and SetDigestPaused keep a manager's pause.
	DigestPaused(ctx context.Context, manager string) (bool, error)
	SetDigestPaused(ctx context.Context, manager string, paused bool) error
}

// Notifier sends a digest's text and its chart apart: the digest is marked
// sent as soon as its text is posted, before the chart upload, so a chart
// that is slow or fails, or a crash during its upload, cannot make the
// digest go twice.
type Notifier interface {
	// PostDigest posts the digest's text to manager; channel is where it
	// went. It fails only when the text did not reach them.
	PostDigest(ctx context.Context, manager string, d Digest, p bot.Post) (channel string, err error)
	// AttachDigestChart uploads the digest's chart to channel.
	AttachDigestChart(ctx context.Context, manager, channel string, d Digest) error
}

// Service builds and sends digests.
type Service struct {
	bot.Runtime
	Store    Store
	Notifier Notifier
	// Lease is how long a replica's claim on a digest lasts unless it is
	// extended; the sender extends it every Lease/3 while its send lasts,
	// so a send slowed by Slack's Retry-After keeps its claim and a crashed
	// sender's claim ends within Lease. Zero is DefaultLease.
	Lease time.Duration
	// Outcome, when set, is told of each digest sent or failed.
	Outcome func(sent bool)
}

// DefaultLease is the claim's lease when the Service does not set one.
const DefaultLease = time.Minute

func (s *Service) lease() time.Duration {
	if s.Lease > 0 {
		return s.Lease
	}
	return DefaultLease
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
	New, LastWeek map[bot.Category]int64
	Avg4          map[bot.Category]float64
	// Open is the state of the open cases as of AsOf; its ClocksDue counts
	// the deadlines in the rest of the current week.
	Open     bot.OpenStats
	Closed   map[bot.Decision]int64
	IVO, IMY int64
	// AckMedian and CloseMedian are the upper bound, in hours, of the
	// bucket holding the median; 0 when nothing was acknowledged or closed,
	// -1 when it is beyond the last bucket.
	AckMedian, CloseMedian int
	Suggestions, Agreed    int64
	// ClocksMet and ClocksLate count the deadlines met by a notification
	// in the week, in time and after it.
	ClocksMet, ClocksLate int64
	// Chart holds the last eight weeks of new reports by category, oldest first.
	Chart []WeekCounts
}

// WeekCounts are one week's new reports by category.
type WeekCounts struct {
	Week   string
	Counts map[bot.Category]int64
}

// Total sums counts.
func Total[K comparable, V int64 | float64](m map[K]V) V {
	var t V
	for _, v := range m {
		t += v
	}
	return t
}

// statYears are the case years whose counters can hold events of week:
// cases are counted in the slot of the year they were created in.
func statYears(week string, loc *time.Location) []int {
	start, err := bot.WeekStart(week, loc)
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

// Build gathers manager's digest for week as of now from counters and
// state indexes: its cost grows with units and weeks, not with cases. A
// case the manager is implicated in counts nowhere in it.
func (s *Service) Build(ctx context.Context, manager, week string, now time.Time) (Digest, error) {
	cfg := s.Config()
	loc := cfg.Location()
	units := cfg.Managers()[manager]
	if len(units) == 0 {
		return Digest{}, fmt.Errorf("digest for %s: %w", manager, bot.ErrNotFound)
	}
	d := Digest{Manager: manager, Week: week, AsOf: now, New: map[bot.Category]int64{}, LastWeek: map[bot.Category]int64{},
		Avg4: map[bot.Category]float64{}, Closed: map[bot.Decision]int64{}}
	for _, u := range units {
		d.Units = append(d.Units, cfg.UnitName(u))
	}
	var weeks []string
	for i := -7; i <= 0; i++ {
		w, err := bot.AddWeeks(week, i, loc)
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
	counts, err := s.Store.Counts(ctx, weeks, units, years, manager)
	if err != nil {
		return Digest{}, fmt.Errorf("digest counts: %w", err)
	}
	for i, w := range weeks {
		wc := WeekCounts{Week: w, Counts: map[bot.Category]int64{}}
		for _, info := range bot.Categories {
			n := counts[w][bot.CountCreated+string(info.ID)]
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
	for _, list := range [][]bot.DecisionInfo{bot.LexSarahDecisions, bot.OtherDecisions} {
		for _, info := range list {
			if n := this[bot.CountClosed+string(info.ID)]; n > 0 {
				d.Closed[info.ID] = n
			}
		}
	}
	d.IVO, d.IMY = this[bot.CountIVO], this[bot.CountIMY]
	d.AckMedian, d.CloseMedian = medianHours(this, bot.CountAckHours), medianHours(this, bot.CountCloseHours)
	d.Suggestions, d.Agreed = this[bot.CountSuggestions], this[bot.CountAgreed]
	d.ClocksMet, d.ClocksLate = this[bot.CountClockMet], this[bot.CountClockLate]

	start, _ := bot.WeekStart(bot.ISOWeek(now, loc), loc)
	open, err := s.Store.OpenStats(ctx, units, s.OpenYears(ctx, s.Store), now, start.AddDate(0, 0, 7), manager)
	if err != nil {
		return Digest{}, fmt.Errorf("digest open cases: %w", err)
	}
	d.Open = open
	return d, nil
}

// Preview is the digest of the last full week as it stands now, for a
// manager who asks.
func (s *Service) Preview(ctx context.Context, manager string) (Digest, error) {
	if !s.Config().IsManager(manager) {
		return Digest{}, fmt.Errorf("digest preview for %s: %w", manager, bot.ErrNotAllowed)
	}
	now := s.Now()
	return s.Build(ctx, manager, bot.LastFullWeek(now, s.Config().Location()), now)
}

// medianHours reads the median from a week's duration buckets.
func medianHours(counts map[string]int64, prefix string) int {
	var total int64
	keys := append(slices.Clone(bot.DurationBuckets), -1)
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

// SetPaused pauses or resumes a manager's digest.
func (s *Service) SetPaused(ctx context.Context, manager string, paused bool) error {
	if !s.Config().IsManager(manager) {
		return fmt.Errorf("pause digest of %s: %w", manager, bot.ErrNotAllowed)
	}
	return s.Store.SetDigestPaused(ctx, manager, paused)
}

// Paused reports whether a manager paused their digest.
func (s *Service) Paused(ctx context.Context, manager string) (bool, error) {
	return s.Store.DigestPaused(ctx, manager)
}
