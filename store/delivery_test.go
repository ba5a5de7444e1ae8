package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
)

func testDelivery(t *testing.T, e env) {
	ctx := context.Background()
	nc := newCase("sub", "UREP1", t0)
	c := mustCreate(t, e.s, nc)
	later := mustCreate(t, e.s, newCase("sub2", "UREP1", t0.Add(time.Minute)))

	for _, tc := range []struct {
		name   string
		cutoff time.Time
		years  []int
		want   []bot.CaseID
	}{
		{"before both", t0.Add(-time.Millisecond), []int{2026}, nil},
		{"at the first", t0, []int{2026}, []bot.CaseID{c.ID}},
		{"after both, oldest first", t0.Add(time.Hour), []int{2027, 2026}, []bot.CaseID{c.ID, later.ID}},
		{"other years", t0.Add(time.Hour), []int{2025}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := e.s.PendingDeliveries(ctx, tc.years, tc.cutoff, tc.cutoff)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("PendingDeliveries (-got +want):\n%s", diff)
			}
		})
	}

	cl, ok, err := e.s.ClaimDelivery(ctx, c.ID, "A", time.Minute)
	if err != nil || !ok || cl.Tries != 1 {
		t.Fatalf("first ClaimDelivery = %+v, %v, %v; want the first try", cl.Claim, ok, err)
	}
	// The claim reads the case, its reporter and its report in the same
	// step.
	if diff := cmp.Diff(cl.Case, c); diff != "" {
		t.Errorf("the claim's case (-got +want):\n%s", diff)
	}
	if cl.Reporter != "UREP1" {
		t.Errorf("the claim's reporter = %q, want UREP1", cl.Reporter)
	}
	if cl.Report == nil {
		t.Error("the claim read no report")
	} else if diff := cmp.Diff(*cl.Report, nc.Report); diff != "" {
		t.Errorf("the claim's report (-got +want):\n%s", diff)
	}
	if _, ok, err := e.s.ClaimDelivery(ctx, c.ID, "B", time.Minute); err != nil || ok {
		t.Fatalf("second ClaimDelivery = %v, %v; want false", ok, err)
	}
	if ttl, err := e.rdb.PTTL(ctx, e.s.keys.lease(c.ID)).Result(); err != nil || ttl <= 0 || ttl > time.Minute {
		t.Errorf("lease PTTL = %v, %v; want at most a minute", ttl, err)
	}
	// Only its holder renews or gives back a lease.
	if held, err := e.s.RenewLease(ctx, bot.Lease{Name: cl.Lease.Name, Holder: "B"}, time.Hour); err != nil || held {
		t.Errorf("RenewLease by another = %v, %v; want false", held, err)
	}
	if err := e.s.ReleaseLease(ctx, bot.Lease{Name: cl.Lease.Name, Holder: "B"}); err != nil {
		t.Fatal(err)
	}
	if held, err := e.s.RenewLease(ctx, cl.Lease, 2*time.Minute); err != nil || !held {
		t.Errorf("RenewLease by its holder = %v, %v; want true", held, err)
	}
	// Failed and given back: held back until its retry time, then
	// claimed again as the second try.
	if err := e.s.DeliveryFailed(ctx, c.ID, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := e.s.ReleaseLease(ctx, cl.Lease); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.s.PendingDeliveries(ctx, []int{2026}, t0, t0.Add(time.Second)); len(got) != 0 {
		t.Errorf("pending while held back: %v", got)
	}
	if got, _ := e.s.PendingDeliveries(ctx, []int{2026}, t0, t0.Add(time.Minute)); len(got) != 1 {
		t.Errorf("pending once due again: %v, want %s", got, c.ID)
	}
	byB, ok, err := e.s.ClaimDelivery(ctx, c.ID, "B", time.Minute)
	if err != nil || !ok || byB.Tries != 2 {
		t.Errorf("ClaimDelivery after release = %+v, %v, %v; want the second try", byB.Claim, ok, err)
	}
	// A lease that lapses lets another replica retry.
	const lease = 30 * time.Millisecond
	lapsed, ok, err := e.s.ClaimDelivery(ctx, later.ID, "A", lease)
	if err != nil || !ok {
		t.Errorf("ClaimDelivery of another case = %v, %v; want true", ok, err)
	}
	e.waitExpired(t, e.s.keys.lease(later.ID), lease)
	// Taken again by the same process: the first claim's holder, whose
	// lease lapsed, can no longer renew it.
	if _, ok, err := e.s.ClaimDelivery(ctx, later.ID, "A", time.Minute); err != nil || !ok {
		t.Errorf("ClaimDelivery after the lease lapsed = %v, %v; want true", ok, err)
	}
	if held, err := e.s.RenewLease(ctx, lapsed.Lease, time.Minute); err != nil || held {
		t.Errorf("RenewLease of the lapsed claim = %v, %v; want false", held, err)
	}

	if err := e.s.RecordReceipt(ctx, c.ID, bot.AuditEntry{At: t0, Actor: bot.SystemActor, Action: bot.ActionReceiptSent}); err != nil {
		t.Fatal(err)
	}
	// Replicas posting cards at once must not lose each other's cards.
	const n = 10
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			ch := fmt.Sprintf("C%02d", i)
			ref := bot.CardRef{Target: bot.Target{Channel: ch}, Channel: ch, TS: fmt.Sprintf("%d.0001", i)}
			errs[i] = e.s.RecordCard(ctx, c.ID, ref, bot.AuditEntry{At: t0, Actor: bot.SystemActor, Action: bot.ActionCardPosted})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("RecordCard %d: %v", i, err)
		}
	}
	got, err := e.s.Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.ReceiptSent || len(got.Cards) != n || got.Version != 2+n {
		t.Errorf("ReceiptSent %v, %d cards, version %d; want true, %d, %d", got.ReceiptSent, len(got.Cards), got.Version, n, 2+n)
	}
	if h, err := e.s.History(ctx, c.ID); err != nil || len(h) != 2+n {
		t.Errorf("History has %d entries, %v; want %d", len(h), err, 2+n)
	}

	// Finishing gives back the lease of the claim that finished, and
	// not one another replica took meanwhile: B holds c's lease now.
	if err := e.s.FinishDelivery(ctx, c.ID, cl.Lease); err != nil {
		t.Fatal(err)
	}
	if n, err := e.rdb.Exists(ctx, e.s.keys.lease(c.ID)).Result(); err != nil || n != 1 {
		t.Errorf("A's finish gave back B's lease: exists %d, %v", n, err)
	}
	if err := e.s.FinishDelivery(ctx, c.ID, byB.Lease); err != nil {
		t.Fatal(err)
	}
	if n, err := e.rdb.Exists(ctx, e.s.keys.lease(c.ID)).Result(); err != nil || n != 0 {
		t.Errorf("B's finish kept its lease: exists %d, %v", n, err)
	}
	if n, err := e.rdb.HLen(ctx, e.s.keys.tries(2026)).Result(); err != nil || n != 1 {
		t.Errorf("tries after finishing c: %d fields, %v; want later's only", n, err)
	}
	pending, err := e.s.PendingDeliveries(ctx, []int{2026}, t0.Add(time.Hour), t0.Add(time.Hour))
	if err != nil || !cmp.Equal(pending, []bot.CaseID{later.ID}) {
		t.Errorf("after FinishDelivery: pending %v, %v; want [%s]", pending, err, later.ID)
	}
}

