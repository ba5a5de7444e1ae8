package bot

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// openStatuses are the statuses a coordinator may still act in.
var openStatuses = []Status{StatusNew, StatusAcknowledged, StatusEscalated}

// Field ids of the coordinators' dialogs.
const (
	FieldEscalateReason  = "escalate_reason"
	FieldNoteText        = "note_text"
	FieldNoteSource      = "note_source"
	FieldNoteKind        = "note_kind"
	FieldNoteAttachment  = "note_attachment"
	FieldDecision        = "decision"
	FieldRootCauses      = "root_causes"
	FieldRootCauseText   = "root_cause_text"
	FieldActionsTaken    = "actions_taken"
	FieldActionsAt       = "actions_at"
	FieldActionsPlanned  = "actions_planned"
	FieldFollowUp        = "follow_up"
	FieldRegistryNumber  = "registry_number"
	FieldCommitteeAt     = "committee_informed_at"
	FieldIVOAt           = "ivo_notified_at"
	FieldAuthority       = "authority_notified"
	FieldAuthorityAt     = "authority_notified_at"
	maxCoordinatorText   = 3000
	maxNoteSource        = 300
	maxAttachment        = 100
	maxRegistryNumber    = 50
	maxEscalationReason  = 1000
	escalationReasonsKey = "reason"
)

// handle loads a case and checks that actor may act on it. A refusal is
// recorded in the case's history and returned as ErrNotAllowed.
func (s *Service) handle(ctx context.Context, id CaseID, actor, action string) (Case, error) {
	c, err := s.Store.Case(ctx, id)
	if err != nil {
		return Case{}, err
	}
	if !s.Config().MayHandle(c, actor) {
		e := AuditEntry{At: s.now(), Actor: actor, Action: ActionDenied, Fields: map[string]string{"attempted": action}}
		if err := s.Store.RecordAudit(ctx, id, e); err != nil {
			s.log().ErrorContext(ctx, "record refusal", "case", id, "err", err)
		}
		return Case{}, fmt.Errorf("%s %s by %s: %w", action, id, actor, ErrNotAllowed)
	}
	return c, nil
}

// Case returns a case for someone who may handle it, without its details.
func (s *Service) Case(ctx context.Context, id CaseID, actor string) (Case, error) {
	return s.handle(ctx, id, actor, "open")
}

// Acknowledge marks the case as received by actor. Acknowledging an
// acknowledged case changes nothing.
func (s *Service) Acknowledge(ctx context.Context, id CaseID, actor string) (Case, bool, error) {
	c, err := s.handle(ctx, id, actor, ActionAcknowledged)
	if err != nil {
		return Case{}, false, err
	}
	now := s.now()
	var counters []Counter
	if c.AckBy == "" {
		counters = []Counter{s.counter(c, now, CountAckHours+durationBucket(now.Sub(c.CreatedAt)), 1)}
	}
	return s.Store.UpdateCase(ctx, id, Change{
		From: []Status{StatusNew, StatusEscalated}, To: StatusAcknowledged, AckBy: actor, AckAt: now, Counters: counters,
		Announce: EventAcknowledged, Audit: AuditEntry{At: now, Actor: actor, Action: ActionAcknowledged},
	})
}

// ErrImplicated refuses to give a case to someone involved in it.
var ErrImplicated = fmt.Errorf("the person is involved in the case: %w", ErrNotAllowed)

// Assign gives the case to assignee, who may then handle it. Someone
// involved in the case is refused with ErrImplicated.
func (s *Service) Assign(ctx context.Context, id CaseID, actor, assignee string) (Case, bool, error) {
	c, err := s.handle(ctx, id, actor, ActionAssigned)
	if err != nil {
		return Case{}, false, err
	}
	if !IsUserID(assignee) {
		return Case{}, false, fmt.Errorf("assign %s to %q: %w", id, assignee, ErrNotFound)
	}
	if c.Implicated(assignee) {
		e := AuditEntry{At: s.now(), Actor: actor, Action: ActionDenied, Fields: map[string]string{"attempted": ActionAssigned, "reason": "assignee implicated"}}
		if err := s.Store.RecordAudit(ctx, id, e); err != nil {
			s.log().ErrorContext(ctx, "record refusal", "case", id, "err", err)
		}
		return Case{}, false, ErrImplicated
	}
	if c.Assignee == assignee {
		return c, false, nil
	}
	return s.Store.UpdateCase(ctx, id, Change{
		From: openStatuses, Assignee: &assignee, Announce: EventAssigned,
		Audit: AuditEntry{At: s.now(), Actor: actor, Action: ActionAssigned, Fields: map[string]string{"assignee": assignee, "previous": c.Assignee}},
	})
}

