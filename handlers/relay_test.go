package handlers

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
)

func TestParseAnswerValue(t *testing.T) {
	for v, want := range map[string]bool{
		"INC-2026-0001|0": true, "INC-2026-0001|12": true,
		"INC-2026-0001": false, "INC-2026-0001|": false, "INC-2026-0001|-1": false, "INC-2026-0001|x": false, "|1": true,
		"INC-2026-0001|99999999999": false,
	} {
		if _, _, ok := parseAnswerValue(v); ok != want {
			t.Errorf("parseAnswerValue(%q) ok = %v, want %v", v, ok, want)
		}
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(string(b))
}

// TestRelayTextsEscapeAndNameNoOne: the question, the answer and the
// feedback are the user's text, escaped; nothing names a handler to the
// reporter.
func TestRelayTextsEscapeAndNameNoOne(t *testing.T) {
	c := bot.Case{ID: "INC-2026-0001", Reporter: bot.AnonymousReporter, Status: bot.StatusAcknowledged}
	q := bot.Message{Number: 1, By: "UCOORD1", Text: "<!channel> *vem*?"}
	for name, m := range map[string]message{
		"question": questionMessage(c, q, bot.Swedish),
		"closed":   reporterNews(c, bot.EventClosed, "<https://evil|klicka> & klart", bot.Swedish),
	} {
		s := jsonOf(t, m.Blocks)
		if strings.Contains(s, "<!channel>") || strings.Contains(s, "<https://evil") || strings.Contains(s, "UCOORD1") {
			t.Errorf("%s: unescaped or names the handler:\n%s", name, s)
		}
	}
	if s := jsonOf(t, questionMessage(c, q, bot.Swedish).Blocks); !strings.Contains(s, "anonymt") || !strings.Contains(s, `"INC-2026-0001|1"`) {
		t.Errorf("the question to an anonymous reporter:\n%s", s)
	}
	if s := jsonOf(t, handlerMessage(c, bot.Message{Number: 2, FromReporter: true, InReplyTo: 1, Text: "hemligt"}, bot.Swedish).Blocks); strings.Contains(s, "hemligt") {
		t.Errorf("the handler's message holds the answer:\n%s", s)
	}
}

// TestThreatAdviceAvoidsAnImplicatedLine: "talk to your manager" is not
// said to someone whose reporting line is involved.
func TestThreatAdviceAvoidsAnImplicatedLine(t *testing.T) {
	c := bot.Case{ID: "INC-2026-0001", Category: bot.ThreatViolence}
	if s := jsonOf(t, doneView(c, bot.Swedish).Blocks); !strings.Contains(s, "din chef") {
		t.Errorf("usual route: %s", s)
	}
	c.ReportingLine = true
	if s := jsonOf(t, doneView(c, bot.Swedish).Blocks); strings.Contains(s, "din chef ") || !strings.Contains(s, "utanför din chefslinje") {
		t.Errorf("line involved: %s", s)
	}
}
