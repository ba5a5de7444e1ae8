package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

// submissionTTL is how long a draft nonce keeps pointing at its case: far
// longer than a draft lives (draft_days is at most 90), so a late retry
// of a submission, or a draft left behind, finds the case.
const submissionTTL = 120 * 24 * time.Hour

// createCaseScript stores a case in one atomic step: its hash, report,
// relay and audit trail, its indexes and its unit's state indexes, its
// counters; on one Redis server it also lists the year and removes the
// draft the case was made from. Every key is built in Go (keyspace) and
// passed in KEYS; on Redis Cluster all are in the case year's slot, and
// the year's listing and the draft, in other slots, are done around the
// script instead. The id is the sequence's next number, which the caller
// guesses: when the guess is wrong (another case took it, or the process
// has not seen this year yet) the script changes nothing and answers
// {"retry", current sequence}. Given the SHA-1 of the draft as it was
// read (ARGV 15), it answers {"stale", seq} when the draft in Redis is
// another or gone, and changes nothing. A known submission answers its
// case and removes the draft: it was sent.
//
// KEYS: 1 seq, 2 submission, 3 year audit, 4 pending, 5-8 the unit,
// status, week and reporter indexes, 9 case hash, 10 report, 11 relay, 12
// case log, 13 the unit's open index of the status, 14 the unit's
// acknowledgement index, 15 the unit's clock index, 16 the year's
// reminder schedule; on one server, 17 the list of years; with a draft,
// the user's drafts and the draft; then a stats key per counter
// (counterArgs), then the hidden set of each manager the case is hidden
// from.
// ARGV: 1 id, 2 its sequence number, 3 created ms, 4 report JSON, 5 real
// reporter, 6 submission TTL seconds, 7-10 audit args, 11 acknowledgement
// due ms, 12 clock spec, 13 the year to list or "", 14 the draft's nonce
// or "", 15 the draft's SHA-1 or "", 16 number of counters n, then 2n
// counter args, then the case hash's field/value pairs.
// Returns {id, 1} for a new case, {existing id, 0} for a known submission.
var createCaseScript = redis.NewScript(auditLua + countersLua + clocksLua + `
local k = 17
if ARGV[13] ~= '' then
  k = k + 1
end
if ARGV[14] ~= '' then
  k = k + 2
end
local function dropDraft()
  if ARGV[14] ~= '' then
    redis.call('ZREM', KEYS[k - 2], ARGV[14])
    redis.call('DEL', KEYS[k - 1])
  end
end
local existing = redis.call('GET', KEYS[2])
if existing then
  dropDraft()
  return {existing, 0}
end
local seq = redis.call('GET', KEYS[1]) or '0'
if tonumber(seq) + 1 ~= tonumber(ARGV[2]) then
  return {'retry', seq}
end
if ARGV[15] ~= '' and redis.sha1hex(redis.call('GET', KEYS[k - 1]) or '') ~= ARGV[15] then
  return {'stale', seq}
end
if ARGV[13] ~= '' then
  redis.call('SADD', KEYS[17], ARGV[13])
end
redis.call('INCR', KEYS[1])
local id = ARGV[1]
local counters = tonumber(ARGV[16])
local h = {'HSET', KEYS[9], 'id', id, 'version', '1', 'clock_due', ARGV[12]}
for i = 17 + 2 * counters, #ARGV do
  h[#h + 1] = ARGV[i]
end
redis.call(unpack(h))
count(k, counters, 17)
redis.call('ZADD', KEYS[16], ARGV[3], id)
redis.call('ZADD', KEYS[13], ARGV[3], id)
redis.call('ZADD', KEYS[14], ARGV[11], id)
clocks(KEYS[15], id, ARGV[12], true)
redis.call('SET', KEYS[10], ARGV[4])
redis.call('SET', KEYS[11], ARGV[5])
redis.call('SET', KEYS[2], id, 'EX', ARGV[6])
for i = 4, 8 do
  redis.call('ZADD', KEYS[i], ARGV[3], id)
end
for i = k + counters, #KEYS do
  redis.call('SADD', KEYS[i], id)
end
audit(KEYS[12], KEYS[3], id, 7)
dropDraft()
return {id, 1}
`)