func textError(field string, s string, maxLen int, required bool, errs FieldErrors) {
	switch n := utf8.RuneCountInString(s); {
	case n == 0 && required:
		errs[field] = errRequired
	case n > maxLen:
		errs[field] = errTooLong(n, maxLen)
	}
}

// Escalate raises the case to the unit's escalation people, with a reason.
func (s *Service) Escalate(ctx context.Context, id CaseID, actor, reason string) (Case, bool, error) {
	c, err := s.handle(ctx, id, actor, ActionEscalated)
	if err != nil {
		return Case{}, false, err
	}
	reason = strings.TrimSpace(reason)
	errs := FieldErrors{}
	textError(FieldEscalateReason, reason, maxEscalationReason, true, errs)
	unit, _ := s.Config().Unit(c.Unit)
	if !slices.ContainsFunc(unit.Escalation, func(u string) bool { return !c.Implicated(u) }) {
		errs[FieldEscalateReason] = Text{"Enheten har ingen att eskalera till som inte är inblandad. Kontakta HR eller din chef direkt.",
			"The unit has no one to escalate to who is not involved. Contact HR or your manager directly."}
	}
	if len(errs) > 0 {
		return Case{}, false, errs
	}
	now := s.now()
	return s.Store.UpdateCase(ctx, id, Change{
		From: []Status{StatusNew, StatusAcknowledged}, To: StatusEscalated, EscalatedBy: actor, EscalatedAt: now,
		Announce: EventEscalated, Audit: AuditEntry{At: now, Actor: actor, Action: ActionEscalated, Fields: map[string]string{escalationReasonsKey: reason}},
	})
}

// NoteInput is what a coordinator documents in a note.
type NoteInput struct {
	Text, Source, Kind, Attachment string
}

// AddNote documents an item in the case's running log, signed with the
// author's name and title from Slack.
func (s *Service) AddNote(ctx context.Context, id CaseID, actor string, in NoteInput) (Note, error) {
	if _, err := s.handle(ctx, id, actor, ActionNoteAdded); err != nil {
		return Note{}, err
	}
	in.Text, in.Source, in.Attachment = strings.TrimSpace(in.Text), strings.TrimSpace(in.Source), strings.TrimSpace(in.Attachment)
	errs := FieldErrors{}
	textError(FieldNoteText, in.Text, maxCoordinatorText, true, errs)
	textError(FieldNoteSource, in.Source, maxNoteSource, true, errs)
	textError(FieldNoteAttachment, in.Attachment, maxAttachment, false, errs)
	if in.Kind != NoteFact && in.Kind != NoteAssessment {
		errs[FieldNoteKind] = errChoice
	}
	if len(errs) > 0 {
		return Note{}, errs
	}
	now := s.now()
	n := Note{At: now, By: s.signature(ctx, actor), Text: in.Text, Source: in.Source, Kind: in.Kind, Attachment: in.Attachment}
	return s.Store.AddNote(ctx, id, n, AuditEntry{At: now, Actor: actor, Action: ActionNoteAdded, Fields: map[string]string{"kind": in.Kind}})
}

// signature is the user's name and title from Slack, or just their id when
// Slack cannot say.
func (s *Service) signature(ctx context.Context, user string) Signature {
	if s.Directory != nil {
		sig, err := s.Directory.Profile(ctx, user)
		if err == nil {
			sig.User = user
			return sig
		}
		s.log().WarnContext(ctx, "profile for signature", "err", err)
	}
	return Signature{User: user}
}

