// Package deliver does what follows a change of a case, outside the
// request that made it: a new case's receipt, cards and classification
// suggestion, and the announcement of every later change to those
// concerned. What it must do is queued in the store in the same atomic
// step as the change, and stays queued until it is done, so a crash or a
// Slack outage delays it but does not lose it.
package deliver

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// Store is what delivery and announcement read and record.
type Store interface {
	bot.YearLister
	// Case returns a case without its report.
	Case(ctx context.Context, id bot.CaseID) (bot.Case, error)
	// Report returns what the reporter wrote.
	Report(ctx context.Context, id bot.CaseID) (bot.Report, error)
	// History returns a case's audit trail, oldest first.
	History(ctx context.Context, id bot.CaseID) ([]bot.AuditEntry, error)
	// UpdateCase applies ch; see bot.Change.
	UpdateCase(ctx context.Context, id bot.CaseID, ch bot.Change) (c bot.Case, changed bool, err error)
	// RecordAudit appends an entry that changes nothing else.
	RecordAudit(ctx context.Context, id bot.CaseID, e bot.AuditEntry) error
	// Messages returns the relay with the reporter, oldest first.
	Messages(ctx context.Context, id bot.CaseID) ([]bot.Message, error)
	// Closure returns how the case was closed, ErrNotFound while it is open.
	Closure(ctx context.Context, id bot.CaseID) (bot.Closure, error)

	// ClaimDelivery takes a lease of ttl on delivering a case for holder,
	// counts the claim and reads the case, its reporter and its report in
	// the same step; false when someone else holds it. An error with true
	// is the case's read: the lease is held and is to be given back.
	ClaimDelivery(ctx context.Context, id bot.CaseID, holder string, ttl time.Duration) (bot.Delivery, bool, error)
	// RenewLease extends a lease; false when its holder lost it.
	RenewLease(ctx context.Context, l bot.Lease, ttl time.Duration) (bool, error)
	// ReleaseLease gives a lease back.
	ReleaseLease(ctx context.Context, l bot.Lease) error
	// DeliveryFailed holds a case's delivery back until at.
	DeliveryFailed(ctx context.Context, id bot.CaseID, at time.Time) error
	// AnnouncementFailed holds a case's announcement of e back until at.
	AnnouncementFailed(ctx context.Context, id bot.CaseID, e bot.Event, at time.Time) error
	// ReporterUser returns the Slack user who reported the case.
	ReporterUser(ctx context.Context, id bot.CaseID) (string, error)
	// RecordReceipt marks the reporter's receipt as sent.
	RecordReceipt(ctx context.Context, id bot.CaseID, e bot.AuditEntry) error
	// RecordCard stores where a card was posted.
	RecordCard(ctx context.Context, id bot.CaseID, ref bot.CardRef, e bot.AuditEntry) error
	// PendingStats counts the unfinished deliveries of years and returns
	// when the oldest was created.
	PendingStats(ctx context.Context, years []int) (n int, oldest time.Time, err error)
	// FinishDelivery removes the case from the pending deliveries and
	// gives back the delivery's lease.
	FinishDelivery(ctx context.Context, id bot.CaseID, l bot.Lease) error
	// PendingDeliveries lists cases created before cutoff whose delivery
	// is unfinished and not held back after now.
	PendingDeliveries(ctx context.Context, years []int, cutoff, now time.Time) ([]bot.CaseID, error)

	// ClaimAnnouncement takes a lease of ttl on announcing e as queued at
	// version, for holder; false when someone else holds it.
	ClaimAnnouncement(ctx context.Context, id bot.CaseID, e bot.Event, version int64, holder string, ttl time.Duration) (bot.Claim, bool, error)
	// QueuedAnnouncement returns the version at which e was queued for the
	// case; ok is false when it is not queued.
	QueuedAnnouncement(ctx context.Context, id bot.CaseID, e bot.Event) (version int64, ok bool, err error)
	// FinishAnnouncement removes e from the queue once the case has been
	// announced as of version: not when a later change queued it again.
	FinishAnnouncement(ctx context.Context, id bot.CaseID, e bot.Event, version int64) error
	// PendingAnnouncements lists the announcements of cases of years
	// queued at or before cutoff and not held back after now, oldest first.
	PendingAnnouncements(ctx context.Context, years []int, cutoff, now time.Time) ([]bot.Announcement, error)
}

