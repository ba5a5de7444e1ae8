package handlers

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// Callback ids of the report dialog's views.
const (
	cbStepOne = "report_step1"
	cbStepTwo = "report_step2"
	cbReview  = "report_review"
	cbDone    = "report_done"
	cbNotice  = "report_notice"
)

// Action ids of buttons inside the dialog and on App Home.
const (
	actDiscard     = "draft_discard"
	actHomeReport  = "home_report"
	actHomeResume  = "draft_resume"
	actHomeDiscard = "draft_discard_home"
	// A manager pauses and resumes their weekly digest on App Home.
	actDigestPause  = "digest_pause"
	actDigestResume = "digest_resume"
)

// Values of the review step's identity choice.
const (
	identityNamed     = "named"
	identityAnonymous = "anonymous"
)

func modal(callbackID, title string, nonce string, blocks []slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackID,
		Title:           plain(clip(title, 24)),
		Blocks:          slack.Blocks{BlockSet: blocks},
		PrivateMetadata: meta{Nonce: nonce}.encode(),
		NotifyOnClose:   true,
	}
}

// stepOneView asks what happened, where and when.
func stepOneView(d bot.Draft, cfg *bot.Config, l bot.Lang, resumed bool) slack.ModalViewRequest {
	blocks := []slack.Block{note(txt.Call112.In(l))}
	if resumed {
		blocks = append(blocks,
			section(fmt.Sprintf(txt.Resumed.In(l), slackTime(d.UpdatedAt, cfg.Location()))),
			slack.NewActionBlock("draft", button(actDiscard, d.Nonce, txt.DiscardDraft.In(l), slack.StyleDanger)))
	}
	if d.Source != nil {
		blocks = append(blocks, note(txt.FromMessage.In(l)))
	}
	blocks = append(blocks, note(txt.StepOne.In(l)))

	cats := make([]*slack.OptionBlockObject, 0, len(bot.Categories))
	var initialCat *slack.OptionBlockObject
	for _, c := range bot.Categories {
		o := option(string(c.ID), c.Name.In(l), c.Explain.In(l))
		cats = append(cats, o)
		if c.ID == d.Category {
			initialCat = o
		}
	}
	radio := slack.NewRadioButtonsBlockElement(bot.FieldCategory, cats...)
	radio.InitialOption = initialCat
	blocks = append(blocks, slack.NewInputBlock(blockID(bot.FieldCategory, d.Nonce), plain(txt.CategoryLabel.In(l)), nil, radio))

	unit := unitSelect(cfg, d.Unit, l)
	blocks = append(blocks, slack.NewInputBlock(blockID(bot.FieldUnit, d.Nonce), plain(txt.UnitLabel.In(l)), plain(txt.UnitHint.In(l)), unit))

	occ := slack.NewDateTimePickerBlockElement(bot.FieldOccurredAt)
	if !d.OccurredAt.IsZero() {
		occ.InitialDateTime = d.OccurredAt.Unix()
	}
	disc := slack.NewDateTimePickerBlockElement(bot.FieldDiscoveredAt)
	if !d.DiscoveredAt.IsZero() {
		disc.InitialDateTime = d.DiscoveredAt.Unix()
	}
	blocks = append(blocks,
		slack.NewInputBlock(blockID(bot.FieldOccurredAt, d.Nonce), plain(txt.OccurredLabel.In(l)), plain(txt.OccurredHint.In(l)), occ),
		slack.NewInputBlock(blockID(bot.FieldDiscoveredAt, d.Nonce), plain(txt.DiscoveredLabel.In(l)), plain(txt.DiscoveredHint.In(l)), disc))

	v := modal(cbStepOne, txt.ReportTitle.In(l), d.Nonce, blocks)
	v.Submit, v.Close = plain(txt.Next.In(l)), plain(txt.Cancel.In(l))
	return v
}