// ValidateClosure checks a closure against the case it closes.
func ValidateClosure(c Case, cl Closure, now time.Time) FieldErrors {
	errs := FieldErrors{}
	if !slices.ContainsFunc(DecisionsFor(c), func(d DecisionInfo) bool { return d.ID == cl.Decision }) {
		errs[FieldDecision] = errChoice
	}
	for _, rc := range cl.RootCauses {
		if !slices.ContainsFunc(RootCauses, func(r RootCause) bool { return r.ID == rc }) {
			errs[FieldRootCauses] = errChoice
		}
	}
	if c.HasRegime(LexSarah) && len(cl.RootCauses) == 0 && cl.Decision != DecisionNoShortcoming {
		errs[FieldRootCauses] = Text{"En Lex Sarah-utredning anger orsaker.", "A Lex Sarah investigation names its causes."}
	}
	textError(FieldRootCauseText, cl.RootCauseText, maxCoordinatorText, false, errs)
	textError(FieldActionsTaken, cl.ActionsTaken, maxCoordinatorText, true, errs)
	textError(FieldActionsPlanned, cl.ActionsPlanned, maxCoordinatorText, false, errs)
	textError(FieldFollowUp, cl.FollowUp, maxCoordinatorText, false, errs)
	textError(FieldRegistryNumber, cl.RegistryNumber, maxRegistryNumber, false, errs)
	future := Text{"Tidpunkten ligger i framtiden.", "This time is in the future."}
	for field, t := range map[string]time.Time{FieldActionsAt: cl.ActionsAt, FieldCommitteeAt: cl.CommitteeInformedAt,
		FieldIVOAt: cl.IVONotifiedAt, FieldAuthorityAt: cl.AuthorityNotifiedAt} {
		if t.After(now.Add(futureSlack)) {
			errs[field] = future
		}
	}
	if c.HasRegime(GDPRBreach) {
		switch cl.AuthorityNotified {
		case NotifiedYes:
			if cl.AuthorityNotifiedAt.IsZero() {
				errs[FieldAuthorityAt] = Text{"Ange när IMY underrättades.", "Say when IMY was notified."}
			}
		case NotifiedNo, NotifiedNotRequired:
		default:
			errs[FieldAuthority] = errChoice
		}
	}
	return errs
}

// Close concludes the case with the investigation's findings.
func (s *Service) Close(ctx context.Context, id CaseID, actor string, cl Closure) (Case, bool, error) {
	c, err := s.handle(ctx, id, actor, ActionClosed)
	if err != nil {
		return Case{}, false, err
	}
	if c.Status == StatusClosed {
		return c, false, nil
	}
	now := s.now()
	cl.ActionsTaken, cl.RootCauseText = strings.TrimSpace(cl.ActionsTaken), strings.TrimSpace(cl.RootCauseText)
	cl.ActionsPlanned, cl.FollowUp = strings.TrimSpace(cl.ActionsPlanned), strings.TrimSpace(cl.FollowUp)
	cl.RegistryNumber = strings.TrimSpace(cl.RegistryNumber)
	if errs := ValidateClosure(c, cl, now); len(errs) > 0 {
		return Case{}, false, errs
	}
	cl.ClosedBy, cl.ClosedAt = s.signature(ctx, actor), now
	fields := map[string]string{"decision": string(cl.Decision)}
	if info, _ := cl.Decision.Info(); info.ToIVO {
		fields["report_to_ivo"] = "yes"
	}
	if cl.AuthorityNotified != "" {
		fields["authority_notified"] = cl.AuthorityNotified
	}
	counters := []Counter{s.counter(c, now, CountClosed+string(cl.Decision), 1),
		s.counter(c, now, CountCloseHours+durationBucket(now.Sub(c.CreatedAt)), 1)}
	if fields["report_to_ivo"] == "yes" {
		counters = append(counters, s.counter(c, now, CountIVO, 1))
	}
	if cl.AuthorityNotified == NotifiedYes {
		counters = append(counters, s.counter(c, now, CountIMY, 1))
	}
	return s.Store.UpdateCase(ctx, id, Change{
		From: openStatuses, To: StatusClosed, ClosedBy: actor, ClosedAt: now, Decision: cl.Decision, Closure: &cl, Counters: counters,
		Announce: EventClosed, Audit: AuditEntry{At: now, Actor: actor, Action: ActionClosed, Fields: fields},
	})
}

