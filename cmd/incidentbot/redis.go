package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
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

// openRedis connects to REDIS_URL: one server (redis://, rediss://), a
// Redis Cluster (redis+cluster://seed?addr=seed2&addr=seed3) or a master
// found through Redis Sentinel (redis+sentinel://sentinel?master_name=m
// &addr=sentinel2); or it starts an embedded in-memory Redis when
// REDIS_URL is unset. Timeouts are short: an answer to Slack must leave
// within three seconds even while Redis is down.
func openRedis(url string, log *slog.Logger) (rdb redis.UniversalClient, embedded bool, closeFn func(), err error) {
	redis.SetLogger(redisLog{log})
	const (
		dial    = 500 * time.Millisecond
		read    = time.Second
		write   = time.Second
		pool    = time.Second
		retries = 1
	)
	var mini *miniredis.Miniredis
	var closeMini func()
	switch scheme, rest, _ := strings.Cut(url, "://"); {
	case url == "":
		// miniredis runs the same Lua scripts and streams as Redis, so the
		// store has one implementation; it keeps nothing across restarts.
		mini = miniredis.NewMiniRedis()
		if err := mini.Start(); err != nil {
			return nil, false, nil, fmt.Errorf("start embedded store: %w", err)
		}
		// miniredis expires keys only when its clock is moved; without it
		// no lease, draft or event id would ever expire. Its ClockTTL mode
		// moves it on every command, and sorts every key each time – a
		// report's acknowledgement slowed from 18 to 48 ms over 350 – so
		// the clock moves here, once a second, off the requests' path.
		stopTTL := ttlClock(mini, time.Second)
		defer func() {
			if err != nil {
				stopTTL()
			}
		}()
		closeMini = stopTTL
		log.Warn("REDIS_URL is not set: using an embedded in-memory store. NOTHING SURVIVES A RESTART – reports, drafts and history are lost. Set REDIS_URL for real use.")
		rdb = redis.NewClient(&redis.Options{Addr: mini.Addr(), DialTimeout: dial, ReadTimeout: read, WriteTimeout: write, PoolTimeout: pool, MaxRetries: retries})
	case strings.HasSuffix(scheme, "+cluster"):
		opt, err := redis.ParseClusterURL(strings.TrimSuffix(scheme, "+cluster") + "://" + rest)
		if err != nil {
			return nil, false, nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout, opt.PoolTimeout, opt.MaxRetries = dial, read, write, pool, retries
		rdb = redis.NewClusterClient(opt)
	case strings.HasSuffix(scheme, "+sentinel"):
		opt, err := redis.ParseFailoverURL(strings.TrimSuffix(scheme, "+sentinel") + "://" + rest)
		if err != nil {
			return nil, false, nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		// One password for the Sentinels and the master, the usual set-up.
		if opt.Password == "" {
			opt.Username, opt.Password = opt.SentinelUsername, opt.SentinelPassword
		}
		opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout, opt.PoolTimeout, opt.MaxRetries = dial, read, write, pool, retries
		rdb = redis.NewFailoverClient(opt)
	default:
		opt, err := redis.ParseURL(url)
		if err != nil {
			return nil, false, nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout, opt.PoolTimeout, opt.MaxRetries = dial, read, write, pool, retries
		rdb = redis.NewClient(opt)
	}
	return rdb, mini != nil, func() {
		_ = rdb.Close()
		if mini != nil {
			closeMini()
			mini.Close()
		}
	}, nil
}

// ttlClock moves mini's key expiry on with the wall clock every tick, until
// stop is called; a key lives at most a tick past its time.
func ttlClock(mini *miniredis.Miniredis, tick time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(tick)
		defer t.Stop()
		last := time.Now()
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				mini.FastForward(now.Sub(last))
				last = now
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); <-finished }) }
}
