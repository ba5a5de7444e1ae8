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

// InvestigationDocument writes the case as the Lex Sarah investigation
// template has it, its sections in order and the running log as a table,
// in Markdown for filing in the registry. Cases outside Lex Sarah use the
// same structure.
func InvestigationDocument(d Details, cfg *Config, l Lang) string {
	c, loc := d.Case, cfg.Location()
	unit, _ := cfg.Unit(c.Unit)
	cl := d.Closure
	if cl == nil {
		cl = &Closure{}
	}
	t := func(sv, en string) string { return Text{sv, en}.In(l) }
	day := func(x time.Time) string {
		if x.IsZero() {
			return "–"
		}
		return x.In(loc).Format("2006-01-02 15:04")
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	row := func(k, v string) { w("| %s | %s |\n", k, cell(v)) }

	title := t("Utredning", "Investigation")
	if c.HasRegime(LexSarah) {
		title = t("Lex Sarah-utredning", "Lex Sarah investigation")
	}
	w("# %s – %s\n\n", title, c.ID)
	w("%s: %s · %s: %s · %s: %s\n\n", t("Kategori", "Category"), c.Category.Name(l), t("Enhet", "Unit"), cfg.UnitName(c.Unit),
		t("Status", "Status"), c.Status.Name(l))

	w("## 1. %s\n\n| | |\n|---|---|\n", t("Rapporten", "The report"))
	row(t("Rapporten mottogs", "Report received"), day(c.CreatedAt))
	row(t("Diarienummer", "Registry number"), orDash(cl.RegistryNumber))
	row(t("Utredningen inleddes", "Investigation started"), day(c.AckAt))
	row(t("Lag", "Act"), orDash(unit.Act))
	row(t("Utredare", "Investigator"), investigator(d))
	row(t("Ansvarig nämnd", "Committee responsible"), orDash(unit.Committee))
	row(t("Ärende i incidentbot", "Case in incidentbot"), string(c.ID))

	a := d.Report.Answers
	w("\n## 2. %s\n\n| | |\n|---|---|\n", t("Vad som hände", "What happened"))
	row(t("När det hände", "When it happened"), day(c.OccurredAt))
	row(t("När och hur det uppmärksammades", "When and how it was noticed"),
		day(c.DiscoveredAt)+"; "+t("rapporterat av medarbetare via incidentbot", "reported by staff through incidentbot"))
	row(t("Vad det bestod av", "What it consisted of"), a.Text(QDescription))
	row(t("Konsekvenser för den enskilde", "Consequences for the individual"), answerText(c.Category, QCQHarm, a, l))
	row(t("Har det hänt tidigare", "Has it happened before"), answerText(c.Category, QCQBefore, a, l))
	row(t("Åtgärder direkt", "Immediate actions"), a.Text(QActions))
	for _, q := range QuestionsFor(c.Category) {
		if slices.Contains([]string{QDescription, QActions, QCQHarm, QCQBefore, QInvolved, QReportingLine}, q.ID) || len(a[q.ID]) == 0 {
			continue
		}
		row(q.Label.In(l), answerText(c.Category, q.ID, a, l))
	}

	w("\n## 3. %s\n\n", t("Orsaker", "Root causes"))
	for _, rc := range RootCauses {
		mark := " "
		if slices.Contains(cl.RootCauses, rc.ID) {
			mark = "x"
		}
		w("- [%s] %s\n", mark, rc.Name.In(l))
	}
	if cl.RootCauseText != "" {
		w("\n%s\n", cl.RootCauseText)
	}

	w("\n## 4. %s\n\n| | |\n|---|---|\n", t("Åtgärder", "Actions"))
	row(t("Vidtagna åtgärder", "Actions taken"), cl.ActionsTaken)
	row(t("När", "When"), day(cl.ActionsAt))
	row(t("Planerade åtgärder för att förhindra upprepning", "Actions planned to prevent recurrence"), cl.ActionsPlanned)

	w("\n## 5. %s\n\n%s\n", t("Uppföljning, utvärdering och kontroll", "Follow-up, evaluation and control"), orDash(cl.FollowUp))

	w("\n## 6. %s\n\n| | |\n|---|---|\n", t("Övrigt och förslag till beslut", "Other matters and proposed decision"))
	decision, ivo := "–", t("nej", "no")
	if info, ok := cl.Decision.Info(); ok {
		decision = info.Full.In(l)
		if info.ToIVO {
			ivo = t("ja", "yes")
		}
	}
	row(t("Beslut", "Decision"), decision)
	if c.HasRegime(LexSarah) {
		row(t("Anmäls till IVO", "Report to IVO"), ivo)
		row(t("Nämnden informerades", "Committee informed"), day(cl.CommitteeInformedAt))
		row(t("IVO underrättades", "IVO notified"), day(cl.IVONotifiedAt))
	}
	if c.HasRegime(GDPRBreach) {
		row(t("Anmält till IMY", "Notified to IMY"), orDash(cl.AuthorityNotified))
		row(t("IMY underrättades", "IMY notified"), day(cl.AuthorityNotifiedAt))
	}
	row(t("Avslutat", "Closed"), day(cl.ClosedAt)+" "+signatureText(cl.ClosedBy))

	if len(c.Notifications) > 0 {
		w("\n### %s\n\n| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n", t("Anmälningar till myndigheter", "Notifications to authorities"),
			t("Myndighet", "Authority"), t("Underrättad", "Notified"), t("Ärendenummer", "Reference"), t("Komplett", "Complete"), t("Registrerad av", "Recorded by"))
		for _, n := range c.Notifications {
			info, _ := n.Authority.Info()
			complete := t("ja", "yes")
			if n.Partial {
				complete = t("nej, mer följer", "no, more follows")
			}
			w("| %s | %s | %s | %s | %s |\n", cell(info.Name.In(l)), day(n.At), cell(orDash(n.Reference)), complete, cell(signatureText(n.By)))
		}
	}

	w("\n## 7. %s\n\n", t("Löpande logg", "Running log"))
	w("| %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|\n", t("Datum", "Date"), t("Anteckning", "Note"),
		t("Källa", "Source"), t("Faktum/bedömning", "Fact/assessment"), t("Bilaga", "Attachment"), t("Signatur", "Signature"))
	for _, n := range d.Notes {
		kind := t("faktum", "fact")
		if n.Kind == NoteAssessment {
			kind = t("bedömning", "assessment")
		}
		w("| %s | %s | %s | %s | %s | %s |\n", day(n.At), cell(n.Text), cell(n.Source), kind, cell(orDash(n.Attachment)), cell(signatureText(n.By)))
	}
	if len(d.Messages) > 0 {
		// The relay: the reporter is "the reporter", never named here.
		w("\n### %s\n\n| %s | %s | %s |\n|---|---|---|\n", t("Frågor och svar med rapportören", "Questions and answers with the reporter"),
			t("Datum", "Date"), t("Från", "From"), t("Text", "Text"))
		for _, m := range d.Messages {
			from := t("Handläggare", "Handler")
			if m.FromReporter {
				from = t("Rapportören", "The reporter")
			}
			w("| %s | %s | %s |\n", day(m.At), from, cell(m.Text))
		}
	}
	return b.String()
}

// investigator is the assignee as signed in their own notes, else the one
// who closed the case, else the assignee's Slack id.
func investigator(d Details) string {
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

// cell makes text safe in a Markdown table cell: one line, no column breaks.
func cell(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "–"
	}
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "<br>")
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}
