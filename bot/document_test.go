package bot_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/domaintest"
	"github.com/incidentbot/incidentbot/internal/golden"
)

var (
	docAt   = time.Date(2026, 11, 2, 9, 15, 0, 0, domaintest.Config().Location())
	kim     = bot.Signature{User: "UINV", Name: "Kim Berg", Title: "Utredare"}
	alex    = bot.Signature{User: "UHEAD1", Name: "Alex Lind", Title: "Enhetschef"}
	dpoSign = bot.Signature{User: "UDPO1", Name: "Robin Ek", Title: "Dataskyddsombud"}
)

// lexSarahCase is a closed Lex Sarah case with every field of the
// template filled in.
func lexSarahCase() bot.Details {
	at := docAt
	return bot.Details{
		Case: bot.Case{ID: "INC-2026-0042", Status: bot.StatusClosed, Category: bot.CareQuality, Severity: bot.High, Regimes: []bot.Regime{bot.LexSarah},
			Unit: "jobbtorg", Reporter: "UREP", Assignee: "UINV", CreatedAt: at, OccurredAt: at.Add(-48 * time.Hour),
			DiscoveredAt: at.Add(-2 * time.Hour), AckAt: at.Add(time.Hour), Decision: bot.DecisionSerious,
			Investigation: &bot.Investigation{StartedAt: at.Add(3 * time.Hour), StartedBy: "UINV", Investigator: kim, RegistryNumber: "SN 2026/123"},
			Notifications: []bot.Notification{{Authority: bot.AuthorityIVO, At: at.Add(100 * time.Hour), Reference: "3.1.1-4711/2026", By: alex}}},
		Report: bot.Report{Answers: bot.Answers{
			bot.QDescription: {"Brukaren fick inte sin medicin under helgen.\nRutinen för överlämning saknades."},
			bot.QActions:     {"Kontaktade sjuksköterska."}, bot.QCQService: {"Hemtjänst | natt"}, bot.QCQHarm: {"risk"}, bot.QCQBefore: {bot.Yes},
			bot.QInvolved: {"UPERSON"}, bot.QWhere: {"Brukarens hem"}, bot.QHowNoticed: {"told_other"},
		}},
		Notes: []bot.Note{
			{Number: 1, At: at.Add(24 * time.Hour), By: kim, Text: "Samtal med personal på nattpasset.", Source: "Intervju", Kind: bot.NoteFact, Attachment: "Bilaga 1"},
			{Number: 2, At: at.Add(48 * time.Hour), By: kim, Text: "Risken bedöms som påtaglig.", Source: "Egen bedömning", Kind: bot.NoteAssessment},
		},
		Messages: []bot.Message{{At: at.Add(30 * time.Hour), Text: "Vilken helg gällde det?"}, {At: at.Add(31 * time.Hour), Text: "Den 31 oktober.", FromReporter: true}},
		Closure: &bot.Closure{Decision: bot.DecisionSerious, RootCauses: []string{"communication"},
			CauseTexts:  map[string]string{"routines": "Rutinen för överlämning var muntlig.", "communication": "Ingen skriftlig rapport mellan passen."},
			NoticedHow:  "Sjuksköterskan såg på måndagen att dosetten var orörd och rapporterade samma dag.",
			ConsistedOf: "Brukaren fick inte sin medicin under två dagar.", Consequences: "Förhöjt blodtryck; risk för allvarlig skada.",
			Before: bot.Yes, WhyAgain: "Rutinen ändrades inte efter förra gången.", Recur: bot.Yes, RecurWhy: "Tills den skriftliga rutinen sitter.",
			RootCauseText: "Överlämningen mellan pass var muntlig.", ActionsTaken: "Skriftlig överlämning infördes.",
			ActionsAt: at.Add(72 * time.Hour), ActionsPlanned: "Utbildning för all personal.", FollowUp: "Stickprov om tre månader.",
			Other: "Anhöriga informerades.", RegistryNumber: "SN 2026/123", CommitteeInformedAt: at.Add(96 * time.Hour), IVONotifiedAt: at.Add(100 * time.Hour),
			CopyAttachedAt: at.Add(100 * time.Hour), CommitteeCopyAt: at.Add(120 * time.Hour), ClosedBy: alex, ClosedAt: at.Add(120 * time.Hour)},
	}
}

