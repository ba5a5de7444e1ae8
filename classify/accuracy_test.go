package classify

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The training sets are in training/, embedded by learned.go; the held-out
// sets are in testdata/, never embedded. Every training set is tuning or
// training data now: the cues and concepts were written with the first
// five's misses in view, and the learned model is trained on all of them,
// so their figures show the rules hold what they learnt, not how they do
// on new text (docs/classification.md).
var labelledSets = trainingSets

// setPath is where the labelled set name is, relative to this package:
// in testdata/ when it is there (the held-out sets, never embedded), else
// among the training sets (the tuning sets, regimes-1 to -22 among them,
// which were held out once).
func setPath(name string) string {
	if p := filepath.Join("testdata", name); fileExists(p) {
		return p
	}
	return filepath.Join(trainingDir, name)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func readSet(t *testing.T, path string) []Example {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	examples, err := ReadExamples(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	markUnit(filepath.Base(path), examples)
	return examples
}

// TestOutsideLexSarahNamesSets: a name in outsideLexSarah that no regime
// set has would change nothing, silently.
func TestOutsideLexSarahNamesSets(t *testing.T) {
	for name := range outsideLexSarah {
		if !slices.Contains(regimeSets, name) && !slices.Contains(regimeHeldOut, name) {
			t.Errorf("outsideLexSarah names %s, which is no regime set", name)
		}
	}
}

// TestRulesAccuracy holds the rules to at least 0.85 on each labelled set,
// logging every figure and every miss to tune by.
func TestRulesAccuracy(t *testing.T) {
	rules := NewRules()
	for _, name := range labelledSets {
		set := readSet(t, setPath(name))
		misses := 0
		for _, ex := range set {
			if s := rules.classify(ex.Text); s.Category != ex.Category {
				misses++
				t.Logf("%s miss: want %s, got %s %v: %s", name, ex.Category, s.Category, s.Cues, ex.Text)
			}
		}
		acc := 1 - float64(misses)/float64(len(set))
		t.Logf("%s: %.2f (%d examples)", name, acc, len(set))
		if acc < 0.85 {
			t.Errorf("%s: accuracy %.2f, want at least 0.85", name, acc)
		}
	}
}

// heldOut are the held-out sets, over a third of all labelled reports:
// each written by two or four writers who saw neither the rules nor any
// labelled set, scored blind, and never used for tuning or training.
// blind-2 was scored against round 4 (0.80), blind-2 and blind-3 against
// round 5, and all three against round 6 once it was frozen; blind-4 was
// written for round 6 and scored once (docs/classification.md).
var heldOut = []string{"blind-2.jsonl", "blind-3.jsonl", "blind-4.jsonl"}

// TestRulesHeldOut guards the held-out figures against regressions without
// listing the misses, so that nobody tunes by them: the shipped rules
// (the learned model deciding where the cues are unsure; round 9's,
// trained on the regime sets too, measured 0.94, 0.91 and 0.94 where
// round 6's had 0.92, 0.91 and 0.88; round 10's, trained on six more of
// them, 0.94, 0.93 and 0.93: 783 of the 840, two fewer than round 9's;
// round 11's, on nine more, 0.94, 0.92 and 0.93: 784, blind-3 one
// fewer and held at 0.92 since; round 13's, on eight more, 0.93, 0.92
// and 0.93: 779, blind-2 three fewer and blind-4 two, held at 0.93
// since, while the held-out regime sets' category rose 0.83 → 0.84;
// round 14's, on four more, 0.92, 0.93 and 0.93: 780, blind-2 two
// fewer and blind-3 three more; round 15's, on two more, the same to
// two places: 778, blind-4 two fewer; round 19's, on sixteen more,
// 0.93, 0.93 and 0.92: 779, blind-2 and blind-3 one more each and
// blind-4 one fewer, held at 0.92 since; round 20's, on six more,
// 0.93, 0.92 and 0.92: 774, blind-3 two fewer and blind-4 three, held
// at 0.92 since, while the held-out regime sets' category rose 0.86 →
// 0.87; round 21's, on four more, 0.92, 0.92 and 0.92: 773, blind-2
// one fewer, held at 0.92 since, while the held-out regime sets'
// category rose 0.875 → 0.879; round 22's, on four more, 0.93, 0.92
// and 0.92: 775, blind-2 one more and blind-4 one more, blind-2 held
// at 0.93 again, while the held-out regime sets' category rose 0.879 →
// 0.884) and
// the hand-written rules alone, each at what the latest round measured.
func TestRulesHeldOut(t *testing.T) {
	rules := NewRules()
	for _, tt := range []struct {
		set            string
		shipped, alone float64
	}{
		{"blind-2.jsonl", 0.93, 0.80},
		{"blind-3.jsonl", 0.92, 0.79},
		{"blind-4.jsonl", 0.92, 0.76},
	} {
		set := readSet(t, setPath(tt.set))
		shipped, alone := 0, 0
		for _, ex := range set {
			if rules.classify(ex.Text).Category == ex.Category {
				shipped++
			}
			if handWritten(rules, ex.Text).Category == ex.Category {
				alone++
			}
		}
		for _, got := range []struct {
			what     string
			correct  int
			measured float64
		}{{"rules", shipped, tt.shipped}, {"hand-written rules alone", alone, tt.alone}} {
			acc := float64(got.correct) / float64(len(set))
			t.Logf("%s, %s: %.2f (%d examples, held out)", tt.set, got.what, acc, len(set))
			if acc < got.measured-0.005 {
				t.Errorf("%s, %s: accuracy %.2f fell below the %.2f measured blind", tt.set, got.what, acc, got.measured)
			}
		}
	}
}

// TestLabelledSets checks the sets' shape: the original tune and held-out
// sets a third apart, every category well represented in every set.
func TestLabelledSets(t *testing.T) {
	tune, hold := readSet(t, setPath("tune.jsonl")), readSet(t, setPath("holdout.jsonl"))
	total := len(tune) + len(hold)
	if total < 150 || 3*len(hold) < total-3 || 3*len(hold) > total+3 {
		t.Errorf("tune %d, holdout %d: want at least 150, a third held out", len(tune), len(hold))
	}
	all, held := 0, 0
	for _, name := range append(slices.Clone(labelledSets), heldOut...) {
		set := readSet(t, setPath(name))
		all += len(set)
		if slices.Contains(heldOut, name) {
			held += len(set)
		}
		per := map[string]int{}
		for _, ex := range set {
			per[string(ex.Category)]++
		}
		for _, c := range []string{"personal_data", "harassment", "threat_violence", "confidentiality", "care_quality", "work_environment", "other"} {
			if per[c] < len(set)/10 {
				t.Errorf("%s: %d examples of %s", name, per[c], c)
			}
		}
	}
	if 3*held < all {
		t.Errorf("%v hold %d of %d labelled reports, want at least a third", heldOut, held, all)
	}
}
