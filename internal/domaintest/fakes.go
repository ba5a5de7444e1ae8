package domaintest

import (
	"context"
	"fmt"
	"sync"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/deliver"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/bot/remind"
)

// Notifier records what the domain sends to Slack. It fails while Failing
// is set, as Slack does when it is down.
type Notifier struct {
	mu       sync.Mutex
	Receipts []string
	Cards    []bot.Target
	Updates  []string
	Told     []string
	Digests  []digest.Digest
	Charts   []string
	// Reminders are "<user>:<case>:<clock>|<threshold>", with "(info)"
	// after one the recipient may not open.
	Reminders []string
	// Unreachable users fail every direct message (and managers PostDigest).
	Unreachable map[string]bool
	Failing     bool
	// Archived makes every card update fail, for good.
	Archived bool
	// OnUpdate, when set, runs once before an update is recorded, without
	// the lock: a change another coordinator makes meanwhile.
	OnUpdate func()
}

var (
	_ deliver.Notifier = (*Notifier)(nil)
	_ digest.Notifier  = (*Notifier)(nil)
	_ remind.Notifier  = (*Notifier)(nil)
)

func (n *Notifier) SendReminder(_ context.Context, c bot.Case, r remind.Reminder, user string, handles bool) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.Failing || n.Unreachable[user] {
		return fmt.Errorf("slack down")
	}
	s := user + ":" + string(c.ID) + ":" + r.Key()
	if !handles {
		s += "(info)"
	}
	n.Reminders = append(n.Reminders, s)
	return nil
}

// Reminded returns a copy of the reminders sent.
func (n *Notifier) Reminded() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.Reminders...)
}

// SetUnreachable makes direct messages to user fail, or work again.
func (n *Notifier) SetUnreachable(user string, unreachable bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.Unreachable == nil {
		n.Unreachable = map[string]bool{}
	}
	n.Unreachable[user] = unreachable
}

// SetFailing makes Slack fail or work again.
func (n *Notifier) SetFailing(failing bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.Failing = failing
}

// Sent returns copies of what was sent: cards, receipts, updates and what
// reporters were told.
func (n *Notifier) Sent() (cards []bot.Target, receipts, updates, told []string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]bot.Target(nil), n.Cards...), append([]string(nil), n.Receipts...),
		append([]string(nil), n.Updates...), append([]string(nil), n.Told...)
}

// Reset forgets what was sent.
func (n *Notifier) Reset() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.Cards, n.Receipts, n.Updates, n.Told = nil, nil, nil, nil
}

func (n *Notifier) SendReceipt(_ context.Context, c bot.Case, user string, _ bot.Post) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.Failing {
		return fmt.Errorf("slack down")
	}
	n.Receipts = append(n.Receipts, string(c.ID)+" "+user)
	return nil
}

func (n *Notifier) PostCard(_ context.Context, _ bot.Case, t bot.Target, _ bot.Post) (bot.CardRef, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.Failing {
		return bot.CardRef{}, fmt.Errorf("slack down")
	}
	n.Cards = append(n.Cards, t)
	ch := t.Channel
	if ch == "" {
		ch = "D" + t.User
	}
	return bot.CardRef{Channel: ch, TS: fmt.Sprintf("%d.0001", len(n.Cards))}, nil
}

func (n *Notifier) UpdateCard(_ context.Context, c bot.Case, ref bot.CardRef) error {
	n.mu.Lock()
	hook := n.OnUpdate
	n.OnUpdate = nil
	n.mu.Unlock()
	if hook != nil {
		hook()
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.Failing {
		return fmt.Errorf("slack down")
	}
	if n.Archived {
		return fmt.Errorf("is_archived")
	}
	n.Updates = append(n.Updates, string(c.Status)+"@"+ref.Channel)
	return nil
}

// TellReporter records "<user>:<event>", and ":<feedback>" when there is one.
func (n *Notifier) TellReporter(_ context.Context, _ bot.Case, user string, e bot.Event, feedback string, _ bot.Post) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.Failing {
		return fmt.Errorf("slack down")
	}
	s := user + ":" + string(e)
	if feedback != "" {
		s += ":" + feedback
	}
	n.Told = append(n.Told, s)
	return nil
}

