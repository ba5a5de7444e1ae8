package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// redisLog sends go-redis's own messages to the structured log at debug
// level: every failure it reports also reaches the caller, which logs it
// with context.
type redisLog struct{ log *slog.Logger }

func (l redisLog) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, "redis client", "msg", fmt.Sprintf(format, v...))
}

// openRedis connects to REDIS_URL, or starts an embedded in-memory Redis
// when it is unset. Timeouts are short: an answer to Slack must leave
// within three seconds even while Redis is down.
func openRedis(url string, log *slog.Logger) (rdb *redis.Client, embedded bool, closeFn func(), err error) {
	redis.SetLogger(redisLog{log})
	var opt *redis.Options
	var mini *miniredis.Miniredis
	if url == "" {
		// miniredis runs the same Lua scripts and streams as Redis, so the
		// store has one implementation; it keeps nothing across restarts.
		mini = miniredis.NewMiniRedis()
		// miniredis expires keys only when told to follow the clock;
		// without it no lease, draft or event id would ever expire.
		mini.ClockTTL(true)
		if err := mini.Start(); err != nil {
			return nil, false, nil, fmt.Errorf("start embedded store: %w", err)
		}
		log.Warn("REDIS_URL is not set: using an embedded in-memory store. NOTHING SURVIVES A RESTART – reports, drafts and history are lost. Set REDIS_URL for real use.")
		opt = &redis.Options{Addr: mini.Addr()}
	} else {
		opt, err = redis.ParseURL(url)
		if err != nil {
			return nil, false, nil, fmt.Errorf("REDIS_URL: %w", err)
		}
	}
	opt.DialTimeout = 500 * time.Millisecond
	opt.ReadTimeout = time.Second
	opt.WriteTimeout = time.Second
	opt.PoolTimeout = time.Second
	opt.MaxRetries = 1
	rdb = redis.NewClient(opt)
	return rdb, mini != nil, func() {
		_ = rdb.Close()
		if mini != nil {
			mini.Close()
		}
	}, nil
}
