package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// NotifyInput is what a coordinator records of a notification to an
// authority.
type NotifyInput struct {
	Authority bot.Authority
	At        time.Time
	Reference string
	// Note goes into the case's running log, signed like any note.
	Note string
	// Partial: more follows (IMY in phases, IVO's unfinished investigation).
	Partial bool
}

// futureSlack is how far ahead a time may be typed and still count as now.
const futureSlack = 10 * time.Minute

// Notify records that an authority was notified of the case: it meets the
// clocks the notification stops, shows on the card, goes into the history
// and, with its note, the running log. Recording the same notification
// again changes nothing.
func (s *Service) Notify(ctx context.Context, id bot.CaseID, actor string, in NotifyInput) (bot.Case, bool, error) {
	in.Reference, in.Note = strings.TrimSpace(in.Reference), strings.TrimSpace(in.Note)
	for attempt := 0; ; attempt++ {
		c, err := s.handle(ctx, id, actor, bot.ActionNotified)
		if err != nil {
			return bot.Case{}, false, err
		}
		if _, err := move(c, bot.MoveNotify); err != nil {
			return bot.Case{}, false, err
		}
		now := s.Now()
		if errs := validateNotification(in, now); len(errs) > 0 {
			return bot.Case{}, false, errs
		}
		if slices.ContainsFunc(c.Notifications, func(n bot.Notification) bool {
			return n.Authority == in.Authority && n.At.Equal(in.At) && n.Reference == in.Reference && n.Partial == in.Partial
		}) {
			return c, false, nil
		}
		n := bot.Notification{Authority: in.Authority, At: in.At.UTC(), Reference: in.Reference, Partial: in.Partial,
			By: s.signature(ctx, actor), RecordedAt: now}
		next := c
		next.Notifications = append(slices.Clone(c.Notifications), n)
		slices.SortStableFunc(next.Notifications, func(a, b bot.Notification) int { return a.At.Compare(b.At) })
		deadlines := bot.DeadlinesOf(next, s.Config())
		fields := map[string]string{"authority": string(in.Authority), "at": in.At.UTC().Format(time.RFC3339), "reference": in.Reference}
		if in.Partial {
			fields["partial"] = "yes"
		}
		got, changed, err := s.Store.UpdateCase(ctx, id, bot.Change{
			Move: bot.MoveNotify, Was: c, Version: c.Version, Notifications: &next.Notifications, Deadlines: &deadlines,
			Counters: s.notificationCounters(c, next, n, now), Announce: bot.EventNotified,
			Audit: bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionNotified, Fields: fields},
		})
		if errors.Is(err, bot.ErrConflict) && attempt < 3 {
			continue // another change came in between: read the case again
		}
		if err != nil || !changed || in.Note == "" {
			return got, changed, err
		}
		info, _ := in.Authority.Info()
		source := fmt.Sprintf("%s, %s", info.Name.SV, in.At.In(s.Config().Location()).Format("2006-01-02 15:04"))
		if in.Reference != "" {
			source += ", " + in.Reference
		}
		note := bot.Note{At: now, By: n.By, Text: in.Note, Source: source, Kind: bot.NoteFact}
		if _, err := s.Store.AddNote(ctx, id, note, bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionNoteAdded,
			Fields: map[string]string{"kind": bot.NoteFact, "with": string(bot.ActionNotified)}}); err != nil {
			return got, changed, fmt.Errorf("the notification was recorded, its note was not: %w", err)
		}
		return got, changed, nil
	}
}

func validateNotification(in NotifyInput, now time.Time) bot.FieldErrors {
	errs := bot.FieldErrors{}
	info, ok := in.Authority.Info()
	if !ok {
		errs[bot.FieldAuthorityID] = bot.ErrChoice
	}
	switch {
	case in.At.IsZero():
		errs[bot.FieldNotifiedAt] = bot.Text{SV: "Ange när myndigheten underrättades.", EN: "Say when the authority was notified."}
	case in.At.After(now.Add(futureSlack)):
		errs[bot.FieldNotifiedAt] = bot.Text{SV: "Tidpunkten ligger i framtiden.", EN: "This time is in the future."}
	case in.At.Before(now.AddDate(-5, 0, 0)):
		errs[bot.FieldNotifiedAt] = bot.Text{SV: "Tidpunkten ligger mer än fem år bakåt.", EN: "This time is more than five years ago."}
	}
	bot.CheckText(bot.FieldReference, in.Reference, bot.MaxReference, false, errs)
	bot.CheckText(bot.FieldNotifyNote, in.Note, bot.MaxCoordinatorText, false, errs)
	if in.Partial && ok && info.Partial.SV == "" {
		errs[bot.FieldNotifyPartial] = bot.Text{SV: "Gäller inte den här myndigheten.", EN: "Does not apply to this authority."}
	}
	return errs
}

// notificationCounters count what a new notification n changes in the
// week's figures: a first notification to IVO or IMY, and each deadline
// it meets, in time or late.
func (s *Service) notificationCounters(before, after bot.Case, n bot.Notification, now time.Time) []bot.Counter {
	var out []bot.Counter
	first := func(as ...bot.Authority) bool {
		return slices.Contains(as, n.Authority) && !slices.ContainsFunc(before.Notifications, func(o bot.Notification) bool { return slices.Contains(as, o.Authority) })
	}
	if first(bot.AuthorityIVO) {
		out = append(out, s.Count(after, now, bot.CountIVO, 1))
	}
	if first(bot.AuthorityIMY, bot.AuthorityIMYLaw) {
		out = append(out, s.Count(after, now, bot.CountIMY, 1))
	}
	return append(out, s.clockCounters(before, after, now)...)
}

// clockCounters count each deadline that a change stopped, in time or late.
func (s *Service) clockCounters(before, after bot.Case, now time.Time) []bot.Counter {
	var out []bot.Counter
	loc := s.Config().Location()
	wasRunning := map[bot.ClockID]bool{}
	for _, k := range bot.Clocks(before, loc) {
		wasRunning[k.ID] = k.Running()
	}
	for _, k := range bot.Clocks(after, loc) {
		if k.Running() || k.Due.IsZero() || !wasRunning[k.ID] {
			continue
		}
		if k.Late(k.Met) {
			out = append(out, s.Count(after, now, bot.CountClockLate, 1))
		} else {
			out = append(out, s.Count(after, now, bot.CountClockMet, 1))
		}
	}
	return out
}
