// Package classify suggests a category, severity and regimes for a report:
// offline rules that always work, and a language model behind an
// OpenAI-compatible API that falls back to the rules. It also removes
// personal data from text before it leaves the process, and measures a
// classifier against a labelled set.
package classify

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
)

// minScore is the score from which a suggestion counts as sure rather
// than a guess, for its confidence.
const minScore = 2

// otherPrior is what "other" scores before any cue: a category needs more
// than that to be suggested, but a little evidence is enough when nothing
// speaks for "other". One context word alone ("brukare", 1.5) tips it.
const otherPrior = 1

// quietPrior replaces otherPrior when nothing speaks for "other", no cue
// of its own and no question: a report that names nothing else but has a
// word for a category is more likely that category than small talk.
const quietPrior = 0.5

// questionWeight is what a question mark adds to "other": 68 of the 114
// "other" reports in the labelled and development sets ask something, and
// none of the others does, but a frightened "vad ska jag göra?" must not
// outweigh real cues.
const questionWeight = 1.5

// contextCap is the most that a category's settings ("brukare",
// "hemtjänst", "äldreboende") add together: three of them say no more
// about what happened than one.
const contextCap = 2

// numCategories is len(bot.Categories), as an array length.
const numCategories = 7

// maxConcepts bounds len(concepts), so a scan's lists fit in an array.
const maxConcepts = 96

// maxCues caps the cues a suggestion lists: enough to see why.
const maxCues = 12

// Rules classifies by weighted Swedish and English cues and by concepts
// that count together. It needs no network and is deterministic; the zero
// value is not usable, call NewRules.
type Rules struct {
	m      *matcher
	combos []combo
	rules  []compiledRule
	other  int // index of bot.Other in categoryCues
	// justice and social are the concepts of noLexSarah.
	justice, social int
	// noharm and calm are the concepts of a report that says nothing
	// happened and of calmSigns.
	noharm, noevent int
	calm, query     []int
	noEvent         []int // the concepts of noEventSigns
	// peer, atstaff, notsocial and setting are the concepts of
	// lexSarahWho; staffOnClient is its staff member before a client.
	peer, atstaff, notsocial int
	weapon                   int // a weapon keeps violence between clients serious for staff
	setting                  []int
	staffOnClient            combo
	// insider and erased are the concepts of contained.
	insider, erased int
	// lookup and left are the concepts of lookupOnly.
	lookup    int
	left      []int
	neverleft int // the concept of neverLeft
	// nonames and sensitive are the concepts of noNames.
	nonames, sensitive int
}

var _ bot.Classifier = (*Rules)(nil)

// combo is one compiled entry of the combinations in concepts.go.
type combo struct {
	cat    int
	weight float64
	a, b   int // concept indexes; b < 0 when a counts alone
	unless int // concept index that stops it anywhere in the report, or -1
	span   int
	order  bool
}

