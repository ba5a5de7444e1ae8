package handlers

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/report"
)

// openBudget bounds the work before views.open: a trigger_id lives three
// seconds, and Slack wants its acknowledgement within the same three.
const openBudget = 2200 * time.Millisecond

// openView opens view before ctx's deadline; a 429 whose Retry-After
// leaves time inside it is waited out and tried once more.
func (h *Handlers) openView(ctx context.Context, trigger string, view slack.ModalViewRequest) error {
	_, err := h.Slack.OpenViewContext(ctx, trigger, view)
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) > rl.RetryAfter+300*time.Millisecond {
			select {
			case <-ctx.Done():
				return err
			case <-time.After(rl.RetryAfter):
			}
			_, err = h.Slack.OpenViewContext(ctx, trigger, view)
		}
	}
	return err
}

// openReport opens the dialog on the user's newest draft, or a new one.
// It returns storeErr when the draft store could not be read, after
// showing the user a modal that says so.
func (h *Handlers) openReport(ctx context.Context, user, trigger string) (storeErr error, err error) {
	ctx, cancel := context.WithTimeout(ctx, openBudget)
	defer cancel()
	l := h.Locales.Lang(ctx, user)
	d, resumed, storeErr := h.Reports.ResumeDraft(ctx, user)
	view := stepOneView(d, h.Config(), l, resumed)
	if storeErr != nil {
		h.Log.ErrorContext(ctx, "open report: read drafts", "err", storeErr)
		view = noticeView(txt.StoreDown, l)
	}
	return storeErr, h.openView(ctx, trigger, view)
}

// openDraft opens the dialog on one of the user's drafts, from App Home.
func (h *Handlers) openDraft(ctx context.Context, user, nonce, trigger string) error {
	ctx, cancel := context.WithTimeout(ctx, openBudget)
	defer cancel()
	l := h.Locales.Lang(ctx, user)
	d, err := h.Reports.OpenDraft(ctx, user, nonce)
	view := stepOneView(d, h.Config(), l, err == nil && d.Nonce == nonce)
	if err != nil {
		view = noticeView(txt.StoreDown, l)
	}
	return errors.Join(err, h.openView(ctx, trigger, view))
}

var unescapeSlack = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// openFromMessage opens the dialog about a message: its text, permalink
// and author prefill the report.
func (h *Handlers) openFromMessage(ctx context.Context, cb slack.InteractionCallback) error {
	openCtx, cancel := context.WithTimeout(ctx, openBudget)
	defer cancel()
	user := cb.User.ID
	l := h.Locales.Lang(openCtx, user)
	src := bot.MessageSource{Channel: cb.Channel.ID, TS: cb.Message.Timestamp, Author: cb.Message.User}
	d, err := h.Reports.DraftFromMessage(openCtx, user, src, unescapeSlack.Replace(cb.Message.Text))
	view := stepOneView(d, h.Config(), l, false)
	if err != nil {
		h.Log.ErrorContext(ctx, "report from message: store draft", "err", err)
		view = noticeView(txt.StoreDown, l)
	}
	if openErr := h.openView(openCtx, cb.TriggerID, view); openErr != nil || err != nil {
		return errors.Join(err, openErr)
	}
	h.bg.Go("permalink", func(ctx context.Context) error {
		link, err := h.Slack.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: src.Channel, Ts: src.TS})
		if err != nil {
			return err
		}
		return h.Reports.SetSourcePermalink(ctx, user, d.Nonce, link)
	})
	return nil
}

// inputError answers a submission with one message on one field; the
// user's input stays in the view.
func inputError(field, nonce string, msg bot.Text, l bot.Lang) *slack.ViewSubmissionResponse {
	return viewErrors(bot.FieldErrors{field: msg}, nonce, l)
}

// failure turns an error from the domain into an errors answer on field.
func (h *Handlers) failure(ctx context.Context, err error, field, nonce string, l bot.Lang) *slack.ViewSubmissionResponse {
	var fe bot.FieldErrors
	switch {
	case errors.As(err, &fe):
		return viewErrors(fe, nonce, l)
	case errors.Is(err, bot.ErrConflict):
		return inputError(field, nonce, txt.Stale, l)
	case errors.Is(err, bot.ErrNotFound):
		return inputError(field, nonce, txt.DraftGone, l)
	}
	h.Log.ErrorContext(ctx, "report dialog", "step", field, "err", err)
	return inputError(field, nonce, txt.StoreDown, l)
}

