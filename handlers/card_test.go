package handlers

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/classify"
	"github.com/slack-go/slack"
)

// TestSourceName checks that the card tells coordinators which classifier
// made a suggestion, including a learned guess and a failed model call.
func TestSourceName(t *testing.T) {
	for source, want := range map[string]string{
		"rules":                           "rules",
		classify.SourceLearned:            "rules – from learned words",
		"llm:gpt-4o-mini":                 "language model",
		"rules (llm failed: timeout)":     "rules – the language model did not answer",
		"rules (learned) (llm failed: x)": "rules – the language model did not answer",
	} {
		if got := sourceName(source, bot.English); got != want {
			t.Errorf("sourceName(%q) = %q, want %q", source, got, want)
		}
	}
}

// TestCardOffersWhatTheStatusAllows: the card's buttons follow the state
// machine, so a button never leads to a refusal for the case's status.
func TestCardOffersWhatTheStatusAllows(t *testing.T) {
	for st, want := range map[bot.Status][]string{
		bot.StatusNew:          {actAck, actAssign, actEscalate, actNote, actNotify, actAsk, actDetails, actHold, actClose},
		bot.StatusAcknowledged: {actAssign, actEscalate, actNote, actNotify, actAsk, actDetails, actHold, actClose},
		bot.StatusEscalated:    {actAck, actAssign, actNote, actNotify, actAsk, actDetails, actHold, actClose},
		bot.StatusClosed:       {actNote, actNotify, actDetails, actHold},
	} {
		var got []string
		for _, el := range caseActions(bot.Case{ID: "INC-2026-0001", Status: st}, bot.Swedish).Elements.ElementSet {
			switch e := el.(type) {
			case *slack.ButtonBlockElement:
				got = append(got, e.ActionID)
			case *slack.SelectBlockElement:
				got = append(got, e.ActionID)
			}
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("%s: buttons (-got +want):\n%s", st, diff)
		}
	}
}
