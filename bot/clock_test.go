package bot_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

func TestClocks(t *testing.T) {
	loc := domaintest.Config().Location()
	disc := time.Date(2026, 11, 23, 23, 31, 0, 0, loc)
	created := disc.Add(time.Hour)
	notified := func(a bot.Authority, at time.Time, partial bool) bot.Notification {
		return bot.Notification{Authority: a, At: at, Reference: "REF-1", Partial: partial}
	}
	type clock struct {
		ID       bot.ClockID
		Due, Met time.Time
	}
	tests := []struct {
		name string
		c    bot.Case
		want []clock
	}{
		{"a breach: IMY within 72 hours of discovery",
			bot.Case{Regimes: []bot.Regime{bot.GDPRBreach}, Severity: bot.Medium},
			[]clock{{ID: bot.ClockIMY, Due: disc.Add(72 * time.Hour)}}},
		{"a high-risk breach: the people concerned are told too",
			bot.Case{Regimes: []bot.Regime{bot.GDPRBreach}, Severity: bot.High},
			[]clock{{ID: bot.ClockIMY, Due: disc.Add(72 * time.Hour)}, {ID: bot.ClockInformSubjects}}},
		{"notified to IMY: the clock is met",
			bot.Case{Regimes: []bot.Regime{bot.GDPRBreach}, Notifications: []bot.Notification{notified(bot.AuthorityIMY, disc.Add(48*time.Hour), false)}},
			[]clock{{ID: bot.ClockIMY, Due: disc.Add(72 * time.Hour), Met: disc.Add(48 * time.Hour)}}},
		{"notified under the law-enforcement data act: met too",
			bot.Case{Regimes: []bot.Regime{bot.GDPRBreach}, Notifications: []bot.Notification{notified(bot.AuthorityIMYLaw, disc.Add(80*time.Hour), false)}},
			[]clock{{ID: bot.ClockIMY, Due: disc.Add(72 * time.Hour), Met: disc.Add(80 * time.Hour)}}},
		{"notified in phases: the completing information runs, and is met by the next notification",
			bot.Case{Regimes: []bot.Regime{bot.GDPRBreach}, Notifications: []bot.Notification{
				notified(bot.AuthorityIMY, disc.Add(24*time.Hour), true), notified(bot.AuthorityIMY, disc.Add(240*time.Hour), false)}},
			[]clock{{ID: bot.ClockIMY, Due: disc.Add(72 * time.Hour), Met: disc.Add(24 * time.Hour)},
				{ID: bot.ClockIMYComplete, Met: disc.Add(240 * time.Hour)}}},
		{"the work environment authority within a day, never a midnight cut-off",
			bot.Case{Regimes: []bot.Regime{bot.WorkEnvironmentSerious}},
			[]clock{{ID: bot.ClockWorkEnvironment, Due: disc.Add(24 * time.Hour)}}},
		{"a crime: the police promptly",
			bot.Case{Regimes: []bot.Regime{bot.PoliceReport}},
			[]clock{{ID: bot.ClockPolice}}},
		{"Lex Sarah, not serious: no IVO clock",
			bot.Case{Regimes: []bot.Regime{bot.LexSarah}, Severity: bot.Medium},
			[]clock{{ID: bot.ClockLexSarah}}},
		{"Lex Sarah, serious: IVO",
			bot.Case{Regimes: []bot.Regime{bot.LexSarah}, Severity: bot.Critical},
			[]clock{{ID: bot.ClockLexSarah}, {ID: bot.ClockIVO}}},
		{"notified to IVO with an unfinished investigation: the completed one within two months",
			bot.Case{Regimes: []bot.Regime{bot.LexSarah}, Severity: bot.Medium, Notifications: []bot.Notification{notified(bot.AuthorityIVO, created.Add(time.Hour), true)}},
			[]clock{{ID: bot.ClockLexSarah}, {ID: bot.ClockIVO, Met: created.Add(time.Hour)},
				{ID: bot.ClockIVOInvestigation, Due: created.Add(time.Hour).AddDate(0, 2, 0)}}},
		{"a work injury: the social insurance agency",
			bot.Case{Category: bot.WorkEnvironment, Injured: true},
			[]clock{{ID: bot.ClockWorkInjury}}},
		{"a report to the independent function: acknowledged within seven days, feedback within three months",
			bot.Case{Route: bot.Route{Independent: true}},
			[]clock{{ID: bot.ClockWhistleAck, Due: created.AddDate(0, 0, 7)}, {ID: bot.ClockWhistleFeedback, Due: created.AddDate(0, 0, 7).AddDate(0, 3, 0)}}},
		{"acknowledged on the second day: feedback three months from then",
			bot.Case{Route: bot.Route{Independent: true}, AckAt: created.Add(36 * time.Hour)},
			[]clock{{ID: bot.ClockWhistleAck, Due: created.AddDate(0, 0, 7), Met: created.Add(36 * time.Hour)},
				{ID: bot.ClockWhistleFeedback, Due: created.Add(36*time.Hour).AddDate(0, 3, 0)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.DiscoveredAt, tt.c.CreatedAt = disc, created
			var got []clock
			for _, k := range bot.Clocks(tt.c, loc) {
				got = append(got, clock{k.ID, k.Due, k.Met})
			}
			if diff := cmp.Diff(got, tt.want, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("clocks (-got +want):\n%s", diff)
			}
		})
	}
}

func TestOverdueAndDeadlines(t *testing.T) {
	cfg := domaintest.Config()
	loc := cfg.Location()
	disc := time.Date(2026, 11, 23, 9, 30, 0, 0, loc)
	c := bot.Case{Status: bot.StatusAcknowledged, Regimes: []bot.Regime{bot.GDPRBreach, bot.WorkEnvironmentSerious}, DiscoveredAt: disc, CreatedAt: disc, Unit: "jobbtorg"}
	if bot.Overdue(c, cfg, disc.Add(time.Hour)) || !bot.Overdue(c, cfg, disc.Add(25*time.Hour)) {
		t.Error("the work environment authority's day")
	}
	c.Notifications = []bot.Notification{{Authority: bot.AuthorityWorkEnvironment, At: disc.Add(2 * time.Hour)}}
	if bot.Overdue(c, cfg, disc.Add(25*time.Hour)) {
		t.Error("a met deadline is overdue")
	}
	if d := bot.DeadlinesOf(c, cfg); !cmp.Equal(d.Clocks, map[bot.ClockID]time.Time{bot.ClockIMY: disc.Add(72 * time.Hour)}) {
		t.Errorf("indexed deadlines = %v, want IMY's only", d.Clocks)
	}
	fresh := bot.Case{Status: bot.StatusNew, CreatedAt: disc, Unit: "jobbtorg"}
	if bot.Overdue(fresh, cfg, disc.Add(23*time.Hour)) || !bot.Overdue(fresh, cfg, disc.Add(25*time.Hour)) {
		t.Error("acknowledgement target of 24 hours")
	}
	fresh.Status = bot.StatusClosed
	if bot.Overdue(fresh, cfg, disc.Add(100*time.Hour)) {
		t.Error("a closed case is never overdue")
	}
}
