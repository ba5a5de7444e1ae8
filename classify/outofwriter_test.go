package classify

import (
	"fmt"
	"math"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
)

// TestOutOfWriterIsTheModelWithoutTheWriter: the model outOfWriter reads
// from the whole corpus's counts less a writer's is the category model
// trained on every embedded report but that writer's – the same prior,
// vocabulary and probability of every feature, bit for bit, the same
// scores but for the order of a sum – and the category it gives each
// report of the writer is the one Rules.decide gives with that model; for
// a writer of the first round of new writers, one outside Lex Sarah and
// the last in training. TestWeighCrossValidation (CLASSIFY_CV=1) checks
// every writer's categories.
func TestOutOfWriterIsTheModelWithoutTheWriter(t *testing.T) {
	c, _, sets := embeddedCorpus()
	names := []string{"regimes-17.jsonl", "regimes-19.jsonl", "regimes-162.jsonl"}
	var writers [][2]int
	for _, name := range names {
		writers = append(writers, sets[name])
	}
	r := NewRules()
	all := categoryCounts(c)
	got := outOfWriter(c, all, r, writers)
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
		lo := all.without(c, at, map[int32][numCategories]int32{})
		if lo.prior != m.prior || lo.vocab != len(m.logP) {
			t.Fatalf("%s: prior %v, vocabulary %d; trained without the writer %v, %d", name, lo.prior, lo.vocab, m.prior, len(m.logP))
		}
		for key, row := range c.keys {
			p, known := lo.logP(row)
			want, ok := m.index[key]
			if known != ok || ok && p != m.logP[want] {
				t.Fatalf("%s, feature %x: known %v, log P %v; trained without the writer %v, %v", name, key, known, p, ok, m.logP[max(want, 0)])
			}
		}
		for i := at[0]; i < at[1]; i++ {
			s := r.read(c.examples[i].Text)
			score, known := lo.score(c.rows[i])
			rows := m.known(s.tokens)
			want := m.prior
			for _, row := range rows {
				for ci, p := range m.logP[row] {
					want[ci] += float64(p)
				}
			}
			for ci := range score {
				if math.Abs(score[ci]-want[ci]) > 1e-9 || known != (len(rows) > 0) {
					t.Fatalf("%s, report %d: scores %v (known %v), trained without the writer %v", name, i-at[0]+1, score, known, want)
				}
			}
			sug, byModel := r.decide(s, func() *model { return m })
			if byModel {
				learned++
			}
			if got[i] != sug.Category {
				t.Errorf("%s, report %d: %s, the model without the writer %s", name, i-at[0]+1, got[i], sug.Category)
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

// TestWeighReadsTheCategoryAlone: the weighing model learns a row for
// each category alone (round 18), and a suggestion reads the row of the
// category suggested: the same words weigh differently by category even
// where no word was ever seen with that category.
func TestWeighReadsTheCategoryAlone(t *testing.T) {
	no := []bot.Regime{}
	var examples []Example
	for range 20 {
		examples = append(examples,
			Example{Text: "det hände i går", Category: bot.CareQuality, Severity: bot.High, Regimes: []bot.Regime{bot.LexSarah}},
			Example{Text: "det hände i morse", Category: bot.Other, Severity: bot.Low, Regimes: no})
	}
	m := trainWeighing(examples, nil)
	tokens := tokenize(normalize("något annat"))
	care, other := m.predict(tokens, bot.CareQuality), m.predict(tokens, bot.Other)
	// Without the category's row both would be the bias alone.
	if care[0] < other[0]+0.2 {
		t.Errorf("lex_sarah for words never seen: %.2f read as care, %.2f as other; want care's well above", care[0], other[0])
	}
	if m.w[m.category+int32(categoryIndex(bot.CareQuality))][0] <= 0 {
		t.Error("the care category's own row weighs nothing for lex_sarah")
	}
}

// checkOutOfWriter fails t where outOfWriter's category for a report of
// the writers (regimes-n by n) is not the rules' suggestion in byWriter,
// which the cross-validation decided with a category model trained
// without the writer.
func checkOutOfWriter(t *testing.T, r *Rules, writers []int, byWriter map[int][]*cvReport) {
	t.Helper()
	c, _, sets := embeddedCorpus()
	var at [][2]int
	for _, n := range writers {
		at = append(at, sets[fmt.Sprintf("regimes-%d.jsonl", n)])
	}
	got := outOfWriter(c, categoryCounts(c), r, at)
	differ := 0
	for j, n := range writers {
		for k, cv := range byWriter[n] {
			i := at[j][0] + k
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
