package handlers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
)

// Action and callback ids of the investigation, the breach record and the
// export.
const (
	actInvestigate = "case_investigate"
	actBreach      = "case_breach"
	actExport      = "case_export"
	// actBreachRegister is the data protection officer's button on App
	// Home: every breach record, as a file.
	actBreachRegister = "breach_register"
	cbInvestigate     = "case_investigate_modal"
	cbBreach          = "case_breach_modal"
)

// itxt holds the texts of the investigation, the breach record and the
// export.
var itxt = struct {
	ActInvestigate, ActInvestigation, ActBreach, ActExport         T
	InvestigateTitle, InvestigateIntro, InvestigateStarted         T
	InvestigateStart, InvestigatorName, InvestigatorTitle          T
	InvestigatorHint, RegistryNumber, CardInvestigation            T
	BreachTitle, BreachIntro, BreachWhose, BreachKinds, BreachSum  T
	BreachCount, BreachHow, BreachRecipient, BreachRecipientBound  T
	BreachConsequences, BreachMeasures, BreachRisk, BreachReason   T
	BreachReasonHint, BreachInformed, BreachInformedAt, BreachIMY  T
	CardBreach, CardNoBreach                                       T
	ExportTitle, ExportSent, ExportComment, RegisterTitle          T
	RegisterIntro, RegisterButton, RegisterEmpty, RegisterComment  T
	RegisterSummary, RegisterGenerated, RegisterRefused            T
	CloseNoticed, CloseConsistedOf, CloseConsequences, CloseBefore T
	CloseWhyAgain, CloseRecur, CloseRecurWhy, CloseCauseText       T
	CloseOther, CloseCopyAttached, CloseCommitteeCopy              T
}{
	ActInvestigate:     tx("Inled utredning", "Start investigation"),
	ActInvestigation:   tx("Utredningen", "Investigation"),
	ActBreach:          tx("Personuppgiftsincident", "Personal data breach"),
	ActExport:          tx("Hämta dokument", "Get document"),
	InvestigateTitle:   tx("Utredning", "Investigation"),
	InvestigateIntro:   tx("Att ta emot ett ärende är inte att inleda en utredning. När du sparar inleds utredningen nu, med utredaren du anger här; tiden står som ”Utredningen inleddes” i dokumentet.", "Acknowledging a case is not starting an investigation. Saving starts the investigation now, with the investigator you name here; the time is shown as “Investigation started” in the document."),
	InvestigateStarted: tx("Utredningen inleddes %s. Här kan du ändra utredare och diarienummer.", "The investigation started %s. Here you can change the investigator and the registry number."),
	InvestigateStart:   tx("Inled utredningen", "Start the investigation"),
	InvestigatorName:   tx("Utredarens namn", "Investigator's name"),
	InvestigatorTitle:  tx("Utredarens titel", "Investigator's title"),
	InvestigatorHint:   tx("Från din profil i Slack; ändra om någon annan utreder.", "From your Slack profile; change it if someone else investigates."),
	RegistryNumber:     tx("Diarienummer", "Registry number"),
	CardInvestigation:  tx(":mag: Utredningen inleddes %s · utredare %s", ":mag: Investigation started %s · investigator %s"),
	BreachTitle:        tx("Personuppgiftsincident", "Personal data breach"),
	BreachIntro: tx("Varje personuppgiftsincident dokumenteras, anmäld eller inte (artikel 33.5 i dataskyddsförordningen). Uppgifterna är ifyllda från rapporten: rätta dem om de är fel. Dokumentationen måste vara komplett innan ärendet avslutas. Dataskyddsombudet kan läsa den, men inte rapporten.",
		"Every personal data breach is documented, notified or not (GDPR Article 33(5)). The facts are filled in from the report: correct them if they are wrong. The record must be complete before the case is closed. The data protection officer can read it, but not the report."),
	BreachSum:            tx("Vad hände? Kortfattat, utan namn", "What happened? Briefly, without names"),
	BreachWhose:          tx("Vems uppgifter", "Whose data"),
	BreachKinds:          tx("Vilka slags uppgifter", "Which kinds of data"),
	BreachCount:          tx("Ungefär hur många personer", "Roughly how many people"),
	BreachHow:            tx("Hur det hände", "How it happened"),
	BreachRecipient:      tx("Vem fick uppgifterna", "Who received the data"),
	BreachRecipientBound: tx("Har mottagaren tystnadsplikt?", "Is the recipient bound by confidentiality?"),
	BreachConsequences:   tx("Troliga följder för de berörda", "Likely consequences for the people concerned"),
	BreachMeasures:       tx("Åtgärder för att hantera incidenten och mildra följderna", "Measures to address the breach and mitigate its effects"),
	BreachRisk:           tx("Riskbedömning", "Risk assessment"),
	BreachReason:         tx("Motivering av bedömningen", "Reasoning for the assessment"),
	BreachReasonHint:     tx("Skriv varför: vilka uppgifter, vem som fick dem, om de kom tillbaka. Vid ”osannolikt att den medför risk” är detta skälet till att incidenten inte anmäls.", "Say why: which data, who received it, whether it came back. With “unlikely to result in a risk” this is the reason the breach is not notified."),
	BreachInformed:       tx("Har de berörda informerats?", "Have the people concerned been told?"),
	BreachInformedAt:     tx("När informerades de?", "When were they told?"),
	BreachIMY:            tx("En anmälan till IMY registrerar du med knappen Anmälan till myndighet; den stoppar 72-timmarsklockan.", "Record a notification to IMY with the Notify an authority button; it stops the 72-hour clock."),
	CardBreach:           tx(":memo: Personuppgiftsincidenten dokumenterad %s: %s", ":memo: Breach record documented %s: %s"),
	CardNoBreach:         tx(":memo: Personuppgiftsincidenten är inte dokumenterad än (krävs före avslut).", ":memo: The breach record is not documented yet (required before closing)."),
	ExportTitle:          tx("Dokument för %s", "Document for %s"),
	ExportSent:           tx("Dokumentet för %s ligger nu i ditt direktmeddelande med mig. Det innehåller personuppgifter: spara det där era handlingar ska finnas och ta sedan bort filen i Slack – den finns kvar där tills någon tar bort den.", "The document for %s is now in your direct message with me. It holds personal data: file it where your records belong, then delete the file in Slack – it stays there until someone deletes it."),
	ExportComment:        tx("Dokumentet för %s, som det ser ut nu. Hämtningen är registrerad i ärendets historik. Filen finns kvar i Slack tills du tar bort den.", "The document for %s as it stands now. The download is recorded in the case's history. The file stays in Slack until you delete it."),
	RegisterTitle:        tx("Register över personuppgiftsincidenter", "Register of personal data breaches"),
	RegisterIntro:        tx("*Dataskyddsombud:* du kan läsa dokumentationen av organisationens personuppgiftsincidenter (artikel 33.5), men inte ändra den. Ärenden hos visselblåsarfunktionen, ärenden du själv är inblandad i och gallrade ärenden ingår inte. Varje läsning registreras i ärendets historik.", "*Data protection officer:* you can read the record of the organisation's personal data breaches (Article 33(5)), but not change it. Cases with the whistleblowing function, cases you are involved in and culled cases are left out. Every read is recorded in the case's history."),
	RegisterButton:       tx("Hämta registret", "Get the register"),
	RegisterEmpty:        tx("Det finns inga personuppgiftsincidenter att visa.", "There are no personal data breaches to show."),
	RegisterComment:      tx("Registret över personuppgiftsincidenter, %d st. Läsningen är registrerad i varje ärendes historik. Filen finns kvar i Slack tills du tar bort den.", "The register of personal data breaches, %d in all. The read is recorded in every case's history. The file stays in Slack until you delete it."),
	RegisterSummary:      tx("| Ärende | Upptäcktes | Riskbedömning | Anmäld till IMY | De berörda informerade | Status |\n|---|---|---|---|---|---|\n", "| Case | Discovered | Risk assessment | Notified to IMY | People concerned told | Status |\n|---|---|---|---|---|---|\n"),
	RegisterGenerated:    tx("Hämtat %s av %s.", "Downloaded %s by %s."),
	RegisterRefused:      tx("Registret över personuppgiftsincidenter är bara för dataskyddsombud. Försöket är loggat.", "The register of personal data breaches is for data protection officers only. The attempt is logged."),
	CloseNoticed:         tx("När och hur uppmärksammades det?", "When and how was it noticed?"),
	CloseConsistedOf:     tx("Vad bestod missförhållandet eller risken av?", "What did the shortcoming or the risk consist of?"),
	CloseConsequences:    tx("Vilka konsekvenser fick eller kunde det få för den enskilde?", "What consequences did it have, or could it have had, for the individual?"),
	CloseBefore:          tx("Har något liknande inträffat tidigare?", "Has anything similar happened before?"),
	CloseWhyAgain:        tx("Om ja: varför har det inträffat igen?", "If so: why did it happen again?"),
	CloseRecur:           tx("Kan något liknande inträffa igen?", "Could anything similar happen again?"),
	CloseRecurWhy:        tx("Varför?", "Why?"),
	CloseCauseText:       tx("Orsaker: %s", "Causes: %s"),
	CloseOther:           tx("Övrigt", "Other matters"),
	CloseCopyAttached:    tx("Kopia av utredningen bifogad anmälan till IVO", "A copy of the investigation attached to the notification to IVO"),
	CloseCommitteeCopy:   tx("Kopia av avslutad utredning skickad till ansvarig nämnd", "A copy of the closed investigation sent to the committee"),
}

