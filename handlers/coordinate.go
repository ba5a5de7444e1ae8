package handlers

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
)

// clickBudget bounds the change a click makes before Slack is answered,
// inside Slack's three seconds.
const clickBudget = 2 * time.Second

// caseAction handles a button or picker on a case card or in the queue on
// App Home. A click that changes the case (acknowledge, assign, accept the
// suggestion) is written to the store before Slack is answered, so an
// answered click is never lost; what follows it – cards, the reporter's
// message, a refusal – and the dialogs behind the other buttons run after
// the acknowledgement. Every outcome the user must know of is told to them.
func (h *Handlers) caseAction(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	id, user := caseIDOf(a), cb.User.ID
	var event bot.Event
	var changed bool
	var err error
	var weak *cases.WeakeningError
	var weakCase bot.Case
	switch a.ActionID {
	case actAck, actAssign, actAccept:
		cctx, cancel := context.WithTimeout(ctx, clickBudget)
		switch a.ActionID {
		case actAck:
			event = bot.EventAcknowledged
			_, changed, err = h.Cases.Acknowledge(cctx, id, user)
		case actAssign:
			event = bot.EventAssigned
			_, changed, err = h.Cases.Assign(cctx, id, user, a.SelectedUser)
		case actAccept:
			event = bot.EventClassified
			weakCase, changed, err = h.Cases.AcceptSuggestion(cctx, id, user, false)
			if errors.As(err, &weak) {
				err = nil
			}
		}
		cancel()
	}
	h.bg.Go(a.ActionID, func(ctx context.Context) error {
		switch a.ActionID {
		case actAck, actAssign, actAccept:
			switch {
			case weak != nil:
				// Say what it takes away, and ask.
				l := h.Locales.Lang(ctx, user)
				_, err = h.Slack.OpenViewContext(ctx, cb.TriggerID, confirmAcceptView(weakCase, weak.Weakening, l))
			case err == nil && changed:
				h.Log.InfoContext(ctx, "case changed", "case", id, "event", event)
				err = h.announce(ctx, id, event)
			}
		case actEscalate, actNote, actClose, actDetails, actReclassify, actNotify, actAsk, actHold, actInvestigate, actBreach:
			err = h.openCaseModal(ctx, cb, a.ActionID, id)
		case actExport:
			err = h.exportCase(ctx, cb, id)
		}
		if err != nil {
			h.refuse(ctx, cb, id, err)
		}
		h.refreshHome(user)
		return nil
	}, "case", id)
}

func (h *Handlers) announce(ctx context.Context, id bot.CaseID, e bot.Event) error {
	if err := h.Delivery.Announce(ctx, id, e); err != nil {
		h.Log.ErrorContext(ctx, "announce case change", "case", id, "event", e, "err", err)
	}
	return nil
}

// openCaseModal opens the dialog behind a card's button, for someone who
// may handle the case.
func (h *Handlers) openCaseModal(ctx context.Context, cb slack.InteractionCallback, action string, id bot.CaseID) error {
	user := cb.User.ID
	l := h.Locales.Lang(ctx, user)
	var view slack.ModalViewRequest
	if action == actDetails {
		d, err := h.Cases.Details(ctx, id, user)
		if err != nil {
			return err
		}
		view = detailsView(d, h.Config(), l)
	} else {
		c, err := h.Cases.Case(ctx, id, user, action)
		if err != nil {
			return err
		}
		switch action {
		case actEscalate:
			view = escalateView(c, h.Cases.EscalationTargets(ctx, c), h.Config(), l)
		case actNote:
			view = noteView(c, l)
			h.warmProfile(user)
		case actClose:
			if c.Breach != nil {
				// The dialog shows the record's assessment: a read.
				if _, err := h.Cases.BreachDraft(ctx, c, user); err != nil {
					return err
				}
			}
			view = closeView(c, l)
			h.warmProfile(user)
		case actInvestigate:
			view = investigateView(c, h.Cases.Investigator(ctx, c, user), h.Config().Location(), l)
		case actBreach:
			b, err := h.Cases.BreachDraft(ctx, c, user)
			if err != nil {
				return err
			}
			view = breachView(c, b, l)
			h.warmProfile(user)
		case actReclassify:
			view = classifyView(c, l)
		case actNotify:
			view = notifyView(c, h.Config(), h.Now(), l)
			h.warmProfile(user)
		case actAsk:
			view = askView(c, l)
		case actHold:
			view = holdView(c, h.Config(), l)
		}
	}
	_, err := h.Slack.OpenViewContext(ctx, cb.TriggerID, view)
	return err
}

