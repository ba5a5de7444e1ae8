package report

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// RouteOf tells where a draft would go if submitted now, with the
// reporter's choice of the independent function as the draft holds it.
func (s *Service) RouteOf(ctx context.Context, d bot.Draft) (bot.Route, error) {
	return s.ResolveRoute(ctx, s.Directory, bot.RouteQuery{
		Category:              d.Category,
		Unit:                  d.Unit,
		Involved:              d.Answers.Involved(),
		ReportingLineInvolved: d.Answers.ReportingLineInvolved(),
		ChooseIndependent:     d.Independent,
	})
}

// Choices are what the reporter decides at review: to be named or not, and
// whether to send the report to the independent function instead.
type Choices struct {
	Anonymous, Independent bool
}

// Submit turns the user's draft into a case. A second submission of the
// same draft returns the first case with created false. A FieldErrors
// error (on FieldIdentity) means the draft cannot be sent as it is: it no
// longer fits the configuration, or no one who is not involved would
// receive it – the review has said so before.
func (s *Service) Submit(ctx context.Context, user, nonce string, choices Choices) (c bot.Case, created bool, err error) {
	c, created, remembered, err := s.submit(ctx, user, nonce, choices, false)
	var fe bot.FieldErrors
	if remembered && (errors.Is(err, bot.ErrConflict) || errors.As(err, &fe)) {
		// The draft this process saw last may have changed since, in a
		// step another replica answered: the draft as it is now is read,
		// checked and sent instead.
		c, created, _, err = s.submit(ctx, user, nonce, choices, true)
	}
	return c, created, err
}

// submit is Submit on the draft as DraftToSubmit gives it; remembered
// tells that it came from the process's memory.
func (s *Service) submit(ctx context.Context, user, nonce string, choices Choices, fresh bool) (c bot.Case, created, remembered bool, err error) {
	c, created, v, err := s.submitDraft(ctx, user, nonce, choices, fresh)
	return c, created, v.Remembered, err
}

