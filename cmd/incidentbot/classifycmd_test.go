package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var holdoutSet = filepath.Join("..", "..", "classify", "training", "holdout.jsonl")

// accuracyLast is the contract's last line of `classify --eval`.
var accuracyLast = regexp.MustCompile(`\naccuracy: (0\.\d\d|1\.00)\n$`)

// offlineSources is the `source:` line when only the offline classifier
// answered.
var offlineSources = regexp.MustCompile(`\nsource: rules (\d+)(?:, rules \(learned\) (\d+))?\n`)

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func TestClassifyEvalRules(t *testing.T) {
	var out bytes.Buffer
	if err := runCommand(nil, &out, "classify", "--eval", holdoutSet); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !accuracyLast.MatchString(out.String()) {
		t.Errorf("output does not end with the accuracy:\n%s", out.String())
	}
	// The offline classifier made every suggestion: its cues, or its
	// learned model where the cues were unsure.
	m := offlineSources.FindStringSubmatch(out.String())
	if m == nil || atoi(m[1])+atoi(m[2]) != 63 {
		t.Errorf("output does not say the rules made every suggestion:\n%s", out.String())
	}
}

// TestClassifyEvalLLM runs --llm against a fake OpenAI-compatible server
// that answers "other", low and no regime to everything: the table and the
// severity and regime lines measure the model's answers, as for the rules.
func TestClassifyEvalLLM(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]any{
			"role": "assistant", "content": `{"category":"other","severity":"low","regimes":[],"confidence":0.5,"rationale":"x"}`}}}})
	}))
	defer srv.Close()
	env := map[string]string{"OPENAI_API_KEY": "test-key", "OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_MODEL": "fake"}
	var out bytes.Buffer
	if err := runCommand(env, &out, "classify", "--eval", holdoutSet, "--llm"); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "source: llm:fake 63") || !strings.HasSuffix(out.String(), "\naccuracy: 0.14\n") {
		t.Errorf("output:\n%s", out.String())
	}
	// 9 of the 63 are labelled low and 6 medium; every regime is missed.
	for _, want := range []string{"\nseverity: exact 0.14 within-one 0.24 under 0.86\n", "\nregime work_environment_serious: precision 1.00 recall 0.00\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestClassifyUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"classify"}, "usage: incidentbot classify"},
		{[]string{"classify", "--eval"}, "usage: incidentbot classify"},
		{[]string{"classify", "--eval", holdoutSet, "extra"}, "usage: incidentbot classify"},
		{[]string{"classify", "--eval", holdoutSet, "--llm"}, "OPENAI_API_KEY"},
		{[]string{"classify", "--eval", "no-such-file.jsonl"}, "no-such-file.jsonl"},
	} {
		err := runCommand(nil, io.Discard, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want one mentioning %q", tt.args, err, tt.want)
		}
	}
}
