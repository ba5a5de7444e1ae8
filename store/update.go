package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/seal"
)

// updateCaseScript is the compare-and-set of every coordinator action, so
// that double clicks and two coordinators at once end in one state. It
// leaves the case alone when it is already where the change would put it
// ("noop"); refuses ("conflict") when its status is not one the change's
// move starts from or its version is not the one the change was computed
// from; answers "moved" when the case's status or assignee is no longer
// the one its keys were built for, so the caller builds them again; else
// sets the fields, moves the case between the status indexes and its
// unit's state indexes, keeps the assignee's index of open cases, stores
// the closure, steps the counters, bumps the version, queues the
// announcement and records the audit entry with the status it came from.
// It answers "ok" and the case hash. Every key is built in Go and passed
// in KEYS, all in the case year's slot.
//
// KEYS: 1 case hash, 2 case log, 3 year audit, 4 closure, 5-6 the status
// index of the status the case is in and of the one it goes to, 7-8 the
// unit's open index of those statuses, 9 the unit's acknowledgement index,
// 10 the unit's clock index, 11 the index of the present assignee, 12 the
// index of the assignee after the change, 13 announcing hash, 14 year's
// announce queue, 15 year's reminder schedule, 16… a stats key per
// counter.
// ARGV: 1 case id, 2 the status and 3 the assignee the keys are for, 4
// allowed statuses as ",a,b,", 5 new status or "", 6 assign? "1"/"0", 7
// new assignee, 8 closure JSON or "", 9 expected version or "0", 10
// replace clocks? "1"/"0", 11 clock spec, 12-15 audit args, 16 event to
// announce or "", 17 the change's time (ms), 18 is the present status
// open, 19 does it await acknowledgement, 20 is the new status open (all
// "1"/"0"), 21 number of counters n, then 2n counter args, then
// field/value pairs.
var updateCaseScript = redis.NewScript(auditLua + countersLua + clocksLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'missing'}
end
local id = ARGV[1]
local st = redis.call('HGET', KEYS[1], 'status')
local assignee = redis.call('HGET', KEYS[1], 'assignee') or ''
if ARGV[5] ~= '' and st == ARGV[5] then
  return {'noop'}
end
if ARGV[6] == '1' and assignee == ARGV[7] then
  return {'noop'}
end
if ARGV[9] ~= '0' and redis.call('HGET', KEYS[1], 'version') ~= ARGV[9] then
  return {'conflict', 'a newer version'}
end
if not string.find(ARGV[4], ',' .. st .. ',', 1, true) then
  return {'conflict', st}
end
if st ~= ARGV[2] or assignee ~= ARGV[3] then
  return {'moved', st, assignee}
end
local created = redis.call('ZSCORE', KEYS[5], id) or 0
local open = ARGV[18] == '1'
if ARGV[5] ~= '' then
  redis.call('ZREM', KEYS[5], id)
  redis.call('ZADD', KEYS[6], created, id)
  redis.call('ZREM', KEYS[7], id)
  if ARGV[20] == '1' then
    redis.call('ZADD', KEYS[8], created, id)
  end
  if ARGV[19] == '1' then
    redis.call('ZREM', KEYS[9], id)
  end
  if open and ARGV[20] ~= '1' then
    clocks(KEYS[10], id, redis.call('HGET', KEYS[1], 'clock_due') or '', false)
  end
  open = ARGV[20] == '1'
  redis.call('HSET', KEYS[1], 'status', ARGV[5])
  local fields = {}
  if ARGV[15] ~= '' then
    fields = cjson.decode(ARGV[15])
  end
  fields['status_from'] = st
  fields['status_to'] = ARGV[5]
  ARGV[15] = cjson.encode(fields)
end
if ARGV[10] == '1' then
  clocks(KEYS[10], id, redis.call('HGET', KEYS[1], 'clock_due') or '', false)
  if open then
    clocks(KEYS[10], id, ARGV[11], true)
  end
  redis.call('HSET', KEYS[1], 'clock_due', ARGV[11])
end
if ARGV[6] == '1' then
  if assignee ~= '' then
    redis.call('ZREM', KEYS[11], id)
  end
  assignee = ARGV[7]
  redis.call('HSET', KEYS[1], 'assignee', assignee)
