package classify

import (
	"strings"

	"github.com/incidentbot/incidentbot/bot"
)

// scan is what one pass over a report's tokens found.
type scan struct {
	scores  [numCategories]float64
	setting [numCategories]float64 // what settings have added, up to contextCap
	raise   bot.Severity
	low     bool
	regimes uint64 // bit i: regimeCues[i] matched
	matched []match
	// hits are the concepts found, in token order; first[k] is the first
	// hit of concept k and next[h] the one after hit h, or -1.
	hits     []hit
	next     []int
	first    [maxConcepts]int
	last     [maxConcepts]int
	tokens   []string
	fired    []match // combinations that counted, with text "a + b"
	question bool    // the text asks something
	asks     bool    // its first sentence is a question
	// settled is set when the rules found no event (a question, a drill,
	// a breach that never left): the weighing model leaves it alone.
	settled bool
}

type match struct {
	cue  int // index into the matcher's cues, or into Rules.combos when fired
	text string
}

type hit struct {
	pos, n int // the tokens a concept's pattern matched
}

// read scores text: one pass over its tokens for the cues and concepts,
// then the combinations of concepts, then the question mark.
func (r *Rules) read(text string) *scan {
	tokens := tokenize(normalize(text))
	s := &scan{
		tokens:  tokens,
		matched: make([]match, 0, 16),
		hits:    make([]hit, 0, 32),
		next:    make([]int, 0, 32),
	}
	for k := range s.first {
		s.first[k], s.last[k] = -1, -1
	}
	lang := guessLanguage(tokens)
	var here []int // concept cues matched at token i
	for i := range tokens {
		here = here[:0]
		r.m.visit(tokens, i, func(ci, n int) {
			c := &r.m.cues[ci]
			if c.lang != langAny && c.lang != lang || c.neg && negated(tokens, i) {
				return
			}
			if c.effect == effConcept {
				here = append(here, ci)
				return
			}
			if s.counted(ci) {
				return
			}
			switch c.effect {
			case effCategory:
				s.scores[c.cat] += s.weigh(c, tokens, i)
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
		})
		s.addHits(r.m, i, here)
	}
	for i := range r.combos {
		if t, ok := s.together(&r.combos[i]); ok {
			s.scores[r.combos[i].cat] += r.combos[i].weight
			s.fired = append(s.fired, match{i, t})
		}
	}
	// A question is seldom a report of harm: "Vem har tagit sladden?".
	s.question = strings.ContainsRune(text, '?')
	if i := strings.IndexAny(text, ".!?\n"); i >= 0 && text[i] == '?' && !quoted(text[:i]) {
		s.asks = true
	}
	if s.question {
		s.scores[r.other] += questionWeight
	}
	return s
}

// weigh is what direct cue c, found at token i, adds to its category: a
// place half as much where it says where something happened, a setting no
// more than is left of contextCap.
func (s *scan) weigh(c *cue, tokens []string, i int) float64 {
	w := c.weight
	if c.place && locative(tokens, i) {
		w /= 2
	}
	if c.setting {
		w = min(w, contextCap-s.setting[c.cat])
		s.setting[c.cat] += w
	}
	return w
}

// counted reports whether cue ci has counted already: each counts once
// per report, and a report matches few, so a look through them is cheap.
func (s *scan) counted(ci int) bool {
	for _, m := range s.matched {
		if m.cue == ci {
			return true
		}
	}
	return false
}

// addHits records the concepts matched at token i. Only the longest
// matches count: "hit her head" is an accident, and the "hit her" inside
// it is no blow.
func (s *scan) addHits(m *matcher, i int, here []int) {
	longest := 0
	for _, ci := range here {
		longest = max(longest, len(m.cues[ci].words))
	}
	for _, ci := range here {
		if len(m.cues[ci].words) == longest {
			s.addHit(m.cues[ci].concept, i, longest)
		}
	}
}

// addHit records concept k at token i, once per position.
func (s *scan) addHit(k, i, n int) {
	if l := s.last[k]; l >= 0 && s.hits[l].pos == i {
		return
	}
	h := len(s.hits)
	s.hits = append(s.hits, hit{i, n})
	s.next = append(s.next, -1)
	if s.last[k] >= 0 {
		s.next[s.last[k]] = h
	} else {
		s.first[k] = h
	}
	s.last[k] = h
}

// together reports whether c's concepts occur close enough, and the words
// that show it.
func (s *scan) together(c *combo) (string, bool) {
	if c.unless >= 0 && s.first[c.unless] >= 0 {
		return "", false
	}
	for a := s.first[c.a]; a >= 0; a = s.next[a] {
		if c.b < 0 {
			return s.text(a), true
		}
		for b := s.first[c.b]; b >= 0; b = s.next[b] {
			d := s.hits[b].pos - s.hits[a].pos
			if d == 0 || c.order && d < 0 || d > c.span || d < -c.span {
				continue
			}
			if d < 0 {
				return s.text(b) + " + " + s.text(a), true
			}
			return s.text(a) + " + " + s.text(b), true
		}
	}
	return "", false
}

// text is the words of hit h.
func (s *scan) text(h int) string {
	return strings.Join(s.tokens[s.hits[h].pos:s.hits[h].pos+s.hits[h].n], " ")
}

// quoted reports whether a sentence's start, up to its question mark, opens
// a quotation or an aside that the question belongs to: "sa pappan: 'Dina
// barn går väl på förskola?'" or "(klor + något surt?)" tell what someone
// said or wondered, and the report is no question for all that.
func quoted(start string) bool {
	return strings.ContainsAny(start, "'\"“”‘’«»(")
}