// refusal says why an action on case id did not happen, and logs what
// the user is not told.
func (h *Handlers) refusal(ctx context.Context, id bot.CaseID, user string, err error) bot.Text {
	msg := txt.StoreDown
	switch {
	case errors.Is(err, cases.ErrImplicated):
		msg = txt.RefuseImplicated
	case errors.Is(err, bot.ErrNotAllowed):
		msg = txt.RefuseNotAllowed
		h.Log.WarnContext(ctx, "case action refused", "case", id, "user", user)
	case errors.Is(err, bot.ErrConflict):
		msg = txt.RefuseConflict
	case errors.Is(err, bot.ErrNotFound):
		msg = txt.RefuseGone
	case slackFailed(err):
		// Say what failed: Slack, not the storage.
		msg = rtxt.RefuseSlack
		var rl *slack.RateLimitedError
		if errors.As(err, &rl) {
			msg = rtxt.RefuseRateLimited
		}
		h.Log.ErrorContext(ctx, "case action: slack", "case", id, "err", err)
	default:
		h.Log.ErrorContext(ctx, "case action", "case", id, "err", err)
	}
	// The id comes from the request: shown as text, never as mrkdwn.
	shown := esc(clip(string(id), 40))
	return bot.Text{SV: strings.ReplaceAll(msg.SV, "%s", shown), EN: strings.ReplaceAll(msg.EN, "%s", shown)}
}

// slackFailed reports whether err came from Slack's Web API: an error
// answer, a rate limit, an HTTP status or no answer at all.
func slackFailed(err error) bool {
	var rl *slack.RateLimitedError
	var resp slack.SlackErrorResponse
	var status slack.StatusCodeError
	var netErr *url.Error
	return errors.As(err, &rl) || errors.As(err, &resp) || errors.As(err, &status) || errors.As(err, &netErr)
}

// refuse tells the user why their action on a case did not happen: in the
// channel as a message only they see, or in a small dialog on App Home.
func (h *Handlers) refuse(ctx context.Context, cb slack.InteractionCallback, id bot.CaseID, err error) {
	user := cb.User.ID
	l := h.Locales.Lang(ctx, user)
	if errors.Is(err, bot.ErrConflict) {
		_ = h.announce(ctx, id, "") // redraw the cards as they are
	}
	text := h.refusal(ctx, id, user, err).In(l)
	if cb.Channel.ID != "" {
		if _, err := h.Slack.PostEphemeralContext(ctx, cb.Channel.ID, user, slack.MsgOptionText(text, false)); err == nil {
			return
		}
	}
	if _, err := h.Slack.OpenViewContext(ctx, cb.TriggerID, noticeView(bot.Text{SV: text, EN: text}, l)); err != nil {
		h.Log.ErrorContext(ctx, "tell user of refusal", "case", id, "err", err)
	}
}

// caseSubmission handles the coordinators' dialogs. Mistakes come back on
// their fields; a refusal comes back on the first input.
func (h *Handlers) caseSubmission(ctx context.Context, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	user, id := cb.User.ID, bot.CaseID(decodeMeta(cb.View.PrivateMetadata).Case)
	l := h.Locales.Lang(ctx, user)
	field, ok := caseDialogField[cb.View.CallbackID]
	if !ok {
		return nil
	}
	// Who submits is checked first, so a refusal is recorded however often
	// it comes; then the same view sent again changes nothing.
	if _, err := h.Cases.Case(ctx, id, user, cb.View.CallbackID); err != nil {
		return caseErrors(bot.FieldErrors{field: h.refusal(ctx, id, user, err)}, l)
	}
	resp, first := h.once(ctx, cb, field, l)
	if !first {
		return resp
	}
	resp = h.caseDialog(ctx, cb, id, l)
	if resp != nil {
		h.release(ctx, cb)
	}
	return resp
}

// caseDialogField is, for each coordinator's dialog, the field a refusal
// is shown on.
var caseDialogField = map[string]string{
	cbEscalate: bot.FieldEscalateReason, cbNote: bot.FieldNoteText, cbClose: bot.FieldDecision,
	cbConfirmAccept: confirmAcceptField, cbNotify: bot.FieldAuthorityID, cbClassify: bot.FieldCategory,
	cbAsk: bot.FieldQuestion, cbHold: bot.FieldHoldReason, cbInvestigate: bot.FieldInvestigatorName, cbBreach: bot.FieldBreachRisk,
}