// Notifier tells people about a case.
type Notifier interface {
	// SendReceipt sends the reporter a receipt with the case id and a summary.
	SendReceipt(ctx context.Context, c bot.Case, user string, p bot.Post) error
	// PostCard posts the case card to one target of its route.
	PostCard(ctx context.Context, c bot.Case, t bot.Target, p bot.Post) (bot.CardRef, error)
	// UpdateCard redraws a posted card to show the case as it is now.
	UpdateCard(ctx context.Context, c bot.Case, ref bot.CardRef) error
	// TellReporter tells the reporter, anonymous or not, what happened to
	// their case: no notes, no names; at closing, the handler's feedback.
	TellReporter(ctx context.Context, c bot.Case, user string, e bot.Event, feedback string, p bot.Post) error
	// AskReporter sends the reporter a handler's question, with a way to
	// answer it.
	AskReporter(ctx context.Context, c bot.Case, user string, q bot.Message, p bot.Post) error
	// TellHandler tells a handler that the reporter wrote: not what, which
	// they read in the case's details, where the read is recorded.
	TellHandler(ctx context.Context, c bot.Case, user string, m bot.Message, p bot.Post) error
}

// Service delivers new cases and announces changes.
type Service struct {
	bot.Runtime
	Store     Store
	Notifier  Notifier
	Directory bot.Directory
	// Classifier suggests a category, severity and regimes for new cases;
	// nil makes no suggestions.
	Classifier bot.Classifier
	// Offline, when set, marks Classifier as one that sends text out of the
	// process (a language model): it then gets the text without the
	// answers that name people, with every name to redact, and Offline
	// answers in its stead when a picked person's name cannot be looked up.
	Offline bot.Classifier
	// Holder names this process in the leases it takes.
	Holder string
	// Lease is how long a claim lasts unless renewed; zero is
	// DefaultLease.
	Lease time.Duration
	// Retried, when set, is told of every delivery or announcement that
	// failed and waits for its next try.
	Retried func(what string)
	// Pending, when set, is told at each sweep how many deliveries are
	// unfinished, held back or not, and when the oldest was created.
	Pending func(n int, oldest time.Time)
	// Local, when set, reports whether this process has a case's delivery
	// queued or under way: the sweep leaves that one to it. Otherwise a
	// burst of reports whose deliveries wait their turn past the sweep's
	// grace would also be delivered by the sweep, beside the bounded
	// workers and ahead of the next acknowledgements.
	Local func(bot.CaseID) bool
}

// Timeout bounds one delivery of a case; callers give each delivery at
// most this long.
const Timeout = 3 * time.Minute

// DefaultLease is how long a claim on a delivery or announcement lasts
// unless renewed: the process that holds it renews it every third of it
// while it works, so a process that died lets go within it.
const DefaultLease = 10 * time.Second

func (s *Service) lease() time.Duration {
	if s.Lease > 0 {
		return s.Lease
	}
	return DefaultLease
}

// Deliver does what a new case needs once it is stored, skipping what was
// already done: the reporter's receipt, the cards, and then the
// classification suggestion, redrawn on the cards (classification never
// delays a card, and a card that failed does not stop the suggestion). The
// case stays pending until all of it is done; a failure holds it back for
// bot.RetryDelay, and the sweep (Sweep) tries again. It is safe to call
// again and from several replicas: a try after the first looks in Slack
// for what an earlier one may have posted before posting it.
func (s *Service) Deliver(ctx context.Context, id bot.CaseID) error {
	d, ok, err := s.Store.ClaimDelivery(ctx, id, s.Holder, s.lease())
	if !ok {
		return err
	}
	if err == nil {
		hctx, stop := s.hold(ctx, d.Lease)
		err = s.deliverCase(hctx, d)
		// Renewing stops before the finish gives the lease back, so that
		// no renewal finds it gone and takes it for lost; a lease lost
		// while working (hctx cancelled) is not finished here.
		lost := hctx.Err() != nil && ctx.Err() == nil
		stop()
		if err == nil && !lost {
			if err = s.Store.FinishDelivery(ctx, id, d.Lease); err == nil {
				return nil // finishing gave the claim back
			}
		}
		if err == nil {
			return nil // another replica has it now
		}
	}
	// The claim is given back in a context of its own: the delivery's
	// may be done.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	s.retryLater(rctx, "delivery", d.Tries, func(at time.Time) error { return s.Store.DeliveryFailed(rctx, id, at) })
	if rerr := s.Store.ReleaseLease(rctx, d.Lease); rerr != nil {
		s.Log.WarnContext(ctx, "delivery claim not given back; it lapses", "case", id, "err", rerr)
	}
	return err
}

// deliverCase delivers the case claimed in d, read with the claim; a try
// after the first looks in Slack for what an earlier one may have posted.
// What could not be read with the claim fails only the step that needs
// it: the receipt its reporter, the suggestion its report.
func (s *Service) deliverCase(ctx context.Context, d bot.Delivery) error {
	c, check := d.Case, d.Tries > 1
	// The suggestion first, so that the cards carry it when posted: one
	// post each, no redraw. Without one the cards go out all the same.
	var errs []error
	if s.Classifier != nil && c.Suggestion == nil {
		cards := len(c.Cards)
		if d.Report == nil {
			errs = append(errs, fmt.Errorf("suggestion: %w", d.ReportErr))
		} else if suggested, err := s.suggest(ctx, c, *d.Report); err != nil {
			errs = append(errs, fmt.Errorf("suggestion: %w", err))
		} else if c = suggested; cards > 0 {
			// Cards an earlier try posted are redrawn with it.
			if err := s.Announce(ctx, c.ID, bot.EventSuggested); err != nil {
				errs = append(errs, fmt.Errorf("redraw with the suggestion: %w", err))
			}
		}
	}
	errs = append(errs, s.deliver(ctx, c, d, check))
	return errors.Join(errs...)
}

