package main

import (
	"context"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// TestEmbeddedStoreExpiresKeys: without REDIS_URL, keys with a time to
// live still expire (a lease, a claimed view), by a clock the store moves
// off the requests' path.
func TestEmbeddedStoreExpiresKeys(t *testing.T) {
	mini := miniredis.RunT(t)
	stop := ttlClock(mini, 10*time.Millisecond)
	defer stop()
	rdb := redis.NewClient(&redis.Options{Addr: mini.Addr()})
	defer rdb.Close()
	ctx := context.Background()
	if err := rdb.Set(ctx, "lease", "x", 50*time.Millisecond).Err(); err != nil {
		t.Fatal(err)
	}
	if err := rdb.Set(ctx, "kept", "x", time.Hour).Err(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for rdb.Exists(ctx, "lease").Val() == 1 {
		if time.Now().After(deadline) {
			t.Fatal("a key past its time to live never expired")
		}
		time.Sleep(5 * time.Millisecond) // poll interval
	}
	if rdb.Exists(ctx, "kept").Val() != 1 {
		t.Error("a key with an hour to live expired with the other")
	}
	stop()
	stop() // twice is fine
}
