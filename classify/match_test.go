package classify

import "testing"

func TestCueMatch(t *testing.T) {
	for _, tt := range []struct {
		pattern, text string
		want          bool
	}{
		{"hota", "han hotade mig", true},          // the last word is a prefix
		{"hot=", "hotet", false},                  // "=" is the word alone
		{"*intyg", "sjukintyget", true},           // a stem ends a compound
		{"intyg", "sjukintyget", false},           // without "*" only at the start
		{"*hot", "dodshotet", true},               // a linking s is no obstacle
		{"*hot", "hotellet", false},               // compoundStops
		{"*hot", "en screenshot", false},          // compoundStops inside a token
		{"ont i", "ont i ryggen", true},           // a phrase
		{"ont i", "ont ibland", false},            // a short last word is whole
		{"fel mottagare", "fel mottagaren", true}, // the phrase's last word is a prefix
		{"fel mottagare", "fel . mottagare", false},
	} {
		m := new(matcher)
		m.add(tt.pattern, false, cue{})
		tokens := tokenize(normalize(tt.text))
		got := false
		for i := range tokens {
			m.visit(tokens, i, func(int, int) { got = true })
		}
		if got != tt.want {
			t.Errorf("%q in %q: %v, want %v", tt.pattern, tt.text, got, tt.want)
		}
	}
}

func TestCueLanguage(t *testing.T) {
	r := NewRules()
	for _, tt := range []struct {
		text string
		cue  string
		want bool
	}{
		{"Han kom med ett hot mot mig.", "hot", true},
		{"The coffee was too hot to drink.", "hot", false},
		{"Man kan inte parkera där.", "man", false},
		{"The man waited outside.", "man", true},
	} {
		found := false
		for _, h := range r.read(tt.text).hitsText() {
			found = found || h == tt.cue
		}
		for _, m := range r.read(tt.text).matched {
			found = found || m.text == tt.cue
		}
		if found != tt.want {
			t.Errorf("%q: cue %q counted %v, want %v", tt.text, tt.cue, found, tt.want)
		}
	}
}

// hitsText lists the words of every concept hit.
func (s *scan) hitsText() []string {
	var out []string
	for h := range s.hits {
		out = append(out, s.text(h))
	}
	return out
}
