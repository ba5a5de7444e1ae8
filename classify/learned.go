package classify

import (
	"cmp"
	"embed"
	"fmt"
	"math"
	"path"
	"slices"
	"strings"
	"sync"
)

// This file is the learned model that decides where the rules are unsure
// (docs/classification.md, rounds 5, 6 and 9): a multinomial Naive Bayes
// over binary word and word-pair features, trained on every labelled set
// in training/: the five tuning sets, nine training sets by other writers
// and the severity and regime sets (weigh.go), whose reports carry a
// category too. Round 5's design was fixed before it was built; round 6
// added the training sets and chose the hand-over by cross-validation over
// their writers; round 9 added the regime sets and chose the features,
// the smoothing and the hand-over by leaving one of their writers out at a
// time – never by a held-out set.

// trainingSets are the labelled sets with a category only, embedded below
// from training/: the five sets the rules were tuned on and nine written
// by nine other writers for training only. The model is trained on them
// and on regimeSets (categorySets). The held-out sets
// (blind-2, blind-3, blind-4) are not among them and must never be: they
// live in testdata/, which only the tests and `classify --eval` read.
var trainingSets = []string{"tune.jsonl", "holdout.jsonl", "fresh-1.jsonl", "fresh-2.jsonl", "blind-1.jsonl",
	"train-1.jsonl", "train-2.jsonl", "train-3.jsonl", "train-4.jsonl", "train-5.jsonl",
	"train-6.jsonl", "train-7.jsonl", "train-8.jsonl", "train-9.jsonl"}

// trainingDir is where the sets are, in trainingFiles and in the package's
// directory.
const trainingDir = "training"

// trainingFiles holds trainingSets and regimeSets (weigh.go). Each set is
// named rather than the directory, so that a file dropped into training/
// is not trained on unnoticed; TestTrainingSetsEmbedded holds the lists
// and the files together.
//
//go:embed training/tune.jsonl
//go:embed training/holdout.jsonl
//go:embed training/fresh-1.jsonl
//go:embed training/fresh-2.jsonl
//go:embed training/blind-1.jsonl
//go:embed training/train-*.jsonl
//go:embed training/regimes-*.jsonl
var trainingFiles embed.FS

// alpha is the Lidstone smoothing of the feature probabilities. With the
// regime sets in training, leaving one of their writers out chose 0.05
// (0.3 before them).
const alpha = 0.05

// guessConfidence is the rules' confidence at and below which the learned
// model decides the category. Round 5 handed over only the rules' guesses
// (0.3); with the training sets the model reads new writers better than
// the rules do, and leave-one-writer-out over those sets put the best
// hand-over at 0.5 (0.89, against 0.88 for the model alone and 0.76 for
// the rules alone). Trained on the regime sets too, it reads their
// writers better still: leaving each of regimes-17 to -48 out, 0.884 at
// 0.7, 0.868 at 0.5, 0.885 with the model deciding every report, 0.652
// for the rules alone. Above 0.7 the rules keep their category and their
// cues, within 0.001 of the model alone.
const guessConfidence = 0.7

// learnedScale scales the learned model's posterior into a suggestion's
// confidence, so that a learned guess never looks sure.
const learnedScale = 0.6

// maxLearnedCues is how many of the report's words a learned suggestion
// lists as its cues.
const maxLearnedCues = 5

// model is a multinomial Naive Bayes over binary features. Categories are
// indexed as in categoryCues.
type model struct {
	prior [numCategories]float64 // log of the category's share of documents
	// index names the row of logP of every feature seen in training;
	// logP[row][c] is log P(f|c).
	index featureIndex
	logP  [][numCategories]float32
}

// learnedModel is the model trained on the embedded sets, once per
// process, at first use, with the weighing model (trainedModels).
func learnedModel() *model {
	m, _ := trainedModels()
	return m
}

// Train trains the learned models now, as the first suggestion of the
// process otherwise does (1.2 s on two processors and 30 MiB, docs/performance.md):
// for a caller that would rather pay that before its first report than
// during it. The bot itself does not, so that it starts small.
func Train() { trainedModels() }

