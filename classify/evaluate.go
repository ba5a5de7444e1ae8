package classify

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/incidentbot/incidentbot/bot"
)

// Example is one line of a labelled set: a report and its true category
// and, when labelled, its severity and regimes.
type Example struct {
	Text     string       `json:"text"`
	Category bot.Category `json:"category"`
	Severity bot.Severity `json:"severity,omitempty"`
	// Regimes is nil when the line does not label them, empty when it
	// labels none as holding.
	Regimes []bot.Regime `json:"regimes"`
	// UnitLexSarah false says that the reporter's unit is outside Lex
	// Sarah (the police, the prison service): the bot never suggests
	// lex_sarah there (bot.AllowedRegimes), so neither does the
	// measurement. Absent, the suggestion is measured as it comes.
	UnitLexSarah *bool `json:"unit_lex_sarah,omitempty"`
}

// allowed is what the bot keeps of a suggestion's regimes for the unit ex
// was reported in.
func (ex Example) allowed(rs []bot.Regime) []bot.Regime {
	if ex.UnitLexSarah == nil || *ex.UnitLexSarah {
		return rs
	}
	return bot.AllowedRegimes(rs, bot.Unit{})
}

// shortNames head the confusion table's columns, so that it fits a terminal.
var shortNames = map[bot.Category]string{
	bot.PersonalData:    "pdata",
	bot.Harassment:      "haras",
	bot.ThreatViolence:  "threat",
	bot.Confidentiality: "confid",
	bot.CareQuality:     "care",
	bot.WorkEnvironment: "workenv",
	bot.Other:           "other",
}

// ReadExamples reads a labelled set in JSON Lines: one {"text", "category"}
// object a line; blank lines are skipped, anything else wrong is an error
// naming the line.
func ReadExamples(r io.Reader) ([]Example, error) {
	var out []Example
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20) // long reports are a feature
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var ex Example
		if err := json.Unmarshal(line, &ex); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		switch {
		case ex.Text == "":
			return nil, fmt.Errorf("line %d: no text", n)
		case !ex.Category.Valid():
			return nil, fmt.Errorf("line %d: unknown category %q", n, ex.Category)
		case ex.Severity != "" && !ex.Severity.Valid():
			return nil, fmt.Errorf("line %d: unknown severity %q", n, ex.Severity)
		}
		for _, r := range ex.Regimes {
			if !r.Valid() {
				return nil, fmt.Errorf("line %d: unknown regime %q", n, r)
			}
		}
		out = append(out, ex)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read labelled set: %w", err)
	}
	return out, nil
}

