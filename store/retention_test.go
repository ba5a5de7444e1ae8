package store

import (
	"context"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

// TestClosedCasesSkipsTheUnreadable: one closed case that cannot be read
// is named in the error and does not hide the others from culling.
func TestClosedCasesSkipsTheUnreadable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	good := mustCreate(t, e.s, newCase("sub1", "UREP1", t0))
	bad := mustCreate(t, e.s, newCase("sub2", "UREP1", t0.Add(1e9)))
	k := e.s.keys
	for _, c := range []bot.Case{good, bad} {
		e.rdb.HSet(ctx, k.caseHash(c.ID), fStatus, string(bot.StatusClosed))
		e.rdb.ZAdd(ctx, k.index(2026, idxStatus, string(bot.StatusClosed)), redis.Z{Score: 1, Member: string(c.ID)})
	}
	e.rdb.HSet(ctx, k.caseHash(bad.ID), fCreatedAt, "not a time")

	got, err := e.s.ClosedCases(ctx, []int{2026})
	if len(got) != 1 || got[0].ID != good.ID {
		t.Errorf("ClosedCases = %v, want %s alone", got, good.ID)
	}
	if err == nil || !strings.Contains(err.Error(), string(bad.ID)) {
		t.Errorf("err = %v, want one naming %s", err, bad.ID)
	}
}
