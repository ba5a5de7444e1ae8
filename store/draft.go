package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

// saveDraftScript stores a draft and lists it. The list's TTL only ever
// grows, so it outlives every draft in it even when TTLs differ.
// KEYS: draft, drafts. ARGV: draft JSON, TTL ms, UpdatedAt ms, nonce.
var saveDraftScript = redis.NewScript(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return 1
`)

// pruneDraftsScript removes listed drafts whose key has expired. It checks
// again inside Redis so a draft saved anew since it was read stays listed.
// KEYS: drafts, then the draft keys. ARGV: the nonces, in the same order.
var pruneDraftsScript = redis.NewScript(`
for i, nonce in ipairs(ARGV) do
  if redis.call('EXISTS', KEYS[i + 1]) == 0 then
    redis.call('ZREM', KEYS[1], nonce)
  end
end
return 1
`)

// Draft returns the user's draft with nonce, ErrNotFound when missing.
func (s *Store) Draft(ctx context.Context, user, nonce string) (bot.Draft, error) {
	d, _, err := s.readDraft(ctx, user, nonce)
	return d, err
}

func (s *Store) readDraft(ctx context.Context, user, nonce string) (bot.Draft, string, error) {
	op := "draft " + nonce
	sealed, err := s.rdb.Get(ctx, s.keys.draft(user, nonce)).Result()
	if err != nil {
		return bot.Draft{}, "", wrap(op, err)
	}
	d, err := s.openDraft(nonce, sealed)
	if err != nil {
		return bot.Draft{}, "", fmt.Errorf("%s: %w", op, err)
	}
	return d, sealed, nil
}

func (s *Store) openDraft(nonce, sealed string) (bot.Draft, error) {
	text, err := s.seal.Open(draftAAD(nonce), sealed)
	if err != nil {
		return bot.Draft{}, err
	}
	var d bot.Draft
	err = json.Unmarshal([]byte(text), &d)
	return d, err
}

// DraftToSubmit is Draft for a submission, with the version CreateCase
// checks: unless fresh, a draft this process saved or read last comes
// from memory. On one Redis server the version is the SHA-1 of the exact
// bytes opened, and the script that makes the case makes it only if the
// draft in Redis is still those bytes (else bot.ErrDraftChanged: read it
// again, fresh). On Redis Cluster, where that script cannot reach the
// draft's slot, the draft is always read and its version is not checked.
func (s *Store) DraftToSubmit(ctx context.Context, user, nonce string, fresh bool) (bot.Draft, bot.DraftVersion, error) {
	key := s.keys.draft(user, nonce)
	if s.cluster() {
		d, err := s.Draft(ctx, user, nonce)
		return d, bot.DraftVersion{}, err
	}
	if !fresh {
		if sealed, sum, ok := s.recent.lookup(key); ok {
			if d, err := s.openDraft(nonce, sealed); err == nil {
				return d, bot.DraftVersion{Sum: sum, Remembered: true}, nil
			}
			s.recent.forget(key)
		}
	}
	d, sealed, err := s.readDraft(ctx, user, nonce)
	if err != nil {
		return bot.Draft{}, bot.DraftVersion{}, err
	}
	s.recent.remember(key, sealed)
	return d, bot.DraftVersion{Sum: sha1Hex(sealed)}, nil
}

// cluster tells whether the store is on Redis Cluster.
func (s *Store) cluster() bool {
	_, ok := s.rdb.(*redis.ClusterClient)
	return ok
}

// draftAAD binds a sealed draft to its nonce, which is the user's alone.
func draftAAD(nonce string) string { return "draft|" + nonce }

// Drafts lists the user's drafts, newest first, and forgets those expired.
func (s *Store) Drafts(ctx context.Context, user string) ([]bot.Draft, error) {
	op := "drafts of user"
	nonces, err := s.rdb.ZRevRange(ctx, s.keys.drafts(user), 0, -1).Result()
	if err != nil || len(nonces) == 0 {
		return nil, wrap(op, err)
	}
	keys := make([]string, len(nonces))
	for i, n := range nonces {
		keys[i] = s.keys.draft(user, n)
	}
	// One MGET: the draft keys share the user's hash tag.
	vals, err := s.rdb.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, wrap(op, err)
	}
	var out []bot.Draft
	var goneKeys []string
	var goneNonces []any
	for i, v := range vals {
		str, ok := v.(string)
		if !ok {
			goneKeys = append(goneKeys, keys[i])
			goneNonces = append(goneNonces, nonces[i])
			continue
		}
		text, err := s.seal.Open(draftAAD(nonces[i]), str)
		if err != nil {
			return nil, fmt.Errorf("%s: draft %s: %w", op, nonces[i], err)
		}
		var d bot.Draft
		if err := json.Unmarshal([]byte(text), &d); err != nil {
			return nil, fmt.Errorf("%s: draft %s: %w", op, nonces[i], err)
		}
		out = append(out, d)
	}
	if len(goneKeys) > 0 {
		keys := append([]string{s.keys.drafts(user)}, goneKeys...)
		if err := pruneDraftsScript.Run(ctx, s.rdb, keys, goneNonces...).Err(); err != nil {
			return nil, wrap(op+": prune expired", err)
		}
	}
	return out, nil
}

// SaveDraft stores d for ttl.
func (s *Store) SaveDraft(ctx context.Context, d bot.Draft, ttl time.Duration) error {
	op := "save draft " + d.Nonce
	switch {
	case d.User == "" || d.Nonce == "":
		return fmt.Errorf("%s: draft without user or nonce", op)
	case ttl < time.Millisecond:
		return fmt.Errorf("%s: ttl %v too short", op, ttl)
	}
	b, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	keys := []string{s.keys.draft(d.User, d.Nonce), s.keys.drafts(d.User)}
	sealed := s.seal.Seal(draftAAD(d.Nonce), string(b))
	s.recent.forget(keys[0])
	err = saveDraftScript.Run(ctx, s.rdb, keys, sealed, ttl.Milliseconds(), d.UpdatedAt.UnixMilli(), d.Nonce).Err()
	if err == nil && !s.cluster() {
		s.recent.remember(keys[0], sealed)
	}
	return wrap(op, err)
}

// DeleteDraft removes a draft; removing a missing one is not an error.
func (s *Store) DeleteDraft(ctx context.Context, user, nonce string) error {
	s.recent.forget(s.keys.draft(user, nonce))
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, s.keys.draft(user, nonce))
		p.ZRem(ctx, s.keys.drafts(user), nonce)
		return nil
	})
	return wrap("delete draft "+nonce, err)
}

// unitField is the prefs hash field of the last unit reported for.
const unitField = "unit"

// LastUnit is the unit the user reported for last time, "" when none.
func (s *Store) LastUnit(ctx context.Context, user string) (string, error) {
	unit, err := s.rdb.HGet(ctx, s.keys.prefs(user), unitField).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	return unit, wrap("last unit of user", err)
}

// SetLastUnit remembers the user's unit.
func (s *Store) SetLastUnit(ctx context.Context, user, unit string) error {
	return wrap("set last unit of user", s.rdb.HSet(ctx, s.keys.prefs(user), unitField, unit).Err())
}
