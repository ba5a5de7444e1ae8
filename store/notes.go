package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

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
	audit, err := auditArgs(id, e, s.seal)
	if err != nil {
		return bot.Note{}, fmt.Errorf("%s: %w", op, err)
	}
	keys := []string{s.keys.caseHash(id), s.keys.notes(id), s.keys.log(id), s.keys.audit(id.Year()),
		s.keys.announcing(id), s.keys.announce(id.Year())}
	args := append(append([]any{string(id), s.seal.Seal(aad(id, "note"), string(b))}, audit...), e.At.UnixMilli())
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
		text, err := s.seal.Open(aad(id, "note"), r)
		if err != nil {
			return nil, fmt.Errorf("%s: note %d: %w", op, i+1, err)
		}
		if err := json.Unmarshal([]byte(text), &out[i]); err != nil {
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
	b, err := s.rdb.Get(ctx, s.keys.closure(id)).Result()
	if err != nil {
		return bot.Closure{}, wrap(op, err)
	}
	text, err := s.seal.Open(aad(id, "closure"), b)
	if err != nil {
		return bot.Closure{}, fmt.Errorf("%s: %w", op, err)
	}
	var cl bot.Closure
	if err := json.Unmarshal([]byte(text), &cl); err != nil {
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

// recordRefusalScript counts a refusal per actor, attempt and reason, and
// appends it to the history the 1st, 2nd, 4th, 8th… time, with the count
// so far: a flood of forged requests is recorded without growing the
// history without bound.
// KEYS: case hash, case log, year audit, the case's refusal counts.
// ARGV: case id, the refusal's count key, four audit args.
var recordRefusalScript = redis.NewScript(auditLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local n = redis.call('HINCRBY', KEYS[4], ARGV[2], 1)
if n > 1 then
  if bit.band(n, n - 1) ~= 0 then
    return 1
  end
  local fields = {}
  if ARGV[6] ~= '' then
    fields = cjson.decode(ARGV[6])
  end
  fields['repeats'] = tostring(n)
  ARGV[6] = cjson.encode(fields)
end
audit(KEYS[2], KEYS[3], ARGV[1], 3)
return 1
`)

// RecordAudit appends an entry that changes nothing else: a read of the
// details, an export, a refusal. Refusals repeated by one actor for one
// attempt are counted, and recorded at each power of two.
func (s *Store) RecordAudit(ctx context.Context, id bot.CaseID, e bot.AuditEntry) error {
	op := "record " + e.Action + " of case " + string(id)
	if e.Action != bot.ActionDenied {
		return s.update(ctx, op, recordAuditScript, id, e)
	}
	if err := checkID(op, id); err != nil {
		return err
	}
	audit, err := auditArgs(id, e, s.seal)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	k := s.keys
	keys := []string{k.caseHash(id), k.log(id), k.audit(id.Year()), k.refusals(id)}
	argv := append([]any{string(id), e.Actor + "|" + e.Fields["attempted"] + "|" + e.Fields["reason"]}, audit...)
	n, err := recordRefusalScript.Run(ctx, s.rdb, keys, argv...).Int()
	if err != nil {
		return wrap(op, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", op, bot.ErrNotFound)
	}
	return nil
}
