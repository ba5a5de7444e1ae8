package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// Action ids of the case card, from the outside contract.
const (
	actAck      = "case_ack"
	actAssign   = "case_assign"
	actEscalate = "case_escalate"
	actNote     = "case_note"
	actDetails  = "case_details"
	actClose    = "case_close"
	// Accept takes the classifier's suggestion; Reclassify opens a dialog
	// to set the category, severity and regimes by hand.
	actAccept     = "case_accept"
	actReclassify = "case_reclassify"
	// Notify records that an authority was notified; it stops that clock.
	actNotify = "case_notify"
)

// caseCardBlockID marks the card's first block, and caseActionsBlockID its
// buttons, so an action finds its case by block_id as well as by value.
func caseCardBlockID(id bot.CaseID) string    { return "case:" + string(id) }
func caseActionsBlockID(id bot.CaseID) string { return "actions:" + string(id) }

// caseIDOf is the case an action is about: the button's value, or the
// block_id for the assignment picker, which has no value.
func caseIDOf(a *slack.BlockAction) bot.CaseID {
	if strings.HasPrefix(a.ActionID, "case_") && a.Value != "" {
		return bot.CaseID(a.Value)
	}
	_, id, _ := strings.Cut(a.BlockID, ":")
	return bot.CaseID(id)
}

// mention renders a Slack user as a mention, or a dash for nobody.
func mention(user string) string {
	if user == "" {
		return "–"
	}
	return "<@" + user + ">"
}

// ago renders t as "2 days ago" in the reader's language and time zone.
func ago(t time.Time, loc *time.Location) string {
	return fmt.Sprintf("<!date^%d^{date_short_pretty} {time} ({ago})|%s>", t.Unix(), t.In(loc).Format("2006-01-02 15:04"))
}

// clockLines says each deadline that applies and whether it has passed.
func clockLines(c bot.Case, cfg *bot.Config, l bot.Lang, now time.Time) []string {
	if !c.Status.Open() {
		return nil
	}
	loc := cfg.Location()
	var lines []string
	if c.Status.AwaitsAcknowledgement() {
		due := bot.AckDue(c, cfg)
		lines = append(lines, deadline(txt.ClockAck.In(l), due, txt.ClockAckRule.In(l), now, loc, l))
	}
	for _, k := range bot.Clocks(c, loc) {
		switch {
		case !k.Running():
			lines = append(lines, metLine(k, loc, l))
		case k.Due.IsZero():
			lines = append(lines, fmt.Sprintf(":stopwatch: *%s* – %s", k.What.In(l), k.Rule.In(l)))
		default:
			lines = append(lines, deadline(k.What.In(l), k.Due, k.Rule.In(l), now, loc, l))
		}
	}
	return lines
}

// metLine says how a deadline was met: "IMY notified 2026-12-01 14:05,
// ref …", and whether that was late.
func metLine(k bot.Clock, loc *time.Location, l bot.Lang) string {
	late := ""
	if k.Late(k.Met) {
		late = " " + txt.ClockMetLate.In(l)
	}
	if k.By == nil && k.Settled.SV != "" {
		return fmt.Sprintf(":white_check_mark: *%s*: %s %s", k.What.In(l), k.Settled.In(l), slackTime(k.Met, loc))
	}
	if k.By == nil {
		return fmt.Sprintf(":white_check_mark: *%s*: %s %s%s", k.What.In(l), txt.ClockMet.In(l), slackTime(k.Met, loc), late)
	}
	info, _ := k.By.Authority.Info()
	ref := ""
	if k.By.Reference != "" {
		ref = ", " + txt.ClockRef.In(l) + " " + esc(k.By.Reference)
	}
	return fmt.Sprintf(":white_check_mark: *%s*: %s %s %s%s%s", k.What.In(l), info.Name.In(l), txt.ClockNotified.In(l), slackTime(k.Met, loc), ref, late)
}

func deadline(what string, due time.Time, rule string, now time.Time, loc *time.Location, l bot.Lang) string {
	icon, late := ":stopwatch:", ""
	if now.After(due) {
		icon, late = ":warning:", " "+txt.ClockPassed.In(l)
	}
	return fmt.Sprintf("%s *%s*: %s %s (%s)%s", icon, what, txt.ClockBy.In(l), slackTime(due, loc), rule, late)
}

