package store

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

// openStatuses are the statuses the unit's open indexes are kept for:
// those of bot's state machine.
var openStatuses = bot.OpenStatuses()

// ageLimits are the day boundaries of bot.OpenStats.ByAge: 0–2 days, 3–7,
// 8–30 and older.
var ageLimits = []int{3, 8, 31}

// ageSpans are the creation times, in ms, of the age buckets as of now:
// a case is 0–2 days old when created after now−3d, 3–7 when created after
// now−8d and at most now−3d, and so on; each is (min, max].
func ageSpans(now time.Time) (spans [][2]float64) {
	upper := math.Inf(1)
	for _, d := range ageLimits {
		bound := float64(now.Add(-time.Duration(d) * 24 * time.Hour).UnixMilli())
		spans = append(spans, [2]float64{bound, upper})
		upper = bound
	}
	return append(spans, [2]float64{math.Inf(-1), upper})
}

// OpenStats counts the units' open cases from their state indexes: a fixed
// number of commands per unit and year, however many cases there are. For
// a manager, the cases hidden from them are left out.
func (s *Store) OpenStats(ctx context.Context, units []string, years []int, now, until time.Time, manager string) (bot.OpenStats, error) {
	out, err := s.openStats(ctx, units, years, now, until)
	if err != nil || manager == "" {
		return out, err
	}
	hidden, err := s.hiddenOpenStats(ctx, units, years, now, until, manager)
	if err != nil {
		return bot.OpenStats{}, err
	}
	out.Sub(hidden)
	return out, nil
}

func (s *Store) openStats(ctx context.Context, units []string, years []int, now, until time.Time) (bot.OpenStats, error) {
	op := "open stats"
	ms := func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
	bound := func(f float64, open bool) string {
		switch {
		case math.IsInf(f, 1):
			return "+inf"
		case math.IsInf(f, -1):
			return "-inf"
		case open:
			return "(" + strconv.FormatFloat(f, 'f', 0, 64)
		}
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	type span struct{ min, max string }
	var ages []span
	for _, a := range ageSpans(now) {
		ages = append(ages, span{bound(a[0], true), bound(a[1], false)})
	}

	pipe := s.rdb.Pipeline()
	type yearCmds struct {
		status     []*redis.IntCmd
		ages       [][]*redis.IntCmd
		ack, missd *redis.IntCmd
		due        *redis.IntCmd
	}
	var all []yearCmds
	for _, unit := range units {
		for _, y := range years {
			var c yearCmds
			for _, st := range openStatuses {
				key := s.keys.open(y, unit, st)
				c.status = append(c.status, pipe.ZCard(ctx, key))
				var counts []*redis.IntCmd
				for _, a := range ages {
					counts = append(counts, pipe.ZCount(ctx, key, a.min, a.max))
				}
				c.ages = append(c.ages, counts)
			}
			c.ack = pipe.ZCount(ctx, s.keys.ackDue(y, unit), "-inf", "("+ms(now))
			c.missd = pipe.ZCount(ctx, s.keys.clockDue(y, unit), "-inf", "("+ms(now))
			c.due = pipe.ZCount(ctx, s.keys.clockDue(y, unit), ms(now), "("+ms(until))
			all = append(all, c)
		}
	}
	if len(all) == 0 {
		return bot.OpenStats{ByStatus: map[bot.Status]int64{}}, nil
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return bot.OpenStats{}, wrap(op, err)
	}
	out := bot.OpenStats{ByStatus: map[bot.Status]int64{}}
	for _, c := range all {
		for i, st := range openStatuses {
			out.ByStatus[st] += c.status[i].Val()
			for a, cmd := range c.ages[i] {
				out.ByAge[a] += cmd.Val()
			}
		}
		out.AckOverdue += c.ack.Val()
		out.ClocksMissed += c.missd.Val()
		out.ClocksDue += c.due.Val()
	}
	return out, nil
}

// releaseDigestScript deletes a claim only if it is still the holder's.
var releaseDigestScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

// digestSentTTL keeps a sent mark for longer than anyone would ask to
// resend a week.
const digestSentTTL = 400 * 24 * time.Hour

// ClaimDigest takes the week's digest for manager: false when it was sent
// or another replica holds it.
func (s *Store) ClaimDigest(ctx context.Context, week, manager, holder string, lease time.Duration) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, s.keys.digest(week, manager), "claim:"+holder, lease).Result()
	return ok, wrap("claim digest "+week, err)
}

