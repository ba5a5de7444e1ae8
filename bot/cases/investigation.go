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

// InvestigationInput is what a handler gives when starting or changing an
// investigation.
type InvestigationInput struct {
	Name, Title, RegistryNumber string
}

// Investigator is who the dialog suggests as investigator: the user, with
// the name and title of their Slack profile, or the case's investigator
// once there is one.
func (s *Service) Investigator(ctx context.Context, c bot.Case, user string) InvestigationInput {
	if inv := c.Investigation; inv != nil {
		return InvestigationInput{Name: inv.Investigator.Name, Title: inv.Investigator.Title, RegistryNumber: inv.RegistryNumber}
	}
	sig := s.signature(ctx, user)
	return InvestigationInput{Name: sig.Name, Title: sig.Title}
}

// Investigate starts the case's investigation, naming its investigator,
// or changes the investigator or the registry number of one started.
// Acknowledging a case does not start one: this does, and its time is
// the investigation's start in the document.
func (s *Service) Investigate(ctx context.Context, id bot.CaseID, actor string, in InvestigationInput) (bot.Case, bool, error) {
	return again(func() (bot.Case, bool, error) { return s.investigate(ctx, id, actor, in) })
}

// again runs change – which reads the case, looks the handler up in
// Slack, and applies what it computed on the version it read – again when
// that version moved meanwhile, up to three times. A card or a receipt
// recorded by the delivery in between moves the version and is no reason
// to refuse the handler; what the change checks (the status, the record)
// is checked again on the case as it is then.
func again(change func() (bot.Case, bool, error)) (c bot.Case, changed bool, err error) {
	for range 3 {
		if c, changed, err = change(); !errors.Is(err, bot.ErrConflict) {
			break
		}
	}
	return c, changed, err
}

func (s *Service) investigate(ctx context.Context, id bot.CaseID, actor string, in InvestigationInput) (bot.Case, bool, error) {
	c, err := s.handle(ctx, id, actor, bot.ActionInvestigation)
	if err != nil {
		return bot.Case{}, false, err
	}
	if !c.CulledAt.IsZero() || c.Investigation == nil && !c.Status.Open() {
		// A closed case's investigation is not started after the fact;
		// one started may still get its registry number.
		return bot.Case{}, false, fmt.Errorf("investigate %s: it is %s: %w", id, c.Status, bot.ErrConflict)
	}
	now := s.Now()
	next := bot.Investigation{StartedAt: now, StartedBy: actor}
	if c.Investigation != nil {
		next = *c.Investigation
		next.ChangedAt, next.ChangedBy = now, actor
	}
	next.Investigator = bot.Signature{Name: strings.TrimSpace(in.Name), Title: strings.TrimSpace(in.Title)}
	if next.Investigator.Name == strings.TrimSpace(s.signature(ctx, actor).Name) {
		next.Investigator.User = actor
	}
	next.RegistryNumber = strings.TrimSpace(in.RegistryNumber)
	if errs := bot.ValidateInvestigation(next); len(errs) > 0 {
		return bot.Case{}, false, errs
	}
	if old := c.Investigation; old != nil && old.Investigator.Name == next.Investigator.Name &&
		old.Investigator.Title == next.Investigator.Title && old.RegistryNumber == next.RegistryNumber {
		return c, false, nil
	}
	fields := map[string]string{"started": "yes"}
	if c.Investigation != nil {
		fields = map[string]string{"changed": "yes"}
	}
	if next.RegistryNumber != "" {
		fields["reference"] = next.RegistryNumber
	}
	return s.Store.UpdateCase(ctx, id, bot.Change{
		Move: bot.MoveInvestigate, Was: c, Version: c.Version, Investigation: &next, Announce: bot.EventInvestigation,
		Audit: bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionInvestigation, Fields: fields},
	})
}

// BreachDraft is the breach record as its dialog opens: the one
// documented, else one started from the reporter's answers. The read is
// recorded like any read of the details.
func (s *Service) BreachDraft(ctx context.Context, c bot.Case, actor string) (bot.Breach, error) {
	if c.Breach != nil {
		e := bot.AuditEntry{At: s.Now(), Actor: actor, Action: bot.ActionViewed, Fields: map[string]string{"what": "breach_record"}}
		if err := s.Store.RecordAudit(ctx, c.ID, e); err != nil {
			return bot.Breach{}, fmt.Errorf("record the read of %s's breach record: %w", c.ID, err)
		}
		return *c.Breach, nil
	}
	d, err := s.details(ctx, c, actor, bot.ActionViewed)
	if err != nil {
		return bot.Breach{}, err
	}
	return bot.BreachFromAnswers(d.Report.Answers), nil
}

// errNotBreach refuses a breach record on a case that is not a personal
// data breach.
var errNotBreach = bot.FieldErrors{bot.FieldBreachRisk: {SV: "Ärendet gäller inte en personuppgiftsincident. Klassa om det först.",
	EN: "The case is not a personal data breach. Reclassify it first."}}

// RecordBreach documents the case's breach record (GDPR art. 33.5),
// signed by actor; a record that says the same again changes nothing.
func (s *Service) RecordBreach(ctx context.Context, id bot.CaseID, actor string, b bot.Breach) (bot.Case, bool, error) {
	return again(func() (bot.Case, bool, error) { return s.recordBreach(ctx, id, actor, b) })
}

