package store

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/internal/redistest"
)

// seedCases creates n cases over the 52 weeks before week's end, spread
// over units, four in five of them closed, with the counters and indexes
// the domain gives them; it uses the store directly, since going through
// the dialog would take minutes.
func seedCases(b *testing.B, s *Store, cfg *bot.Config, n int, end time.Time) {
	ctx := context.Background()
	loc := cfg.Location()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for i := range jobs {
				created := end.Add(-time.Duration(r.Int64N(int64(52 * 7 * 24 * time.Hour))))
				unit := cfg.Units[r.IntN(len(cfg.Units))].ID
				cat := bot.Categories[r.IntN(len(bot.Categories))].ID
				c := bot.Case{Status: bot.StatusNew, Category: cat, Severity: bot.Medium, Regimes: []bot.Regime{bot.GDPRBreach},
					Unit: unit, Reporter: "UREP", CreatedAt: created, OccurredAt: created, DiscoveredAt: created,
					Week: bot.ISOWeek(created, loc), Route: bot.Route{Coordinators: []string{"UC1"}}}
				nc := bot.NewCase{Case: c, Prefix: "INC", Year: created.In(loc).Year(), ReporterUser: "UREP",
					Submission: fmt.Sprintf("seed-%d", i),
					Counters:   []bot.Counter{{Week: c.Week, Unit: unit, Field: bot.CountCreated + string(cat), Delta: 1}},
					Deadlines: bot.Deadlines{Ack: created.Add(24 * time.Hour),
						Clocks: map[bot.ClockID]time.Time{bot.ClockIMY: created.Add(72 * time.Hour)}},
					Audit: bot.AuditEntry{At: created, Actor: "UREP", Action: bot.ActionCreated}}
				got, _, err := s.CreateCase(ctx, nc)
				if err != nil {
					b.Error(err)
					return
				}
				if r.IntN(5) == 0 {
					continue
				}
				closed := created.Add(time.Duration(r.Int64N(int64(14 * 24 * time.Hour))))
				if _, _, err := s.UpdateCase(ctx, got.ID, bot.Change{Move: bot.MoveClose,
					ClosedBy: "UC1", ClosedAt: closed, Decision: bot.DecisionResolved,
					Counters: []bot.Counter{{Week: bot.ISOWeek(closed, loc), Unit: unit, Field: bot.CountClosed + "resolved", Delta: 1}},
					Audit:    bot.AuditEntry{At: closed, Actor: "UC1", Action: bot.ActionClosed}}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// BenchmarkDigest builds digests from counters and state indexes, for a
// store of 100 cases and one of 100,000 over 52 weeks and 200 units,
// beside a floor measured in the same run: one round trip to Redis.
// docs/performance.md reports the figures.
func BenchmarkDigest(b *testing.B) {
	srv := redistest.Start(b)
	rdb := srv.Client(b)
	loc, _ := time.LoadLocation("Europe/Stockholm")
	cfg := &bot.Config{CasePrefix: "INC", Timezone: loc}
	for i := range 200 {
		u := bot.Unit{ID: fmt.Sprintf("unit-%03d", i), Name: fmt.Sprintf("Enhet %d", i), Coordinators: []string{"UC1"}, Managers: []string{"UMGRALL"}}
		if i == 0 {
			u.Managers = append(u.Managers, "UMGRONE")
		}
		cfg.Units = append(cfg.Units, u)
	}
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, loc)
	week := bot.LastFullWeek(now, loc)
	start, _ := bot.WeekStart(week, loc)
	ctx := context.Background()

	stores := map[int]*Store{}
	for _, n := range []int{100, 100_000} {
		s := New(rdb, Options{Namespace: fmt.Sprintf("bench%d", n)})
		t0 := time.Now()
		seedCases(b, s, cfg, n, start.AddDate(0, 0, 7))
		b.Logf("seeded %d cases in %v", n, time.Since(t0).Round(time.Millisecond))
		stores[n] = s
	}

	b.Run("floor", func(b *testing.B) {
		for b.Loop() {
			if err := rdb.Ping(ctx).Err(); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, n := range []int{100, 100_000} {
		for _, m := range []struct {
			name    string
			manager string
		}{{"units=200", "UMGRALL"}, {"units=1", "UMGRONE"}} {
			svc := &digest.Service{Runtime: bot.Runtime{Config: func() *bot.Config { return cfg }, Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler)}, Store: stores[n]}
			b.Run(fmt.Sprintf("cases=%d/%s", n, m.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					d, err := svc.Build(ctx, m.manager, week, now)
					if err != nil {
						b.Fatal(err)
					}
					if n == 100_000 && m.manager == "UMGRALL" && digest.Total(d.New) == 0 {
						b.Fatal("a digest of 100,000 cases counts no new reports")
					}
				}
			})
		}
	}
}