// breachCase is a closed personal data breach with every field of the
// record filled in, notified to IMY in two phases.
func breachCase() bot.Details {
	at := docAt
	return bot.Details{
		Case: bot.Case{ID: "INC-2026-0043", Status: bot.StatusClosed, Category: bot.PersonalData, Severity: bot.High, Regimes: []bot.Regime{bot.GDPRBreach},
			Unit: "jobbtorg", Reporter: bot.AnonymousReporter, CreatedAt: at, OccurredAt: at.Add(-3 * time.Hour), DiscoveredAt: at.Add(-time.Hour),
			Decision: bot.DecisionResolved,
			Notifications: []bot.Notification{
				{Authority: bot.AuthorityIMY, At: at.Add(20 * time.Hour), Reference: "IMY-2026-1234", Partial: true, By: dpoSign},
				{Authority: bot.AuthorityIMY, At: at.Add(60 * time.Hour), Reference: "IMY-2026-1234", By: dpoSign}},
			Breach: &bot.Breach{Whose: []string{"clients"}, Kinds: []string{"health", "id_number", "children"}, Count: "2-10", How: "wrong_recipient",
				Summary:   "Ett läkarintyg om ett barn mejlades till en privatperson med liknande namn.",
				Recipient: "En privatperson med liknande namn", RecipientBound: bot.No, Consequences: "Obehörig känner till hälsouppgifter om barn.",
				Measures: "Mottagaren har raderat mejlet och bekräftat det skriftligt.", Risk: bot.RiskHigh,
				Reasoning: "Hälsouppgifter om barn hos en privatperson utan tystnadsplikt.", Informed: bot.InformedYes,
				InformedAt: at.Add(30 * time.Hour), AssessedBy: dpoSign, AssessedAt: at.Add(5 * time.Hour)}},
		Report: bot.Report{Answers: bot.Answers{
			bot.QDescription: {"Ett läkarintyg skickades till fel mottagare."}, bot.QPDDataKind: {"health"}, bot.QPDCount: {"1"},
			bot.QPDWhose: {"clients"}, bot.QPDHow: {"wrong_recipient"}, bot.QPDRecipientBound: {bot.No}, bot.QWhere: {"Jobbtorget"},
		}},
		Closure: &bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "Rutin för dubbelkontroll av mottagare.", AuthorityNotified: bot.NotifiedYes,
			ClosedBy: alex, ClosedAt: at.Add(72 * time.Hour)},
	}
}

func TestInvestigationDocument(t *testing.T) {
	cfg := domaintest.Config()
	cfg.Units[0].Act, cfg.Units[0].Committee = "Socialtjänstlagen (SoL)", "Socialnämnden"
	d := lexSarahCase()
	for _, l := range []bot.Lang{bot.Swedish, bot.English} {
		got := bot.CaseDocument(d, cfg, l)
		golden.Check(t, filepath.Join("testdata", "investigation."+string(l)+".md"), got)
		if strings.Contains(got, "UPERSON") || strings.Contains(got, "UREP") {
			t.Error("the document names the reporter or the people involved by Slack id")
		}
	}
	doc := bot.InvestigationDocument(d, cfg, bot.Swedish)
	// The template's headings and questions, in its words and order.
	last := -1
	for _, s := range []string{"## 1. Rapporten", "Rapporten inkom", "Utredningen inleddes", "Utredare (namn och titel) | Kim Berg, Utredare",
		"När och hur uppmärksammades missförhållandet", "Vad bestod missförhållandet", "Vilka konsekvenser", "Har något liknande inträffat tidigare",
		"Kan något liknande inträffa igen", "## 3.", "Omgivning och organisation", "## 4. Åtgärder", "## 5. Behov av ytterligare uppföljning",
		"## 6. Övrigt", "## 7. Förslag till beslut", "- [x] 4. Det rapporterade utgjorde ett allvarligt missförhållande.",
		"Information om rapporten skickad till ansvarig nämnd", "IVO underrättad", "Kopia av utredningen bifogad", "Kopia av avslutad utredning",
		"## 8. Fortlöpande dokumentation", "## Bilaga: Rapporten", "Rapporten som den lämnades 2026-11-02 09:15"} {
		i := strings.Index(doc, s)
		if i < 0 || i < last {
			t.Errorf("%q missing or out of order", s)
		}
		last = max(last, i)
	}
	// The five proposals exactly as they are worded.
	for _, info := range bot.LexSarahDecisions {
		if !strings.Contains(doc, info.Full.SV) {
			t.Errorf("proposal %q missing", info.Full.SV)
		}
	}
}

