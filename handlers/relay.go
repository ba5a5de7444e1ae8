package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// Ids of the relay with the reporter, from the outside contract.
const (
	// actAnswer opens the answer dialog; its value is "<case id>|<question
	// number>", 0 for information the reporter adds on their own.
	actAnswer = "reporter_answer"
	cbAsk     = "case_ask_modal"
	cbAnswer  = "reporter_answer_modal"
	cbHold    = "case_hold_modal"
	actAsk    = "case_ask"
	actHold   = "case_hold"
)

// answerValue and parseAnswerValue carry a case id and a question number
// in the answer button's value. Whatever they say is checked again: the
// sender must be the case's reporter, and the question must be one of the
// case's.
func answerValue(id bot.CaseID, n int) string { return string(id) + "|" + strconv.Itoa(n) }

func parseAnswerValue(v string) (bot.CaseID, int, bool) {
	id, num, ok := strings.Cut(v, "|")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 0 || n > 1<<20 {
		return "", 0, false
	}
	return bot.CaseID(id), n, true
}

func addInfoButton(c bot.Case, l bot.Lang) *slack.ButtonBlockElement {
	return button(actAnswer, answerValue(c.ID, 0), rtxt.ActAddInfo.In(l), "")
}

// questionMessage brings a handler's question to the reporter, with a
// button to answer it. It names no one.
func questionMessage(c bot.Case, q bot.Message, l bot.Lang) message {
	head := fmt.Sprintf(rtxt.QuestionHeader.In(l), c.ID)
	who := rtxt.QuestionNamed
	if c.Anonymous() {
		who = rtxt.QuestionAnonymous
	}
	blocks := textBlocks(head, q.Text)
	blocks = append(blocks, note(who.In(l)), slack.NewActionBlock("question:"+string(c.ID),
		button(actAnswer, answerValue(c.ID, q.Number), rtxt.ActAnswer.In(l), slack.StylePrimary)))
	return message{Text: fmt.Sprintf(rtxt.QuestionHeader.In(l), c.ID), Blocks: blocks}
}

// handlerMessage tells a handler that the reporter wrote, without what:
// they read it in the details, where the read is recorded.
func handlerMessage(c bot.Case, m bot.Message, l bot.Lang) message {
	body := fmt.Sprintf(rtxt.HandlerAdded.In(l), c.ID)
	if m.InReplyTo > 0 {
		body = fmt.Sprintf(rtxt.HandlerAnswered.In(l), c.ID)
	}
	return message{Text: body, Blocks: []slack.Block{section(body),
		slack.NewActionBlock("answered:"+string(c.ID), button(actDetails, string(c.ID), txt.ActDetails.In(l), slack.StylePrimary))}}
}

// reporterNews tells a reporter what happened to their case: that it was
// received, given a handler or closed, nothing of the investigation and no
// one's name; at closing, the feedback the handler wrote for them.
func reporterNews(c bot.Case, e bot.Event, feedback string, l bot.Lang) message {
	var body string
	switch e {
	case bot.EventAssigned:
		body = fmt.Sprintf(rtxt.NewsAssigned.In(l), c.ID)
	case bot.EventClosed:
		body = fmt.Sprintf(rtxt.NewsClosed.In(l), c.ID)
	default:
		body = fmt.Sprintf(rtxt.NewsAcknowledged.In(l), c.ID)
	}
	blocks := []slack.Block{section(body)}
	if feedback != "" {
		blocks = append(blocks, textBlocks(rtxt.NewsFeedback.In(l), feedback)...)
	}
	return message{Text: body, Blocks: blocks}
}

// textBlocks is a heading in mrkdwn over a user's text, escaped, in as
// many sections as it takes.
func textBlocks(head, text string) []slack.Block {
	bs := []slack.Block{section(head)}
	for _, ch := range chunks(text, 2900) {
		bs = append(bs, section(ch))
	}
	return bs
}

// askView asks the reporter a question through the bot.
func askView(c bot.Case, l bot.Lang) slack.ModalViewRequest {
	blocks := []slack.Block{caseTitle(c, l), note(rtxt.AskIntro.In(l))}
	if c.Anonymous() {
		blocks = append(blocks, section(":shield: "+rtxt.AskIntroAnonymous.In(l)))
	}
	blocks = append(blocks, textInput(bot.FieldQuestion, rtxt.AskLabel.In(l), "", bot.MaxMessage, true, false))
	return caseModal(cbAsk, rtxt.AskTitle.In(l), c, rtxt.AskSend.In(l), l, blocks)
}

// answerView lets the reporter answer question q, or add information when
// q is the zero message.
func answerView(c bot.Case, q bot.Message, l bot.Lang) slack.ModalViewRequest {
	title, label := rtxt.AddInfoTitle, rtxt.AddInfoLabel
	blocks := []slack.Block{section(fmt.Sprintf("*%s* · %s", c.ID, c.Category.Name(l)))}
	if q.Number > 0 {
		title, label = rtxt.AnswerTitle, rtxt.AnswerLabel
		blocks = append(blocks, textBlocks(rtxt.AnswerQuestion.In(l), q.Text)...)
	}
	hint := rtxt.AnswerHintNamed
	if c.Anonymous() {
		hint = rtxt.AnswerHintAnonymous
	}
	blocks = append(blocks, textInput(bot.FieldAnswer, label.In(l), hint.In(l), bot.MaxMessage, true, false))
	v := caseModal(cbAnswer, title.In(l), c, txt.Send.In(l), l, blocks)
	v.PrivateMetadata = meta{Case: string(c.ID), Question: q.Number}.encode()
	return v
}

