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

// NoteInput is what a coordinator documents in a note.
type NoteInput struct {
	Text, Source, Kind, Attachment string
}

// AddNote documents an item in the case's running log, signed with the
// author's name and title from Slack.
func (s *Service) AddNote(ctx context.Context, id bot.CaseID, actor string, in NoteInput) (bot.Note, error) {
	c, err := s.handle(ctx, id, actor, bot.ActionNoteAdded)
	if err != nil {
		return bot.Note{}, err
	}
	if _, err := move(c, bot.MoveNote); err != nil {
		return bot.Note{}, err
	}
	in.Text, in.Source, in.Attachment = strings.TrimSpace(in.Text), strings.TrimSpace(in.Source), strings.TrimSpace(in.Attachment)
	errs := bot.FieldErrors{}
	bot.CheckText(bot.FieldNoteText, in.Text, bot.MaxCoordinatorText, true, errs)
	bot.CheckText(bot.FieldNoteSource, in.Source, bot.MaxNoteSource, true, errs)
	bot.CheckText(bot.FieldNoteAttachment, in.Attachment, bot.MaxAttachment, false, errs)
	if in.Kind != bot.NoteFact && in.Kind != bot.NoteAssessment {
		errs[bot.FieldNoteKind] = bot.ErrChoice
	}
	if len(errs) > 0 {
		return bot.Note{}, errs
	}
	now := s.Now()
	n := bot.Note{At: now, By: s.signature(ctx, actor), Text: in.Text, Source: in.Source, Kind: in.Kind, Attachment: in.Attachment}
	return s.Store.AddNote(ctx, id, n, bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionNoteAdded, Fields: map[string]string{"kind": in.Kind}})
}

// signature is the user's name and title from Slack, or just their id when
// Slack cannot say.
func (s *Service) signature(ctx context.Context, user string) bot.Signature {
	if s.Directory != nil {
		sig, err := s.Directory.Profile(ctx, user)
		if err == nil {
			sig.User = user
			return sig
		}
		s.Log.WarnContext(ctx, "profile for signature", "err", err)
	}
	return bot.Signature{User: user}
}

// Close concludes the case with the investigation's findings.
func (s *Service) Close(ctx context.Context, id bot.CaseID, actor string, cl bot.Closure) (bot.Case, bool, error) {
	return again(func() (bot.Case, bool, error) { return s.close(ctx, id, actor, cl) })
}

