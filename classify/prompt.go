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

Severity (read the report as a careful coordinator would on arrival; between two levels take the higher one – a person can lower it, a missed deadline cannot be undone):
- critical: someone in danger now or the threat still present; a weapon used or shown, or a death threat meant seriously; a serious injury (death, fracture, unconsciousness, serious burn, electric shock, admitted to hospital); a protected identity or address exposed; serious harm or an obvious risk of it to a client's life or health; sensitive data about over 100 people out of the organisation.
- high: violence without serious injury; threats of harm against a person, their home or family; an injury needing medical care or sick leave; a near miss that could have led to a serious injury; sexual, repeated or ongoing harassment, stalking; sensitive data (health, criminal records, social-services files, identity numbers) with someone not entitled to it and not taken back at once, or client data outside the organisation; an unauthorised look-up; information leaked to a client or outsider; a care shortcoming that harmed someone.
- medium: a vague threat, aggressive behaviour, a single harassing remark; ordinary data (names, e-mail addresses) to a wrong recipient, or any data to a wrong recipient inside the organisation who deleted it at once; a care shortcoming without harm; a minor injury; a near miss that could only have caused a minor injury.
- low: nobody harmed and nobody at risk: questions, suggestions, premises, equipment, small near misses.

Regimes (include every one that may apply, none when none does):
- lex_sarah: a service to an individual under social services, LSS or SiS (elderly and home care, group homes, HVB, daily activities, case work, a labour-market unit under the social services act) harmed or put at risk an individual it is for: a care shortcoming, staff mistreating a client, harassment or violence between or against clients, a client's sensitive data or protected address leaving the service. Never the police, prison and probation or schools; not matters concerning only staff.
- gdpr_breach: personal data about identifiable people exposed, lost, sent or shown to the wrong recipient, looked up without a need, or disclosed.
- work_environment_serious: death; injuries serious by their kind (fractures, amputations, serious burns, unconsciousness, electricity, violence with a weapon); several injured at once; a near miss that could have led to any of these; serious threats and violence against staff (a weapon, a death threat meant seriously, physical violence, a threat against the home or family, severe or sexual harassment by clients).
- police_report: a crime: threats against someone at work, violence, ofredande and sexual ofredande, stalking, unauthorised look-ups (dataintrång), a deliberate breach of confidentiality, theft, bribery, fraud, abuse of a client. Not accidents, mistakes or rudeness without a threat.

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
