package bot

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// CaseID identifies a case: <PREFIX>-<YYYY>-<NNNN>, a per-year sequence of
// at least four digits that is never reused.
type CaseID string

var caseIDPattern = regexp.MustCompile(`^([A-Z][A-Z0-9]{0,9})-(\d{4})-(\d{4,9})$`)

// ValidPrefix reports whether p can prefix case ids.
func ValidPrefix(p string) bool { return caseIDPattern.MatchString(p + "-2000-0001") }

// FormatCaseID builds a case id from its parts.
func FormatCaseID(prefix string, year int, seq int64) CaseID {
	return CaseID(fmt.Sprintf("%s-%04d-%04d", prefix, year, seq))
}

// ParseCaseID splits a case id into its parts.
func ParseCaseID(s string) (prefix string, year int, seq int64, err error) {
	m := caseIDPattern.FindStringSubmatch(s)
	if m == nil {
		return "", 0, 0, fmt.Errorf("case id %q: %w", s, ErrNotFound)
	}
	year, _ = strconv.Atoi(m[2])
	seq, _ = strconv.ParseInt(m[3], 10, 64)
	return m[1], year, seq, nil
}

// Year is the year part of the id, 0 when the id is malformed.
func (id CaseID) Year() int {
	_, y, _, err := ParseCaseID(string(id))
	if err != nil {
		return 0
	}
	return y
}

// ISOWeek names t's ISO week in loc, e.g. "2026-W05".
func ISOWeek(t time.Time, loc *time.Location) string {
	y, w := t.In(loc).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}
