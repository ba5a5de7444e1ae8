package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Details is everything about a case, for those who may see it.
type Details struct {
	Case    Case
	Report  Report
	Notes   []Note
	Closure *Closure
	// Messages are the relay with the reporter, oldest first.
	Messages []Message
}

// CaseDocument is what an export of the case gives: the Lex Sarah
// investigation for a Lex Sarah case, the breach record for a personal
// data breach, both when both apply, and the investigation's structure
// for any other case.
func CaseDocument(d Details, cfg *Config, l Lang) string {
	var parts []string
	investigation := d.Case.HasRegime(LexSarah) || !d.Case.HasRegime(GDPRBreach)
	if investigation {
		parts = append(parts, InvestigationDocument(d, cfg, l))
	}
	if d.Case.HasRegime(GDPRBreach) {
		doc := BreachDocument(d, cfg, l)
		if !investigation {
			// The record keeps the handler's summary; the handler's
			// export has the report as submitted too.
			w := &docWriter{l: l, loc: cfg.Location()}
			reportAnnex(w, d, cfg)
			doc += w.b.String()
		}
		parts = append(parts, doc)
	}
	return strings.Join(parts, "\n---\n\n")
}

// docWriter writes one Markdown document in one language.
type docWriter struct {
	b   strings.Builder
	l   Lang
	loc *time.Location
}

func (w *docWriter) f(format string, args ...any) { fmt.Fprintf(&w.b, format, args...) }
func (w *docWriter) t(sv, en string) string       { return Text{sv, en}.In(w.l) }
func (w *docWriter) row(k, v string)              { w.f("| %s | %s |\n", k, cell(v)) }
func (w *docWriter) table()                       { w.f("| | |\n|---|---|\n") }

// para writes free text as a paragraph, its line breaks kept, none of
// it read as Markdown or HTML.
func (w *docWriter) para(s string) {
	w.f("%s\n\n", strings.Join(mdLines(orDash(s), true), "  \n"))
}