// maxCreateTries bounds how often a create is tried again because other
// cases took the id it guessed: each try learns the sequence anew.
const maxCreateTries = 100

// CreateCase stores a new case with its report, indexes and first audit
// entry in one atomic step, and removes the draft it was made from
// (n.Draft), also when the submission was known. The acknowledgement
// waits for one round trip: the id is guessed from the last one this
// process made, and on one Redis server the script lists the year (a
// year listed with no case costs a look, a case in an unlisted year
// would be missed) and removes the draft. On Redis Cluster, where those
// keys are in other slots, the year is listed before the script and the
// draft removed after it; should that fail, the draft stays until it
// expires or is sent again, which finds this case and removes it (the
// failed command is counted in incidentbot's Redis error metric).
func (s *Store) CreateCase(ctx context.Context, n bot.NewCase) (bot.Case, bool, error) {
	switch {
	case n.Submission == "":
		return bot.Case{}, false, errors.New("create case: empty submission")
	case !bot.ValidPrefix(n.Prefix):
		return bot.Case{}, false, fmt.Errorf("create case: invalid case prefix %q", n.Prefix)
	case n.Year < 1000 || n.Year > 9999:
		return bot.Case{}, false, fmt.Errorf("create case: invalid year %d", n.Year)
	case n.Draft != "" && n.ReporterUser == "":
		return bot.Case{}, false, errors.New("create case: a draft without its user")
	}
	fields, err := caseFields(n.Case, s.seal)
	if err != nil {
		return bot.Case{}, false, fmt.Errorf("create case: %w", err)
	}
	report, err := json.Marshal(n.Report)
	if err != nil {
		return bot.Case{}, false, fmt.Errorf("create case: encode report: %w", err)
	}
	audit, err := auditArgs("", n.Audit, s.seal)
	if err != nil {
		return bot.Case{}, false, fmt.Errorf("create case: %w", err)
	}
	k, y := s.keys, n.Year
	if s.cluster() {
		if err := s.rdb.SAdd(ctx, k.years(), y).Err(); err != nil {
			return bot.Case{}, false, wrap("create case", err)
		}
	}
	seq := s.years.guess(y)
	counterKeys, counterArgs := k.counterArgs(y, n.Counters, n.Case.HiddenFrom)
	for range maxCreateTries {
		oneServer := !s.cluster()
		id := bot.FormatCaseID(n.Prefix, y, seq+1)
		keys := []string{
			k.seq(y), k.submission(y, s.seal.Hash(n.Submission)), k.audit(y), k.pending(y),
			k.index(y, idxUnit, n.Case.Unit),
			k.index(y, idxStatus, string(n.Case.Status)),
			k.index(y, idxWeek, n.Case.Week),
			k.reporterIndex(y, n.ReporterUser, n.Case.Reporter == bot.AnonymousReporter),
			k.caseHash(id), k.report(id), k.relay(id), k.log(id),
			k.open(y, n.Case.Unit, n.Case.Status), k.ackDue(y, n.Case.Unit), k.clockDue(y, n.Case.Unit),
			k.remind(y),
		}
		year, draft := "", ""
		if oneServer {
			keys = append(keys, k.years())
			year = strconv.Itoa(y)
			if n.Draft != "" {
				keys = append(keys, k.drafts(n.ReporterUser), k.draft(n.ReporterUser, n.Draft))
				draft = n.Draft
			}
		}
		keys = append(keys, counterKeys...)
		for _, m := range n.Case.HiddenFrom {
			keys = append(keys, k.hidden(y, m))
		}
		args := []any{string(id), seq + 1, n.Case.CreatedAt.UnixMilli(), s.seal.Seal(aad(id, "report"), string(report)),
			s.seal.Seal(aad(id, "relay"), n.ReporterUser), int64(submissionTTL / time.Second)}
		args = append(args, audit...)
		args = append(args, n.Deadlines.Ack.UnixMilli(), clockSpec(n.Deadlines.Clocks), year, draft, n.DraftVersion.Sum)
		args = append(append(args, counterArgs...), fields...)

		res, err := createCaseScript.Run(ctx, s.rdb, keys, args...).Slice()
		if err != nil {
			return bot.Case{}, false, wrap("create case", err)
		}
		if len(res) == 2 && res[0] == "stale" {
			s.recent.forget(k.draft(n.ReporterUser, n.Draft))
			return bot.Case{}, false, fmt.Errorf("create case: %w", bot.ErrDraftChanged)
		}
		if len(res) == 2 && res[0] == "retry" {
			current, _ := res[1].(string)
			if seq, err = strconv.ParseInt(current, 10, 64); err != nil {
				return bot.Case{}, false, fmt.Errorf("create case: sequence %q: %w", current, err)
			}
			s.years.saw(y, seq)
			continue
		}
		got, created, err := parseCreated(res)
		if err != nil {
			return bot.Case{}, false, fmt.Errorf("create case: %w", err)
		}
		if created {
			s.years.made(y, seq+1)
		}
		if n.Draft != "" {
			s.recent.forget(k.draft(n.ReporterUser, n.Draft))
			if !oneServer {
				_ = s.DeleteDraft(ctx, n.ReporterUser, n.Draft) // see above
			}
		}
		if !created {
			c, err := s.Case(ctx, got)
			return c, false, err
		}
		// Return what Case would read back: times in UTC.
		c := n.Case
		c.ID, c.Version = got, 1
		c.CreatedAt, c.OccurredAt, c.DiscoveredAt = c.CreatedAt.UTC(), c.OccurredAt.UTC(), c.DiscoveredAt.UTC()
		return c, true, nil
	}
	return bot.Case{}, false, fmt.Errorf("create case: the sequence of %d kept moving: %w", y, bot.ErrUnavailable)
}