// valueInput is a plain text input filled with value.
func valueInput(field, label, hint, value string, maxLen int, multiline, optional bool) *slack.InputBlock {
	b := textInput(field, label, hint, maxLen, multiline, optional)
	b.Element.(*slack.PlainTextInputBlockElement).InitialValue = value
	return b
}

// investigateView starts an investigation, naming its investigator, or
// changes the investigator and the registry number of one started.
func investigateView(c bot.Case, in cases.InvestigationInput, loc *time.Location, l bot.Lang) slack.ModalViewRequest {
	intro, submit, hint := itxt.InvestigateIntro.In(l), itxt.InvestigateStart.In(l), itxt.InvestigatorHint.In(l)
	if inv := c.Investigation; inv != nil {
		intro, submit, hint = fmt.Sprintf(itxt.InvestigateStarted.In(l), slackTime(inv.StartedAt, loc)), txt.Save.In(l), ""
	}
	return caseModal(cbInvestigate, itxt.InvestigateTitle.In(l), c, submit, l, []slack.Block{
		caseTitle(c, l), section(intro),
		valueInput(bot.FieldInvestigatorName, itxt.InvestigatorName.In(l), hint, in.Name, bot.MaxInvestigatorName, false, false),
		valueInput(bot.FieldInvestigatorTitle, itxt.InvestigatorTitle.In(l), "", in.Title, bot.MaxInvestigatorTitle, false, false),
		valueInput(bot.FieldInvestigationReg, itxt.RegistryNumber.In(l), "", in.RegistryNumber, bot.MaxRegistryNumber, false, true),
	})
}

