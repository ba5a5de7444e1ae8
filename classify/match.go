package classify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
)

// This file compiles the patterns of cues.go, the lexicon files and
// severity.go, and finds them in a report's tokens.
//
// A pattern is one or more normalised words. Every word but the last must
// match a token exactly; the last is a prefix of its token ("hota" finds
// "hotade") unless it ends in "=" ("hot=" is the word alone) or is a word
// of one or two letters after others ("ont i" is not "ont ibland").
//
// Prefixes, in this order when combined ("sv:+*hot"):
//   - "sv:" or "en:" counts the pattern only in a report of that language,
//     for the words the two share with different meanings: "hot" is a
//     threat in Swedish and warm in English, "man" is "one" in Swedish,
//     "fall" a case;
//   - "@" marks a place or an occasion ("parkering", "julbord"), which
//     counts half where it says where something happened: after "på",
//     "i", "vid", "at", "in", … ("på parkeringen", "at the Christmas party");
//   - "~" marks a setting ("brukare", "hemtjänst", "resident"): it says
//     where a report comes from, not what happened, so all of a category's
//     settings together count at most contextCap;
//   - "+" keeps it counting after a negator in a negation-aware table;
//   - "*" lets a one-word pattern also end a Swedish compound: "*intyg"
//     finds "intyget", "sjukintyg" and "läkarintygen". The compound part
//     must start at least minCompoundHead bytes into the token, and
//     compoundStops name the tokens where a stem is another word ("hot" in
//     "hotell").

type effect uint8

const (
	effCategory effect = iota
	effConcept
	effSeverity
	effLow
	effRegime
)

// minCompoundHead is the shortest first part of a compound: "is" in
// "ishalka", "ex" in "exmannen".
const minCompoundHead = 2

// compoundStops lists, for a compound stem, the tokens that contain it
// but mean something else. A token containing any of them is no match.
var compoundStops = map[string][]string{
	"hot":       {"hotell", "hotline", "screenshot"},
	"journal":   {"journalist"},
	"kniv":      {"knivig"},
	"vapen":     {"vapenvila"},
	"dator":     {"mediator", "ackumulator", "moderator"},
	"bilen":     {"mobilen", "automobilen"},
	"uppgifter": {"arbetsuppgift"},
	"elev":      {"elevator", "relevan"},
	"hund":      {"hundra"},
}

// cue is one compiled pattern.
type cue struct {
	words    []string
	lang     language // langAny, or the only language it counts in
	exact    bool     // the last word must match whole, not as a prefix
	compound bool     // the one word may also end a compound
	neg      bool     // a negator before it cancels it
	place    bool     // counts half after a locative word
	setting  bool     // counts towards its category's contextCap
	effect   effect
	cat      int // index into categoryCues
	concept  int // index into concepts
	weight   float64
	sev      bot.Severity
	regime   int // index into regimeCues
	stops    []string
}

// matcher holds the compiled patterns and their indexes.
type matcher struct {
	cues []cue
	// words indexes the one-word cues that must equal a token, phrases the
	// cues of more words by their first word and the start of the second
	// (pairKey), prefixes the one-word prefix cues by their first three
	// bytes, heads the compound cues by the same, to be looked up at every
	// position inside a token.
	words, phrases, prefixes, heads buckets
}

// buckets is a hash index from a key to cue numbers. Keys that share a
// bucket only cost a failed match; an array index is cheaper than a map
// look-up, and a report asks for several per token.
type buckets [1 << 12][]int32

func (b *buckets) add(ci int, key ...string) {
	h := bucketOf(key...)
	b[h] = append(b[h], int32(ci))
}

func (b *buckets) get(key ...string) []int32 {
	return b[bucketOf(key...)]
}

// bucketOf is FNV-1a over the keys and a separator after each, folded to
// the index's size.
func bucketOf(key ...string) uint32 {
	h := uint32(2166136261)
	for _, k := range key {
		for i := 0; i < len(k); i++ {
			h = (h ^ uint32(k[i])) * 16777619
		}
		h = (h ^ 0xff) * 16777619
	}
	return (h ^ h>>16) & (1<<12 - 1)
}

