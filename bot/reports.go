package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Service is what the bot does: for reporters, drafts, submission and the
// delivery of a new case (this file); for coordinators, the case's life
// (cases.go).
type Service struct {
	Store    Store
	Notifier Notifier
	// Directory answers who is in a channel and who a user is; nil skips
	// the channel-membership check of routing.
	Directory Directory
	// Classifier suggests a category, severity and regimes for new cases;
	// nil makes no suggestions.
	Classifier Classifier
	// Config returns the configuration in force; it may change between calls.
	Config func() *Config
	Now    func() time.Time
	Log    *slog.Logger
}

func (r *Service) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Service) log() *slog.Logger {
	if r.Log != nil {
		return r.Log
	}
	return slog.Default()
}

// years lists the case years a reporter's lookups search, newest first.
func (r *Service) years() []int {
	y := r.now().In(r.Config().Location()).Year()
	return []int{y, y - 1, y - 2}
}

// openYears are the years whose open cases count: every year with cases,
// since a case forgotten for years is the one the digest's "older" and
// the coordinator's queue must still show, and at least years().
func (r *Service) openYears(ctx context.Context) []int {
	ys := r.years()
	all, err := r.Store.CaseYears(ctx)
	if err != nil {
		r.log().WarnContext(ctx, "years with cases; counting the last three", "err", err)
		return ys
	}
	for _, y := range all {
		if !slices.Contains(ys, y) {
			ys = append(ys, y)
		}
	}
	return ys
}

// DefaultDraftTTL is how long an unfinished report is kept when the
// configuration does not say.
const DefaultDraftTTL = 14 * 24 * time.Hour

func (r *Service) draftTTL() time.Duration {
	if ttl := r.Config().DraftTTL; ttl > 0 {
		return ttl
	}
	return DefaultDraftTTL
}

// NewDraft starts an empty report for user, with the unit they chose last time.
func (r *Service) NewDraft(ctx context.Context, user string) (Draft, error) {
	unit, err := r.Store.LastUnit(ctx, user)
	if err != nil {
		return Draft{}, fmt.Errorf("last unit of user: %w", err)
	}
	if _, ok := r.Config().Unit(unit); !ok {
		unit = ""
	}
	return Draft{Nonce: NewNonce(), User: user, StepOne: StepOne{Unit: unit}}, nil
}

// ResumeDraft returns the user's newest unfinished report, or a new draft;
// resumed tells which.
func (r *Service) ResumeDraft(ctx context.Context, user string) (d Draft, resumed bool, err error) {
	drafts, err := r.Store.Drafts(ctx, user)
	if err != nil {
		return Draft{}, false, fmt.Errorf("drafts of user: %w", err)
	}
	for _, d := range drafts {
		if !d.Empty() {
			return d, true, nil
		}
	}
	d, err = r.NewDraft(ctx, user)
	return d, false, err
}

// Drafts lists the user's unfinished reports, newest first.
func (r *Service) Drafts(ctx context.Context, user string) ([]Draft, error) {
	drafts, err := r.Store.Drafts(ctx, user)
	if err != nil {
		return nil, err
	}
	out := drafts[:0]
	for _, d := range drafts {
		if !d.Empty() {
			out = append(out, d)
		}
	}
	return out, nil
}

// OpenDraft returns the user's draft with nonce, or a new draft when it is gone.
func (r *Service) OpenDraft(ctx context.Context, user, nonce string) (Draft, error) {
	d, err := r.Store.Draft(ctx, user, nonce)
	if errors.Is(err, ErrNotFound) {
		return r.NewDraft(ctx, user)
	}
	return d, err
}

// DraftFromMessage starts and stores a report about a Slack message: its
// text becomes the description and its author a person involved.
func (r *Service) DraftFromMessage(ctx context.Context, user string, src MessageSource, text string) (Draft, error) {
	d, err := r.NewDraft(ctx, user)
	if err != nil {
		return Draft{}, err
	}
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > MaxDescLength {
		text = string([]rune(text)[:MaxDescLength-1]) + "…"
		src.Truncated = true
	}
	d.Answers = Answers{}
	if text != "" {
		d.Answers[QDescription] = []string{text}
	}
	if IsUserID(src.Author) && src.Author != user {
		d.Answers[QInvolved] = []string{src.Author}
	}
	d.Source = &src
	return d, r.save(ctx, d)
}

// SetSourcePermalink adds the message's permalink to a draft made from it.
func (r *Service) SetSourcePermalink(ctx context.Context, user, nonce, permalink string) error {
	d, err := r.Store.Draft(ctx, user, nonce)
	if err != nil {
		return err
	}
	if d.Source == nil {
		return nil
	}
	d.Source.Permalink = permalink
	return r.save(ctx, d)
}