// retryLater holds failed work back for bot.RetryDelay after its tries-th
// try; record stores when it is due.
func (s *Service) retryLater(ctx context.Context, what string, tries int, record func(at time.Time) error) {
	if err := record(s.Now().Add(bot.RetryDelay(tries))); err != nil {
		s.Log.WarnContext(ctx, "retry time not recorded; the work is tried at the next sweep", "what", what, "err", err)
	}
	if s.Retried != nil {
		s.Retried(what)
	}
}

// hold renews l every third of the lease until stop is called. A lease
// found lost cancels the work: another process has it.
func (s *Service) hold(ctx context.Context, l bot.Lease) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	stop := bot.KeepLease(ctx, s.lease()/3,
		func(ctx context.Context) (bool, error) { return s.Store.RenewLease(ctx, l, s.lease()) },
		func(err error) { s.Log.WarnContext(ctx, "claim not renewed; trying again", "err", err) },
		func() {
			s.Log.ErrorContext(ctx, "claim lost while working; stopped, another replica has it")
			cancel()
		})
	return ctx, func() {
		stop()
		cancel()
	}
}

// deliver sends the receipt to the reporter claimed in d and the cards
// not yet sent; check looks in Slack first for what an earlier try may
// have posted.
func (s *Service) deliver(ctx context.Context, c bot.Case, d bot.Delivery, check bool) error {
	var errs []error
	switch {
	case c.ReceiptSent:
	case d.ReporterErr != nil:
		errs = append(errs, fmt.Errorf("receipt: %w", d.ReporterErr))
	default:
		if err := s.sendReceipt(ctx, c, d.Reporter, check); err != nil {
			errs = append(errs, fmt.Errorf("receipt: %w", err))
		}
	}
	targets := c.Route.Targets()
	if len(targets) == 0 {
		s.Log.ErrorContext(ctx, "case has no recipient: configure coordinators or escalation for its unit", "case", c.ID, "unit", c.Unit)
	}
	for _, t := range targets {
		if c.HasCardFor(t) {
			continue
		}
		if err := s.postCard(ctx, c, t, check); err != nil {
			errs = append(errs, fmt.Errorf("card to %s%s: %w", t.Channel, t.User, err))
		}
	}
	return errors.Join(errs...)
}

func (s *Service) sendReceipt(ctx context.Context, c bot.Case, user string, check bool) error {
	if err := s.Notifier.SendReceipt(ctx, c, user, bot.Post{Key: bot.ReceiptKey(c.ID), Since: c.CreatedAt, Check: check}); err != nil {
		return err
	}
	return s.Store.RecordReceipt(ctx, c.ID, bot.AuditEntry{At: s.Now(), Actor: bot.SystemActor, Action: bot.ActionReceiptSent})
}

func (s *Service) postCard(ctx context.Context, c bot.Case, t bot.Target, check bool) error {
	ref, err := s.Notifier.PostCard(ctx, c, t, bot.Post{Key: bot.CardKey(c.ID, t), Since: c.CreatedAt, Check: check})
	if err != nil {
		return err
	}
	ref.Target = t
	fields := map[string]string{"channel": ref.Channel}
	if t.User != "" {
		fields["user"] = t.User
	}
	return s.Store.RecordCard(ctx, c.ID, ref, bot.AuditEntry{At: s.Now(), Actor: bot.SystemActor, Action: bot.ActionCardPosted, Fields: fields})
}

// Sweep retries the deliveries that did not finish within grace, but for
// those this process has queued (Local), then the announcements of
// changes. A failure is logged and the others go on.
func (s *Service) Sweep(ctx context.Context, grace time.Duration) {
	now := s.Now()
	ids, err := s.Store.PendingDeliveries(ctx, s.RecentYears(), now.Add(-grace), now)
	if err != nil {
		s.Log.ErrorContext(ctx, "list pending deliveries", "err", err)
		return
	}
	if s.Pending != nil {
		if n, oldest, err := s.Store.PendingStats(ctx, s.RecentYears()); err == nil {
			s.Pending(n, oldest)
		}
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			return
		}
		if s.Local != nil && s.Local(id) {
			continue
		}
		dctx, cancel := context.WithTimeout(ctx, Timeout)
		if err := s.Deliver(dctx, id); err != nil {
			s.Log.ErrorContext(ctx, "deliver case", "case", id, "err", err)
		}
		cancel()
	}
	// The process that made a change holds its announcement's lease
	// while it works; the sweep takes what no one holds.
	s.announcePending(ctx, grace)
}