func (s *Service) close(ctx context.Context, id bot.CaseID, actor string, cl bot.Closure) (bot.Case, bool, error) {
	c, err := s.handle(ctx, id, actor, bot.ActionClosed)
	if err != nil {
		return bot.Case{}, false, err
	}
	if done, err := move(c, bot.MoveClose); done || err != nil {
		return c, false, err
	}
	now := s.Now()
	cl.ActionsTaken, cl.RootCauseText = strings.TrimSpace(cl.ActionsTaken), strings.TrimSpace(cl.RootCauseText)
	cl.ActionsPlanned, cl.FollowUp = strings.TrimSpace(cl.ActionsPlanned), strings.TrimSpace(cl.FollowUp)
	cl.RegistryNumber = strings.TrimSpace(cl.RegistryNumber)
	errs := bot.ValidateClosure(c, cl, now)
	info, _ := cl.Decision.Info()
	notifiedIVO := slices.ContainsFunc(c.Notifications, func(n bot.Notification) bool { return n.Authority == bot.AuthorityIVO })
	if info.ToIVO && !notifiedIVO {
		errs[bot.FieldDecision] = bot.Text{SV: "Beslutet kräver en anmälan till IVO. Registrera den först med knappen Anmälan till myndighet.",
			EN: "This decision requires a notification to IVO. Record it first with the Notify an authority button."}
	}
	breach, err := s.closingBreach(ctx, c, actor, cl.Breach, now, errs)
	if err != nil {
		return bot.Case{}, false, err
	}
	if len(errs) > 0 {
		return bot.Case{}, false, errs
	}
	cl.Breach = nil
	cl.ClosedBy, cl.ClosedAt = s.signature(ctx, actor), now
	// Whether IMY was told follows from the record and the notifications.
	cl.AuthorityNotified, cl.AuthorityNotifiedAt = "", time.Time{}
	if c.HasRegime(bot.GDPRBreach) {
		cl.AuthorityNotified = bot.NotifiedNotRequired
		if ns := c.IMYNotifications(); len(ns) > 0 {
			cl.AuthorityNotified, cl.AuthorityNotifiedAt = bot.NotifiedYes, ns[0].At
		}
	}
	fields := map[string]string{"decision": string(cl.Decision)}
	if info, _ := cl.Decision.Info(); info.ToIVO {
		fields["report_to_ivo"] = "yes"
	}
	if cl.AuthorityNotified != "" {
		fields["authority_notified"] = cl.AuthorityNotified
	}
	counters := []bot.Counter{s.Count(c, now, bot.CountClosed+string(cl.Decision), 1),
		s.Count(c, now, bot.CountCloseHours+bot.DurationBucket(now.Sub(c.CreatedAt)), 1)}
	// A notification recorded as it happened was counted then.
	notifiedIMY := slices.ContainsFunc(c.Notifications, func(n bot.Notification) bool {
		return n.Authority == bot.AuthorityIMY || n.Authority == bot.AuthorityIMYLaw
	})
	if cl.AuthorityNotified == bot.NotifiedYes && !notifiedIMY {
		counters = append(counters, s.Count(c, now, bot.CountIMY, 1))
	}
	switch {
	case breach != nil:
		fields["risk"] = breach.Risk
	case c.Breach != nil:
		fields["risk"] = c.Breach.Risk
	}
	return s.Store.UpdateCase(ctx, id, bot.Change{
		Move: bot.MoveClose, Was: c, Version: c.Version, ClosedBy: actor, ClosedAt: now, Decision: cl.Decision, Closure: &cl, Counters: counters, Breach: breach,
		Announce: bot.EventClosed, Audit: bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionClosed, Fields: fields},
	})
}

// closingBreach is the breach record a personal data breach is closed
// with: the one documented, with the assessment made in the close dialog
// (in), signed by the closer; nil for a case that is not a breach or
// whose record the dialog leaves as it was. Every breach is documented,
// notified or not (GDPR art. 33.5): a breach without an assessment, or
// assessed as a risk but never notified to IMY, is not closed.
func (s *Service) closingBreach(ctx context.Context, c bot.Case, actor string, in *bot.Breach, now time.Time, errs bot.FieldErrors) (*bot.Breach, error) {
	if !c.HasRegime(bot.GDPRBreach) {
		return nil, nil
	}
	var b bot.Breach
	switch {
	case c.Breach != nil:
		b = *c.Breach
	default:
		r, err := s.Store.Report(ctx, c.ID)
		if err != nil && !errors.Is(err, bot.ErrNotFound) {
			return nil, err
		}
		b = bot.BreachFromAnswers(r.Answers)
	}
	if in != nil {
		b.Risk, b.Reasoning, b.Informed, b.InformedAt = in.Risk, in.Reasoning, in.Informed, in.InformedAt
	}
	b = trimBreach(b)
	inDialog := func(f string) bool {
		return f == bot.FieldBreachRisk || f == bot.FieldBreachReasoning || f == bot.FieldBreachInformed || f == bot.FieldBreachInformedAt
	}
	for f, t := range bot.ValidateBreach(c, b, now) {
		if inDialog(f) {
			errs[f] = t
			continue
		}
		// A fact of the record is wrong: the close dialog does not show
		// it, so say where to correct it.
		errs[bot.FieldBreachRisk] = bot.Text{SV: "Dokumentationen av incidenten har ett fel. Rätta den med knappen Personuppgiftsincident.",
			EN: "The breach record has an error. Correct it with the Personal data breach button."}
	}
	for _, f := range bot.BreachIncomplete(b) {
		switch {
		case f == bot.FieldBreachInformed:
			errs[f] = bot.Text{SV: "Vid hög risk ska de berörda informeras (art. 34). Ange när det gjordes, eller varför det inte behövs.",
				EN: "With a high risk the people concerned are told (Art. 34). Say when they were, or why it is not needed."}
		case !inDialog(f) && errs[bot.FieldBreachRisk].SV == "":
			errs[bot.FieldBreachRisk] = bot.Text{SV: "Dokumentationen av incidenten är inte klar: vad som hände, vems och vilka uppgifter, hur många, följderna och åtgärderna. Fyll i den med knappen Personuppgiftsincident först.",
				EN: "The breach record is not complete: what happened, whose data and which kinds, how many, the consequences and the measures. Fill it in with the Personal data breach button first."}
		}
	}
	if b.Risk != "" && b.Risk != bot.RiskUnlikely && len(c.IMYNotifications()) == 0 {
		errs[bot.FieldBreachRisk] = bot.Text{SV: "En incident som medför risk anmäls till IMY. Registrera anmälan först med knappen Anmälan till myndighet, eller ändra bedömningen.",
			EN: "A breach that results in a risk is notified to IMY. Record the notification first with the Notify an authority button, or change the assessment."}
	}
	if c.Breach != nil && sameBreach(*c.Breach, b) {
		return nil, nil
	}
	b.AssessedBy, b.AssessedAt = s.signature(ctx, actor), now
	return &b, nil
}

