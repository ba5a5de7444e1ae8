package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// Callback ids of the coordinators' dialogs.
const (
	cbEscalate = "case_escalate_modal"
	cbNote     = "case_note_modal"
	cbClose    = "case_close_modal"
	cbDetails  = "case_details_modal"
	cbClassify = "case_classify_modal"
	cbNotify   = "case_notify_modal"
	// cbConfirmAccept confirms a suggestion that would weaken the case.
	cbConfirmAccept = "case_accept_confirm_modal"
)

// caseModal is a coordinator's dialog about case c; its inputs' block ids
// are their field ids, since it is never refilled from a draft.
func caseModal(callbackID, title string, c bot.Case, submit string, l bot.Lang, blocks []slack.Block) slack.ModalViewRequest {
	v := slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackID, Title: plain(clip(title, 24)),
		Blocks:          slack.Blocks{BlockSet: blocks},
		PrivateMetadata: meta{Case: string(c.ID)}.encode(),
		Close:           plain(txt.Cancel.In(l)),
	}
	if submit != "" {
		v.Submit = plain(submit)
	}
	return v
}

func textInput(field string, label, hint string, maxLen int, multiline, optional bool) *slack.InputBlock {
	in := slack.NewPlainTextInputBlockElement(nil, field)
	in.Multiline, in.MaxLength = multiline, maxLen
	var h *slack.TextBlockObject
	if hint != "" {
		h = plain(hint)
	}
	b := slack.NewInputBlock(field, plain(label), h, in)
	b.Optional = optional
	return b
}

func timeInput(field, label string, optional bool) *slack.InputBlock {
	b := slack.NewInputBlock(field, plain(label), nil, slack.NewDateTimePickerBlockElement(field))
	b.Optional = optional
	return b
}

func caseTitle(c bot.Case, l bot.Lang) *slack.SectionBlock {
	return section(fmt.Sprintf("*%s* · %s", c.ID, c.Category.Name(l)))
}

// escalateView asks why the case goes to the next level.
// escalateView asks where the case goes, among targets (bot.EscalateToLine,
// bot.EscalateToIndependent), and why. With nowhere to go it says so.
func escalateView(c bot.Case, targets []string, cfg *bot.Config, l bot.Lang) slack.ModalViewRequest {
	if len(targets) == 0 {
		return caseModal(cbEscalate, txt.EscalateTitle.In(l), c, "", l, []slack.Block{caseTitle(c, l), section(txt.EscalateNowhere.In(l))})
	}
	var opts []*slack.OptionBlockObject
	for _, to := range targets {
		switch to {
		case bot.EscalateToLine:
			opts = append(opts, option(to, txt.EscalateToLine.In(l), clip(fmt.Sprintf(txt.EscalateToLineDesc.In(l), cfg.UnitName(c.Unit)), 75)))
		case bot.EscalateToIndependent:
			opts = append(opts, option(to, clip(cfg.Independent.Name, 75), txt.EscalateToIndependentDesc.In(l)))
		}
	}
	to := slack.NewRadioButtonsBlockElement(bot.FieldEscalateTo, opts...)
	to.InitialOption = opts[0]
	return caseModal(cbEscalate, txt.EscalateTitle.In(l), c, txt.ActEscalate.In(l), l, []slack.Block{
		caseTitle(c, l), note(txt.EscalateIntro.In(l)),
		slack.NewInputBlock(bot.FieldEscalateTo, plain(txt.EscalateTo.In(l)), nil, to),
		textInput(bot.FieldEscalateReason, txt.EscalateReason.In(l), "", 1000, true, false),
	})
}

