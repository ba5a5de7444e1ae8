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
	{"organisation", Text{"Miljö och organisation", "Environment and organisation"}},
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
	// CommitteeInformedAt and IVONotifiedAt are Lex Sarah's dates.
	CommitteeInformedAt time.Time `json:"committee_informed_at,omitzero"`
	IVONotifiedAt       time.Time `json:"ivo_notified_at,omitzero"`
	// AuthorityNotified answers, for a personal data breach, whether the
	// data protection authority was told: yes, no or not_required.
	AuthorityNotified   string    `json:"authority_notified,omitempty"`
	AuthorityNotifiedAt time.Time `json:"authority_notified_at,omitzero"`
	ClosedBy            Signature `json:"closed_by"`
	ClosedAt            time.Time `json:"closed_at"`
	// Feedback is what the reporter is told at closing: what was done, in
	// words for them – no internal notes, no names. Required for a case
	// reported to the independent function (the whistleblowing act).
	Feedback string `json:"feedback,omitempty"`
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
	FieldAuthority      = "authority_notified"
	FieldAuthorityAt    = "authority_notified_at"
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
	if c.HasRegime(LexSarah) && len(cl.RootCauses) == 0 && cl.Decision != DecisionNoShortcoming {
		errs[FieldRootCauses] = Text{"En Lex Sarah-utredning anger orsaker.", "A Lex Sarah investigation names its causes."}
	}
	CheckText(FieldRootCauseText, cl.RootCauseText, MaxCoordinatorText, false, errs)
	CheckText(FieldActionsTaken, cl.ActionsTaken, MaxCoordinatorText, true, errs)
	CheckText(FieldActionsPlanned, cl.ActionsPlanned, MaxCoordinatorText, false, errs)
	CheckText(FieldFollowUp, cl.FollowUp, MaxCoordinatorText, false, errs)
	CheckText(FieldRegistryNumber, cl.RegistryNumber, MaxRegistryNumber, false, errs)
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
		FieldIVOAt: cl.IVONotifiedAt, FieldAuthorityAt: cl.AuthorityNotifiedAt} {
		switch {
		case t.After(now.Add(futureSlack)):
			errs[field] = future
		case !t.IsZero() && t.Before(began):
			errs[field] = early
		}
	}
	if c.HasRegime(GDPRBreach) {
		switch cl.AuthorityNotified {
		case NotifiedYes:
			if cl.AuthorityNotifiedAt.IsZero() {
				errs[FieldAuthorityAt] = Text{"Ange när IMY underrättades.", "Say when IMY was notified."}
			}
		case NotifiedNo, NotifiedNotRequired:
		default:
			errs[FieldAuthority] = ErrChoice
		}
	}
	return errs
}
