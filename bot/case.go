package bot

import (
	"slices"
	"time"
)

// AnonymousReporter stands in for the reporter of an anonymous report.
const AnonymousReporter = "anonymous"

// SystemActor is the actor of changes the bot makes by itself.
const SystemActor = "incidentbot"

// Case is a submitted report as coordinators handle it. It holds no free
// text: what the reporter wrote is in Report, read only by those allowed.
type Case struct {
	ID           CaseID    `json:"id"`
	Status       Status    `json:"status"`
	Category     Category  `json:"category"`
	Severity     Severity  `json:"severity"`
	Regimes      []Regime  `json:"regimes"`
	Unit         string    `json:"unit"`
	Reporter     string    `json:"reporter"`
	Assignee     string    `json:"assignee"`
	AckBy        string    `json:"acknowledged_by"`
	CreatedAt    time.Time `json:"created_at"`
	OccurredAt   time.Time `json:"occurred_at"`
	DiscoveredAt time.Time `json:"discovered_at"`
	// Week is the ISO week of CreatedAt in the configured time zone.
	Week string `json:"week"`
	// ImmediateDanger is set when the reporter said someone was in danger
	// right then: a flag, so it may show where free text may not.
	ImmediateDanger bool `json:"immediate_danger"`
	// Injured is set when a work environment or threat report tells of
	// an injury.
	Injured bool `json:"injured,omitempty"`
	// Notifications record the authorities told of the case, oldest first.
	Notifications []Notification `json:"notifications,omitempty"`
	Route         Route          `json:"route"`
	Cards         []CardRef      `json:"cards,omitempty"`
	// ReceiptSent is set once the reporter has their receipt.
	ReceiptSent bool `json:"receipt_sent"`
	// Involved are the Slack users picked as involved; with Route.Excluded
	// they are implicated and never get the case.
	Involved []string `json:"involved,omitempty"`
	// ReportingLine is set when the reporter's own reporting line is involved.
	ReportingLine bool `json:"reporting_line,omitempty"`
	// HiddenFrom are the managers of the unit who are implicated in the
	// case: their weekly digest never counts it.
	HiddenFrom  []string  `json:"hidden_from,omitempty"`
	AckAt       time.Time `json:"acknowledged_at,omitzero"`
	EscalatedBy string    `json:"escalated_by,omitempty"`
	EscalatedAt time.Time `json:"escalated_at,omitzero"`
	// EscalatedTo lists where coordinators escalated the case, in order:
	// EscalateToLine, EscalateToIndependent.
	EscalatedTo []string  `json:"escalated_to,omitempty"`
	ClosedBy    string    `json:"closed_by,omitempty"`
	ClosedAt    time.Time `json:"closed_at,omitzero"`
	Decision    Decision  `json:"decision,omitempty"`
	// Notes counts the running log's items.
	Notes int `json:"notes"`
	// Messages counts the relay's messages; AnsweredAt is when the
	// reporter last wrote.
	Messages   int       `json:"messages,omitempty"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	// Investigation is set once a handler starts the investigation.
	Investigation *Investigation `json:"investigation,omitempty"`
	// Breach is the personal data breach record, once documented: free
	// text, shown only to those who may see it.
	Breach *Breach `json:"-"`
	// Hold, when set, keeps the case from being culled.
	Hold *Hold `json:"legal_hold,omitempty"`
	// CulledAt is when the case's personal data was culled (Culled).
	CulledAt time.Time `json:"culled_at,omitzero"`
	// Suggestion is the classifier's proposal, once made.
	Suggestion *Suggestion `json:"suggestion,omitempty"`
	// Classification is what a coordinator made of the suggestion:
	// accepted or changed; "" until they decide.
	Classification string `json:"classification,omitempty"`
	ClassifiedBy   string `json:"classified_by,omitempty"`
	// Version increases with every change; updates compare and set it.
	Version int64 `json:"version"`
}

// Began is the earliest time the case knows of: when it happened, else
// when it was discovered, else when it was reported.
func (c Case) Began() time.Time {
	t := c.CreatedAt
	for _, x := range []time.Time{c.OccurredAt, c.DiscoveredAt} {
		if !x.IsZero() && x.Before(t) {
			t = x
		}
	}
	return t
}

// HasRegime reports whether regime r applies to the case.
func (c Case) HasRegime(r Regime) bool {
	for _, x := range c.Regimes {
		if x == r {
			return true
		}
	}
	return false
}

// Implicated reports whether user is involved in the case or was kept off
// its route for that reason; such a user never gets the case.
func (c Case) Implicated(user string) bool {
	for _, lists := range [][]string{c.Involved, c.Route.Excluded} {
		for _, u := range lists {
			if u == user {
				return true
			}
		}
	}
	return false
}

// Where a coordinator may escalate a case.
const (
	// EscalateToLine is the unit's escalation people: the next level.
	EscalateToLine = "escalation"
	// EscalateToIndependent is the independent function.
	EscalateToIndependent = "independent"
)

// ReachedEscalation reports whether the unit's escalation people have the
// case: routed to them, or escalated to them.
func (c Case) ReachedEscalation() bool {
	return c.Route.Escalated && !c.Route.Independent || slices.Contains(c.EscalatedTo, EscalateToLine)
}

// ReachedIndependent reports whether the independent function has the
// case: routed to it, or escalated to it.
func (c Case) ReachedIndependent() bool {
	return c.Route.Independent || slices.Contains(c.EscalatedTo, EscalateToIndependent)
}

// HiddenFrom lists the managers of the case's unit who are implicated in
// it, and whose digest must therefore not count it: in a small unit, a
// count of one points at the case.
func HiddenFrom(c Case, cfg *Config) []string {
	unit, _ := cfg.Unit(c.Unit)
	var out []string
	for _, m := range unit.Managers {
		if c.Implicated(m) && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// Anonymous reports whether the reporter chose not to be named.
func (c Case) Anonymous() bool { return c.Reporter == AnonymousReporter }

// Delivered reports whether the card reached every target and the reporter
// has the receipt.
func (c Case) Delivered() bool {
	return c.ReceiptSent && len(c.Cards) >= len(c.Route.Targets())
}

// HasCardFor reports whether the card was already posted to t.
func (c Case) HasCardFor(t Target) bool {
	for _, ref := range c.Cards {
		if ref.Target == t {
			return true
		}
	}
	return false
}

// CardRef is where a case card was posted, so it can be updated in place.
type CardRef struct {
	Target  Target `json:"target"`
	Channel string `json:"channel"`
	TS      string `json:"ts"`
}

// Report is what the reporter wrote: sensitive, shown only to people whose
// role allows it, and every read is recorded.
type Report struct {
	Answers Answers        `json:"answers"`
	Source  *MessageSource `json:"source,omitempty"`
}

// AuditEntry is one line of a case's history.
type AuditEntry struct {
	At     time.Time         `json:"at"`
	Actor  string            `json:"actor"`
	Action string            `json:"action"`
	Fields map[string]string `json:"fields,omitempty"`
}

// Audit actions.
const (
	ActionCreated      = "created"
	ActionCardPosted   = "card_posted"
	ActionReceiptSent  = "receipt_sent"
	ActionAcknowledged = "acknowledged"
	ActionAssigned     = "assigned"
	ActionEscalated    = "escalated"
	ActionNoteAdded    = "note_added"
	ActionClosed       = "closed"
	ActionViewed       = "viewed_details"
	ActionExported     = "exported"
	// ActionInvestigation records the start of an investigation, and
	// every later change of its investigator or registry number.
	ActionInvestigation = "investigation"
	// ActionBreachRecorded records a change of the breach record, and
	// ActionBreachRead a read of it by the data protection officer.
	ActionBreachRecorded = "breach_recorded"
	ActionBreachRead     = "breach_record_read"
	ActionDenied         = "denied"
	ActionReporterTold   = "reporter_told"
	ActionSuggested      = "suggested"
	ActionClassified     = "classified"
	ActionNotified       = "notified"
	ActionReminded       = "reminded"
	// ActionAnnounceFailed records a change whose announcement was given
	// up: the cards or the reporter may not show it.
	ActionAnnounceFailed = "announce_failed"
)

// What a coordinator made of a classifier's suggestion.
const (
	ClassificationAccepted = "accepted"
	ClassificationChanged  = "changed"
)
