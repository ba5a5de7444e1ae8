package classify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot"
)

// maxRationale is the longest rationale kept, in characters.
const maxRationale = 300

// systemPrompt explains the task; the report itself is the only other
// message. The category and regime definitions follow DOMAIN.md.
var systemPrompt = `You help coordinators in Swedish public-sector workplaces (social services, municipal labour-market units "jobbtorg", prison and probation, police, LSS homes, schools) triage incident reports. You SUGGEST; a person decides. The report is in Swedish or English and may lack å/ä/ö. Personal data has been replaced by placeholders such as [NAMN], [PERSONNUMMER], [TELEFON], [E-POST], [SLACK].

Categories (pick exactly one):
- personal_data: personuppgiftsincident – personal data sent to the wrong recipient, misdirected scan, e-mail or print, lost or stolen device or papers, data exposed.
- harassment: trakasserier, ofredande, sexual harassment, degrading treatment, bullying.
- threat_violence: hot och våld – someone threatened, hurt or tried to hurt someone.
- confidentiality: leak of internal or confidential information, unauthorised look-ups in registers (otillåten slagning), improper relationships with clients.
- care_quality: missförhållande in a service to an individual (social services, LSS, SiS, home care): missing routines, neglect, wrong treatment or medication, decisions not carried out.
- work_environment: olycka, tillbud – accident, injury, near miss, unhealthy conditions at work.
- other: anything else, e.g. facilities, IT, questions.

Severity: low, medium, high or critical (critical: weapon, death threat, someone in danger now, serious injury, protected identity exposed).

Regimes that may apply (zero or more):
- lex_sarah: a missförhållande or påtaglig risk of one in a social-services, SiS or LSS service to an individual.
- gdpr_breach: personal data exposed, lost or sent to the wrong recipient.
- work_environment_serious: serious accident or near miss, serious threats or violence (knife, firearm, death threats meant seriously).
- police_report: a crime such as threats against an official, assault, ofredande, unauthorised data access.

Answer with one JSON object and nothing else, with exactly these keys: "category", "severity", "regimes" (array), "confidence" (a number from 0 to 1), "rationale" (one or two sentences in English, at most 300 characters, without names or other personal data).`

// answerSchema is the JSON schema of the answer, built from the contract's
// ids so that it cannot drift from them. Strict structured outputs accept
// no maxLength, so the rationale's limit is in its description and
// enforced on receipt.
var answerSchema = func() json.RawMessage {
	enum := func(ids ...string) map[string]any { return map[string]any{"type": "string", "enum": ids} }
	var cats []string
	for _, c := range bot.Categories {
		cats = append(cats, string(c.ID))
	}
	schema := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"category": enum(cats...),
			"severity": enum(string(bot.Low), string(bot.Medium), string(bot.High), string(bot.Critical)),
			"regimes": map[string]any{"type": "array", "items": enum(string(bot.LexSarah), string(bot.GDPRBreach),
				string(bot.WorkEnvironmentSerious), string(bot.PoliceReport))},
			"confidence": map[string]any{"type": "number", "minimum": 0, "maximum": 1},
			"rationale":  map[string]any{"type": "string", "description": "At most 300 characters; no names or personal data."},
		},
		"required":             []string{"category", "severity", "regimes", "confidence", "rationale"},
		"additionalProperties": false,
	}
	b, err := json.Marshal(schema) // map keys marshal sorted: a stable request
	if err != nil {
		panic(err)
	}
	return b
}()

// answer is the model's reply; pointers tell a missing key from a zero.
type answer struct {
	Category   *bot.Category `json:"category"`
	Severity   *bot.Severity `json:"severity"`
	Regimes    *[]bot.Regime `json:"regimes"`
	Confidence *float64      `json:"confidence"`
	Rationale  *string       `json:"rationale"`
}

// errBadAnswer marks a reply outside the schema.
var errBadAnswer = errors.New("answer outside the schema")

// parseAnswer checks content against the schema, strictly: a server in
// JSON mode enforces nothing, so this is where the schema holds.
func parseAnswer(content string) (bot.Suggestion, error) {
	dec := json.NewDecoder(strings.NewReader(content))
	dec.DisallowUnknownFields()
	var a answer
	if err := dec.Decode(&a); err != nil {
		return bot.Suggestion{}, fmt.Errorf("%w: not the JSON object asked for", errBadAnswer)
	}
	if dec.More() {
		return bot.Suggestion{}, fmt.Errorf("%w: more than one JSON value", errBadAnswer)
	}
	switch {
	case a.Category == nil || a.Severity == nil || a.Regimes == nil || a.Confidence == nil || a.Rationale == nil:
		return bot.Suggestion{}, fmt.Errorf("%w: a key is missing", errBadAnswer)
	case !a.Category.Valid():
		return bot.Suggestion{}, fmt.Errorf("%w: unknown category", errBadAnswer)
	case !a.Severity.Valid():
		return bot.Suggestion{}, fmt.Errorf("%w: unknown severity", errBadAnswer)
	case *a.Confidence < 0 || *a.Confidence > 1:
		return bot.Suggestion{}, fmt.Errorf("%w: confidence outside 0..1", errBadAnswer)
	}
	s := bot.Suggestion{Category: *a.Category, Severity: *a.Severity, Confidence: *a.Confidence, Regimes: []bot.Regime{}}
	for _, r := range *a.Regimes {
		if !r.Valid() {
			return bot.Suggestion{}, fmt.Errorf("%w: unknown regime", errBadAnswer)
		}
		if !slices.Contains(s.Regimes, r) {
			s.Regimes = append(s.Regimes, r)
		}
	}
	if r := truncate(strings.TrimSpace(*a.Rationale), maxRationale); r != "" {
		s.Cues = []string{r}
	}
	return s, nil
}

// truncate cuts s to at most n characters, on a rune boundary.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// schemaRejection reports whether an error body says the server does not
// support the json_schema response format, as older vLLM, Ollama and
// Azure API versions answer.
func schemaRejection(body []byte) bool {
	b := bytes.ToLower(body)
	return bytes.Contains(b, []byte("response_format")) || bytes.Contains(b, []byte("json_schema")) ||
		bytes.Contains(b, []byte("structured output"))
}
