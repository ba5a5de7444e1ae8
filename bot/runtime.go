package bot

import (
	"context"
	"log/slog"
	"slices"
	"time"
)

// Runtime is what every part of the domain runs with: the configuration in
// force, the bot's one clock and its log. Nothing in the domain reads the
// time any other way.
type Runtime struct {
	// Config returns the configuration in force; it may change between calls.
	Config func() *Config
	// Now is the bot's one clock.
	Now func() time.Time
	Log *slog.Logger
}

// RecentYears are the case years a reporter's lookups search, newest
// first: this year and the two before.
func (r Runtime) RecentYears() []int {
	y := r.Now().In(r.Config().Location()).Year()
	return []int{y, y - 1, y - 2}
}

// YearLister lists the years that have cases.
type YearLister interface {
	// CaseYears lists the years that have cases, newest first.
	CaseYears(ctx context.Context) ([]int, error)
}

// OpenYears are the years whose open cases count: every year with cases,
// since a case forgotten for years is the one the digest's "older" and a
// coordinator's queue must still show, and at least RecentYears.
func (r Runtime) OpenYears(ctx context.Context, st YearLister) []int {
	ys := r.RecentYears()
	all, err := st.CaseYears(ctx)
	if err != nil {
		r.Log.WarnContext(ctx, "years with cases; counting the last three", "err", err)
		return ys
	}
	for _, y := range all {
		if !slices.Contains(ys, y) {
			ys = append(ys, y)
		}
	}
	return ys
}

// Count is one step of the figures of the case's unit in the week of at.
func (r Runtime) Count(c Case, at time.Time, field string, delta int64) Counter {
	return Counter{Week: ISOWeek(at, r.Config().Location()), Unit: c.Unit, Field: field, Delta: delta}
}
