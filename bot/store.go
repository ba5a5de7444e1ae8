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
	Counters   []Counter
	Deadlines  Deadlines
	Audit      AuditEntry
}

// Deadlines are a case's due times as the store indexes them, so that a
// digest counts the overdue without reading cases.
type Deadlines struct {
	// Ack is when the case should be acknowledged by.
	Ack time.Time
	// Clocks are the regulatory deadlines with a fixed time.
	Clocks map[Regime]time.Time
}

// CaseStore keeps cases, their reports and their history.
type CaseStore interface {
	// CreateCase stores a new case, its indexes and its first audit entry
	// atomically. created is false when the submission was already stored;
	// the case returned is then the existing one.
	CreateCase(ctx context.Context, n NewCase) (c Case, created bool, err error)
	// Case returns a case without its report.
	Case(ctx context.Context, id CaseID) (Case, error)
	// CaseYears lists the years that have cases, newest first.
	CaseYears(ctx context.Context) ([]int, error)
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

// Change is one compare-and-set update of a case: it applies only while
// the case is in one of From, and a case already where the change would
// put it is left alone (a double click is a no-op).
type Change struct {
	From []Status
	// To is the new status; "" keeps it.
	To Status
	// Assignee, when set, is the new assignee.
	Assignee    *string
	AckBy       string
	AckAt       time.Time
	EscalatedBy string
	EscalatedAt time.Time
	ClosedBy    string
	ClosedAt    time.Time
	Decision    Decision
	// Closure is stored with the change, apart from the case.
	Closure *Closure
	// Category, Severity and Regimes, when set, reclassify the case.
	Category       Category
	Severity       Severity
	Regimes        *[]Regime
	Suggestion     *Suggestion
	Classification string
	ClassifiedBy   string
	// Version, when not zero, is the version the change was computed
	// from; a case changed since gives ErrConflict.
	Version int64
	// Counters move with the change, in the same atomic step.
	Counters []Counter
	// Deadlines, when set, replace the case's regulatory deadlines (after
	// its regimes changed); Ack is not used.
	Deadlines *Deadlines
	// Announce, when set, is the event the change must be announced as:
	// it is queued in the same atomic step, and stays queued until
	// FinishAnnouncement, so a failed announcement is tried again.
	Announce Event
	Audit    AuditEntry
}

// Announcement is a change whose announcement is due: the event, and the
// case's version it made.
type Announcement struct {
	Case    CaseID
	Event   Event
	Version int64
	// At is when the case's latest change was queued.
	At time.Time
}

// Counter is one step of the figures kept per unit and ISO week, so that a
// digest costs the same however many cases there are.
type Counter struct {
	Week  string
	Unit  string
	Field string
	Delta int64
}

// CaseUpdater changes cases for coordinators, atomically and with an
// audit entry for every change and every read of the details.
type CaseUpdater interface {
	// UpdateCase applies ch; changed is false for a no-op, and a case in a
	// status outside ch.From gives ErrConflict.
	UpdateCase(ctx context.Context, id CaseID, ch Change) (c Case, changed bool, err error)
	// ClaimAnnouncement takes a lease of ttl on announcing e as queued at
	// version; false when someone else holds it.
	ClaimAnnouncement(ctx context.Context, id CaseID, e Event, version int64, ttl time.Duration) (bool, error)
	// QueuedAnnouncement returns the version at which e was queued for the
	// case; ok is false when it is not queued.
	QueuedAnnouncement(ctx context.Context, id CaseID, e Event) (version int64, ok bool, err error)
	// FinishAnnouncement removes e from the queue once the case has been
	// announced as of version: not when a later change queued it again.
	FinishAnnouncement(ctx context.Context, id CaseID, e Event, version int64) error
	// PendingAnnouncements lists the announcements of cases of years
	// queued at or before cutoff, oldest first.
	PendingAnnouncements(ctx context.Context, years []int, cutoff time.Time) ([]Announcement, error)
	// AddNote appends a note to the running log; the store numbers it.
	AddNote(ctx context.Context, id CaseID, n Note, e AuditEntry) (Note, error)
	// Notes returns the running log, oldest first.
	Notes(ctx context.Context, id CaseID) ([]Note, error)
	// Report returns what the reporter wrote.
	Report(ctx context.Context, id CaseID) (Report, error)
	// Closure returns how the case was closed, ErrNotFound while it is open.
	Closure(ctx context.Context, id CaseID) (Closure, error)
	// RecordAudit appends an entry that changes nothing else: a read, a refusal.
	RecordAudit(ctx context.Context, id CaseID, e AuditEntry) error
	// OpenCases lists the cases of the given years that are not closed and
	// belong to one of units or are assigned to assignee, each once.
	OpenCases(ctx context.Context, years []int, units []string, assignee string) ([]Case, error)
}

// StatsStore reads the figures Counter keeps, and the state of a unit's
// open cases.
type StatsStore interface {
	// Counts sums, for each week, the counters of the units across the
	// case years given, in one round trip.
	Counts(ctx context.Context, weeks, units []string, years []int) (map[string]map[string]int64, error)
	// OpenStats counts the units' open cases as of now; clocks due before
	// until are counted as due.
	OpenStats(ctx context.Context, units []string, years []int, now, until time.Time) (OpenStats, error)
}

// OpenStats describe a unit's open cases at one moment.
type OpenStats struct {
	ByStatus map[Status]int64
	// ByAge counts open cases by age: 0–2 days, 3–7, 8–30 and older.
	ByAge [4]int64
	// AckOverdue counts new cases past their acknowledgement target.
	AckOverdue int64
	// ClocksMissed and ClocksDue count regulatory deadlines of open cases
	// that have passed, and that fall before the end of the period asked.
	ClocksMissed int64
	ClocksDue    int64
}

// Add sums o into s.
func (s *OpenStats) Add(o OpenStats) {
	if s.ByStatus == nil {
		s.ByStatus = map[Status]int64{}
	}
	for k, v := range o.ByStatus {
		s.ByStatus[k] += v
	}
	for i := range s.ByAge {
		s.ByAge[i] += o.ByAge[i]
	}
	s.AckOverdue += o.AckOverdue
	s.ClocksMissed += o.ClocksMissed
	s.ClocksDue += o.ClocksDue
}

// DigestStore makes each manager's weekly digest go out exactly once,
// whatever the number of replicas and restarts.
type DigestStore interface {
	// ClaimDigest takes the week's digest for manager for lease; false when
	// it was sent or someone else is sending it.
	ClaimDigest(ctx context.Context, week, manager, holder string, lease time.Duration) (bool, error)
	// DigestSent marks the digest sent, for good.
	DigestSent(ctx context.Context, week, manager string) error
	// ReleaseDigest gives a claim back after a failure, so a later run retries.
	ReleaseDigest(ctx context.Context, week, manager, holder string) error
	// DigestPaused and SetDigestPaused keep a manager's pause.
	DigestPaused(ctx context.Context, manager string) (bool, error)
	SetDigestPaused(ctx context.Context, manager string, paused bool) error
}

// Store is everything the bot keeps.
type Store interface {
	CaseStore
	CaseUpdater
	DeliveryStore
	DraftStore
	PrefStore
	StatsStore
	DigestStore
}

// Directory answers questions about Slack's people and channels.
type Directory interface {
	// ChannelMembers lists a channel's members.
	ChannelMembers(ctx context.Context, channel string) ([]string, error)
	// Profile returns a user's signature: name and job title.
	Profile(ctx context.Context, user string) (Signature, error)
}

// Notifier tells people about a case, outside the request that created it.
type Notifier interface {
	// SendReceipt sends the reporter a receipt with the case id and a summary.
	SendReceipt(ctx context.Context, c Case, user string) error
	// PostCard posts the case card to one target of its route.
	PostCard(ctx context.Context, c Case, t Target) (CardRef, error)
	// UpdateCard redraws a posted card to show the case as it is now.
	UpdateCard(ctx context.Context, c Case, ref CardRef) error
	// TellReporter tells a named reporter what happened to their case:
	// no notes, no names.
	TellReporter(ctx context.Context, c Case, user string, e Event) error
	// SendDigest sends a manager their weekly digest. It fails only when
	// the text did not reach them; a chart that could not be attached is
	// the notifier's to log.
	SendDigest(ctx context.Context, manager string, d Digest) error
}

// Event is something that happened to a case that others are told of.
type Event string

// Events of a case's life.
const (
	EventAcknowledged Event = "acknowledged"
	EventAssigned     Event = "assigned"
	EventEscalated    Event = "escalated"
	EventNoted        Event = "noted"
	EventClosed       Event = "closed"
	EventSuggested    Event = "suggested"
	EventClassified   Event = "classified"
)
