package cases

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/incidentbot/incidentbot/bot"
)

// WeakeningError refuses to accept a suggestion that would lower the
// case's severity or take a regime away, and with it clocks, until the
// coordinator confirms what it takes away.
type WeakeningError struct {
	bot.Weakening
}

func (e *WeakeningError) Error() string {
	return fmt.Sprintf("the suggestion weakens the case (%v): confirm it", e.Fields())
}

// AcceptSuggestion makes the classifier's suggestion the case's category,
// severity and regimes. A suggestion that would lower the severity or
// remove a regime is accepted only when confirmed, and a *WeakeningError
// says what it takes away; the history records what was confirmed.
func (s *Service) AcceptSuggestion(ctx context.Context, id bot.CaseID, actor string, confirmed bool) (bot.Case, bool, error) {
	c, err := s.handle(ctx, id, actor, bot.ActionClassified)
	if err != nil {
		return bot.Case{}, false, err
	}
	sg := c.Suggestion
	if sg == nil {
		return bot.Case{}, false, fmt.Errorf("accept suggestion on %s: none made: %w", id, bot.ErrConflict)
	}
	if w, weakens := bot.Weakens(c, sg.Severity, sg.Regimes); weakens && !confirmed {
		return c, false, &WeakeningError{w}
	}
	return s.Classify(ctx, id, actor, sg.Category, sg.Severity, sg.Regimes)
}

// Classify sets the case's category, severity and regimes as a coordinator
// decides, and records whether that agrees with the suggestion. The
// week's counts move with it: a case that changes category is counted
// under its new one.
func (s *Service) Classify(ctx context.Context, id bot.CaseID, actor string, cat bot.Category, sev bot.Severity, regimes []bot.Regime) (bot.Case, bool, error) {
	// Who asks is checked before what they ask: a refusal is recorded
	// whatever the values.
	if _, err := s.handle(ctx, id, actor, bot.ActionClassified); err != nil {
		return bot.Case{}, false, err
	}
	errs := bot.FieldErrors{}
	if !cat.Valid() {
		errs[bot.FieldCategory] = bot.ErrChoice
	}
	if !sev.Valid() {
		errs[bot.FieldSeverity] = bot.ErrChoice
	}
	for _, r := range regimes {
		if !r.Valid() {
			errs[bot.FieldRegimes] = bot.ErrChoice
		}
	}
	if len(errs) > 0 {
		return bot.Case{}, false, errs
	}
	if c, err := s.Store.Case(ctx, id); err == nil {
		unit, _ := s.Config().Unit(c.Unit)
		if len(bot.AllowedRegimes(regimes, unit)) < len(regimes) {
			return bot.Case{}, false, bot.FieldErrors{bot.FieldRegimes: bot.Text{
				SV: "Enheten omfattas inte av Lex Sarah.", EN: "The unit does not fall under Lex Sarah."}}
		}
	}
	regimes = bot.Suggestion{Regimes: regimes}.Clean().Regimes
	for attempt := 0; ; attempt++ {
		c, err := s.handle(ctx, id, actor, bot.ActionClassified)
		if err != nil {
			return bot.Case{}, false, err
		}
		if _, err := move(c, bot.MoveClassify); err != nil {
			return bot.Case{}, false, err
		}
		if c.Classification != "" && c.Category == cat && c.Severity == sev && slices.Equal(c.Regimes, regimes) {
			return c, false, nil
		}
		now := s.Now()
		outcome, agreed := bot.ClassificationChanged, false
		if sg := c.Suggestion; sg != nil {
			agreed = sg.Category == cat
			if agreed && sg.Severity == sev && slices.Equal(sg.Regimes, regimes) {
				outcome = bot.ClassificationAccepted
			}
		}
		var counters []bot.Counter
		if cat != c.Category {
			counters = append(counters,
				bot.Counter{Week: c.Week, Unit: c.Unit, Field: bot.CountCreated + string(c.Category), Delta: -1},
				bot.Counter{Week: c.Week, Unit: c.Unit, Field: bot.CountCreated + string(cat), Delta: 1})
		}
		if c.Classification == "" && c.Suggestion != nil {
			counters = append(counters, s.Count(c, now, bot.CountSuggestions, 1))
			if agreed {
				counters = append(counters, s.Count(c, now, bot.CountAgreed, 1))
			}
		}
		fields := map[string]string{"category": string(cat), "severity": string(sev), "regimes": bot.JoinRegimes(regimes),
			"from_category": string(c.Category), "outcome": outcome, "agreed_with_suggestion": fmt.Sprint(agreed)}
		if w, weakens := bot.Weakens(c, sev, regimes); weakens {
			maps.Copy(fields, w.Fields())
		}
		next := c
		next.Category, next.Severity, next.Regimes = cat, sev, regimes
		deadlines := bot.DeadlinesOf(next, s.Config())
		got, changed, err := s.Store.UpdateCase(ctx, id, bot.Change{
			Move: bot.MoveClassify, Was: c, Category: cat, Severity: sev, Regimes: &regimes, Classification: outcome, ClassifiedBy: actor,
			Version: c.Version, Counters: counters, Deadlines: &deadlines, Announce: bot.EventClassified,
			Audit: bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionClassified, Fields: fields},
		})
		// The case changed between the read and the write: read it again
		// and compute the counts anew, a few times at most.
		if errors.Is(err, bot.ErrConflict) && attempt < 3 {
			continue
		}
		return got, changed, err
	}
}