// Details is everything about a case, for those who may see it.
type Details struct {
	Case    Case
	Report  Report
	Notes   []Note
	Closure *Closure
}

// Details returns the whole case to someone who may handle it. The read is
// recorded first: a read that cannot be recorded does not happen.
func (s *Service) Details(ctx context.Context, id CaseID, actor string) (Details, error) {
	return s.details(ctx, id, actor, ActionViewed)
}

// Export returns the whole case for the investigation document; actor is
// whoever runs the export, and the export is recorded like a read.
func (s *Service) Export(ctx context.Context, id CaseID, actor string) (Details, error) {
	return s.details(ctx, id, actor, ActionExported)
}

func (s *Service) details(ctx context.Context, id CaseID, actor, action string) (Details, error) {
	var c Case
	var err error
	if action == ActionExported {
		c, err = s.Store.Case(ctx, id) // the operator's own tool, not a Slack role
	} else {
		c, err = s.handle(ctx, id, actor, action)
	}
	if err != nil {
		return Details{}, err
	}
	if err := s.Store.RecordAudit(ctx, id, AuditEntry{At: s.now(), Actor: actor, Action: action}); err != nil {
		return Details{}, fmt.Errorf("record %s of %s: %w", action, id, err)
	}
	d := Details{Case: c}
	if d.Report, err = s.Store.Report(ctx, id); err != nil {
		return Details{}, err
	}
	if d.Notes, err = s.Store.Notes(ctx, id); err != nil {
		return Details{}, err
	}
	switch cl, err := s.Store.Closure(ctx, id); {
	case err == nil:
		d.Closure = &cl
	case !errors.Is(err, ErrNotFound):
		return Details{}, err
	}
	return d, nil
}