// unitSelect offers the configured units, in groups of a hundred when
// there are more than Slack shows in one list.
func unitSelect(cfg *bot.Config, selected string, l bot.Lang) *slack.SelectBlockElement {
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, bot.FieldUnit)
	var opts []*slack.OptionBlockObject
	for _, u := range cfg.Units {
		o := option(u.ID, u.Name, "")
		opts = append(opts, o)
		if u.ID == selected {
			sel.InitialOption = o
		}
	}
	if len(opts) <= 100 {
		sel.Options = opts
		return sel
	}
	for i := 0; i < len(opts) && i < 100*100; i += 100 {
		group := opts[i:min(i+100, len(opts))]
		first, last := []rune(group[0].Text.Text), []rune(group[len(group)-1].Text.Text)
		label := fmt.Sprintf(txt.UnitGroup.In(l), string(first[:min(3, len(first))]), string(last[:min(3, len(last))]))
		sel.OptionGroups = append(sel.OptionGroups, slack.NewOptionGroupBlockElement(plain(label), group...))
	}
	return sel
}

// stepTwoView asks the category's questions and those every report has.
func stepTwoView(d bot.Draft, l bot.Lang) slack.ModalViewRequest {
	var blocks []slack.Block
	if d.Category == bot.ThreatViolence {
		blocks = append(blocks, note(txt.Call112.In(l)))
	}
	blocks = append(blocks, note(fmt.Sprintf(txt.StepTwo.In(l), d.Category.Name(l))))
	if d.Source != nil {
		if d.Source.Permalink != "" {
			blocks = append(blocks, note(fmt.Sprintf(txt.SourceLink.In(l), d.Source.Permalink)))
		}
		if d.Source.Truncated {
			blocks = append(blocks, note(txt.MessageTruncated.In(l)))
		}
	}
	for _, q := range bot.QuestionsFor(d.Category) {
		blocks = append(blocks, questionBlock(q, d.Answers[q.ID], d.Nonce, l))
	}
	v := modal(cbStepTwo, txt.ReportTitle.In(l), d.Nonce, blocks)
	v.Submit, v.Close = plain(txt.Next.In(l)), plain(txt.Back.In(l))
	return v
}

// questionBlock renders one question as a standard input block, filled
// with what was answered before.
func questionBlock(q bot.Question, vals []string, nonce string, l bot.Lang) *slack.InputBlock {
	var el slack.BlockElement
	opts := func() (all, chosen []*slack.OptionBlockObject) {
		for _, o := range q.Options {
			ob := option(o.Value, o.Label.In(l), "")
			all = append(all, ob)
			if slices.Contains(vals, o.Value) {
				chosen = append(chosen, ob)
			}
		}
		return all, chosen
	}
	switch q.Kind {
	case bot.KindText, bot.KindParagraph:
		in := slack.NewPlainTextInputBlockElement(nil, q.ID)
		in.Multiline = q.Kind == bot.KindParagraph
		if len(vals) > 0 {
			in.InitialValue = vals[0]
		}
		// Slack rejects a view whose initial value is longer than its
		// max_length; such a value is kept and refused on submit instead.
		if utf8.RuneCountInString(in.InitialValue) <= q.MaxLen {
			in.MaxLength = q.MaxLen
		}
		el = in
	case bot.KindChoice:
		all, chosen := opts()
		r := slack.NewRadioButtonsBlockElement(q.ID, all...)
		if len(chosen) == 1 {
			r.InitialOption = chosen[0]
		}
		el = r
	case bot.KindMulti, bot.KindTick:
		all, chosen := opts()
		c := slack.NewCheckboxGroupsBlockElement(q.ID, all...)
		c.InitialOptions = chosen
		el = c
	case bot.KindUsers:
		u := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, nil, q.ID)
		u.InitialUsers = slices.Clone(vals)
		maxItems := q.MaxItems
		u.MaxSelectedItems = &maxItems
		el = u
	}
	var hint *slack.TextBlockObject
	if h := q.Hint.In(l); h != "" {
		hint = plain(h)
	}
	b := slack.NewInputBlock(blockID(q.ID, nonce), plain(q.Label.In(l)), hint, el)
	b.Optional = !q.Required
	return b
}

