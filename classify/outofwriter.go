package classify

import (
	"math"
	"runtime"
	"sync"

	"github.com/incidentbot/incidentbot/bot"
)

// outOfWriter is, for each report of the corpus in sets (each the
// reports [first, end) of one writer's set in c.examples), the category
// the bot would suggest for it had the category model never read that
// writer: the rules' where they are sure (above guessConfidence), else
// what a model trained on every other report decides (Rules.decide).
// The weighing model learns each word of a report together with this
// category (round 17, trainWeighingOn): after training it reads words
// with the category suggested, which for a new writer is wrong about one
// time in six, and a model that learned only with the labelled category
// has never seen a care report suggested as an accident at work.
//
// The model without a writer is the whole corpus's counts (all,
// categoryCounts) less the writer's, the features only that writer has being unknown to it, as
// if trainCategoryOn had been given every report but theirs (leftOut:
// the same counts, its scores summed in another order); the reports
// of no set in sets keep no category here (""). Each report is scanned
// by the rules once more, most of the time this takes (0.7 s of the
// 1.5 s the models take to train, on one processor).
func outOfWriter(c *corpus, all *counts, r *Rules, sets [][2]int) []bot.Category {
	out := make([]bot.Category, len(c.examples))
	// The writers are independent: as many at once as there are
	// processors, each worker writing only its writers' reports (sets
	// never overlap: each is one set of the corpus).
	next := make(chan [2]int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(sets)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := map[int32][numCategories]int32{}
			for set := range next {
				clear(own)
				m := all.without(c, set, own)
				for i := set[0]; i < set[1]; i++ {
					out[i] = m.category(r, c, i)
				}
			}
		}()
	}
	for _, set := range sets {
		next <- set
	}
	close(next)
	wg.Wait()
	return out
}

// leftOut is the category model trained on every report of a corpus but
// one writer's, read from the whole corpus's counts: prior and denom as
// trainCategoryOn computes them without the writer, vocab the features
// it would know, and own each feature's counts in the writer's reports.
type leftOut struct {
	all          *counts
	own          map[int32][numCategories]int32
	prior, denom [numCategories]float64
	vocab        int
}

// without is the model without the reports [set[0], set[1]) of c, whose
// counts it keeps in own, which must be empty.
func (n *counts) without(c *corpus, set [2]int, own map[int32][numCategories]int32) *leftOut {
	m := &leftOut{all: n, own: own, vocab: len(n.df)}
	var docs [numCategories]int
	var total [numCategories]float64
	for i := set[0]; i < set[1]; i++ {
		ci := categoryIndex(c.examples[i].Category)
		docs[ci]++
		total[ci] += float64(len(c.rows[i]))
		for _, row := range c.rows[i] {
			d := own[row]
			d[ci]++
			own[row] = d
		}
	}
	for row, d := range own {
		if d == n.df[row] {
			m.vocab-- // only this writer has it
		}
	}
	rest := float64(len(c.examples) - (set[1] - set[0]))
	for ci := range m.prior {
		m.prior[ci] = math.Log(float64(n.docs[ci]-docs[ci]) / rest)
		m.denom[ci] = n.total[ci] - total[ci] + alpha*float64(m.vocab)
	}
	return m
}

// logP is log P(f|c) for the feature in row, as trainCategoryOn rounds
// it, and whether the model knows the feature.
func (m *leftOut) logP(row int32) (p [numCategories]float32, known bool) {
	d, w := m.all.df[row], m.own[row]
	if d == w {
		return p, false
	}
	for ci := range p {
		p[ci] = float32(math.Log((float64(d[ci]-w[ci]) + alpha) / m.denom[ci]))
	}
	return p, true
}

// score is model.predict's score of each category for a report's rows
// in the corpus, and whether the model knows any of them. The sum runs in
// the corpus's order of rows, not the trained model's, and may differ
// from it in the last bits.
func (m *leftOut) score(rows []int32) (score [numCategories]float64, known bool) {
	score = m.prior
	for _, row := range rows {
		p, ok := m.logP(row)
		if !ok {
			continue
		}
		known = true
		for ci := range score {
			score[ci] += float64(p[ci])
		}
	}
	return score, known
}

// category is what Rules.decide suggests for report i of c with this
// model: the rules' category where they are sure or the model knows no
// feature of the report, else the model's best, ties to the first in
// categoryCues. It asks for no trained model: outOfWriter runs while the
// embedded models are being trained (trainedModels), and asking for them
// here would wait for itself.
func (m *leftOut) category(r *Rules, c *corpus, i int) bot.Category {
	sug := r.suggest(r.read(c.examples[i].Text))
	if sug.Confidence > guessConfidence {
		return sug.Category
	}
	score, known := m.score(c.rows[i])
	if !known {
		return sug.Category
	}
	best := 0
	for ci := range score {
		if score[ci] > score[best] {
			best = ci
		}
	}
	return categoryCues[best].category
}
