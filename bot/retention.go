package bot

import (
	"slices"
	"time"
)

// Retention is how long closed cases keep their personal data: a time per
// category id, for whistleblowing cases, and a default. A case with no time
// that applies is kept until a person decides.
type Retention struct {
	Default *time.Duration
	// Whistleblowing applies to cases that reached the independent
	// function; the whistleblowing act allows at most two years.
	Whistleblowing *time.Duration
	Categories     map[Category]time.Duration
}

// Set reports whether any retention time is configured.
func (r Retention) Set() bool {
	return r.Default != nil || r.Whistleblowing != nil || len(r.Categories) > 0
}

// Keys of the retention configuration besides the category ids.
const (
	RetentionDefault        = "default"
	RetentionWhistleblowing = "whistleblowing"
	// MaxWhistleblowingRetention is the whistleblowing act's limit: personal
	// data of a follow-up goes at the latest two years after it is closed.
	MaxWhistleblowingRetention = 730 * 24 * time.Hour
)

// KeepFor is how long after closing c keeps its personal data; ok is false
// when no retention time applies. A whistleblowing case follows the
// whistleblowing time, else its category's, else the default.
func (r Retention) KeepFor(c Case) (time.Duration, bool) {
	if c.ReachedIndependent() && r.Whistleblowing != nil {
		return *r.Whistleblowing, true
	}
	if d, ok := r.Categories[c.Category]; ok {
		return d, true
	}
	if r.Default != nil {
		return *r.Default, true
	}
	return 0, false
}