// pairKey is the part of a phrase's second word, or of the token after a
// phrase's first word, that the phrases index keys on: its first three
// bytes, or all of a shorter word.
func pairKey(word string) string {
	return word[:min(len(word), 3)]
}

// add parses pattern into c and indexes it. A malformed pattern is a
// programming error in a table, caught by any test.
func (m *matcher) add(pattern string, negatable bool, c cue) {
	c.neg = negatable
	for l, prefix := range langPrefixes {
		if p, ok := strings.CutPrefix(pattern, prefix); ok {
			pattern, c.lang = p, l
		}
	}
	if p, ok := strings.CutPrefix(pattern, "~"); ok {
		pattern, c.setting = p, true
	}
	if p, ok := strings.CutPrefix(pattern, "@"); ok {
		pattern, c.place = p, true
	}
	if p, ok := strings.CutPrefix(pattern, "+"); ok {
		pattern, c.neg = p, false
	}
	if p, ok := strings.CutPrefix(pattern, "*"); ok {
		pattern, c.compound = p, true
	}
	if p, ok := strings.CutSuffix(pattern, "="); ok {
		pattern, c.exact = p, true
	}
	c.words = tokenize(normalize(pattern))
	if len(c.words) > 1 && len(c.words[len(c.words)-1]) < 3 {
		c.exact = true // "ont i" is not "ont ibland"
	}
	switch {
	case len(c.words) == 0 || slices.Contains(c.words, boundary):
		panic(fmt.Sprintf("classify: bad cue %q", pattern))
	case len(c.words) == 1 && !c.exact && len(c.words[0]) < 3:
		panic(fmt.Sprintf("classify: prefix cue %q is too short", pattern))
	case c.compound && (len(c.words) > 1 || c.exact):
		panic(fmt.Sprintf("classify: compound cue %q must be one prefix word", pattern))
	}
	c.stops = compoundStops[c.words[0]]
	n := len(m.cues)
	switch {
	case len(c.words) > 1:
		m.phrases.add(n, c.words[0], pairKey(c.words[1]))
	case c.exact:
		m.words.add(n, c.words[0])
	default:
		m.prefixes.add(n, c.words[0][:3])
	}
	if c.compound {
		m.heads.add(n, c.words[0][:3])
	}
	m.cues = append(m.cues, c)
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
	return n, !c.stopped(tok)
}

// matchHead reports whether the compound cue c's stem starts at byte p of
// tok, p > 0: "intyg" at 4 in "sjukintyg".
func (c *cue) matchHead(tok string, p int) bool {
	return strings.HasPrefix(tok[p:], c.words[0]) && !c.stopped(tok)
}

func (c *cue) stopped(tok string) bool {
	for _, s := range c.stops {
		if strings.Contains(tok, s) {
			return true
		}
	}
	return false
}

// visit calls f for every cue that matches at token i, with the number of
// tokens it spans: the cues whose first word is the token, those indexed
// under its first bytes, then the compound cues whose stem starts further
// into the token.
func (m *matcher) visit(tokens []string, i int, f func(ci, n int)) {
	tok := tokens[i]
	for _, ci := range m.words.get(tok) {
		if n, ok := m.cues[ci].match(tokens, i); ok {
			f(int(ci), n)
		}
	}
	if i+1 < len(tokens) {
		for _, ci := range m.phrases.get(tok, pairKey(tokens[i+1])) {
			if n, ok := m.cues[ci].match(tokens, i); ok {
				f(int(ci), n)
			}
		}
	}
	if len(tok) < 3 {
		return
	}
	for _, ci := range m.prefixes.get(tok[:3]) {
		if n, ok := m.cues[ci].match(tokens, i); ok {
			f(int(ci), n)
		}
	}
	for p := minCompoundHead; p+3 <= len(tok); p++ {
		for _, ci := range m.heads.get(tok[p : p+3]) {
			if m.cues[ci].matchHead(tok, p) {
				f(int(ci), 1)
			}
		}
	}
}
