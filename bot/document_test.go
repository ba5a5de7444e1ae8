package bot_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestInvestigationDocument(t *testing.T) {
	cfg := domaintest.Config()
	cfg.Units[0].Act, cfg.Units[0].Committee = "Socialtjänstlagen (SoL)", "Socialnämnden"
	at := time.Date(2026, 11, 2, 9, 15, 0, 0, cfg.Location())
	d := bot.Details{
		Case: bot.Case{ID: "INC-2026-0042", Status: bot.StatusClosed, Category: bot.CareQuality, Severity: bot.High, Regimes: []bot.Regime{bot.LexSarah},
			Unit: "jobbtorg", Reporter: "UREP", Assignee: "UINV", CreatedAt: at, OccurredAt: at.Add(-48 * time.Hour),
			DiscoveredAt: at.Add(-2 * time.Hour), AckAt: at.Add(3 * time.Hour), Decision: bot.DecisionSeriousRisk,
			Notifications: []bot.Notification{{Authority: bot.AuthorityIVO, At: at.Add(100 * time.Hour), Reference: "3.1.1-4711/2026",
				By: bot.Signature{User: "UHEAD1", Name: "Alex Lind", Title: "Enhetschef"}}}},
		Report: bot.Report{Answers: bot.Answers{
			bot.QDescription: {"Brukaren fick inte sin medicin under helgen.\nRutinen för överlämning saknades."},
			bot.QActions:     {"Kontaktade sjuksköterska."}, bot.QCQService: {"Hemtjänst | natt"}, bot.QCQHarm: {"risk"}, bot.QCQBefore: {bot.Yes},
			bot.QInvolved: {"UPERSON"},
		}},
		Notes: []bot.Note{
			{Number: 1, At: at.Add(24 * time.Hour), By: bot.Signature{User: "UINV", Name: "Kim Berg", Title: "Utredare"},
				Text: "Samtal med personal på nattpasset.", Source: "Intervju", Kind: bot.NoteFact, Attachment: "Bilaga 1"},
			{Number: 2, At: at.Add(48 * time.Hour), By: bot.Signature{User: "UINV", Name: "Kim Berg", Title: "Utredare"},
				Text: "Risken bedöms som påtaglig.", Source: "Egen bedömning", Kind: bot.NoteAssessment},
		},
		Closure: &bot.Closure{Decision: bot.DecisionSeriousRisk, RootCauses: []string{"routines", "communication"},
			RootCauseText: "Överlämningen mellan pass var muntlig.", ActionsTaken: "Skriftlig överlämning infördes.",
			ActionsAt: at.Add(72 * time.Hour), ActionsPlanned: "Utbildning för all personal.", FollowUp: "Stickprov om tre månader.",
			RegistryNumber: "SN 2026/123", CommitteeInformedAt: at.Add(96 * time.Hour), IVONotifiedAt: at.Add(100 * time.Hour),
			ClosedBy: bot.Signature{User: "UHEAD1", Name: "Alex Lind", Title: "Enhetschef"}, ClosedAt: at.Add(100 * time.Hour)},
	}
	for _, l := range []bot.Lang{bot.Swedish, bot.English} {
		got := bot.InvestigationDocument(d, cfg, l)
		path := filepath.Join("testdata", "investigation."+string(l)+".md")
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, string(want)); diff != "" {
			t.Errorf("%s document (-got +want):\n%s", l, diff)
		}
		if strings.Contains(got, "UPERSON") || strings.Contains(got, "UREP") {
			t.Error("the document names the reporter or the people involved by Slack id")
		}
	}
	sections := []string{"## 1.", "## 2.", "## 3.", "## 4.", "## 5.", "## 6.", "## 7."}
	doc := bot.InvestigationDocument(d, cfg, bot.Swedish)
	last := -1
	for _, s := range sections {
		i := strings.Index(doc, s)
		if i < last {
			t.Errorf("section %s out of order", s)
		}
		last = i
	}
}
