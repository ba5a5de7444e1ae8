package bot

import "time"

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
	ImmediateDanger bool      `json:"immediate_danger"`
	Route           Route     `json:"route"`
	Cards           []CardRef `json:"cards,omitempty"`
	// ReceiptSent is set once the reporter has their receipt.
	ReceiptSent bool `json:"receipt_sent"`
	// Version increases with every change; updates compare and set it.
	Version int64 `json:"version"`
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

// Audit actions recorded by the reporting flow.
const (
	ActionCreated     = "created"
	ActionCardPosted  = "card_posted"
	ActionReceiptSent = "receipt_sent"
)
