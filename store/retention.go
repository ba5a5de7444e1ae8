package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

// cullScript culls a closed case in one step, as it was read (its
// version): the case hash is replaced by what remains of it; the report,
// the relay key, the notes, the relay's messages and the reminders sent
// go; the closure keeps only codes and dates; the reporter's index entry
// and the managers' hidden sets lose the case. The case's log is written
// again with the same entry ids, each actor a role (ARGV 4 is the
// reporter, the bot and "anonymous" stay) and each entry's fields only
// those ARGV 11 lists; the entry's copy in the year's audit stream, which
// the entry names (ref), is deleted and added again as written.
// Last the culled entry is recorded and the cards queued to be redrawn.
// It answers "ok", "missing", or "conflict" for a case changed since,
// not closed or culled already.
//
// KEYS: 1 case hash, 2 report, 3 relay, 4 notes, 5 messages, 6 closure, 7
// case log, 8 year audit, 9 reporter index, 10 reminded, 11 announcing,
// 12 year's announce queue, 13 refusal counts, 14… the hidden sets of the
// case's managers.
// ARGV: 1 case id, 2 version read, 3 closure JSON or "", 4 reporter's
// Slack id, 5 the time (ms), 6-9 audit args, 10 the culled event, 11
// kept fields as ",a,b,", 12 n field/value pairs, then the pairs.
var cullScript = redis.NewScript(auditLua + dropCopyLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'missing'
end
local h = redis.call('HMGET', KEYS[1], 'version', 'status', 'culled_at')
if h[1] ~= ARGV[2] or h[2] ~= 'closed' or (h[3] and h[3] ~= '') then
  return 'conflict'
end
local id = ARGV[1]
local function actor(v)
  if v == 'incidentbot' or v == 'anonymous' then
    return v
  elseif v == ARGV[4] and v ~= '' then
    return 'reporter'
  end
  return 'person'
end
local function scrub(kv)
  local out = {}
  for i = 1, #kv, 2 do
    local k, v = kv[i], kv[i + 1]
    if k == 'actor' then
      v = actor(v)
    elseif k == 'fields' then
      local kept = {}
      local any = false
      for fk, fv in pairs(cjson.decode(v)) do
        if string.find(ARGV[11], ',' .. fk .. ',', 1, true) then
          kept[fk] = fv
          any = true
        end
      end
      v = any and cjson.encode(kept) or nil
    end
    if v ~= nil and k ~= 'case' and k ~= 'ref' then
      table.insert(out, k)
      table.insert(out, v)
    end
  end
  return out
end
local entries = redis.call('XRANGE', KEYS[7], '-', '+')
redis.call('DEL', KEYS[7])
for _, e in ipairs(entries) do
  local ref
  for i = 1, #e[2], 2 do
    if e[2][i] == 'ref' then
      ref = e[2][i + 1]
    end
  end
  dropCopy(KEYS[8], e[1], e[2], ref, id)
  local out = scrub(e[2])
  local copy = {unpack(out)}
  table.insert(copy, 'case')
  table.insert(copy, id)
  table.insert(copy, 'culled')
  table.insert(copy, '1')
  table.insert(out, 'ref')
  table.insert(out, redis.call('XADD', KEYS[8], '*', unpack(copy)))
  redis.call('XADD', KEYS[7], e[1], unpack(out))
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[10], KEYS[13])
if ARGV[3] ~= '' then
  redis.call('SET', KEYS[6], ARGV[3])
else
  redis.call('DEL', KEYS[6])
end
redis.call('ZREM', KEYS[9], id)
redis.call('ZREM', KEYS[14], id)
for i = 15, #KEYS do
  redis.call('SREM', KEYS[i], id)