// mdEscape makes text literal in Markdown: no HTML, link, emphasis, code
// or table column anywhere.
var mdEscape = strings.NewReplacer(`\`, `\\`, "&", "&amp;", "<", "&lt;", ">", "&gt;", "`", "\\`", "*", `\*`, "_", `\_`,
	"[", `\[`, "]", `\]`, "|", `\|`, "~", `\~`)

// mdLines splits free text into lines made literal: escaped, and, as
// blocks of their own, no line read as a heading, a list, a rule or a
// fence.
func mdLines(s string, block bool) []string {
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")), "\n")
	for i, line := range lines {
		line = mdEscape.Replace(strings.TrimSpace(line))
		if !block {
			lines[i] = line
			continue
		}
		if line != "" && strings.ContainsRune("#-+=", rune(line[0])) {
			line = `\` + line
		}
		// "1." or "1)" opens a numbered list.
		if j := strings.IndexFunc(line, func(r rune) bool { return r < '0' || r > '9' }); j > 0 && (line[j] == '.' || line[j] == ')') {
			line = line[:j] + `\` + line[j:]
		}
		lines[i] = line
	}
	return lines
}

// complete says whether a notification was the whole of it.
func (w *docWriter) complete(n Notification) string {
	if n.Partial {
		return w.t("nej, mer följer", "no, more follows")
	}
	return w.t("ja", "yes")
}

func (w *docWriter) day(x time.Time) string {
	if x.IsZero() {
		return "–"
	}
	return x.In(w.loc).Format("2006-01-02 15:04")
}

// InvestigationDocument writes the case as the Lex Sarah investigation
// template has it, in its words and order – the report, the event, the
// causes, the actions, the follow-up, "Övrigt", the proposed decision
// with its four dates, the running log ("Fortlöpande dokumentation") –
// and the reporter's report as submitted as its annex, in Markdown for
// filing in the registry. Cases outside Lex Sarah use the same structure
// in neutral words.
func InvestigationDocument(d Details, cfg *Config, l Lang) string {
	c := d.Case
	w := &docWriter{l: l, loc: cfg.Location()}
	t := w.t
	unit, _ := cfg.Unit(c.Unit)
	cl := d.Closure
	if cl == nil {
		cl = &Closure{}
	}
	ls := c.HasRegime(LexSarah)
	// q picks the template's question for Lex Sarah, a neutral one else.
	q := func(lsSV, lsEN, sv, en string) string {
		if ls {
			return t(lsSV, lsEN)
		}
		return t(sv, en)
	}
	a := d.Report.Answers
	inv := c.Investigation
	if inv == nil {
		inv = &Investigation{}
	}

	w.f("# %s – %s\n\n", q("Utredning enligt lex Sarah", "Investigation under Lex Sarah", "Utredning", "Investigation"), c.ID)
	w.f("%s: %s · %s: %s · %s: %s\n\n", t("Kategori", "Category"), c.Category.Name(l), t("Enhet", "Unit"), cfg.UnitName(c.Unit),
		t("Status", "Status"), c.Status.Name(l))

	w.f("## 1. %s\n\n", t("Rapporten", "The report"))
	w.table()
	w.row(t("Rapporten inkom", "Report received"), w.day(c.CreatedAt))
	// The registry number given last: at closing, or changed after it.
	reg := cl.RegistryNumber
	if inv.RegistryNumber != "" && (reg == "" || inv.ChangedAt.After(cl.ClosedAt)) {
		reg = inv.RegistryNumber
	}
	w.row(t("Diarienummer", "Registry number"), orDash(reg))
	w.row(t("Utredningen inleddes", "Investigation started"), w.day(inv.StartedAt))
	w.row(t("Lagrum", "Act"), orDash(unit.Act))
	w.row(t("Utredare (namn och titel)", "Investigator (name and title)"), investigator(d))
	w.row(t("Ansvarig nämnd", "Committee responsible"), orDash(unit.Committee))
	w.row(t("Ärende i incidentbot", "Case in incidentbot"), string(c.ID))

	w.f("\n## 2. %s\n\n", q("Missförhållandet", "The shortcoming", "Händelsen", "The event"))
	noticed := cl.NoticedHow
	if noticed == "" {
		noticed = w.day(c.DiscoveredAt)
		if how := answerText(c.Category, QHowNoticed, a, l); how != "–" {
			noticed += ": " + how
		}
		noticed += ". " + fmt.Sprintf(t("Rapporterat av medarbetare via incidentbot %s.", "Reported by staff through incidentbot %s."), w.day(c.CreatedAt))
	}
	w.f("### %s\n\n", q("När och hur uppmärksammades missförhållandet eller den påtagliga risken för missförhållande?",
		"When and how was the shortcoming or the obvious risk of a shortcoming noticed?", "När och hur uppmärksammades det?", "When and how was it noticed?"))
	w.para(noticed)
	when := w.day(c.OccurredAt)
	if where := a.Text(QWhere); where != "" {
		when += "; " + where
	}
	w.f("### %s\n\n", t("När och var inträffade det?", "When and where did it happen?"))
	w.para(when)
	w.f("### %s\n\n", q("Vad bestod missförhållandet eller den påtagliga risken för missförhållande av?",
		"What did the shortcoming or the obvious risk of a shortcoming consist of?", "Vad bestod det av?", "What did it consist of?"))
	w.para(firstOf(cl.ConsistedOf, a.Text(QDescription)))
	w.f("### %s\n\n", q("Vilka konsekvenser fick eller kunde missförhållandet eller risken få för den enskilde?",
		"What consequences did the shortcoming or the risk have, or could it have had, for the individual?",
		"Vilka konsekvenser fick eller kunde det få?", "What consequences did it have, or could it have had?"))
	w.para(firstOf(cl.Consequences, dashless(answerText(c.Category, QCQHarm, a, l))))
	w.f("### %s\n\n", t("Har något liknande inträffat tidigare? Om ja, varför har det inträffat igen?",
		"Has anything similar happened before? If so, why did it happen again?"))
	before := yesNoText(cl.Before, l)
	if before == "" {
		before = dashless(answerText(c.Category, QCQBefore, a, l))
	}
	w.para(strings.TrimSpace(before + "\n" + cl.WhyAgain))
	w.f("### %s\n\n", t("Kan något liknande inträffa igen? Varför?", "Could anything similar happen again? Why?"))
	w.f("- [%s] %s\n- [%s] %s\n\n", mark(cl.Recur == Yes), t("Ja", "Yes"), mark(cl.Recur == No), t("Nej", "No"))
	w.para(cl.RecurWhy)

	w.f("## 3. %s\n\n", q("Orsaker till missförhållandet", "Causes of the shortcoming", "Orsaker", "Causes"))
	causes := cl.Causes()
	for _, rc := range RootCauses {
		w.f("- [%s] %s\n", mark(slices.Contains(causes, rc.ID)), rc.Name.In(l))
		if text := strings.TrimSpace(cl.CauseTexts[rc.ID]); text != "" {
			w.f("\n  %s\n\n", strings.Join(mdLines(text, true), "  \n  "))
		}
	}
	if cl.RootCauseText != "" {
		w.f("\n%s\n\n", t("Beskrivning av orsakerna:", "The causes described:"))
		w.para(cl.RootCauseText)
	} else {
		w.f("\n")
	}

	w.f("## 4. %s\n\n", t("Åtgärder", "Actions"))
	w.f("### %s\n\n", q("Vilka åtgärder har vidtagits för att undanröja eller avhjälpa missförhållandet, och när?",
		"What has been done to remove or remedy the shortcoming, and when?", "Vilka åtgärder har vidtagits, och när?", "What has been done, and when?"))
	taken := cl.ActionsTaken
	if !cl.ActionsAt.IsZero() {
		taken = strings.TrimSpace(taken + "\n" + fmt.Sprintf(t("(%s)", "(%s)"), w.day(cl.ActionsAt)))
	}
	w.para(taken)
	w.f("### %s\n\n", q("Vilka åtgärder planeras för att förhindra att liknande missförhållanden uppstår igen?",
		"What is planned to prevent similar shortcomings from happening again?", "Vilka åtgärder planeras för att det inte ska hända igen?",
		"What is planned so that it does not happen again?"))
	w.para(cl.ActionsPlanned)

	w.f("## 5. %s\n\n", t("Behov av ytterligare uppföljning, utvärdering och kontroll", "Need for further follow-up, evaluation and control"))
	w.para(cl.FollowUp)

	w.f("## 6. %s\n\n", t("Övrigt", "Other matters"))
	w.para(cl.Other)

	w.f("## 7. %s\n\n", q("Förslag till beslut", "Proposed decision", "Beslut", "Decision"))
	if ls {
		for i, info := range LexSarahDecisions {
			w.f("- [%s] %d. %s\n", mark(cl.Decision == info.ID), i+1, info.Full.In(l))
		}
		w.f("\n%s\n\n", t("Förslag 3 och 4 anmäls till IVO.", "Proposals 3 and 4 are reported to IVO."))
	} else {
		decision := "–"
		if info, ok := cl.Decision.Info(); ok {
			decision = info.Full.In(l)
		}
		w.para(decision)
	}
	w.table()
	if ls {
		ivo := cl.IVONotifiedAt
		for _, n := range c.Notifications {
			if n.Authority == AuthorityIVO && ivo.IsZero() {
				ivo = n.At
			}
		}
		w.row(t("Information om rapporten skickad till ansvarig nämnd", "Information about the report sent to the committee responsible"), w.day(cl.CommitteeInformedAt))
		w.row(t("IVO underrättad", "IVO notified"), w.day(ivo))
		w.row(t("Kopia av utredningen bifogad anmälan till IVO", "A copy of the investigation attached to the notification to IVO"), w.day(cl.CopyAttachedAt))
		w.row(t("Kopia av avslutad utredning skickad till ansvarig nämnd", "A copy of the closed investigation sent to the committee responsible"), w.day(cl.CommitteeCopyAt))
	}
	w.row(t("Avslutad", "Closed"), strings.TrimSpace(w.day(cl.ClosedAt)+" "+signatureText(cl.ClosedBy)))

	if len(c.Notifications) > 0 {
		w.f("\n### %s\n\n| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n", t("Anmälningar till myndigheter", "Notifications to authorities"),
			t("Myndighet", "Authority"), t("Underrättad", "Notified"), t("Ärendenummer", "Reference"), t("Komplett", "Complete"), t("Registrerad av", "Recorded by"))
		for _, n := range c.Notifications {
			info, _ := n.Authority.Info()
			w.f("| %s | %s | %s | %s | %s |\n", cell(info.Name.In(l)), w.day(n.At), cell(orDash(n.Reference)), w.complete(n), cell(signatureText(n.By)))
		}
	}

	w.f("\n## 8. %s\n\n", t("Fortlöpande dokumentation", "Running documentation"))
	w.f("| %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|\n", t("Datum", "Date"), t("Uppgift", "Item"),
		t("Varifrån uppgiften kommer", "Where it comes from"), t("Faktum eller bedömning", "Fact or assessment"), t("Bilaga", "Annex"),
		t("Dokumenterad av (namn och titel)", "Documented by (name and title)"))
	for _, n := range d.Notes {
		kind := t("faktum", "fact")
		if n.Kind == NoteAssessment {
			kind = t("bedömning", "assessment")
		}
		w.f("| %s | %s | %s | %s | %s | %s |\n", w.day(n.At), cell(n.Text), cell(n.Source), kind, cell(orDash(n.Attachment)), cell(signatureText(n.By)))
	}
	if len(d.Messages) > 0 {
		// The relay: the reporter is "the reporter", never named here.
		w.f("\n### %s\n\n| %s | %s | %s |\n|---|---|---|\n", t("Frågor och svar med rapportören", "Questions and answers with the reporter"),
			t("Datum", "Date"), t("Från", "From"), t("Text", "Text"))
		for _, m := range d.Messages {
			from := t("Handläggare", "Handler")
			if m.FromReporter {
				from = t("Rapportören", "The reporter")
			}
			w.f("| %s | %s | %s |\n", w.day(m.At), from, cell(m.Text))
		}
	}
	reportAnnex(w, d, cfg)
	return w.b.String()
}

// reportAnnex writes the reporter's report as it was submitted. The
// reporter is not named – a named reporter is known to the handler – and
// the people they picked in Slack are counted, not named.
func reportAnnex(w *docWriter, d Details, cfg *Config) {
	c, l, t := d.Case, w.l, w.t
	if !c.CulledAt.IsZero() {
		w.f("\n## %s\n\n%s\n", t("Bilaga: Rapporten", "Annex: The report"), fmt.Sprintf(t("Rensad %s enligt beslut om gallring.", "Culled %s under the retention decision."), w.day(c.CulledAt)))
		return
	}
	w.f("\n## %s\n\n%s\n\n", t("Bilaga: Rapporten", "Annex: The report"),
		fmt.Sprintf(t("Rapporten som den lämnades %s.", "The report as it was submitted on %s."), w.day(c.CreatedAt)))
	w.table()
	reporter := t("Namngiven (känd av handläggaren, namnges inte här)", "Named (known to the handler, not named here)")
	if c.Anonymous() {
		reporter = t("Anonym", "Anonymous")
	}
	w.row(t("Rapportör", "Reporter"), reporter)
	w.row(t("Kategori", "Category"), c.Category.Name(l))
	w.row(t("Enhet", "Unit"), cfg.UnitName(c.Unit))
	w.row(t("När det hände", "When it happened"), w.day(c.OccurredAt))
	w.row(t("När det upptäcktes", "When it was discovered"), w.day(c.DiscoveredAt))
	a := d.Report.Answers
	for _, q := range QuestionsFor(c.Category) {
		switch {
		case len(a[q.ID]) == 0:
		case q.Kind == KindUsers:
			w.row(q.Label.In(l), fmt.Sprintf(t("Personer valda i Slack: %d (namnges inte här)", "People picked in Slack: %d (not named here)"), len(a[q.ID])))
		default:
			w.row(q.Label.In(l), answerText(c.Category, q.ID, a, l))
		}
	}
	if src := d.Report.Source; src != nil && src.Permalink != "" {
		w.row(t("Från meddelandet", "From the message"), src.Permalink)
	}
}

// BreachDocument writes the record of a personal data breach that GDPR
// art. 33.5 requires of every breach, notified or not – from the record
// alone, never the reporter's own account, so that the data protection
// officer may read it: what happened,
// whose data and which kinds, how many, who received it, the likely
// consequences, the measures, the risk assessment and its reasoning,
// the notification to IMY or why there was none, and whether the people
// concerned were told.
func BreachDocument(d Details, cfg *Config, l Lang) string {
	c := d.Case
	w := &docWriter{l: l, loc: cfg.Location()}
	t := w.t
	b := BreachFromAnswers(d.Report.Answers)
	if c.Breach != nil {
		b = *c.Breach
	}
	pd := func(qid string, vals ...string) string {
		var kept []string
		for _, v := range vals {
			if v != "" {
				kept = append(kept, v)
			}
		}
		return answerText(PersonalData, qid, Answers{qid: kept}, l)
	}
	w.f("# %s – %s\n\n", t("Personuppgiftsincident: dokumentation enligt artikel 33.5 i dataskyddsförordningen",
		"Personal data breach: record under Article 33(5) GDPR"), c.ID)
	w.f("%s: %s · %s: %s · %s: %s\n\n", t("Kategori", "Category"), c.Category.Name(l), t("Enhet", "Unit"), cfg.UnitName(c.Unit),
		t("Status", "Status"), c.Status.Name(l))

	w.f("## 1. %s\n\n", t("Vad som hände", "What happened"))
	w.table()
	w.row(t("Inträffade", "Happened"), w.day(c.OccurredAt))
	w.row(t("Upptäcktes (72 timmar räknas härifrån)", "Discovered (the 72 hours run from here)"), w.day(c.DiscoveredAt))
	w.row(t("Rapporterades", "Reported"), w.day(c.CreatedAt))
	w.row(t("Hur det hände", "How it happened"), pd(QPDHow, b.How))
	w.row(t("Vad som hände", "What happened"), b.Summary)

	w.f("\n## 2. %s\n\n", t("Vems och vilka uppgifter", "Whose data, and which"))
	w.table()
	w.row(t("Vems uppgifter", "Whose data"), pd(QPDWhose, b.Whose...))
	w.row(t("Slags uppgifter", "Kinds of data"), pd(QPDDataKind, b.Kinds...))
	special := t("nej", "no")
	if slices.Contains(b.Kinds, "health") {
		special = t("ja (hälsa)", "yes (health)")
	}
	w.row(t("Känsliga personuppgifter (art. 9)", "Special categories (Art. 9)"), special)
	for _, k := range []struct{ kind, sv, en string }{{"id_number", "Personnummer eller samordningsnummer", "Identity or coordination numbers"},
		{"protected", "Skyddad identitet", "Protected identity"}, {"children", "Uppgifter om barn", "Data about children"}} {
		yes := t("nej", "no")
		if slices.Contains(b.Kinds, k.kind) {
			yes = t("ja", "yes")
		}
		w.row(t(k.sv, k.en), yes)
	}
	w.row(t("Ungefär hur många personer", "Roughly how many people"), pd(QPDCount, b.Count))

	w.f("\n## 3. %s\n\n", t("Mottagare", "Recipient"))
	w.table()
	w.row(t("Vem fick uppgifterna", "Who received the data"), b.Recipient)
	w.row(t("Har mottagaren tystnadsplikt", "Is the recipient bound by confidentiality"), pd(QPDRecipientBound, b.RecipientBound))

	w.f("\n## 4. %s\n\n", t("Följder och åtgärder", "Consequences and measures"))
	w.table()
	w.row(t("Troliga följder för de berörda", "Likely consequences for the people concerned"), b.Consequences)
	w.row(t("Åtgärder för att hantera incidenten och mildra följderna", "Measures to address the breach and mitigate its effects"), b.Measures)

	w.f("\n## 5. %s\n\n", t("Riskbedömning", "Risk assessment"))
	w.table()
	w.row(t("Bedömning", "Assessment"), OptionLabel(RiskLevels, b.Risk, l))
	w.row(t("Motivering", "Reasoning"), b.Reasoning)
	w.row(t("Bedömd av", "Assessed by"), strings.TrimSpace(w.day(b.AssessedAt)+" "+signatureText(b.AssessedBy)))

	w.f("\n## 6. %s\n\n", t("Anmälan till IMY", "Notification to IMY"))
	ns := c.IMYNotifications()
	switch {
	case len(ns) > 0:
		w.f("| %s | %s | %s | %s |\n|---|---|---|---|\n", t("Underrättad", "Notified"), t("Ärendenummer", "Reference"),
			t("Komplett", "Complete"), t("Registrerad av", "Recorded by"))
		for _, n := range ns {
			w.f("| %s | %s | %s | %s |\n", w.day(n.At), cell(orDash(n.Reference)), w.complete(n), cell(signatureText(n.By)))
		}
		w.f("\n")
	case b.Risk == RiskUnlikely:
		w.para(t("Inte anmäld: det är osannolikt att incidenten medför en risk för de berördas rättigheter och friheter (art. 33.1). Skälen står i motiveringen ovan.",
			"Not notified: the breach is unlikely to result in a risk to the rights and freedoms of the people concerned (Art. 33(1)). The reasons are in the reasoning above."))
	default:
		w.para(fmt.Sprintf(t("Inte anmäld. Anmälan ska göras inom 72 timmar från upptäckten, senast %s.",
			"Not notified. The notification is due within 72 hours of discovery, by %s."), w.day(c.DiscoveredAt.Add(imyWithin))))
	}

	w.f("## 7. %s\n\n", t("De registrerade", "The people concerned"))
	w.table()
	w.row(t("Informerade om incidenten (art. 34)", "Told of the breach (Art. 34)"), OptionLabel(InformedOptions, b.Informed, l))
	w.row(t("När", "When"), w.day(b.InformedAt))

	w.f("\n## 8. %s\n\n", t("Avslut", "Closing"))
	w.table()
	decision := "–"
	cl := d.Closure
	if cl == nil {
		cl = &Closure{}
	}
	if info, ok := cl.Decision.Info(); ok {
		decision = info.Full.In(l)
	}
	w.row(t("Beslut", "Decision"), decision)
	w.row(t("Avslutad", "Closed"), strings.TrimSpace(w.day(cl.ClosedAt)+" "+signatureText(cl.ClosedBy)))
	w.row(t("Ärende i incidentbot", "Case in incidentbot"), string(c.ID))
	return w.b.String()
}

func mark(on bool) string {
	if on {
		return "x"
	}
	return " "
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func dashless(s string) string {
	if s == "–" {
		return ""
	}
	return s
}

// yesNoText names a yes, no or don't-know answer; "" for none.
func yesNoText(v string, l Lang) string {
	for _, o := range yesNoUnknown {
		if o.Value == v {
			return o.Label.In(l)
		}
	}
	return ""
}

// investigator is the investigator named when the investigation started,
// else the assignee as signed in their own notes, else the one who closed
// the case, else the assignee's Slack id.
func investigator(d Details) string {
	if inv := d.Case.Investigation; inv != nil && inv.Investigator.Name != "" {
		return signatureText(inv.Investigator)
	}
	for i := len(d.Notes) - 1; i >= 0; i-- {
		if d.Notes[i].By.User == d.Case.Assignee && d.Case.Assignee != "" {
			return signatureText(d.Notes[i].By)
		}
	}
	if d.Closure != nil && d.Closure.ClosedBy.User != "" {
		return signatureText(d.Closure.ClosedBy)
	}
	return orDash(d.Case.Assignee)
}

func signatureText(s Signature) string {
	switch {
	case s.Name != "" && s.Title != "":
		return s.Name + ", " + s.Title
	case s.Name != "":
		return s.Name
	}
	return orDash(s.User)
}

// answerText is an answer as text: choices by their label.
func answerText(c Category, id string, a Answers, l Lang) string {
	q, ok := QuestionByID(c, id)
	if !ok || len(a[id]) == 0 {
		return "–"
	}
	var parts []string
	for _, v := range a[id] {
		if o, ok := q.Option(v); ok {
			v = o.Label.In(l)
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, ", ")
}

// cell makes text safe in a Markdown table cell: one line, no column
// breaks, nothing read as Markdown or HTML; its line breaks become <br>.
func cell(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return strings.Join(mdLines(s, false), "<br>")
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}