// trainedModels are the category model and the weighing model, trained
// together on the embedded sets once per process, at the first
// suggestion: they share one corpus, read and cut into features once.
var trainedModels = sync.OnceValues(trainEmbedded)

// trainEmbedded trains the category model on categorySets and the
// weighing model on regimeSets, the reports of both in one corpus; the
// weighing model's reports come in regimeSets' order, whatever the order
// of categorySets, each word learned with the category the bot would
// suggest for its report had it never read the writer (outOfWriter). The
// five first tuning sets, which the rules were written on and read
// nearly always right, keep their labelled category.
func trainEmbedded() (*model, *weighing) {
	c, which, sets := embeddedCorpus()
	n := categoryCounts(c)
	return trainCategoryOn(c, n), trainWeighingOn(c, which, outOfWriter(c, n, NewRules(), writerSets(sets)))
}

// writerSets are where the sets of regimeSets by one writer each (all but
// the five first tuning sets) are in the embedded corpus (embeddedCorpus's
// sets), in regimeSets' order.
func writerSets(sets map[string][2]int) [][2]int {
	var writers [][2]int
	for _, name := range regimeSets {
		if strings.HasPrefix(name, "regimes-") {
			writers = append(writers, sets[name])
		}
	}
	return writers
}

// embeddedCorpus is the corpus of categorySets, the numbers in it of the
// reports of regimeSets in that order, and where each set is in it: its
// first report and its end.
func embeddedCorpus() (c *corpus, which []int, sets map[string][2]int) {
	var examples []Example
	sets = map[string][2]int{}
	for _, name := range categorySets() {
		set, err := readTrainingSet(name)
		if err != nil {
			panic(err) // embedded at build time: a test reads every set
		}
		sets[name] = [2]int{len(examples), len(examples) + len(set)}
		examples = append(examples, set...)
	}
	for _, name := range regimeSets {
		for i := sets[name][0]; i < sets[name][1]; i++ {
			which = append(which, i)
		}
	}
	return newCorpus(examples), which, sets
}

// categorySets are the sets the category model is trained on:
// trainingSets, then the regime sets not among them.
func categorySets() []string {
	sets := slices.Clone(trainingSets)
	for _, name := range regimeSets {
		if !slices.Contains(sets, name) {
			sets = append(sets, name)
		}
	}
	return sets
}

// readTrainingSet reads one embedded tuning set, its units marked
// (markUnit).
func readTrainingSet(name string) ([]Example, error) {
	f, err := trainingFiles.Open(path.Join(trainingDir, name))
	if err != nil {
		return nil, fmt.Errorf("classify: training set: %w", err)
	}
	defer f.Close()
	examples, err := ReadExamples(f)
	if err != nil {
		return nil, fmt.Errorf("classify: training set %s: %w", name, err)
	}
	markUnit(name, examples)
	return examples, nil
}

// greetings open a report and say nothing of what happened: as features
// they only told which writers greet, and with round 11's training sets
// "Hej!" alone read as a breach of personal data.
var greetings = map[string]bool{"hej": true, "hejsan": true, "halla": true, "tjena": true, "hello": true, "hi": true, "hey": true}

// wordPrefix begins a feature that is one word (eachFeature).
const wordPrefix = "w:"

// eachFeature calls f with every feature of a report's tokens, some more
// than once: every word "w:<word>" and every pair of adjacent words
// "b:<w1>_<w2>". Boundary tokens and greetings are dropped first. The
// bytes are reused: f must not keep them. (Character 4- and 5-grams, used
// until round 8, lost 0.02 to words alone once the regime sets were in
// training.)
func eachFeature(tokens []string, f func(feature []byte)) {
	var buf []byte
	prev := ""
	for _, w := range tokens {
		if w == boundary || greetings[w] {
			continue
		}
		buf = append(append(buf[:0], wordPrefix...), w...)
		f(buf)
		if prev != "" {
			buf = append(append(append(append(buf[:0], "b:"...), prev...), '_'), w...)
			f(buf)
		}
		prev = w
	}
}

