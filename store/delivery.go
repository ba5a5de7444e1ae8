package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
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

// ReporterUser returns the Slack user who reported the case, also when the
// case is anonymous.
func (s *Store) ReporterUser(ctx context.Context, id bot.CaseID) (string, error) {
	op := "reporter of case " + string(id)
	if err := checkID(op, id); err != nil {
		return "", err
	}
	u, err := s.rdb.Get(ctx, s.keys.relay(id)).Result()
	if err != nil {
		return "", wrap(op, err)
	}
	return s.seal.Open(aad(id, "relay"), u)
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
	audit, err := auditArgs(id, e, s.seal)
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

// finishDeliveryScript takes a delivered case off the pending list,
// forgets its tries and retry time and gives its lease back while its
// holder holds it. KEYS: pending, tries, retry, lease. ARGV: case id,
// job, holder.
var finishDeliveryScript = redis.NewScript(`
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[2])
if redis.call('GET', KEYS[4]) == ARGV[3] then
  redis.call('DEL', KEYS[4])
end
return 1
`)

// FinishDelivery removes the case from the pending deliveries and gives
// back l, the delivery's lease, in one step.
func (s *Store) FinishDelivery(ctx context.Context, id bot.CaseID, l bot.Lease) error {
	op := "finish delivery of case " + string(id)
	if err := checkID(op, id); err != nil {
		return err
	}
	y := id.Year()
	keys := []string{s.keys.pending(y), s.keys.tries(y), s.keys.retry(y), s.keys.lease(id)}
	return wrap(op, finishDeliveryScript.Run(ctx, s.rdb, keys, string(id), deliveryJob(id), l.Holder).Err())
}

// PendingDeliveries lists the cases of years created at or before cutoff
// whose delivery is unfinished, oldest first, but for those that failed
// and are held back until after now.
func (s *Store) PendingDeliveries(ctx context.Context, years []int, cutoff, now time.Time) ([]bot.CaseID, error) {
	op := "pending deliveries"
	due, err := s.due(ctx, op, s.keys.pending, years, cutoff)
	if err != nil {
		return nil, err
	}
	byYear := map[int][]string{}
	for _, z := range due {
		id := bot.CaseID(z.Member.(string))
		byYear[id.Year()] = append(byYear[id.Year()], deliveryJob(id))
	}
	held := map[string]bool{}
	for y, jobs := range byYear {
		h, err := s.held(ctx, y, jobs, now)
		if err != nil {
			return nil, wrap(op, err)
		}
		maps.Copy(held, h)
	}
	var ids []bot.CaseID
	for _, z := range due {
		id := bot.CaseID(z.Member.(string))
		if !held[deliveryJob(id)] {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// due lists the members of a per-year queue scored at or before cutoff,
// with their scores, oldest first.
func (s *Store) due(ctx context.Context, op string, key func(year int) string, years []int, cutoff time.Time) ([]redis.Z, error) {
	if len(years) == 0 {
		return nil, nil
	}
	upto := strconv.FormatInt(cutoff.UnixMilli(), 10)
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.ZSliceCmd, len(years))
	for i, y := range years {
		cmds[i] = pipe.ZRangeByScoreWithScores(ctx, key(y), &redis.ZRangeBy{Min: "-inf", Max: upto})
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, wrap(op, err)
	}
	var all []redis.Z
	for _, cmd := range cmds {
		all = append(all, cmd.Val()...)
	}
	slices.SortStableFunc(all, func(a, b redis.Z) int { return cmp.Compare(a.Score, b.Score) })
	return all, nil
}

// QueuedAnnouncement returns the version at which e was queued for the
// case; ok is false when it is not queued.
func (s *Store) QueuedAnnouncement(ctx context.Context, id bot.CaseID, e bot.Event) (version int64, ok bool, err error) {
	op := "queued announcement of case " + string(id)
	if err := checkID(op, id); err != nil {
		return 0, false, err
	}
	v, err := s.rdb.HGet(ctx, s.keys.announcing(id), string(e)).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, wrap(op, err)
	}
	return v, true, nil
}

// finishAnnouncementScript deletes an event from a case's announcements
// when it was queued at or before the version announced, and takes the
// case out of the year's queue when none is left.
// KEYS: announcing hash, year queue, tries, retry. ARGV: event, version,
// case id, job.
var finishAnnouncementScript = redis.NewScript(`
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v and tonumber(v) <= tonumber(ARGV[2]) then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[3], ARGV[4])
  redis.call('HDEL', KEYS[4], ARGV[4])
end
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[2], ARGV[3])
end
return 1
`)

// FinishAnnouncement removes e from the case's announcements once the
// case was announced as of version.
func (s *Store) FinishAnnouncement(ctx context.Context, id bot.CaseID, e bot.Event, version int64) error {
	op := "finish announcement of case " + string(id)
	if err := checkID(op, id); err != nil {
		return err
	}
	y := id.Year()
	keys := []string{s.keys.announcing(id), s.keys.announce(y), s.keys.tries(y), s.keys.retry(y)}
	return wrap(op, finishAnnouncementScript.Run(ctx, s.rdb, keys, string(e), version, string(id), announceJob(id, e)).Err())
}

// PendingAnnouncements lists the announcements of cases of years whose
// latest queued change is at or before cutoff, oldest first, but for
// those that failed and are held back until after now.
func (s *Store) PendingAnnouncements(ctx context.Context, years []int, cutoff, now time.Time) ([]bot.Announcement, error) {
	op := "pending announcements"
	due, err := s.due(ctx, op, s.keys.announce, years, cutoff)
	if err != nil || len(due) == 0 {
		return nil, err
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(due))
	for i, z := range due {
		cmds[i] = pipe.HGetAll(ctx, s.keys.announcing(bot.CaseID(z.Member.(string))))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, wrap(op, err)
	}
	var out []bot.Announcement
	for i, cmd := range cmds {
		id, at := bot.CaseID(due[i].Member.(string)), time.UnixMilli(int64(due[i].Score))
		if len(cmd.Val()) == 0 {
			// Its case is gone, or it was finished meanwhile: nothing to
			// announce, and the queue entry goes.
			out = append(out, bot.Announcement{Case: id, At: at})
			continue
		}
		events := make([]string, 0, len(cmd.Val()))
		for e := range cmd.Val() {
			events = append(events, e)
		}
		slices.Sort(events)
		jobs := make([]string, len(events))
		for i, e := range events {
			jobs[i] = announceJob(id, bot.Event(e))
		}
		held, err := s.held(ctx, id.Year(), jobs, now)
		if err != nil {
			return nil, wrap(op, err)
		}
		for _, e := range events {
			if held[announceJob(id, bot.Event(e))] {
				continue
			}
			v, _ := strconv.ParseInt(cmd.Val()[e], 10, 64)
			out = append(out, bot.Announcement{Case: id, Event: bot.Event(e), Version: v, At: at})
		}
	}
	return out, nil
}
