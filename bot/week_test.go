package bot

import (
	"testing"
	"time"
)

func TestWeeks(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		week  string
		start time.Time
	}{
		{"2026-W01", time.Date(2025, 12, 29, 0, 0, 0, 0, loc)},
		{"2026-W48", time.Date(2026, 11, 23, 0, 0, 0, 0, loc)},
		{"2026-W53", time.Date(2026, 12, 28, 0, 0, 0, 0, loc)},
		{"2027-W01", time.Date(2027, 1, 4, 0, 0, 0, 0, loc)},
	}
	for _, tt := range tests {
		got, err := WeekStart(tt.week, loc)
		if err != nil || !got.Equal(tt.start) {
			t.Errorf("WeekStart(%s) = %v %v, want %v", tt.week, got, err, tt.start)
		}
	}
	for _, bad := range []string{"2025-W53", "2026-W00", "2026-W54", "2026-48", "26-W01", "2026-W1"} {
		if _, err := WeekStart(bad, loc); err == nil {
			t.Errorf("WeekStart(%q) accepted", bad)
		}
	}
	if w, _ := AddWeeks("2027-W01", -1, loc); w != "2026-W53" {
		t.Errorf("week before 2027-W01 = %s", w)
	}
	if w, _ := AddWeeks("2026-W52", 2, loc); w != "2027-W01" {
		t.Errorf("two weeks after 2026-W52 = %s", w)
	}
	// Monday 00:30 in Stockholm is Sunday 23:30 UTC: already the new week.
	if w := LastFullWeek(time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC), loc); w != "2026-W47" {
		t.Errorf("last full week = %s", w)
	}
}
