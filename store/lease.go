package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

// claims numbers the claims of this process.
var claims atomic.Uint64

// claimScript takes a lease for its holder and counts the claim.
// KEYS: lease, tries. ARGV: holder, ttl ms, tries field.
var claimScript = redis.NewScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 0
end
return redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
`)

// renewScript extends a lease its holder still holds.
var renewScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
`)

// releaseScript gives a lease back when its holder still holds it.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

func (s *Store) claim(ctx context.Context, op, lease string, year int, job, holder string, ttl time.Duration) (bot.Claim, bool, error) {
	if holder == "" {
		return bot.Claim{}, false, fmt.Errorf("%s: no holder", op)
	}
	// Each claim its own token: two goroutines of one process must not
	// renew or give back each other's.
	holder += "/" + strconv.FormatUint(claims.Add(1), 36)
	n, err := claimScript.Run(ctx, s.rdb, []string{lease, s.keys.tries(year)}, holder, ttl.Milliseconds(), job).Int()
	if err != nil || n == 0 {
		return bot.Claim{}, false, wrap(op, err)
	}
	return bot.Claim{Lease: bot.Lease{Name: lease, Holder: holder}, Tries: n}, true, nil
}

// claimDeliveryScript is claimScript that also reads the case, its
// reporter and its report, for the delivery to start with. KEYS: lease,
// tries, case, relay, report. ARGV: holder, ttl ms, tries field.
var claimDeliveryScript = redis.NewScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return false
end
return {redis.call('HINCRBY', KEYS[2], ARGV[3], 1), redis.call('HGETALL', KEYS[3]), redis.call('GET', KEYS[4]),
  redis.call('GET', KEYS[5])}
