package bot

import (
	"fmt"
	"time"
)

// WeekStart is the Monday 00:00 in loc that starts ISO week, e.g. "2026-W05".
func WeekStart(week string, loc *time.Location) (time.Time, error) {
	var y, w int
	if _, err := fmt.Sscanf(week, "%4d-W%2d", &y, &w); err != nil || w < 1 || w > 53 || len(week) != 8 {
		return time.Time{}, fmt.Errorf("week %q: want YYYY-Www", week)
	}
	// 4 January is always in week 1.
	jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, loc)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	start := monday.AddDate(0, 0, 7*(w-1))
	if ISOWeek(start, loc) != week {
		return time.Time{}, fmt.Errorf("week %q does not exist", week)
	}
	return start, nil
}

// AddWeeks is the ISO week n weeks after week (before, when n < 0).
func AddWeeks(week string, n int, loc *time.Location) (string, error) {
	start, err := WeekStart(week, loc)
	if err != nil {
		return "", err
	}
	return ISOWeek(start.AddDate(0, 0, 7*n), loc), nil
}

// LastFullWeek is the ISO week before the one now is in.
func LastFullWeek(now time.Time, loc *time.Location) string {
	return ISOWeek(now.In(loc).AddDate(0, 0, -7), loc)
}
