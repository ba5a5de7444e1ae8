package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/redistest"
)

// env is a Store with direct access to its Redis, for looking at keys.
type env struct {
	s   *Store
	rdb redis.UniversalClient
	// srv is the redis-server; nil on miniredis.
	srv *redistest.Server
	// waitExpired returns once key, given a TTL of ttl, has expired.
	waitExpired func(t *testing.T, key string, ttl time.Duration)
}

// newEnv starts a redis-server of the test's own.
func newEnv(t *testing.T) env {
	t.Helper()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	return env{s: New(rdb, Options{}), rdb: rdb, srv: srv, waitExpired: pollExpired(rdb)}
}

// pollExpired waits for Redis's own clock to expire a key.
func pollExpired(rdb redis.UniversalClient) func(*testing.T, string, time.Duration) {
	return func(t *testing.T, key string, ttl time.Duration) {
		t.Helper()
		ctx := context.Background()
		deadline := time.Now().Add(ttl + 5*time.Second)
		for {
			n, err := rdb.Exists(ctx, key).Result()
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s did not expire", key)
			}
			time.Sleep(5 * time.Millisecond) // poll interval
		}
	}
}

// t0 has nanoseconds, so the round trip of RFC3339Nano is tested.
var t0 = time.Date(2026, 3, 2, 9, 30, 0, 123456789, time.UTC)

// newCase is a threat case reported by user at at.
func newCase(submission, user string, at time.Time) bot.NewCase {
	return bot.NewCase{
		Case: bot.Case{
			Status:       bot.StatusNew,
			Category:     bot.ThreatViolence,
			Severity:     bot.Critical,
			Regimes:      []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport},
			Unit:         "jobbtorg",
			Reporter:     user,
			CreatedAt:    at,
			OccurredAt:   at.Add(-26 * time.Hour),
			DiscoveredAt: at.Add(-2 * time.Hour),
			Week:         bot.ISOWeek(at, time.UTC),
			Route:        bot.Route{Coordinators: []string{"USEC1"}, Channel: "CSECURITY"},
		},
		Report: bot.Report{
			Answers: bot.Answers{bot.QDescription: {"Besökaren hotade handläggaren."}, bot.QInvolved: {"UVISITOR1"}},
		},
		Prefix:       "INC",
		Year:         at.Year(),
		ReporterUser: user,
		Submission:   submission,
		Audit: bot.AuditEntry{At: at, Actor: user, Action: bot.ActionCreated,
			Fields: map[string]string{"category": "threat_violence", "unit": "jobbtorg"}},
	}
}

// anonymous is n reported anonymously by the same real user.
func anonymous(n bot.NewCase) bot.NewCase {
	n.Case.Reporter = bot.AnonymousReporter
	n.Audit.Actor = bot.AnonymousReporter
	return n
}

func mustCreate(t *testing.T, s *Store, n bot.NewCase) bot.Case {
	t.Helper()
	c, created, err := s.CreateCase(context.Background(), n)
	if err != nil {
		t.Fatalf("CreateCase(%s): %v", n.Submission, err)
	}
	if !created {
		t.Fatalf("CreateCase(%s): created = false, want true", n.Submission)
	}
	return c
}

func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: err = %v, want %v", what, err, target)
	}
}

// commandNames is a hook that appends the name of every command sent,
// a pipeline's one by one.
func commandNames(names *[]string) redis.Hook { return namesHook{names} }

type namesHook struct{ names *[]string }

func (h namesHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h namesHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		*h.names = append(*h.names, cmd.Name())
		return next(ctx, cmd)
	}
}

func (h namesHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		for _, c := range cmds {
			*h.names = append(*h.names, c.Name())
		}
		return next(ctx, cmds)
	}
}
