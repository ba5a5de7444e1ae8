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

// Example is one line of a labelled set: a report and its true category.
type Example struct {
	Text     string       `json:"text"`
	Category bot.Category `json:"category"`
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
	for i, ex := range examples {
		s, err := c.Classify(ctx, bot.ClassifyInput{Text: ex.Text})
		if err != nil {
			return 0, fmt.Errorf("example %d: %w", i+1, err)
		}
		sources[s.Source]++
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
