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
	"strings"

	"github.com/incidentbot/incidentbot/bot"
)

// minScore is the least a category must score to be suggested; below it
// the report is "other". One context word alone ("brukare") is not enough.
const minScore = 2

// numCategories is len(bot.Categories), as an array length.
const numCategories = 7

// maxCues caps the cues a suggestion lists: enough to see why.
const maxCues = 12

type effect uint8

const (
	effCategory effect = iota
	effSeverity
	effLow
	effRegime
)

// cue is one compiled pattern of the tables in cues.go.
type cue struct {
	words  []string
	exact  bool // the last word must match whole, not as a prefix
	neg    bool // a negator before it cancels it
	effect effect
	cat    int // index into categoryCues
	weight float64
	sev    bot.Severity
	regime int // index into regimeCues
}

// Rules classifies by weighted Swedish and English cues. It needs no
// network and is deterministic; the zero value is not usable, call NewRules.
type Rules struct {
	cues  []cue
	index map[string][]int // indexKey of a cue's first word → cue numbers
}

var _ bot.Classifier = (*Rules)(nil)

// NewRules compiles the cue tables.
func NewRules() *Rules {
	r := &Rules{index: map[string][]int{}}
	for ci, t := range categoryCues {
		for _, d := range t.cues {
			r.add(d.pattern, t.negatable, cue{effect: effCategory, cat: ci, weight: d.weight})
		}
	}
	for _, s := range severityCues {
		for _, p := range s.patterns {
			r.add(p, true, cue{effect: effSeverity, sev: s.severity})
		}
	}
	for _, p := range lowCues {
		r.add(p, false, cue{effect: effLow})
	}
	for ri, rc := range regimeCues {
		for _, p := range rc.patterns {
			r.add(p, true, cue{effect: effRegime, regime: ri})
		}
	}
	return r
}

// add parses a pattern of cues.go into c and indexes it. A malformed
// pattern is a programming error in a table, caught by any test.
func (r *Rules) add(pattern string, negatable bool, c cue) {
	c.neg = negatable
	if p, ok := strings.CutPrefix(pattern, "+"); ok {
		pattern, c.neg = p, false
	}
	if p, ok := strings.CutSuffix(pattern, "="); ok {
		pattern, c.exact = p, true
	}
	c.words = tokenize(normalize(pattern))
	if len(c.words) == 0 || slices.Contains(c.words, boundary) {
		panic(fmt.Sprintf("classify: bad cue %q", pattern))
	}
	if len(c.words) == 1 && !c.exact && len(c.words[0]) < 3 {
		panic(fmt.Sprintf("classify: prefix cue %q is too short", pattern))
	}
	key := indexKey(c.words[0])
	r.index[key] = append(r.index[key], len(r.cues))
	r.cues = append(r.cues, c)
}

// indexKey is what a token and a cue's first word share when the cue
// may match there: their first three bytes.
func indexKey(word string) string {
	if len(word) > 3 {
		return word[:3]
	}
	return word
}

// match reports whether c matches at token i, and how many tokens it spans.
func (c *cue) match(tokens []string, i int) (int, bool) {
	n := len(c.words)
	if i+n > len(tokens) {
		return 0, false
	}
	for k, w := range c.words[:n-1] {
		if tokens[i+k] != w {
			return 0, false
		}
	}
	last, tok := c.words[n-1], tokens[i+n-1]
	if c.exact && tok != last || !strings.HasPrefix(tok, last) {
		return 0, false
	}
	return n, true
}

// Classify suggests a category, severity and regimes from in.Text.
func (r *Rules) Classify(_ context.Context, in bot.ClassifyInput) (bot.Suggestion, error) {
	return r.classify(in.Text), nil
}

// scan is what one pass over a report's tokens found.
type scan struct {
	scores  [numCategories]float64
	raise   bot.Severity
	low     bool
	regimes uint64 // bit i: regimeCues[i] matched
	matched []match
}

type match struct {
	cue  int
	text string
}

