package bot

import "time"

// Message is one message of the relay between a case's handlers and its
// reporter: a handler's question, the reporter's answer, or information
// the reporter adds on their own. The relay is the only link to an
// anonymous reporter: a message from the reporter never carries their id.
type Message struct {
	// Number is the message's place in the case's relay, from 1.
	Number int       `json:"number"`
	At     time.Time `json:"at"`
	// FromReporter marks a message from the reporter; else it is a
	// handler's question, By being the handler.
	FromReporter bool   `json:"from_reporter,omitempty"`
	By           string `json:"by,omitempty"`
	Text         string `json:"text"`
	// InReplyTo is the question answered, 0 for information the reporter
	// adds on their own.
	InReplyTo int `json:"in_reply_to,omitempty"`
}

// Field ids of the relay's dialogs.
const (
	FieldQuestion = "question"
	FieldAnswer   = "answer"
	// FieldFeedback is the closing dialog's feedback to the reporter.
	FieldFeedback = "feedback"
	// MaxMessage bounds a question or an answer, as the dialog's inputs do.
	MaxMessage = 3000
)

// The relay's audit actions.
const (
	ActionAsked    = "asked"
	ActionAnswered = "answered"
)

// The relay's events.
const (
	EventAsked    Event = "asked"
	EventAnswered Event = "answered"
)

// ReporterActor is who a message from the reporter is recorded as: the
// anonymous stand-in, or the named reporter.
func (c Case) ReporterActor() string { return c.Reporter }
