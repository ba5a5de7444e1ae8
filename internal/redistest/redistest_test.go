package redistest

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

func TestRestartKeepsData(t *testing.T) {
	srv := Start(t)
	ctx := context.Background()
	opts, err := redis.ParseURL(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	if opts.Addr != srv.Addr() {
		t.Errorf("URL %s has address %s, want %s", srv.URL(), opts.Addr, srv.Addr())
	}
	rdb := srv.Client(t)
	if err := rdb.Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}

	srv.Stop(t)
	if err := ping(srv.Addr(), ""); err == nil {
		t.Fatal("server answers after Stop")
	}
	srv.Start(t)

	if got, err := rdb.Get(ctx, "k").Result(); err != nil || got != "v" {
		t.Errorf("after restart: GET k = %q, %v; want v", got, err)
	}
}

func TestServersAreSeparate(t *testing.T) {
	ctx := context.Background()
	a, b := Start(t).Client(t), Start(t).Client(t)
	if err := a.Set(ctx, "k", "a", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if n, err := b.Exists(ctx, "k").Result(); err != nil || n != 0 {
		t.Errorf("second server sees the first's key: %d, %v", n, err)
	}
}
