package chart

import (
	"errors"
	"fmt"

	"github.com/incidentbot/incidentbot/bot"
)

// Weekly is the data of one chart: week labels oldest first, and per category the count for each week.
type Weekly struct {
	Weeks  []string                 // ISO weeks, e.g. "2026-W40", oldest first
	Counts map[bot.Category][]int64 // len == len(Weeks); missing categories are zero
	// Small, when set, are the reports of each week in categories with
	// only one or two that week, drawn together and not by category, so
	// that a small unit's chart does not point at a person.
	Small []int64
}

// Banded is w with each category's count of one or two in a week moved to
// Small; the weeks' totals stay the same.
func (w Weekly) Banded() Weekly {
	out := Weekly{Weeks: w.Weeks, Counts: map[bot.Category][]int64{}, Small: make([]int64, len(w.Weeks))}
	for c, counts := range w.Counts {
		kept := make([]int64, len(counts))
		for i, n := range counts {
			if n == 1 || n == 2 {
				out.Small[i] += n
				continue
			}
			kept[i] = n
		}
		out.Counts[c] = kept
	}
	return out
}

// validate rejects data the chart would draw wrongly rather than fail on.
func (w Weekly) validate() error {
	if len(w.Weeks) == 0 {
		return errors.New("chart: no weeks")
	}
	for c, counts := range w.Counts {
		if !c.Valid() {
			return fmt.Errorf("chart: unknown category %q", c)
		}
		if len(counts) != len(w.Weeks) {
			return fmt.Errorf("chart: %s has %d counts for %d weeks", c, len(counts), len(w.Weeks))
		}
		for i, n := range counts {
			if n < 0 {
				return fmt.Errorf("chart: %s week %s: negative count %d", c, w.Weeks[i], n)
			}
		}
	}
	if w.Small != nil && len(w.Small) != len(w.Weeks) {
		return fmt.Errorf("chart: %d small counts for %d weeks", len(w.Small), len(w.Weeks))
	}
	return nil
}

// totals is the height of each week's stack.
func (w Weekly) totals() []int64 {
	out := make([]int64, len(w.Weeks))
	for i, n := range w.Small {
		out[i] += n
	}
	for _, counts := range w.Counts {
		for i, n := range counts {
			out[i] += n
		}
	}
	return out
}
