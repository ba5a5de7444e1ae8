package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

func TestIndexes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	c := mustCreate(t, e.s, anonymous(newCase("sub", "UREP1", t0)))
	k := e.s.keys
	ms := float64(t0.UnixMilli())
	for _, key := range []string{
		k.index(2026, idxUnit, "jobbtorg"),
		k.index(2026, idxStatus, "new"),
		k.index(2026, idxWeek, "2026-W10"),
		k.reporterIndex(2026, "UREP1", true), // the real user, although anonymous
		k.pending(2026),
	} {
		score, err := e.rdb.ZScore(ctx, key, string(c.ID)).Result()
		if err != nil || score != ms {
			t.Errorf("ZSCORE %s %s = %v, %v; want %v", key, c.ID, score, err, ms)
		}
	}
	for _, key := range []string{k.submission(2026, "sub"), k.caseHash(c.ID), k.report(c.ID), k.relay(c.ID), k.log(c.ID), k.audit(2026)} {
		if n, err := e.rdb.Exists(ctx, key).Result(); err != nil || n != 1 {
			t.Errorf("EXISTS %s = %d, %v; want 1", key, n, err)
		}
	}
	ttl, err := e.rdb.TTL(ctx, k.submission(2026, "sub")).Result()
	if err != nil || ttl < submissionTTL-time.Minute || ttl > submissionTTL {
		t.Errorf("TTL of submission = %v, %v; want about %v", ttl, err, submissionTTL)
	}
}

func TestReportAndRelayStayOutOfCase(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	c := mustCreate(t, e.s, anonymous(newCase("sub", "UREP1", t0)))
	h, err := e.rdb.HGetAll(ctx, e.s.keys.caseHash(c.ID)).Result()
	if err != nil {
		t.Fatal(err)
	}
	for f, v := range h {
		if strings.Contains(v, "UREP1") || strings.Contains(v, "hotade") {
			t.Errorf("case hash field %s = %q holds the reporter or the report", f, v)
		}
	}
	if c.Reporter != bot.AnonymousReporter {
		t.Errorf("Reporter = %q, want %q", c.Reporter, bot.AnonymousReporter)
	}
	user, err := e.s.ReporterUser(ctx, c.ID)
	if err != nil || user != "UREP1" {
		t.Errorf("ReporterUser = %q, %v; want UREP1", user, err)
	}
}
