package classify

import (
	"fmt"
	"testing"
)

// TestOutOfWriterIsTheModelWithoutTheWriter: the category outOfWriter
// gives each report of a writer is the one Rules.decide gives with a
// category model trained on every embedded report but that writer's, for
// a writer of the first round of new writers, one outside Lex Sarah and
// the last in training. TestWeighCrossValidation checks every writer.
func TestOutOfWriterIsTheModelWithoutTheWriter(t *testing.T) {
	c, _, sets := embeddedCorpus()
	names := []string{"regimes-17.jsonl", "regimes-19.jsonl", "regimes-77.jsonl"}
	var writers [][2]int
	for _, name := range names {
		writers = append(writers, sets[name])
	}
	r := NewRules()
	got := outOfWriter(c, r, writers)
	learned := 0
	for _, name := range names {
		var others []Example
		for _, other := range categorySets() {
			if other != name {
				at := sets[other]
				others = append(others, c.examples[at[0]:at[1]]...)
			}
		}
		m := trainCategory(others)
		at := sets[name]
		for i := at[0]; i < at[1]; i++ {
			want, byModel := r.decide(r.read(c.examples[i].Text), func() *model { return m })
			if byModel {
				learned++
			}
			if got[i] != want.Category {
				t.Errorf("%s, report %d: %s, the model without the writer %s", name, i-at[0]+1, got[i], want.Category)
			}
		}
	}
	if learned == 0 {
		t.Error("the model decided no report: the test tells nothing")
	}
	for i, g := range got {
		in := false
		for _, at := range writers {
			in = in || i >= at[0] && i < at[1]
		}
		if in != (g != "") {
			t.Fatalf("report %d, in the writers' sets %v: category %q", i, in, g)
		}
	}
}

// checkOutOfWriter fails t where outOfWriter's category for a report of
// the writers (regimes-n by n) is not the rules' suggestion in byWriter,
// which the cross-validation decided with a category model trained
// without the writer.
func checkOutOfWriter(t *testing.T, r *Rules, writers map[int][]Example, byWriter map[int][]*cvReport) {
	t.Helper()
	c, _, sets := embeddedCorpus()
	var at [][2]int
	for n := 1; n <= len(writers); n++ {
		at = append(at, sets[fmt.Sprintf("regimes-%d.jsonl", n)])
	}
	got := outOfWriter(c, r, at)
	differ := 0
	for n := 1; n <= len(writers); n++ {
		for k, cv := range byWriter[n] {
			i := at[n-1][0] + k
			if c.examples[i].Text != cv.ex.Text {
				t.Fatalf("regimes-%d, report %d: not the same report", n, k+1)
			}
			if got[i] != cv.rules.Category {
				differ++
				if differ <= 5 {
					t.Errorf("regimes-%d, report %d: outOfWriter %s, the cross-validation %s", n, k+1, got[i], cv.rules.Category)
				}
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d reports' categories differ", differ)
	}
}
