package bot

import (
	"context"
	"time"
)

// NewCase is everything the store needs to create a case in one atomic write.
type NewCase struct {
	// Case without its ID; the store assigns the next id of Year.
	Case   Case
	Report Report
	Prefix string
	Year   int
	// ReporterUser is the real Slack user even when the report is anonymous:
	// the bot needs it to send the receipt and relay questions; it is never
	// shown with the case.
	ReporterUser string
	// Submission makes creation idempotent: a second create with the same
	// key returns the first case.
	Submission string
	Audit      AuditEntry
}

// CaseStore keeps cases, their reports and their history.
type CaseStore interface {
	// CreateCase stores a new case, its indexes and its first audit entry
	// atomically. created is false when the submission was already stored;
	// the case returned is then the existing one.
	CreateCase(ctx context.Context, n NewCase) (c Case, created bool, err error)
	// Case returns a case without its report.
	Case(ctx context.Context, id CaseID) (Case, error)
	// CaseBySubmission finds the case created from a draft nonce in one of years.
	CaseBySubmission(ctx context.Context, nonce string, years ...int) (CaseID, error)
	// CasesByReporter lists the newest cases a user reported, anonymous ones included.
	CasesByReporter(ctx context.Context, user string, years []int, limit int) ([]Case, error)
	// History returns a case's audit trail, oldest first.
	History(ctx context.Context, id CaseID) ([]AuditEntry, error)
	// Ping reports whether the store answers.
	Ping(ctx context.Context) error
}

// DeliveryStore tracks which notifications of a new case are done, so a
// crash or a Slack outage delays them but does not lose them.
type DeliveryStore interface {
	// ClaimDelivery takes a short lease on delivering a case; false when
	// someone else holds it.
	ClaimDelivery(ctx context.Context, id CaseID, ttl time.Duration) (bool, error)
	// ReporterUser returns the Slack user who reported the case.
	ReporterUser(ctx context.Context, id CaseID) (string, error)
	// RecordReceipt marks the reporter's receipt as sent.
	RecordReceipt(ctx context.Context, id CaseID, e AuditEntry) error
	// RecordCard stores where a card was posted.
	RecordCard(ctx context.Context, id CaseID, ref CardRef, e AuditEntry) error
	// FinishDelivery removes the case from the pending deliveries.
	FinishDelivery(ctx context.Context, id CaseID) error
	// PendingDeliveries lists cases created before cutoff whose delivery is unfinished.
	PendingDeliveries(ctx context.Context, years []int, cutoff time.Time) ([]CaseID, error)
}

// DraftStore keeps unfinished reports.
type DraftStore interface {
	// Draft returns the user's draft with nonce, ErrNotFound when missing.
	Draft(ctx context.Context, user, nonce string) (Draft, error)
	// Drafts lists the user's drafts, newest first.
	Drafts(ctx context.Context, user string) ([]Draft, error)
	// SaveDraft stores d for ttl.
	SaveDraft(ctx context.Context, d Draft, ttl time.Duration) error
	// DeleteDraft removes a draft; removing a missing one is not an error.
	DeleteDraft(ctx context.Context, user, nonce string) error
}

// PrefStore remembers small per-user choices.
type PrefStore interface {
	// LastUnit is the unit the user reported for last time, "" when none.
	LastUnit(ctx context.Context, user string) (string, error)
	// SetLastUnit remembers the user's unit.
	SetLastUnit(ctx context.Context, user, unit string) error
}

// Store is everything the reporting flow keeps.
type Store interface {
	CaseStore
	DeliveryStore
	DraftStore
	PrefStore
}

// Notifier tells people about a case, outside the request that created it.
type Notifier interface {
	// SendReceipt sends the reporter a receipt with the case id and a summary.
	SendReceipt(ctx context.Context, c Case, user string) error
	// PostCard posts the case card to one target of its route.
	PostCard(ctx context.Context, c Case, t Target) (CardRef, error)
}
