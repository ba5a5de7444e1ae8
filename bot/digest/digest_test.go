package digest_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

func TestBuildCounts(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	loc := domaintest.Config().Location()
	week := "2026-W47" // Monday 16 November 2026
	start, _ := bot.WeekStart(week, loc)
	at := func(d time.Duration) { f.SetNow(start.Add(d)) }

	// Two weeks before: one report, for the four-week average.
	at(-13 * 24 * time.Hour)
	f.Submitted(bot.Harassment, "jobbtorg", bot.Answers{bot.QDescription: {"x"}, bot.QHAByRole: {"staff"}, bot.QHAAgainstRole: {"staff"}, bot.QHAOngoing: {bot.No}, bot.QHAOffence: {bot.No}}, false)
	// Last week: Sunday 23:30 UTC is Monday 00:30 in Stockholm, this week.
	at(-30 * time.Minute)
	f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	f.SetNow(time.Date(2026, 11, 15, 23, 30, 0, 0, time.UTC))
	edge := f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	if edge.Week != week {
		t.Fatalf("a report at Monday 00:30 local time is in %s", edge.Week)
	}
	// This week: a breach acknowledged after 5 hours and closed; another
	// unit's case the manager does not manage.
	at(24 * time.Hour)
	c := f.Submitted(bot.PersonalData, "jobbtorg", bot.Answers{bot.QDescription: {"x"}, bot.QPDDataKind: {"health"}, bot.QPDCount: {"1"},
		bot.QPDLeftOrg: {bot.No}, bot.QPDContained: {bot.Yes}}, false)
	f.Submitted(bot.Other, "lss-home", bot.Answers{bot.QDescription: {"x"}}, false)
	at(29 * time.Hour)
	if _, _, err := f.Cases.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	at(50 * time.Hour)
	if _, _, err := f.Cases.Notify(ctx, c.ID, "UCOORD1", cases.NotifyInput{Authority: bot.AuthorityIMY, At: f.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Cases.RecordBreach(ctx, c.ID, "UCOORD1", bot.Breach{Summary: "Fel mottagare.", Whose: []string{"clients"},
		Kinds: []string{"health"}, Count: "1", Consequences: "Små.", Measures: "Raderat.", Risk: bot.RiskPresent, Reasoning: "Hälsouppgifter."}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Cases.Close(ctx, c.ID, "UCOORD1", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok",
		Breach: &bot.Breach{Risk: bot.RiskPresent, Reasoning: "Hälsouppgifter."}}); err != nil {
		t.Fatal(err)
	}
	// The edge case is reclassified: it now counts as confidentiality.
	if _, _, err := f.Cases.Classify(ctx, edge.ID, "UCOORD1", bot.Confidentiality, bot.High, nil); err != nil {
		t.Fatal(err)
	}

	now := start.AddDate(0, 0, 7).Add(8 * time.Hour) // the Monday after, 08:00
	d, err := f.Digests.Build(ctx, "UMGR1", week, now)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(nonzero(d.New), map[bot.Category]int64{bot.PersonalData: 1, bot.Confidentiality: 1}); diff != "" {
		t.Errorf("new this week (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(nonzero(d.LastWeek), map[bot.Category]int64{bot.Other: 1}); diff != "" {
		t.Errorf("new last week (-got +want):\n%s", diff)
	}
	if d.Avg4[bot.Harassment] != 0.25 || d.Avg4[bot.Other] != 0.25 {
		t.Errorf("4-week average = %v", d.Avg4)
	}
	if d.Closed[bot.DecisionResolved] != 1 || d.IMY != 1 || d.AckMedian != 8 || d.CloseMedian != 48 {
		t.Errorf("closed %v imy %d ack median %d close median %d", d.Closed, d.IMY, d.AckMedian, d.CloseMedian)
	}
	if len(d.Chart) != 8 || d.Chart[7].Week != week || d.Chart[0].Week != "2026-W40" {
		t.Errorf("chart weeks = %v", d.Chart)
	}
	if d.Open.ByStatus[bot.StatusNew] != 3 || d.Open.AckOverdue != 3 {
		t.Errorf("open = %+v", d.Open)
	}
	if diff := cmp.Diff(d.Units, []string{"Jobbtorg Skärholmen"}); diff != "" {
		t.Errorf("units (-got +want):\n%s", diff)
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

// TestOldOpenCasesStayInView: a case left open for years is still in the
// digest's open cases, among the older.
func TestOldOpenCasesStayInView(t *testing.T) {
	f := domaintest.New(t)
	now := f.Now()
	f.SetNow(now.AddDate(-4, 0, 0))
	f.Submitted(bot.Other, "jobbtorg", bot.Answers{bot.QDescription: {"x"}}, false)
	f.SetNow(now)
	d, err := f.Digests.Build(context.Background(), "UMGR1", bot.ISOWeek(now.AddDate(0, 0, -7), domaintest.Config().Location()), now)
	if err != nil || d.Open.ByAge[3] != 1 {
		t.Errorf("digest open by age = %v %v, want the old case among the older", d.Open.ByAge, err)
	}
}

type everyHour struct{}

func (everyHour) Next(t time.Time) time.Time { return t.Truncate(time.Hour).Add(time.Hour) }

func TestDueFollowsTheSchedule(t *testing.T) {
	f := domaintest.New(t)
	loc := domaintest.Config().Location()
	due, err := f.Digests.Due("2026-W47")
	if err != nil || !due.Equal(time.Date(2026, 11, 23, 8, 0, 0, 0, loc)) {
		t.Errorf("default due = %v %v", due, err)
	}
	cfg := domaintest.Config()
	cfg.DigestSchedule = everyHour{}
	f.SetConfig(cfg)
	due, _ = f.Digests.Due("2026-W47")
	if !due.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, loc)) {
		t.Errorf("hourly schedule due = %v", due)
	}
}

func TestPreviewAndPause(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	d, err := f.Digests.Preview(ctx, "UMGR1")
	if err != nil || d.Week != "2026-W47" || d.Manager != "UMGR1" {
		t.Errorf("preview = %+v %v", d, err)
	}
	for _, err := range []error{
		func() error { _, err := f.Digests.Preview(ctx, "UCOORD1"); return err }(),
		f.Digests.SetPaused(ctx, "UCOORD1", true),
	} {
		if err == nil {
			t.Error("a coordinator previewed or paused a digest they do not get")
		}
	}
	if err := f.Digests.SetPaused(ctx, "UMGR1", true); err != nil {
		t.Fatal(err)
	}
	if paused, err := f.Digests.Paused(ctx, "UMGR1"); !paused || err != nil {
		t.Errorf("paused = %v %v", paused, err)
	}
}

// TestHiddenFromAnImplicatedManager: a manager picked as involved in a
// case finds it in no count of their digest – new, open, acknowledged,
// closed – while another manager of the unit does.
func TestHiddenFromAnImplicatedManager(t *testing.T) {
	f := domaintest.New(t)
	cfg := domaintest.Config()
	cfg.Units[0].Managers = []string{"UMGR1", "UMGR2"}
	f.SetConfig(cfg)
	ctx := context.Background()
	loc := cfg.Location()
	week := bot.ISOWeek(f.Now(), loc)
	a := bot.Answers{bot.QDescription: {"x"}, bot.QHAByRole: {"staff"}, bot.QHAAgainstRole: {"staff"}, bot.QHAOngoing: {bot.No}, bot.QHAOffence: {bot.No}}
	f.Submitted(bot.Harassment, "jobbtorg", a, false)
	implicating := bot.Answers{bot.QDescription: {"x"}, bot.QHAByRole: {"staff"}, bot.QHAAgainstRole: {"staff"}, bot.QHAOngoing: {bot.No}, bot.QHAOffence: {bot.No}, bot.QInvolved: {"UMGR1"}}
	hidden := f.Submitted(bot.Harassment, "jobbtorg", implicating, false)
	open := f.Submitted(bot.Harassment, "jobbtorg", implicating, false)
	if !cmp.Equal(hidden.HiddenFrom, []string{"UMGR1"}) {
		t.Fatalf("hidden from %v, want UMGR1", hidden.HiddenFrom)
	}
	f.Advance(2 * time.Hour)
	if _, _, err := f.Cases.Acknowledge(ctx, hidden.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Cases.Close(ctx, hidden.ID, "UCOORD1", bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "ok"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Cases.Acknowledge(ctx, open.ID, "UCOORD2"); err != nil {
		t.Fatal(err)
	}
	// UMGR1 sees only the case that does not implicate them; UMGR2 all three.
	for _, tt := range []struct {
		manager                  string
		created, closed, new, ac int64
	}{{"UMGR1", 1, 0, 1, 0}, {"UMGR2", 3, 1, 1, 1}} {
		d, err := f.Digests.Build(ctx, tt.manager, week, f.Now())
		if err != nil {
			t.Fatal(err)
		}
		got := []int64{d.New[bot.Harassment], digest.Total(d.Closed), d.Open.ByStatus[bot.StatusNew], d.Open.ByStatus[bot.StatusAcknowledged]}
		if want := []int64{tt.created, tt.closed, tt.new, tt.ac}; !cmp.Equal(got, want) {
			t.Errorf("%s: new, closed, open new, open acknowledged = %v, want %v", tt.manager, got, want)
		}
		if tt.manager == "UMGR1" && (d.AckMedian != 0 || d.CloseMedian != 0 || d.Open.ByAge[0] != 1) {
			t.Errorf("UMGR1's medians or ages count the hidden cases: %d %d %v", d.AckMedian, d.CloseMedian, d.Open.ByAge)
		}
	}
}
