package classify

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
)

// fixed suggests one category whatever the text: a stateless fake.
type fixed bot.Category

func (f fixed) Classify(context.Context, bot.ClassifyInput) (bot.Suggestion, error) {
	return bot.Suggestion{Category: bot.Category(f), Source: "fixed"}, nil
}

func TestEvaluateTable(t *testing.T) {
	in := `{"text": "Han hotade mig", "category": "threat_violence"}

{"text": "Kaffet är slut", "category": "other", "note": "extra keys are fine"}
{"text": "Halkade", "category": "work_environment"}
`
	var out bytes.Buffer
	acc, err := Evaluate(context.Background(), fixed(bot.Other), strings.NewReader(in), &out)
	if err != nil {
		t.Fatal(err)
	}
	want := `  true \ suggested  pdata  haras  threat  confid  care  workenv  other  n  recall
     personal_data      0      0       0       0     0        0      0  0       -
        harassment      0      0       0       0     0        0      0  0       -
   threat_violence      0      0       0       0     0        0      1  1    0.00
   confidentiality      0      0       0       0     0        0      0  0       -
      care_quality      0      0       0       0     0        0      0  0       -
  work_environment      0      0       0       0     0        0      1  1    0.00
             other      0      0       0       0     0        0      1  1    1.00
source: fixed 3
correct: 1 of 3
accuracy: 0.33
`
	if diff := cmp.Diff(out.String(), want); diff != "" {
		t.Errorf("output (-got +want):\n%s", diff)
	}
	if acc < 0.333 || acc > 0.334 {
		t.Errorf("accuracy %v", acc)
	}
}

// suggests answers with one suggestion whatever the text.
type suggests bot.Suggestion

func (s suggests) Classify(context.Context, bot.ClassifyInput) (bot.Suggestion, error) {
	return bot.Suggestion(s), nil
}

// TestEvaluateSeverityAndRegimes: a set labelling severities and regimes
// gets the contract's lines, before the accuracy, which stays last.
func TestEvaluateSeverityAndRegimes(t *testing.T) {
	in := `{"text": "a", "category": "other", "severity": "high", "regimes": ["police_report"]}
{"text": "b", "category": "other", "severity": "medium", "regimes": []}
{"text": "c", "category": "other", "severity": "critical", "regimes": ["police_report", "work_environment_serious"]}
{"text": "d", "category": "other", "severity": "low"}
`
	c := suggests{Category: bot.Other, Severity: bot.Medium, Regimes: []bot.Regime{bot.PoliceReport}, Source: "fixed"}
	var out bytes.Buffer
	if _, err := Evaluate(context.Background(), c, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	// medium against high (under, within one), medium (exact), critical
	// (under by two), low (over, within one).
	want := `source: fixed 4
severity: exact 0.25 within-one 0.75 under 0.50
regime lex_sarah: precision 1.00 recall 1.00
regime gdpr_breach: precision 1.00 recall 1.00
regime work_environment_serious: precision 1.00 recall 0.00
regime police_report: precision 0.67 recall 1.00
correct: 4 of 4
accuracy: 1.00
`
	if got := out.String(); !strings.HasSuffix(got, want) {
		t.Errorf("output ends:\n%s\nwant:\n%s", got[strings.Index(got, "source:"):], want)
	}
	if _, err := Evaluate(context.Background(), c, strings.NewReader(`{"text": "a", "category": "other", "severity": "huge"}`), &out); err == nil || !strings.Contains(err.Error(), `unknown severity "huge"`) {
		t.Errorf("an unknown severity: %v", err)
	}
	if _, err := Evaluate(context.Background(), c, strings.NewReader(`{"text": "a", "category": "other", "regimes": ["tax"]}`), &out); err == nil || !strings.Contains(err.Error(), `unknown regime "tax"`) {
		t.Errorf("an unknown regime: %v", err)
	}
}

// TestEvaluateUnitOutsideLexSarah: a line whose unit is outside Lex Sarah
// is measured as the bot suggests for it, without lex_sarah; a line
// without unit_lex_sarah, or with it true, as the suggestion comes.
func TestEvaluateUnitOutsideLexSarah(t *testing.T) {
	in := `{"text": "a", "category": "care_quality", "severity": "high", "regimes": ["lex_sarah"]}
{"text": "b", "category": "care_quality", "severity": "high", "regimes": [], "unit_lex_sarah": false}
{"text": "c", "category": "care_quality", "severity": "high", "regimes": [], "unit_lex_sarah": true}
{"text": "d", "category": "care_quality", "severity": "high", "regimes": ["lex_sarah"], "unit_lex_sarah": false}
`
	c := suggests{Category: bot.CareQuality, Severity: bot.High, Regimes: []bot.Regime{bot.LexSarah, bot.PoliceReport}, Source: "fixed"}
	var out bytes.Buffer
	if _, err := Evaluate(context.Background(), c, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	// a is right, b's suggestion loses it, c keeps it (a false positive),
	// d labels what its unit cannot have: a miss, and it says so.
	for _, want := range []string{
		"regime lex_sarah: precision 0.50 recall 0.50\n",
		"regime police_report: precision 0.00 recall 1.00\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if _, err := Evaluate(context.Background(), c, strings.NewReader(`{"text": "a", "category": "other", "unit_lex_sarah": "no"}`), &out); err == nil {
		t.Error("unit_lex_sarah that is not true or false was read")
	}
}

func TestEvaluateInvalidSuggestion(t *testing.T) {
	var out bytes.Buffer
	in := `{"text": "x", "category": "other"}`
	if _, err := Evaluate(context.Background(), fixed("violence"), strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "  ?  ") || !strings.HasSuffix(out.String(), "accuracy: 0.00\n") {
		t.Errorf("want a ? column and accuracy 0.00:\n%s", out.String())
	}
}

func TestEvaluateBadInput(t *testing.T) {
	for name, tt := range map[string]struct{ in, want string }{
		"not json":         {"{\"text\": \"a\", \"category\": \"other\"}\n\nnot json\n", "line 3"},
		"unknown category": {`{"text": "a", "category": "violence"}`, `line 1: unknown category "violence"`},
		"no text":          {`{"category": "other"}`, "line 1: no text"},
		"empty":            {"\n\n", "empty"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Evaluate(context.Background(), NewRules(), strings.NewReader(tt.in), &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
