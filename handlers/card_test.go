package handlers

import (
	"slices"
	"testing"
	"time"

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
		bot.StatusNew:          {actAck, actAssign, actEscalate, actNote, actNotify, actAsk, actInvestigate, actDetails, actExport, actHold, actClose},
		bot.StatusAcknowledged: {actAssign, actEscalate, actNote, actNotify, actAsk, actInvestigate, actDetails, actExport, actHold, actClose},
		bot.StatusEscalated:    {actAck, actAssign, actNote, actNotify, actAsk, actInvestigate, actDetails, actExport, actHold, actClose},
		bot.StatusClosed:       {actNote, actNotify, actDetails, actExport, actHold},
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
	// A breach offers its record; a started investigation is changed by
	// the same button under another name; a culled case offers neither,
	// nor the export.
	started := bot.Case{ID: "INC-2026-0001", Status: bot.StatusAcknowledged, Regimes: []bot.Regime{bot.GDPRBreach},
		Investigation: &bot.Investigation{}}
	ids, labels := actionsOf(caseActions(started, bot.Swedish))
	if !slices.Contains(ids, actBreach) || !slices.Contains(labels, itxt.ActInvestigation.SV) {
		t.Errorf("breach with an investigation: %v %v", ids, labels)
	}
	culled := bot.Case{ID: "INC-2026-0001", Status: bot.StatusClosed, Regimes: []bot.Regime{bot.GDPRBreach}, CulledAt: time.Now()}
	if ids, _ := actionsOf(caseActions(culled, bot.Swedish)); slices.Contains(ids, actExport) || slices.Contains(ids, actBreach) {
		t.Errorf("culled: %v", ids)
	}
}

func actionsOf(b *slack.ActionBlock) (ids, labels []string) {
	for _, el := range b.Elements.ElementSet {
		if e, ok := el.(*slack.ButtonBlockElement); ok {
			ids, labels = append(ids, e.ActionID), append(labels, e.Text.Text)
		}
	}
	return ids, labels
}
