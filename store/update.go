package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

// updateCaseScript is the compare-and-set of every coordinator action, so
// that double clicks and two coordinators at once end in one state. It
// leaves the case alone when it is already where the change would put it;
// refuses ("conflict") when its status is outside the allowed ones or its
// version is not the one the change was computed from; else sets the
// fields, moves the case between the status indexes and its unit's state
// indexes, keeps the assignee's index of open cases, stores the closure, steps the counters, bumps the version and
// records the audit entry with the status it came from. Every key but
// those in KEYS is built here from the year prefix; all share the case
// year's hash tag.
// KEYS: case hash, case log, year audit, closure.
// ARGV: 1 case id, 2 year prefix, 3 allowed statuses as ",a,b,", 4 new
// status or "", 5 assign? "1"/"0", 6 assignee, 7 closure JSON or "", 8
// expected version or "0", 9 replace clocks? "1"/"0", 10 clock spec, 11-14
// audit args, 15 event to announce or "", 16 the change's time (ms), 17
// number of counters n, then 3n counter args, then field/value pairs.
var updateCaseScript = redis.NewScript(auditLua + countersLua + clocksLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'missing'}
end
local id, p = ARGV[1], ARGV[2]
local st = redis.call('HGET', KEYS[1], 'status')
if ARGV[4] ~= '' and st == ARGV[4] then
  return {'noop'}
end
if ARGV[5] == '1' and redis.call('HGET', KEYS[1], 'assignee') == ARGV[6] then
  return {'noop'}
end
if ARGV[8] ~= '0' and redis.call('HGET', KEYS[1], 'version') ~= ARGV[8] then
  return {'conflict', 'a newer version'}
end
if not string.find(ARGV[3], ',' .. st .. ',', 1, true) then
  return {'conflict', st}
end
local unit = redis.call('HGET', KEYS[1], 'unit')
local clockKey = p .. 'clockdue:' .. unit
if ARGV[4] ~= '' then
  local score = redis.call('ZSCORE', p .. 'idx:status:' .. st, id) or 0
  redis.call('ZREM', p .. 'idx:status:' .. st, id)
  redis.call('ZADD', p .. 'idx:status:' .. ARGV[4], score, id)
  redis.call('ZREM', p .. 'open:' .. unit .. ':' .. st, id)
  if ARGV[4] ~= 'closed' then
    redis.call('ZADD', p .. 'open:' .. unit .. ':' .. ARGV[4], score, id)
  end
  if st == 'new' then
    redis.call('ZREM', p .. 'ackdue:' .. unit, id)
  end
  if ARGV[4] == 'closed' then
    clocks(clockKey, id, redis.call('HGET', KEYS[1], 'clock_due') or '', false)
  end
  redis.call('HSET', KEYS[1], 'status', ARGV[4])
  local fields = {}
  if ARGV[14] ~= '' then
    fields = cjson.decode(ARGV[14])
  end
  fields['status_from'] = st
  fields['status_to'] = ARGV[4]
  ARGV[14] = cjson.encode(fields)
end
if ARGV[9] == '1' then
  clocks(clockKey, id, redis.call('HGET', KEYS[1], 'clock_due') or '', false)
  if redis.call('HGET', KEYS[1], 'status') ~= 'closed' then
    clocks(clockKey, id, ARGV[10], true)
  end
  redis.call('HSET', KEYS[1], 'clock_due', ARGV[10])
end
local assignee = redis.call('HGET', KEYS[1], 'assignee') or ''
if ARGV[5] == '1' then
  if assignee ~= '' then
    redis.call('ZREM', p .. 'assigned:' .. assignee, id)
  end
  assignee = ARGV[6]
  redis.call('HSET', KEYS[1], 'assignee', assignee)
end
if assignee ~= '' then
  if redis.call('HGET', KEYS[1], 'status') == 'closed' then
    redis.call('ZREM', p .. 'assigned:' .. assignee, id)
  elseif ARGV[5] == '1' then
    local created = redis.call('ZSCORE', p .. 'idx:unit:' .. unit, id) or 0
    redis.call('ZADD', p .. 'assigned:' .. assignee, created, id)
  end
end
local counters = tonumber(ARGV[17])
for i = 18 + 3 * counters, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
if ARGV[7] ~= '' then
  redis.call('SET', KEYS[4], ARGV[7])
end
count(p .. 'stats:', counters, 18)
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
if ARGV[15] ~= '' then
  redis.call('HSET', p .. 'announcing:' .. id, ARGV[15], version)
  redis.call('ZADD', p .. 'announce', ARGV[16], id)
