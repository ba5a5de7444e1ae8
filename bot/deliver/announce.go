package deliver

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// Announce tells everyone concerned of an event on a case: every card is
// redrawn; the reporter, anonymous or not, hears of acknowledgement,
// assignment, closing and handlers' questions, and a handler of the
// reporter's answers; escalation people and a new assignee get the card. Failures are joined
// and returned after every step has been tried. An empty e only redraws
// the cards.
func (s *Service) Announce(ctx context.Context, id bot.CaseID, e bot.Event) error {
	// One announcer per queued change at a time: the process that made
	// it, or the sweep when that one failed or died.
	queued, ok, err := s.Store.QueuedAnnouncement(ctx, id, e)
	if err != nil {
		return err
	}
	if !ok {
		_, err := s.announce(ctx, id, e, false)
		return err
	}
	cl, claimed, err := s.Store.ClaimAnnouncement(ctx, id, e, queued, s.Holder, s.lease())
	if err != nil || !claimed {
		return err
	}
	hctx, stop := s.hold(ctx, cl.Lease)
	_, err = s.announce(hctx, id, e, cl.Tries > 1)
	stop()
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err != nil {
		s.retryLater(rctx, "announcement", cl.Tries, func(at time.Time) error { return s.Store.AnnouncementFailed(rctx, id, e, at) })
	}
	if rerr := s.Store.ReleaseLease(rctx, cl.Lease); rerr != nil {
		s.Log.WarnContext(ctx, "announcement claim not given back; it lapses", "case", id, "err", rerr)
	}
	return err
}

// announce does Announce's work; check looks in Slack first for what an
// earlier try may have posted.
func (s *Service) announce(ctx context.Context, id bot.CaseID, e bot.Event, check bool) (bool, error) {
	c, errs, err := s.redraw(ctx, id)
	if errors.Is(err, bot.ErrNotFound) {
		// The case is gone: there is nothing left to announce.
		return true, s.Store.FinishAnnouncement(ctx, id, e, math.MaxInt64)
	}
	if err != nil {
		return false, err
	}
	var newTargets []bot.Target
	switch e {
	case bot.EventEscalated:
		if n := len(c.EscalatedTo); n > 0 {
			newTargets = s.ResolveEscalation(ctx, s.Directory, c, c.EscalatedTo[n-1]).Targets()
		}
	case bot.EventAssigned:
		newTargets = []bot.Target{{User: c.Assignee}}
	case bot.EventClassified:
		newTargets = s.reroute(ctx, c)
	}
	for _, t := range newTargets {
		if t.User != "" && (c.Implicated(t.User) || c.Route.Channel == "" && slices.Contains(c.Route.Coordinators, t.User)) || c.HasCardFor(t) {
			continue
		}
		if err := s.postCard(ctx, c, t, check); err != nil {
			errs = append(errs, err)
		}
	}
	if err := s.relay(ctx, c, e, check); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return false, errors.Join(errs...)
	}
	// Announced as of the version drawn; a later change stays queued.
	return true, s.Store.FinishAnnouncement(ctx, id, e, c.Version)
}

// announceFor is how long a change's announcement is tried. A card that
// can no longer be updated (its channel archived, the bot removed, the
// message deleted) or a reporter who has left fails for good: a change
// whose announcement still fails this long after it was made is logged,
// recorded in the case's history, and leaves the queue. One that was never
// tried (every replica was down) is tried first.
const announceFor = 24 * time.Hour

// announcePending announces the changes whose announcement did not finish
// within grace: Slack was down, or the process stopped in between.
func (s *Service) announcePending(ctx context.Context, grace time.Duration) {
	now := s.Now()
	due, err := s.Store.PendingAnnouncements(ctx, s.OpenYears(ctx, s.Store), now.Add(-grace), now)
	if err != nil {
		s.Log.ErrorContext(ctx, "list pending announcements", "err", err)
		return
	}
	for _, a := range due {
		if ctx.Err() != nil {
			return
		}
		if a.Event == "" {
			s.abandonAnnouncement(ctx, a) // nothing left to announce
			continue
		}
		actx, cancel := context.WithTimeout(ctx, Timeout)
		err := s.Announce(actx, a.Case, a.Event)
		cancel()
		if err != nil {
			s.Log.ErrorContext(ctx, "announce change", "case", a.Case, "event", a.Event, "err", err)
			if now.Sub(a.At) > announceFor {
				// Tried once more and failed, a day after the change.
				s.abandonAnnouncement(ctx, a)
			}
		}
	}
}

// abandonAnnouncement takes a change off the queue that is empty or has
// been tried for announceFor.
func (s *Service) abandonAnnouncement(ctx context.Context, a bot.Announcement) {
	if a.Event != "" {
		s.Log.ErrorContext(ctx, "announcement given up; the case's cards or reporter may not show the change", "case", a.Case, "event", a.Event)
		e := bot.AuditEntry{At: s.Now(), Actor: bot.SystemActor, Action: bot.ActionAnnounceFailed, Fields: map[string]string{"event": string(a.Event)}}
		if err := s.Store.RecordAudit(ctx, a.Case, e); err != nil && !errors.Is(err, bot.ErrNotFound) {
			s.Log.ErrorContext(ctx, "record abandoned announcement", "case", a.Case, "err", err)
		}
	}
	if err := s.Store.FinishAnnouncement(ctx, a.Case, a.Event, a.Version); err != nil {
		s.Log.ErrorContext(ctx, "finish announcement", "case", a.Case, "err", err)
	}
}

// maxRedraws bounds how often one announcement redraws the cards to catch
// up with changes made meanwhile.
const maxRedraws = 3

// redraw updates every card of the case and returns the case it drew.
// Two actions at once announce at once, and the older state may reach
// Slack last: so after drawing, the case is read again, and when another
// change came in meanwhile the cards are drawn again from it. Whichever
// announcement finishes last has drawn the newest state.
func (s *Service) redraw(ctx context.Context, id bot.CaseID) (bot.Case, []error, error) {
	c, err := s.Store.Case(ctx, id)
	if err != nil {
		return bot.Case{}, nil, err
	}
	var errs []error
	for i := range maxRedraws {
		errs = errs[:0]
		for _, ref := range c.Cards {
			if err := s.Notifier.UpdateCard(ctx, c, ref); err != nil {
				errs = append(errs, fmt.Errorf("update card in %s: %w", ref.Channel, err))
			}
		}
		latest, err := s.Store.Case(ctx, id)
		if err != nil || latest.Version == c.Version || i == maxRedraws-1 {
			// c is what the cards show: a change after it stays queued
			// for its own announcement.
			break
		}
		c = latest
	}
	return c, errs, nil
}

// reroute is where a reclassified case on its usual route goes now, by
// the same rules as a new one: its category's route, or past it when
// someone involved is on it. A case that went past its usual route, or was
// escalated, stays where it is: a new category must not bring it back into
// the line.
func (s *Service) reroute(ctx context.Context, c bot.Case) []bot.Target {
	if c.Route.Escalated || len(c.EscalatedTo) > 0 {
		return nil
	}
	r, err := s.ResolveRoute(ctx, s.Directory, bot.RouteQuery{Category: c.Category, Unit: c.Unit,
		Involved: c.Involved, ReportingLineInvolved: c.ReportingLine})
	if err != nil {
		return nil
	}
	return r.Targets()
}