// caseActions are the card's buttons: the moves the case's status allows
// (bot's state machine), and its details.
func caseActions(c bot.Case, l bot.Lang) *slack.ActionBlock {
	id := string(c.ID)
	var els []slack.BlockElement
	if c.Status.Allows(bot.MoveAcknowledge) {
		els = append(els, button(actAck, id, txt.ActAck.In(l), slack.StylePrimary))
	}
	if c.Status.Allows(bot.MoveAssign) {
		pick := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain(txt.ActAssign.In(l)), actAssign)
		pick.InitialUser = c.Assignee
		els = append(els, pick)
	}
	if c.Status.Allows(bot.MoveEscalate) {
		els = append(els, button(actEscalate, id, txt.ActEscalate.In(l), ""))
	}
	if c.Status.Allows(bot.MoveNote) {
		els = append(els, button(actNote, id, txt.ActNote.In(l), ""))
	}
	if c.Status.Allows(bot.MoveNotify) {
		els = append(els, button(actNotify, id, txt.ActNotify.In(l), ""))
	}
	if c.Status.Allows(bot.MoveAsk) {
		els = append(els, button(actAsk, id, rtxt.ActAsk.In(l), ""))
	}
	if c.CulledAt.IsZero() {
		switch {
		case c.Investigation == nil && c.Status.Open():
			els = append(els, button(actInvestigate, id, itxt.ActInvestigate.In(l), ""))
		case c.Investigation != nil:
			els = append(els, button(actInvestigate, id, itxt.ActInvestigation.In(l), ""))
		}
		if c.HasRegime(bot.GDPRBreach) {
			els = append(els, button(actBreach, id, itxt.ActBreach.In(l), ""))
		}
	}
	els = append(els, button(actDetails, id, txt.ActDetails.In(l), ""))
	if c.CulledAt.IsZero() {
		els = append(els, button(actExport, id, itxt.ActExport.In(l), ""))
	}
	if c.Status.Allows(bot.MoveHold) {
		els = append(els, button(actHold, id, rtxt.ActHold.In(l), ""))
	}
	if c.Status.Allows(bot.MoveClose) {
		els = append(els, button(actClose, id, txt.ActClose.In(l), slack.StyleDanger))
	}
	return slack.NewActionBlock(caseActionsBlockID(c.ID), els...)
}