// reviewView shows what will be sent and to whom, and asks whether to send
// it named or anonymously.
func reviewView(d bot.Draft, route bot.Route, cfg *bot.Config, l bot.Lang) slack.ModalViewRequest {
	var blocks []slack.Block
	if bot.InImmediateDanger(d.Category, d.Answers) {
		blocks = append(blocks, header(txt.Call112Header.In(l)), section(txt.Call112Body.In(l)), slack.NewDividerBlock())
	}
	loc := cfg.Location()
	blocks = append(blocks, note(txt.StepThree.In(l)), section(txt.ReviewIntro.In(l)),
		fields(
			txt.ReviewWhat.In(l), d.Category.Name(l),
			txt.ReviewUnit.In(l), esc(cfg.UnitName(d.Unit)),
			txt.ReviewOccurred.In(l), slackTime(d.OccurredAt, loc),
			txt.ReviewDiscovered.In(l), slackTime(d.DiscoveredAt, loc),
		))
	for _, q := range bot.QuestionsFor(d.Category) {
		if vals := d.Answers[q.ID]; len(vals) > 0 {
			blocks = append(blocks, answerBlocks(q, vals, l)...)
		}
	}
	if d.Source != nil && d.Source.Permalink != "" {
		blocks = append(blocks, note(fmt.Sprintf(txt.SourceLink.In(l), d.Source.Permalink)))
	}
	blocks = append(blocks, slack.NewDividerBlock(), section(txt.ReviewTo.In(l)+"\n"+routeText(route, cfg, d, l)))
	if route.Channel != "" {
		blocks = append(blocks, note(txt.ReviewChannelSees.In(l)))
	}
	if f := cfg.Independent; f != nil && !route.Independent {
		instead := slack.NewOptionBlockObject(bot.SendToIndependent, plain(clip(fmt.Sprintf(txt.SendToOption.In(l), f.Name), 75)), plain(txt.SendToDesc.In(l)))
		box := slack.NewCheckboxGroupsBlockElement(bot.FieldSendTo, instead)
		if d.Independent {
			box.InitialOptions = []*slack.OptionBlockObject{instead}
		}
		in := slack.NewInputBlock(blockID(bot.FieldSendTo, d.Nonce), plain(txt.SendToLabel.In(l)), nil, box)
		in.Optional = true
		blocks = append(blocks, in)
	}

	named := option(identityNamed, txt.Named.In(l), txt.NamedDesc.In(l))
	anon := option(identityAnonymous, txt.Anonymous.In(l), txt.AnonymousDesc.In(l))
	id := slack.NewRadioButtonsBlockElement(bot.FieldIdentity, named, anon)
	id.InitialOption = named
	if d.Anonymous {
		id.InitialOption = anon
	}
	blocks = append(blocks, slack.NewInputBlock(blockID(bot.FieldIdentity, d.Nonce), plain(txt.IdentityLabel.In(l)), plain(txt.IdentityHint.In(l)), id))

	v := modal(cbReview, txt.ReviewTitle.In(l), d.Nonce, blocks)
	v.Submit, v.Close = plain(txt.Send.In(l)), plain(txt.Back.In(l))
	return v
}

// answerBlocks shows one answer; long text spreads over several sections.
func answerBlocks(q bot.Question, vals []string, l bot.Lang) []slack.Block {
	label := "*" + esc(q.Label.In(l)) + "*\n"
	switch q.Kind {
	case bot.KindText, bot.KindParagraph:
		var bs []slack.Block
		for i, c := range chunks(vals[0], 2900) {
			if i == 0 {
				c = label + c
			}
			bs = append(bs, section(c))
		}
		return bs
	case bot.KindUsers:
		var ms []string
		for _, u := range vals {
			// Only an id the dialog could have sent becomes a mention;
			// anything else is shown as the text it is.
			if bot.IsUserID(u) {
				ms = append(ms, "<@"+u+">")
			} else {
				ms = append(ms, esc(clip(u, 30)))
			}
		}
		return []slack.Block{section(label + strings.Join(ms, ", "))}
	default:
		var ls []string
		for _, v := range vals {
			if o, ok := q.Option(v); ok {
				ls = append(ls, esc(o.Label.In(l)))
			}
		}
		return []slack.Block{section(label + strings.Join(ls, ", "))}
	}
}

