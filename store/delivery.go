package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

// recordReceiptScript marks the receipt sent, bumps the version and appends
// the audit entry, all or nothing; 0 when the case does not exist, so a
// stray update never creates a partial case hash.
// KEYS: case hash, case log, year audit. ARGV: case id, four audit args.
var recordReceiptScript = redis.NewScript(auditLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'receipt_sent', '1')
redis.call('HINCRBY', KEYS[1], 'version', 1)
audit(KEYS[2], KEYS[3], ARGV[1], 2)
return 1
`)

// recordCardScript appends a card to the case's cards inside Redis, so that
// concurrent calls do not overwrite each other's cards as a read, modify
// and write from Go would. The stored cards are always a JSON array
// (encodeCards), so appending is plain text work and needs no JSON library.
// KEYS: case hash, case log, year audit. ARGV: case id, card JSON, four
// audit args.
var recordCardScript = redis.NewScript(auditLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local cards = redis.call('HGET', KEYS[1], 'cards')
if not cards or cards == '' or cards == '[]' then
  cards = '[' .. ARGV[2] .. ']'
else
  cards = string.sub(cards, 1, -2) .. ',' .. ARGV[2] .. ']'
end
redis.call('HSET', KEYS[1], 'cards', cards)
redis.call('HINCRBY', KEYS[1], 'version', 1)
audit(KEYS[2], KEYS[3], ARGV[1], 3)
return 1
`)

// ClaimDelivery takes a lease of ttl on delivering a case; false when
// someone else holds it. The lease is not released: it expires.
func (s *Store) ClaimDelivery(ctx context.Context, id bot.CaseID, ttl time.Duration) (bool, error) {
	op := "claim delivery of case " + string(id)
	if err := checkID(op, id); err != nil {
		return false, err
	}
	ok, err := s.rdb.SetNX(ctx, s.keys.lease(id), 1, ttl).Result()
	return ok, wrap(op, err)
}

// ReporterUser returns the Slack user who reported the case, also when the
// case is anonymous.
func (s *Store) ReporterUser(ctx context.Context, id bot.CaseID) (string, error) {
	op := "reporter of case " + string(id)
	if err := checkID(op, id); err != nil {
		return "", err
	}
	u, err := s.rdb.Get(ctx, s.keys.relay(id)).Result()
	return u, wrap(op, err)
}

// RecordReceipt marks the reporter's receipt as sent and records e.
func (s *Store) RecordReceipt(ctx context.Context, id bot.CaseID, e bot.AuditEntry) error {
	return s.update(ctx, "record receipt of case "+string(id), recordReceiptScript, id, e)
}

// RecordCard adds where a card was posted and records e.
func (s *Store) RecordCard(ctx context.Context, id bot.CaseID, ref bot.CardRef, e bot.AuditEntry) error {
	card, err := json.Marshal(ref)
	if err != nil {
		return fmt.Errorf("record card of case %s: %w", id, err)
	}
	return s.update(ctx, "record card of case "+string(id), recordCardScript, id, e, string(card))
}

// update runs one of the scripts that change a case and record why.
func (s *Store) update(ctx context.Context, op string, script *redis.Script, id bot.CaseID, e bot.AuditEntry, args ...any) error {
	if err := checkID(op, id); err != nil {
		return err
	}
	audit, err := auditArgs(e)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	k := s.keys
	keys := []string{k.caseHash(id), k.log(id), k.audit(id.Year())}
	argv := append(append([]any{string(id)}, args...), audit...)
	n, err := script.Run(ctx, s.rdb, keys, argv...).Int()
	if err != nil {
		return wrap(op, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", op, bot.ErrNotFound)
	}
	return nil
}

// FinishDelivery removes the case from the pending deliveries.
func (s *Store) FinishDelivery(ctx context.Context, id bot.CaseID) error {
	op := "finish delivery of case " + string(id)
	if err := checkID(op, id); err != nil {
		return err
	}
	return wrap(op, s.rdb.ZRem(ctx, s.keys.pending(id.Year()), string(id)).Err())
}

// PendingDeliveries lists the cases of years created at or before cutoff
// whose delivery is unfinished, oldest first.
func (s *Store) PendingDeliveries(ctx context.Context, years []int, cutoff time.Time) ([]bot.CaseID, error) {
	op := "pending deliveries"
	if len(years) == 0 {
		return nil, nil
	}
	upto := strconv.FormatInt(cutoff.UnixMilli(), 10)
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.ZSliceCmd, len(years))
	for i, y := range years {
		cmds[i] = pipe.ZRangeByScoreWithScores(ctx, s.keys.pending(y), &redis.ZRangeBy{Min: "-inf", Max: upto})
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, wrap(op, err)
	}
	var all []redis.Z
	for _, cmd := range cmds {
		all = append(all, cmd.Val()...)
	}
	slices.SortStableFunc(all, func(a, b redis.Z) int { return cmp.Compare(a.Score, b.Score) })
	var ids []bot.CaseID
	for _, z := range all {
		ids = append(ids, bot.CaseID(z.Member.(string)))
	}
	return ids, nil
}
