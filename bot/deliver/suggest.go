package deliver

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot"
)

// Suggest asks the classifier about a new case and puts its suggestion on
// the case. It runs after the case is stored, never while Slack waits; a
// case that already has a suggestion is left alone.
//
// A classifier that sends text out (Offline is set) gets modelText and
// every name to redact: those of the people picked as involved and the
// capitalised words of the answers that name people. When a picked
// person's name cannot be looked up, it could not be redacted, so Offline
// answers instead.
func (s *Service) Suggest(ctx context.Context, id bot.CaseID) error {
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
	_, err = s.suggest(ctx, c, rep)
	return err
}

// suggest puts the classifier's suggestion for rep on c, both read just
// before, and returns the case as the change left it, read in the same
// step; on an error, c as it was.
func (s *Service) suggest(ctx context.Context, c bot.Case, rep bot.Report) (bot.Case, error) {
	id := c.ID
	cl, note := s.Classifier, ""
	names, unknown := s.names(ctx, c.Involved)
	in := bot.ClassifyInput{Text: bot.ReportText(c.Category, rep.Answers), Names: names}
	if s.Offline != nil {
		if unknown > 0 {
			// Neither the names nor the text are logged.
			s.Log.Warn("suggestion made offline: a picked person's name could not be looked up, so it could not be redacted",
				"case", string(id), "unknown_names", unknown)
			cl, note = s.Offline, " (llm skipped: names unknown)"
		} else {
			in = bot.ClassifyInput{Text: modelText(c.Category, rep.Answers), Names: append(names, typedNames(c.Category, rep.Answers)...)}
		}
	}
	sug, err := cl.Classify(ctx, in)
	if err != nil {
		return c, fmt.Errorf("classify %s: %w", id, err)
	}
	sug.Source += note
	sug = sug.Clean()
	unit, _ := s.Config().Unit(c.Unit)
	sug = sug.WithAnswers(c.Category, rep.Answers, unit)
	sug.Regimes = bot.AllowedRegimes(sug.Regimes, unit)
	fields := map[string]string{"source": sug.Source, "category": string(sug.Category), "severity": string(sug.Severity),
		"regimes": bot.JoinRegimes(sug.Regimes), "confidence": fmt.Sprintf("%.2f", sug.Confidence)}
	if sug.FromAnswers {
		fields["from_answers"] = "yes"
	}
	// Cards posted already are redrawn with it; a case without cards gets
	// it on the cards its delivery posts next, and the version keeps a
	// card recorded in between from missing it.
	announce := bot.EventSuggested
	if len(c.Cards) == 0 {
		announce = ""
	}
	changed, _, err := s.Store.UpdateCase(ctx, id, bot.Change{
		Move: bot.MoveSuggest, Was: c, Version: c.Version, Suggestion: &sug, Announce: announce,
		Audit: bot.AuditEntry{At: s.Now(), Actor: bot.SystemActor, Action: bot.ActionSuggested, Fields: fields},
	})
	if err != nil {
		return c, err
	}
	return changed, nil
}

// peopleQuestions are the text answers whose purpose is to name people:
// others involved who are not in Slack, witnesses, who threatened whom,
// who disclosed information and who received it, who is at risk from it
// and with whom it was raised before, who was affected in care and who
// was injured at work.
var peopleQuestions = []string{bot.QInvolvedOther, bot.QHAWitnesses, bot.QTVBy, bot.QTVAgainst, bot.QPDRecipient,
	bot.QCOTo, bot.QCOBy, bot.QCORiskHow, bot.QCOBeforeWhat, bot.QCQWho, bot.QWEWho}

// modelText is bot.ReportText without the answers to peopleQuestions: the
// text a classifier that sends text out gets, to redact and send.
func modelText(c bot.Category, a bot.Answers) string {
	var parts []string
	for _, q := range bot.QuestionsFor(c) {
		if q.Kind != bot.KindText && q.Kind != bot.KindParagraph || slices.Contains(peopleQuestions, q.ID) {
			continue
		}
		if t := a.Text(q.ID); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

// typedNames are the capitalised words of two letters or more in the
// answers to the category's peopleQuestions: a name typed there is
// redacted from the rest of the text too. A capitalised role ("Klient")
// is taken for a name as well; redacting a word too many is the safe
// mistake.
func typedNames(c bot.Category, a bot.Answers) []string {
	var names []string
	for _, q := range bot.QuestionsFor(c) {
		if !slices.Contains(peopleQuestions, q.ID) {
			continue
		}
		for _, w := range strings.FieldsFunc(a.Text(q.ID), func(r rune) bool {
			return !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '’'
		}) {
			// "O'Brien" whole, and "Kalle" of "Kalle's".
			for _, n := range append([]string{w}, strings.FieldsFunc(w, func(r rune) bool { return r == '\'' || r == '’' })...) {
				n = strings.Trim(n, "-'’")
				if r, _ := utf8.DecodeRuneInString(n); unicode.IsUpper(r) && utf8.RuneCountInString(n) >= 2 && !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
	}
	return names
}

// names are the names of the people picked as involved, so they can be
// removed before text leaves the process, and how many of them could not
// be looked up (all, without a Directory).
func (s *Service) names(ctx context.Context, users []string) (names []string, unknown int) {
	if s.Directory == nil {
		return nil, len(users)
	}
	for _, u := range users {
		got, err := s.Directory.Names(ctx, u)
		if err != nil {
			got = nil
		}
		got = slices.DeleteFunc(got, func(n string) bool { return strings.TrimSpace(n) == "" })
		if len(got) == 0 {
			unknown++
			continue
		}
		names = append(names, got...)
	}
	return names, unknown
}