// routeText says who receives a case, by role and function: the usual
// recipients and the escalation people by name too, so the reporter can
// spot someone involved and go past them; the independent function by its
// name. A route that reaches no one says so before anything is sent.
func routeText(r bot.Route, cfg *bot.Config, d bot.Draft, l bot.Lang) string {
	mentions := func(us []string) string {
		var ms []string
		for _, u := range us {
			ms = append(ms, "<@"+u+">") // Slack ids from the configuration, not free text
		}
		return strings.Join(ms, ", ")
	}
	unit := esc(cfg.UnitName(d.Unit))
	switch {
	case !r.Reachable() && cfg.Independent != nil && !r.Independent:
		return fmt.Sprintf(txt.ReviewNoRecipientChoose.In(l), esc(cfg.Independent.Name))
	case !r.Reachable():
		return txt.ReviewNoRecipient.In(l)
	case r.Independent:
		out := fmt.Sprintf(txt.ReviewIndependent.In(l), esc(cfg.Independent.Name), reasonText(r.Reason).In(l))
		if r.Reason == bot.ReasonReportingLine || r.Reason == bot.ReasonReporterChose {
			return out + "\n" + txt.ReviewLineKeptOut.In(l)
		}
		return out + "\n" + txt.ReviewInvolvedOut.In(l)
	case r.Escalated:
		return fmt.Sprintf(txt.ReviewEscalated.In(l), unit, mentions(r.Coordinators), reasonText(r.Reason).In(l)) +
			"\n" + txt.ReviewInvolvedOut.In(l) + "\n" + txt.ReviewCoordinatorsCheck.In(l)
	}
	return fmt.Sprintf(txt.ReviewCoordinators.In(l), d.Category.Name(l), unit, mentions(r.Coordinators)) +
		"\n" + txt.ReviewCoordinatorsCheck.In(l)
}

func reasonText(r bot.EscalationReason) bot.Text {
	switch r {
	case bot.ReasonReportingLine:
		return txt.ReasonReportingLine
	case bot.ReasonChannelMemberInvolved:
		return txt.ReasonChannel
	case bot.ReasonReporterChose:
		return txt.ReasonReporterChose
	case bot.ReasonEscalationInvolved:
		return txt.ReasonEscalation
	}
	return txt.ReasonCoordinator
}

// doneView confirms the case and says what happens next.
func doneView(c bot.Case, l bot.Lang) slack.ModalViewRequest {
	var blocks []slack.Block
	if c.ImmediateDanger {
		blocks = append(blocks, header(txt.Call112Header.In(l)), section(txt.Call112Body.In(l)))
	}
	blocks = append(blocks, header(fmt.Sprintf(txt.DoneHeader.In(l), c.ID)))
	if !c.Route.Reachable() {
		blocks = append(blocks, section(txt.DoneNoRecipient.In(l)))
	}
	blocks = append(blocks, section(txt.DoneNext.In(l)))
	if c.Anonymous() {
		blocks = append(blocks, note(txt.DoneAnonymous.In(l)))
	}
	for _, r := range c.Regimes {
		switch r {
		case bot.GDPRBreach:
			blocks = append(blocks, note(txt.DoneGDPR.In(l)))
		case bot.LexSarah:
			blocks = append(blocks, note(txt.DoneLexSarah.In(l)))
		}
	}
	if c.Category == bot.ThreatViolence {
		// "Talk to your manager" is no advice when the line is involved.
		threat := txt.DoneThreat
		if c.ReportingLine || c.Route.Escalated {
			threat = rtxt.DoneThreatLine
		}
		blocks = append(blocks, note(threat.In(l)))
	}
	v := modal(cbDone, txt.DoneTitle.In(l), "", blocks)
	v.Close = plain(txt.Close.In(l))
	v.NotifyOnClose = false
	v.ClearOnClose = true
	return v
}

// noticeView is a one-message modal, for when the dialog cannot start.
func noticeView(body bot.Text, l bot.Lang) slack.ModalViewRequest {
	v := modal(cbNotice, txt.ErrorTitle.In(l), "", []slack.Block{section(body.In(l))})
	v.Close = plain(txt.Close.In(l))
	v.NotifyOnClose = false
	v.PrivateMetadata = ""
	return v
}