func (r *Service) save(ctx context.Context, d Draft) error {
	d.UpdatedAt = r.now()
	if err := r.Store.SaveDraft(ctx, d, r.draftTTL()); err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	return nil
}

// draft loads the user's draft, or starts one with nonce when it is gone.
// When the draft is gone because it was sent, sent is true and nothing is
// started: a dialog that still carries a sent nonce (the same draft opened
// in a second window, the close of the sent dialog's stack) must not bring
// it back, or the next report from it would be taken for a repeat of the
// sent one and answered with that case.
func (r *Service) draft(ctx context.Context, user, nonce string) (d Draft, sent bool, err error) {
	d, err = r.Store.Draft(ctx, user, nonce)
	if !errors.Is(err, ErrNotFound) {
		return d, false, err
	}
	switch _, err := r.Store.CaseBySubmission(ctx, nonce, r.years()...); {
	case err == nil:
		return Draft{}, true, nil
	case !errors.Is(err, ErrNotFound):
		return Draft{}, false, err
	}
	return Draft{Nonce: nonce, User: user}, false, nil
}

// SaveStepOne validates and stores the first step. A FieldErrors error
// means the input must be corrected; nothing was stored.
func (r *Service) SaveStepOne(ctx context.Context, user, nonce string, s StepOne) (Draft, error) {
	if err := ValidateStepOne(s, r.Config(), r.now()).orNil(); err != nil {
		return Draft{}, err
	}
	d, sent, err := r.draft(ctx, user, nonce)
	if err != nil {
		return Draft{}, err
	}
	if sent {
		// What this dialog holds now is a new report: it gets a nonce of
		// its own, which the next view carries.
		d = Draft{Nonce: NewNonce(), User: user}
	}
	if d.Category != s.Category && d.Category != "" {
		// Answers to the old category's questions no longer apply.
		d.Answers = CleanAnswers(s.Category, d.Answers)
	}
	d.StepOne = s
	d.Step = max(d.Step, 1)
	if err := r.save(ctx, d); err != nil {
		return Draft{}, err
	}
	if err := r.Store.SetLastUnit(ctx, user, s.Unit); err != nil {
		r.log().WarnContext(ctx, "remember last unit", "err", err)
	}
	return d, nil
}

// SaveStepTwo validates and stores the category step. ErrConflict means the
// draft has no first step (it expired or the form is stale).
func (r *Service) SaveStepTwo(ctx context.Context, user, nonce string, a Answers) (Draft, error) {
	d, err := r.Store.Draft(ctx, user, nonce)
	if errors.Is(err, ErrNotFound) || err == nil && d.Step < 1 {
		return Draft{}, fmt.Errorf("draft %s has no first step: %w", nonce, ErrConflict)
	}
	if err != nil {
		return Draft{}, err
	}
	a = CleanAnswers(d.Category, a)
	if err := ValidateAnswers(d.Category, a).orNil(); err != nil {
		return Draft{}, err
	}
	d.Answers = a
	d.Step = 2
	return d, r.save(ctx, d)
}

// DraftPatch is what a closed dialog view held: the first step, the
// category step's answers or the review's identity choice.
type DraftPatch struct {
	StepOne   *StepOne
	Answers   Answers
	Anonymous *bool
}

// KeepDraft stores what a closed view held, unvalidated, so the user can
// resume where they left off. A closed view of a report already sent
// keeps nothing: what it held was sent.
func (r *Service) KeepDraft(ctx context.Context, user, nonce string, p DraftPatch) error {
	d, sent, err := r.draft(ctx, user, nonce)
	if err != nil || sent {
		return err
	}
	if p.StepOne != nil {
		d.StepOne = *p.StepOne
	}
	if p.Answers != nil && d.Category.Valid() {
		d.Answers = CleanAnswers(d.Category, p.Answers)
	}
	if p.Anonymous != nil {
		d.Anonymous = *p.Anonymous
	}
	if d.Empty() {
		return r.Store.DeleteDraft(ctx, user, nonce)
	}
	return r.save(ctx, d)
}

// DiscardDraft deletes one of the user's drafts.
func (r *Service) DiscardDraft(ctx context.Context, user, nonce string) error {
	return r.Store.DeleteDraft(ctx, user, nonce)
}