// NewRules compiles the cue tables, the concepts and their combinations.
func NewRules() *Rules {
	if len(concepts) > maxConcepts {
		panic("classify: too many concepts")
	}
	m := new(matcher)
	for ci, t := range categoryCues {
		for _, d := range t.cues {
			m.add(d.pattern, t.negatable, cue{effect: effCategory, cat: ci, weight: d.weight})
		}
	}
	names := map[string]int{}
	for ki, k := range concepts {
		names[k.name] = ki
		for _, p := range k.patterns {
			m.add(p, k.negatable, cue{effect: effConcept, concept: ki})
		}
	}
	for _, s := range severityCues {
		for _, p := range s.patterns {
			m.add(p, true, cue{effect: effSeverity, sev: s.severity})
		}
	}
	for _, p := range lowCues {
		m.add(p, false, cue{effect: effLow})
	}
	for ri, rc := range regimeCues {
		for _, p := range rc.patterns {
			m.add(p, true, cue{effect: effRegime, regime: ri})
		}
	}
	concept := func(name string) int {
		ki, ok := names[name]
		if !ok {
			panic(fmt.Sprintf("classify: unknown concept %q", name))
		}
		return ki
	}
	r := &Rules{m: m, rules: compileRules(concept), other: categoryIndex(bot.Other),
		justice: concept(noLexSarah.where), social: concept(noLexSarah.unless),
		noharm: concept("noharm"), noevent: concept("noevent"), calm: conceptList(concept, calmSigns),
		query: conceptList(concept, querySigns), noEvent: conceptList(concept, noEventSigns),
		peer: concept(lexSarahWho.peer), atstaff: concept(lexSarahWho.atstaff),
		notsocial: concept(lexSarahWho.notsocial), weapon: concept("weapon"), setting: conceptList(concept, lexSarahWho.setting),
		staffOnClient: combo{a: concept(lexSarahWho.staffdoer), b: concept(lexSarahWho.client), unless: -1,
			span: lexSarahWho.span, order: true},
		insider: concept(contained[0]), erased: concept(contained[1]),
		lookup: concept(lookupOnly.lookup), left: conceptList(concept, lookupOnly.left),
		neverleft: concept(neverLeft), nonames: concept(noNames.where), sensitive: concept(noNames.unless)}
	for _, d := range combinations {
		c := combo{cat: categoryIndex(d.cat), weight: d.weight, a: concept(d.a), b: -1, unless: -1,
			span: d.span, order: d.order}
		if d.b != "" {
			c.b = concept(d.b)
		}
		if d.unless != "" {
			c.unless = concept(d.unless)
		}
		if c.span == 0 {
			c.span = defaultSpan
		}
		r.combos = append(r.combos, c)
	}
	return r
}

func categoryIndex(c bot.Category) int {
	i := slices.IndexFunc(categoryCues, func(t categoryTable) bool { return t.category == c })
	if i < 0 {
		panic(fmt.Sprintf("classify: no cue table for %s", c))
	}
	return i
}

// Classify suggests a category, severity and regimes from in.Text.
func (r *Rules) Classify(_ context.Context, in bot.ClassifyInput) (bot.Suggestion, error) {
	return r.classify(in.Text), nil
}

// SourceLearned is the Source of a suggestion whose category the learned
// model decided where the hand-written rules could only guess.
const SourceLearned = "rules (learned)"

// classify is the rules' suggestion, with the learned model's category
// where the rules only guess, and its severity and regimes weighed by the
// weighing model (weigh.go).
func (r *Rules) classify(text string) bot.Suggestion {
	s := r.read(text)
	sug, _ := r.decide(s, learnedModel)
	r.weigh(s, &sug, weighingModel().predict(s.tokens, sug.Category), weighAt)
	return sug
}

// classifyWith is classify with the model that learned returns and
// without the weighing, and whether that model decided the category.
func (r *Rules) classifyWith(text string, learned func() *model) (bot.Suggestion, bool) {
	return r.decide(r.read(text), learned)
}

// decide is the suggestion for the report scanned in s, and whether the
// model that learned returns decided its category: only when the rules'
// confidence is at most guessConfidence and the model knows a feature of
// the text. The model is asked for only then, so that it is trained at
// the first guess. Where no cue of the text speaks for the model's
// category and the rules read another, the regimes are the rules' and
// the severity the higher of the two (the guidelines' case of a client
// found unconscious, which the model reads as violence, is in
// regimeCueCases).
func (r *Rules) decide(s *scan, learned func() *model) (bot.Suggestion, bool) {
	sug := r.suggest(s)
	if sug.Confidence > guessConfidence {
		return sug, false
	}
	m := learned()
	ci, posterior, ok := m.predict(m.known(s.tokens))
	if !ok {
		return sug, false
	}
	rules := sug
	sug = r.suggestion(s, ci, math.Round(learnedScale*posterior*100)/100)
	// No word of the text speaks for the model's category, and some for
	// the rules': the clocks follow what the text says, and the severity
	// is the higher of the two readings (a text's own cues can miss what
	// the model sees, as "slog" with a walker).
	textual := s.scores[ci] <= 0 && rules.Category != bot.Other
	if textual {
		sug.Regimes = rules.Regimes
		if rules.Severity.Rank() > sug.Severity.Rank() {
			sug.Severity = rules.Severity
		}
	}
	sug.Source = SourceLearned
	sug.Cues = m.cues(s.tokens, ci)
	cues := r.cuesFor(s, ci, false)
	if textual {
		cues = append(cues, r.cuesFor(s, categoryIndex(rules.Category), false)...)
	}
	for _, c := range cues {
		if !slices.Contains(sug.Cues, c) && len(sug.Cues) < maxCues {
			sug.Cues = append(sug.Cues, c)
		}
	}
	return sug, true
}

