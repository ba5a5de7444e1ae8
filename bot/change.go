package bot

import "time"

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
	// Draft is the nonce of ReporterUser's draft the case is made from,
	// removed with the case's creation; "" for none.
	Draft string
	// DraftVersion is the version of the draft as read for the
	// submission: the store refuses to make the case of a draft changed
	// since (ErrDraftChanged).
	DraftVersion DraftVersion
	Counters     []Counter
	Deadlines    Deadlines
	Audit        AuditEntry
}

// Deadlines are a case's due times as the store indexes them, so that a
// digest counts the overdue without reading cases.
type Deadlines struct {
	// Ack is when the case should be acknowledged by.
	Ack time.Time
	// Clocks are the running deadlines with a fixed time.
	Clocks map[ClockID]time.Time
}

// Change is one compare-and-set update of a case: it applies only while
// the case is in a status its Move starts from, and a case already where
// the move would put it is left alone (a double click is a no-op).
type Change struct {
	Move Move
	// Was is the case as it was read when the change was decided. The
	// store builds the keys the change touches from its status, unit and
	// assignee, and reads them itself when Was is empty; a case whose
	// status or assignee moved meanwhile is judged again as it is now.
	Was Case
	// Assignee, when set, is the new assignee.
	Assignee    *string
	AckBy       string
	AckAt       time.Time
	EscalatedBy string
	EscalatedAt time.Time
	// EscalatedTo, when set, replaces the list of where the case was escalated.
	EscalatedTo []string
	// Notifications, when set, replace the case's notifications; set
	// Version with them, so that two recorded at once do not lose one.
	Notifications *[]Notification
	ClosedBy      string
	ClosedAt      time.Time
	Decision      Decision
	// Closure is stored with the change, apart from the case.
	Closure *Closure
	// Category, Severity and Regimes, when set, reclassify the case.
	Category       Category
	Severity       Severity
	Regimes        *[]Regime
	Suggestion     *Suggestion
	Classification string
	ClassifiedBy   string
	// Investigation and Breach, when set, replace the case's
	// investigation and breach record.
	Investigation *Investigation
	Breach        *Breach
	// Hold, when set, puts the case under a legal hold; LiftHold lifts it.
	Hold     *Hold
	LiftHold bool
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
// digest costs the same however many cases there are. The store keeps the
// steps of a case apart too for each manager the case is hidden from
// (Case.HiddenFrom), so that their digest can leave it out.
type Counter struct {
	Week  string
	Unit  string
	Field string
	Delta int64
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

// Sub takes o out of s.
func (s *OpenStats) Sub(o OpenStats) {
	neg := OpenStats{ByStatus: map[Status]int64{}, AckOverdue: -o.AckOverdue, ClocksMissed: -o.ClocksMissed, ClocksDue: -o.ClocksDue}
	for k, v := range o.ByStatus {
		neg.ByStatus[k] = -v
	}
	for i, v := range o.ByAge {
		neg.ByAge[i] = -v
	}
	s.Add(neg)
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
	EventNotified     Event = "notified"
	// EventInvestigation: an investigation started or changed;
	// EventBreachRecorded: the breach record was documented.
	EventInvestigation  Event = "investigation"
	EventBreachRecorded Event = "breach_recorded"
)

// DraftVersion is what the store tells of a draft read for its
// submission, for it to check when the case is made.
type DraftVersion struct {
	// Sum identifies the draft's stored bytes; "" when the store cannot
	// check it when the case is made.
	Sum string
	// Remembered is true for a draft from the process's memory rather
	// than read from the store: it may be stale.
	Remembered bool
}