// noteView documents one item of the running log as the investigation
// template asks: what, from where, fact or assessment, attachment.
func noteView(c bot.Case, l bot.Lang) slack.ModalViewRequest {
	kind := slack.NewRadioButtonsBlockElement(bot.FieldNoteKind,
		option(bot.NoteFact, txt.NoteFact.In(l), ""), option(bot.NoteAssessment, txt.NoteAssessment.In(l), ""))
	return caseModal(cbNote, txt.NoteTitle.In(l), c, txt.Save.In(l), l, []slack.Block{
		caseTitle(c, l), note(txt.NoteIntro.In(l)),
		textInput(bot.FieldNoteText, txt.NoteText.In(l), "", 3000, true, false),
		textInput(bot.FieldNoteSource, txt.NoteSource.In(l), txt.NoteSourceHint.In(l), 300, false, false),
		slack.NewInputBlock(bot.FieldNoteKind, plain(txt.NoteKind.In(l)), nil, kind),
		textInput(bot.FieldNoteAttachment, txt.NoteAttachment.In(l), txt.NoteAttachmentHint.In(l), 100, false, true),
	})
}

// closeView concludes a case: for Lex Sarah exactly its five decisions,
// whose full wording is shown above the choice; the template's root causes;
// what was done; and the authorities' dates that apply.
func closeView(c bot.Case, l bot.Lang) slack.ModalViewRequest {
	decisions := bot.DecisionsFor(c)
	var opts []*slack.OptionBlockObject
	var full []string
	for _, d := range decisions {
		opts = append(opts, option(string(d.ID), d.Short.In(l), ""))
		full = append(full, "• "+d.Full.In(l))
	}
	blocks := []slack.Block{caseTitle(c, l)}
	if c.HasRegime(bot.LexSarah) {
		blocks = append(blocks, section(txt.CloseLexSarah.In(l)+"\n"+strings.Join(full, "\n")))
	}
	causes := make([]*slack.OptionBlockObject, len(bot.RootCauses))
	for i, rc := range bot.RootCauses {
		causes[i] = option(rc.ID, rc.Name.In(l), "")
	}
	rootCauses := slack.NewInputBlock(bot.FieldRootCauses, plain(txt.CloseRootCauses.In(l)), nil,
		slack.NewCheckboxGroupsBlockElement(bot.FieldRootCauses, causes...))
	rootCauses.Optional = true
	ls := c.HasRegime(bot.LexSarah)
	yesNo := func(field, label string, opts []bot.Option, optional bool) *slack.InputBlock {
		return choiceInput(field, label, opts, nil, nil, false, optional, l)
	}
	blocks = append(blocks, slack.NewInputBlock(bot.FieldDecision, plain(txt.CloseDecision.In(l)), nil, slack.NewRadioButtonsBlockElement(bot.FieldDecision, opts...)))
	if ls {
		// The template's questions, in its order.
		blocks = append(blocks,
			textInput(bot.FieldNoticedHow, itxt.CloseNoticed.In(l), "", bot.MaxCoordinatorText, true, true),
			textInput(bot.FieldConsistedOf, itxt.CloseConsistedOf.In(l), "", bot.MaxCoordinatorText, true, true),
			textInput(bot.FieldConsequences, itxt.CloseConsequences.In(l), "", bot.MaxCoordinatorText, true, true),
			yesNo(bot.FieldBefore, itxt.CloseBefore.In(l), []bot.Option{{Value: bot.Yes, Label: bot.Text{SV: "Ja", EN: "Yes"}},
				{Value: bot.No, Label: bot.Text{SV: "Nej", EN: "No"}}, {Value: bot.Unknown, Label: bot.Text{SV: "Vet inte", EN: "Don't know"}}}, true),
			textInput(bot.FieldWhyAgain, itxt.CloseWhyAgain.In(l), "", bot.MaxCoordinatorText, true, true),
			yesNo(bot.FieldRecur, itxt.CloseRecur.In(l), []bot.Option{{Value: bot.Yes, Label: bot.Text{SV: "Ja", EN: "Yes"}},
				{Value: bot.No, Label: bot.Text{SV: "Nej", EN: "No"}}}, false),
			textInput(bot.FieldRecurWhy, itxt.CloseRecurWhy.In(l), "", bot.MaxCoordinatorText, true, true),
			rootCauses)
		for _, rc := range bot.RootCauses {
			blocks = append(blocks, textInput(bot.CauseTextField(rc.ID), fmt.Sprintf(itxt.CloseCauseText.In(l), rc.Name.In(l)), "", bot.MaxCoordinatorText, true, true))
		}
	} else {
		blocks = append(blocks, rootCauses, textInput(bot.FieldRootCauseText, txt.CloseRootCauseText.In(l), "", 3000, true, true))
	}
	registry := ""
	if c.Investigation != nil {
		registry = c.Investigation.RegistryNumber
	}
	blocks = append(blocks,
		textInput(bot.FieldActionsTaken, txt.CloseActionsTaken.In(l), "", 3000, true, false),
		timeInput(bot.FieldActionsAt, txt.CloseActionsAt.In(l), true),
		textInput(bot.FieldActionsPlanned, txt.CloseActionsPlanned.In(l), "", 3000, true, true),
		textInput(bot.FieldFollowUp, txt.CloseFollowUp.In(l), "", 3000, true, true),
	)
	if ls {
		blocks = append(blocks, textInput(bot.FieldOther, itxt.CloseOther.In(l), "", bot.MaxCoordinatorText, true, true))
	}
	blocks = append(blocks, valueInput(bot.FieldRegistryNumber, txt.CloseRegistry.In(l), "", registry, bot.MaxRegistryNumber, false, true))
	if c.Route.Independent {
		blocks = append(blocks, textInput(bot.FieldFeedback, rtxt.CloseFeedback.In(l), rtxt.CloseFeedbackHintRequired.In(l), bot.MaxMessage, true, false))
	} else {
		blocks = append(blocks, textInput(bot.FieldFeedback, rtxt.CloseFeedback.In(l), rtxt.CloseFeedbackHint.In(l), bot.MaxMessage, true, true))
	}
	if ls {
		blocks = append(blocks, timeInput(bot.FieldCommitteeAt, txt.CloseCommittee.In(l), true), timeInput(bot.FieldIVOAt, txt.CloseIVO.In(l), true),
			timeInput(bot.FieldCopyAttachedAt, itxt.CloseCopyAttached.In(l), true), timeInput(bot.FieldCommitteeCopy, itxt.CloseCommitteeCopy.In(l), true))
	}
	if c.HasRegime(bot.GDPRBreach) {
		b := bot.Breach{}
		if c.Breach != nil {
			b = *c.Breach
		}
		blocks = append(blocks, slack.NewDividerBlock(), section(itxt.BreachTitle.In(l)))
		blocks = append(blocks, breachAssessment(b, l)...)
		blocks = append(blocks, note(itxt.BreachIMY.In(l)))
	}
	return caseModal(cbClose, txt.CloseTitle.In(l), c, txt.ActClose.In(l), l, blocks)
}