// viewClaimTTL is how long a submitted view is remembered: far longer than
// anyone keeps a dialog open, or Slack retries.
const viewClaimTTL = 24 * time.Hour

// once claims the submitted view for its user: first is false when they
// submitted it already, and resp is then the answer to give – none, which
// closes the dialog as the first submission did – or an error saying the
// view cannot be claimed.
func (h *Handlers) once(ctx context.Context, cb slack.InteractionCallback, field string, l bot.Lang) (resp *slack.ViewSubmissionResponse, first bool) {
	claimed, err := h.Store.ClaimView(ctx, cb.User.ID, cb.View.ID, viewClaimTTL)
	switch {
	case err != nil && storeDown(err):
		return caseErrors(bot.FieldErrors{field: txt.StoreDown}, l), false
	case err != nil:
		h.Log.WarnContext(ctx, "dialog submission without a view id", "user", cb.User.ID)
		return caseErrors(bot.FieldErrors{field: txt.Stale}, l), false
	case !claimed:
		h.Log.InfoContext(ctx, "dialog submitted again; nothing changed", "callback", cb.View.CallbackID)
		return nil, false
	}
	return nil, true
}

// release forgets the claim of a view sent back with errors, so that it
// can be corrected and sent again.
func (h *Handlers) release(ctx context.Context, cb slack.InteractionCallback) {
	if err := h.Store.ReleaseView(ctx, cb.User.ID, cb.View.ID); err != nil {
		h.Log.ErrorContext(ctx, "release view", "err", err)
	}
}

// caseDialog carries out a coordinator's dialog once it is claimed.
func (h *Handlers) caseDialog(ctx context.Context, cb slack.InteractionCallback, id bot.CaseID, l bot.Lang) *slack.ViewSubmissionResponse {
	user := cb.User.ID
	vals := stateValues(cb.View)
	var event bot.Event
	var field string
	var err error
	changed := true
	switch cb.View.CallbackID {
	case cbEscalate:
		event, field = bot.EventEscalated, bot.FieldEscalateReason
		_, changed, err = h.Cases.Escalate(ctx, id, user, vals[bot.FieldEscalateTo].SelectedOption.Value, vals[bot.FieldEscalateReason].Value)
	case cbNote:
		event, field = bot.EventNoted, bot.FieldNoteText
		_, err = h.Cases.AddNote(ctx, id, user, cases.NoteInput{
			Text: vals[bot.FieldNoteText].Value, Source: vals[bot.FieldNoteSource].Value,
			Kind: vals[bot.FieldNoteKind].SelectedOption.Value, Attachment: vals[bot.FieldNoteAttachment].Value,
		})
	case cbClose:
		event, field = bot.EventClosed, bot.FieldDecision
		_, changed, err = h.Cases.Close(ctx, id, user, closureFrom(vals))
	case cbInvestigate:
		event, field = bot.EventInvestigation, bot.FieldInvestigatorName
		_, changed, err = h.Cases.Investigate(ctx, id, user, cases.InvestigationInput{Name: vals[bot.FieldInvestigatorName].Value,
			Title: vals[bot.FieldInvestigatorTitle].Value, RegistryNumber: vals[bot.FieldInvestigationReg].Value})
	case cbBreach:
		event, field = bot.EventBreachRecorded, bot.FieldBreachRisk
		_, changed, err = h.Cases.RecordBreach(ctx, id, user, breachFrom(vals))
	case cbConfirmAccept:
		event, field = bot.EventClassified, confirmAcceptField
		_, changed, err = h.Cases.AcceptSuggestion(ctx, id, user, true)
	case cbNotify:
		event, field = bot.EventNotified, bot.FieldAuthorityID
		_, changed, err = h.Cases.Notify(ctx, id, user, cases.NotifyInput{
			Authority: bot.Authority(vals[bot.FieldAuthorityID].SelectedOption.Value), At: timeOf(vals, bot.FieldNotifiedAt),
			Reference: vals[bot.FieldReference].Value, Note: vals[bot.FieldNotifyNote].Value,
			Partial: len(vals[bot.FieldNotifyPartial].SelectedOptions) > 0,
		})
	case cbAsk:
		event, field = bot.EventAsked, bot.FieldQuestion
		_, err = h.Cases.Ask(ctx, id, user, vals[bot.FieldQuestion].Value)
	case cbHold:
		event, field = bot.EventHeld, bot.FieldHoldReason
		_, changed, err = h.Cases.Hold(ctx, id, user, vals[bot.FieldHoldReason].Value, len(vals[bot.FieldHoldLift].SelectedOptions) > 0)
	case cbClassify:
		event, field = bot.EventClassified, bot.FieldCategory
		var regimes []bot.Regime
		for _, o := range vals[bot.FieldRegimes].SelectedOptions {
			regimes = append(regimes, bot.Regime(o.Value))
		}
		_, changed, err = h.Cases.Classify(ctx, id, user, bot.Category(vals[bot.FieldCategory].SelectedOption.Value),
			bot.Severity(vals[bot.FieldSeverity].SelectedOption.Value), regimes)
	default:
		return nil
	}
	if err != nil {
		var fe bot.FieldErrors
		if errors.As(err, &fe) {
			return caseErrors(fe, l)
		}
		return caseErrors(bot.FieldErrors{field: h.refusal(ctx, id, user, err)}, l)
	}
	if changed {
		h.Log.InfoContext(ctx, "case changed", "case", id, "event", event)
		h.bg.Queue("", "announce", func(ctx context.Context) error { return h.announce(ctx, id, event) }, "case", id)
	}
	h.refreshHome(user)
	return nil
}

