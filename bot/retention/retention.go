// Package retention culls closed cases' personal data when the
// configuration's retention time has passed (gallring): daily in the
// serving bot, one replica at a time, and on demand from the command
// line. Each case is culled in one atomic step, so a run that stops
// midway is simply run again.
package retention

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// Store is what culling reads and changes.
type Store interface {
	bot.YearLister
	// Case returns a case without its report.
	Case(ctx context.Context, id bot.CaseID) (bot.Case, error)
	// ClosedCases lists the closed cases of years not culled yet.
	ClosedCases(ctx context.Context, years []int) ([]bot.Case, error)
	// Closure returns how the case was closed, ErrNotFound for none.
	Closure(ctx context.Context, id bot.CaseID) (bot.Closure, error)
	// ReporterUser returns the Slack user who reported the case.
	ReporterUser(ctx context.Context, id bot.CaseID) (string, error)
	// Cull removes the case's personal data as cl says; false when the
	// case changed since it was read.
	Cull(ctx context.Context, id bot.CaseID, cl bot.Cull) (bool, error)
	// ClaimRetention takes the lease of the day's run; false when another
	// replica holds it or the run is done.
	ClaimRetention(ctx context.Context, day, holder string, ttl time.Duration) (bool, error)
	// FinishRetention marks the day's run as done.
	FinishRetention(ctx context.Context, day string) error
}

// Announcer redraws a culled case's cards (deliver.Service).
type Announcer interface {
	Announce(ctx context.Context, id bot.CaseID, e bot.Event) error
}

// Service culls cases.
type Service struct {
	bot.Runtime
	Store Store
	// Announcer, when set, redraws the cards of each case culled at once;
	// else the serving bot's sweep does it, as the cull queued it.
	Announcer Announcer
}

// Item is one closed case whose retention time has passed: culled (or,
// in a dry run, to be), or kept and why (bot.CullReasonHold,
// bot.CullReasonClock).
type Item struct {
	Case bot.CaseID
	Due  time.Time
	Cull bool
	Kept string
}

// Due lists the closed cases whose retention time has passed, oldest due
// first, each marked to be culled or kept. Cases that cannot be read are
// named in the error, and the others are listed all the same.
func (s *Service) Due(ctx context.Context) ([]Item, error) {
	cfg := s.Config()
	cases, err := s.Store.ClosedCases(ctx, s.OpenYears(ctx, s.Store))
	if cases == nil {
		return nil, err
	}
	now := s.Now()
	var out []Item
	for _, c := range cases {
		due, ok, reason := bot.CullDue(c, cfg.Retention, cfg.Location(), now)
		if !ok && reason == bot.CullReasonNotReady {
			continue
		}
		out = append(out, Item{Case: c.ID, Due: due, Cull: ok, Kept: reason})
	}
	slices.SortFunc(out, func(a, b Item) int { return a.Due.Compare(b.Due) })
	return out, err
}

// Run culls every case that is due, recorded as actor, and returns what it
// found; dryRun changes nothing. A case that cannot be culled is logged
// and the run goes on; the errors are joined.
func (s *Service) Run(ctx context.Context, actor string, dryRun bool) ([]Item, error) {
	items, err := s.Due(ctx)
	if items == nil || dryRun {
		return items, err
	}
	errs := []error{err}
	for i, it := range items {
		if !it.Cull {
			continue
		}
		if ctx.Err() != nil {
			return items, ctx.Err()
		}
		culled, err := s.cull(ctx, it.Case, actor)
		if err != nil {
			s.Log.ErrorContext(ctx, "cull case", "case", it.Case, "err", err)
			errs = append(errs, err)
		}
		items[i].Cull = culled
		if culled && s.Announcer != nil {
			if err := s.Announcer.Announce(ctx, it.Case, bot.EventCulled); err != nil {
				s.Log.ErrorContext(ctx, "redraw culled case's cards; the sweep tries again", "case", it.Case, "err", err)
			}
		}
	}
	return items, errors.Join(errs...)
}

// cull culls one case, read again so that it is culled as it is now.
func (s *Service) cull(ctx context.Context, id bot.CaseID, actor string) (bool, error) {
	cfg := s.Config()
	now := s.Now()
	c, err := s.Store.Case(ctx, id)
	if err != nil {
		return false, err
	}
	if _, ok, _ := bot.CullDue(c, cfg.Retention, cfg.Location(), now); !ok {
		return false, nil
	}
	reporter, err := s.Store.ReporterUser(ctx, id)
	if err != nil && !errors.Is(err, bot.ErrNotFound) {
		return false, err
	}
	cl := bot.Cull{Case: c.Culled(now), ReporterUser: reporter, HiddenFrom: c.HiddenFrom,
		Audit: bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionCulled}}
	switch closure, err := s.Store.Closure(ctx, id); {
	case err == nil:
		kept := closure.Culled()
		cl.Closure = &kept
	case !errors.Is(err, bot.ErrNotFound):
		return false, err
	}
	return s.Store.Cull(ctx, id, cl)
}

// Daily runs the day's culling once across replicas: the one that takes
// the day's lease runs it, and marks the day done when every due case was
// culled. A replica that dies midway leaves the lease to expire, and the
// next replica's run finishes the work.
func (s *Service) Daily(ctx context.Context, holder string, lease time.Duration) error {
	if !s.Config().Retention.Set() {
		return nil // no retention time applies to anything: nothing to do
	}
	day := s.Now().In(s.Config().Location()).Format(time.DateOnly)
	ok, err := s.Store.ClaimRetention(ctx, day, holder, lease)
	if err != nil || !ok {
		return err
	}
	items, err := s.Run(ctx, bot.SystemActor, false)
	if err != nil {
		return fmt.Errorf("culling run of %s: %w", day, err)
	}
	culled, kept := Count(items)
	s.Log.InfoContext(ctx, "culling run", "day", day, "culled", culled, "kept", kept)
	return s.Store.FinishRetention(ctx, day)
}

// Count counts the items culled and those kept past their time.
func Count(items []Item) (culled, kept int) {
	for _, it := range items {
		if it.Cull {
			culled++
		} else {
			kept++
		}
	}
	return culled, kept
}

// Describe is one line per item for the command line: the case, when it
// was due, and what was done or would be.
func Describe(items []Item, dryRun bool, loc *time.Location) string {
	var b strings.Builder
	for _, it := range items {
		what := "culled"
		switch {
		case !it.Cull && it.Kept != "":
			what = "kept: " + it.Kept
		case !it.Cull:
			what = "not culled: it changed meanwhile; run again"
		case dryRun:
			what = "would be culled"
		}
		fmt.Fprintf(&b, "%s\tdue %s\t%s\n", it.Case, it.Due.In(loc).Format(time.DateOnly), what)
	}
	return b.String()
}