func (r *Rules) classify(text string) bot.Suggestion {
	tokens := tokenize(normalize(text))
	var s scan
	seen := make([]bool, len(r.cues)) // each cue counts once per report
	for i, tok := range tokens {
		for _, ci := range r.index[indexKey(tok)] {
			c := &r.cues[ci]
			n, ok := c.match(tokens, i)
			if !ok || c.neg && negated(tokens, i) || seen[ci] {
				continue
			}
			seen[ci] = true
			switch c.effect {
			case effCategory:
				s.scores[c.cat] += c.weight
			case effSeverity:
				if c.sev.Rank() > s.raise.Rank() {
					s.raise = c.sev
				}
			case effLow:
				s.low = true
			case effRegime:
				s.regimes |= 1 << c.regime
			}
			s.matched = append(s.matched, match{ci, strings.Join(tokens[i:i+n], " ")})
		}
	}
	return r.suggest(&s)
}

// suggest turns the scores into a suggestion. Ties go to the category
// listed first in categoryCues.
func (r *Rules) suggest(s *scan) bot.Suggestion {
	best, second := 0, -1
	for i := 1; i < len(categoryCues); i++ {
		switch {
		case s.scores[i] > s.scores[best]:
			best, second = i, best
		case second < 0 || s.scores[i] > s.scores[second]:
			second = i
		}
	}
	top, next := s.scores[best], s.scores[second]
	cat := categoryCues[best].category
	if top < minScore {
		cat = bot.Other
	}
	sug := bot.Suggestion{
		Category:   cat,
		Severity:   defaultSeverity[cat],
		Confidence: confidence(top, next),
		Source:     "rules",
	}
	if cat == bot.WorkEnvironment && s.low && s.raise == "" {
		sug.Severity = bot.Low
	}
	if s.raise.Rank() > sug.Severity.Rank() {
		sug.Severity = s.raise
	}
	sug.Regimes = append(sug.Regimes, defaultRegimes[cat]...)
	for ri := range regimeCues {
		if s.regimes&(1<<ri) != 0 && slices.Contains(regimeCues[ri].only, cat) && !slices.Contains(sug.Regimes, regimeCues[ri].regime) {
			sug.Regimes = append(sug.Regimes, regimeCues[ri].regime)
		}
	}
	slices.SortFunc(sug.Regimes, func(a, b bot.Regime) int { return regimeOrder(a) - regimeOrder(b) })
	sug.Cues = r.cuesFor(s.matched, cat)
	return sug
}

// cuesFor lists the matched text that speaks for cat, each once: "fel
// mottagare" and not also "mottagare", which a shorter cue found in it.
func (r *Rules) cuesFor(matched []match, cat bot.Category) []string {
	var out []string
	for _, m := range matched {
		c := &r.cues[m.cue]
		switch {
		case c.effect == effCategory && categoryCues[c.cat].category != cat,
			c.effect == effRegime && !slices.Contains(regimeCues[c.regime].only, cat),
			slices.ContainsFunc(out, func(s string) bool { return containsWords(s, m.text) }):
			continue
		}
		out = slices.DeleteFunc(out, func(s string) bool { return containsWords(m.text, s) })
		out = append(out, m.text)
	}
	if len(out) > maxCues {
		out = out[:maxCues]
	}
	return out
}

// containsWords reports whether the words of short appear in long.
func containsWords(long, short string) bool {
	return strings.Contains(" "+long+" ", " "+short+" ")
}

// confidence grows with the winning score and with its lead over the
// runner-up: a report full of threat words and nothing else is surer than
// one that scores nearly as well for harassment.
func confidence(top, next float64) float64 {
	if top < minScore {
		return 0.3 // "other" by default: nothing said what it is
	}
	strength := top / (top + 4)
	margin := (top - next) / top
	return math.Round(strength*(0.4+0.6*margin)*100) / 100
}

func regimeOrder(r bot.Regime) int {
	return slices.Index([]bot.Regime{bot.LexSarah, bot.GDPRBreach, bot.WorkEnvironmentSerious, bot.PoliceReport}, r)
}
