package bot

import (
	"crypto/rand"
	"encoding/hex"
	"time"
)

// Field ids of the first step of the report dialog.
const (
	FieldCategory     = "category"
	FieldUnit         = "unit"
	FieldOccurredAt   = "occurred_at"
	FieldDiscoveredAt = "discovered_at"
	// FieldIdentity is the review step's choice of named or anonymous.
	FieldIdentity = "identity"
	// FieldSendTo is the review step's choice of sending the report to the
	// independent function instead; its option's value is SendToIndependent.
	FieldSendTo       = "send_to"
	SendToIndependent = "independent"
)

// StepOne is what the first step of the dialog asks: what happened, where
// and when.
type StepOne struct {
	Category     Category  `json:"category,omitempty"`
	Unit         string    `json:"unit,omitempty"`
	OccurredAt   time.Time `json:"occurred_at,omitzero"`
	DiscoveredAt time.Time `json:"discovered_at,omitzero"`
}

// MessageSource is the Slack message a report was started from.
type MessageSource struct {
	Channel   string `json:"channel"`
	TS        string `json:"ts"`
	Permalink string `json:"permalink,omitempty"`
	Author    string `json:"author,omitempty"`
	// Truncated is set when the message was longer than a description may be.
	Truncated bool `json:"truncated,omitempty"`
}

// Draft is a report being written. It is kept between the dialog's steps
// and when the dialog is closed, so nothing typed is lost.
type Draft struct {
	// Nonce identifies the draft and makes its submission idempotent.
	Nonce string `json:"nonce"`
	User  string `json:"user"`
	StepOne
	Answers   Answers        `json:"answers,omitempty"`
	Source    *MessageSource `json:"source,omitempty"`
	Anonymous bool           `json:"anonymous,omitempty"`
	// Independent is the reporter's choice of sending the report to the
	// independent function instead of its route.
	Independent bool `json:"independent,omitempty"`
	// Step is the last step completed: 0 none, 1 what/where/when, 2 details.
	Step      int       `json:"step"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Empty reports whether nothing has been entered in the draft.
func (d Draft) Empty() bool {
	return d.StepOne == (StepOne{}) && len(d.Answers) == 0 && d.Source == nil && !d.Anonymous && !d.Independent
}

// NewNonce returns a random draft nonce.
func NewNonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ValidNonce reports whether s is a nonce as NewNonce makes them: 32
// lowercase hex digits. Anything else in a view's metadata was not issued
// by the bot.
func ValidNonce(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// Submission is the key a draft's submission is stored under: the user's
// and the nonce's, so that a nonce someone else learned is no use to them.
func Submission(user, nonce string) string { return user + "|" + nonce }

// How far from now the dialog accepts times.
const (
	futureSlack = 10 * time.Minute
	maxPast     = 20 * 365 * 24 * time.Hour
)

// ValidateStepOne checks the first step against the configuration.
func ValidateStepOne(s StepOne, cfg *Config, now time.Time) FieldErrors {
	errs := FieldErrors{}
	if !s.Category.Valid() {
		errs[FieldCategory] = ErrChoice
	}
	if _, ok := cfg.Unit(s.Unit); !ok {
		errs[FieldUnit] = ErrChoice
	}
	checkTime := func(field string, t time.Time) bool {
		switch {
		case t.IsZero():
			errs[field] = errRequired
		case t.After(now.Add(futureSlack)):
			errs[field] = Text{"Tidpunkten ligger i framtiden.", "This time is in the future."}
		case t.Before(now.Add(-maxPast)):
			errs[field] = Text{"Tidpunkten ligger mer än 20 år bakåt.", "This time is more than 20 years ago."}
		default:
			return true
		}
		return false
	}
	okOcc := checkTime(FieldOccurredAt, s.OccurredAt)
	okDisc := checkTime(FieldDiscoveredAt, s.DiscoveredAt)
	if okOcc && okDisc && s.DiscoveredAt.Before(s.OccurredAt) {
		errs[FieldDiscoveredAt] = Text{"Upptäckten kan inte ligga före händelsen.", "It cannot have been discovered before it happened."}
	}
	return errs
}
