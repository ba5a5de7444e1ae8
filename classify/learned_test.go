package classify

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
)

// noCues is a report in which the hand-written rules find nothing.
const noCues = "Anton satt ensam i korridoren hela kvällen och ingen pratade med honom."

// TestTrainingSetsEmbedded holds the embedded training data to exactly the
// training sets, as they are on disk, and never a held-out set.
func TestTrainingSetsEmbedded(t *testing.T) {
	var got []string
	err := fs.WalkDir(trainingFiles, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			got = append(got, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, name := range append(slices.Clone(trainingSets), regimeSets...) {
		if p := path.Join(trainingDir, name); !slices.Contains(want, p) {
			want = append(want, p)
		}
	}
	slices.Sort(want)
	if !slices.Equal(regimeSets, regimeTuning) {
		t.Errorf("the weighing model is trained on %v, the tuning sets are %v", regimeSets, regimeTuning)
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("embedded files (-got +want):\n%s", diff)
	}
	for _, h := range append(slices.Clone(heldOut), regimeHeldOut...) {
		if slices.Contains(trainingSets, h) || slices.Contains(regimeSets, h) || slices.ContainsFunc(got, func(p string) bool { return path.Base(p) == h }) {
			t.Fatalf("the held-out set %s is among the training sets", h)
		}
		if _, err := os.Stat(path.Join(trainingDir, h)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the held-out set %s is in %s/: keep it in testdata/ only", h, trainingDir)
		}
	}
	for _, name := range append(slices.Clone(trainingSets), regimeSets...) {
		emb, err := fs.ReadFile(trainingFiles, path.Join(trainingDir, name))
		if err != nil {
			t.Fatal(err)
		}
		disk, err := os.ReadFile(setPath(name))
		if err != nil {
			t.Fatal(err)
		}
		if string(emb) != string(disk) {
			t.Errorf("%s: embedded copy differs from the file", name)
		}
		if _, err := readTrainingSet(name); err != nil {
			t.Error(err)
		}
	}
}

func TestFeatures(t *testing.T) {
	var got []string
	eachFeature(tokenize(normalize("Hot! Åt")), func(b []byte) { got = append(got, string(b)) })
	want := []string{"w:hot", "w:at", "b:hot_at"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("features (-got +want):\n%s", diff)
	}
}

func TestLearnedDeterministic(t *testing.T) {
	var examples []Example
	for _, name := range trainingSets {
		examples = append(examples, readSet(t, setPath(name))...)
	}
	if !reflect.DeepEqual(trainCategory(examples), trainCategory(examples)) {
		t.Fatal("two trainings on the same data differ")
	}
	r := NewRules()
	first := r.classify(noCues)
	for range 20 {
		if diff := cmp.Diff(first, r.classify(noCues)); diff != "" {
			t.Fatalf("differs between runs:\n%s", diff)
		}
	}
}

// TestLearnedDecidesGuess: where the rules find nothing, the learned model
// names the category, unsure, with words of the report as its cues.
func TestLearnedDecidesGuess(t *testing.T) {
	r := NewRules()
	if h := handWritten(r, noCues); h.Confidence > guessConfidence || len(h.Cues) > 0 {
		t.Fatalf("the rules find something in %q: %+v", noCues, h)
	}
	got, learned := r.classifyWith(noCues, learnedModel)
	if !learned || !reflect.DeepEqual(got, r.classify(noCues)) {
		t.Fatalf("the learned model did not decide: %+v", got)
	}
	_, posterior, _ := learnedModel().predict(learnedModel().known(tokenize(normalize(noCues))))
	if got.Confidence > learnedScale || got.Confidence != math.Round(learnedScale*posterior*100)/100 {
		t.Errorf("confidence %v for posterior %v", got.Confidence, posterior)
	}
	words := tokenize(normalize(noCues))
	if len(got.Cues) == 0 || len(got.Cues) > maxLearnedCues {
		t.Errorf("cues %v", got.Cues)
	}
	for _, c := range got.Cues {
		if !slices.Contains(words, c) {
			t.Errorf("cue %q is no word of the report", c)
		}
	}
	if got.Source != SourceLearned || got.Severity != defaultSeverity[got.Category] ||
		!slices.Equal(got.Regimes, defaultRegimes[got.Category]) {
		t.Errorf("%+v: want the learned source and the category's default severity and regimes", got)
	}
}

// TestLearnedKeepsSeverityCues: a learned category keeps what the rules'
// severity cues say.
func TestLearnedKeepsSeverityCues(t *testing.T) {
	r := NewRules()
	text := "Anton satt ensam i korridoren och blödde, vi ringde ambulans."
	h := handWritten(r, text)
	got, learned := r.classifyWith(text, learnedModel)
	if h.Confidence > guessConfidence || !learned {
		t.Skipf("the rules decide %q: %+v", text, h)
	}
	if got.Severity.Rank() < bot.High.Rank() || !slices.Contains(got.Cues, "ambulans") {
		t.Errorf("%+v: want severity at least high and the cue ambulans", got)
	}
}

// TestLearnedLeavesConfident: a sure answer of the rules stands unchanged.
func TestLearnedLeavesConfident(t *testing.T) {
	r := NewRules()
	want := handWritten(r, benchReport)
	if want.Confidence <= guessConfidence {
		t.Fatalf("the rules only guess the bench report: %+v", want)
	}
	got, learned := r.classifyWith(benchReport, learnedModel)
	if learned {
		t.Error("the learned model decided a sure report")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-rules +with learned):\n%s", diff)
	}
}

// TestLearnedCrossValidation leaves each tuning set out in turn, trains on
// the other four and logs the accuracy on the one left out: of the learned
// model alone, and of the rules with it. Only the first is a fair figure:
// the rules were written with every one of the five sets in view.
func TestLearnedCrossValidation(t *testing.T) {
	r := NewRules()
	sets := make([][]Example, len(trainingSets))
	for i, name := range trainingSets {
		sets[i] = readSet(t, setPath(name))
	}
	var alone, both, all, decided, guessRight, learnedRight int
	for i, name := range trainingSets {
		var rest []Example
		for j := range sets {
			if j != i {
				rest = append(rest, sets[j]...)
			}
		}
		m := trainCategory(rest)
		a, b, d, g, l := 0, 0, 0, 0, 0
		for _, ex := range sets[i] {
			want := categoryIndex(ex.Category)
			if ci, _, _ := m.predict(m.known(tokenize(normalize(ex.Text)))); ci == want {
				a++
			}
			s, learned := r.classifyWith(ex.Text, func() *model { return m })
			if s.Category == ex.Category {
				b++
			}
			if learned {
				d++
				if handWritten(r, ex.Text).Category == ex.Category {
					g++
				}
				if s.Category == ex.Category {
					l++
				}
			}
		}
		n := len(sets[i])
		fair := "fair: the rules were not tuned on it"
		if !strings.HasPrefix(name, "train-") {
			fair = "not independent: the rules were tuned on it"
		}
		t.Logf("%-14s %3d reports: learned alone %.2f, rules+learned %.2f (%s); learned decided %d, right %d, where the rules alone were right %d",
			name, n, float64(a)/float64(n), float64(b)/float64(n), fair, d, l, g)
		if 2*a < n {
			t.Errorf("%s: the learned model alone is right on %d of %d", name, a, n)
		}
		alone, both, all = alone+a, both+b, all+n
		decided, learnedRight, guessRight = decided+d, learnedRight+l, guessRight+g
	}
	t.Logf("%-14s %3d reports: learned alone %.2f, rules+learned %.2f; learned decided %d, right %d, where the rules alone were right %d",
		"all", all, float64(alone)/float64(all), float64(both)/float64(all), decided, learnedRight, guessRight)
}

// TestLearnedConcurrent: the first guesses of a process may come at once;
// the model is trained once and read by all (run with -race).
func TestLearnedConcurrent(t *testing.T) {
	r := NewRules()
	want := r.classify(noCues)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := r.classify(noCues); !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
	wg.Wait()
}

// TestSharedTrainingIsSeparateTraining: the two models trained on one
// corpus (trainEmbedded, as shipped) are the models trained apart, each
// on its own sets in their order (trainCategory on categorySets,
// trainWeighing on regimeSets with outOfWriter's categories, as the
// cross-validation trains them):
// every feature's probabilities and weights the same, a feature the
// weighing sets lack weighing nothing, the biases the same but for the
// order of a sum.
func TestSharedTrainingIsSeparateTraining(t *testing.T) {
	read := func(names []string) []Example {
		var out []Example
		for _, name := range names {
			set, err := readTrainingSet(name)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, set...)
		}
		return out
	}
	cm, wm := trainEmbedded()
	c := trainCategory(read(categorySets()))
	corpus, which, sets := embeddedCorpus()
	all := outOfWriter(corpus, categoryCounts(corpus), NewRules(), writerSets(sets))
	inOrder := make([]bot.Category, len(which))
	for k, i := range which {
		inOrder[k] = all[i]
	}
	w := trainWeighing(read(regimeSets), inOrder)
	if c.prior != cm.prior || len(c.index) != len(cm.index) {
		t.Fatalf("category priors %v, apart %v; %d features, apart %d", cm.prior, c.prior, len(cm.index), len(c.index))
	}
	for f, row := range c.index {
		if cm.logP[cm.index[f]] != c.logP[row] {
			t.Fatalf("category model, feature %x: %v, apart %v", f, cm.logP[cm.index[f]], c.logP[row])
		}
	}
	for f := range wm.index {
		for ci := -1; ci < numCategories; ci++ {
			got, _ := weightsOf(wm, f, ci)
			if apart, ok := weightsOf(w, f, ci); ok && got != apart || !ok && got != [numWeighing]float32{} {
				t.Fatalf("weighing model, feature %x with category %d (in its sets %v): %v, apart %v", f, ci, ok, got, apart)
			}
		}
	}
	for ci := range int32(numCategories) {
		if got, apart := wm.w[wm.category+ci], w.w[w.category+ci]; got != apart {
			t.Errorf("weighing model, category %d alone: %v, apart %v", ci, got, apart)
		}
	}
	for o := range wm.bias {
		if math.Abs(wm.bias[o]-w.bias[o]) > 1e-9 {
			t.Errorf("weighing bias %d: %v, apart %v", o, wm.bias[o], w.bias[o])
		}
	}
}

// weightsOf are m's weights of the feature keyed f alone (ci -1) or, for a word,
// with the category numbered ci, and whether m has them.
func weightsOf(m *weighing, f uint64, ci int) ([numWeighing]float32, bool) {
	row, ok := m.index[f]
	switch {
	case !ok:
		return [numWeighing]float32{}, false
	case ci < 0:
		return m.w[row], true
	case m.word[row] < 0 || m.pairs[int32(ci)*m.words+m.word[row]] < 0:
		return [numWeighing]float32{}, false
	}
	return m.w[m.pairs[int32(ci)*m.words+m.word[row]]], true
}
