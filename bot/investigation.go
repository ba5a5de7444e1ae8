package bot

import (
	"slices"
	"strings"
	"time"
)

// Investigation is a case's investigation once a handler started it:
// acknowledging a case is not starting one. The investigator's name and
// title come from the starter's Slack profile and may be edited; the
// registry number (diarienummer) may be set at any time.
type Investigation struct {
	StartedAt      time.Time `json:"started_at"`
	StartedBy      string    `json:"started_by"`
	Investigator   Signature `json:"investigator"`
	RegistryNumber string    `json:"registry_number,omitempty"`
	// ChangedAt and ChangedBy are the last edit after the start.
	ChangedAt time.Time `json:"changed_at,omitzero"`
	ChangedBy string    `json:"changed_by,omitempty"`
}

// Field ids of the investigation dialog.
const (
	FieldInvestigatorName  = "investigator_name"
	FieldInvestigatorTitle = "investigator_title"
	FieldInvestigationReg  = "investigation_registry_number"
)

// Limits of the investigation dialog.
const (
	MaxInvestigatorName  = 100
	MaxInvestigatorTitle = 100
)

// ValidateInvestigation checks what a handler gave when starting or
// changing an investigation.
func ValidateInvestigation(inv Investigation) FieldErrors {
	errs := FieldErrors{}
	CheckText(FieldInvestigatorName, inv.Investigator.Name, MaxInvestigatorName, true, errs)
	CheckText(FieldInvestigatorTitle, inv.Investigator.Title, MaxInvestigatorTitle, true, errs)
	CheckText(FieldInvestigationReg, inv.RegistryNumber, MaxRegistryNumber, false, errs)
	for f, s := range map[string]string{FieldInvestigatorName: inv.Investigator.Name, FieldInvestigatorTitle: inv.Investigator.Title,
		FieldInvestigationReg: inv.RegistryNumber} {
		if strings.ContainsAny(s, "\n\r") {
			errs[f] = Text{"Skriv på en rad.", "Write it on one line."}
		}
	}
	return errs
}

// Risk levels of a personal data breach, as IMY's guidance grades them:
// a breach unlikely to result in a risk is documented but not notified
// (GDPR art. 33); one with a risk is notified to IMY; one with a high risk
// is also told to the people concerned (art. 34).
const (
	RiskUnlikely = "unlikely"
	RiskPresent  = "risk"
	RiskHigh     = "high"
)

// RiskLevels name the three levels; RiskHints say what each leads to.
var (
	RiskLevels = []Option{
		{RiskUnlikely, Text{"Osannolikt att den medför risk", "Unlikely to result in a risk"}},
		{RiskPresent, Text{"Risk", "A risk"}},
		{RiskHigh, Text{"Hög risk", "A high risk"}},
	}
	RiskHints = map[string]Text{
		RiskUnlikely: {"Dokumenteras här, anmäls inte till IMY (art. 33.1)", "Documented here, not notified to IMY (Art. 33(1))"},
		RiskPresent:  {"Anmäls till IMY inom 72 timmar från upptäckten", "Notified to IMY within 72 hours of discovery"},
		RiskHigh:     {"Anmäls till IMY, och de berörda informeras (art. 34)", "Notified to IMY, and the people concerned are told (Art. 34)"},
	}
)

// Whether the people concerned were informed of a breach.
const (
	InformedYes     = "yes"
	InformedNo      = "no"
	InformedNotDone = "not_needed"
)

// InformedOptions answer whether the people concerned were informed.
var InformedOptions = []Option{
	{InformedYes, Text{"Ja", "Yes"}},
	{InformedNo, Text{"Nej, inte än", "No, not yet"}},
	{InformedNotDone, Text{"Behövs inte (t.ex. krypterat, eller mildrat så att hög risk inte kvarstår)", "Not needed (e.g. encrypted, or mitigated so no high risk remains)"}},
}

// Breach is the record of a personal data breach that GDPR art. 33.5
// requires for every breach, notified or not: the facts, the effects, the
// remedial action and the reasoning. Its facts start from the reporter's
// answers and a handler confirms or corrects them.
type Breach struct {
	// Whose: clients, staff, others (QPDWhose's values).
	Whose []string `json:"whose,omitempty"`
	// Kinds are QPDDataKind's values.
	Kinds []string `json:"kinds,omitempty"`
	// Count is QPDCount's value: roughly how many people.
	Count string `json:"count,omitempty"`
	// How is QPDHow's value: wrong recipient, lost device, access.
	How string `json:"how,omitempty"`
	// Summary is what happened, in the handler's words: the facts the
	// record keeps, without the reporter's own account.
	Summary        string `json:"summary,omitempty"`
	Recipient      string `json:"recipient,omitempty"`
	RecipientBound string `json:"recipient_bound,omitempty"`
	Consequences   string `json:"consequences,omitempty"`
	Measures       string `json:"measures,omitempty"`
	Risk           string `json:"risk"`
	Reasoning      string `json:"reasoning"`
	// Informed says whether the people concerned were told, and when.
	Informed   string    `json:"informed,omitempty"`
	InformedAt time.Time `json:"informed_at,omitzero"`
	AssessedBy Signature `json:"assessed_by"`
	AssessedAt time.Time `json:"assessed_at"`
}