func (h *Handlers) submitStepOne(ctx context.Context, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	user, m := cb.User.ID, decodeMeta(cb.View.PrivateMetadata)
	l := h.Locales.Lang(ctx, user)
	d, err := h.Reports.SaveStepOne(ctx, user, m.Nonce, stepOneFrom(stateValues(cb.View)))
	if err != nil {
		return h.failure(ctx, err, bot.FieldCategory, m.Nonce, l)
	}
	return slack.NewPushViewSubmissionResponse(ptr(stepTwoView(d, l)))
}

func (h *Handlers) submitStepTwo(ctx context.Context, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	user, m := cb.User.ID, decodeMeta(cb.View.PrivateMetadata)
	l := h.Locales.Lang(ctx, user)
	d, err := h.Reports.SaveStepTwo(ctx, user, m.Nonce, answersFrom(stateValues(cb.View)))
	if err != nil {
		return h.failure(ctx, err, bot.QDescription, m.Nonce, l)
	}
	// The review shows the report's own route, and offers the
	// independent function instead.
	usual := d
	usual.Independent = false
	route, err := h.Reports.RouteOf(ctx, usual)
	if err != nil {
		return h.failure(ctx, err, bot.QDescription, m.Nonce, l)
	}
	return slack.NewPushViewSubmissionResponse(ptr(reviewView(d, route, h.Config(), l)))
}

func (h *Handlers) submitReview(ctx context.Context, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	user, m := cb.User.ID, decodeMeta(cb.View.PrivateMetadata)
	l := h.Locales.Lang(ctx, user)
	c, created, err := h.Reports.Submit(ctx, user, m.Nonce, choicesFrom(stateValues(cb.View)))
	if err != nil {
		return h.failure(ctx, err, bot.FieldIdentity, m.Nonce, l)
	}
	if created {
		h.Metrics.casesCreated.Inc()
		h.Log.InfoContext(ctx, "case created", "case", c.ID, "category", c.Category, "unit", c.Unit, "escalated", c.Route.Escalated)
		h.bg.Queue(deliveryKey(c.ID), "deliver", func(ctx context.Context) error { return h.afterSubmit(ctx, c.ID) }, "case", c.ID)
	}
	h.refreshHome(user)
	return slack.NewUpdateViewSubmissionResponse(ptr(doneView(c, l)))
}

// deliveryKey is the queue's key of a case's delivery.
func deliveryKey(id bot.CaseID) string { return "deliver:" + string(id) }

// DeliveryQueued reports whether this process has the case's delivery
// waiting in its queue or under way (deliver.Service.Local).
func (h *Handlers) DeliveryQueued(id bot.CaseID) bool { return h.bg.Holds(deliveryKey(id)) }

// afterSubmit delivers a new case: its receipt and cards, then its
// classification suggestion (bot.Service.Deliver).
func (h *Handlers) afterSubmit(ctx context.Context, id bot.CaseID) error {
	return h.Delivery.Deliver(ctx, id)
}

// keepDraft stores what a closed view held. It runs before the
// acknowledgement, so a step reopened at once shows it.
func (h *Handlers) keepDraft(ctx context.Context, cb slack.InteractionCallback) error {
	m := decodeMeta(cb.View.PrivateMetadata)
	if m.Nonce == "" {
		return nil
	}
	vals := stateValues(cb.View)
	var p report.DraftPatch
	switch cb.View.CallbackID {
	case cbStepOne:
		s := stepOneFrom(vals)
		p.StepOne = &s
	case cbStepTwo:
		p.Answers = answersFrom(vals)
	case cbReview:
		anon, independent := anonymousFrom(vals), independentFrom(vals)
		p.Anonymous, p.Independent = &anon, &independent
	default:
		return nil
	}
	if err := h.Reports.KeepDraft(ctx, cb.User.ID, m.Nonce, p); err != nil {
		return err
	}
	h.refreshHome(cb.User.ID)
	return nil
}

// discardInDialog deletes the draft the dialog shows and starts afresh in
// the same view.
func (h *Handlers) discardInDialog(ctx context.Context, cb slack.InteractionCallback, nonce string) error {
	user := cb.User.ID
	if err := h.Reports.DiscardDraft(ctx, user, nonce); err != nil {
		return err
	}
	d, err := h.Reports.NewDraft(ctx, user)
	if err != nil {
		return err
	}
	l := h.Locales.Lang(ctx, user)
	_, err = h.Slack.UpdateViewContext(ctx, stepOneView(d, h.Config(), l, false), "", cb.View.Hash, cb.View.ID)
	h.refreshHome(user)
	return err
}

func ptr[T any](v T) *T { return &v }