// yearSeqs is what this process last saw of each year's sequence: the
// number of its newest case. A guess only saves a round trip; the script
// checks it.
type yearSeqs struct {
	mu   sync.Mutex
	last map[int]int64
}

func (y *yearSeqs) guess(year int) int64 {
	y.mu.Lock()
	defer y.mu.Unlock()
	return y.last[year]
}

// made notes that year's case number seq was made.
func (y *yearSeqs) made(year int, seq int64) {
	y.set(year, seq, true)
}

// saw notes the sequence as the script read it, also when it went back
// (Redis restored from an older copy).
func (y *yearSeqs) saw(year int, seq int64) {
	y.set(year, seq, false)
}

func (y *yearSeqs) set(year int, seq int64, onlyUp bool) {
	y.mu.Lock()
	defer y.mu.Unlock()
	if y.last == nil {
		y.last = map[int]int64{}
	}
	if !onlyUp || seq > y.last[year] {
		y.last[year] = seq
	}
}

func parseCreated(res []any) (bot.CaseID, bool, error) {
	if len(res) == 2 {
		id, ok1 := res[0].(string)
		flag, ok2 := res[1].(int64)
		if ok1 && ok2 {
			return bot.CaseID(id), flag == 1, nil
		}
	}
	return "", false, fmt.Errorf("unexpected script result %v", res)
}

// Case returns a case without its report.
func (s *Store) Case(ctx context.Context, id bot.CaseID) (bot.Case, error) {
	op := "case " + string(id)
	if err := checkID(op, id); err != nil {
		return bot.Case{}, err
	}
	h, err := s.rdb.HGetAll(ctx, s.keys.caseHash(id)).Result()
	if err != nil {
		return bot.Case{}, wrap(op, err)
	}
	c, err := parseCase(h, s.seal)
	if err != nil {
		return bot.Case{}, fmt.Errorf("%s: %w", op, err)
	}
	return c, nil
}