`)

// ClaimDelivery takes a lease of ttl on delivering a case for holder, to
// be renewed while it works (RenewLease) and given back when it failed
// (ReleaseLease) or finished (FinishDelivery), and reads the case, its
// reporter and its report in the same round trip; false when someone else
// holds it. An error with true is the case's: it could not be read, and
// the lease is to be given back. A reporter or a report that is gone or
// cannot be opened is told in the Delivery, for the step that needs it.
func (s *Store) ClaimDelivery(ctx context.Context, id bot.CaseID, holder string, ttl time.Duration) (bot.Delivery, bool, error) {
	op := "claim delivery of case " + string(id)
	if err := checkID(op, id); err != nil {
		return bot.Delivery{}, false, err
	}
	if holder == "" {
		return bot.Delivery{}, false, fmt.Errorf("%s: no holder", op)
	}
	holder += "/" + strconv.FormatUint(claims.Add(1), 36)
	lease, y := s.keys.lease(id), id.Year()
	res, err := claimDeliveryScript.Run(ctx, s.rdb, []string{lease, s.keys.tries(y), s.keys.caseHash(id), s.keys.relay(id), s.keys.report(id)},
		holder, ttl.Milliseconds(), deliveryJob(id)).Slice()
	if errors.Is(err, redis.Nil) {
		return bot.Delivery{}, false, nil
	}
	if err != nil {
		return bot.Delivery{}, false, wrap(op, err)
	}
	tries, ok1 := res[0].(int64)
	fields, ok2 := res[1].([]any)
	if len(res) != 4 || !ok1 || !ok2 {
		return bot.Delivery{}, false, fmt.Errorf("%s: unexpected script result %v", op, res)
	}
	d := bot.Delivery{Claim: bot.Claim{Lease: bot.Lease{Name: lease, Holder: holder}, Tries: int(tries)}}
	h := make(map[string]string, len(fields)/2)
	for i := 0; i+1 < len(fields); i += 2 {
		k, _ := fields[i].(string)
		v, _ := fields[i+1].(string)
		h[k] = v
	}
	if d.Case, err = parseCase(h, s.seal); err != nil {
		return d, true, fmt.Errorf("%s: %w", op, err)
	}
	switch sealed, _ := res[2].(string); {
	case sealed == "":
		d.ReporterErr = fmt.Errorf("reporter of case %s: %w", id, bot.ErrNotFound)
	default:
		if d.Reporter, err = s.seal.Open(aad(id, "relay"), sealed); err != nil {
			d.Reporter, d.ReporterErr = "", fmt.Errorf("reporter of case %s: %w", id, err)
		}
	}
	switch sealed, _ := res[3].(string); {
	case sealed == "":
		d.ReportErr = fmt.Errorf("report of case %s: %w", id, bot.ErrNotFound)
	default:
		if r, err := s.openReport(id, sealed); err != nil {
			d.ReportErr = fmt.Errorf("report of case %s: %w", id, err)
		} else {
			d.Report = &r
		}
	}
	return d, true, nil
}

// ClaimAnnouncement takes a lease of ttl on announcing e as queued at
// version, for holder; false when someone else holds it.
func (s *Store) ClaimAnnouncement(ctx context.Context, id bot.CaseID, e bot.Event, version int64, holder string, ttl time.Duration) (bot.Claim, bool, error) {
	op := "claim announcement of case " + string(id)
	if err := checkID(op, id); err != nil {
		return bot.Claim{}, false, err
	}
	return s.claim(ctx, op, s.keys.announceLease(id, e, version), id.Year(), announceJob(id, e), holder, ttl)
}

// RenewLease extends l by ttl; false when its holder lost it.
func (s *Store) RenewLease(ctx context.Context, l bot.Lease, ttl time.Duration) (bool, error) {
	n, err := renewScript.Run(ctx, s.rdb, []string{l.Name}, l.Holder, ttl.Milliseconds()).Int()
	return n == 1, wrap("renew lease", err)
}

// ReleaseLease gives l back, so the work can be claimed at once.
func (s *Store) ReleaseLease(ctx context.Context, l bot.Lease) error {
	return wrap("release lease", releaseScript.Run(ctx, s.rdb, []string{l.Name}, l.Holder).Err())
}

// DeliveryFailed holds a case's delivery back until at.
func (s *Store) DeliveryFailed(ctx context.Context, id bot.CaseID, at time.Time) error {
	op := "delivery of case " + string(id) + " failed"
	if err := checkID(op, id); err != nil {
		return err
	}
	return wrap(op, s.rdb.HSet(ctx, s.keys.retry(id.Year()), deliveryJob(id), at.UnixMilli()).Err())
}

// AnnouncementFailed holds a case's announcement of e back until at.
func (s *Store) AnnouncementFailed(ctx context.Context, id bot.CaseID, e bot.Event, at time.Time) error {
	op := "announcement of case " + string(id) + " failed"
	if err := checkID(op, id); err != nil {
		return err
	}
	return wrap(op, s.rdb.HSet(ctx, s.keys.retry(id.Year()), announceJob(id, e), at.UnixMilli()).Err())
}

// held lists which of jobs of year wait for a retry after cutoff.
func (s *Store) held(ctx context.Context, year int, jobs []string, cutoff time.Time) (map[string]bool, error) {
	if len(jobs) == 0 {
		return nil, nil
	}
	vals, err := s.rdb.HMGet(ctx, s.keys.retry(year), jobs...).Result()
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for i, v := range vals {
		str, _ := v.(string)
		if ms, err := strconv.ParseInt(str, 10, 64); err == nil && ms > cutoff.UnixMilli() {
			out[jobs[i]] = true
		}
	}
	return out, nil
}

// PendingStats counts the unfinished deliveries of years, held back or
// not, and returns when the oldest of them was created.
func (s *Store) PendingStats(ctx context.Context, years []int) (n int, oldest time.Time, err error) {
	pipe := s.rdb.Pipeline()
	cards := make([]*redis.IntCmd, len(years))
	firsts := make([]*redis.ZSliceCmd, len(years))
	for i, y := range years {
		cards[i] = pipe.ZCard(ctx, s.keys.pending(y))
		firsts[i] = pipe.ZRangeWithScores(ctx, s.keys.pending(y), 0, 0)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, time.Time{}, wrap("pending deliveries", err)
	}
	for i := range years {
		n += int(cards[i].Val())
		if z := firsts[i].Val(); len(z) > 0 {
			if at := time.UnixMilli(int64(z[0].Score)); oldest.IsZero() || at.Before(oldest) {
				oldest = at
			}
		}
	}
	return n, oldest, nil
}

// DueCheckStats counts the cases of years due for a look for reminders by
// now and returns since when the oldest of them is due.
func (s *Store) DueCheckStats(ctx context.Context, years []int, now time.Time) (n int, oldest time.Time, err error) {
	upto := strconv.FormatInt(now.UnixMilli(), 10)
	pipe := s.rdb.Pipeline()
	counts := make([]*redis.IntCmd, len(years))
	firsts := make([]*redis.ZSliceCmd, len(years))
	for i, y := range years {
		counts[i] = pipe.ZCount(ctx, s.keys.remind(y), "-inf", upto)
		firsts[i] = pipe.ZRangeByScoreWithScores(ctx, s.keys.remind(y), &redis.ZRangeBy{Min: "-inf", Max: upto, Count: 1})
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, time.Time{}, wrap("due reminders", err)
	}
	for i := range years {
		n += int(counts[i].Val())
		if z := firsts[i].Val(); len(z) > 0 {
			if at := time.UnixMilli(int64(z[0].Score)); oldest.IsZero() || at.Before(oldest) {
				oldest = at
			}
		}
	}
	return n, oldest, nil
}