// Hold is a legal hold on a case: a handler's reason (a dispute, a request
// from an authority, an appeal) to keep its data past its retention time.
type Hold struct {
	Reason string    `json:"reason"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// Field ids and limits of the hold dialog.
const (
	FieldHoldReason = "hold_reason"
	FieldHoldLift   = "hold_lift"
	MaxHoldReason   = 500
)

// The audit actions of retention.
const (
	ActionHeld         = "legal_hold_set"
	ActionHoldLifted   = "legal_hold_lifted"
	ActionCulled       = "culled"
	ActionHandlerTold  = "handler_told"
	EventHeld          = Event("held")
	EventCulled        = Event("culled")
	CullReasonHold     = "legal_hold"
	CullReasonClock    = "open_clock"
	CullReasonNotReady = "not_due"
)

// followUps are the clocks that run on after a case is closed: a
// notification made in part is completed, whenever the case closed.
var followUps = []ClockID{ClockIMYComplete, ClockIVOInvestigation}

// OpenClocks lists the clocks of c that still wait for something to be
// done: every running clock of an open case, and of a closed one those
// that complete a notification made in part.
func OpenClocks(c Case, loc *time.Location) []Clock {
	var out []Clock
	for _, k := range Clocks(c, loc) {
		if k.Running() && (c.Status.Open() || slices.Contains(followUps, k.ID)) {
			out = append(out, k)
		}
	}
	return out
}

// CullDue says when c's personal data is due to be culled under r, and
// whether it may be now: a closed case, not culled yet, whose retention
// time has passed, with no legal hold and no open clock. reason names
// what keeps a due case (CullReasonHold, CullReasonClock), or
// CullReasonNotReady.
func CullDue(c Case, r Retention, loc *time.Location, now time.Time) (due time.Time, ok bool, reason string) {
	keep, has := r.KeepFor(c)
	if c.Status != StatusClosed || !c.CulledAt.IsZero() || !has || c.ClosedAt.IsZero() {
		return time.Time{}, false, CullReasonNotReady
	}
	due = c.ClosedAt.Add(keep)
	switch {
	case now.Before(due):
		return due, false, CullReasonNotReady
	case c.Hold != nil:
		return due, false, CullReasonHold
	case len(OpenClocks(c, loc)) > 0:
		return due, false, CullReasonClock
	}
	return due, true, ""
}

// Culled is what remains of a case once culled: its id, category, unit,
// severity, regimes, status, decision and dates, and the counts and
// notifications (authority, time and reference, signed with no name);
// every free text and every person's id goes. Reporter says only whether
// the report was anonymous.
func (c Case) Culled(at time.Time) Case {
	out := Case{
		ID: c.ID, Status: c.Status, Category: c.Category, Severity: c.Severity, Regimes: c.Regimes,
		Unit: c.Unit, CreatedAt: c.CreatedAt, OccurredAt: c.OccurredAt, DiscoveredAt: c.DiscoveredAt,
		Week: c.Week, ImmediateDanger: c.ImmediateDanger, Injured: c.Injured,
		AckAt: c.AckAt, EscalatedAt: c.EscalatedAt, EscalatedTo: c.EscalatedTo, ClosedAt: c.ClosedAt,
		Decision: c.Decision, Notes: c.Notes, Messages: c.Messages, AnsweredAt: c.AnsweredAt,
		Classification: c.Classification, ReceiptSent: c.ReceiptSent, Version: c.Version, CulledAt: at,
		Route: Route{Independent: c.Route.Independent, Escalated: c.Route.Escalated, Reason: c.Route.Reason},
	}
	if c.Anonymous() {
		out.Reporter = AnonymousReporter
	}
	// The cards stay, to be redrawn as culled; not whose DM they are in.
	for _, ref := range c.Cards {
		kept := CardRef{Channel: ref.Channel, TS: ref.TS}
		if ref.Target.User == "" {
			kept.Target = ref.Target
		}
		out.Cards = append(out.Cards, kept)
	}
	for _, n := range c.Notifications {
		n.By = Signature{}
		out.Notifications = append(out.Notifications, n)
	}
	if inv := c.Investigation; inv != nil {
		out.Investigation = &Investigation{StartedAt: inv.StartedAt, RegistryNumber: inv.RegistryNumber}
	}
	if b := c.Breach; b != nil {
		// The codes and dates stay; the texts and who assessed go.
		out.Breach = &Breach{Whose: b.Whose, Kinds: b.Kinds, Count: b.Count, How: b.How, RecipientBound: b.RecipientBound,
			Risk: b.Risk, Informed: b.Informed, InformedAt: b.InformedAt, AssessedAt: b.AssessedAt}
	}
	return out
}

// Cull is one culling of a case, computed from the case as read: what
// remains of it and of its closure, and whose id to take out of the
// reporter index and the history.
type Cull struct {
	// Case is what remains (Case.Culled); its Version is the version read,
	// and a case changed since is not culled.
	Case Case
	// Closure is what remains of the closure: the decision, root-cause
	// codes, dates and registry number, signed with no name; nil for none.
	Closure *Closure
	// ReporterUser is the real reporter, whose index entry goes and whose
	// id becomes CulledReporter wherever the history names them.
	ReporterUser string
	// HiddenFrom are the managers whose digests left the case out: their
	// hidden sets lose it.
	HiddenFrom []string
	Audit      AuditEntry
}

// What a culled history says instead of a person's id: the reporter, or
// someone else (a handler, an operator, someone refused).
const (
	CulledReporter = "reporter"
	CulledPerson   = "person"
)

// CullKeptFields are the fields of a history entry that survive culling:
// codes, counts, times and references, never a free text or a person's id.
var CullKeptFields = []string{"status_from", "status_to", "event", "clock", "threshold", "partly", "kind", "with", "to",
	"attempted", "number", "in_reply_to", "decision", "report_to_ivo", "authority_notified", "authority", "at", "reference",
	"partial", "category", "severity", "regimes", "from_category", "outcome", "agreed_with_suggestion", "source", "confidence",
	"route", "route_reason", "channel", "risk", "informed", "started", "changed"}

// Culled is what remains of a closure once culled.
func (cl Closure) Culled() Closure {
	return Closure{Decision: cl.Decision, RootCauses: cl.Causes(), ActionsAt: cl.ActionsAt, RegistryNumber: cl.RegistryNumber,
		Recur: cl.Recur, Before: cl.Before, CommitteeInformedAt: cl.CommitteeInformedAt, IVONotifiedAt: cl.IVONotifiedAt,
		CopyAttachedAt: cl.CopyAttachedAt, CommitteeCopyAt: cl.CommitteeCopyAt, AuthorityNotified: cl.AuthorityNotified,
		AuthorityNotifiedAt: cl.AuthorityNotifiedAt, ClosedAt: cl.ClosedAt}
}