end
if assignee ~= '' then
  if not open then
    redis.call('ZREM', KEYS[12], id)
  elseif ARGV[6] == '1' then
    redis.call('ZADD', KEYS[12], created, id)
  end
end
local counters = tonumber(ARGV[21])
for i = 22 + 2 * counters, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
if ARGV[8] ~= '' then
  redis.call('SET', KEYS[4], ARGV[8])
end
count(16, counters, 22)
redis.call('ZADD', KEYS[15], ARGV[17], id)
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
if ARGV[16] ~= '' then
  redis.call('HSET', KEYS[13], ARGV[16], version)
  redis.call('ZADD', KEYS[14], ARGV[17], id)
end
audit(KEYS[2], KEYS[3], id, 12)
local out = redis.call('HGETALL', KEYS[1])
table.insert(out, 1, 'ok')
return out
`)

// maxMoves bounds how often UpdateCase builds its keys again for a case
// whose status or assignee keeps moving under it.
const maxMoves = 10

// UpdateCase applies one compare-and-set change; see bot.Change. The case
// it returns is read in the same step.
func (s *Store) UpdateCase(ctx context.Context, id bot.CaseID, ch bot.Change) (bot.Case, bool, error) {
	op := "update case " + string(id)
	if err := checkID(op, id); err != nil {
		return bot.Case{}, false, err
	}
	if !ch.Move.Valid() {
		return bot.Case{}, false, fmt.Errorf("%s: unknown move %q", op, ch.Move)
	}
	was := ch.Was
	if was.ID != id {
		h, err := s.rdb.HMGet(ctx, s.keys.caseHash(id), fStatus, fUnit, fAssignee, fHiddenFrom).Result()
		if err != nil {
			return bot.Case{}, false, wrap(op, err)
		}
		str := func(v any) string { x, _ := v.(string); return x }
		was = bot.Case{ID: id, Status: bot.Status(str(h[0])), Unit: str(h[1]), Assignee: str(h[2])}
		if hidden := str(h[3]); hidden != "" {
			was.HiddenFrom = strings.Split(hidden, ",")
		}
	}
	// Unit and HiddenFrom never change after a case is created, so the
	// keys and counters built from them hold however the case moves.
	mid, tail, err := changeArgs(s.keys, id, ch, was.HiddenFrom, s.seal)
	if err != nil {
		return bot.Case{}, false, fmt.Errorf("%s: %w", op, err)
	}
	for range maxMoves {
		keys, head, flags := s.changeKeys(id, ch, was)
		argv := append(append(append(head, mid...), flags...), tail...)
		res, err := updateCaseScript.Run(ctx, s.rdb, keys, argv...).StringSlice()
		if err != nil {
			return bot.Case{}, false, wrap(op, err)
		}
		switch res[0] {
		case "missing":
			return bot.Case{}, false, fmt.Errorf("%s: %w", op, bot.ErrNotFound)
		case "conflict":
			return bot.Case{}, false, fmt.Errorf("%s: it is %s: %w", op, res[1], bot.ErrConflict)
		case "moved":
			was.Status, was.Assignee = bot.Status(res[1]), res[2]
			continue
		case "ok":
			h := make(map[string]string, len(res)/2)
			for i := 1; i+1 < len(res); i += 2 {
				h[res[i]] = res[i+1]
			}
			c, err := parseCase(h, s.seal)
			if err != nil {
				return bot.Case{}, false, fmt.Errorf("%s: %w", op, err)
			}
			return c, true, nil
		}
		c, err := s.Case(ctx, id)
		return c, false, err
	}
	return bot.Case{}, false, fmt.Errorf("%s: it kept changing: %w", op, bot.ErrConflict)
}

// changeKeys are the keys of a change to the case as was, and the ARGV
// that say which state they were built for: the first four, and 18-20.
func (s *Store) changeKeys(id bot.CaseID, ch bot.Change, was bot.Case) (keys []string, head, flags []any) {
	k, y := s.keys, id.Year()
	to := ch.Move.To()
	if to == "" {
		to = was.Status
	}
	after := was.Assignee
	if ch.Assignee != nil {
		after = *ch.Assignee
	}
	keys = []string{k.caseHash(id), k.log(id), k.audit(y), k.closure(id),
		k.index(y, idxStatus, string(was.Status)), k.index(y, idxStatus, string(to)),
		k.open(y, was.Unit, was.Status), k.open(y, was.Unit, to),
		k.ackDue(y, was.Unit), k.clockDue(y, was.Unit),
		k.openAssigned(y, was.Assignee), k.openAssigned(y, after),
		k.announcing(id), k.announce(y), k.remind(y)}
	counterKeys, _ := k.counterArgs(y, ch.Counters, was.HiddenFrom)
	keys = append(keys, counterKeys...)
	head = []any{string(id), string(was.Status), was.Assignee, statusList(ch.Move.From())}
	flags = []any{formatBool(was.Status.Open()), formatBool(was.Status.AwaitsAcknowledgement()), formatBool(to.Open())}
	return keys, head, flags
}

// changeArgs are the ARGV of a change that do not depend on the case's
// state: 5-17, and the counters and fields after 21.
func changeArgs(k keyspace, id bot.CaseID, ch bot.Change, hiddenFrom []string, sl *seal.Sealer) (mid, tail []any, err error) {
	year := id.Year()
	audit, err := auditArgs(id, ch.Audit, sl)
	if err != nil {
		return nil, nil, err
	}
	assign, assignee := "0", ""
	if ch.Assignee != nil {
		assign, assignee = "1", *ch.Assignee
	}
	closure := ""
	if ch.Closure != nil {
		b, err := json.Marshal(ch.Closure)
		if err != nil {
			return nil, nil, fmt.Errorf("encode closure: %w", err)
		}
		closure = sl.Seal(aad(id, "closure"), string(b))
	}
	replaceClocks, spec := "0", ""
	if ch.Deadlines != nil {
		replaceClocks, spec = "1", clockSpec(ch.Deadlines.Clocks)
	}
	mid = []any{string(ch.Move.To()), assign, assignee, closure, ch.Version, replaceClocks, spec}
	mid = append(mid, audit...)
	mid = append(mid, string(ch.Announce), ch.Audit.At.UnixMilli())
	_, tail = k.counterArgs(year, ch.Counters, hiddenFrom)
	set := func(field, value string) {
		if value != "" {
			tail = append(tail, field, value)
		}
	}
	set(fAckBy, ch.AckBy)
	set(fAckAt, formatTime(ch.AckAt))
	set(fEscalatedBy, ch.EscalatedBy)
	set(fEscalatedAt, formatTime(ch.EscalatedAt))
	if ch.Notifications != nil {
		ns, err := encodeNotifications(*ch.Notifications)
		if err != nil {
			return nil, nil, err
		}
		tail = append(tail, fNotified, ns)
	}
	if ch.EscalatedTo != nil {
		tail = append(tail, fEscalatedTo, strings.Join(ch.EscalatedTo, ","))
	}
	if ch.Investigation != nil {
		v, err := encodeSealed(id, fInvestigation, ch.Investigation, sl)
		if err != nil {
			return nil, nil, err
		}
		tail = append(tail, fInvestigation, v)
	}
	if ch.Breach != nil {
		v, err := encodeSealed(id, fBreach, ch.Breach, sl)
		if err != nil {
			return nil, nil, err
		}
		tail = append(tail, fBreach, v)
	}
	switch {
	case ch.Hold != nil:
		h, err := encodeHold(id, ch.Hold, sl)
		if err != nil {
			return nil, nil, err
		}
		tail = append(tail, fHold, h)
	case ch.LiftHold:
		tail = append(tail, fHold, "")
	}
	set(fClosedBy, ch.ClosedBy)
	set(fClosedAt, formatTime(ch.ClosedAt))
	set(fDecision, string(ch.Decision))
	set(fCategory, string(ch.Category))
	set(fSeverity, string(ch.Severity))
	set(fClassified, ch.Classification)
	set(fClassifiedBy, ch.ClassifiedBy)
	if ch.Regimes != nil {
		regimes, err := joinRegimes(*ch.Regimes)
		if err != nil {
			return nil, nil, err
		}
		tail = append(tail, fRegimes, regimes)
	}
	if ch.Suggestion != nil {
		sg, err := encodeSuggestion(id, ch.Suggestion, sl)
		if err != nil {
			return nil, nil, err
		}
		set(fSuggestion, sg)
	}
	return mid, tail, nil
}
