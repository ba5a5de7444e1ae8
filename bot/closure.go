package bot

import (
	"slices"
	"strings"
	"time"
)

// Decision is how a case was concluded.
type Decision string

// The five Lex Sarah decisions, exactly as the investigation template has
// them, and the outcomes of cases outside Lex Sarah.
const (
	DecisionRisk          Decision = "ls_risk"
	DecisionShortcoming   Decision = "ls_shortcoming"
	DecisionSeriousRisk   Decision = "ls_serious_risk"
	DecisionSerious       Decision = "ls_serious"
	DecisionNoShortcoming Decision = "ls_none"

	DecisionResolved     Decision = "resolved"
	DecisionNoAction     Decision = "no_action"
	DecisionReferred     Decision = "referred"
	DecisionNotConfirmed Decision = "not_confirmed"
)

// DecisionInfo names a decision: Full is its exact wording, Short fits a
// Slack option (75 characters).
type DecisionInfo struct {
	ID    Decision
	Full  Text
	Short Text
	// ToIVO marks the serious Lex Sarah decisions, which are reported to IVO.
	ToIVO bool
}

// LexSarahDecisions are the five decisions of a Lex Sarah investigation.
var LexSarahDecisions = []DecisionInfo{
	{DecisionRisk, Text{"Det rapporterade utgjorde en påtaglig risk för missförhållande.", "What was reported constituted an obvious risk of a shortcoming (missförhållande)."},
		Text{"1. Påtaglig risk för missförhållande", "1. Obvious risk of a shortcoming"}, false},
	{DecisionShortcoming, Text{"Det rapporterade utgjorde ett missförhållande.", "What was reported constituted a shortcoming (missförhållande)."},
		Text{"2. Missförhållande", "2. A shortcoming"}, false},
	{DecisionSeriousRisk, Text{"Det rapporterade utgjorde en påtaglig risk för allvarligt missförhållande.", "What was reported constituted an obvious risk of a serious shortcoming."},
		Text{"3. Påtaglig risk för allvarligt missförhållande – anmäls till IVO", "3. Obvious risk of a serious shortcoming – report to IVO"}, true},
	{DecisionSerious, Text{"Det rapporterade utgjorde ett allvarligt missförhållande.", "What was reported constituted a serious shortcoming."},
		Text{"4. Allvarligt missförhållande – anmäls till IVO", "4. A serious shortcoming – report to IVO"}, true},
	{DecisionNoShortcoming, Text{"Det rapporterade utgjorde inte ett missförhållande eller en påtaglig risk för missförhållande.", "What was reported constituted neither a shortcoming nor an obvious risk of one."},
		Text{"5. Varken missförhållande eller påtaglig risk", "5. Neither a shortcoming nor an obvious risk"}, false},
}

// OtherDecisions conclude cases that are not Lex Sarah investigations.
var OtherDecisions = []DecisionInfo{
	{DecisionResolved, Text{"Åtgärdat.", "Resolved."}, Text{"Åtgärdat", "Resolved"}, false},
	{DecisionNoAction, Text{"Ingen åtgärd behövs.", "No action needed."}, Text{"Ingen åtgärd behövs", "No action needed"}, false},
	{DecisionReferred, Text{"Överlämnat till annan instans (t.ex. HR, polis, tillsynsmyndighet).", "Referred elsewhere (e.g. HR, police, a supervisory authority)."},
		Text{"Överlämnat (HR, polis, myndighet)", "Referred (HR, police, authority)"}, false},
	{DecisionNotConfirmed, Text{"Det rapporterade kunde inte bekräftas.", "What was reported could not be confirmed."}, Text{"Kunde inte bekräftas", "Could not be confirmed"}, false},
}

// DecisionsFor lists the decisions a case may be closed with: the five Lex
// Sarah decisions when the regime applies, the general outcomes otherwise.
func DecisionsFor(c Case) []DecisionInfo {
	if c.HasRegime(LexSarah) {
		return LexSarahDecisions
	}
	return OtherDecisions
}

// Info names the decision; ok is false for an unknown one.
func (d Decision) Info() (DecisionInfo, bool) {
	for _, list := range [][]DecisionInfo{LexSarahDecisions, OtherDecisions} {
		for _, info := range list {
			if info.ID == d {
				return info, true
			}
		}
	}
	return DecisionInfo{}, false
}

// RootCause is one of the investigation template's groups of causes.
type RootCause struct {
	ID   string
	Name Text
}

// RootCauses are the template's six groups, in its order.
var RootCauses = []RootCause{
	{"communication", Text{"Kommunikation och information", "Communication and information"}},
	{"competence", Text{"Utbildning och kompetens", "Education and competence"}},
	{"routines", Text{"Processer, rutiner och riktlinjer", "Processes, routines and guidelines"}},
	{"organisation", Text{"Omgivning och organisation", "Surroundings and organisation"}},
	{"technology", Text{"Teknik, utrustning och apparatur", "Technology, equipment and apparatus"}},
	{"other", Text{"Annat", "Other"}},
}

