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
	return nil
}

// totals is the height of each week's stack.
func (w Weekly) totals() []int64 {
	out := make([]int64, len(w.Weeks))
	for _, counts := range w.Counts {
		for i, n := range counts {
			out[i] += n
		}
	}
	return out
}
