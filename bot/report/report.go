// Package report is the reporter's side of the bot: the report dialog's
// drafts, kept between steps and when the dialog is closed, and the
// submission that turns a draft into a case.
package report

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot"
)

// Store keeps drafts, a reporter's last unit, and the cases submitted.
type Store interface {
	// Draft returns the user's draft with nonce, ErrNotFound when missing.
	Draft(ctx context.Context, user, nonce string) (bot.Draft, error)
	// DraftToSubmit is Draft for a submission, with its version for
	// CreateCase to check: unless fresh, it may answer from what the
	// process saw last, and CreateCase then refuses a draft changed since
	// with bot.ErrDraftChanged.
	DraftToSubmit(ctx context.Context, user, nonce string, fresh bool) (bot.Draft, bot.DraftVersion, error)
	// Drafts lists the user's drafts, newest first.
	Drafts(ctx context.Context, user string) ([]bot.Draft, error)
	// SaveDraft stores d for ttl.
	SaveDraft(ctx context.Context, d bot.Draft, ttl time.Duration) error
	// DeleteDraft removes a draft; removing a missing one is not an error.
	DeleteDraft(ctx context.Context, user, nonce string) error
	// LastUnit is the unit the user reported for last time, "" when none.
	LastUnit(ctx context.Context, user string) (string, error)
	// SetLastUnit remembers the user's unit.
	SetLastUnit(ctx context.Context, user, unit string) error
	// CreateCase stores a new case, its indexes and its first audit entry
	// atomically. created is false when the submission was already stored;
	// the case returned is then the existing one.
	CreateCase(ctx context.Context, n bot.NewCase) (c bot.Case, created bool, err error)
	// Case returns a case without its report.
	Case(ctx context.Context, id bot.CaseID) (bot.Case, error)
	// CaseBySubmission finds the case created from a submission
	// (bot.Submission) in one of years.
	CaseBySubmission(ctx context.Context, submission string, years ...int) (bot.CaseID, error)
	// ReporterUser returns the Slack user who reported the case, also when
	// the report is anonymous.
	ReporterUser(ctx context.Context, id bot.CaseID) (string, error)
	// AddMessage appends a message to the relay with the reporter while
	// the case is in a status move starts from, and queues ev.
	AddMessage(ctx context.Context, id bot.CaseID, move bot.Move, m bot.Message, ev bot.Event, e bot.AuditEntry) (bot.Message, error)
	// Messages returns the relay, oldest first.
	Messages(ctx context.Context, id bot.CaseID) ([]bot.Message, error)
	// RecordAudit appends an entry that changes nothing else: a refusal.
	RecordAudit(ctx context.Context, id bot.CaseID, e bot.AuditEntry) error
	// CasesByReporter lists the newest cases a user reported, anonymous ones included.
	CasesByReporter(ctx context.Context, user string, years []int, limit int) ([]bot.Case, error)
}

// Service takes reports: drafts, their steps and their submission.
type Service struct {
	bot.Runtime
	Store Store
	// Directory answers who is in a channel; nil skips the
	// channel-membership check of routing.
	Directory bot.Directory
}

func (s *Service) draftTTL() time.Duration {
	if ttl := s.Config().DraftTTL; ttl > 0 {
		return ttl
	}
	return bot.DefaultDraftTTL
}

// NewDraft starts an empty report for user, with the unit they chose last time.
func (s *Service) NewDraft(ctx context.Context, user string) (bot.Draft, error) {
	unit, err := s.Store.LastUnit(ctx, user)
	if err != nil {
		return bot.Draft{}, fmt.Errorf("last unit of user: %w", err)
	}
	if _, ok := s.Config().Unit(unit); !ok {
		unit = ""
	}
	return bot.Draft{Nonce: bot.NewNonce(), User: user, StepOne: bot.StepOne{Unit: unit}}, nil
}

// ResumeDraft returns the user's newest unfinished report, or a new draft;
// resumed tells which.
func (s *Service) ResumeDraft(ctx context.Context, user string) (d bot.Draft, resumed bool, err error) {
	drafts, err := s.Store.Drafts(ctx, user)
	if err != nil {
		return bot.Draft{}, false, fmt.Errorf("drafts of user: %w", err)
	}
	for _, d := range drafts {
		if !d.Empty() {
			return d, true, nil
		}
	}
	d, err = s.NewDraft(ctx, user)
	return d, false, err
}