// detailsView shows the whole case to someone allowed to see it. Opening
// it was recorded in the case's history.
func detailsView(d bot.Details, cfg *bot.Config, l bot.Lang) slack.ModalViewRequest {
	c, loc := d.Case, cfg.Location()
	reporter := mention(c.Reporter)
	if c.Anonymous() {
		reporter = txt.ReporterAnonymous.In(l)
	}
	blocks := []slack.Block{
		header(fmt.Sprintf("%s · %s", c.ID, c.Category.Name(l))),
		fields(
			txt.Unit.In(l), esc(cfg.UnitName(c.Unit)),
			txt.Severity.In(l), c.Severity.Name(l),
			txt.Status.In(l), c.Status.Name(l),
			txt.Assignee.In(l), mention(c.Assignee),
			txt.Occurred.In(l), slackTime(c.OccurredAt, loc),
			txt.Discovered.In(l), slackTime(c.DiscoveredAt, loc),
			txt.Received.In(l), slackTime(c.CreatedAt, loc),
			txt.Reporter.In(l), reporter,
		),
	}
	for _, q := range bot.QuestionsFor(c.Category) {
		if vals := d.Report.Answers[q.ID]; len(vals) > 0 {
			blocks = append(blocks, answerBlocks(q, vals, l)...)
		}
	}
	if sg := c.Suggestion; sg != nil && len(sg.Cues) > 0 {
		blocks = append(blocks, note(clip(fmt.Sprintf(txt.SuggestionCues.In(l), esc(strings.Join(sg.Cues, ", "))), 2900)))
	}
	if src := d.Report.Source; src != nil && src.Permalink != "" {
		blocks = append(blocks, note(fmt.Sprintf(txt.SourceLink.In(l), src.Permalink)))
	}
	if lines := investigationLines(c, loc, l); len(lines) > 0 {
		blocks = append(blocks, section(strings.Join(lines, "\n")))
	}
	if b := c.Breach; b != nil && b.Reasoning != "" {
		blocks = append(blocks, labelled(itxt.BreachReason.In(l), b.Reasoning)...)
	}
	if c.CulledAt.IsZero() {
		blocks = append(blocks, slack.NewActionBlock("details:"+string(c.ID), button(actExport, string(c.ID), itxt.ActExport.In(l), "")))
	}
	var tail []slack.Block
	if cl := d.Closure; cl != nil {
		tail = append(tail, slack.NewDividerBlock())
		if info, ok := cl.Decision.Info(); ok {
			tail = append(tail, section(fmt.Sprintf(txt.CardDecision.In(l), info.Full.In(l))))
		}
		for _, part := range []struct {
			label T
			text  string
		}{{txt.CloseRootCauseText, cl.RootCauseText}, {txt.CloseActionsTaken, cl.ActionsTaken},
			{txt.CloseActionsPlanned, cl.ActionsPlanned}, {txt.CloseFollowUp, cl.FollowUp}} {
			if part.text != "" {
				tail = append(tail, labelled(part.label.In(l), part.text)...)
			}
		}
	}
	if h := c.Hold; h != nil {
		tail = append(tail, section(fmt.Sprintf(rtxt.DetailsHold.In(l), slackTime(h.At, loc), mention(h.By))), section(esc(clip(h.Reason, 2900))))
	}
	if !c.CulledAt.IsZero() {
		tail = append(tail, section(fmt.Sprintf(rtxt.DetailsCulled.In(l), slackTime(c.CulledAt, loc))))
	}
	tail = append(tail, note(txt.DetailsLogged.In(l)))
	// The relay with the reporter comes before the notes, newest kept.
	relay, hiddenMsgs := relayBlocks(d.Messages, maxModalBlocks-len(blocks)-len(tail)-6, cfg, l)
	if len(relay) > 0 || hiddenMsgs > 0 {
		blocks = append(blocks, slack.NewDividerBlock(), section(rtxt.DetailsRelay.In(l)))
		if hiddenMsgs > 0 {
			blocks = append(blocks, note(fmt.Sprintf(rtxt.DetailsEarlierMessages.In(l), hiddenMsgs)))
		}
		blocks = append(blocks, relay...)
	}
	// Notes take what is left of Slack's 100 blocks, newest first; the
	// export has them all.
	budget := maxModalBlocks - len(blocks) - len(tail) - 3
	var shown [][]slack.Block
	for i := len(d.Notes) - 1; i >= 0; i-- {
		nb := noteBlocks(d.Notes[i], loc, l)
		if len(nb) > budget {
			break
		}
		budget -= len(nb)
		shown = append(shown, nb)
	}
	if len(shown) > 0 {
		blocks = append(blocks, slack.NewDividerBlock(), section(txt.DetailsNotes.In(l)))
	}
	if hidden := len(d.Notes) - len(shown); hidden > 0 {
		blocks = append(blocks, note(fmt.Sprintf(txt.DetailsEarlierNotes.In(l), hidden)))
	}
	for i := len(shown) - 1; i >= 0; i-- {
		blocks = append(blocks, shown[i]...)
	}
	blocks = append(blocks, tail...)
	v := caseModal(cbDetails, string(c.ID), c, "", l, blocks)
	v.Close = plain(txt.Close.In(l))
	return v
}

