package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
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
// announce queue, 15… a stats key per counter.
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
count(15, counters, 22)
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
	mid, tail, err := changeArgs(s.keys, id.Year(), ch)
	if err != nil {
		return bot.Case{}, false, fmt.Errorf("%s: %w", op, err)
	}
	was := ch.Was
	if was.ID != id {
		h, err := s.rdb.HMGet(ctx, s.keys.caseHash(id), fStatus, fUnit, fAssignee).Result()
		if err != nil {
			return bot.Case{}, false, wrap(op, err)
		}
		str := func(v any) string { x, _ := v.(string); return x }
		was = bot.Case{ID: id, Status: bot.Status(str(h[0])), Unit: str(h[1]), Assignee: str(h[2])}
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
			c, err := parseCase(h)
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
		k.announcing(id), k.announce(y)}
	counterKeys, _ := k.counterArgs(y, ch.Counters)
	keys = append(keys, counterKeys...)
	head = []any{string(id), string(was.Status), was.Assignee, statusList(ch.Move.From())}
	flags = []any{formatBool(was.Status.Open()), formatBool(was.Status.AwaitsAcknowledgement()), formatBool(to.Open())}
	return keys, head, flags
}

// changeArgs are the ARGV of a change that do not depend on the case's
// state: 5-17, and the counters and fields after 21.
func changeArgs(k keyspace, year int, ch bot.Change) (mid, tail []any, err error) {
	audit, err := auditArgs(ch.Audit)
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
		closure = string(b)
	}
	replaceClocks, spec := "0", ""
	if ch.Deadlines != nil {
		replaceClocks, spec = "1", clockSpec(ch.Deadlines.Clocks)
	}
	mid = []any{string(ch.Move.To()), assign, assignee, closure, ch.Version, replaceClocks, spec}
	mid = append(mid, audit...)
	mid = append(mid, string(ch.Announce), ch.Audit.At.UnixMilli())
	_, tail = k.counterArgs(year, ch.Counters)
	set := func(field, value string) {
		if value != "" {
			tail = append(tail, field, value)
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
			return nil, nil, err
		}
		tail = append(tail, fRegimes, regimes)
	}
	if ch.Suggestion != nil {
		sg, err := encodeSuggestion(ch.Suggestion)
		if err != nil {
			return nil, nil, err
		}
		set(fSuggestion, sg)
	}
	return mid, tail, nil
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
			for _, st := range openStatuses {
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