// Details returns the whole case to someone who may handle it. The read is
// recorded first: a read that cannot be recorded does not happen.
func (s *Service) Details(ctx context.Context, id bot.CaseID, actor string) (bot.Details, error) {
	c, err := s.handle(ctx, id, actor, bot.ActionViewed)
	if err != nil {
		return bot.Details{}, err
	}
	return s.details(ctx, c, actor, bot.ActionViewed)
}

// Export returns the whole case for the investigation document; actor is
// the operator who runs the export from the command line, not a Slack
// role, and the export is recorded like a read.
func (s *Service) Export(ctx context.Context, id bot.CaseID, actor string) (bot.Details, error) {
	c, err := s.Store.Case(ctx, id)
	if err != nil {
		return bot.Details{}, err
	}
	return s.details(ctx, c, actor, bot.ActionExported)
}

func (s *Service) details(ctx context.Context, c bot.Case, actor, action string) (bot.Details, error) {
	id := c.ID
	if err := s.Store.RecordAudit(ctx, id, bot.AuditEntry{At: s.Now(), Actor: actor, Action: action}); err != nil {
		return bot.Details{}, fmt.Errorf("record %s of %s: %w", action, id, err)
	}
	d := bot.Details{Case: c}
	var err error
	// A culled case has no report left.
	if d.Report, err = s.Store.Report(ctx, id); err != nil && (c.CulledAt.IsZero() || !errors.Is(err, bot.ErrNotFound)) {
		return bot.Details{}, err
	}
	if d.Messages, err = s.Store.Messages(ctx, id); err != nil {
		return bot.Details{}, err
	}
	if d.Notes, err = s.Store.Notes(ctx, id); err != nil {
		return bot.Details{}, err
	}
	switch cl, err := s.Store.Closure(ctx, id); {
	case err == nil:
		d.Closure = &cl
	case !errors.Is(err, bot.ErrNotFound):
		return bot.Details{}, err
	}
	return d, nil
}

// Queue lists the first limit open cases user may handle, oldest first:
// those of the units the configuration has them serve and those assigned
// to them; more is set when there are more. It reads only the cases it
// looks at, so a Home tab costs the same with ten open cases or ten
// thousand, and it counts no case the user may not see – a count of the
// rest would tell someone implicated that a case about them exists. (A
// coordinator whom a new configuration moved to other units keeps their
// earlier cases' cards, but the queue shows the units they serve now.)
func (s *Service) Queue(ctx context.Context, user string, limit int) (cases []bot.Case, more bool, err error) {
	cfg := s.Config()
	units := cfg.UnitsServed(user)
	return s.Store.OpenQueue(ctx, s.OpenYears(ctx, s.Store), units, user, func(c bot.Case) bool { return cfg.MayHandle(c, user) }, limit)
}