// classifyView sets a case's category, severity and regimes, filled with
// the suggestion, or with what the case has when there is none.
func classifyView(c bot.Case, l bot.Lang) slack.ModalViewRequest {
	cat, sev, regimes := c.Category, c.Severity, c.Regimes
	if sg := c.Suggestion; sg != nil && c.Classification == "" {
		cat, sev, regimes = sg.Category, sg.Severity, sg.Regimes
	}
	cats := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, bot.FieldCategory)
	for _, info := range bot.Categories {
		o := option(string(info.ID), info.Name.In(l), "")
		cats.Options = append(cats.Options, o)
		if info.ID == cat {
			cats.InitialOption = o
		}
	}
	sevs := slack.NewRadioButtonsBlockElement(bot.FieldSeverity)
	for _, s := range []bot.Severity{bot.Low, bot.Medium, bot.High, bot.Critical} {
		o := option(string(s), s.Name(l), "")
		sevs.Options = append(sevs.Options, o)
		if s == sev {
			sevs.InitialOption = o
		}
	}
	regs := slack.NewCheckboxGroupsBlockElement(bot.FieldRegimes)
	for _, r := range []bot.Regime{bot.LexSarah, bot.GDPRBreach, bot.WorkEnvironmentSerious, bot.PoliceReport} {
		o := option(string(r), r.Name(l), "")
		regs.Options = append(regs.Options, o)
		for _, x := range regimes {
			if x == r {
				regs.InitialOptions = append(regs.InitialOptions, o)
			}
		}
	}
	regimesBlock := slack.NewInputBlock(bot.FieldRegimes, plain(txt.Regimes.In(l)), nil, regs)
	regimesBlock.Optional = true
	return caseModal(cbClassify, txt.ReclassifyTitle.In(l), c, txt.Save.In(l), l, []slack.Block{
		caseTitle(c, l), note(txt.ReclassifyIntro.In(l)),
		slack.NewInputBlock(bot.FieldCategory, plain(txt.Category.In(l)), nil, cats),
		slack.NewInputBlock(bot.FieldSeverity, plain(txt.Severity.In(l)), nil, sevs),
		regimesBlock,
	})
}