// suggest turns the scores into a suggestion: the best category when it
// scores more than "other", whose score starts at otherPrior; otherwise
// "other". Ties between the rest go to the category listed first in
// categoryCues.
func (r *Rules) suggest(s *scan) bot.Suggestion {
	best, second := -1, -1
	for i := range categoryCues {
		switch {
		case i == r.other:
		case best < 0 || s.scores[i] > s.scores[best]:
			best, second = i, best
		case second < 0 || s.scores[i] > s.scores[second]:
			second = i
		}
	}
	prior := float64(otherPrior)
	if s.scores[r.other] == 0 {
		prior = quietPrior
	}
	top, next := s.scores[best], max(s.scores[second], s.scores[r.other]+prior)
	if other := s.scores[r.other] + prior; top <= other {
		best, top, next = r.other, s.scores[r.other], s.scores[best]
	}
	sug := r.suggestion(s, best, confidence(top, next))
	sug.Cues = r.cuesFor(s, best, true)
	return sug
}

// suggestion is what follows from category ci for the report scanned in
// s: the category's default severity, lowered when nobody came to harm at
// work and raised by the severity cues, and its regimes with those the
// regime cues add for it. Cues are left to the caller.
func (r *Rules) suggestion(s *scan, ci int, conf float64) bot.Suggestion {
	cat := categoryCues[ci].category
	sug := bot.Suggestion{
		Category:   cat,
		Severity:   defaultSeverity[cat],
		Confidence: conf,
		Source:     "rules",
	}
	if cat == bot.WorkEnvironment && s.low && s.raise == "" {
		sug.Severity = bot.Low
	}
	if s.raise.Rank() > sug.Severity.Rank() {
		sug.Severity = s.raise
	}
	// A breach of hundreds of people's data is critical whatever else it
	// says.
	if (cat == bot.PersonalData || cat == bot.Confidentiality) && manyPeople(s.tokens) {
		sug.Severity = bot.Critical
	}
	cats := r.closeCategories(s, ci)
	add := func(rg bot.Regime) {
		if !slices.Contains(sug.Regimes, rg) {
			sug.Regimes = append(sug.Regimes, rg)
		}
	}
	for _, c := range cats {
		for _, rg := range defaultRegimes[c] {
			add(rg)
		}
	}
	for ri := range regimeCues {
		if s.regimes&(1<<ri) != 0 && slices.ContainsFunc(regimeCues[ri].only, func(c bot.Category) bool { return slices.Contains(cats, c) }) {
			add(regimeCues[ri].regime)
		}
	}
	for i := range r.rules {
		cr := &r.rules[i]
		switch {
		case cr.regime != "" && cr.applies(s, cats):
			add(cr.regime)
		case cr.sev != "" && cr.applies(s, cats[:1]) && cr.sev.Rank() > sug.Severity.Rank():
			sug.Severity = cr.sev
		}
	}
	r.temper(s, &sug)
	// What is critical at work is serious for the work environment
	// authority by definition: a serious injury, or a danger now.
	if cat == bot.WorkEnvironment && sug.Severity == bot.Critical {
		add(bot.WorkEnvironmentSerious)
	}
	slices.SortFunc(sug.Regimes, func(a, b bot.Regime) int { return regimeOrder(a) - regimeOrder(b) })
	return sug
}