// choiceInput is a radio (one) or checkbox (many) input built from a
// question's options, with the chosen values ticked.
func choiceInput(field, label string, opts []bot.Option, hints map[string]bot.Text, chosen []string, many, optional bool, l bot.Lang) *slack.InputBlock {
	var os, initial []*slack.OptionBlockObject
	for _, o := range opts {
		desc := ""
		if h, ok := hints[o.Value]; ok {
			desc = h.In(l)
		}
		ob := option(o.Value, clip(o.Label.In(l), 75), desc)
		os = append(os, ob)
		if slices.Contains(chosen, o.Value) {
			initial = append(initial, ob)
		}
	}
	var el slack.BlockElement
	if many {
		cb := slack.NewCheckboxGroupsBlockElement(field, os...)
		cb.InitialOptions = initial
		el = cb
	} else {
		rb := slack.NewRadioButtonsBlockElement(field, os...)
		if len(initial) > 0 {
			rb.InitialOption = initial[0]
		}
		el = rb
	}
	b := slack.NewInputBlock(field, plain(label), nil, el)
	b.Optional = optional
	return b
}

// questionOptions are the options of a personal data question.
func questionOptions(id string) []bot.Option {
	q, _ := bot.QuestionByID(bot.PersonalData, id)
	return q.Options
}

// breachAssessment are the inputs of the risk assessment, in the breach
// record's dialog and in the close dialog of a breach.
func breachAssessment(b bot.Breach, l bot.Lang) []slack.Block {
	at := slack.NewDateTimePickerBlockElement(bot.FieldBreachInformedAt)
	if !b.InformedAt.IsZero() {
		at.InitialDateTime = b.InformedAt.Unix()
	}
	atBlock := slack.NewInputBlock(bot.FieldBreachInformedAt, plain(itxt.BreachInformedAt.In(l)), nil, at)
	atBlock.Optional = true
	return []slack.Block{
		choiceInput(bot.FieldBreachRisk, itxt.BreachRisk.In(l), bot.RiskLevels, bot.RiskHints, []string{b.Risk}, false, false, l),
		valueInput(bot.FieldBreachReasoning, itxt.BreachReason.In(l), itxt.BreachReasonHint.In(l), b.Reasoning, bot.MaxCoordinatorText, true, false),
		choiceInput(bot.FieldBreachInformed, itxt.BreachInformed.In(l), bot.InformedOptions, nil, []string{b.Informed}, false, true, l),
		atBlock,
	}
}

