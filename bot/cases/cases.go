// Package cases is the coordinators' side of the bot: the actions on a
// case (acknowledge, assign, escalate, document, classify, close), the
// reading of its details, and a coordinator's queue. Every action is
// checked against the case's handlers and the state machine, applied as
// one compare-and-set in the store, and recorded; a refusal is recorded
// too.
package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
)

// Store reads and changes cases for coordinators.
type Store interface {
	bot.YearLister
	// Case returns a case without its report.
	Case(ctx context.Context, id bot.CaseID) (bot.Case, error)
	// UpdateCase applies ch; changed is false for a no-op, and a case in a
	// status ch.Move does not start from gives ErrConflict.
	UpdateCase(ctx context.Context, id bot.CaseID, ch bot.Change) (c bot.Case, changed bool, err error)
	// AddNote appends a note to the running log; the store numbers it.
	AddNote(ctx context.Context, id bot.CaseID, n bot.Note, e bot.AuditEntry) (bot.Note, error)
	// Notes returns the running log, oldest first.
	Notes(ctx context.Context, id bot.CaseID) ([]bot.Note, error)
	// AddMessage appends a message to the relay with the reporter while
	// the case is in a status move starts from, and queues ev.
	AddMessage(ctx context.Context, id bot.CaseID, move bot.Move, m bot.Message, ev bot.Event, e bot.AuditEntry) (bot.Message, error)
	// Messages returns the relay, oldest first.
	Messages(ctx context.Context, id bot.CaseID) ([]bot.Message, error)
	// Report returns what the reporter wrote.
	Report(ctx context.Context, id bot.CaseID) (bot.Report, error)
	// Closure returns how the case was closed, ErrNotFound while it is open.
	Closure(ctx context.Context, id bot.CaseID) (bot.Closure, error)
	// RecordAudit appends an entry that changes nothing else: a read, a refusal.
	RecordAudit(ctx context.Context, id bot.CaseID, e bot.AuditEntry) error
	// OpenCases lists the cases of the given years that are not closed and
	// belong to one of units or are assigned to assignee, each once.
	OpenCases(ctx context.Context, years []int, units []string, assignee string) ([]bot.Case, error)
	// OpenQueue lists, oldest first, the first limit open cases of years
	// in units or assigned to assignee that keep accepts; more when there
	// are more.
	OpenQueue(ctx context.Context, years []int, units []string, assignee string, keep func(bot.Case) bool, limit int) ([]bot.Case, bool, error)
	// ClosedCases lists the closed cases of the given years.
	ClosedCases(ctx context.Context, years []int) ([]bot.Case, error)
}

// Service carries out coordinators' actions.
type Service struct {
	bot.Runtime
	Store Store
	// Directory signs notes and closures with a name and title; nil signs
	// them with the Slack id alone.
	Directory bot.Directory
}

// ErrImplicated refuses to give a case to someone involved in it.
var ErrImplicated = fmt.Errorf("the person is involved in the case: %w", bot.ErrNotAllowed)

// handle loads a case and checks that actor may act on it. A refusal is
// recorded in the case's history and returned as ErrNotAllowed.
func (s *Service) handle(ctx context.Context, id bot.CaseID, actor, action string) (bot.Case, error) {
	c, err := s.Store.Case(ctx, id)
	if err != nil {
		return bot.Case{}, err
	}
	if !s.Config().MayHandle(c, actor) {
		s.refused(ctx, id, actor, action, "")
		return bot.Case{}, fmt.Errorf("%s %s by %s: %w", action, id, actor, bot.ErrNotAllowed)
	}
	return c, nil
}

// refused records that actor was refused action on the case, and why.
func (s *Service) refused(ctx context.Context, id bot.CaseID, actor, action, reason string) {
	fields := map[string]string{"attempted": action}
	if reason != "" {
		fields["reason"] = reason
	}
	e := bot.AuditEntry{At: s.Now(), Actor: actor, Action: bot.ActionDenied, Fields: fields}
	if err := s.Store.RecordAudit(ctx, id, e); err != nil {
		s.Log.ErrorContext(ctx, "record refusal", "case", id, "err", err)
	}
}

// Case returns a case for someone who may handle it, without its details.
// purpose names what it is opened for in a refusal: the button pressed.
func (s *Service) Case(ctx context.Context, id bot.CaseID, actor, purpose string) (bot.Case, error) {
	return s.handle(ctx, id, actor, "open:"+purpose)
}

// move checks that a case in c's status may take m: a case already where
// m leaves it is a no-op (done), one in another status a conflict.
func move(c bot.Case, m bot.Move) (done bool, err error) {
	switch {
	case c.Status.Done(m):
		return true, nil
	case !c.Status.Allows(m):
		return false, fmt.Errorf("%s %s: it is %s: %w", m, c.ID, c.Status, bot.ErrConflict)
	}
	return false, nil
}

