package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

// addMessageScript appends a message to the relay while the case is in a
// status the move allows, counts it on the case, and queues its event for
// announcement: the reporter gets a question, a handler hears of an answer.
// It answers the message's number, 0 for a missing case and -1 for one in
// another status.
// KEYS: case hash, messages, case log, year audit, announcing hash, year's
// announce queue. ARGV: case id, message JSON, allowed statuses as
// ",a,b,", "1" for a message from the reporter, event, the time (ms), its
// RFC 3339 form, four audit args.
var addMessageScript = redis.NewScript(auditLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local st = redis.call('HGET', KEYS[1], 'status')
if not string.find(ARGV[3], ',' .. st .. ',', 1, true) then
  return -1
end
local n = redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[1], 'messages', n)
if ARGV[4] == '1' then
  redis.call('HSET', KEYS[1], 'answered_at', ARGV[7])
end
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[5], ARGV[5], version)
redis.call('ZADD', KEYS[6], ARGV[6], ARGV[1])
audit(KEYS[3], KEYS[4], ARGV[1], 8)
return n
`)

// AddMessage appends a message to the case's relay and numbers it; the
// event is queued for announcement in the same step. A case in a status
// move does not start from gives bot.ErrConflict.
func (s *Store) AddMessage(ctx context.Context, id bot.CaseID, move bot.Move, m bot.Message, ev bot.Event, e bot.AuditEntry) (bot.Message, error) {
	op := "add message to case " + string(id)
	if err := checkID(op, id); err != nil {
		return bot.Message{}, err
	}
	m.Number = 0
	b, err := json.Marshal(m)
	if err != nil {
		return bot.Message{}, fmt.Errorf("%s: %w", op, err)
	}
	audit, err := auditArgs(id, e, s.seal)
	if err != nil {
		return bot.Message{}, fmt.Errorf("%s: %w", op, err)
	}
	keys := []string{s.keys.caseHash(id), s.keys.messages(id), s.keys.log(id), s.keys.audit(id.Year()),
		s.keys.announcing(id), s.keys.announce(id.Year())}
	args := append([]any{string(id), s.seal.Seal(aad(id, "message"), string(b)), statusList(move.From()), formatBool(m.FromReporter), string(ev),
		e.At.UnixMilli(), formatTime(m.At)}, audit...)
	num, err := addMessageScript.Run(ctx, s.rdb, keys, args...).Int()
	switch {
	case err != nil:
		return bot.Message{}, wrap(op, err)
	case num == 0:
		return bot.Message{}, fmt.Errorf("%s: %w", op, bot.ErrNotFound)
	case num < 0:
		return bot.Message{}, fmt.Errorf("%s: the case is not open: %w", op, bot.ErrConflict)
	}
	m.Number = num
	return m, nil
}

// Messages returns the case's relay, oldest first.
func (s *Store) Messages(ctx context.Context, id bot.CaseID) ([]bot.Message, error) {
	op := "messages of case " + string(id)
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	raw, err := s.rdb.LRange(ctx, s.keys.messages(id), 0, -1).Result()
	if err != nil {
		return nil, wrap(op, err)
	}
	out := make([]bot.Message, len(raw))
	for i, r := range raw {
		text, err := s.seal.Open(aad(id, "message"), r)
		if err != nil {
			return nil, fmt.Errorf("%s: message %d: %w", op, i+1, err)
		}
		if err := json.Unmarshal([]byte(text), &out[i]); err != nil {
			return nil, fmt.Errorf("%s: message %d: %w", op, i+1, err)
		}
		out[i].Number = i + 1
	}
	return out, nil
}
