package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Suggest asks the classifier about a new case and puts its suggestion on
// the case. It runs after the case is stored, never while Slack waits; a
// case that already has a suggestion is left alone.
func (s *Service) Suggest(ctx context.Context, id CaseID) error {
	if s.Classifier == nil {
		return nil
	}
	c, err := s.Store.Case(ctx, id)
	if err != nil || c.Suggestion != nil {
		return err
	}
	rep, err := s.Store.Report(ctx, id)
	if err != nil {
		return err
	}
	sug, err := s.Classifier.Classify(ctx, ClassifyInput{Text: ReportText(c.Category, rep.Answers), Names: s.names(ctx, c.Involved)})
	if err != nil {
		return fmt.Errorf("classify %s: %w", id, err)
	}
	sug = sug.clean()
	fields := map[string]string{"source": sug.Source, "category": string(sug.Category), "severity": string(sug.Severity),
		"regimes": joinRegimes(sug.Regimes), "confidence": fmt.Sprintf("%.2f", sug.Confidence)}
	_, _, err = s.Store.UpdateCase(ctx, id, Change{
		From: []Status{StatusNew, StatusAcknowledged, StatusEscalated, StatusClosed}, Suggestion: &sug,
		Audit: AuditEntry{At: s.now(), Actor: SystemActor, Action: ActionSuggested, Fields: fields},
	})
	return err
}

// clean keeps a suggestion within the contract's ids, whatever a
// classifier answered.
func (sg Suggestion) clean() Suggestion {
	if !sg.Category.Valid() {
		sg.Category = Other
	}
	if !sg.Severity.Valid() {
		sg.Severity = Medium
	}
	var rs []Regime
	for _, r := range sg.Regimes {
		if r.Valid() && !slices.Contains(rs, r) {
			rs = append(rs, r)
		}
	}
	sg.Regimes = rs
	sg.Confidence = min(max(sg.Confidence, 0), 1)
	return sg
}

// ReportText is the reporter's free text as a classifier may read it: the
// description, what was done, and the category's text answers.
func ReportText(c Category, a Answers) string {
	var parts []string
	for _, q := range QuestionsFor(c) {
		if q.Kind == KindText || q.Kind == KindParagraph {
			if t := a.Text(q.ID); t != "" {
				parts = append(parts, t)
			}
		}
	}
	return strings.Join(parts, "\n")
}

// names are the display names of people picked as involved, so they can
// be removed before text leaves the process.
func (s *Service) names(ctx context.Context, users []string) []string {
	var names []string
	if s.Directory == nil {
		return nil
	}
	for _, u := range users {
		if sig, err := s.Directory.Profile(ctx, u); err == nil && sig.Name != "" {
			names = append(names, sig.Name)
		}
	}
	return names
}

func joinRegimes(rs []Regime) string {
	ss := make([]string, len(rs))
	for i, r := range rs {
		ss[i] = string(r)
	}
	return strings.Join(ss, ",")
}

// AcceptSuggestion makes the classifier's suggestion the case's category,
// severity and regimes.
func (s *Service) AcceptSuggestion(ctx context.Context, id CaseID, actor string) (Case, bool, error) {
	c, err := s.handle(ctx, id, actor, ActionClassified)
	if err != nil {
		return Case{}, false, err
	}
	if c.Suggestion == nil {
		return Case{}, false, fmt.Errorf("accept suggestion on %s: none made: %w", id, ErrConflict)
	}
	return s.Classify(ctx, id, actor, c.Suggestion.Category, c.Suggestion.Severity, c.Suggestion.Regimes)
}

// Classify sets the case's category, severity and regimes as a coordinator
// decides, and records whether that agrees with the suggestion. The
// week's counts move with it: a case that changes category is counted
// under its new one.
func (s *Service) Classify(ctx context.Context, id CaseID, actor string, cat Category, sev Severity, regimes []Regime) (Case, bool, error) {
	errs := FieldErrors{}
	if !cat.Valid() {
		errs[FieldCategory] = errChoice
	}
	if !sev.Valid() {
		errs[FieldSeverity] = errChoice
	}
	for _, r := range regimes {
		if !r.Valid() {
			errs[FieldRegimes] = errChoice
		}
	}
	if len(errs) > 0 {
		return Case{}, false, errs
	}
	regimes = Suggestion{Regimes: regimes}.clean().Regimes
	for attempt := 0; ; attempt++ {
		c, err := s.handle(ctx, id, actor, ActionClassified)
		if err != nil {
			return Case{}, false, err
		}
		if c.Classification != "" && c.Category == cat && c.Severity == sev && slices.Equal(c.Regimes, regimes) {
			return c, false, nil
		}
		now := s.now()
		outcome, agreed := ClassificationChanged, false
		if sg := c.Suggestion; sg != nil {
			agreed = sg.Category == cat
			if agreed && sg.Severity == sev && slices.Equal(sg.Regimes, regimes) {
				outcome = ClassificationAccepted
			}
		}
		var counters []Counter
		if cat != c.Category {
			counters = append(counters,
				Counter{Week: c.Week, Unit: c.Unit, Field: CountCreated + string(c.Category), Delta: -1},
				Counter{Week: c.Week, Unit: c.Unit, Field: CountCreated + string(cat), Delta: 1})
		}
		if c.Classification == "" && c.Suggestion != nil {
			counters = append(counters, s.counter(c, now, CountSuggestions, 1))
			if agreed {
				counters = append(counters, s.counter(c, now, CountAgreed, 1))
			}
		}
		fields := map[string]string{"category": string(cat), "severity": string(sev), "regimes": joinRegimes(regimes),
			"from_category": string(c.Category), "outcome": outcome, "agreed_with_suggestion": fmt.Sprint(agreed)}
		next := c
		next.Category, next.Severity, next.Regimes = cat, sev, regimes
		deadlines := s.deadlines(next)
		got, changed, err := s.Store.UpdateCase(ctx, id, Change{
			From: openStatuses, Category: cat, Severity: sev, Regimes: &regimes, Classification: outcome, ClassifiedBy: actor,
			Version: c.Version, Counters: counters, Deadlines: &deadlines,
			Audit: AuditEntry{At: now, Actor: actor, Action: ActionClassified, Fields: fields},
		})
		// The case changed between the read and the write: read it again
		// and compute the counts anew, a few times at most.
		if errors.Is(err, ErrConflict) && attempt < 3 {
			continue
		}
		return got, changed, err
	}
}

// Field ids of the classification dialog.
const (
	FieldSeverity = "severity"
	FieldRegimes  = "regimes"
)