// Report returns what the reporter wrote. Callers must check that the
// reader may see it and record the read.
func (s *Store) Report(ctx context.Context, id bot.CaseID) (bot.Report, error) {
	op := "report of case " + string(id)
	if err := checkID(op, id); err != nil {
		return bot.Report{}, err
	}
	b, err := s.rdb.Get(ctx, s.keys.report(id)).Result()
	if err != nil {
		return bot.Report{}, wrap(op, err)
	}
	r, err := s.openReport(id, b)
	if err != nil {
		return bot.Report{}, fmt.Errorf("%s: %w", op, err)
	}
	return r, nil
}

// openReport opens and decodes a case's report as stored.
func (s *Store) openReport(id bot.CaseID, sealed string) (bot.Report, error) {
	text, err := s.seal.Open(aad(id, "report"), sealed)
	if err != nil {
		return bot.Report{}, err
	}
	var r bot.Report
	if err := json.Unmarshal([]byte(text), &r); err != nil {
		return bot.Report{}, err
	}
	return r, nil
}

// CaseBySubmission finds the case created from a submission
// (bot.Submission) in one of years.
func (s *Store) CaseBySubmission(ctx context.Context, submission string, years ...int) (bot.CaseID, error) {
	op := "case by submission"
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.StringCmd, len(years))
	for i, y := range years {
		cmds[i] = pipe.Get(ctx, s.keys.submission(y, s.seal.Hash(submission)))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return "", wrap(op, err)
	}
	for _, cmd := range cmds {
		id, err := cmd.Result()
		if err == nil {
			return bot.CaseID(id), nil
		}
		if !errors.Is(err, redis.Nil) {
			return "", wrap(op, err)
		}
	}
	return "", fmt.Errorf("%s: %w", op, bot.ErrNotFound)
}

