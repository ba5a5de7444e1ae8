package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

// DueChecks lists the cases of years whose reminders are due to be looked
// at by now, oldest first.
func (s *Store) DueChecks(ctx context.Context, years []int, now time.Time) ([]bot.CaseID, error) {
	due, err := s.due(ctx, "cases due for reminders", s.keys.remind, years, now)
	ids := make([]bot.CaseID, 0, len(due))
	for _, z := range due {
		ids = append(ids, bot.CaseID(z.Member.(string)))
	}
	return ids, err
}

// claimCheckScript takes a case's look when it is due, with a lease of its
// own: a change of the case may move the look meanwhile, but not give it
// to a second replica while the first is at it.
// KEYS: the year's schedule, the look's lease. ARGV: case id, now ms,
// lease ms.
var claimCheckScript = redis.NewScript(`
local at = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not at or tonumber(at) > tonumber(ARGV[2]) then
  return 0
end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then
  return 1
end
return 0
`)

// ClaimCheck takes the case's look for lease; false when it is not due or
// another replica has it. ScheduleCheck gives it back.
func (s *Store) ClaimCheck(ctx context.Context, id bot.CaseID, now time.Time, lease time.Duration) (bool, error) {
	op := "claim the reminders of case " + string(id)
	if err := checkID(op, id); err != nil {
		return false, err
	}
	keys := []string{s.keys.remind(id.Year()), s.keys.remindLease(id)}
	n, err := claimCheckScript.Run(ctx, s.rdb, keys, string(id), now.UnixMilli(), lease.Milliseconds()).Int()
	return n == 1, wrap(op, err)
}

// Reminded lists the reminders sent for the case, "<clock>|<threshold>".
func (s *Store) Reminded(ctx context.Context, id bot.CaseID) ([]string, error) {
	op := "reminders sent for case " + string(id)
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	keys, err := s.rdb.SMembers(ctx, s.keys.reminded(id)).Result()
	return keys, wrap(op, err)
}

// recordReminderScript marks reminders sent and records the entry.
// KEYS: case hash, case log, year audit, reminded set. ARGV: case id, four
// audit args, the reminders' keys.
var recordReminderScript = redis.NewScript(auditLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
for i = 6, #ARGV do
  redis.call('SADD', KEYS[4], ARGV[i])
end
audit(KEYS[2], KEYS[3], ARGV[1], 2)
return 1
`)

// RecordReminder marks the reminders keys as sent and records e, in one step.
func (s *Store) RecordReminder(ctx context.Context, id bot.CaseID, keys []string, e bot.AuditEntry) error {
	op := "record a reminder of case " + string(id)
	if err := checkID(op, id); err != nil {
		return err
	}
	audit, err := auditArgs(id, e, s.seal)
	if err != nil {
		return err
	}
	args := append([]any{string(id)}, audit...)
	for _, k := range keys {
		args = append(args, k)
	}
	n, err := recordReminderScript.Run(ctx, s.rdb, []string{s.keys.caseHash(id), s.keys.log(id), s.keys.audit(id.Year()), s.keys.reminded(id)}, args...).Int()
	if err != nil {
		return wrap(op, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", op, bot.ErrNotFound)
	}
	return nil
}

// scheduleCheckScript gives back the look's lease and sets the case's next
// look, unless the case changed since the version read (the change set its
// own); "" takes it off the schedule. KEYS: case hash, the year's
// schedule, the look's lease. ARGV: case id, version, next ms or "".
var scheduleCheckScript = redis.NewScript(`
redis.call('DEL', KEYS[3])
local v = redis.call('HGET', KEYS[1], 'version')
if v and v ~= ARGV[2] then
  return 0
end
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
end
return 1
`)

// ScheduleCheck sets when the case is looked at next, unless it changed
// since version; zero takes it off the schedule.
func (s *Store) ScheduleCheck(ctx context.Context, id bot.CaseID, version int64, at time.Time) error {
	op := "schedule the reminders of case " + string(id)
	if err := checkID(op, id); err != nil {
		return err
	}
	next := ""
	if !at.IsZero() {
		next = strconv.FormatInt(at.UnixMilli(), 10)
	}
	keys := []string{s.keys.caseHash(id), s.keys.remind(id.Year()), s.keys.remindLease(id)}
	return wrap(op, scheduleCheckScript.Run(ctx, s.rdb, keys, string(id), version, next).Err())
}
