package store

import (
	"testing"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// TestMiniredis runs the core checks against miniredis, which the bot
// embeds when REDIS_URL is unset. This is the one place miniredis is used:
// everything else is tested against redis-server.
func TestMiniredis(t *testing.T) {
	for _, tc := range coreTests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := miniredis.RunT(t)
			// As the embedded store must: by default miniredis's TTLs only
			// run down on FastForward, so leases, drafts and event ids
			// would never expire.
			m.ClockTTL(true)
			rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
			t.Cleanup(func() { _ = rdb.Close() })
			tc.run(t, env{s: New(rdb, Options{}), rdb: rdb, waitExpired: pollExpired(rdb)})
		})
	}
}
