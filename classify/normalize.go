package classify

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// boundary is the token that stands for a sentence or clause break, so that
// a negation does not reach over it and a phrase does not match across it.
const boundary = "."

// foldRune lower-cases r and strips its diacritics, so that a report typed
// without å, ä and ö ("missforhallande") reads the same as one with them.
// It maps one rune to one rune, which Redact relies on.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	r = unicode.ToLower(r)
	switch r {
	case 'å', 'ä', 'á', 'à', 'â', 'ã', 'æ':
		return 'a'
	case 'ö', 'ø', 'ó', 'ò', 'ô', 'õ':
		return 'o'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'ü', 'ú', 'ù', 'û':
		return 'u'
	case 'í', 'ì', 'î', 'ï':
		return 'i'
	case 'ç':
		return 'c'
	case 'ñ':
		return 'n'
	}
	return r
}

// normalize folds text and turns everything but letters and digits into
// single spaces; sentence and clause punctuation becomes a boundary token.
// Apostrophes vanish, so "didn't" is one word, "didnt".
func normalize(text string) string {
	var b strings.Builder
	b.Grow(len(text) + 8)
	space := true // no leading space, no double spaces
	for _, r := range text {
		switch {
		case r == '\'' || r == '’' || r == '´':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(foldRune(r))
			space = false
			continue
		case strings.ContainsRune(".,;:!?\n", r):
			if !space {
				b.WriteByte(' ')
			}
			b.WriteString(boundary + " ")
			space = true
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// tokenize splits normalised text into its words and boundary tokens.
func tokenize(norm string) []string {
	return strings.Fields(norm)
}

// negators are the words that cancel a negatable cue within negationReach
// tokens after them: "ingen skada", "no injury", "inte hotad".
var negators = map[string]bool{
	"ingen": true, "inget": true, "inga": true, "inte": true, "ej": true,
	"utan": true, "aldrig": true, "icke": true, "varken": true,
	"no": true, "not": true, "without": true, "never": true, "nobody": true,
	"none": true, "neither": true, "didnt": true, "dont": true, "doesnt": true,
	"wasnt": true, "werent": true, "isnt": true, "hasnt": true, "havent": true,
	"cannot": true, "cant": true,
}

// clauseBreaks end a negation's reach like punctuation does: in "ingen
// skadades men alla är skakade" the "ingen" says nothing about "skakade".
var clauseBreaks = map[string]bool{
	boundary: true, "men": true, "but": true, "fast": true, "although": true,
}

// negationReach is how many tokens back a negator still counts.
const negationReach = 3

// negated reports whether the token at i is within reach of a negator in
// the same clause.
func negated(tokens []string, i int) bool {
	for j := i - 1; j >= 0 && j >= i-negationReach; j-- {
		if clauseBreaks[tokens[j]] {
			return false
		}
		if negators[tokens[j]] {
			return true
		}
	}
	return false
}

// locatives say where something happened; determiners may stand between
// them and the place: "på parkeringen", "at the Christmas party".
var locatives = map[string]bool{
	"pa": true, "i": true, "vid": true, "utanfor": true, "under": true, "fran": true,
	"in": true, "at": true, "on": true, "outside": true, "during": true, "near": true, "by": true,
}

var determiners = map[string]bool{
	"the": true, "a": true, "our": true, "my": true, "den": true, "det": true, "var": true, "min": true,
}

// locative reports whether the token at i names the place where something
// happened rather than what the report is about.
func locative(tokens []string, i int) bool {
	j := i - 1
	if j >= 0 && determiners[tokens[j]] {
		j--
	}
	return j >= 0 && locatives[tokens[j]]
}

// language is what guessLanguage tells apart.
type language uint8

const (
	langAny language = iota
	langSwedish
	langEnglish
)

// langPrefixes mark a pattern that counts in one language only.
var langPrefixes = map[language]string{langSwedish: "sv:", langEnglish: "en:"}

// functionWords are common short words of one language only, after
// normalisation: "i", "in", "men", "for" are in both and left out.
var functionWords = map[string]language{
	"och": langSwedish, "att": langSwedish, "det": langSwedish, "som": langSwedish,
	"en": langSwedish, "ett": langSwedish, "ar": langSwedish, "jag": langSwedish,
	"har": langSwedish, "inte": langSwedish, "pa": langSwedish, "med": langSwedish,
	"till": langSwedish, "av": langSwedish, "den": langSwedish, "han": langSwedish,
	"hon": langSwedish, "vi": langSwedish, "om": langSwedish, "nar": langSwedish,
	"mig": langSwedish, "min": langSwedish, "sin": langSwedish, "hade": langSwedish,
	"kan": langSwedish, "ska": langSwedish, "fick": langSwedish, "blev": langSwedish,
	"sa": langSwedish, "vid": langSwedish, "hos": langSwedish, "efter": langSwedish,
	"the": langEnglish, "and": langEnglish, "to": langEnglish, "of": langEnglish,
	"is": langEnglish, "was": langEnglish, "has": langEnglish, "have": langEnglish,
	"not": langEnglish, "on": langEnglish, "with": langEnglish, "he": langEnglish,
	"she": langEnglish, "we": langEnglish, "they": langEnglish, "at": langEnglish,
	"my": langEnglish, "his": langEnglish, "her": langEnglish, "that": langEnglish,
	"it": langEnglish, "been": langEnglish, "by": langEnglish, "from": langEnglish,
	"were": langEnglish, "are": langEnglish, "had": langEnglish, "would": langEnglish,
	"did": langEnglish, "this": langEnglish, "be": langEnglish, "an": langEnglish,
}

// guessLanguage says whether tokens read as Swedish or English, by their
// function words; a tie is Swedish, the more common language of reports.
func guessLanguage(tokens []string) language {
	sv, en := 0, 0
	for _, t := range tokens {
		switch functionWords[t] {
		case langSwedish:
			sv++
		case langEnglish:
			en++
		}
	}
	if en > sv {
		return langEnglish
	}
	return langSwedish
}
