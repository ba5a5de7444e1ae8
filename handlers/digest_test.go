package handlers

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/internal/golden"
)

// sampleDigest is one manager's week with something in every part.
func sampleDigest() (digest.Digest, *bot.Config) {
	loc, _ := time.LoadLocation("Europe/Stockholm")
	cfg := &bot.Config{Timezone: loc, Units: []bot.Unit{{ID: "a", Name: "Jobbtorg Skärholmen"}, {ID: "b", Name: "LSS-boende <Solrosen>"}}}
	d := digest.Digest{
		Manager: "UMGR1", Week: "2026-W47", Late: true, AsOf: time.Date(2026, 11, 23, 10, 15, 0, 0, loc),
		Units:    []string{"Jobbtorg Skärholmen", "LSS-boende <Solrosen>"},
		New:      map[bot.Category]int64{bot.PersonalData: 3, bot.ThreatViolence: 1, bot.CareQuality: 2},
		LastWeek: map[bot.Category]int64{bot.PersonalData: 1, bot.Harassment: 2},
		Avg4:     map[bot.Category]float64{bot.PersonalData: 2.25, bot.Harassment: 0.5, bot.CareQuality: 1},
		Open: bot.OpenStats{ByStatus: map[bot.Status]int64{bot.StatusNew: 2, bot.StatusAcknowledged: 5, bot.StatusEscalated: 1},
			ByAge: [4]int64{3, 2, 2, 1}, AckOverdue: 1, ClocksMissed: 1, ClocksDue: 2},
		Closed: map[bot.Decision]int64{bot.DecisionSeriousRisk: 1, bot.DecisionResolved: 3},
		IVO:    1, IMY: 2, AckMedian: 8, CloseMedian: 168, Suggestions: 5, Agreed: 4,
	}
	for i := range 8 {
		d.Chart = append(d.Chart, digest.WeekCounts{Week: "2026-W4" + string(rune('0'+i)), Counts: map[bot.Category]int64{bot.Other: int64(i)}})
	}
	return d, cfg
}

func TestDigestGolden(t *testing.T) {
	d, cfg := sampleDigest()
	for _, l := range []bot.Lang{bot.Swedish, bot.English} {
		blocks, _ := json.MarshalIndent(digestMessage(d, cfg, l).Blocks, "", "  ")
		got := string(blocks) + "\n---\n" + DigestText(d, cfg, l)
		golden.Check(t, filepath.Join("testdata", "digest."+string(l)+".golden"), got)
		if strings.Contains(string(blocks), "<Solrosen>") {
			t.Error("a unit name reaches mrkdwn unescaped")
		}
	}
}

func TestDigestFitsBlockKit(t *testing.T) {
	d, cfg := sampleDigest()
	for _, list := range [][]bot.DecisionInfo{bot.LexSarahDecisions, bot.OtherDecisions} {
		for _, info := range list {
			d.Closed[info.ID] = 999999
		}
	}
	for _, info := range bot.Categories {
		d.New[info.ID], d.LastWeek[info.ID], d.Avg4[info.ID] = 999999, 999999, 999999.75
	}
	for i := range 200 {
		d.Units = append(d.Units, strings.Repeat("Å", 70)+string(rune('a'+i%26)))
	}
	for _, l := range []bot.Lang{bot.Swedish, bot.English} {
		checker{t, "digest"}.message(digestMessage(d, cfg, l))
	}
	if got := number(2.25, bot.Swedish); got != "2,2" && got != "2,3" {
		t.Errorf("number = %s", got)
	}
	if got := hours(168, bot.English); got != "≤ 7 days" {
		t.Errorf("hours(168) = %s", got)
	}
}
