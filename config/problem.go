package config

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a configuration file, at a line.
type Problem struct {
	File   string
	Line   int
	Reason string
}

// String formats the problem as file:line: reason, the form editors jump to.
func (p Problem) String() string {
	if p.Line <= 0 {
		return p.File + ": " + p.Reason
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason)
}

// Errors is every problem found in a configuration file, in line order.
type Errors struct {
	Problems []Problem
}

// Error lists the problems one per line.
func (e *Errors) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