// Acknowledge marks the case as received by actor. Acknowledging an
// acknowledged case changes nothing.
func (s *Service) Acknowledge(ctx context.Context, id bot.CaseID, actor string) (bot.Case, bool, error) {
	c, err := s.handle(ctx, id, actor, bot.ActionAcknowledged)
	if err != nil {
		return bot.Case{}, false, err
	}
	if done, err := move(c, bot.MoveAcknowledge); done || err != nil {
		return c, false, err
	}
	now := s.Now()
	var counters []bot.Counter
	if c.AckBy == "" {
		counters = []bot.Counter{s.Count(c, now, bot.CountAckHours+bot.DurationBucket(now.Sub(c.CreatedAt)), 1)}
	}
	return s.Store.UpdateCase(ctx, id, bot.Change{
		Move: bot.MoveAcknowledge, Was: c, AckBy: actor, AckAt: now, Counters: counters,
		Announce: bot.EventAcknowledged, Audit: bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionAcknowledged},
	})
}

// Assign gives the case to assignee, who may then handle it. Someone
// involved in the case is refused with ErrImplicated.
func (s *Service) Assign(ctx context.Context, id bot.CaseID, actor, assignee string) (bot.Case, bool, error) {
	c, err := s.handle(ctx, id, actor, bot.ActionAssigned)
	if err != nil {
		return bot.Case{}, false, err
	}
	if !bot.IsUserID(assignee) {
		return bot.Case{}, false, fmt.Errorf("assign %s to %q: %w", id, assignee, bot.ErrNotFound)
	}
	if c.Implicated(assignee) {
		s.refused(ctx, id, actor, bot.ActionAssigned, "assignee implicated")
		return bot.Case{}, false, ErrImplicated
	}
	if _, err := move(c, bot.MoveAssign); err != nil {
		return bot.Case{}, false, err
	}
	if c.Assignee == assignee {
		return c, false, nil
	}
	return s.Store.UpdateCase(ctx, id, bot.Change{
		Move: bot.MoveAssign, Was: c, Assignee: &assignee, Announce: bot.EventAssigned,
		Audit: bot.AuditEntry{At: s.Now(), Actor: actor, Action: bot.ActionAssigned, Fields: map[string]string{"assignee": assignee, "previous": c.Assignee}},
	})
}

// Escalate raises the case, with a reason, to the unit's escalation
// people (bot.EscalateToLine) or to the independent function
// (bot.EscalateToIndependent), past everyone implicated in it.
func (s *Service) Escalate(ctx context.Context, id bot.CaseID, actor, to, reason string) (bot.Case, bool, error) {
	c, err := s.handle(ctx, id, actor, bot.ActionEscalated)
	if err != nil {
		return bot.Case{}, false, err
	}
	if done, err := move(c, bot.MoveEscalate); done || err != nil {
		return c, false, err
	}
	reason = strings.TrimSpace(reason)
	errs := bot.FieldErrors{}
	bot.CheckText(bot.FieldEscalateReason, reason, bot.MaxEscalationReason, true, errs)
	if msg, ok := s.EscalationRefused(ctx, c, to); !ok {
		errs[bot.FieldEscalateTo] = msg
	}
	if len(errs) > 0 {
		return bot.Case{}, false, errs
	}
	now := s.Now()
	return s.Store.UpdateCase(ctx, id, bot.Change{
		Move: bot.MoveEscalate, Was: c, EscalatedBy: actor, EscalatedAt: now, EscalatedTo: append(slices.Clone(c.EscalatedTo), to),
		Announce: bot.EventEscalated, Audit: bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionEscalated,
			Fields: map[string]string{bot.EscalationReasonField: reason, "to": to}},
	})
}

// EscalationTargets lists where the case may be escalated now: the unit's
// escalation people and the independent function, each where someone not
// implicated would receive it and the case has not reached them already.
func (s *Service) EscalationTargets(ctx context.Context, c bot.Case) []string {
	var out []string
	for _, to := range []string{bot.EscalateToLine, bot.EscalateToIndependent} {
		if _, ok := s.EscalationRefused(ctx, c, to); ok {
			out = append(out, to)
		}
	}
	return out
}

// EscalationRefused says why the case cannot be escalated to to; ok when
// it can.
func (s *Service) EscalationRefused(ctx context.Context, c bot.Case, to string) (msg bot.Text, ok bool) {
	switch {
	case to == bot.EscalateToLine && c.ReachedEscalation():
		return bot.Text{SV: "Ärendet ligger redan hos enhetens eskaleringspersoner.", EN: "The case is with the unit's escalation people already."}, false
	case to == bot.EscalateToIndependent && c.ReachedIndependent():
		return bot.Text{SV: "Ärendet ligger redan hos den oberoende funktionen.", EN: "The case is with the independent function already."}, false
	case to != bot.EscalateToLine && to != bot.EscalateToIndependent:
		return bot.ErrChoice, false
	case !s.ResolveEscalation(ctx, s.Directory, c, to).Reachable():
		return bot.Text{SV: "Där finns ingen som inte är inblandad i ärendet. Välj den andra mottagaren.",
			EN: "There is no one there who is not involved in the case. Choose the other recipient."}, false
	}
	return bot.Text{}, true
}