func TestBreachDocument(t *testing.T) {
	cfg := domaintest.Config()
	d := breachCase()
	for _, l := range []bot.Lang{bot.Swedish, bot.English} {
		golden.Check(t, filepath.Join("testdata", "breach."+string(l)+".md"), bot.CaseDocument(d, cfg, l))
	}
	// Not notified because unlikely to result in a risk: the record says
	// so, with the reasoning.
	d.Case.Notifications, d.Case.Breach.Risk, d.Case.Breach.Informed, d.Case.Breach.InformedAt = nil, bot.RiskUnlikely, bot.InformedNotDone, time.Time{}
	d.Case.Breach.Reasoning = "Mottagaren är en annan myndighet med tystnadsplikt och raderade mejlet direkt."
	doc := bot.BreachDocument(d, cfg, bot.Swedish)
	for _, want := range []string{"Osannolikt att den medför risk", d.Case.Breach.Reasoning, "Inte anmäld: det är osannolikt att incidenten medför en risk"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the record lacks %q:\n%s", want, doc)
		}
	}
	// A breach that is also a Lex Sarah case exports both documents.
	both := breachCase()
	both.Case.Regimes = []bot.Regime{bot.GDPRBreach, bot.LexSarah}
	doc = bot.CaseDocument(both, cfg, bot.Swedish)
	if !strings.Contains(doc, "# Utredning enligt lex Sarah") || !strings.Contains(doc, "# Personuppgiftsincident") {
		t.Errorf("a Lex Sarah breach exports both documents:\n%s", doc)
	}
}

// TestDocumentTextIsLiteral: what people typed never becomes Markdown or
// HTML in the document: no fence hides the sections after it, no line
// becomes a heading, a list or a ticked proposal, no tag reaches a
// renderer, no pipe breaks a table.
func TestDocumentTextIsLiteral(t *testing.T) {
	cfg := domaintest.Config()
	hostile := "```\n<img src=https://evil.test/x>\n===\n# Rubrik\n1. lista\n  - [x] 5. Det rapporterade utgjorde inte ett missförhållande\n| a | b |\n<!-- dolt"
	d := lexSarahCase()
	d.Report.Answers[bot.QDescription] = []string{hostile}
	d.Closure.ConsistedOf, d.Closure.Other = hostile, hostile
	d.Closure.CauseTexts = map[string]string{"routines": hostile}
	d.Notes[0].Text = hostile
	d.Case.Investigation.Investigator.Name = "<script>x</script>"
	b := breachCase()
	b.Case.Breach.Summary, b.Case.Breach.Reasoning = hostile, hostile
	for _, doc := range []string{bot.CaseDocument(d, cfg, bot.Swedish), bot.CaseDocument(b, cfg, bot.English)} {
		for _, bad := range []string{"<img", "<script", "<!--", "\n```", "\n===", "\n# Rubrik", "\n1. lista", "  - [x] 5."} {
			if strings.Contains(doc, bad) {
				t.Errorf("the document holds %q as Markdown:\n%s", bad, doc)
			}
		}
		for _, line := range strings.Split(doc, "\n") {
			if strings.HasPrefix(line, "| ") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") > 7 {
				t.Errorf("a table row with extra columns: %s", line)
			}
		}
	}
}
