package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/redistest"
)

// TestOpenQueue: the queue merges the units', statuses', years' and the
// assignee's indexes oldest first, each case once; it reads past more
// than a page of cases the caller may not see to fill its limit, and
// says whether there are more without counting them.
func TestOpenQueue(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var all []bot.Case
	for i := range 90 {
		// Two years, two units, created out of order.
		at := t0.AddDate(-(i % 2), 0, 0).Add(time.Duration((i*37)%90) * time.Hour)
		n := newCase(fmt.Sprintf("q-%d", i), "UREP", at)
		n.Year = at.Year()
		if i%3 == 0 {
			n.Case.Unit = "lss-home"
		}
		all = append(all, mustCreate(t, e.s, n))
	}
	// One acknowledged, one assigned, one closed: the statuses move.
	if _, _, err := e.s.UpdateCase(ctx, all[4].ID, bot.Change{Move: bot.MoveAcknowledge, AckBy: "UC1", AckAt: t0,
		Audit: bot.AuditEntry{At: t0, Actor: "UC1", Action: bot.ActionAcknowledged}}); err != nil {
		t.Fatal(err)
	}
	helper := "UHELPER"
	if _, _, err := e.s.UpdateCase(ctx, all[5].ID, bot.Change{Move: bot.MoveAssign, Assignee: &helper,
		Audit: bot.AuditEntry{At: t0, Actor: "UC1", Action: bot.ActionAssigned}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.s.UpdateCase(ctx, all[6].ID, bot.Change{Move: bot.MoveClose, ClosedBy: "UC1", ClosedAt: t0, Decision: bot.DecisionResolved,
		Closure: &bot.Closure{Decision: bot.DecisionResolved}, Audit: bot.AuditEntry{At: t0, Actor: "UC1", Action: bot.ActionClosed}}); err != nil {
		t.Fatal(err)
	}
	open := slices.DeleteFunc(slices.Clone(all), func(c bot.Case) bool { return c.ID == all[6].ID })
	slices.SortFunc(open, func(a, b bot.Case) int {
		if n := a.CreatedAt.Compare(b.CreatedAt); n != 0 {
			return n
		}
		return compareIDs(a.ID, b.ID)
	})
	years := []int{t0.Year(), t0.Year() - 1}
	idsOf := func(cs []bot.Case) []bot.CaseID {
		var out []bot.CaseID
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	// Everything, oldest first, each once, the assignee's index too.
	got, more, err := e.s.OpenQueue(ctx, years, []string{"jobbtorg", "lss-home"}, helper, func(bot.Case) bool { return true }, 200)
	if err != nil || more || !slices.Equal(idsOf(got), idsOf(open)) {
		t.Fatalf("all: more=%v err=%v\n got %v\nwant %v", more, err, idsOf(got), idsOf(open))
	}
	// The first 20 of those the caller may see, past 60 it may not.
	hidden := map[bot.CaseID]bool{}
	for _, c := range open[:60] {
		hidden[c.ID] = true
	}
	got, more, err = e.s.OpenQueue(ctx, years, []string{"jobbtorg", "lss-home"}, "", func(c bot.Case) bool { return !hidden[c.ID] }, 20)
	if err != nil || !more || !slices.Equal(idsOf(got), idsOf(open[60:80])) {
		t.Errorf("past the hidden: more=%v err=%v got %v want %v", more, err, idsOf(got), idsOf(open[60:80]))
	}
	// Exactly the limit left: no more.
	got, more, err = e.s.OpenQueue(ctx, years, []string{"jobbtorg", "lss-home"}, "", func(c bot.Case) bool { return !hidden[c.ID] }, len(open)-60)
	if err != nil || more || len(got) != len(open)-60 {
		t.Errorf("the rest: %d, more=%v, err=%v", len(got), more, err)
	}
	// Only the assignee's.
	got, _, err = e.s.OpenQueue(ctx, years, nil, helper, func(bot.Case) bool { return true }, 20)
	if err != nil || !slices.Equal(idsOf(got), []bot.CaseID{all[5].ID}) {
		t.Errorf("assignee: %v %v", idsOf(got), err)
	}
}

func compareIDs(a, b bot.CaseID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// BenchmarkHomeQueue: a coordinator's queue on the Home tab with 10,000
// open cases in their unit – all of them read, as the queue once did, and
// the first 20 as it does now – against a floor of one GET.
//
//	go test ./store -run '^$' -bench HomeQueue -benchtime 2s
func BenchmarkHomeQueue(b *testing.B) {
	srv := redistest.Start(b)
	rdb := srv.Client(b)
	s := New(rdb, Options{})
	ctx := context.Background()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range jobs {
				n := newCase(fmt.Sprintf("bench-%d", i), "UREP", t0.Add(time.Duration(i)*time.Minute))
				if _, _, err := s.CreateCase(ctx, n); err != nil {
					b.Error(err)
				}
			}
		})
	}
	for i := range 10_000 {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	years, units := []int{t0.Year()}, []string{"jobbtorg"}
	all := func(bot.Case) bool { return true }
	b.Run("floor", func(b *testing.B) {
		for b.Loop() {
			_ = rdb.Get(ctx, "nothing").Err()
		}
	})
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			if cs, err := s.OpenCases(ctx, years, units, "UC1"); err != nil || len(cs) != 10_000 {
				b.Fatal(len(cs), err)
			}
		}
	})
	b.Run("first_20", func(b *testing.B) {
		for b.Loop() {
			if cs, more, err := s.OpenQueue(ctx, years, units, "UC1", all, 20); err != nil || len(cs) != 20 || !more {
				b.Fatal(len(cs), more, err)
			}
		}
	})
}
