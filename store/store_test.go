package store

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

func TestSeenEvent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	for i, tc := range []struct {
		id   string
		want bool
	}{
		{"Ev01", false},
		{"Ev01", true},
		{"Ev02", false},
	} {
		seen, err := e.s.SeenEvent(ctx, tc.id, time.Hour)
		if err != nil || seen != tc.want {
			t.Errorf("%d: SeenEvent(%s) = %v, %v; want %v", i, tc.id, seen, err, tc.want)
		}
	}
	if ttl, err := e.rdb.TTL(ctx, "ib:event:Ev01").Result(); err != nil || ttl <= 0 || ttl > time.Hour {
		t.Errorf("TTL of event key = %v, %v; want at most an hour", ttl, err)
	}
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	mustCreate(t, e.s, newCase("sub", "UREP1", t0))
	for _, id := range []bot.CaseID{"INC-2026-0002", "INC-2025-0001", "not-an-id", ""} {
		_, err := e.s.Case(ctx, id)
		wantErr(t, "Case "+string(id), err, bot.ErrNotFound)
		_, err = e.s.History(ctx, id)
		wantErr(t, "History "+string(id), err, bot.ErrNotFound)
		_, err = e.s.Report(ctx, id)
		wantErr(t, "Report "+string(id), err, bot.ErrNotFound)
		_, err = e.s.ReporterUser(ctx, id)
		wantErr(t, "ReporterUser "+string(id), err, bot.ErrNotFound)
	}
	_, err := e.s.CaseBySubmission(ctx, "other", 2026, 2025)
	wantErr(t, "CaseBySubmission", err, bot.ErrNotFound)
	_, err = e.s.Draft(ctx, "UREP1", "missing")
	wantErr(t, "Draft", err, bot.ErrNotFound)
}

func TestNamespaces(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	other := New(e.rdb, Options{Namespace: "other"})
	a := mustCreate(t, e.s, newCase("sub", "UREP1", t0))
	b := mustCreate(t, other, newCase("sub", "UREP1", t0))
	if a.ID != b.ID {
		t.Errorf("namespaces share a sequence: %s and %s", a.ID, b.ID)
	}
	if n, err := e.rdb.Exists(context.Background(), "{other:2026}:case:"+string(b.ID)).Result(); err != nil || n != 1 {
		t.Errorf("case of namespace other not under {other:2026}: %d, %v", n, err)
	}
}

func TestUnavailable(t *testing.T) {
	t.Parallel()
	short := func(addr string) *redis.Client {
		c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialerRetries: 1,
			DialTimeout: 200 * time.Millisecond, ReadTimeout: 100 * time.Millisecond, WriteTimeout: 100 * time.Millisecond})
		t.Cleanup(func() { _ = c.Close() })
		return c
	}

	e := newEnv(t)
	stopped := New(short(e.srv.Addr()), Options{})
	e.srv.Stop(t)

	// A server that accepts connections and never answers, as a hung one would.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan net.Conn, 100)
	t.Cleanup(func() {
		_ = l.Close()
		close(accepted)
		for conn := range accepted {
			_ = conn.Close()
		}
	})
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			accepted <- conn
		}
	}()
	silent := New(short(l.Addr().String()), Options{})

	ctx := context.Background()
	for name, s := range map[string]*Store{"stopped": stopped, "silent": silent} {
		t.Run(name, func(t *testing.T) {
			calls := map[string]error{
				"Ping": s.Ping(ctx),
			}
			_, _, calls["CreateCase"] = s.CreateCase(ctx, newCase("sub", "UREP1", t0))
			_, calls["Case"] = s.Case(ctx, "INC-2026-0001")
			_, calls["Drafts"] = s.Drafts(ctx, "UREP1")
			_, calls["SeenEvent"] = s.SeenEvent(ctx, "Ev01", time.Hour)
			for call, err := range calls {
				wantErr(t, call, err, bot.ErrUnavailable)
				var netErr net.Error
				if !errors.As(err, &netErr) {
					t.Errorf("%s: the network error is not in the chain: %v", call, err)
				}
			}
		})
	}
}
