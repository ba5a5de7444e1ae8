package classify

import (
	"os"
	"path/filepath"
	"testing"
)

// The labelled sets live at the module root so that the command's
// documented invocation finds them from there. All five are tuning data
// now: the cues and concepts were written with their misses in view, so
// their figures show the rules hold what they learnt, not how they do on
// new text (docs/classification.md).
var labelledSets = []string{"tune.jsonl", "holdout.jsonl", "fresh-1.jsonl", "fresh-2.jsonl", "blind-1.jsonl"}

func setPath(name string) string {
	return filepath.Join("..", "testdata", "classification", name)
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
	return examples
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

// heldOut is the held-out third: written by others after round 4 was
// frozen, scored once (0.80), and not used for tuning since.
const heldOut = "blind-2.jsonl"

// TestRulesHeldOut guards the held-out figure against regressions without
// listing the misses, so that nobody tunes by them.
func TestRulesHeldOut(t *testing.T) {
	rules := NewRules()
	set := readSet(t, setPath(heldOut))
	correct := 0
	for _, ex := range set {
		if rules.classify(ex.Text).Category == ex.Category {
			correct++
		}
	}
	acc := float64(correct) / float64(len(set))
	t.Logf("%s: %.2f (%d examples, held out)", heldOut, acc, len(set))
	if acc < 0.795 {
		t.Errorf("%s: accuracy %.2f fell below the 0.80 measured when it was scored blind", heldOut, acc)
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
	all, held := 0, len(readSet(t, setPath(heldOut)))
	for _, name := range append(labelledSets, heldOut) {
		set := readSet(t, setPath(name))
		all += len(set)
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
		t.Errorf("%s holds %d of %d labelled reports, want at least a third", heldOut, held, all)
	}
}
