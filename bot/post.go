package bot

import (
	"fmt"
	"time"
)

// Post names one message the bot sends, so that Slack's copy can be found
// again: a process that dies between posting and recording, or a post
// whose answer was lost, must not make the message go twice.
type Post struct {
	// Key names the message among all the bot sends; it travels in the
	// message's metadata.
	Key string
	// Since is the earliest the message can have been sent: where a look
	// for it starts.
	Since time.Time
	// Check asks to look for the message in its conversation before
	// posting it: an earlier attempt's outcome is not known.
	Check bool
}

// Keys of the messages the bot sends about a case.

// ReceiptKey names a case's receipt to its reporter.
func ReceiptKey(id CaseID) string { return fmt.Sprintf("%s/receipt", id) }

// CardKey names a case's card to one target.
func CardKey(id CaseID, t Target) string { return fmt.Sprintf("%s/card/%s%s", id, t.Channel, t.User) }

// ToldKey names what the reporter is told of an event.
func ToldKey(id CaseID, e Event) string { return fmt.Sprintf("%s/told/%s", id, e) }

// RelayKey names message n of the relay, passed on.
func RelayKey(id CaseID, n int) string { return fmt.Sprintf("%s/relay/%d", id, n) }

// DigestKey names a manager's digest of a week.
func DigestKey(week, manager string) string { return fmt.Sprintf("digest/%s/%s", week, manager) }

// Lease is a claim on a piece of work held by one process, kept while it
// renews it; opaque outside the store.
type Lease struct {
	Name, Holder string
}

// Claim is a lease taken and how many times the work was claimed, this
// time included: more than once means an earlier attempt may have done
// part of it.
type Claim struct {
	Lease Lease
	Tries int
}

// Delivery is the claim on delivering a new case, with what the delivery
// reads first, read in the same step: the case, the Slack user who
// reported it, also when the case is anonymous, and what they wrote. What
// could not be read fails only the step that needs it: the receipt
// without its reporter, the suggestion without its report.
type Delivery struct {
	Claim
	Case Case
	// Reporter is "" when ReporterErr says why it could not be read.
	Reporter    string
	ReporterErr error
	// Report is nil when ReportErr says why it could not be read.
	Report    *Report
	ReportErr error
}

// RetryDelay is how long to wait after the tries-th failed attempt of a
// delivery or an announcement: 2 s, doubling, up to 20 s, so that what
// waits goes out within about 20 s of Slack coming back; after 30 tries
// (ten minutes of failing, a card whose channel is gone) every 5 minutes.
func RetryDelay(tries int) time.Duration {
	if tries > 30 {
		return 5 * time.Minute
	}
	d := 2 * time.Second
	for i := 1; i < tries && d < 20*time.Second; i++ {
		d *= 2
	}
	return min(d, 20*time.Second)
}
