package classify

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// The labelled sets live at the module root so that the command's
// documented invocation finds them from there.
var (
	tunePath    = filepath.Join("..", "testdata", "classification", "tune.jsonl")
	holdoutPath = filepath.Join("..", "testdata", "classification", "holdout.jsonl")
	// fresh2Path was written after the rules' last change and measured
	// once: the honest figure for text the cues were not written from.
	fresh2Path = filepath.Join("..", "testdata", "classification", "fresh-2.jsonl")
)

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

// TestRulesAccuracy holds the rules to the figures in docs/classification.md:
// at least 0.85 on the set they were tuned on, and regression guards on
// the held-out set (0.80) and on fresh-2 (0.40), whose figures are only
// logged. Misses on the tuning set are logged to tune by; misses on the
// other sets are not, on purpose.
func TestRulesAccuracy(t *testing.T) {
	rules := NewRules()
	tune := readSet(t, tunePath)
	misses := 0
	for _, ex := range tune {
		s := rules.classify(ex.Text)
		if s.Category != ex.Category {
			misses++
			t.Logf("tune miss: want %s, got %s %v: %s", ex.Category, s.Category, s.Cues, ex.Text)
		}
	}
	tuneAcc := 1 - float64(misses)/float64(len(tune))
	t.Logf("tune: %.2f (%d examples)", tuneAcc, len(tune))
	if tuneAcc < 0.85 {
		t.Errorf("tune accuracy %.2f, want at least 0.85", tuneAcc)
	}

	f, err := os.Open(holdoutPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	holdAcc, err := Evaluate(context.Background(), rules, f, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("holdout: %.2f", holdAcc)
	if holdAcc < 0.80 {
		t.Errorf("holdout accuracy %.2f, want at least 0.80 (docs/classification.md reports it)", holdAcc)
	}

	f2, err := os.Open(fresh2Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	freshAcc, err := Evaluate(context.Background(), rules, f2, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fresh-2: %.2f", freshAcc)
	if freshAcc < 0.40 {
		t.Errorf("fresh-2 accuracy %.2f, want at least 0.40 (docs/classification.md reports 0.45)", freshAcc)
	}
}

// TestLabelledSets checks the sets' shape: a third held out, every
// category well represented on both sides.
func TestLabelledSets(t *testing.T) {
	tune, hold := readSet(t, tunePath), readSet(t, holdoutPath)
	total := len(tune) + len(hold)
	if total < 150 || 3*len(hold) < total-3 || 3*len(hold) > total+3 {
		t.Errorf("tune %d, holdout %d: want at least 150, a third held out", len(tune), len(hold))
	}
	for name, set := range map[string][]Example{"tune": tune, "holdout": hold} {
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
}
