package handlers

import (
	"testing"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/classify"
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
