package bot

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestWeeks(t *testing.T) {
	loc := testConfig().Location()
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

func TestBuildDigestCounts(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	loc := f.reports.Config().Location()
	week := "2026-W47" // Monday 16 November 2026
	start, _ := WeekStart(week, loc)
	at := func(d time.Duration) { f.now = start.Add(d) }

	// Two weeks before: one report, for the four-week average.
	at(-13 * 24 * time.Hour)
	f.submitted(t, Harassment, "jobbtorg", Answers{QDescription: {"x"}, QHABetween: {"colleagues"}, QHAOngoing: {No}}, false)
	// Last week: Sunday 23:30 UTC is Monday 00:30 in Stockholm, this week.
	at(-30 * time.Minute)
	f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	f.now = time.Date(2026, 11, 15, 23, 30, 0, 0, time.UTC)
	edge := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	if edge.Week != week {
		t.Fatalf("a report at Monday 00:30 local time is in %s", edge.Week)
	}
	// This week: a breach acknowledged after 5 hours and closed; another
	// unit's case the manager does not manage.
	at(24 * time.Hour)
	c := f.submitted(t, PersonalData, "jobbtorg", Answers{QDescription: {"x"}, QPDDataKind: {"health"}, QPDCount: {"1"},
		QPDLeftOrg: {No}, QPDContained: {Yes}}, false)
	f.submitted(t, Other, "lss-home", Answers{QDescription: {"x"}}, false)
	at(29 * time.Hour)
	if _, _, err := f.reports.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	at(50 * time.Hour)
	if _, _, err := f.reports.Close(ctx, c.ID, "UCOORD1", Closure{Decision: DecisionResolved, ActionsTaken: "ok", AuthorityNotified: NotifiedYes,
		AuthorityNotifiedAt: f.now}); err != nil {
		t.Fatal(err)
	}
	// The edge case is reclassified: it now counts as confidentiality.
	if _, _, err := f.reports.Classify(ctx, edge.ID, "UCOORD1", Confidentiality, High, nil); err != nil {
		t.Fatal(err)
	}

	now := start.AddDate(0, 0, 7).Add(8 * time.Hour) // the Monday after, 08:00
	d, err := f.reports.BuildDigest(ctx, "UMGR1", week, now)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[Category]int64{PersonalData: 1, Confidentiality: 1}, nonzero(d.New)); diff != "" {
		t.Errorf("new this week (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[Category]int64{Other: 1}, nonzero(d.LastWeek)); diff != "" {
		t.Errorf("new last week (-want +got):\n%s", diff)
	}
	if d.Avg4[Harassment] != 0.25 || d.Avg4[Other] != 0.25 {
		t.Errorf("4-week average = %v", d.Avg4)
	}
	if d.Closed[DecisionResolved] != 1 || d.IMY != 1 || d.AckMedian != 8 || d.CloseMedian != 48 {
		t.Errorf("closed %v imy %d ack median %d close median %d", d.Closed, d.IMY, d.AckMedian, d.CloseMedian)
	}
	if len(d.Chart) != 8 || d.Chart[7].Week != week || d.Chart[0].Week != "2026-W40" {
		t.Errorf("chart weeks = %v", d.Chart)
	}
	if d.Open.ByStatus[StatusNew] != 3 || d.Open.AckOverdue != 3 {
		t.Errorf("open = %+v", d.Open)
	}
	if diff := cmp.Diff([]string{"Jobbtorg Skärholmen"}, d.Units); diff != "" {
		t.Errorf("units (-want +got):\n%s", diff)
	}
}

func nonzero[K comparable](m map[K]int64) map[K]int64 {
	out := map[K]int64{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func TestSendDigestsExactlyOnce(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	loc := f.reports.Config().Location()
	monday := time.Date(2026, 11, 23, 0, 0, 0, 0, loc)
	// Another replica shares the store.
	other := &Service{Store: f.store, Notifier: f.notifier, Config: f.reports.Config}

	if n, err := f.reports.SendDigests(ctx, monday.Add(7*time.Hour+59*time.Minute), "a"); n != 0 || err != nil {
		t.Errorf("before 08:00: sent %d, %v", n, err)
	}
	f.notifier.unreachable = map[string]bool{"UMGR1": true}
	if _, err := f.reports.SendDigests(ctx, monday.Add(8*time.Hour), "a"); err == nil {
		t.Error("an unreachable manager is not reported")
	}
	f.notifier.unreachable = nil
	n1, _ := f.reports.SendDigests(ctx, monday.Add(8*time.Hour+time.Minute), "a")
	n2, _ := other.SendDigests(ctx, monday.Add(8*time.Hour+time.Minute), "b")
	n3, _ := f.reports.SendDigests(ctx, monday.Add(9*time.Hour), "a")
	if n1+n2+n3 != 1 || len(f.notifier.digests) != 1 {
		t.Fatalf("sent %d+%d+%d digests, %d delivered; want exactly one", n1, n2, n3, len(f.notifier.digests))
	}
	if d := f.notifier.digests[0]; d.Week != "2026-W47" || d.Late || d.Manager != "UMGR1" {
		t.Errorf("digest = %+v", d)
	}

	// Down all Monday: the next week's digest goes out Tuesday, marked late.
	if err := f.reports.SetDigestPaused(ctx, "UCOORD1", true); err == nil {
		t.Error("a coordinator paused a digest they do not get")
	}
	tuesday := monday.AddDate(0, 0, 8).Add(10 * time.Hour)
	if n, _ := f.reports.SendDigests(ctx, tuesday, "a"); n != 1 || !f.notifier.digests[1].Late || f.notifier.digests[1].Week != "2026-W48" {
		t.Errorf("catch-up: sent %d, %+v", n, f.notifier.digests[len(f.notifier.digests)-1])
	}
	// A paused manager gets none.
	if err := f.reports.SetDigestPaused(ctx, "UMGR1", true); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.reports.SendDigests(ctx, monday.AddDate(0, 0, 14).Add(9*time.Hour), "a"); n != 0 {
		t.Errorf("paused manager got %d digests", n)
	}
}

type everyHour struct{}

func (everyHour) Next(t time.Time) time.Time { return t.Truncate(time.Hour).Add(time.Hour) }

func TestDigestDueFollowsTheSchedule(t *testing.T) {
	f := newFixture()
	loc := f.reports.Config().Location()
	due, err := f.reports.DigestDue("2026-W47")
	if err != nil || !due.Equal(time.Date(2026, 11, 23, 8, 0, 0, 0, loc)) {
		t.Errorf("default due = %v %v", due, err)
	}
	cfg := testConfig()
	cfg.DigestSchedule = everyHour{}
	f.reports.Config = func() *Config { return cfg }
	due, _ = f.reports.DigestDue("2026-W47")
	if !due.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, loc)) {
		t.Errorf("hourly schedule due = %v", due)
	}
}