// caseErrors answers a coordinator's dialog with errors on its fields,
// whose block ids are the field ids.
func caseErrors(fe bot.FieldErrors, l bot.Lang) *slack.ViewSubmissionResponse {
	m := make(map[string]string, len(fe))
	for f, t := range fe {
		m[f] = t.In(l)
	}
	return slack.NewErrorsViewSubmissionResponse(m)
}

// timeOf reads a datetimepicker; zero when none was picked.
func timeOf(vals map[string]slack.BlockAction, field string) time.Time {
	if s := vals[field].SelectedDateTime; s > 0 {
		return time.Unix(s, 0).UTC()
	}
	return time.Time{}
}

// closureFrom reads the close dialog.
func closureFrom(vals map[string]slack.BlockAction) bot.Closure {
	at := func(f string) time.Time { return timeOf(vals, f) }
	var causes []string
	for _, o := range vals[bot.FieldRootCauses].SelectedOptions {
		causes = append(causes, o.Value)
	}
	texts := map[string]string{}
	for _, rc := range bot.RootCauses {
		if v := strings.TrimSpace(vals[bot.CauseTextField(rc.ID)].Value); v != "" {
			texts[rc.ID] = v
		}
	}
	var breach *bot.Breach
	if _, ok := vals[bot.FieldBreachRisk]; ok {
		b := breachFrom(vals)
		breach = &b
	}
	return bot.Closure{
		CauseTexts: texts, Breach: breach, NoticedHow: vals[bot.FieldNoticedHow].Value, ConsistedOf: vals[bot.FieldConsistedOf].Value,
		Consequences: vals[bot.FieldConsequences].Value, Before: vals[bot.FieldBefore].SelectedOption.Value, WhyAgain: vals[bot.FieldWhyAgain].Value,
		Recur: vals[bot.FieldRecur].SelectedOption.Value, RecurWhy: vals[bot.FieldRecurWhy].Value, Other: vals[bot.FieldOther].Value,
		CopyAttachedAt: at(bot.FieldCopyAttachedAt), CommitteeCopyAt: at(bot.FieldCommitteeCopy),
		Decision:            bot.Decision(vals[bot.FieldDecision].SelectedOption.Value),
		RootCauses:          causes,
		RootCauseText:       vals[bot.FieldRootCauseText].Value,
		ActionsTaken:        vals[bot.FieldActionsTaken].Value,
		ActionsAt:           at(bot.FieldActionsAt),
		ActionsPlanned:      vals[bot.FieldActionsPlanned].Value,
		FollowUp:            vals[bot.FieldFollowUp].Value,
		RegistryNumber:      vals[bot.FieldRegistryNumber].Value,
		CommitteeInformedAt: at(bot.FieldCommitteeAt),
		IVONotifiedAt:       at(bot.FieldIVOAt),
		Feedback:            vals[bot.FieldFeedback].Value,
	}
}

// warmProfile fetches the user's name and job title in the background
// while they fill in a note or a closure, so that signing it when they
// submit needs no Slack call within Slack's three seconds.
func (h *Handlers) warmProfile(user string) {
	if h.Directory == nil {
		return
	}
	h.bg.Go("profile", func(ctx context.Context) error {
		_, err := h.Directory.Profile(ctx, user)
		return err
	})
}
