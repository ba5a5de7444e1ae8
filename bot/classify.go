package bot

import (
	"context"
	"slices"
	"strings"
)

// Suggestion is a classifier's proposal for a case: a coordinator accepts
// or changes it; the bot never decides.
type Suggestion struct {
	Category Category `json:"category"`
	Severity Severity `json:"severity"`
	Regimes  []Regime `json:"regimes"`
	// Confidence is between 0 and 1.
	Confidence float64 `json:"confidence"`
	// Cues are what the suggestion rests on, e.g. the rules' matched words.
	Cues []string `json:"cues,omitempty"`
	// Source names the classifier: "rules", "rules (learned)" when the
	// rules' learned model decided where their cues only guessed, or
	// "llm:<model>".
	Source string `json:"source"`
	// FromAnswers is set when the reporter's own answers raised the
	// severity or added a regime that the classifier's reading of the
	// text left out (WithAnswers).
	FromAnswers bool `json:"from_answers,omitempty"`
}

// ClassifyInput is what a classifier may see of a report.
type ClassifyInput struct {
	// Text is the reporter's free text: description, actions taken and
	// the category's text answers.
	Text string
	// Names are the display names of people picked in the dialog; they
	// are removed before text leaves the process.
	Names []string
}

// Classifier suggests a category, severity and regimes for a report.
type Classifier interface {
	Classify(ctx context.Context, in ClassifyInput) (Suggestion, error)
}

// Clean keeps a suggestion within the contract's ids, whatever a
// classifier answered.
func (sg Suggestion) Clean() Suggestion {
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

// WithAnswers keeps a suggestion from contradicting what the reporter
// answered: it never rates a case lower, nor leaves out a regime, than
// Assess gives from the reporter's structured answers (injury, immediate
// danger, weapon, kinds of data, how many people, whether it left the
// organisation) and the unit. The classifier reads the text; the answers
// are what the reporter said for certain. A suggestion can add to them,
// never take from them: lowering stays a coordinator's decision,
// confirmed as such.
//
// Where the suggestion names the category c the reporter chose, all of
// Assess counts. Where it names another, the reporter may have picked the
// wrong form: only what the answers themselves give counts (a weapon is a
// weapon, an injury that needed care an injury, whatever the category),
// not what c alone would give.
func (sg Suggestion) WithAnswers(c Category, a Answers, unit Unit) Suggestion {
	sev, regimes := Assess(c, a, unit)
	if sg.Category != c {
		_, baseRegimes := Assess(c, Answers{}, unit)
		sev = answerFloor(c, a)
		regimes = slices.DeleteFunc(regimes, func(r Regime) bool { return slices.Contains(baseRegimes, r) })
	}
	if sev.Rank() > sg.Severity.Rank() {
		sg.Severity, sg.FromAnswers = sev, true
	}
	sg.Regimes = slices.Clone(sg.Regimes)
	for _, r := range regimes {
		if !slices.Contains(sg.Regimes, r) {
			sg.Regimes, sg.FromAnswers = append(sg.Regimes, r), true
		}
	}
	sg.Regimes = SortRegimes(sg.Regimes)
	return sg
}

// ReportText is the reporter's free text as a classifier in the process
// may read it: the description, what was done, and the category's text
// answers.
func ReportText(c Category, a Answers) string {
	var parts []string
	for _, q := range QuestionsFor(c) {
		if q.Kind != KindText && q.Kind != KindParagraph {
			continue
		}
		if t := a.Text(q.ID); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

// JoinRegimes lists regimes as "a,b" for an audit entry.
func JoinRegimes(rs []Regime) string {
	ss := make([]string, len(rs))
	for i, r := range rs {
		ss[i] = string(r)
	}
	return strings.Join(ss, ",")
}

// Field ids of the classification dialog.
const (
	FieldSeverity = "severity"
	FieldRegimes  = "regimes"
)

// Weakening is what a classification would take away from a case: a lower
// severity, and regimes it would no longer fall under – each with the
// clocks it would stop.
type Weakening struct {
	From, To Severity
	// Removed are the regimes taken away.
	Removed []Regime
}

// Weakens tells what classifying c as sev and regimes would take away;
// ok is false when it takes nothing away.
func Weakens(c Case, sev Severity, regimes []Regime) (w Weakening, ok bool) {
	if sev.Rank() < c.Severity.Rank() {
		w.From, w.To = c.Severity, sev
	}
	for _, r := range c.Regimes {
		if !slices.Contains(regimes, r) {
			w.Removed = append(w.Removed, r)
		}
	}
	return w, w.To != "" || len(w.Removed) > 0
}

// Fields writes w for an audit entry.
func (w Weakening) Fields() map[string]string {
	f := map[string]string{}
	if w.To != "" {
		f["severity_lowered"] = string(w.From) + ">" + string(w.To)
	}
	if len(w.Removed) > 0 {
		f["regimes_removed"] = JoinRegimes(w.Removed)
	}
	return f
}