// RouteOf tells where a draft would go if submitted now. When people are
// picked as involved, the route's channel is checked for them; a channel
// whose members cannot be read counts as holding them, so an outage of
// Slack errs on the side of keeping the case from them.
func (r *Service) RouteOf(ctx context.Context, d Draft) (Route, error) {
	q := RouteQuery{
		Category:              d.Category,
		Unit:                  d.Unit,
		Involved:              d.Answers.Involved(),
		ReportingLineInvolved: d.Answers.ReportingLineInvolved(),
	}
	if len(q.Involved) > 0 && r.Directory != nil {
		q.ChannelHasInvolved = func(channel string) bool {
			members, err := r.Directory.ChannelMembers(ctx, channel)
			if err != nil {
				r.log().WarnContext(ctx, "channel members for routing; keeping the case out of the channel", "channel", channel, "err", err)
				return true
			}
			return slices.ContainsFunc(q.Involved, func(u string) bool { return slices.Contains(members, u) })
		}
	}
	return RouteFor(q, r.Config())
}

// Submit turns the user's draft into a case. A second submission of the
// same draft returns the first case with created false. A FieldErrors
// error (on FieldIdentity) means the draft no longer fits the configuration.
func (r *Service) Submit(ctx context.Context, user, nonce string, anonymous bool) (c Case, created bool, err error) {
	cfg, now := r.Config(), r.now()
	d, err := r.Store.Draft(ctx, user, nonce)
	if errors.Is(err, ErrNotFound) {
		id, lookErr := r.Store.CaseBySubmission(ctx, nonce, r.years()...)
		if lookErr != nil {
			return Case{}, false, fmt.Errorf("draft %s: %w", nonce, lookErr)
		}
		c, err := r.Store.Case(ctx, id)
		return c, false, err
	}
	if err != nil {
		return Case{}, false, err
	}
	if d.Step < 2 {
		return Case{}, false, fmt.Errorf("draft %s is at step %d: %w", nonce, d.Step, ErrConflict)
	}
	if errs := ValidateStepOne(d.StepOne, cfg, now); len(errs) > 0 {
		return Case{}, false, FieldErrors{FieldIdentity: Text{
			"Något i första steget gäller inte längre (t.ex. enheten). Gå tillbaka och rätta det.",
			"Something in the first step no longer holds (the unit, say). Please go back and correct it."}}
	}
	route, err := r.RouteOf(ctx, d)
	if err != nil {
		return Case{}, false, fmt.Errorf("route draft %s: %w", nonce, err)
	}
	if id, ok := r.twinAcrossNewYear(ctx, nonce, now); ok {
		c, err := r.Store.Case(ctx, id)
		return c, false, err
	}
	sev, regimes := Assess(d.Category, d.Answers)
	reporter := user
	if anonymous {
		reporter = AnonymousReporter
	}
	loc := cfg.Location()
	n := NewCase{
		Case: Case{
			Status:          StatusNew,
			Category:        d.Category,
			Severity:        sev,
			Regimes:         regimes,
			Unit:            d.Unit,
			Reporter:        reporter,
			CreatedAt:       now,
			OccurredAt:      d.OccurredAt,
			DiscoveredAt:    d.DiscoveredAt,
			Week:            ISOWeek(now, loc),
			ImmediateDanger: InImmediateDanger(d.Category, d.Answers),
			Involved:        d.Answers.Involved(),
			ReportingLine:   d.Answers.ReportingLineInvolved(),
			Route:           route,
		},
		Report:       Report{Answers: d.Answers, Source: d.Source},
		Prefix:       cfg.CasePrefix,
		Year:         now.In(loc).Year(),
		ReporterUser: user,
		Submission:   nonce,
		Counters:     []Counter{{Week: ISOWeek(now, loc), Unit: d.Unit, Field: CountCreated + string(d.Category), Delta: 1}},
		Audit: AuditEntry{At: now, Actor: reporter, Action: ActionCreated, Fields: map[string]string{
			"category": string(d.Category), "unit": d.Unit, "severity": string(sev),
		}},
	}
	n.Deadlines = r.deadlines(n.Case)
	c, created, err = r.Store.CreateCase(ctx, n)
	if err != nil {
		return Case{}, false, fmt.Errorf("create case: %w", err)
	}
	if err := r.Store.DeleteDraft(ctx, user, nonce); err != nil {
		r.log().WarnContext(ctx, "delete submitted draft", "case", c.ID, "err", err)
	}
	return c, created, nil
}

// newYearWindow is how long into a new year a submission may have a twin
// stored under the old year: Slack retries within seconds.
const newYearWindow = 10 * time.Minute

// twinAcrossNewYear finds a case made from the same submission in the
// previous year. The store's duplicate check looks only in the year it
// writes to, so a retry just after midnight on New Year's Eve needs this.
func (r *Service) twinAcrossNewYear(ctx context.Context, nonce string, now time.Time) (CaseID, bool) {
	t := now.In(r.Config().Location())
	if t.Sub(time.Date(t.Year(), 1, 1, 0, 0, 0, 0, t.Location())) >= newYearWindow {
		return "", false
	}
	id, err := r.Store.CaseBySubmission(ctx, nonce, t.Year()-1)
	return id, err == nil
}