// cuesFor lists the matched text that speaks for category ci, each once:
// "fel mottagare" and not also "mottagare", which a shorter cue found in
// it; then the combinations that counted for it, as "skickade + fel".
// When the rules did not decide ci (decided false), only the severity and
// regime cues are listed.
func (r *Rules) cuesFor(s *scan, ci int, decided bool) []string {
	var out []string
	for _, m := range s.matched {
		c := &r.m.cues[m.cue]
		switch {
		case c.effect == effCategory && (c.cat != ci || !decided),
			c.effect == effRegime && !slices.Contains(regimeCues[c.regime].only, categoryCues[ci].category),
			slices.ContainsFunc(out, func(s string) bool { return containsWords(s, m.text) }):
			continue
		}
		out = slices.DeleteFunc(out, func(s string) bool { return containsWords(m.text, s) })
		out = append(out, m.text)
	}
	if !decided {
		return out
	}
	for _, f := range s.fired {
		if r.combos[f.cue].cat == ci && !listed(out, f.text) {
			out = append(out, f.text)
		}
	}
	if s.question && ci == r.other {
		out = append(out, "?")
	}
	if len(out) > maxCues {
		out = out[:maxCues]
	}
	return out
}

// listed reports whether every part of a combination's text ("skickade +
// fel") is already in out, so that it would add nothing.
func listed(out []string, text string) bool {
	for part := range strings.SplitSeq(text, " + ") {
		if !slices.ContainsFunc(out, func(s string) bool { return containsWords(s, part) }) {
			return false
		}
	}
	return true
}

// containsWords reports whether the words of short appear in long.
func containsWords(long, short string) bool {
	for i := 0; i+len(short) <= len(long); {
		j := strings.Index(long[i:], short)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(short)
		if (j == 0 || long[j-1] == ' ') && (end == len(long) || long[end] == ' ') {
			return true
		}
		i = j + 1
	}
	return false
}

// confidence grows with the winning score and with its lead over the
// runner-up: a report full of threat words and nothing else is surer than
// one that scores nearly as well for harassment.
func confidence(top, next float64) float64 {
	if top < minScore {
		return 0.3 // a guess: little said what it is
	}
	strength := top / (top + 4)
	margin := max(top-next, 0) / top
	return math.Round(strength*(0.4+0.6*margin)*100) / 100
}

func regimeOrder(r bot.Regime) int {
	return slices.Index([]bot.Regime{bot.LexSarah, bot.GDPRBreach, bot.WorkEnvironmentSerious, bot.PoliceReport}, r)
}

// queryOpeners are how a report that is a question, a suggestion or a
// note for the record begins ("Fråga: …", "Suggestion: …", "Just for the
// record: …"): no event to start a clock for.
var queryOpeners = [][]string{{"fraga"}, {"question"}, {"forslag"}, {"suggestion"}, {"tips"}, {"fyi"}, {"undrar"},
	{"small", "thing"}, {"liten", "sak"}, {"just", "for", "the", "record"}, {"just", "flagging"}, {"just", "sharing"},
	{"bara", "sa", "ni", "vet"}, {"for", "kannedom"}}

// opensAsQuery reports whether the tokens begin with a query opener.
func opensAsQuery(tokens []string) bool {
	for _, o := range queryOpeners {
		if len(tokens) >= len(o) && slices.Equal(tokens[:len(o)], o) {
			return true
		}
	}
	return false
}

// manyPeople reports whether the text counts a hundred or more of
// something (years, 1900 to 2100, and times do not count).
func manyPeople(tokens []string) bool {
	for i, tok := range tokens {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 100 || n >= 1900 && n <= 2100 || n >= 1000000 {
			continue
		}
		if i+1 < len(tokens) && slices.Contains(notPeople, tokens[i+1]) {
			continue // 500 kr, 200 meter
		}
		return true
	}
	return false
}

// notPeople are units a count of people is not in.
var notPeople = []string{"kr", "kronor", "sek", "euro", "eur", "dollar", "minuter", "minutes", "sekunder", "seconds",
	"meter", "metres", "meters", "m", "km", "kilo", "kg", "gram", "procent", "percent", "grader", "degrees", "sidor", "pages"}