// Field ids of the breach record's dialog.
const (
	FieldBreachWhose          = "breach_whose"
	FieldBreachKinds          = "breach_kinds"
	FieldBreachCount          = "breach_count"
	FieldBreachHow            = "breach_how"
	FieldBreachSummary        = "breach_summary"
	FieldBreachRecipient      = "breach_recipient"
	FieldBreachRecipientBound = "breach_recipient_bound"
	FieldBreachConsequences   = "breach_consequences"
	FieldBreachMeasures       = "breach_measures"
	FieldBreachRisk           = "breach_risk"
	FieldBreachReasoning      = "breach_reasoning"
	FieldBreachInformed       = "breach_informed"
	FieldBreachInformedAt     = "breach_informed_at"
)

// BreachFromAnswers starts a breach record from the reporter's answers.
func BreachFromAnswers(a Answers) Breach {
	return Breach{Whose: slices.Clone(a[QPDWhose]), Kinds: slices.Clone(a[QPDDataKind]), Count: a.Text(QPDCount),
		How: a.Text(QPDHow), Recipient: a.Text(QPDRecipient), RecipientBound: a.Text(QPDRecipientBound)}
}

// ValidateBreach checks a breach record against the case: its choices,
// its texts, a reasoning always, and for a high risk whether the people
// concerned were told.
func ValidateBreach(c Case, b Breach, now time.Time) FieldErrors {
	errs := FieldErrors{}
	choice := func(field, qid string, vals ...string) {
		q, _ := QuestionByID(PersonalData, qid)
		for _, v := range vals {
			if _, ok := q.Option(v); !ok && v != "" {
				errs[field] = ErrChoice
			}
		}
	}
	choice(FieldBreachWhose, QPDWhose, b.Whose...)
	choice(FieldBreachKinds, QPDDataKind, b.Kinds...)
	choice(FieldBreachCount, QPDCount, b.Count)
	choice(FieldBreachHow, QPDHow, b.How)
	choice(FieldBreachRecipientBound, QPDRecipientBound, b.RecipientBound)
	if !slices.ContainsFunc(RiskLevels, func(o Option) bool { return o.Value == b.Risk }) {
		errs[FieldBreachRisk] = Text{"Välj en riskbedömning.", "Choose a risk assessment."}
	}
	if b.Informed != "" && !slices.ContainsFunc(InformedOptions, func(o Option) bool { return o.Value == b.Informed }) {
		errs[FieldBreachInformed] = ErrChoice
	}
	if b.Risk == RiskHigh && b.Informed == "" {
		errs[FieldBreachInformed] = Text{"Vid hög risk ska de berörda informeras (art. 34): ange om det är gjort.",
			"With a high risk the people concerned are told (art. 34): say whether they were."}
	}
	if b.Informed == InformedYes && b.InformedAt.IsZero() {
		errs[FieldBreachInformedAt] = Text{"Ange när de berörda informerades.", "Say when the people concerned were told."}
	}
	discovered := c.DiscoveredAt
	if discovered.IsZero() {
		discovered = c.Began()
	}
	switch {
	case b.InformedAt.After(now.Add(futureSlack)):
		errs[FieldBreachInformedAt] = Text{"Tidpunkten ligger i framtiden.", "This time is in the future."}
	case !b.InformedAt.IsZero() && b.InformedAt.Before(discovered):
		errs[FieldBreachInformedAt] = Text{"Tidpunkten ligger före upptäckten.", "This time is before the discovery."}
	}
	CheckText(FieldBreachRecipient, b.Recipient, 500, false, errs)
	if strings.ContainsAny(b.Recipient, "\n\r") {
		errs[FieldBreachRecipient] = Text{"Skriv på en rad.", "Write it on one line."}
	}
	CheckText(FieldBreachSummary, b.Summary, MaxCoordinatorText, false, errs)
	CheckText(FieldBreachConsequences, b.Consequences, MaxCoordinatorText, false, errs)
	CheckText(FieldBreachMeasures, b.Measures, MaxCoordinatorText, false, errs)
	CheckText(FieldBreachReasoning, b.Reasoning, MaxCoordinatorText, true, errs)
	return errs
}

// IMYNotifications are the case's notifications to IMY, under either act.
func (c Case) IMYNotifications() []Notification {
	var out []Notification
	for _, n := range c.Notifications {
		if n.Authority == AuthorityIMY || n.Authority == AuthorityIMYLaw {
			out = append(out, n)
		}
	}
	return out
}

// BreachIncomplete lists what a breach record still lacks before its case
// is closed (GDPR art. 33.5: the facts, the effects, the remedial action
// and the reasoning), as the dialog's field ids; empty when complete. A
// high risk is closed only once the people concerned were told, or it was
// decided they need not be.
func BreachIncomplete(b Breach) []string {
	var out []string
	for _, f := range []struct {
		field string
		empty bool
	}{{FieldBreachSummary, strings.TrimSpace(b.Summary) == ""}, {FieldBreachWhose, len(b.Whose) == 0},
		{FieldBreachKinds, len(b.Kinds) == 0}, {FieldBreachCount, b.Count == ""},
		{FieldBreachConsequences, strings.TrimSpace(b.Consequences) == ""}, {FieldBreachMeasures, strings.TrimSpace(b.Measures) == ""},
		{FieldBreachInformed, b.Risk == RiskHigh && b.Informed != InformedYes && b.Informed != InformedNotDone}} {
		if f.empty {
			out = append(out, f.field)
		}
	}
	return out
}
