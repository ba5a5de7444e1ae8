package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
)

// reporterOf loads a case for its reporter: user must be the one who
// reported it, whatever a request claims; anyone else is refused, and the
// refusal is recorded under their own id. A culled case, whose reporter is
// no longer known, is refused as closed and nobody's id is recorded: the
// one asking may be its reporter, whom culling made unknown.
func (s *Service) reporterOf(ctx context.Context, user string, id bot.CaseID, action string) (bot.Case, error) {
	c, err := s.Store.Case(ctx, id)
	if err != nil {
		return bot.Case{}, err
	}
	if !c.CulledAt.IsZero() {
		return bot.Case{}, fmt.Errorf("%s %s: culled: %w", action, id, bot.ErrConflict)
	}
	reporter, err := s.Store.ReporterUser(ctx, id)
	if errors.Is(err, bot.ErrNotFound) {
		// Culled since it was read.
		return bot.Case{}, fmt.Errorf("%s %s: its reporter is not known: %w", action, id, bot.ErrConflict)
	}
	if err != nil {
		return bot.Case{}, err
	}
	if reporter != user {
		e := bot.AuditEntry{At: s.Now(), Actor: user, Action: bot.ActionDenied, Fields: map[string]string{"attempted": action, "reason": "not the reporter"}}
		if err := s.Store.RecordAudit(ctx, id, e); err != nil {
			s.Log.ErrorContext(ctx, "record refusal", "case", id, "err", err)
		}
		return bot.Case{}, fmt.Errorf("%s %s by %s: %w", action, id, user, bot.ErrNotAllowed)
	}
	return c, nil
}

// Question returns question n of the case to its reporter, so the answer
// dialog can show what it answers; n 0 is information the reporter adds on
// their own, and gives an empty message.
func (s *Service) Question(ctx context.Context, user string, id bot.CaseID, n int) (bot.Case, bot.Message, error) {
	c, err := s.reporterOf(ctx, user, id, bot.ActionAnswered)
	if err != nil {
		return bot.Case{}, bot.Message{}, err
	}
	if !c.Status.Allows(bot.MoveAnswer) {
		return c, bot.Message{}, fmt.Errorf("answer %s: it is %s: %w", id, c.Status, bot.ErrConflict)
	}
	if n == 0 {
		return c, bot.Message{}, nil
	}
	q, err := s.question(ctx, id, n)
	return c, q, err
}

// question is the handler's question n of the relay.
func (s *Service) question(ctx context.Context, id bot.CaseID, n int) (bot.Message, error) {
	msgs, err := s.Store.Messages(ctx, id)
	if err != nil {
		return bot.Message{}, err
	}
	i := slices.IndexFunc(msgs, func(m bot.Message) bool { return m.Number == n && !m.FromReporter })
	if i < 0 {
		return bot.Message{}, fmt.Errorf("question %d of %s: %w", n, id, bot.ErrNotFound)
	}
	return msgs[i], nil
}

// Answer brings the reporter's answer to question inReplyTo back into the
// case, or with inReplyTo 0 information they add on their own. Only the
// case's reporter may answer, and only while it is open; the answer is
// recorded as the reporter's, "anonymous" for an anonymous report.
func (s *Service) Answer(ctx context.Context, user string, id bot.CaseID, inReplyTo int, text string) (bot.Message, error) {
	c, err := s.reporterOf(ctx, user, id, bot.ActionAnswered)
	if err != nil {
		return bot.Message{}, err
	}
	if inReplyTo < 0 {
		return bot.Message{}, fmt.Errorf("answer %s to question %d: %w", id, inReplyTo, bot.ErrNotFound)
	}
	if inReplyTo > 0 {
		if _, err := s.question(ctx, id, inReplyTo); err != nil {
			return bot.Message{}, err
		}
	}
	if !c.Status.Allows(bot.MoveAnswer) {
		return bot.Message{}, fmt.Errorf("answer %s: it is %s: %w", id, c.Status, bot.ErrConflict)
	}
	text = strings.TrimSpace(text)
	errs := bot.FieldErrors{}
	bot.CheckText(bot.FieldAnswer, text, bot.MaxMessage, true, errs)
	if len(errs) > 0 {
		return bot.Message{}, errs
	}
	now := s.Now()
	m := bot.Message{At: now, FromReporter: true, Text: text, InReplyTo: inReplyTo}
	fields := map[string]string{"number": strconv.Itoa(c.Messages + 1)}
	if inReplyTo > 0 {
		fields["in_reply_to"] = strconv.Itoa(inReplyTo)
	}
	return s.Store.AddMessage(ctx, id, bot.MoveAnswer, m, bot.EventAnswered,
		bot.AuditEntry{At: now, Actor: c.ReporterActor(), Action: bot.ActionAnswered, Fields: fields})
}