func (s *Service) submitDraft(ctx context.Context, user, nonce string, choices Choices, fresh bool) (c bot.Case, created bool, v bot.DraftVersion, err error) {
	cfg, now := s.Config(), s.Now()
	if !bot.ValidNonce(nonce) {
		return bot.Case{}, false, v, errForeignNonce
	}
	d, v, err := s.Store.DraftToSubmit(ctx, user, nonce, fresh)
	if errors.Is(err, bot.ErrNotFound) {
		// Only the user's own submission is found: another user's nonce
		// finds nothing.
		id, lookErr := s.Store.CaseBySubmission(ctx, bot.Submission(user, nonce), s.RecentYears()...)
		if lookErr != nil {
			return bot.Case{}, false, v, fmt.Errorf("draft %s: %w", nonce, lookErr)
		}
		c, err := s.Store.Case(ctx, id)
		return c, false, v, err
	}
	if err != nil {
		return bot.Case{}, false, v, err
	}
	if d.Step < 2 {
		return bot.Case{}, false, v, fmt.Errorf("draft %s is at step %d: %w", nonce, d.Step, bot.ErrConflict)
	}
	if errs := bot.ValidateStepOne(d.StepOne, cfg, now); len(errs) > 0 {
		return bot.Case{}, false, v, bot.FieldErrors{bot.FieldIdentity: bot.Text{
			SV: "Något i första steget gäller inte längre (t.ex. enheten). Gå tillbaka och rätta det.",
			EN: "Something in the first step no longer holds (the unit, say). Please go back and correct it."}}
	}
	// The whole draft is checked again: a closed dialog kept it unchecked,
	// and another window may have changed the category since the review.
	d.Answers = bot.CleanAnswers(d.Category, d.Answers)
	if errs := bot.ValidateAnswers(d.Category, d.Answers); len(errs) > 0 {
		return bot.Case{}, false, v, bot.FieldErrors{bot.FieldIdentity: bot.Text{
			SV: "Något i andra steget saknas eller behöver rättas (kanske ändrades rapporten i ett annat fönster). Gå tillbaka och kontrollera det.",
			EN: "Something in the second step is missing or needs correcting (the report may have changed in another window). Please go back and check it."}}
	}
	d.Anonymous, d.Independent = choices.Anonymous, choices.Independent
	route, err := s.RouteOf(ctx, d)
	if err != nil {
		return bot.Case{}, false, v, fmt.Errorf("route draft %s: %w", nonce, err)
	}
	if !route.Reachable() {
		return bot.Case{}, false, v, bot.FieldErrors{bot.FieldIdentity: bot.Text{
			SV: "Ingen som inte är inblandad kan ta emot rapporten här, så den skickas inte. Vänd dig till HR eller någon du litar på utanför din chefslinje.",
			EN: "No one who is not involved can receive this report here, so it is not sent. Please turn to HR or someone you trust outside your reporting line."}}
	}
	if id, ok := s.twinAcrossNewYear(ctx, bot.Submission(user, nonce), now); ok {
		c, err := s.Store.Case(ctx, id)
		return c, false, v, err
	}
	unit, _ := cfg.Unit(d.Unit)
	sev, regimes := bot.Assess(d.Category, d.Answers, unit)
	reporter := user
	if d.Anonymous {
		reporter = bot.AnonymousReporter
	}
	loc := cfg.Location()
	n := bot.NewCase{
		Case: bot.Case{
			Status:          bot.StatusNew,
			Category:        d.Category,
			Severity:        sev,
			Regimes:         regimes,
			Unit:            d.Unit,
			Reporter:        reporter,
			CreatedAt:       now,
			OccurredAt:      d.OccurredAt,
			DiscoveredAt:    d.DiscoveredAt,
			Week:            bot.ISOWeek(now, loc),
			ImmediateDanger: bot.InImmediateDanger(d.Category, d.Answers),
			Injured:         bot.Injured(d.Category, d.Answers),
			Involved:        d.Answers.Involved(),
			ReportingLine:   d.Answers.ReportingLineInvolved(),
			Route:           route,
		},
		Report:       bot.Report{Answers: d.Answers, Source: d.Source},
		Prefix:       cfg.CasePrefix,
		Year:         now.In(loc).Year(),
		ReporterUser: user,
		Submission:   bot.Submission(user, nonce),
		Draft:        nonce,
		Counters:     []bot.Counter{{Week: bot.ISOWeek(now, loc), Unit: d.Unit, Field: bot.CountCreated + string(d.Category), Delta: 1}},
		Audit: bot.AuditEntry{At: now, Actor: reporter, Action: bot.ActionCreated, Fields: routeFields(route, map[string]string{
			"category": string(d.Category), "unit": d.Unit, "severity": string(sev),
		})},
	}
	n.DraftVersion = v
	n.Case.HiddenFrom = bot.HiddenFrom(n.Case, cfg)
	n.Deadlines = bot.DeadlinesOf(n.Case, cfg)
	c, created, err = s.Store.CreateCase(ctx, n)
	if err != nil {
		return bot.Case{}, false, v, fmt.Errorf("create case: %w", err)
	}
	return c, created, v, nil
}

// twinAcrossNewYear finds a case made from the same submission in the
// previous year. The store's duplicate check looks only in the year it
// writes to, so a retry just after midnight on New Year's Eve needs this,
// and so does a draft sent in December and sent again in January (saved
// again from another window, or left by a crash on Redis Cluster): a
// draft lives at most the configured draft lifetime, so it is looked
// for that long into the year – one read more per report in those days.
func (s *Service) twinAcrossNewYear(ctx context.Context, submission string, now time.Time) (bot.CaseID, bool) {
	cfg := s.Config()
	t := now.In(cfg.Location())
	if t.Sub(time.Date(t.Year(), 1, 1, 0, 0, 0, 0, t.Location())) >= max(cfg.DraftTTL, bot.DefaultDraftTTL) {
		return "", false
	}
	id, err := s.Store.CaseBySubmission(ctx, submission, t.Year()-1)
	return id, err == nil
}

// MyCases lists the newest cases the user reported.
func (s *Service) MyCases(ctx context.Context, user string, limit int) ([]bot.Case, error) {
	return s.Store.CasesByReporter(ctx, user, s.RecentYears(), limit)
}

// routeFields records the routing decision in the audit entry: where the
// case went, why, and whom it keeps out (ids, which the excluded never see:
// the case's history is shown only to those who may handle it).
func routeFields(r bot.Route, fields map[string]string) map[string]string {
	switch {
	case r.Independent:
		fields["route"] = bot.EscalateToIndependent
	case r.Escalated:
		fields["route"] = bot.EscalateToLine
	default:
		fields["route"] = "usual"
	}
	if r.Reason != "" {
		fields["route_reason"] = string(r.Reason)
	}
	if len(r.Excluded) > 0 {
		fields["excluded"] = strings.Join(r.Excluded, ",")
	}
	return fields
}