// breachView documents the breach record: the facts, filled in from the
// report, and the assessment.
func breachView(c bot.Case, b bot.Breach, l bot.Lang) slack.ModalViewRequest {
	blocks := []slack.Block{caseTitle(c, l), section(itxt.BreachIntro.In(l)),
		valueInput(bot.FieldBreachSummary, itxt.BreachSum.In(l), "", b.Summary, bot.MaxCoordinatorText, true, true),
		choiceInput(bot.FieldBreachWhose, itxt.BreachWhose.In(l), questionOptions(bot.QPDWhose), nil, b.Whose, true, true, l),
		choiceInput(bot.FieldBreachKinds, itxt.BreachKinds.In(l), questionOptions(bot.QPDDataKind), nil, b.Kinds, true, true, l),
		choiceInput(bot.FieldBreachCount, itxt.BreachCount.In(l), questionOptions(bot.QPDCount), nil, []string{b.Count}, false, true, l),
		choiceInput(bot.FieldBreachHow, itxt.BreachHow.In(l), questionOptions(bot.QPDHow), nil, []string{b.How}, false, true, l),
		valueInput(bot.FieldBreachRecipient, itxt.BreachRecipient.In(l), "", b.Recipient, 500, false, true),
		choiceInput(bot.FieldBreachRecipientBound, itxt.BreachRecipientBound.In(l), questionOptions(bot.QPDRecipientBound), nil, []string{b.RecipientBound}, false, true, l),
		valueInput(bot.FieldBreachConsequences, itxt.BreachConsequences.In(l), "", b.Consequences, bot.MaxCoordinatorText, true, true),
		valueInput(bot.FieldBreachMeasures, itxt.BreachMeasures.In(l), "", b.Measures, bot.MaxCoordinatorText, true, true),
	}
	blocks = append(blocks, breachAssessment(b, l)...)
	blocks = append(blocks, note(itxt.BreachIMY.In(l)))
	return caseModal(cbBreach, itxt.BreachTitle.In(l), c, txt.Save.In(l), l, blocks)
}

// breachFrom reads the breach record's dialog, or the assessment part of
// the close dialog.
func breachFrom(vals map[string]slack.BlockAction) bot.Breach {
	picked := func(f string) []string {
		var out []string
		for _, o := range vals[f].SelectedOptions {
			out = append(out, o.Value)
		}
		return out
	}
	return bot.Breach{
		Summary: vals[bot.FieldBreachSummary].Value, Whose: picked(bot.FieldBreachWhose), Kinds: picked(bot.FieldBreachKinds),
		Count: vals[bot.FieldBreachCount].SelectedOption.Value, How: vals[bot.FieldBreachHow].SelectedOption.Value,
		Recipient: vals[bot.FieldBreachRecipient].Value, RecipientBound: vals[bot.FieldBreachRecipientBound].SelectedOption.Value,
		Consequences: vals[bot.FieldBreachConsequences].Value, Measures: vals[bot.FieldBreachMeasures].Value,
		Risk: vals[bot.FieldBreachRisk].SelectedOption.Value, Reasoning: vals[bot.FieldBreachReasoning].Value,
		Informed: vals[bot.FieldBreachInformed].SelectedOption.Value, InformedAt: timeOf(vals, bot.FieldBreachInformedAt),
	}
}

// investigationLines are the card's lines about the investigation and
// the breach record: who investigates, and whether the record is done.
// Never the record's text.
func investigationLines(c bot.Case, loc *time.Location, l bot.Lang) []string {
	var lines []string
	if inv := c.Investigation; inv != nil {
		lines = append(lines, fmt.Sprintf(itxt.CardInvestigation.In(l), slackTime(inv.StartedAt, loc), esc(signed(inv.Investigator))))
	}
	if c.HasRegime(bot.GDPRBreach) && c.CulledAt.IsZero() {
		if b := c.Breach; b != nil {
			lines = append(lines, fmt.Sprintf(itxt.CardBreach.In(l), slackTime(b.AssessedAt, loc), bot.OptionLabel(bot.RiskLevels, b.Risk, l)))
		} else if c.Status.Open() {
			lines = append(lines, itxt.CardNoBreach.In(l))
		}
	}
	return lines
}

