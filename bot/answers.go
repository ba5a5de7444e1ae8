package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Answers maps a question id to what was answered: one value for text and
// single choices, several for multiple choices and user picks.
type Answers map[string][]string

// Text returns the first value answered for id, or "".
func (a Answers) Text(id string) string {
	if v := a[id]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Has reports whether value v was answered for id.
func (a Answers) Has(id, v string) bool {
	for _, x := range a[id] {
		if x == v {
			return true
		}
	}
	return false
}

// FieldErrors maps a field id (a question id or a step-one field) to what is
// wrong with it, in both languages. As an error it means the user must
// correct their input; nothing was saved.
type FieldErrors map[string]Text

// Error lists the fields in error.
func (e FieldErrors) Error() string {
	ids := make([]string, 0, len(e))
	for id := range e {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return "invalid input: " + strings.Join(ids, ", ")
}

// OrNil returns e as an error, nil when e is empty.
func (e FieldErrors) OrNil() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

var slackUserID = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)

// IsUserID reports whether s looks like a Slack user id.
func IsUserID(s string) bool { return slackUserID.MatchString(s) }

var (
	errRequired = Text{"Fyll i det här.", "Please fill this in."}
	// ErrChoice says that a value is not one of a choice's options.
	ErrChoice = Text{"Välj ett av alternativen.", "Please pick one of the options."}
	errUsers  = Text{"Välj personer i listan.", "Please pick people from the list."}
)

func errTooLong(n, max int) Text {
	return Text{
		fmt.Sprintf("Texten är %d tecken men högst %d får plats. Korta den – resten av formuläret finns kvar.", n, max),
		fmt.Sprintf("This is %d characters but at most %d fit. Please shorten it; the rest of the form is kept.", n, max),
	}
}

func errTooMany(max int) Text {
	return Text{fmt.Sprintf("Välj högst %d.", max), fmt.Sprintf("Pick at most %d.", max)}
}

// CleanAnswers keeps only the answers to category c's questions, with free
// text trimmed and empty values dropped.
func CleanAnswers(c Category, in Answers) Answers {
	out := Answers{}
	for _, q := range QuestionsFor(c) {
		var vals []string
		for _, v := range in[q.ID] {
			if q.Kind == KindText || q.Kind == KindParagraph {
				v = strings.TrimSpace(v)
			}
			if v != "" {
				vals = append(vals, v)
			}
		}
		if len(vals) > 0 {
			out[q.ID] = vals
		}
	}
	return out
}

// ValidateAnswers checks cleaned answers against category c's questions.
func ValidateAnswers(c Category, a Answers) FieldErrors {
	errs := FieldErrors{}
	for _, q := range QuestionsFor(c) {
		if msg, bad := checkAnswer(q, a[q.ID]); bad {
			errs[q.ID] = msg
		}
	}
	return errs
}

func checkAnswer(q Question, vals []string) (Text, bool) {
	if len(vals) == 0 {
		return errRequired, q.Required
	}
	switch q.Kind {
	case KindText, KindParagraph:
		if len(vals) != 1 {
			return errRequired, true
		}
		if n := utf8.RuneCountInString(vals[0]); n > q.MaxLen {
			return errTooLong(n, q.MaxLen), true
		}
	case KindChoice, KindTick:
		if len(vals) != 1 {
			return ErrChoice, true
		}
		if _, ok := q.Option(vals[0]); !ok {
			return ErrChoice, true
		}
	case KindMulti:
		seen := map[string]bool{}
		for _, v := range vals {
			if _, ok := q.Option(v); !ok || seen[v] {
				return ErrChoice, true
			}
			seen[v] = true
		}
	case KindUsers:
		if len(vals) > q.MaxItems {
			return errTooMany(q.MaxItems), true
		}
		for _, v := range vals {
			if !IsUserID(v) {
				return errUsers, true
			}
		}
	}
	return Text{}, false
}

// Keepable is what of a closed step's answers may be kept for later: each
// answer that is valid, or merely missing; a value the dialog could not
// have sent (an unknown option, a malformed user id, too long, too many)
// is dropped, so a draft never holds what a coordinator must not see.
func Keepable(c Category, a Answers) Answers {
	out := Answers{}
	for _, q := range QuestionsFor(c) {
		vals := a[q.ID]
		if len(vals) == 0 {
			continue
		}
		if _, bad := checkAnswer(q, vals); !bad {
			out[q.ID] = vals
		}
	}
	return out
}

// Involved lists the Slack users picked as involved anywhere in the answers.
func (a Answers) Involved() []string {
	return append([]string(nil), a[QInvolved]...)
}

// ReportingLineInvolved reports whether the reporter ticked that someone in
// their own reporting line is involved.
func (a Answers) ReportingLineInvolved() bool { return a.Has(QReportingLine, Yes) }

// CheckText adds to errs what is wrong with s as the value of field: empty
// when required, or longer than maxLen characters.
func CheckText(field string, s string, maxLen int, required bool, errs FieldErrors) {
	switch n := utf8.RuneCountInString(s); {
	case n == 0 && required:
		errs[field] = errRequired
	case n > maxLen:
		errs[field] = errTooLong(n, maxLen)
	}
}
