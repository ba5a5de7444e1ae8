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
// The model without a writer is the whole corpus's counts less the
// writer's, the features only that writer has being unknown to it, as
// if trainCategoryOn had been given every report but theirs; the reports
// of no set in sets keep no category here (""). Each report is scanned
// by the rules once more, most of the time this takes (0.7 s of the
// 1.5 s the models take to train, on one processor).
func outOfWriter(c *corpus, r *Rules, sets [][2]int) []bot.Category {
	docs, total, df := categoryCounts(c)
	out := make([]bot.Category, len(c.examples))
	// The writers are independent: as many at once as there are
	// processors, each worker writing only its writers' reports.
	next := make(chan [2]int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(sets)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := map[int32]*[numCategories]int32{}
			for set := range next {
				clear(own)
				outOfOneWriter(c, r, set, docs, total, df, own, out)
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

// outOfOneWriter sets out's category for each report of one writer's set
// (outOfWriter), the corpus's counts being docs, total and df; own is
// room for the writer's own counts, empty.
func outOfOneWriter(c *corpus, r *Rules, set [2]int, docs [numCategories]int, total [numCategories]float64,
	df [][numCategories]int32, own map[int32]*[numCategories]int32, out []bot.Category) {
	var docsW [numCategories]int
	var totalW [numCategories]float64
	for i := set[0]; i < set[1]; i++ {
		ci := categoryIndex(c.examples[i].Category)
		docsW[ci]++
		totalW[ci] += float64(len(c.rows[i]))
		for _, row := range c.rows[i] {
			d := own[row]
			if d == nil {
				d = new([numCategories]int32)
				own[row] = d
			}
			d[ci]++
		}
	}
	vocab := len(df)
	for row, d := range own {
		if *d == df[row] {
			vocab--
		}
	}
	var prior, denom [numCategories]float64
	n := float64(len(c.examples) - (set[1] - set[0]))
	for ci := range prior {
		prior[ci] = math.Log(float64(docs[ci]-docsW[ci]) / n)
		denom[ci] = total[ci] - totalW[ci] + alpha*float64(vocab)
	}
	for i := set[0]; i < set[1]; i++ {
		s := r.read(c.examples[i].Text)
		sug := r.suggest(s)
		out[i] = sug.Category
		if sug.Confidence > guessConfidence {
			continue
		}
		score, known := prior, false
		for _, row := range c.rows[i] {
			d, w := df[row], own[row]
			if *w == d {
				continue // only this writer has it
			}
			known = true
			for ci := range score {
				score[ci] += float64(float32(math.Log((float64(d[ci]-w[ci]) + alpha) / denom[ci])))
			}
		}
		if !known {
			continue
		}
		best := 0
		for ci := range score {
			if score[ci] > score[best] {
				best = ci
			}
		}
		out[i] = categoryCues[best].category
	}
}
