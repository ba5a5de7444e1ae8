package deliver

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/incidentbot/incidentbot/bot"
)

// relay passes an event on between the case's handlers and its reporter.
// Each message goes once: an announcement tried again finds in the case's
// history what was sent already. The reporter's Slack id is read from the
// relay and goes nowhere else.
func (s *Service) relay(ctx context.Context, c bot.Case, e bot.Event, check bool) error {
	if !c.CulledAt.IsZero() {
		return nil
	}
	switch e {
	case bot.EventAcknowledged, bot.EventAssigned, bot.EventClosed:
		return s.tellReporter(ctx, c, e, check)
	case bot.EventAsked, bot.EventAnswered:
		return s.passMessages(ctx, c, e, check)
	}
	return nil
}

// told reports whether the history records an entry of action for event
// e, and message number n when not 0.
func told(hist []bot.AuditEntry, action string, e bot.Event, n int) bool {
	return slices.ContainsFunc(hist, func(a bot.AuditEntry) bool {
		return a.Action == action && a.Fields["event"] == string(e) && (n == 0 || a.Fields["number"] == strconv.Itoa(n))
	})
}

// tellReporter tells the reporter of an event, once.
func (s *Service) tellReporter(ctx context.Context, c bot.Case, e bot.Event, check bool) error {
	hist, err := s.Store.History(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("tell reporter: %w", err)
	}
	if told(hist, bot.ActionReporterTold, e, 0) {
		return nil
	}
	// An assignment after the case closed is no news.
	if e == bot.EventAssigned && !c.Status.Open() {
		return nil
	}
	feedback := ""
	if e == bot.EventClosed {
		cl, err := s.Store.Closure(ctx, c.ID)
		if err != nil && !errors.Is(err, bot.ErrNotFound) {
			return fmt.Errorf("tell reporter: %w", err)
		}
		feedback = cl.Feedback
	}
	user, err := s.Store.ReporterUser(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("tell reporter: %w", err)
	}
	p := bot.Post{Key: bot.ToldKey(c.ID, e), Since: c.CreatedAt, Check: check}
	if err := s.Notifier.TellReporter(ctx, c, user, e, feedback, p); err != nil {
		return fmt.Errorf("tell reporter: %w", err)
	}
	return s.Store.RecordAudit(ctx, c.ID, bot.AuditEntry{At: s.Now(), Actor: bot.SystemActor, Action: bot.ActionReporterTold,
		Fields: map[string]string{"event": string(e)}})
}

// passMessages sends every question not yet sent to the reporter, or
// tells a handler of every answer not yet told: the one who asked, while
// they may still handle the case, else the assignee. A message from the
// reporter that no one can be told of shows on the card all the same.
func (s *Service) passMessages(ctx context.Context, c bot.Case, e bot.Event, check bool) error {
	msgs, err := s.Store.Messages(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("relay: %w", err)
	}
	hist, err := s.Store.History(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("relay: %w", err)
	}
	var errs []error
	for _, m := range msgs {
		if m.FromReporter != (e == bot.EventAnswered) {
			continue
		}
		action := bot.ActionReporterTold
		if m.FromReporter {
			action = bot.ActionHandlerTold
		}
		if told(hist, action, e, m.Number) {
			continue
		}
		if err := s.pass(ctx, c, msgs, m, bot.Post{Key: bot.RelayKey(c.ID, m.Number), Since: m.At, Check: check}); err != nil {
			errs = append(errs, fmt.Errorf("relay message %d: %w", m.Number, err))
			continue
		}
		err := s.Store.RecordAudit(ctx, c.ID, bot.AuditEntry{At: s.Now(), Actor: bot.SystemActor, Action: action,
			Fields: map[string]string{"event": string(e), "number": strconv.Itoa(m.Number)}})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// pass sends one message of the relay on.
func (s *Service) pass(ctx context.Context, c bot.Case, msgs []bot.Message, m bot.Message, p bot.Post) error {
	if !m.FromReporter {
		user, err := s.Store.ReporterUser(ctx, c.ID)
		if err != nil {
			return err
		}
		return s.Notifier.AskReporter(ctx, c, user, m, p)
	}
	var to []string
	if i := slices.IndexFunc(msgs, func(q bot.Message) bool { return q.Number == m.InReplyTo && !q.FromReporter }); i >= 0 {
		to = append(to, msgs[i].By)
	}
	to = append(to, c.Assignee)
	cfg := s.Config()
	for _, u := range to {
		if u != "" && cfg.MayHandle(c, u) {
			return s.Notifier.TellHandler(ctx, c, u, m, p)
		}
	}
	return nil
}
