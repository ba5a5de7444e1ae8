package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Suggest asks the classifier about a new case and puts its suggestion on
// the case. It runs after the case is stored, never while Slack waits; a
// case that already has a suggestion is left alone.
//
// A RemoteClassifier gets modelText and every name to redact: those of the
// people picked as involved and the capitalised words of the answers that
// name people. When a picked person's name cannot be looked up, it could
// not be redacted, so the remote classifier's Offline one answers instead.
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
	cl, note := s.Classifier, ""
	names, unknown := s.names(ctx, c.Involved)
	in := ClassifyInput{Text: ReportText(c.Category, rep.Answers), Names: names}
	if remote, ok := cl.(RemoteClassifier); ok {
		if unknown > 0 {
			// Neither the names nor the text are logged.
			s.log().Warn("suggestion made offline: a picked person's name could not be looked up, so it could not be redacted",
				"case", string(id), "unknown_names", unknown)
			cl, note = remote.Offline(), " (llm skipped: names unknown)"
		} else {
			in = ClassifyInput{Text: modelText(c.Category, rep.Answers), Names: append(names, typedNames(c.Category, rep.Answers)...)}
		}
	}
	sug, err := cl.Classify(ctx, in)
	if err != nil {
		return fmt.Errorf("classify %s: %w", id, err)
	}
	sug.Source += note
	sug = sug.clean()
	fields := map[string]string{"source": sug.Source, "category": string(sug.Category), "severity": string(sug.Severity),
		"regimes": joinRegimes(sug.Regimes), "confidence": fmt.Sprintf("%.2f", sug.Confidence)}
	_, _, err = s.Store.UpdateCase(ctx, id, Change{
		From: []Status{StatusNew, StatusAcknowledged, StatusEscalated, StatusClosed}, Suggestion: &sug,
		Announce: EventSuggested, Audit: AuditEntry{At: s.now(), Actor: SystemActor, Action: ActionSuggested, Fields: fields},
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

// RemoteClassifier is a Classifier that sends text out of the process,
// such as a language model. Offline returns the classifier that answers
// in its stead without anything leaving the process; Suggest uses it when
// it cannot give the remote one every name to redact. A classifier that
// sends text out must implement it.
type RemoteClassifier interface {
	Classifier
	Offline() Classifier
}

// peopleQuestions are the text answers whose purpose is to name people:
// others involved who are not in Slack, witnesses, who threatened whom,
// who disclosed information and who received it.
var peopleQuestions = []string{QInvolvedOther, QHAWitnesses, QTVBy, QTVAgainst, QCOTo, QCOBy}

// ReportText is the reporter's free text as a classifier in the process
// may read it: the description, what was done, and the category's text
// answers.
func ReportText(c Category, a Answers) string {
	return reportText(c, a, true)
}

// modelText is ReportText without the answers to peopleQuestions: the
// text a RemoteClassifier gets, to redact and send.
func modelText(c Category, a Answers) string {
	return reportText(c, a, false)
}

func reportText(c Category, a Answers, people bool) string {
	var parts []string
	for _, q := range QuestionsFor(c) {
		if q.Kind != KindText && q.Kind != KindParagraph || !people && slices.Contains(peopleQuestions, q.ID) {
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
func typedNames(c Category, a Answers) []string {
	var names []string
	for _, q := range QuestionsFor(c) {
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

// NameDirectory is a Directory that knows every name a user goes by, such
// as the real name and the display name; names uses it when the Directory
// implements it, and the name in the profile otherwise.
type NameDirectory interface {
	Names(ctx context.Context, user string) ([]string, error)
}

// names are the names of the people picked as involved, so they can be
// removed before text leaves the process, and how many of them could not
// be looked up (all, without a Directory).
func (s *Service) names(ctx context.Context, users []string) (names []string, unknown int) {
	if s.Directory == nil {
		return nil, len(users)
	}
	nd, _ := s.Directory.(NameDirectory)
	for _, u := range users {
		var got []string
		if nd != nil {
			ns, err := nd.Names(ctx, u)
			if err == nil {
				got = ns
			}
		} else if sig, err := s.Directory.Profile(ctx, u); err == nil {
			got = []string{sig.Name}
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
			Version: c.Version, Counters: counters, Deadlines: &deadlines, Announce: EventClassified,
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