// caseCard is what the route sees: id, category, unit, severity, age,
// status, assignee and the deadlines, with the actions – never the
// report's text or the people in it.
func caseCard(c bot.Case, cfg *bot.Config, l bot.Lang, now time.Time) message {
	loc := cfg.Location()
	title := fmt.Sprintf(txt.CardHeader.In(l), c.ID, c.Category.Name(l))
	head := header(title)
	head.BlockID = caseCardBlockID(c.ID)
	status := c.Status.Name(l)
	switch c.Status {
	case bot.StatusAcknowledged:
		status += " " + fmt.Sprintf(txt.CardBy.In(l), mention(c.AckBy))
	case bot.StatusEscalated:
		status += " " + fmt.Sprintf(txt.CardBy.In(l), mention(c.EscalatedBy))
	case bot.StatusClosed:
		status += " " + fmt.Sprintf(txt.CardBy.In(l), mention(c.ClosedBy))
	}
	blocks := []slack.Block{head}
	if c.ImmediateDanger {
		blocks = append(blocks, section(txt.CardDanger.In(l)))
	}
	blocks = append(blocks, fields(
		txt.Unit.In(l), esc(cfg.UnitName(c.Unit)),
		txt.Severity.In(l), c.Severity.Name(l),
		txt.Status.In(l), status,
		txt.Assignee.In(l), mention(c.Assignee),
		txt.Received.In(l), ago(c.CreatedAt, loc),
		txt.Discovered.In(l), slackTime(c.DiscoveredAt, loc),
		txt.Reporter.In(l), reporterText(c, l),
		txt.Regimes.In(l), regimeList(c.Regimes, l),
		txt.Notes.In(l), fmt.Sprint(c.Notes),
	))
	if lines := clockLines(c, cfg, l, now); len(lines) > 0 {
		blocks = append(blocks, section(strings.Join(lines, "\n")))
	}
	if lines := investigationLines(c, loc, l); len(lines) > 0 {
		blocks = append(blocks, section(strings.Join(lines, "\n")))
	}
	switch {
	case c.Route.Independent && cfg.Independent != nil:
		blocks = append(blocks, section(fmt.Sprintf(txt.CardIndependent.In(l), esc(cfg.Independent.Name), reasonText(c.Route.Reason).In(l))))
	case c.Route.Escalated:
		blocks = append(blocks, section(fmt.Sprintf(txt.CardEscalated.In(l), reasonText(c.Route.Reason).In(l))))
	}
	blocks = append(blocks, suggestionBlocks(c, l)...)
	if c.Status == bot.StatusClosed {
		if info, ok := c.Decision.Info(); ok {
			blocks = append(blocks, section(fmt.Sprintf(txt.CardDecision.In(l), info.Short.In(l))))
		}
	}
	switch {
	case !c.CulledAt.IsZero():
		blocks = append(blocks, section(fmt.Sprintf(rtxt.CardCulled.In(l), slackTime(c.CulledAt, loc))))
		return message{Text: title + " · " + c.Status.Name(l), Blocks: blocks}
	case c.Hold != nil:
		blocks = append(blocks, note(rtxt.CardHold.In(l)))
	}
	switch {
	case !c.AnsweredAt.IsZero():
		blocks = append(blocks, section(fmt.Sprintf(rtxt.CardAnswered.In(l), c.Messages, slackTime(c.AnsweredAt, loc))))
	case c.Messages > 0:
		blocks = append(blocks, note(fmt.Sprintf(rtxt.CardAsked.In(l), c.Messages)))
	}
	blocks = append(blocks, caseActions(c, l), note(txt.CardNoText.In(l)))
	return message{Text: title + " · " + c.Status.Name(l), Blocks: blocks}
}

// suggestionBlocks show the classifier's suggestion until a coordinator
// decides, then who decided. The cues stay out: they are words of the
// report, and the card is seen by the whole channel.
func suggestionBlocks(c bot.Case, l bot.Lang) []slack.Block {
	sg := c.Suggestion
	switch {
	case sg == nil:
		return nil
	case c.Classification != "":
		what := txt.ClassAccepted
		if c.Classification == bot.ClassificationChanged {
			what = txt.ClassChanged
		}
		return []slack.Block{note(fmt.Sprintf(what.In(l), mention(c.ClassifiedBy)))}
	}
	line := fmt.Sprintf(txt.SuggestionLine.In(l), sourceName(sg.Source, l), int(sg.Confidence*100+0.5),
		sg.Category.Name(l), sg.Severity.Name(l), regimeList(sg.Regimes, l))
	if sg.FromAnswers {
		line += "\n" + txt.SuggestionFromAnswers.In(l)
	}
	if w, weakens := bot.Weakens(c, sg.Severity, sg.Regimes); weakens && c.Status.Allows(bot.MoveClassify) {
		line += "\n:warning: " + weakeningText(w, l) + " " + txt.WeakensAsk.In(l)
	}
	if !c.Status.Allows(bot.MoveClassify) {
		return []slack.Block{note(line)}
	}
	id := string(c.ID)
	return []slack.Block{section(line), slack.NewActionBlock("suggestion:"+id,
		button(actAccept, id, txt.ActAccept.In(l), slack.StylePrimary), button(actReclassify, id, txt.ActReclassify.In(l), ""))}
}

// sourceName names the classifier plainly: the rules, or the language
// model (and whether it fell back to the rules).
func sourceName(source string, l bot.Lang) string {
	switch {
	case source == "rules":
		return txt.SourceRules.In(l)
	case source == "rules (learned)":
		return txt.SourceLearned.In(l)
	case strings.HasPrefix(source, "llm:"):
		return txt.SourceLLM.In(l)
	}
	return txt.SourceFallback.In(l)
}