// maxModalBlocks is Slack's limit on a modal's blocks.
const maxModalBlocks = 100

// labelled is long text under a bold label, over as many sections as it takes.
func labelled(label, text string) []slack.Block {
	var bs []slack.Block
	for i, ch := range chunks(text, 2800) {
		if i == 0 {
			ch = "*" + esc(label) + "*\n" + ch
		}
		bs = append(bs, section(ch))
	}
	return bs
}

// noteBlocks shows one note of the running log: its signature line, then
// its text.
func noteBlocks(n bot.Note, loc *time.Location, l bot.Lang) []slack.Block {
	kind := txt.NoteFact.In(l)
	if n.Kind == bot.NoteAssessment {
		kind = txt.NoteAssessment.In(l)
	}
	head := fmt.Sprintf("*%d* · %s · %s · %s · %s: %s", n.Number, slackTime(n.At, loc), esc(signed(n.By)), kind, txt.NoteSource.In(l), esc(n.Source))
	if n.Attachment != "" {
		head += " · " + txt.NoteAttachment.In(l) + ": " + esc(n.Attachment)
	}
	bs := []slack.Block{section(head)}
	for _, ch := range chunks(n.Text, 2900) {
		bs = append(bs, section(ch))
	}
	return bs
}

// signed is a signature as the template writes it: name, title.
func signed(s bot.Signature) string {
	switch {
	case s.Name == "":
		return s.User
	case s.Title == "":
		return s.Name
	}
	return s.Name + ", " + s.Title
}