end
audit(KEYS[2], KEYS[3], id, 11)
return {'ok'}
`)

// UpdateCase applies one compare-and-set change; see bot.Change.
func (s *Store) UpdateCase(ctx context.Context, id bot.CaseID, ch bot.Change) (bot.Case, bool, error) {
	op := "update case " + string(id)
	if err := checkID(op, id); err != nil {
		return bot.Case{}, false, err
	}
	audit, err := auditArgs(ch.Audit)
	if err != nil {
		return bot.Case{}, false, fmt.Errorf("%s: %w", op, err)
	}
	if !ch.Move.Valid() {
		return bot.Case{}, false, fmt.Errorf("%s: unknown move %q", op, ch.Move)
	}
	from := make([]string, len(ch.Move.From()))
	for i, st := range ch.Move.From() {
		from[i] = string(st)
	}
	assign, assignee := "0", ""
	if ch.Assignee != nil {
		assign, assignee = "1", *ch.Assignee
	}
	closure := ""
	if ch.Closure != nil {
		b, err := json.Marshal(ch.Closure)
		if err != nil {
			return bot.Case{}, false, fmt.Errorf("%s: encode closure: %w", op, err)
		}
		closure = string(b)
	}
	k, y := s.keys, id.Year()
	keys := []string{k.caseHash(id), k.log(id), k.audit(y), k.closure(id)}
	replaceClocks, spec := "0", ""
	if ch.Deadlines != nil {
		replaceClocks, spec = "1", clockSpec(ch.Deadlines.Clocks)
	}
	argv := []any{string(id), k.yearPrefix(y), "," + strings.Join(from, ",") + ",", string(ch.Move.To()), assign, assignee, closure,
		ch.Version, replaceClocks, spec}
	argv = append(argv, audit...)
	argv = append(argv, string(ch.Announce), ch.Audit.At.UnixMilli())
	argv = append(argv, counterArgs(ch.Counters)...)
	set := func(field, value string) {
		if value != "" {
			argv = append(argv, field, value)
		}
	}
	set(fAckBy, ch.AckBy)
	set(fAckAt, formatTime(ch.AckAt))
	set(fEscalatedBy, ch.EscalatedBy)
	set(fEscalatedAt, formatTime(ch.EscalatedAt))
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
			return bot.Case{}, false, fmt.Errorf("%s: %w", op, err)
		}
		argv = append(argv, fRegimes, regimes)
	}
	if ch.Suggestion != nil {
		sg, err := encodeSuggestion(ch.Suggestion)
		if err != nil {
			return bot.Case{}, false, fmt.Errorf("%s: %w", op, err)
		}
		set(fSuggestion, sg)
	}

	res, err := updateCaseScript.Run(ctx, s.rdb, keys, argv...).StringSlice()
	if err != nil {
		return bot.Case{}, false, wrap(op, err)
	}
	switch res[0] {
	case "missing":
		return bot.Case{}, false, fmt.Errorf("%s: %w", op, bot.ErrNotFound)
	case "conflict":
		return bot.Case{}, false, fmt.Errorf("%s: it is %s: %w", op, res[1], bot.ErrConflict)
	}
	c, err := s.Case(ctx, id)
	return c, res[0] == "ok", err
}

// addNoteScript appends a note and counts it on the case; the note's number
// is its position in the list. The note is queued for announcement, so the
// cards show it.
// KEYS: case hash, notes, case log, year audit, announcing hash, year's
// announce queue. ARGV: case id, note JSON, four audit args, the time (ms).
var addNoteScript = redis.NewScript(auditLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local n = redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[1], 'notes', n)
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[5], 'noted', version)
redis.call('ZADD', KEYS[6], ARGV[7], ARGV[1])
audit(KEYS[3], KEYS[4], ARGV[1], 3)
return n
`)

// AddNote appends a note to the case's running log and numbers it.
func (s *Store) AddNote(ctx context.Context, id bot.CaseID, n bot.Note, e bot.AuditEntry) (bot.Note, error) {
	op := "add note to case " + string(id)
	if err := checkID(op, id); err != nil {
		return bot.Note{}, err
	}
	n.Number = 0
	b, err := json.Marshal(n)
	if err != nil {
		return bot.Note{}, fmt.Errorf("%s: %w", op, err)
	}
	audit, err := auditArgs(e)
	if err != nil {
		return bot.Note{}, fmt.Errorf("%s: %w", op, err)
	}
	keys := []string{s.keys.caseHash(id), s.keys.notes(id), s.keys.log(id), s.keys.audit(id.Year()),
		s.keys.announcing(id), s.keys.announce(id.Year())}
	args := append(append([]any{string(id), string(b)}, audit...), e.At.UnixMilli())
	num, err := addNoteScript.Run(ctx, s.rdb, keys, args...).Int()
	if err != nil {
		return bot.Note{}, wrap(op, err)
	}
	if num == 0 {
		return bot.Note{}, fmt.Errorf("%s: %w", op, bot.ErrNotFound)
	}
	n.Number = num
	return n, nil
}