// Evaluate classifies every example in r with c and writes a confusion
// table (rows the true category, columns the suggested one, and each
// row's recall), how many suggestions came from which source, and, last,
// "accuracy: 0.NN".
func Evaluate(ctx context.Context, c bot.Classifier, r io.Reader, w io.Writer) (float64, error) {
	examples, err := ReadExamples(r)
	if err != nil {
		return 0, err
	}
	if len(examples) == 0 {
		return 0, errors.New("labelled set is empty")
	}
	const invalid = bot.Category("?") // a suggestion outside the contract
	counts := map[bot.Category]map[bot.Category]int{}
	sources := map[string]int{} // shows how often an LLM fell back
	correct := 0
	var sev severityScore
	reg := regimeScore{}
	for i, ex := range examples {
		s, err := c.Classify(ctx, bot.ClassifyInput{Text: ex.Text})
		if err != nil {
			return 0, fmt.Errorf("example %d: %w", i+1, err)
		}
		sources[s.Source]++
		sev.add(ex.Severity, s.Severity)
		if ex.Regimes != nil {
			reg.add(ex.Regimes, ex.allowed(s.Regimes))
		}
		got := s.Category
		if !got.Valid() {
			got = invalid
		}
		if counts[ex.Category] == nil {
			counts[ex.Category] = map[bot.Category]int{}
		}
		counts[ex.Category][got]++
		if got == ex.Category {
			correct++
		}
	}
	cols := make([]bot.Category, 0, len(bot.Categories)+1)
	for _, info := range bot.Categories {
		cols = append(cols, info.ID)
	}
	for _, row := range counts {
		if row[invalid] > 0 {
			cols = append(cols, invalid)
			break
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "true \\ suggested\t")
	for _, col := range cols {
		fmt.Fprintf(tw, "%s\t", shortName(col))
	}
	fmt.Fprint(tw, "n\trecall\t\n")
	for _, info := range bot.Categories {
		row, total := counts[info.ID], 0
		fmt.Fprintf(tw, "%s\t", info.ID)
		for _, col := range cols {
			fmt.Fprintf(tw, "%d\t", row[col])
			total += row[col]
		}
		recall := "-"
		if total > 0 {
			recall = fmt.Sprintf("%.2f", float64(row[info.ID])/float64(total))
		}
		fmt.Fprintf(tw, "%d\t%s\t\n", total, recall)
	}
	if err := tw.Flush(); err != nil {
		return 0, err
	}
	names := slices.Sorted(maps.Keys(sources))
	for i, name := range names {
		names[i] = fmt.Sprintf("%s %d", name, sources[name])
	}
	fmt.Fprintf(w, "source: %s\n", strings.Join(names, ", "))
	sev.write(w)
	reg.write(w)
	acc := float64(correct) / float64(len(examples))
	_, err = fmt.Fprintf(w, "correct: %d of %d\naccuracy: %.2f\n", correct, len(examples), acc)
	return acc, err
}

func shortName(c bot.Category) string {
	if s, ok := shortNames[c]; ok {
		return s
	}
	return string(c)
}

// severityScore compares suggested severities with labelled ones.
type severityScore struct{ n, exact, withinOne, under int }

func (sc *severityScore) add(want, got bot.Severity) {
	if want == "" {
		return
	}
	sc.n++
	d := got.Rank() - want.Rank() // no severity ranks 0, under every one
	switch {
	case d == 0:
		sc.exact++
	case d < 0:
		sc.under++
	}
	if d >= -1 && d <= 1 {
		sc.withinOne++
	}
}

// write prints "severity: exact 0.NN within-one 0.NN under 0.NN" when the
// set labels severities.
func (sc severityScore) write(w io.Writer) {
	if sc.n == 0 {
		return
	}
	n := float64(sc.n)
	fmt.Fprintf(w, "severity: exact %.2f within-one %.2f under %.2f\n", float64(sc.exact)/n, float64(sc.withinOne)/n, float64(sc.under)/n)
}

// regimeScore counts, per regime, true and false positives and false
// negatives over the lines that label regimes.
type regimeScore map[bot.Regime]*[3]int

func (sc regimeScore) add(want, got []bot.Regime) {
	for _, r := range bot.AllRegimes() {
		in, out := slices.Contains(want, r), slices.Contains(got, r)
		if sc[r] == nil {
			sc[r] = &[3]int{}
		}
		switch {
		case in && out:
			sc[r][0]++
		case out:
			sc[r][1]++
		case in:
			sc[r][2]++
		}
	}
}

// write prints "regime ID: precision 0.NN recall 0.NN" per regime when
// the set labels regimes.
func (sc regimeScore) write(w io.Writer) {
	if len(sc) == 0 {
		return
	}
	for _, r := range bot.AllRegimes() {
		p, rc := sc.rates(r)
		fmt.Fprintf(w, "regime %s: precision %.2f recall %.2f\n", r, p, rc)
	}
}

// rates are regime r's precision and recall; a ratio with nothing to
// divide by is 1.
func (sc regimeScore) rates(r bot.Regime) (precision, recall float64) {
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 1
		}
		return float64(a) / float64(b)
	}
	c := sc[r]
	if c == nil {
		return 1, 1
	}
	return ratio(c[0], c[0]+c[1]), ratio(c[0], c[0]+c[2])
}