// Queue lists the open cases user may handle, oldest first: those of the
// units the configuration has them serve and those assigned to them. It
// reads only those, so a reporter's Home tab costs nothing however many
// cases are open. (A coordinator whom a new configuration moved to other
// units keeps their earlier cases' cards, but the queue shows the units
// they serve now.)
func (s *Service) Queue(ctx context.Context, user string) ([]Case, error) {
	cfg := s.Config()
	open, err := s.Store.OpenCases(ctx, s.openYears(ctx), cfg.UnitsServed(user), user)
	if err != nil {
		return nil, err
	}
	var mine []Case
	for _, c := range open {
		if cfg.MayHandle(c, user) {
			mine = append(mine, c)
		}
	}
	slices.SortFunc(mine, func(a, b Case) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return mine, nil
}

// Announce tells everyone concerned of an event on a case: every card is
// redrawn; the named reporter hears of acknowledgement and closing;
// escalation people and a new assignee get the card. Failures are joined
// and returned after every step has been tried.
func (s *Service) Announce(ctx context.Context, id CaseID, e Event) error {
	// One announcer per queued change: the process that made it, or the
	// sweep once that one's time is up.
	queued, ok, err := s.Store.QueuedAnnouncement(ctx, id, e)
	if err != nil {
		return err
	}
	if ok {
		if claimed, err := s.Store.ClaimAnnouncement(ctx, id, e, queued, deliveryLease); err != nil || !claimed {
			return err
		}
	}
	c, errs, err := s.redraw(ctx, id)
	if errors.Is(err, ErrNotFound) {
		// The case is gone: there is nothing left to announce.
		return s.Store.FinishAnnouncement(ctx, id, e, math.MaxInt64)
	}
	if err != nil {
		return err
	}
	var newTargets []Target
	switch e {
	case EventEscalated:
		unit, _ := s.Config().Unit(c.Unit)
		for _, u := range unit.Escalation {
			newTargets = append(newTargets, Target{User: u})
		}
	case EventAssigned:
		newTargets = []Target{{User: c.Assignee}}
	case EventClassified:
		newTargets = s.reroute(ctx, c)
	}
	for _, t := range newTargets {
		if t.User != "" && (c.Implicated(t.User) || c.Route.Channel == "" && slices.Contains(c.Route.Coordinators, t.User)) || c.HasCardFor(t) {
			continue
		}
		if err := s.postCard(ctx, c, t); err != nil {
			errs = append(errs, err)
		}
	}
	if (e == EventAcknowledged || e == EventClosed) && !c.Anonymous() {
		if err := s.tellReporter(ctx, c, e); err != nil {
			errs = append(errs, fmt.Errorf("tell reporter: %w", err))
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	// Announced as of the version drawn; a later change stays queued.
	return s.Store.FinishAnnouncement(ctx, id, e, c.Version)
}

// announceFor is how long a change's announcement is tried. A card that
// can no longer be updated (its channel archived, the bot removed, the
// message deleted) or a reporter who has left fails for good: a change
// whose announcement still fails this long after it was made is logged,
// recorded in the case's history, and leaves the queue. One that was never
// tried (every replica was down) is tried first.
const announceFor = 24 * time.Hour

// AnnouncePending announces the changes whose announcement did not finish
// within grace: Slack was down, or the process stopped in between.
func (s *Service) AnnouncePending(ctx context.Context, grace time.Duration) {
	now := s.now()
	due, err := s.Store.PendingAnnouncements(ctx, s.openYears(ctx), now.Add(-grace))
	if err != nil {
		s.log().ErrorContext(ctx, "list pending announcements", "err", err)
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
		actx, cancel := context.WithTimeout(ctx, DeliveryTimeout)
		err := s.Announce(actx, a.Case, a.Event)
		cancel()
		if err != nil {
			s.log().ErrorContext(ctx, "announce change", "case", a.Case, "event", a.Event, "err", err)
			if now.Sub(a.At) > announceFor {
				// Tried once more and failed, a day after the change.
				s.abandonAnnouncement(ctx, a)
			}
		}
	}
}

// abandonAnnouncement takes a change off the queue that is empty or has
// been tried for announceFor.
func (s *Service) abandonAnnouncement(ctx context.Context, a Announcement) {
	if a.Event != "" {
		s.log().ErrorContext(ctx, "announcement given up; the case's cards or reporter may not show the change", "case", a.Case, "event", a.Event)
		e := AuditEntry{At: s.now(), Actor: SystemActor, Action: ActionAnnounceFailed, Fields: map[string]string{"event": string(a.Event)}}
		if err := s.Store.RecordAudit(ctx, a.Case, e); err != nil && !errors.Is(err, ErrNotFound) {
			s.log().ErrorContext(ctx, "record abandoned announcement", "case", a.Case, "err", err)
		}
	}
	if err := s.Store.FinishAnnouncement(ctx, a.Case, a.Event, a.Version); err != nil {
		s.log().ErrorContext(ctx, "finish announcement", "case", a.Case, "err", err)
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
func (s *Service) redraw(ctx context.Context, id CaseID) (Case, []error, error) {
	c, err := s.Store.Case(ctx, id)
	if err != nil {
		return Case{}, nil, err
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

// tellReporter tells the named reporter of an event, once: an announcement
// tried again does not tell them twice.
func (s *Service) tellReporter(ctx context.Context, c Case, e Event) error {
	hist, err := s.Store.History(ctx, c.ID)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(hist, func(a AuditEntry) bool { return a.Action == ActionReporterTold && a.Fields["event"] == string(e) }) {
		return nil
	}
	user, err := s.Store.ReporterUser(ctx, c.ID)
	if err != nil {
		return err
	}
	if err := s.Notifier.TellReporter(ctx, c, user, e); err != nil {
		return err
	}
	return s.Store.RecordAudit(ctx, c.ID, AuditEntry{At: s.now(), Actor: SystemActor, Action: ActionReporterTold, Fields: map[string]string{"event": string(e)}})
}

// reroute is where a reclassified case goes now, by the same rules as a
// new one: its category's route, or past it when someone involved is on it.
func (s *Service) reroute(ctx context.Context, c Case) []Target {
	r, err := s.RouteOf(ctx, Draft{StepOne: StepOne{Category: c.Category, Unit: c.Unit},
		Answers: Answers{QInvolved: c.Involved, QReportingLine: reportingLine(c.ReportingLine)}})
	if err != nil {
		return nil
	}
	return r.Targets()
}

func reportingLine(ticked bool) []string {
	if ticked {
		return []string{Yes}
	}
	return nil
}
