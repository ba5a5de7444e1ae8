package classify

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestRegimeSetsHeldApart: the held-out regime sets are at least a third
// of all reports labelled with severity and regimes, and none of their
// reports is another labelled report again, word for word or nearly (four
// in five of the words of both shared), in any set, its own included –
// what the writers' check promised when the sets were written.
func TestRegimeSetsHeldApart(t *testing.T) {
	if len(regimeHeldOut) == 0 {
		t.Skip("no held-out regime set until the round is measured")
	}
	type report struct {
		set   string
		words []string // distinct, sorted
	}
	var all []report
	held, labelled := 0, 0
	var names []string
	for _, name := range slices.Concat(trainingSets, regimeSets, heldOut, regimeHeldOut) {
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	for _, name := range names {
		set := readSet(t, setPath(name))
		isRegime := slices.Contains(regimeSets, name) || slices.Contains(regimeHeldOut, name)
		for _, ex := range set {
			all = append(all, report{name, wordSet(ex.Text)})
			if isRegime {
				labelled++
				if slices.Contains(regimeHeldOut, name) {
					held++
				}
			}
		}
	}
	if 3*held < labelled {
		t.Errorf("the held-out regime sets hold %d of %d reports labelled with severity and regimes, want at least a third", held, labelled)
	}
	// Two word sets share four in five of their words only if each has a
	// word among the other's rarest fifth and one more: candidates come
	// from an index of where each word is.
	where := map[string][]int{}
	for i, r := range all {
		for _, w := range r.words {
			where[w] = append(where[w], i)
		}
	}
	for i, r := range all {
		if !slices.Contains(regimeHeldOut, r.set) || len(r.words) == 0 {
			continue
		}
		rare := slices.Clone(r.words)
		slices.SortFunc(rare, func(a, b string) int { return len(where[a]) - len(where[b]) })
		seen := map[int]bool{}
		for _, w := range rare[:len(rare)/5+1] {
			for _, j := range where[w] {
				if j == i || seen[j] {
					continue
				}
				seen[j] = true
				if shared(r.words, all[j].words) {
					t.Errorf("a report of %s is nearly a report of %s: %v", r.set, all[j].set, r.words)
				}
			}
		}
	}
}

// wordSet is the distinct words of a text, lower-cased, in order.
func wordSet(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' })
	slices.Sort(words)
	return slices.Compact(words)
}

// shared reports whether two sorted word sets share at least four in five
// of the words of both (Jaccard similarity 0.8 or more).
func shared(a, b []string) bool {
	if min(len(a), len(b))*5 < max(len(a), len(b))*4 {
		return false
	}
	both, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch strings.Compare(a[i], b[j]) {
		case 0:
			both++
			i++
			j++
		case -1:
			i++
		default:
			j++
		}
	}
	return both*5 >= (len(a)+len(b)-both)*4
}

func TestShared(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"a b c d e", "a b c d e", true},
		{"a b c d e", "a b c d f", false}, // 4 of 6
		{"a b c d e f g h i", "a b c d e f g h i j", true},
		{"the cat sat", "a dog ran", false},
		{"", "x", false},
	} {
		if got := shared(wordSet(tt.a), wordSet(tt.b)); got != tt.want {
			t.Errorf("shared(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}
