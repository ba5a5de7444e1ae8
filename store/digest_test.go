package store

import (
	"context"
	"testing"
	"time"
)

func TestExtendDigestOnlyByItsHolder(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	key := e.s.keys.digest("2026-W47", "UMGR1")
	if ok, err := e.s.ClaimDigest(ctx, "2026-W47", "UMGR1", "a", time.Second); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if ok, err := e.s.ExtendDigest(ctx, "2026-W47", "UMGR1", "b", time.Hour); ok || err != nil {
		t.Errorf("another holder extended the claim: %v %v", ok, err)
	}
	if ttl := e.rdb.PTTL(ctx, key).Val(); ttl > time.Second {
		t.Errorf("another holder's extension set the lease to %v", ttl)
	}
	if ok, err := e.s.ExtendDigest(ctx, "2026-W47", "UMGR1", "a", time.Hour); !ok || err != nil {
		t.Errorf("the holder could not extend its claim: %v %v", ok, err)
	}
	if ttl := e.rdb.PTTL(ctx, key).Val(); ttl < 59*time.Minute {
		t.Errorf("extended lease = %v, want an hour", ttl)
	}
	if err := e.s.DigestSent(ctx, "2026-W47", "UMGR1"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := e.s.ExtendDigest(ctx, "2026-W47", "UMGR1", "a", time.Second); ok {
		t.Error("a sent digest's mark was taken for a claim")
	}
	if ttl := e.rdb.PTTL(ctx, key).Val(); ttl < 24*time.Hour {
		t.Errorf("extending a sent digest shortened its mark to %v", ttl)
	}
	// A claim that lapsed and was taken is no longer the first holder's.
	if ok, _ := e.s.ClaimDigest(ctx, "2026-W48", "UMGR1", "a", 50*time.Millisecond); !ok {
		t.Fatal("claim 2026-W48")
	}
	e.waitExpired(t, e.s.keys.digest("2026-W48", "UMGR1"), 50*time.Millisecond)
	if ok, _ := e.s.ClaimDigest(ctx, "2026-W48", "UMGR1", "b", time.Minute); !ok {
		t.Fatal("a lapsed claim could not be taken")
	}
	if ok, _ := e.s.ExtendDigest(ctx, "2026-W48", "UMGR1", "a", time.Minute); ok {
		t.Error("a lapsed holder extended another's claim")
	}
}

func TestDigestFailedHoldsRetries(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if at, err := e.s.DigestRetryAt(ctx, "2026-W47", "UMGR1"); !at.IsZero() || err != nil {
		t.Fatalf("retry of a digest that never failed = %v %v", at, err)
	}
	var seen []int
	retryAt := func(n int) time.Time {
		seen = append(seen, n)
		return t0.Add(time.Duration(n) * time.Minute)
	}
	for want := 1; want <= 3; want++ {
		n, err := e.s.DigestFailed(ctx, "2026-W47", "UMGR1", retryAt)
		if n != want || err != nil {
			t.Fatalf("failure %d counted as %d, %v", want, n, err)
		}
		at, err := e.s.DigestRetryAt(ctx, "2026-W47", "UMGR1")
		if err != nil || !at.Equal(t0.Add(time.Duration(want)*time.Minute).Truncate(time.Millisecond)) {
			t.Errorf("after failure %d retry at %v %v", want, at, err)
		}
	}
	if len(seen) != 3 || seen[2] != 3 {
		t.Errorf("retryAt saw %v", seen)
	}
	if ttl := e.rdb.TTL(ctx, e.s.keys.digestRetry("2026-W47", "UMGR1")).Val(); ttl <= 7*24*time.Hour {
		t.Errorf("failures are kept for %v, less than the week they matter in", ttl)
	}
	if at, _ := e.s.DigestRetryAt(ctx, "2026-W47", "UMGR2"); !at.IsZero() {
		t.Errorf("another manager's digest waits until %v", at)
	}
}