// CasesByReporter lists the newest cases the user reported, anonymous ones
// included, across years.
func (s *Store) CasesByReporter(ctx context.Context, user string, years []int, limit int) ([]bot.Case, error) {
	op := "cases by reporter"
	if limit <= 0 || len(years) == 0 {
		return nil, nil
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.ZSliceCmd, 0, 2*len(years))
	for _, y := range years {
		cmds = append(cmds,
			pipe.ZRevRangeWithScores(ctx, s.keys.reporterIndex(y, user, false), 0, int64(limit-1)),
			pipe.ZRevRangeWithScores(ctx, s.keys.reporterIndex(y, user, true), 0, int64(limit-1)))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, wrap(op, err)
	}
	// Merge by score rather than trust the order of years: a case's year is
	// that of the configured time zone, its score is absolute.
	var all []redis.Z
	for _, cmd := range cmds {
		all = append(all, cmd.Val()...)
	}
	slices.SortStableFunc(all, func(a, b redis.Z) int { return cmp.Compare(b.Score, a.Score) })
	all = all[:min(limit, len(all))]

	pipe = s.rdb.Pipeline()
	hashes := make([]*redis.MapStringStringCmd, len(all))
	for i, z := range all {
		hashes[i] = pipe.HGetAll(ctx, s.keys.caseHash(bot.CaseID(z.Member.(string))))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, wrap(op, err)
	}
	out := make([]bot.Case, 0, len(hashes))
	for i, h := range hashes {
		c, err := parseCase(h.Val(), s.seal)
		if errors.Is(err, bot.ErrNotFound) {
			// Deleted by hand, e.g. erased on request: the list goes on.
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: case %v: %w", op, all[i].Member, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// History returns a case's audit trail, oldest first. Every stored case
// has at least its creation entry, so an empty trail is ErrNotFound.
func (s *Store) History(ctx context.Context, id bot.CaseID) ([]bot.AuditEntry, error) {
	op := "history of case " + string(id)
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	msgs, err := s.rdb.XRange(ctx, s.keys.log(id), "-", "+").Result()
	if err != nil {
		return nil, wrap(op, err)
	}
	if len(msgs) == 0 {
		return nil, fmt.Errorf("%s: %w", op, bot.ErrNotFound)
	}
	out := make([]bot.AuditEntry, len(msgs))
	for i, m := range msgs {
		if out[i], err = parseAudit(id, m.Values, s.seal); err != nil {
			return nil, fmt.Errorf("%s: entry %s: %w", op, m.ID, err)
		}
	}
	return out, nil
}

// CaseYears lists the years that have cases, newest first.
func (s *Store) CaseYears(ctx context.Context) ([]int, error) {
	members, err := s.rdb.SMembers(ctx, s.keys.years()).Result()
	if err != nil {
		return nil, wrap("years with cases", err)
	}
	var ys []int
	for _, m := range members {
		if y, err := strconv.Atoi(m); err == nil {
			ys = append(ys, y)
		}
	}
	slices.Sort(ys)
	slices.Reverse(ys)
	return ys, nil
}

// reindexAssignedScript adds an open case to its assignee's index, checking
// in the same step that it is still open and still theirs: a case closed
// or reassigned while Reindex ran is not put back.
// KEYS: case hash, the assignee's index. ARGV: score, assignee, case id,
// the open statuses as ",a,b,".
var reindexAssignedScript = redis.NewScript(`
local st = redis.call('HGET', KEYS[1], 'status') or ''
if string.find(ARGV[4], ',' .. st .. ',', 1, true) and redis.call('HGET', KEYS[1], 'assignee') == ARGV[2] then
  redis.call('ZADD', KEYS[2], ARGV[1], ARGV[3])
end
return 1
`)

// Reindex fills the indexes added after cases were stored, for years:
// the years that have cases, and each open case's place in its
// assignee's index. It is idempotent and costs one pass over the open
// cases; run it at start.
func (s *Store) Reindex(ctx context.Context, years []int) error {
	op := "reindex"
	pipe := s.rdb.Pipeline()
	seqs := make([]*redis.IntCmd, len(years))
	type open struct {
		year int
		ids  *redis.ZSliceCmd
	}
	var opens []open
	for i, y := range years {
		seqs[i] = pipe.Exists(ctx, s.keys.seq(y))
		for _, st := range openStatuses {
			opens = append(opens, open{y, pipe.ZRangeWithScores(ctx, s.keys.index(y, idxStatus, string(st)), 0, -1)})
		}
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return wrap(op, err)
	}
	type member struct {
		year  int
		z     redis.Z
		owner *redis.StringCmd
	}
	var members []member
	for i, y := range years {
		if seqs[i].Val() > 0 {
			pipe.SAdd(ctx, s.keys.years(), y)
		}
	}
	for _, o := range opens {
		for _, z := range o.ids.Val() {
			id := bot.CaseID(z.Member.(string))
			members = append(members, member{o.year, z, pipe.HGet(ctx, s.keys.caseHash(id), fAssignee)})
		}
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return wrap(op, err)
	}
	for _, m := range members {
		if a := m.owner.Val(); a != "" {
			id := bot.CaseID(m.z.Member.(string))
			keys := []string{s.keys.caseHash(id), s.keys.openAssigned(m.year, a)}
			reindexAssignedScript.Eval(ctx, pipe, keys, m.z.Score, a, string(id), statusList(openStatuses))
		}
	}
	_, err := pipe.Exec(ctx)
	return wrap(op, err)
}

// statusList writes statuses as ",a,b," for a script's string.find.
func statusList(sts []bot.Status) string {
	var b strings.Builder
	b.WriteString(",")
	for _, st := range sts {
		b.WriteString(string(st) + ",")
	}
	return b.String()
}
