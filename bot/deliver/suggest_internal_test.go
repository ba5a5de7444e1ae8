package deliver

import (
	"slices"
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

// TestPeopleAnswersStayHome: in every category, an answer that names
// people is left out of the model's text and its names are redacted from
// the rest; where it happened and which system stay in.
func TestPeopleAnswersStayHome(t *testing.T) {
	for _, info := range bot.Categories {
		a := bot.Answers{bot.QDescription: {"Beskrivning"}, bot.QWhere: {"Receptionen"}, bot.QCOSystem: {"Journalsystemet"}}
		var people []string
		for _, q := range bot.QuestionsFor(info.ID) {
			if slices.Contains(peopleQuestions, q.ID) {
				a[q.ID] = []string{"Zelda " + q.ID}
				people = append(people, q.ID)
			}
		}
		text := modelText(info.ID, a)
		if strings.Contains(text, "Zelda") || !strings.Contains(text, "Receptionen") {
			t.Errorf("%s: modelText = %q", info.ID, text)
		}
		if info.ID == bot.Confidentiality && !strings.Contains(text, "Journalsystemet") {
			t.Errorf("%s: the system is left out: %q", info.ID, text)
		}
		if len(people) > 0 && !slices.Contains(typedNames(info.ID, a), "Zelda") {
			t.Errorf("%s: a name typed in %v is not redacted", info.ID, people)
		}
	}
	for _, id := range []string{bot.QPDRecipient, bot.QCORiskHow, bot.QCOBeforeWhat, bot.QCQWho, bot.QWEWho} {
		if !slices.Contains(peopleQuestions, id) {
			t.Errorf("%s names people but is sent", id)
		}
	}
}