func TestRecordOnMissingCase(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	id := bot.CaseID("INC-2026-0042")
	entry := bot.AuditEntry{At: t0, Actor: bot.SystemActor, Action: bot.ActionCardPosted}
	wantErr(t, "RecordReceipt", e.s.RecordReceipt(ctx, id, entry), bot.ErrNotFound)
	wantErr(t, "RecordCard", e.s.RecordCard(ctx, id, bot.CardRef{Channel: "C1", TS: "1.0"}, entry), bot.ErrNotFound)
	// Nothing half-written: no stray hash, no history.
	if n, err := e.rdb.DBSize(ctx).Result(); err != nil || n != 0 {
		t.Errorf("DBSIZE = %d, %v; want 0", n, err)
	}
}

// TestClaimDeliveryOfMissingCase: a claim on a case that is gone is taken,
// so that it is given back and held back like any failed delivery, and
// says what it could not read; a reporter or a report that is gone or
// cannot be opened is told apart, for the step that needs it.
func TestClaimDeliveryOfMissingCase(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	id := bot.CaseID("INC-2026-0042")
	d, ok, err := e.s.ClaimDelivery(ctx, id, "A", time.Minute)
	if !ok || d.Lease.Name == "" {
		t.Fatalf("ClaimDelivery of a missing case = %+v, %v; want the claim", d.Claim, ok)
	}
	wantErr(t, "ClaimDelivery of a missing case", err, bot.ErrNotFound)
	if err := e.s.ReleaseLease(ctx, d.Lease); err != nil {
		t.Fatal(err)
	}
	claim := func() bot.Delivery {
		t.Helper()
		d, ok, err := e.s.ClaimDelivery(ctx, d.Case.ID, "A", time.Minute)
		if err != nil || !ok {
			t.Fatalf("ClaimDelivery = %v, %v; want the claim", ok, err)
		}
		if err := e.s.ReleaseLease(ctx, d.Lease); err != nil {
			t.Fatal(err)
		}
		return d
	}
	c := mustCreate(t, e.s, newCase("sub", "UREP1", t0))
	d.Case.ID = c.ID
	// A report that cannot be opened, then one that is gone.
	if err := e.rdb.Set(ctx, e.s.keys.report(c.ID), "{", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if got := claim(); got.Case.ID != c.ID || got.Reporter != "UREP1" || got.Report != nil || got.ReportErr == nil {
		t.Errorf("claim with a report that cannot be opened = %+v; want the case, the reporter and why the report is not", got)
	}
	if err := e.rdb.Del(ctx, e.s.keys.report(c.ID)).Err(); err != nil {
		t.Fatal(err)
	}
	if got := claim(); got.Report != nil || !errors.Is(got.ReportErr, bot.ErrNotFound) {
		t.Errorf("claim without a report = %+v; want no report, not found", got)
	}
	// A reporter who is gone.
	if err := e.rdb.Del(ctx, e.s.keys.relay(c.ID)).Err(); err != nil {
		t.Fatal(err)
	}
	if got := claim(); got.Case.ID != c.ID || got.Reporter != "" || !errors.Is(got.ReporterErr, bot.ErrNotFound) {
		t.Errorf("claim without a reporter = %+v; want the case, no reporter, not found", got)
	}
}
