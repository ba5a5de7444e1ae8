// Package store keeps incidentbot's cases, drafts and preferences in Redis.
// The key layout is described in keys.go.
package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/bot/deliver"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/bot/remind"
	"github.com/incidentbot/incidentbot/bot/report"
	"github.com/incidentbot/incidentbot/bot/retention"
)

// The domain's parts declare what each needs of the store; Store is all of it.
var (
	_ report.Store    = (*Store)(nil)
	_ cases.Store     = (*Store)(nil)
	_ deliver.Store   = (*Store)(nil)
	_ digest.Store    = (*Store)(nil)
	_ remind.Store    = (*Store)(nil)
	_ retention.Store = (*Store)(nil)
)

// DefaultNamespace prefixes every key when Options.Namespace is empty.
const DefaultNamespace = "ib"

// Options tune a Store.
type Options struct {
	// Namespace prefixes every key, so several bots can share one Redis.
	// It must not contain braces, which would move the hash tags.
	Namespace string
}

// Store implements the domain's stores on Redis or Redis Cluster.
type Store struct {
	rdb  redis.UniversalClient
	keys keyspace
}

// New returns a Store on rdb; the caller owns rdb and closes it.
func New(rdb redis.UniversalClient, opts Options) *Store {
	if opts.Namespace == "" {
		opts.Namespace = DefaultNamespace
	}
	return &Store{rdb: rdb, keys: keyspace{ns: opts.Namespace}}
}

// Ping reports whether Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	return wrap("ping", s.rdb.Ping(ctx).Err())
}

// SeenEvent records a Slack Events API event id for ttl and reports whether
// it was already recorded, so a redelivered event is handled once.
func (s *Store) SeenEvent(ctx context.Context, eventID string, ttl time.Duration) (seen bool, err error) {
	if eventID == "" {
		return false, errors.New("seen event: empty event id")
	}
	set, err := s.rdb.SetNX(ctx, s.keys.event(eventID), 1, ttl).Result()
	if err != nil {
		return false, wrap("seen event", err)
	}
	return !set, nil
}

// ClaimView records that user submitted the dialog view for ttl; false
// when they submitted it already: the same request sent again.
func (s *Store) ClaimView(ctx context.Context, user, view string, ttl time.Duration) (bool, error) {
	if user == "" || view == "" || len(view) > 64 {
		return false, errors.New("claim view: a user and a view id are needed")
	}
	ok, err := s.rdb.SetNX(ctx, s.keys.view(user, view), 1, ttl).Result()
	return ok, wrap("claim view", err)
}

// ReleaseView forgets a claim, so the view can be submitted again once
// corrected.
func (s *Store) ReleaseView(ctx context.Context, user, view string) error {
	return wrap("release view", s.rdb.Del(ctx, s.keys.view(user, view)).Err())
}

// wrap adds op to err and makes it match bot.ErrNotFound for redis.Nil and
// bot.ErrUnavailable when Redis could not be reached, so callers need not
// know go-redis.
func wrap(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, redis.Nil):
		return fmt.Errorf("%s: %w", op, bot.ErrNotFound)
	case unavailable(err):
		return fmt.Errorf("%s: %w: %w", op, bot.ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// unavailable reports whether err means Redis is down, unreachable, too
// slow or failing over: a condition that passes, so the user may retry.
func unavailable(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) ||
		errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, redis.ErrPoolTimeout) ||
		redis.IsLoadingError(err) ||
		redis.IsClusterDownError(err) ||
		redis.IsTryAgainError(err) ||
		redis.IsMasterDownError(err) ||
		redis.IsReadOnlyError(err) ||
		redis.IsMaxClientsError(err)
}

// checkID rejects a malformed case id before it becomes a key.
func checkID(op string, id bot.CaseID) error {
	if _, _, _, err := bot.ParseCaseID(string(id)); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}
