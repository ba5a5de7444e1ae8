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
				storeErr, err := h.openReport(ctx, user, trigger)
				if err != nil {
					h.tellNotOpened(ctx, user, storeErr)
				}
				return err
			})
		}
	case slack.InteractionTypeMessageAction:
		if cb.CallbackID == shortcutMessage {
			h.bg.Go("report_message", func(ctx context.Context) error {
				err := h.openFromMessage(ctx, cb)
				if err != nil {
					var storeErr error
					if storeDown(err) {
						storeErr = err
					}
					h.tellNotOpened(ctx, cb.User.ID, storeErr)
				}
				return err
			})
		}
	case slack.InteractionTypeViewSubmission:
		// Only the bot's own callback ids become labels: a crafted one
		// must not add series.
		label := "other"
		switch cb.View.CallbackID {
		case cbStepOne, cbStepTwo, cbReview, cbEscalate, cbNote, cbClose, cbClassify, cbNotify, cbConfirmAccept, cbAsk, cbHold, cbAnswer,
			cbInvestigate, cbBreach:
			label = cb.View.CallbackID
		}
		h.Metrics.request(kind, label)
		switch cb.View.CallbackID {
		case cbStepOne:
			return h.submitStepOne(ctx, cb)
		case cbStepTwo:
			return h.submitStepTwo(ctx, cb)
		case cbReview:
			return h.submitReview(ctx, cb)
		case cbEscalate, cbNote, cbClose, cbClassify, cbNotify, cbConfirmAccept, cbAsk, cbHold, cbInvestigate, cbBreach:
			return h.caseSubmission(ctx, cb)
		case cbAnswer:
			return h.submitAnswer(ctx, cb)
		}
	case slack.InteractionTypeViewClosed:
		if err := h.keepDraft(ctx, cb); err != nil {
			h.Log.ErrorContext(ctx, "keep closed dialog as draft", "err", err)
		}
	case slack.InteractionTypeBlockActions:
		// A click is one action. A crafted payload with many would have
		// each write inside the same three seconds: only the first counts.
		acts := cb.ActionCallback.BlockActions
		if len(acts) > 1 {
			h.Log.WarnContext(ctx, "block actions: only the first of several is handled", "actions", len(acts))
		}
		if len(acts) > 0 {
			h.blockAction(ctx, cb, acts[0])
		}
	}
	return nil
}

// tellNotOpened tells a user whose shortcut could not open the dialog why,
// by direct message, so no one is left without an answer: the storage
// when it was down, else Slack.
func (h *Handlers) tellNotOpened(ctx context.Context, user string, storeErr error) {
	l := h.Locales.Lang(ctx, user)
	msg := txt.SlackTrouble
	if storeErr != nil {
		msg = txt.StoreDownCmd
	}
	if _, _, err := h.Slack.PostMessageContext(ctx, user, slack.MsgOptionText(msg.In(l), false)); err != nil {
		h.Log.ErrorContext(ctx, "tell the user the dialog did not open", "err", err)
	}
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
	case actAck, actAssign, actEscalate, actNote, actDetails, actClose, actAccept, actReclassify, actNotify, actAsk, actHold,
		actInvestigate, actBreach, actExport:
		h.caseAction(ctx, cb, a)
	case actBreachRegister:
		h.bg.Go(a.ActionID, func(ctx context.Context) error {
			if err := h.sendBreachRegister(ctx, cb); err != nil {
				h.refuseRegister(ctx, cb, err)
			}
			return nil
		})
	}
}
