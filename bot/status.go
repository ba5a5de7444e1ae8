package bot

import "slices"

// Move is a step in a case's life. Whether a case may take it depends on
// its status alone, by the one table below: the actions check it, the
// store applies a change only while the case is still in a status the
// move starts from, and the card offers only the moves its status allows.
type Move string

// The moves of a case.
const (
	MoveAcknowledge Move = "acknowledge"
	MoveAssign      Move = "assign"
	MoveEscalate    Move = "escalate"
	MoveNote        Move = "note"
	MoveClassify    Move = "classify"
	MoveClose       Move = "close"
	// MoveSuggest puts the classifier's suggestion on a case; it changes
	// nothing a coordinator decided, so a closed case takes it too.
	MoveSuggest Move = "suggest"
	// MoveNotify records that an authority was notified; one made before
	// the case was closed may be recorded after.
	MoveNotify Move = "notify"
	// MoveAsk relays a handler's question to the reporter, and MoveAnswer
	// the reporter's answer or added information back: while the case is
	// open.
	MoveAsk    Move = "ask"
	MoveAnswer Move = "answer"
	// MoveHold sets or lifts a legal hold, which keeps a case from being
	// culled; a closed case takes it too.
	MoveHold Move = "hold"
	// MoveCull removes a closed case's personal data when its retention
	// time has passed.
	MoveCull Move = "cull"
	// MoveInvestigate starts an investigation or changes its investigator
	// or registry number, also of a closed case; MoveBreach documents the
	// breach record while the case is open: closing checks it, so a
	// closed record is what was checked.
	MoveInvestigate Move = "investigate"
	MoveBreach      Move = "breach"
)

// transition is where a move may start and where it leaves the case; an
// empty to keeps the status.
type transition struct {
	from []Status
	to   Status
}

var (
	openStatuses = []Status{StatusNew, StatusAcknowledged, StatusEscalated}
	allStatuses  = []Status{StatusNew, StatusAcknowledged, StatusEscalated, StatusClosed}
)

// transitions is the state machine of a case.
var transitions = map[Move]transition{
	MoveAcknowledge: {from: []Status{StatusNew, StatusEscalated}, to: StatusAcknowledged},
	MoveAssign:      {from: openStatuses},
	MoveEscalate:    {from: []Status{StatusNew, StatusAcknowledged}, to: StatusEscalated},
	MoveNote:        {from: allStatuses},
	MoveClassify:    {from: openStatuses},
	MoveClose:       {from: openStatuses, to: StatusClosed},
	MoveSuggest:     {from: allStatuses},
	MoveNotify:      {from: allStatuses},
	MoveAsk:         {from: openStatuses},
	MoveAnswer:      {from: openStatuses},
	MoveHold:        {from: allStatuses},
	MoveCull:        {from: []Status{StatusClosed}},
	MoveInvestigate: {from: allStatuses},
	MoveBreach:      {from: openStatuses},
}

// From lists the statuses the move may start from.
func (m Move) From() []Status { return slices.Clone(transitions[m].from) }

// To is the status the move leaves a case in; "" when it keeps it.
func (m Move) To() Status { return transitions[m].to }

// Valid reports whether m is a move of the table.
func (m Move) Valid() bool { _, ok := transitions[m]; return ok }

// Allows reports whether a case in status s may take move m.
func (s Status) Allows(m Move) bool { return slices.Contains(transitions[m].from, s) }

// Done reports whether a case in status s is already where m would leave
// it: taking the move again (a double click) changes nothing.
func (s Status) Done(m Move) bool { return m.To() != "" && s == m.To() }

// AwaitsAcknowledgement reports whether a case in status s waits for its
// first acknowledgement: its acknowledgement target runs.
func (s Status) AwaitsAcknowledgement() bool { return s == StatusNew }

// OpenStatuses lists the statuses of a case that still needs work.
func OpenStatuses() []Status { return slices.Clone(openStatuses) }