// exportCase uploads the case's documents to the user's direct message
// with the bot, and says so where they clicked. A data protection officer
// gets the breach record only.
func (h *Handlers) exportCase(ctx context.Context, cb slack.InteractionCallback, id bot.CaseID) error {
	user := cb.User.ID
	d, breachOnly, err := h.Cases.ExportFor(ctx, id, user)
	if err != nil {
		return err
	}
	l, cfg := h.Locales.Lang(ctx, user), h.Config()
	doc, name := bot.CaseDocument(d, cfg, l), string(id)+".md"
	if breachOnly {
		doc, name = bot.BreachDocument(d, cfg, l), string(id)+"-"+bot.Text{SV: "personuppgiftsincident", EN: "breach-record"}.In(l)+".md"
	}
	title := fmt.Sprintf(itxt.ExportTitle.In(l), id)
	if err := h.uploadToDM(ctx, user, name, title, fmt.Sprintf(itxt.ExportComment.In(l), id), doc); err != nil {
		return err
	}
	if cb.Channel.ID != "" {
		if _, err := h.Slack.PostEphemeralContext(ctx, cb.Channel.ID, user, slack.MsgOptionText(fmt.Sprintf(itxt.ExportSent.In(l), id), false)); err != nil {
			h.Log.WarnContext(ctx, "tell of the export", "case", id, "err", err)
		}
	}
	return nil
}

// uploadToDM uploads a Markdown document to user's direct message with
// the bot.
func (h *Handlers) uploadToDM(ctx context.Context, user, name, title, comment, doc string) error {
	ch, _, _, err := h.Slack.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}})
	if err != nil {
		return fmt.Errorf("open a direct message: %w", err)
	}
	_, err = h.Slack.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: bytes.NewReader([]byte(doc)), FileSize: len(doc), Filename: name, Title: title,
		InitialComment: comment, Channel: ch.ID,
	})
	if err != nil {
		return fmt.Errorf("upload %s: %w", name, err)
	}
	return nil
}

// sendBreachRegister uploads every breach record the data protection
// officer may read, with a summary table first, to their direct message.
func (h *Handlers) sendBreachRegister(ctx context.Context, cb slack.InteractionCallback) error {
	user := cb.User.ID
	l, cfg := h.Locales.Lang(ctx, user), h.Config()
	all, err := h.Cases.BreachRegister(ctx, user)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		_, _, err := h.Slack.PostMessageContext(ctx, user, slack.MsgOptionText(itxt.RegisterEmpty.In(l), false))
		return err
	}
	loc := cfg.Location()
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", itxt.RegisterTitle.In(l), fmt.Sprintf(itxt.RegisterGenerated.In(l), h.Now().In(loc).Format("2006-01-02 15:04"), user))
	b.WriteString(itxt.RegisterSummary.In(l))
	no := T{SV: "nej", EN: "no"}.In(l)
	for _, d := range all {
		c := d.Case
		imy := no
		if ns := c.IMYNotifications(); len(ns) > 0 {
			imy = ns[0].At.In(loc).Format("2006-01-02 15:04")
		}
		risk, told := "–", "–"
		if c.Breach != nil {
			risk, told = bot.OptionLabel(bot.RiskLevels, c.Breach.Risk, l), bot.OptionLabel(bot.InformedOptions, c.Breach.Informed, l)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", c.ID, c.DiscoveredAt.In(loc).Format("2006-01-02 15:04"), risk, imy, told, c.Status.Name(l))
	}
	for _, d := range all {
		b.WriteString("\n---\n\n")
		b.WriteString(bot.BreachDocument(d, cfg, l))
	}
	title := itxt.RegisterTitle.In(l)
	name := bot.Text{SV: "personuppgiftsincidenter", EN: "personal-data-breaches"}.In(l) + "-" + h.Now().In(loc).Format("2006-01-02") + ".md"
	return h.uploadToDM(ctx, user, name, title, fmt.Sprintf(itxt.RegisterComment.In(l), len(all)), b.String())
}

// refuseRegister tells the user why the register did not come: not a data
// protection officer, or what failed.
func (h *Handlers) refuseRegister(ctx context.Context, cb slack.InteractionCallback, err error) {
	user := cb.User.ID
	l := h.Locales.Lang(ctx, user)
	msg := h.refusal(ctx, "", user, err)
	if errors.Is(err, bot.ErrNotAllowed) {
		h.Log.WarnContext(ctx, "breach register refused", "user", user)
		msg = itxt.RegisterRefused
	}
	if _, err := h.Slack.OpenViewContext(ctx, cb.TriggerID, noticeView(msg, l)); err != nil {
		h.Log.ErrorContext(ctx, "tell user of refusal", "err", err)
	}
}
