package handlers

import (
	"context"
	"strings"

	"github.com/slack-go/slack"
)

// Callback ids of the app's shortcuts, from the outside contract.
const (
	shortcutReport  = "report_incident"
	shortcutMessage = "report_message"
)

// Interaction answers an interaction. The reply, when not nil, goes into
// the acknowledgement (a view_submission's response_action).
func (h *Handlers) Interaction(ctx context.Context, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	kind := string(cb.Type)
	switch cb.Type {
	case slack.InteractionTypeShortcut:
		if cb.CallbackID == shortcutReport {
			user, trigger := cb.User.ID, cb.TriggerID
			h.bg.Go("open_report", func(ctx context.Context) error {
				_, err := h.openReport(ctx, user, trigger)
				return err
			})
		}
	case slack.InteractionTypeMessageAction:
		if cb.CallbackID == shortcutMessage {
			h.bg.Go("report_message", func(ctx context.Context) error { return h.openFromMessage(ctx, cb) })
		}
	case slack.InteractionTypeViewSubmission:
		h.Metrics.request(kind, cb.View.CallbackID)
		switch cb.View.CallbackID {
		case cbStepOne:
			return h.submitStepOne(ctx, cb)
		case cbStepTwo:
			return h.submitStepTwo(ctx, cb)
		case cbReview:
			return h.submitReview(ctx, cb)
		case cbEscalate, cbNote, cbClose, cbClassify, cbNotify, cbConfirmAccept, cbAsk, cbHold:
			return h.caseSubmission(ctx, cb)
		case cbAnswer:
			return h.submitAnswer(ctx, cb)
		}
	case slack.InteractionTypeViewClosed:
		if err := h.keepDraft(ctx, cb); err != nil {
			h.Log.ErrorContext(ctx, "keep closed dialog as draft", "err", err)
		}
	case slack.InteractionTypeBlockActions:
		for _, a := range cb.ActionCallback.BlockActions {
			h.blockAction(ctx, cb, a)
		}
	}
	return nil
}

// blockAction handles a button: a change of a case is written before the
// acknowledgement, everything else after it.
func (h *Handlers) blockAction(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	user := cb.User.ID
	if strings.HasPrefix(a.ActionID, actAnswer) {
		h.bg.Go(actAnswer, func(ctx context.Context) error { return h.openAnswer(ctx, cb, a.Value) })
		return
	}
	switch a.ActionID {
	case actHomeReport:
		h.bg.Go(a.ActionID, func(ctx context.Context) error {
			_, err := h.openReport(ctx, user, cb.TriggerID)
			return err
		})
	case actHomeResume:
		h.bg.Go(a.ActionID, func(ctx context.Context) error { return h.openDraft(ctx, user, a.Value, cb.TriggerID) })
	case actHomeDiscard:
		h.bg.Go(a.ActionID, func(ctx context.Context) error {
			if err := h.Reports.DiscardDraft(ctx, user, a.Value); err != nil {
				return err
			}
			return h.publishHome(ctx, user)
		})
	case actDiscard:
		h.bg.Go(a.ActionID, func(ctx context.Context) error { return h.discardInDialog(ctx, cb, a.Value) })
	case actDigestPause, actDigestResume:
		h.bg.Go(a.ActionID, func(ctx context.Context) error {
			if err := h.Digests.SetPaused(ctx, user, a.ActionID == actDigestPause); err != nil {
				return err
			}
			return h.publishHome(ctx, user)
		})
	case actAck, actAssign, actEscalate, actNote, actDetails, actClose, actAccept, actReclassify, actNotify, actAsk, actHold:
		h.caseAction(ctx, cb, a)
	}
}