// DigestSent marks the week's digest for manager sent.
func (s *Store) DigestSent(ctx context.Context, week, manager string) error {
	return wrap("mark digest "+week+" sent", s.rdb.Set(ctx, s.keys.digest(week, manager), "sent", digestSentTTL).Err())
}

// ReleaseDigest gives back holder's claim so a later run tries again.
func (s *Store) ReleaseDigest(ctx context.Context, week, manager, holder string) error {
	err := releaseDigestScript.Run(ctx, s.rdb, []string{s.keys.digest(week, manager)}, "claim:"+holder).Err()
	return wrap("release digest "+week, err)
}

// extendDigestScript sets a claim's lease only if it is still the holder's.
var extendDigestScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`)

// ExtendDigest sets holder's claim on the week's digest for manager to
// lease from now; false when the claim is no longer holder's. One key, so
// it holds on a cluster.
func (s *Store) ExtendDigest(ctx context.Context, week, manager, holder string, lease time.Duration) (bool, error) {
	n, err := extendDigestScript.Run(ctx, s.rdb, []string{s.keys.digest(week, manager)}, "claim:"+holder, lease.Milliseconds()).Int()
	return n == 1, wrap("extend digest "+week, err)
}

// digestRetry is the hash of a week's failed digest sends to manager:
// ib:digest-retry:<week>:<manager>, fields "failures" and "at" (ms before
// which it is not tried again), expiring digestRetryTTL after the last
// failure.
func (k keyspace) digestRetry(week, manager string) string {
	return k.key("", "digest-retry", week, manager)
}

// digestRetryTTL outlasts the days a week's digest is tried.
const digestRetryTTL = 14 * 24 * time.Hour

// DigestRetryAt is when the week's digest for manager may be tried again;
// zero when it has not failed.
func (s *Store) DigestRetryAt(ctx context.Context, week, manager string) (time.Time, error) {
	v, err := s.rdb.HGet(ctx, s.keys.digestRetry(week, manager), "at").Result()
	if err == redis.Nil {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, wrap("digest retry "+week, err)
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, wrap("digest retry "+week, err)
	}
	return time.UnixMilli(ms), nil
}

// DigestFailed counts a failed attempt at the week's digest for manager
// and holds the next attempt back until retryAt(failures). The count is
// atomic; the time is set by the failing sender, who holds the claim.
func (s *Store) DigestFailed(ctx context.Context, week, manager string, retryAt func(failures int) time.Time) (int, error) {
	op := "digest failed " + week
	key := s.keys.digestRetry(week, manager)
	pipe := s.rdb.TxPipeline()
	incr := pipe.HIncrBy(ctx, key, "failures", 1)
	pipe.Expire(ctx, key, digestRetryTTL)
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, wrap(op, err)
	}
	n := int(incr.Val())
	at := retryAt(n)
	return n, wrap(op, s.rdb.HSet(ctx, key, "at", strconv.FormatInt(at.UnixMilli(), 10)).Err())
}

// pausedField is the prefs hash field of a manager's digest pause.
const pausedField = "digest_paused"

// DigestPaused reports whether the manager paused their digest.
func (s *Store) DigestPaused(ctx context.Context, manager string) (bool, error) {
	v, err := s.rdb.HGet(ctx, s.keys.prefs(manager), pausedField).Result()
	if err == redis.Nil {
		return false, nil
	}
	return v == "1", wrap("digest pause", err)
}

// SetDigestPaused pauses or resumes the manager's digest.
func (s *Store) SetDigestPaused(ctx context.Context, manager string, paused bool) error {
	return wrap("set digest pause", s.rdb.HSet(ctx, s.keys.prefs(manager), pausedField, formatBool(paused)).Err())
}

// hiddenOpenStats counts, as openStats would, the open cases of units that
// are hidden from manager, reading each one's scores in the same indexes.
func (s *Store) hiddenOpenStats(ctx context.Context, units []string, years []int, now, until time.Time, manager string) (bot.OpenStats, error) {
	op := "open stats hidden from a manager"
	out := bot.OpenStats{ByStatus: map[bot.Status]int64{}}
	pipe := s.rdb.Pipeline()
	sets := make([]*redis.StringSliceCmd, len(years))
	for i, y := range years {
		sets[i] = pipe.SMembers(ctx, s.keys.hidden(y, manager))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return out, wrap(op, err)
	}
	type hiddenCase struct {
		id     bot.CaseID
		fields *redis.SliceCmd
	}
	var cases []hiddenCase
	for _, set := range sets {
		for _, id := range set.Val() {
			cases = append(cases, hiddenCase{bot.CaseID(id), pipe.HMGet(ctx, s.keys.caseHash(bot.CaseID(id)), fStatus, fUnit, fClockDue)})
		}
	}
	if len(cases) == 0 {
		return out, nil
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return out, wrap(op, err)
	}
	type scores struct {
		status bot.Status
		open   *redis.FloatCmd
		ack    *redis.FloatCmd
		clocks []*redis.FloatCmd
	}
	var read []scores
	for _, c := range cases {
		v := c.fields.Val()
		str := func(i int) string { x, _ := v[i].(string); return x }
		st, unit := bot.Status(str(0)), str(1)
		if !st.Open() || !slices.Contains(units, unit) {
			continue
		}
		y := c.id.Year()
		sc := scores{status: st, open: pipe.ZScore(ctx, s.keys.open(y, unit, st), string(c.id)),
			ack: pipe.ZScore(ctx, s.keys.ackDue(y, unit), string(c.id))}
		for _, part := range strings.Split(str(2), ",") {
			if regime, _, ok := strings.Cut(part, "="); ok {
				sc.clocks = append(sc.clocks, pipe.ZScore(ctx, s.keys.clockDue(y, unit), string(c.id)+"|"+regime))
			}
		}
		read = append(read, sc)
	}
	if len(read) == 0 {
		return out, nil
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return out, wrap(op, err)
	}
	nowMS, untilMS := float64(now.UnixMilli()), float64(until.UnixMilli())
	spans := ageSpans(now)
	for _, sc := range read {
		created, err := sc.open.Result()
		if err != nil {
			continue // not in the index it would be counted in
		}
		out.ByStatus[sc.status]++
		for i, a := range spans {
			if created > a[0] && created <= a[1] {
				out.ByAge[i]++
			}
		}
		if due, err := sc.ack.Result(); err == nil && due < nowMS {
			out.AckOverdue++
		}
		for _, c := range sc.clocks {
			due, err := c.Result()
			switch {
			case err != nil:
			case due < nowMS:
				out.ClocksMissed++
			case due < untilMS:
				out.ClocksDue++
			}
		}
	}
	return out, nil
}

// FirstStarted returns when the bot first ran against this store,
// recording now the first time; the zero time for a store that held cases
// before this was recorded.
func (s *Store) FirstStarted(ctx context.Context, now time.Time) (time.Time, error) {
	op := "first start"
	v, err := s.rdb.Get(ctx, s.keys.started()).Int64()
	if errors.Is(err, redis.Nil) {
		// Two keys without a common slot: read, then set if unset.
		n, xerr := s.rdb.Exists(ctx, s.keys.years()).Result()
		if xerr != nil {
			return time.Time{}, wrap(op, xerr)
		}
		v = now.UnixMilli()
		if n > 0 {
			v = 0
		}
		if err := s.rdb.SetNX(ctx, s.keys.started(), v, 0).Err(); err != nil {
			return time.Time{}, wrap(op, err)
		}
		v, err = s.rdb.Get(ctx, s.keys.started()).Int64()
	}
	if err != nil || v == 0 {
		return time.Time{}, wrap(op, err)
	}
	return time.UnixMilli(v), nil
}