// Notes returns the case's running log, oldest first.
func (s *Store) Notes(ctx context.Context, id bot.CaseID) ([]bot.Note, error) {
	op := "notes of case " + string(id)
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	raw, err := s.rdb.LRange(ctx, s.keys.notes(id), 0, -1).Result()
	if err != nil {
		return nil, wrap(op, err)
	}
	out := make([]bot.Note, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal([]byte(r), &out[i]); err != nil {
			return nil, fmt.Errorf("%s: note %d: %w", op, i+1, err)
		}
		out[i].Number = i + 1
	}
	return out, nil
}

// Closure returns how the case was closed, bot.ErrNotFound while it is open.
func (s *Store) Closure(ctx context.Context, id bot.CaseID) (bot.Closure, error) {
	op := "closure of case " + string(id)
	if err := checkID(op, id); err != nil {
		return bot.Closure{}, err
	}
	b, err := s.rdb.Get(ctx, s.keys.closure(id)).Bytes()
	if err != nil {
		return bot.Closure{}, wrap(op, err)
	}
	var cl bot.Closure
	if err := json.Unmarshal(b, &cl); err != nil {
		return bot.Closure{}, fmt.Errorf("%s: %w", op, err)
	}
	return cl, nil
}

// recordAuditScript appends an audit entry to an existing case.
// KEYS: case hash, case log, year audit. ARGV: case id, four audit args.
var recordAuditScript = redis.NewScript(auditLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
audit(KEYS[2], KEYS[3], ARGV[1], 2)
return 1
`)

// RecordAudit appends an entry that changes nothing else: a read of the
// details, an export, a refusal.
func (s *Store) RecordAudit(ctx context.Context, id bot.CaseID, e bot.AuditEntry) error {
	return s.update(ctx, "record "+e.Action+" of case "+string(id), recordAuditScript, id, e)
}

// OpenCases lists the cases of years that are not closed and belong to
// one of units or are assigned to assignee, each once. It reads the
// units' and the assignee's indexes of open cases, so its cost follows
// the cases asked for, not all the cases in the store.
func (s *Store) OpenCases(ctx context.Context, years []int, units []string, assignee string) ([]bot.Case, error) {
	op := "open cases"
	pipe := s.rdb.Pipeline()
	var cmds []*redis.StringSliceCmd
	for _, y := range years {
		for _, u := range units {
			for _, st := range []bot.Status{bot.StatusNew, bot.StatusAcknowledged, bot.StatusEscalated} {
				cmds = append(cmds, pipe.ZRange(ctx, s.keys.open(y, u, st), 0, -1))
			}
		}
		if assignee != "" {
			cmds = append(cmds, pipe.ZRange(ctx, s.keys.openAssigned(y, assignee), 0, -1))
		}
	}
	if len(cmds) == 0 {
		return nil, nil
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, wrap(op, err)
	}
	var ids []string
	seen := map[string]bool{}
	for _, cmd := range cmds {
		for _, id := range cmd.Val() {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return s.casesByID(ctx, op, ids)
}

// casesByID reads cases in one pipeline, skipping ids whose case is gone.
func (s *Store) casesByID(ctx context.Context, op string, ids []string) ([]bot.Case, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	pipe := s.rdb.Pipeline()
	hashes := make([]*redis.MapStringStringCmd, len(ids))
	for i, id := range ids {
		hashes[i] = pipe.HGetAll(ctx, s.keys.caseHash(bot.CaseID(id)))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, wrap(op, err)
	}
	out := make([]bot.Case, 0, len(ids))
	for i, h := range hashes {
		c, err := parseCase(h.Val())
		if errors.Is(err, bot.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: case %s: %w", op, ids[i], err)
		}
		out = append(out, c)
	}
	return out, nil
}

// Counts sums, for each week, the counters of the units over the case
// years given – a week's events can belong to cases of an earlier year –
// in one pipeline of len(weeks)×len(units)×len(years) reads, whatever the
// number of cases.
func (s *Store) Counts(ctx context.Context, weeks, units []string, years []int) (map[string]map[string]int64, error) {
	op := "counts"
	pipe := s.rdb.Pipeline()
	type read struct {
		week string
		cmd  *redis.MapStringStringCmd
	}
	var reads []read
	for _, w := range weeks {
		for _, u := range units {
			for _, y := range years {
				reads = append(reads, read{w, pipe.HGetAll(ctx, s.keys.stats(y, w+":"+u))})
			}
		}
	}
	if len(reads) > 0 {
		if _, err := pipe.Exec(ctx); err != nil {
			return nil, wrap(op, err)
		}
	}
	out := make(map[string]map[string]int64, len(weeks))
	for _, w := range weeks {
		out[w] = map[string]int64{}
	}
	for _, r := range reads {
		for f, v := range r.cmd.Val() {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: %s field %s: %w", op, r.week, f, err)
			}
			out[r.week][f] += n
		}
	}
	return out, nil
}