// MyCases lists the newest cases the user reported.
func (r *Service) MyCases(ctx context.Context, user string, limit int) ([]Case, error) {
	return r.Store.CasesByReporter(ctx, user, r.years(), limit)
}

// DeliveryTimeout bounds one delivery of a case. The delivery lease
// outlasts it, so no second replica starts on a case while the first is
// still at it; callers give each delivery at most this long.
const DeliveryTimeout = 3 * time.Minute

// deliveryLease is how long a replica holds a case's delivery.
const deliveryLease = DeliveryTimeout + 2*time.Minute

// Deliver does what a new case needs once it is stored, skipping what was
// already done: the reporter's receipt, the cards, and then the
// classification suggestion, redrawn on the cards (classification never
// delays a card, and a card that failed does not stop the suggestion). The
// case stays pending until all of it is done, so the sweep
// (RedeliverPending) finishes what a crash, a Slack outage or a failed
// classification left undone. It is safe to call again and from several
// replicas.
func (r *Service) Deliver(ctx context.Context, id CaseID) error {
	ok, err := r.Store.ClaimDelivery(ctx, id, deliveryLease)
	if err != nil || !ok {
		return err
	}
	c, err := r.Store.Case(ctx, id)
	if err != nil {
		return err
	}
	errs := []error{r.deliver(ctx, c)}
	if r.Classifier != nil && c.Suggestion == nil {
		if err := r.Suggest(ctx, id); err != nil {
			errs = append(errs, fmt.Errorf("suggestion: %w", err))
		} else if err := r.Announce(ctx, id, EventSuggested); err != nil {
			errs = append(errs, fmt.Errorf("redraw with the suggestion: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return r.Store.FinishDelivery(ctx, id)
}

// deliver sends the receipt and the cards not yet sent.
func (r *Service) deliver(ctx context.Context, c Case) error {
	id := c.ID
	var errs []error
	if !c.ReceiptSent {
		if err := r.sendReceipt(ctx, c); err != nil {
			errs = append(errs, fmt.Errorf("receipt: %w", err))
		}
	}
	targets := c.Route.Targets()
	if len(targets) == 0 {
		r.log().ErrorContext(ctx, "case has no recipient: configure coordinators or escalation for its unit", "case", id, "unit", c.Unit)
	}
	for _, t := range targets {
		if c.HasCardFor(t) {
			continue
		}
		if err := r.postCard(ctx, c, t); err != nil {
			errs = append(errs, fmt.Errorf("card to %s%s: %w", t.Channel, t.User, err))
		}
	}
	return errors.Join(errs...)
}

func (r *Service) sendReceipt(ctx context.Context, c Case) error {
	user, err := r.Store.ReporterUser(ctx, c.ID)
	if err != nil {
		return err
	}
	if err := r.Notifier.SendReceipt(ctx, c, user); err != nil {
		return err
	}
	return r.Store.RecordReceipt(ctx, c.ID, AuditEntry{At: r.now(), Actor: SystemActor, Action: ActionReceiptSent})
}

func (r *Service) postCard(ctx context.Context, c Case, t Target) error {
	ref, err := r.Notifier.PostCard(ctx, c, t)
	if err != nil {
		return err
	}
	ref.Target = t
	fields := map[string]string{"channel": ref.Channel}
	if t.User != "" {
		fields["user"] = t.User
	}
	return r.Store.RecordCard(ctx, c.ID, ref, AuditEntry{At: r.now(), Actor: SystemActor, Action: ActionCardPosted, Fields: fields})
}

// RedeliverPending retries the deliveries that did not finish within grace,
// then the announcements of changes. A failure is logged and the others go
// on.
func (r *Service) RedeliverPending(ctx context.Context, grace time.Duration) {
	ids, err := r.Store.PendingDeliveries(ctx, r.years(), r.now().Add(-grace))
	if err != nil {
		r.log().ErrorContext(ctx, "list pending deliveries", "err", err)
		return
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			return
		}
		dctx, cancel := context.WithTimeout(ctx, DeliveryTimeout)
		if err := r.Deliver(dctx, id); err != nil {
			r.log().ErrorContext(ctx, "deliver case", "case", id, "err", err)
		}
		cancel()
	}
	// The process that made a change holds its announcement's lease; only
	// when that has run out is it the sweep's.
	r.AnnouncePending(ctx, max(grace, deliveryLease))
}