// Answers to whether a personal data breach was notified to the authority.
const (
	NotifiedYes         = "yes"
	NotifiedNo          = "no"
	NotifiedNotRequired = "not_required"
)

// Closure is how a case was concluded: the investigation's findings. It
// holds free text and is shown only to those who may see the details.
type Closure struct {
	Decision       Decision  `json:"decision"`
	RootCauses     []string  `json:"root_causes,omitempty"`
	RootCauseText  string    `json:"root_cause_text,omitempty"`
	ActionsTaken   string    `json:"actions_taken"`
	ActionsAt      time.Time `json:"actions_at,omitzero"`
	ActionsPlanned string    `json:"actions_planned,omitempty"`
	FollowUp       string    `json:"follow_up,omitempty"`
	RegistryNumber string    `json:"registry_number,omitempty"`
	// The investigation template's questions, in its order: when and how
	// it was noticed, what it consisted of, its consequences for the
	// individual, whether it happened before (yes, no, unknown) and why
	// again, whether it could happen again (yes or no) and why, a text per
	// root-cause group (CauseTexts by RootCause id), and "Övrigt".
	NoticedHow   string            `json:"noticed_how,omitempty"`
	ConsistedOf  string            `json:"consisted_of,omitempty"`
	Consequences string            `json:"consequences,omitempty"`
	Before       string            `json:"before,omitempty"`
	WhyAgain     string            `json:"why_again,omitempty"`
	Recur        string            `json:"recur,omitempty"`
	RecurWhy     string            `json:"recur_why,omitempty"`
	CauseTexts   map[string]string `json:"cause_texts,omitempty"`
	Other        string            `json:"other,omitempty"`
	// The template's four dates: information about the report sent to
	// the committee responsible, IVO notified, a copy of the investigation
	// attached to the notification, and a copy of the closed investigation
	// sent to the committee.
	CommitteeInformedAt time.Time `json:"committee_informed_at,omitzero"`
	IVONotifiedAt       time.Time `json:"ivo_notified_at,omitzero"`
	CopyAttachedAt      time.Time `json:"copy_attached_at,omitzero"`
	CommitteeCopyAt     time.Time `json:"committee_copy_at,omitzero"`
	// AuthorityNotified answers, for a personal data breach, whether the
	// data protection authority was told: yes, no or not_required. It is
	// derived from the breach record (bot.Breach) and its notifications.
	AuthorityNotified   string    `json:"authority_notified,omitempty"`
	AuthorityNotifiedAt time.Time `json:"authority_notified_at,omitzero"`
	ClosedBy            Signature `json:"closed_by"`
	ClosedAt            time.Time `json:"closed_at"`
	// Feedback is what the reporter is told at closing: what was done, in
	// words for them – no internal notes, no names. Required for a case
	// reported to the independent function (the whistleblowing act).
	Feedback string `json:"feedback,omitempty"`
	// Breach, in a request to close a personal data breach, is the risk
	// assessment made when closing. It is kept in the case's breach
	// record (Case.Breach), not in the closure.
	Breach *Breach `json:"-"`
}

// Signature is who did something, as the documentation requires it: the
// Slack user, and their name and job title from Slack's profile.
type Signature struct {
	User  string `json:"user"`
	Name  string `json:"name,omitempty"`
	Title string `json:"title,omitempty"`
}

// Note kinds: the template asks whether an item is a fact or an assessment.
const (
	NoteFact       = "fact"
	NoteAssessment = "assessment"
)

// Note is one item of the case's running log.
type Note struct {
	Number int       `json:"number"`
	At     time.Time `json:"at"`
	By     Signature `json:"by"`
	Text   string    `json:"text"`
	// Source is where the information comes from.
	Source     string `json:"source"`
	Kind       string `json:"kind"`
	Attachment string `json:"attachment,omitempty"`
}

// Field ids of the coordinators' dialogs.
const (
	FieldEscalateReason = "escalate_reason"
	FieldEscalateTo     = "escalate_to"
	FieldNoteText       = "note_text"
	FieldNoteSource     = "note_source"
	FieldNoteKind       = "note_kind"
	FieldNoteAttachment = "note_attachment"
	FieldDecision       = "decision"
	FieldRootCauses     = "root_causes"
	FieldRootCauseText  = "root_cause_text"
	FieldActionsTaken   = "actions_taken"
	FieldActionsAt      = "actions_at"
	FieldActionsPlanned = "actions_planned"
	FieldFollowUp       = "follow_up"
	FieldRegistryNumber = "registry_number"
	FieldCommitteeAt    = "committee_informed_at"
	FieldIVOAt          = "ivo_notified_at"
	// FieldAuthorityAt was the close dialog's time IMY was notified; a
	// closure of old may carry it.
	FieldAuthorityAt    = "authority_notified_at"
	FieldNoticedHow     = "noticed_how"
	FieldConsistedOf    = "consisted_of"
	FieldConsequences   = "consequences"
	FieldBefore         = "happened_before"
	FieldWhyAgain       = "why_again"
	FieldRecur          = "could_recur"
	FieldRecurWhy       = "could_recur_why"
	FieldOther          = "other_matters"
	FieldCopyAttachedAt = "copy_attached_at"
	FieldCommitteeCopy  = "committee_copy_at"
	// EscalationReasonField is the audit field that keeps an escalation's reason.
	EscalationReasonField = "reason"
)