// notifyView records a notification to an authority: which, when, its
// reference, whether more follows, and a note for the running log. The
// authorities whose clocks run on the case come first – and IVO for a
// Lex Sarah case, whose serious decisions need its notification.
func notifyView(c bot.Case, cfg *bot.Config, now time.Time, l bot.Lang) slack.ModalViewRequest {
	running := map[bot.Authority]bool{bot.AuthorityIVO: c.HasRegime(bot.LexSarah)}
	for _, k := range bot.Clocks(c, cfg.Location()) {
		if k.Running() {
			for _, a := range k.Stops {
				running[a] = true
			}
		}
	}
	auth := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, bot.FieldAuthorityID)
	for _, first := range []bool{true, false} {
		for _, info := range bot.Authorities {
			if running[info.ID] != first {
				continue
			}
			o := option(string(info.ID), clip(info.Name.In(l), 75), "")
			auth.Options = append(auth.Options, o)
			if auth.InitialOption == nil && first {
				auth.InitialOption = o
			}
		}
	}
	at := slack.NewDateTimePickerBlockElement(bot.FieldNotifiedAt)
	at.InitialDateTime = now.Unix()
	partial := slack.NewCheckboxGroupsBlockElement(bot.FieldNotifyPartial, option(bot.Yes, txt.NotifyPartial.In(l), txt.NotifyPartialHint.In(l)))
	partialBlock := slack.NewInputBlock(bot.FieldNotifyPartial, plain(txt.NotifyPartialLabel.In(l)), nil, partial)
	partialBlock.Optional = true
	return caseModal(cbNotify, txt.NotifyTitle.In(l), c, txt.Save.In(l), l, []slack.Block{
		caseTitle(c, l), note(txt.NotifyIntro.In(l)),
		slack.NewInputBlock(bot.FieldAuthorityID, plain(txt.NotifyAuthority.In(l)), nil, auth),
		slack.NewInputBlock(bot.FieldNotifiedAt, plain(txt.NotifyAt.In(l)), nil, at),
		textInput(bot.FieldReference, txt.NotifyReference.In(l), txt.NotifyReferenceHint.In(l), bot.MaxReference, false, true),
		partialBlock,
		textInput(bot.FieldNotifyNote, txt.NotifyNote.In(l), txt.NotifyNoteHint.In(l), bot.MaxCoordinatorText, true, true),
	})
}

// confirmAcceptField carries errors on the confirmation, which has no input.
const confirmAcceptField = "confirm"

// weakeningText says what a classification takes away: a lower severity,
// and regimes whose deadlines stop.
func weakeningText(w bot.Weakening, l bot.Lang) string {
	var parts []string
	if w.To != "" {
		parts = append(parts, fmt.Sprintf(txt.WeakensSeverity.In(l), w.From.Name(l), w.To.Name(l)))
	}
	if len(w.Removed) > 0 {
		parts = append(parts, fmt.Sprintf(txt.WeakensRegimes.In(l), regimeList(w.Removed, l)))
	}
	return strings.Join(parts, " ")
}

// confirmAcceptView asks a coordinator to confirm a suggestion that would
// lower the case's severity or take a regime and its deadlines away.
func confirmAcceptView(c bot.Case, w bot.Weakening, l bot.Lang) slack.ModalViewRequest {
	return caseModal(cbConfirmAccept, txt.ConfirmAcceptTitle.In(l), c, txt.ConfirmAccept.In(l), l, []slack.Block{
		caseTitle(c, l), section(":warning: " + weakeningText(w, l)), note(txt.ConfirmAcceptNote.In(l)),
	})
}
