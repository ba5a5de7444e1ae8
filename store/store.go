// Package store keeps incidentbot's cases, drafts and preferences in Redis.
// The key layout is described in keys.go.
package store

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/bot/deliver"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/bot/remind"
	"github.com/incidentbot/incidentbot/bot/report"
	"github.com/incidentbot/incidentbot/bot/retention"
	"github.com/incidentbot/incidentbot/seal"
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
	// Sealer seals every free text and the anonymous relay before it
	// reaches Redis, and hashes the user ids that name keys; nil stores
	// them in clear.
	Sealer *seal.Sealer
}

// Store implements the domain's stores on Redis or Redis Cluster.
type Store struct {
	rdb   redis.UniversalClient
	keys  keyspace
	seal  *seal.Sealer
	years yearSeqs
	// recent are the drafts this process saved or read last.
	recent recentDrafts
}

// New returns a Store on rdb; the caller owns rdb and closes it.
func New(rdb redis.UniversalClient, opts Options) *Store {
	if opts.Namespace == "" {
		opts.Namespace = DefaultNamespace
	}
	ks := keyspace{ns: opts.Namespace}
	if opts.Sealer != nil {
		ks.hash = opts.Sealer.Hash
	}
	return &Store{rdb: rdb, keys: ks, seal: opts.Sealer}
}

// ErrClusterURL refuses one server's client (redis://) to a node of a
// Redis Cluster: the store's scripts keep each case's keys in one slot,
// but a report's draft and its case live in different slots, which only
// a cluster client (redis+cluster://) finds.
var ErrClusterURL = errors.New("REDIS_URL names a node of a Redis Cluster: use redis+cluster://host:port (add &addr=host:port for more seed nodes)")

// CheckTopology refuses a client that does not fit its server: one
// server's client to a Redis Cluster node (ErrClusterURL). Any other
// error is Redis not answering.
func (s *Store) CheckTopology(ctx context.Context) error {
	if s.cluster() {
		return nil
	}
	info, err := s.rdb.Info(ctx, "cluster").Result()
	if err != nil {
		return wrap("check redis", err)
	}
	if strings.Contains(info, "cluster_enabled:1") {
		return ErrClusterURL
	}
	return nil
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

// ErrWrongKey refuses a data key that is not the one Redis's data is
// sealed with: the bot would write under a second key.
var ErrWrongKey = errors.New("wrong data key")

// UseDataKey checks the data key against the one Redis's data is sealed
// with, and records the current one. No key where data is sealed, or a key
// that is neither the recorded one nor among the old keys given, is
// refused; an old key recorded means a change of key, and the current one
// is recorded from now on.
func (s *Store) UseDataKey(ctx context.Context) error {
	k := s.keys.dataKey()
	recorded, err := s.rdb.Get(ctx, k).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return wrap("data key", err)
	}
	switch {
	case s.seal == nil && recorded == "":
		return nil
	case s.seal == nil:
		return fmt.Errorf("%w: the data in Redis is sealed (key %s); set INCIDENTBOT_DATA_KEY", ErrWrongKey, recorded)
	case recorded != "" && !s.seal.Knows(recorded):
		return fmt.Errorf("%w: INCIDENTBOT_DATA_KEY (key %s) is not the key the data in Redis is sealed with (key %s); set that key, or give it in INCIDENTBOT_OLD_DATA_KEYS to change keys and run 'incidentbot rekey'",
			ErrWrongKey, s.seal.KeyID(), recorded)
	}
	// The index key is loaded on every start, not only the first: the
	// hashes that find a user's cases and drafts must stay the same.
	if err := s.loadIndexKey(ctx); err != nil {
		return err
	}
	if recorded == s.seal.KeyID() {
		return nil
	}
	return wrap("data key", s.rdb.Set(ctx, k, s.seal.KeyID(), 0).Err())
}

// indexKeyAAD binds the sealed index key to its place.
const indexKeyAAD = "indexkey"

// loadIndexKey reads the key of the hashes that name users, sealed in
// Redis, and makes one the first time.
func (s *Store) loadIndexKey(ctx context.Context) error {
	k := s.keys.indexKey()
	fresh := base64.StdEncoding.EncodeToString(seal.NewIndexKey())
	if err := s.rdb.SetNX(ctx, k, s.seal.Seal(indexKeyAAD, fresh), 0).Err(); err != nil {
		return wrap("index key", err)
	}
	v, err := s.rdb.Get(ctx, k).Result()
	if err != nil {
		return wrap("index key", err)
	}
	text, err := s.seal.Open(indexKeyAAD, v)
	if err != nil {
		return fmt.Errorf("%w: the index key: %v", ErrWrongKey, err)
	}
	raw, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(raw) != seal.KeySize {
		return fmt.Errorf("index key: malformed")
	}
	s.seal.SetIndexKey(raw)
	return nil
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