// trainCategory fits the model on examples (trainCategoryOn).
func trainCategory(examples []Example) *model {
	c := newCorpus(examples)
	return trainCategoryOn(c, categoryCounts(c))
}

// trainCategoryOn fits the model on all the corpus's reports: P(f|c) =
// (documents of c with f + alpha) / (features of c's documents + alpha ×
// vocabulary size), the prior each category's share of the documents.
// The model shares the corpus's index, which is its vocabulary: every
// report the corpus holds is trained on, so that no feature is known
// that the model never saw.
func trainCategoryOn(c *corpus, n *counts) *model {
	m := &model{index: c.keys}
	for ci, d := range n.docs {
		m.prior[ci] = math.Log(float64(d) / float64(len(c.examples)))
	}
	vocab := float64(len(n.df))
	m.logP = make([][numCategories]float32, len(n.df))
	for row, d := range n.df {
		for ci := range d {
			m.logP[row][ci] = float32(math.Log((float64(d[ci]) + alpha) / (n.total[ci] + alpha*vocab)))
		}
	}
	return m
}

// counts are what the category model is trained from: how many of a
// corpus's reports each category has, how many features they have in
// all, and for each feature how many of each category's reports have it.
type counts struct {
	docs  [numCategories]int
	total [numCategories]float64
	df    [][numCategories]int32
}

// categoryCounts are the corpus's counts, read once for both the model
// (trainCategoryOn) and the models without one writer (outOfWriter).
func categoryCounts(c *corpus) *counts {
	n := &counts{df: make([][numCategories]int32, len(c.index))}
	for i, ex := range c.examples {
		ci := categoryIndex(ex.Category)
		n.docs[ci]++
		for _, row := range c.rows[i] {
			n.df[row][ci]++
		}
		n.total[ci] += float64(len(c.rows[i]))
	}
	return n
}

// known are the rows of the distinct features of a report's tokens that
// the model has seen, in ascending order; the rest are ignored.
func (m *model) known(tokens []string) []int32 { return knownRows(m.index, tokens) }

// predict is the most probable category for a report's known features
// and its posterior, the softmax of the log-scores. With no known feature
// the answer would be the prior alone, and ok is false. Ties go to the
// category first in categoryCues.
func (m *model) predict(rows []int32) (best int, posterior float64, ok bool) {
	score := m.prior
	for _, row := range rows {
		for c, p := range m.logP[row] {
			score[c] += float64(p)
		}
	}
	for c := range score {
		if score[c] > score[best] {
			best = c
		}
	}
	sum := 0.0
	for _, s := range score {
		sum += math.Exp(s - score[best])
	}
	return best, 1 / sum, len(rows) > 0
}

// cues are up to maxLearnedCues words of a report that speak most for
// category ci, best first: those whose log P(w|ci) most exceeds the log
// of the other categories' mean P(w|c), and only where it does.
func (m *model) cues(tokens []string, ci int) []string {
	type scored struct {
		word  string
		score float64
	}
	var words []scored
	var buf []byte
	for _, w := range tokens {
		if len(w) < 4 || negators[w] || locatives[w] || determiners[w] {
			continue // "med", "ingen", "the": they say nothing to a reader
		}
		if _, ok := functionWords[w]; ok {
			continue
		}
		buf = append(append(buf[:0], wordPrefix...), w...)
		row, ok := m.index[featureKey(buf)]
		if !ok || slices.ContainsFunc(words, func(s scored) bool { return s.word == w }) {
			continue
		}
		p, rest := m.logP[row], 0.0
		for c, lp := range p {
			if c != ci {
				rest += math.Exp(float64(lp))
			}
		}
		if s := float64(p[ci]) - math.Log(rest/(numCategories-1)); s > 0 {
			words = append(words, scored{w, s})
		}
	}
	slices.SortFunc(words, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(a.word, b.word))
	})
	out := make([]string, 0, maxLearnedCues)
	for _, w := range words[:min(len(words), maxLearnedCues)] {
		out = append(out, w.word)
	}
	return out
}
