package handlers

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/remind"
)

// A message: blocks and the plain-text fallback Slack shows in
// notifications. Neither ever holds the report's free text.
type message struct {
	Text   string
	Blocks []slack.Block
}

func (m message) options() []slack.MsgOption {
	return []slack.MsgOption{slack.MsgOptionText(m.Text, true), slack.MsgOptionBlocks(m.Blocks...)}
}

func regimeList(rs []bot.Regime, l bot.Lang) string {
	if len(rs) == 0 {
		return "–"
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name(l)
	}
	return strings.Join(names, ", ")
}

func reporterText(c bot.Case, l bot.Lang) string {
	if c.Anonymous() {
		return txt.ReporterAnonymous.In(l)
	}
	return txt.ReporterNamed.In(l)
}

// routeRole names who got a case by role and function, without naming
// anyone, for the reporter's receipt.
func routeRole(c bot.Case, cfg *bot.Config, l bot.Lang) string {
	unit := esc(cfg.UnitName(c.Unit))
	switch {
	case !c.Route.Reachable():
		return txt.DoneNoRecipient.In(l)
	case c.Route.Independent:
		name := "–"
		if cfg.Independent != nil {
			name = esc(cfg.Independent.Name)
		}
		return fmt.Sprintf(txt.RoutedIndependent.In(l), name)
	case c.Route.Escalated:
		return fmt.Sprintf(txt.RoutedEscalation.In(l), unit)
	}
	return fmt.Sprintf(txt.RoutedUnit.In(l), c.Category.Name(l), unit)
}

// receiptMessage is the reporter's DM receipt: the case id and a summary,
// and no free text, since DMs outlive the case's retention.
func receiptMessage(c bot.Case, cfg *bot.Config, l bot.Lang) message {
	loc := cfg.Location()
	blocks := []slack.Block{
		header(fmt.Sprintf(txt.ReceiptHeader.In(l), c.ID)),
		section(fmt.Sprintf(txt.ReceiptIntro.In(l), c.ID)),
		fields(
			txt.Category.In(l), c.Category.Name(l),
			txt.Unit.In(l), esc(cfg.UnitName(c.Unit)),
			txt.Occurred.In(l), slackTime(c.OccurredAt, loc),
			txt.Discovered.In(l), slackTime(c.DiscoveredAt, loc),
			txt.Status.In(l), c.Status.Name(l),
			txt.Reporter.In(l), reporterText(c, l),
		),
		section("*" + txt.Routed.In(l) + "*\n" + routeRole(c, cfg, l)),
		note(txt.ReceiptNext.In(l)),
	}
	if c.Status.Allows(bot.MoveAnswer) {
		blocks = append(blocks, slack.NewActionBlock("receipt:"+string(c.ID), addInfoButton(c, l)))
	}
	return message{Text: fmt.Sprintf(txt.ReceiptIntro.In(l), c.ID), Blocks: blocks}
}

// statusBlocks lists a reporter's cases under a title, ten to a section
// so long lists stay within Slack's section limit.
func statusBlocks(title string, cases []bot.Case, cfg *bot.Config, l bot.Lang) []slack.Block {
	if len(cases) == 0 {
		return []slack.Block{section(title + "\n" + txt.StatusNone.In(l))}
	}
	loc := cfg.Location()
	var blocks []slack.Block
	for i := 0; i < len(cases); i += 10 {
		var lines []string
		if i == 0 {
			lines = append(lines, title)
		}
		for _, c := range cases[i:min(i+10, len(cases))] {
			lines = append(lines, fmt.Sprintf(txt.StatusLine.In(l), c.ID, c.Category.Name(l), c.Status.Name(l), slackTime(c.CreatedAt, loc)))
		}
		blocks = append(blocks, section(strings.Join(lines, "\n")))
	}
	// A button to add information to each open report, up to Slack's 25
	// elements in an actions block.
	var els []slack.BlockElement
	for _, c := range cases {
		if c.Status.Allows(bot.MoveAnswer) && len(els) < 25 {
			b := addInfoButton(c, l)
			b.Text = plain(clip(string(c.ID)+": "+rtxt.ActAddInfo.In(l), 75))
			els = append(els, b)
		}
	}
	if len(els) > 0 {
		blocks = append(blocks, note(rtxt.StatusAddInfo.In(l)), slack.NewActionBlock("mine", els...))
	}
	return blocks
}

// statusMessage answers /report status.
func statusMessage(cases []bot.Case, cfg *bot.Config, l bot.Lang) message {
	return message{Text: txt.StatusHeader.In(l), Blocks: statusBlocks("*"+txt.StatusHeader.In(l)+"*", cases, cfg, l)}
}

// helpMessage answers /report help; command is the name the workspace gave it.
func helpMessage(command string, unknown bool, l bot.Lang) message {
	body := fmt.Sprintf(txt.Help.In(l), esc(command))
	if unknown {
		body = txt.HelpUnknown.In(l) + "\n\n" + body
	}
	return message{Text: body, Blocks: []slack.Block{section(body)}}
}

// reminderMessage reminds one person of a deadline of a case: which, by
// when, and whether it has passed; with buttons to open the case and, for
// a deadline an authority's notification meets, to record it – for those
// who may handle the case. The escalation people told of a case left
// unacknowledged get neither: it has not reached them.
func reminderMessage(c bot.Case, r remind.Reminder, cfg *bot.Config, handles bool, l bot.Lang) message {
	loc := cfg.Location()
	state := txt.ReminderQuarter
	switch r.Threshold {
	case remind.Passed:
		state = txt.ReminderPassed
	case remind.PassedAgain:
		state = txt.ReminderPassedAgain
	}
	title := fmt.Sprintf(txt.ReminderTitle.In(l), c.ID, r.What.In(l))
	body := fmt.Sprintf(state.In(l), slackTime(r.Due, loc))
	blocks := []slack.Block{
		section(":alarm_clock: *" + title + "*\n" + body),
		fields(txt.Category.In(l), c.Category.Name(l), txt.Unit.In(l), esc(cfg.UnitName(c.Unit)), txt.Severity.In(l), c.Severity.Name(l)),
	}
	if handles {
		els := []slack.BlockElement{button(actDetails, string(c.ID), txt.ActDetails.In(l), "")}
		if len(r.Stops) > 0 {
			els = append(els, button(actNotify, string(c.ID), txt.ActNotify.In(l), slack.StylePrimary))
		}
		if r.Clock == remind.ClockAck && c.Status.Allows(bot.MoveAcknowledge) {
			els = append(els, button(actAck, string(c.ID), txt.ActAck.In(l), slack.StylePrimary))
		}
		blocks = append(blocks, slack.NewActionBlock("reminder:"+string(c.ID), els...))
	} else {
		blocks = append(blocks, note(txt.ReminderInfoOnly.In(l)))
	}
	return message{Text: title, Blocks: blocks}
}