// Limits of what coordinators write.
const (
	MaxCoordinatorText  = 3000
	MaxNoteSource       = 300
	MaxAttachment       = 100
	MaxRegistryNumber   = 50
	MaxEscalationReason = 1000
)

// ValidateClosure checks a closure against the case it closes.
func ValidateClosure(c Case, cl Closure, now time.Time) FieldErrors {
	errs := FieldErrors{}
	if !slices.ContainsFunc(DecisionsFor(c), func(d DecisionInfo) bool { return d.ID == cl.Decision }) {
		errs[FieldDecision] = ErrChoice
	}
	for _, rc := range cl.RootCauses {
		if !slices.ContainsFunc(RootCauses, func(r RootCause) bool { return r.ID == rc }) {
			errs[FieldRootCauses] = ErrChoice
		}
	}
	for id, text := range cl.CauseTexts {
		if !slices.ContainsFunc(RootCauses, func(r RootCause) bool { return r.ID == id }) {
			errs[FieldRootCauses] = ErrChoice
			continue
		}
		CheckText(CauseTextField(id), text, MaxCoordinatorText, false, errs)
	}
	if c.HasRegime(LexSarah) && len(cl.Causes()) == 0 && cl.Decision != DecisionNoShortcoming {
		errs[FieldRootCauses] = Text{"En Lex Sarah-utredning anger orsaker.", "A Lex Sarah investigation names its causes."}
	}
	if c.HasRegime(LexSarah) && cl.Recur != Yes && cl.Recur != No || cl.Recur != "" && cl.Recur != Yes && cl.Recur != No {
		errs[FieldRecur] = Text{"Svara ja eller nej: kan det inträffa igen?", "Answer yes or no: could it happen again?"}
	}
	if cl.Before != "" && cl.Before != Yes && cl.Before != No && cl.Before != Unknown {
		errs[FieldBefore] = ErrChoice
	}
	CheckText(FieldRootCauseText, cl.RootCauseText, MaxCoordinatorText, false, errs)
	for field, text := range map[string]string{FieldNoticedHow: cl.NoticedHow, FieldConsistedOf: cl.ConsistedOf,
		FieldConsequences: cl.Consequences, FieldWhyAgain: cl.WhyAgain, FieldRecurWhy: cl.RecurWhy, FieldOther: cl.Other} {
		CheckText(field, text, MaxCoordinatorText, false, errs)
	}
	CheckText(FieldActionsTaken, cl.ActionsTaken, MaxCoordinatorText, true, errs)
	CheckText(FieldActionsPlanned, cl.ActionsPlanned, MaxCoordinatorText, false, errs)
	CheckText(FieldFollowUp, cl.FollowUp, MaxCoordinatorText, false, errs)
	CheckText(FieldRegistryNumber, cl.RegistryNumber, MaxRegistryNumber, false, errs)
	if strings.ContainsAny(cl.RegistryNumber, "\n\r") {
		errs[FieldRegistryNumber] = Text{"Skriv på en rad.", "Write it on one line."}
	}
	CheckText(FieldFeedback, cl.Feedback, MaxMessage, c.Route.Independent, errs)
	if _, bad := errs[FieldFeedback]; !bad && strings.Contains(cl.Feedback, "<@") {
		// A mention would name someone to the reporter.
		errs[FieldFeedback] = Text{"Återkopplingen går till rapportören: skriv inga namn eller omnämnanden av personer.",
			"The feedback goes to the reporter: mention no one and write no names."}
	}
	future := Text{"Tidpunkten ligger i framtiden.", "This time is in the future."}
	// Nothing about the incident can be done before it happened.
	began := c.Began()
	early := Text{"Tidpunkten ligger före händelsen.", "This time is before the incident."}
	for field, t := range map[string]time.Time{FieldActionsAt: cl.ActionsAt, FieldCommitteeAt: cl.CommitteeInformedAt,
		FieldIVOAt: cl.IVONotifiedAt, FieldAuthorityAt: cl.AuthorityNotifiedAt, FieldCopyAttachedAt: cl.CopyAttachedAt,
		FieldCommitteeCopy: cl.CommitteeCopyAt} {
		switch {
		case t.After(now.Add(futureSlack)):
			errs[field] = future
		case !t.IsZero() && t.Before(began):
			errs[field] = early
		}
	}
	return errs
}

// CauseTextField is the close dialog's field for the text of root-cause
// group id.
func CauseTextField(id string) string { return "cause_text_" + id }

// Causes are the root-cause groups the closure names: ticked, or with a
// text of their own.
func (cl Closure) Causes() []string {
	var out []string
	for _, rc := range RootCauses {
		if slices.Contains(cl.RootCauses, rc.ID) || strings.TrimSpace(cl.CauseTexts[rc.ID]) != "" {
			out = append(out, rc.ID)
		}
	}
	return out
}