// AskReporter records "<user>:asked:<question>".
func (n *Notifier) AskReporter(_ context.Context, _ bot.Case, user string, q bot.Message, _ bot.Post) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.Failing || n.Unreachable[user] {
		return fmt.Errorf("slack down")
	}
	n.Told = append(n.Told, user+":asked:"+q.Text)
	return nil
}

// TellHandler records "<user>:answered:<number>".
func (n *Notifier) TellHandler(_ context.Context, _ bot.Case, user string, m bot.Message, _ bot.Post) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.Failing || n.Unreachable[user] {
		return fmt.Errorf("slack down")
	}
	n.Told = append(n.Told, fmt.Sprintf("%s:answered:%d", user, m.Number))
	return nil
}

// Messages returns a copy of what the reporter and handlers were told.
func (n *Notifier) Messages() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.Told...)
}

func (n *Notifier) PostDigest(_ context.Context, manager string, d digest.Digest, _ bot.Post) (string, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.Unreachable[manager] || n.Failing {
		return "", fmt.Errorf("cannot reach %s", manager)
	}
	n.Digests = append(n.Digests, d)
	return "D" + manager, nil
}

func (n *Notifier) AttachDigestChart(_ context.Context, manager, channel string, d digest.Digest) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.Charts = append(n.Charts, d.Week+"@"+channel)
	return nil
}

// Directory knows channel members and profiles; Failing makes every
// lookup fail, and Unknown users have no names.
type Directory struct {
	mu      sync.Mutex
	Members map[string][]string
	Failing bool
	Unknown map[string]bool
	// OnProfile, when set, runs at each profile look-up, before it
	// answers: what happens elsewhere while Slack is asked.
	OnProfile func()
}

var _ bot.Directory = (*Directory)(nil)

// SetMembers sets a channel's members.
func (d *Directory) SetMembers(channel string, members ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.Members == nil {
		d.Members = map[string][]string{}
	}
	d.Members[channel] = members
}

// SetFailing makes Slack's directory fail or work again.
func (d *Directory) SetFailing(failing bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.Failing = failing
}

func (d *Directory) ChannelMembers(_ context.Context, ch string) ([]string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.Failing {
		return nil, fmt.Errorf("slack down")
	}
	return d.Members[ch], nil
}

func (d *Directory) Profile(_ context.Context, user string) (bot.Signature, error) {
	d.mu.Lock()
	on := d.OnProfile
	d.mu.Unlock()
	if on != nil {
		on()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.Failing || d.Unknown[user] {
		return bot.Signature{}, fmt.Errorf("no profile")
	}
	return bot.Signature{User: user, Name: "Name " + user, Title: "Samordnare"}, nil
}

func (d *Directory) Names(ctx context.Context, user string) ([]string, error) {
	sig, err := d.Profile(ctx, user)
	if err != nil {
		return nil, err
	}
	return []string{sig.Name}, nil
}

// Classifier answers every report with one suggestion, or fails with Err
// while it is set; Saw records what it was given.
type Classifier struct {
	mu         sync.Mutex
	Suggestion bot.Suggestion
	Err        error
	Saw        []bot.ClassifyInput
}

// SetErr makes the classifier fail with err, or work again with nil.
func (c *Classifier) SetErr(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Err = err
}

func (c *Classifier) Classify(_ context.Context, in bot.ClassifyInput) (bot.Suggestion, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Saw = append(c.Saw, in)
	if c.Err != nil {
		return bot.Suggestion{}, c.Err
	}
	return c.Suggestion, nil
}