// holdView sets a legal hold with a reason, or lifts the one there is.
func holdView(c bot.Case, cfg *bot.Config, l bot.Lang) slack.ModalViewRequest {
	blocks := []slack.Block{caseTitle(c, l), note(rtxt.HoldIntro.In(l))}
	reason := textInput(bot.FieldHoldReason, rtxt.HoldReason.In(l), "", bot.MaxHoldReason, true, c.Hold != nil)
	if h := c.Hold; h != nil {
		blocks = append(blocks, section(fmt.Sprintf(rtxt.HoldCurrent.In(l), slackTime(h.At, cfg.Location()), mention(h.By), esc(h.Reason))))
		reason.Element.(*slack.PlainTextInputBlockElement).InitialValue = h.Reason
		lift := slack.NewInputBlock(bot.FieldHoldLift, plain(rtxt.HoldLift.In(l)), nil,
			slack.NewCheckboxGroupsBlockElement(bot.FieldHoldLift, option("lift", rtxt.HoldLift.In(l), "")))
		lift.Optional = true
		blocks = append(blocks, reason, lift)
	} else {
		blocks = append(blocks, reason)
	}
	return caseModal(cbHold, rtxt.HoldTitle.In(l), c, txt.Save.In(l), l, blocks)
}

// openAnswer opens the answer dialog for the reporter of the case the
// button names, after checking that they are.
func (h *Handlers) openAnswer(ctx context.Context, cb slack.InteractionCallback, value string) error {
	user := cb.User.ID
	l := h.Locales.Lang(ctx, user)
	id, n, ok := parseAnswerValue(value)
	var view slack.ModalViewRequest
	if !ok {
		h.Log.WarnContext(ctx, "answer button with a malformed value")
		view = noticeView(rtxt.AnswerNotYours, l)
	} else {
		c, q, err := h.Reports.Question(ctx, user, id, n)
		switch {
		case err == nil:
			view = answerView(c, q, l)
		case errors.Is(err, bot.ErrConflict):
			view = noticeView(fillID(rtxt.AnswerClosed, id), l)
		case errors.Is(err, bot.ErrNotAllowed), errors.Is(err, bot.ErrNotFound):
			view = noticeView(rtxt.AnswerNotYours, l)
		default:
			h.Log.ErrorContext(ctx, "open answer dialog", "case", id, "err", err)
			view = noticeView(txt.StoreDown, l)
		}
	}
	_, err := h.Slack.OpenViewContext(ctx, cb.TriggerID, view)
	return err
}

// fillID puts the case id into both languages of t.
func fillID(t bot.Text, id bot.CaseID) bot.Text {
	return bot.Text{SV: fmt.Sprintf(t.SV, id), EN: fmt.Sprintf(t.EN, id)}
}

// submitAnswer brings the reporter's answer into the case within Slack's
// three seconds; mistakes come back on the field with the text kept.
func (h *Handlers) submitAnswer(ctx context.Context, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	user := cb.User.ID
	l := h.Locales.Lang(ctx, user)
	m := decodeMeta(cb.View.PrivateMetadata)
	id := bot.CaseID(m.Case)
	// Only the reporter gets past this, and a refusal is recorded; then
	// the same view sent again adds nothing.
	_, _, err := h.Reports.Question(ctx, user, id, m.Question)
	if err == nil {
		resp, first := h.once(ctx, cb, bot.FieldAnswer, l)
		if !first {
			return resp
		}
		if _, err = h.Reports.Answer(ctx, user, id, m.Question, stateValues(cb.View)[bot.FieldAnswer].Value); err != nil {
			h.release(ctx, cb)
		}
	}
	var fe bot.FieldErrors
	switch {
	case errors.As(err, &fe):
		return caseErrors(fe, l)
	case errors.Is(err, bot.ErrConflict):
		return caseErrors(bot.FieldErrors{bot.FieldAnswer: fillID(rtxt.AnswerClosed, id)}, l)
	case errors.Is(err, bot.ErrNotAllowed), errors.Is(err, bot.ErrNotFound):
		h.Log.WarnContext(ctx, "answer refused", "user", user)
		return caseErrors(bot.FieldErrors{bot.FieldAnswer: rtxt.AnswerNotYours}, l)
	case err != nil:
		h.Log.ErrorContext(ctx, "add answer", "case", id, "err", err)
		return caseErrors(bot.FieldErrors{bot.FieldAnswer: txt.StoreDown}, l)
	}
	h.bg.Queue("", "announce", func(ctx context.Context) error { return h.announce(ctx, id, bot.EventAnswered) }, "case", id)
	v := noticeView(fillID(rtxt.AnswerSent, id), l)
	v.Title = plain(clip(rtxt.AnswerTitle.In(l), 24))
	return slack.NewUpdateViewSubmissionResponse(&v)
}

// relayBlocks show the relay with the reporter in the details, newest
// last, within budget blocks; hidden counts the messages left out.
func relayBlocks(msgs []bot.Message, budget int, cfg *bot.Config, l bot.Lang) (blocks []slack.Block, hidden int) {
	loc := cfg.Location()
	var shown [][]slack.Block
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		var head string
		switch {
		case !m.FromReporter:
			head = fmt.Sprintf(rtxt.DetailsQuestion.In(l), m.Number, slackTime(m.At, loc), mention(m.By))
		case m.InReplyTo > 0:
			head = fmt.Sprintf(rtxt.DetailsAnswer.In(l), m.InReplyTo, slackTime(m.At, loc))
		default:
			head = fmt.Sprintf(rtxt.DetailsAdded.In(l), slackTime(m.At, loc))
		}
		mb := textBlocks(head, m.Text)
		if len(mb) > budget {
			break
		}
		budget -= len(mb)
		shown = append(shown, mb)
	}
	for i := len(shown) - 1; i >= 0; i-- {
		blocks = append(blocks, shown[i]...)
	}
	return blocks, len(msgs) - len(shown)
}