end
local n = tonumber(ARGV[12])
for i = 13, 12 + 2 * n, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('HSET', KEYS[1], 'id', id)
local version = redis.call('HINCRBY', KEYS[1], 'version', tonumber(ARGV[2]) + 1)
redis.call('HSET', KEYS[11], ARGV[10], version)
redis.call('ZADD', KEYS[12], ARGV[5], id)
audit(KEYS[7], KEYS[8], id, 6)
return 'ok'
`)

// Cull removes the case's personal data in one atomic step, as
// bot.Cull says; culled is false, with no error, when the case changed
// since it was read, is not closed or was culled already.
func (s *Store) Cull(ctx context.Context, id bot.CaseID, cl bot.Cull) (culled bool, err error) {
	op := "cull case " + string(id)
	if err := checkID(op, id); err != nil {
		return false, err
	}
	fields, err := caseFields(cl.Case, s.seal)
	if err != nil {
		return false, fmt.Errorf("%s: %w", op, err)
	}
	closure := ""
	if cl.Closure != nil {
		b, err := json.Marshal(cl.Closure)
		if err != nil {
			return false, fmt.Errorf("%s: %w", op, err)
		}
		closure = s.seal.Seal(aad(id, "closure"), string(b))
	}
	audit, err := auditArgs(id, cl.Audit, s.seal)
	if err != nil {
		return false, fmt.Errorf("%s: %w", op, err)
	}
	k, y := s.keys, id.Year()
	keys := []string{k.caseHash(id), k.report(id), k.relay(id), k.notes(id), k.messages(id), k.closure(id), k.log(id), k.audit(y),
		k.reporterIndex(y, cl.ReporterUser, cl.Case.Reporter == bot.AnonymousReporter), k.reminded(id), k.announcing(id), k.announce(y), k.refusals(id),
		// An anonymous case indexed before anonymous ones had an index of
		// their own is in the named one.
		k.reporterIndex(y, cl.ReporterUser, false)}
	for _, m := range cl.HiddenFrom {
		keys = append(keys, k.hidden(y, m))
	}
	argv := []any{string(id), cl.Case.Version, closure, cl.ReporterUser, cl.Audit.At.UnixMilli()}
	argv = append(argv, audit...)
	argv = append(argv, string(bot.EventCulled), ","+strings.Join(bot.CullKeptFields, ",")+",", len(fields)/2)
	argv = append(argv, fields...)
	res, err := cullScript.Run(ctx, s.rdb, keys, argv...).Text()
	switch {
	case err != nil:
		return false, wrap(op, err)
	case res == "missing":
		return false, fmt.Errorf("%s: %w", op, bot.ErrNotFound)
	}
	return res == "ok", nil
}

// ClosedCases lists the closed cases of years that are not culled yet.
// A case that cannot be read does not hide the others: they are returned
// with an error naming it; a nil list means nothing could be read.
func (s *Store) ClosedCases(ctx context.Context, years []int) ([]bot.Case, error) {
	op := "closed cases"
	out := []bot.Case{}
	var unreadable []error
	for _, y := range years {
		ids, err := s.rdb.ZRange(ctx, s.keys.index(y, idxStatus, string(bot.StatusClosed)), 0, -1).Result()
		if err != nil {
			return nil, wrap(op, err)
		}
		for start := 0; start < len(ids); start += 500 {
			batch := ids[start:min(start+500, len(ids))]
			pipe := s.rdb.Pipeline()
			cmds := make([]*redis.MapStringStringCmd, len(batch))
			for i, id := range batch {
				cmds[i] = pipe.HGetAll(ctx, s.keys.caseHash(bot.CaseID(id)))
			}
			if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
				return nil, wrap(op, err)
			}
			for i, cmd := range cmds {
				c, err := parseCase(cmd.Val(), s.seal)
				if err != nil {
					unreadable = append(unreadable, fmt.Errorf("%s: case %s: %w", op, batch[i], err))
					continue
				}
				if c.CulledAt.IsZero() {
					out = append(out, c)
				}
			}
		}
	}
	return out, errors.Join(unreadable...)
}

// ClaimRetention takes the lease of the day's culling run for ttl; false
// when another replica holds it or the day's run is done.
func (s *Store) ClaimRetention(ctx context.Context, day, holder string, ttl time.Duration) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, s.keys.retention(day), "claim:"+holder, ttl).Result()
	return ok, wrap("claim the culling run", err)
}

// FinishRetention marks the day's culling run as done, for two days.
func (s *Store) FinishRetention(ctx context.Context, day string) error {
	return wrap("finish the culling run", s.rdb.Set(ctx, s.keys.retention(day), "done", 48*time.Hour).Err())
}
