package deliver

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
)

func TestTypedNames(t *testing.T) {
	a := bot.Answers{
		bot.QTVBy:          {"Brukaren Kalle's bror, Anna-Karin O'Brien"},
		bot.QTVAgainst:     {"mig och Åsa Ek, inte A B"},
		bot.QInvolvedOther: {"en väktare; Kalle igen"},
		bot.QDescription:   {"Ingen Här Räknas"},
		bot.QActions:       {"Larmade Polisen"},
	}
	want := []string{"Brukaren", "Kalle's", "Kalle", "Anna-Karin", "O'Brien", "Brien", "Åsa", "Ek"}
	if diff := cmp.Diff(typedNames(bot.ThreatViolence, a), want); diff != "" {
		t.Errorf("typedNames (-got +want):\n%s", diff)
	}
	if got, want := modelText(bot.ThreatViolence, a), "Ingen Här Räknas\nLarmade Polisen"; got != want {
		t.Errorf("modelText = %q, want %q", got, want)
	}
	if got := bot.ReportText(bot.ThreatViolence, a); !strings.Contains(got, "Kalle's") || !strings.Contains(got, "väktare") {
		t.Errorf("ReportText = %q, want every text answer", got)
	}
}