func (s *Service) recordBreach(ctx context.Context, id bot.CaseID, actor string, b bot.Breach) (bot.Case, bool, error) {
	c, err := s.handle(ctx, id, actor, bot.ActionBreachRecorded)
	if err != nil {
		return bot.Case{}, false, err
	}
	if !c.CulledAt.IsZero() {
		return bot.Case{}, false, fmt.Errorf("breach record of %s: culled: %w", id, bot.ErrConflict)
	}
	if !c.HasRegime(bot.GDPRBreach) {
		return bot.Case{}, false, errNotBreach
	}
	now := s.Now()
	b = trimBreach(b)
	if errs := bot.ValidateBreach(c, b, now); len(errs) > 0 {
		return bot.Case{}, false, errs
	}
	if old := c.Breach; old != nil && sameBreach(*old, b) {
		return c, false, nil
	}
	b.AssessedBy, b.AssessedAt = s.signature(ctx, actor), now
	// The assessment may meet the IMY clock (unlikely to result in a risk)
	// or start the one for telling the people concerned (a high risk).
	next := c
	next.Breach = &b
	ch := bot.Change{Move: bot.MoveBreach, Was: c, Version: c.Version, Breach: &b, Announce: bot.EventBreachRecorded,
		Audit: bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionBreachRecorded, Fields: breachFields(b)}}
	if c.Status.Open() {
		deadlines := bot.DeadlinesOf(next, s.Config())
		ch.Deadlines, ch.Counters = &deadlines, s.clockCounters(c, next, now)
	}
	return s.Store.UpdateCase(ctx, id, ch)
}

func trimBreach(b bot.Breach) bot.Breach {
	for _, p := range []*string{&b.Recipient, &b.Summary, &b.Consequences, &b.Measures, &b.Reasoning} {
		*p = strings.TrimSpace(*p)
	}
	if b.Informed != bot.InformedYes {
		// A time of informing only goes with "yes".
		b.InformedAt = time.Time{}
	}
	return b
}

// sameBreach compares what a handler documents, not who or when.
func sameBreach(a, b bot.Breach) bool {
	return slices.Equal(a.Whose, b.Whose) && slices.Equal(a.Kinds, b.Kinds) && a.Count == b.Count && a.How == b.How &&
		a.Recipient == b.Recipient && a.RecipientBound == b.RecipientBound && a.Summary == b.Summary && a.Consequences == b.Consequences &&
		a.Measures == b.Measures && a.Risk == b.Risk && a.Reasoning == b.Reasoning && a.Informed == b.Informed &&
		a.InformedAt.Equal(b.InformedAt)
}

// breachFields are the history's codes of a breach record: no free text.
func breachFields(b bot.Breach) map[string]string {
	f := map[string]string{"risk": b.Risk}
	if b.Informed != "" {
		f["informed"] = b.Informed
	}
	return f
}

// ExportFor returns the whole case for its documents to someone who may
// handle it, or, for a personal data breach, to a data protection
// officer (breachOnly: they get the breach record and nothing else). The
// export is recorded like a read, before anything is read.
func (s *Service) ExportFor(ctx context.Context, id bot.CaseID, actor string) (d bot.Details, breachOnly bool, err error) {
	c, err := s.Store.Case(ctx, id)
	if err != nil {
		return bot.Details{}, false, err
	}
	cfg := s.Config()
	switch {
	case cfg.MayHandle(c, actor):
		d, err = s.details(ctx, c, actor, bot.ActionExported)
		return d, false, err
	case cfg.MayReadBreach(c, actor):
		d, err = s.details(ctx, c, actor, bot.ActionBreachRead)
		return d, true, err
	}
	s.refused(ctx, id, actor, bot.ActionExported, "")
	return bot.Details{}, false, fmt.Errorf("export %s by %s: %w", id, actor, bot.ErrNotAllowed)
}

// BreachRegister is every personal data breach of the organisation that
// the data protection officer actor may read, oldest first, each read
// recorded in its case's history. Anyone else is refused.
func (s *Service) BreachRegister(ctx context.Context, actor string) ([]bot.Details, error) {
	cfg := s.Config()
	if !slices.Contains(cfg.DPO, actor) {
		return nil, fmt.Errorf("breach register for %s: %w", actor, bot.ErrNotAllowed)
	}
	years := s.OpenYears(ctx, s.Store)
	var units []string
	for _, u := range cfg.Units {
		units = append(units, u.ID)
	}
	open, err := s.Store.OpenCases(ctx, years, units, "")
	if err != nil {
		return nil, err
	}
	closed, err := s.Store.ClosedCases(ctx, years)
	if err != nil {
		return nil, err
	}
	var out []bot.Details
	for _, c := range append(open, closed...) {
		if !cfg.MayReadBreach(c, actor) {
			continue
		}
		d, err := s.details(ctx, c, actor, bot.ActionBreachRead)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b bot.Details) int {
		if n := a.Case.CreatedAt.Compare(b.Case.CreatedAt); n != 0 {
			return n
		}
		return strings.Compare(string(a.Case.ID), string(b.Case.ID))
	})
	return out, nil
}