// Drafts lists the user's unfinished reports, newest first.
func (s *Service) Drafts(ctx context.Context, user string) ([]bot.Draft, error) {
	drafts, err := s.Store.Drafts(ctx, user)
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
func (s *Service) OpenDraft(ctx context.Context, user, nonce string) (bot.Draft, error) {
	d, err := s.Store.Draft(ctx, user, nonce)
	if errors.Is(err, bot.ErrNotFound) {
		return s.NewDraft(ctx, user)
	}
	return d, err
}

// DraftFromMessage starts and stores a report about a Slack message: its
// text becomes the description and its author a person involved.
func (s *Service) DraftFromMessage(ctx context.Context, user string, src bot.MessageSource, text string) (bot.Draft, error) {
	d, err := s.NewDraft(ctx, user)
	if err != nil {
		return bot.Draft{}, err
	}
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > bot.MaxDescLength {
		text = string([]rune(text)[:bot.MaxDescLength-1]) + "…"
		src.Truncated = true
	}
	d.Answers = bot.Answers{}
	if text != "" {
		d.Answers[bot.QDescription] = []string{text}
	}
	if bot.IsUserID(src.Author) && src.Author != user {
		d.Answers[bot.QInvolved] = []string{src.Author}
	}
	d.Source = &src
	return d, s.save(ctx, d)
}

// SetSourcePermalink adds the message's permalink to a draft made from it.
func (s *Service) SetSourcePermalink(ctx context.Context, user, nonce, permalink string) error {
	d, err := s.Store.Draft(ctx, user, nonce)
	if err != nil {
		return err
	}
	if d.Source == nil {
		return nil
	}
	d.Source.Permalink = permalink
	return s.save(ctx, d)
}

func (s *Service) save(ctx context.Context, d bot.Draft) error {
	d.UpdatedAt = s.Now()
	if err := s.Store.SaveDraft(ctx, d, s.draftTTL()); err != nil {
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
func (s *Service) draft(ctx context.Context, user, nonce string) (d bot.Draft, sent bool, err error) {
	if !bot.ValidNonce(nonce) {
		return bot.Draft{}, false, errForeignNonce
	}
	d, err = s.Store.Draft(ctx, user, nonce)
	if !errors.Is(err, bot.ErrNotFound) {
		return d, false, err
	}
	switch _, err := s.Store.CaseBySubmission(ctx, bot.Submission(user, nonce), s.RecentYears()...); {
	case err == nil:
		return bot.Draft{}, true, nil
	case !errors.Is(err, bot.ErrNotFound):
		return bot.Draft{}, false, err
	}
	return bot.Draft{Nonce: nonce, User: user}, false, nil
}

// SaveStepOne validates and stores the first step. A FieldErrors error
// means the input must be corrected; nothing was stored.
func (s *Service) SaveStepOne(ctx context.Context, user, nonce string, one bot.StepOne) (bot.Draft, error) {
	if err := bot.ValidateStepOne(one, s.Config(), s.Now()).OrNil(); err != nil {
		return bot.Draft{}, err
	}
	d, sent, err := s.draft(ctx, user, nonce)
	if err != nil {
		return bot.Draft{}, err
	}
	if sent {
		// What this dialog holds now is a new report: it gets a nonce of
		// its own, which the next view carries.
		d = bot.Draft{Nonce: bot.NewNonce(), User: user}
	}
	if d.Category != one.Category && d.Category != "" {
		// Answers to the old category's questions no longer apply.
		d.Answers = bot.CleanAnswers(one.Category, d.Answers)
	}
	d.StepOne = one
	d.Step = max(d.Step, 1)
	if err := s.save(ctx, d); err != nil {
		return bot.Draft{}, err
	}
	if err := s.Store.SetLastUnit(ctx, user, one.Unit); err != nil {
		s.Log.WarnContext(ctx, "remember last unit", "err", err)
	}
	return d, nil
}

// SaveStepTwo validates and stores the category step. ErrConflict means the
// draft has no first step (it expired or the form is stale).
func (s *Service) SaveStepTwo(ctx context.Context, user, nonce string, a bot.Answers) (bot.Draft, error) {
	if !bot.ValidNonce(nonce) {
		return bot.Draft{}, errForeignNonce
	}
	d, err := s.Store.Draft(ctx, user, nonce)
	if errors.Is(err, bot.ErrNotFound) || err == nil && d.Step < 1 {
		return bot.Draft{}, fmt.Errorf("draft %s has no first step: %w", nonce, bot.ErrConflict)
	}
	if err != nil {
		return bot.Draft{}, err
	}
	a = bot.CleanAnswers(d.Category, a)
	if err := bot.ValidateAnswers(d.Category, a).OrNil(); err != nil {
		return bot.Draft{}, err
	}
	d.Answers = a
	d.Step = 2
	return d, s.save(ctx, d)
}

// DraftPatch is what a closed dialog view held: the first step, the
// category step's answers or the review's choices.
type DraftPatch struct {
	StepOne   *bot.StepOne
	Answers   bot.Answers
	Anonymous *bool
	// Independent is the choice of the independent function.
	Independent *bool
}

// KeepDraft stores what a closed view held, unvalidated, so the user can
// resume where they left off. A closed view of a report already sent
// keeps nothing: what it held was sent.
func (s *Service) KeepDraft(ctx context.Context, user, nonce string, p DraftPatch) error {
	d, sent, err := s.draft(ctx, user, nonce)
	if err != nil || sent {
		return err
	}
	if p.StepOne != nil {
		d.StepOne = *p.StepOne
	}
	if p.Answers != nil && d.Category.Valid() {
		d.Answers = bot.Keepable(d.Category, bot.CleanAnswers(d.Category, p.Answers))
	}
	if p.Anonymous != nil {
		d.Anonymous = *p.Anonymous
	}
	if p.Independent != nil {
		d.Independent = *p.Independent
	}
	if d.Empty() {
		return s.Store.DeleteDraft(ctx, user, nonce)
	}
	return s.save(ctx, d)
}

// DiscardDraft deletes one of the user's drafts.
func (s *Service) DiscardDraft(ctx context.Context, user, nonce string) error {
	if !bot.ValidNonce(nonce) {
		return errForeignNonce
	}
	return s.Store.DeleteDraft(ctx, user, nonce)
}

// errForeignNonce refuses a draft id the bot did not issue: the form is
// taken as stale.
var errForeignNonce = fmt.Errorf("not a draft id the bot issued: %w", bot.ErrConflict)
