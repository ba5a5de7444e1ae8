package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/seal"
)

// The compare-and-set steps of rekey: each value is replaced only while it
// is still the one read, so a change made meanwhile is never undone, and a
// run stopped midway is finished by running it again.
var (
	// KEYS: the key. ARGV: the value read, the new one. A TTL stays.
	resealScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1
`)
	// KEYS: the list. ARGV: index, the value read, the new one.
	resealItemScript = redis.NewScript(`
if redis.call('LINDEX', KEYS[1], ARGV[1]) ~= ARGV[2] then
  return 0
end
redis.call('LSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`)
	// KEYS: the hash. ARGV: field, the value read, the new one.
	resealFieldScript = redis.NewScript(`
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`)
	// KEYS: the index named by the current key, then those named by old
	// ones. ARGV: the case id.
	moveIndexScript = redis.NewScript(`
local moved = 0
for i = 2, #KEYS do
  local score = KEYS[i] ~= KEYS[1] and redis.call('ZSCORE', KEYS[i], ARGV[1])
  if score then
    redis.call('ZADD', KEYS[1], score, ARGV[1])
    redis.call('ZREM', KEYS[i], ARGV[1])
    moved = 1
  end
end
return moved
`)
	// KEYS: case log, year audit. ARGV: case id, then pairs of an entry id
	// and its new fields JSON. The log is written again under the same
	// ids; each changed entry's copy in the year's stream is replaced.
	rewriteLogScript = redis.NewScript(dropCopyLua + `
local repl = {}
for i = 2, #ARGV, 2 do
  repl[ARGV[i]] = ARGV[i + 1]
end
local entries = redis.call('XRANGE', KEYS[1], '-', '+')
redis.call('DEL', KEYS[1])
for _, e in ipairs(entries) do
  local out, ref = {}, nil
  for i = 1, #e[2], 2 do
    local k, v = e[2][i], e[2][i + 1]
    if k == 'ref' then
      ref = v
    else
      if k == 'fields' and repl[e[1]] then
        v = repl[e[1]]
      end
      table.insert(out, k)
      table.insert(out, v)
    end
  end
  if repl[e[1]] then
    dropCopy(KEYS[2], e[1], e[2], ref, ARGV[1])
    local copy = {unpack(out)}
    table.insert(copy, 'case')
    table.insert(copy, ARGV[1])
    ref = redis.call('XADD', KEYS[2], '*', unpack(copy))
  end
  if ref then
    table.insert(out, 'ref')
    table.insert(out, ref)
  end
  redis.call('XADD', KEYS[1], e[1], unpack(out))
end
return 1
`)
)

// Rekeyed counts what a rekey run sealed again.
type Rekeyed struct {
	Cases, Values, Drafts int
}

// Rekey seals every stored text again with the current data key: each
// case's report, relay, notes, messages, closure, suggestion cues, legal
// hold and escalation reasons, the reporter index's name, and every
// draft. Values already sealed with the current key are left alone, so it
// is safe to repeat and resumes where a stopped run ended.
func (s *Store) Rekey(ctx context.Context) (Rekeyed, error) {
	var out Rekeyed
	if s.seal == nil {
		return out, errors.New("rekey: INCIDENTBOT_DATA_KEY is not set")
	}
	years, err := s.CaseYears(ctx)
	if err != nil {
		return out, err
	}
	statuses := append(bot.OpenStatuses(), bot.StatusClosed)
	for _, y := range years {
		seen := map[string]bool{}
		for _, st := range statuses {
			ids, err := s.rdb.ZRange(ctx, s.keys.index(y, idxStatus, string(st)), 0, -1).Result()
			if err != nil {
				return out, wrap("rekey", err)
			}
			for _, id := range ids {
				if seen[id] {
					continue
				}
				seen[id] = true
				n, err := s.rekeyCase(ctx, bot.CaseID(id))
				if err != nil {
					return out, fmt.Errorf("rekey case %s: %w", id, err)
				}
				out.Cases++
				out.Values += n
			}
		}
	}
	n, err := s.rekeyDrafts(ctx)
	out.Drafts = n
	if err != nil {
		return out, err
	}
	v, err := s.rdb.Get(ctx, s.keys.indexKey()).Result()
	if err != nil {
		return out, wrap("index key", err)
	}
	if nv, changed, err := s.reseal(indexKeyAAD, v); err != nil || changed {
		if err != nil {
			return out, fmt.Errorf("index key: %w", err)
		}
		err = resealScript.Run(ctx, s.rdb, []string{s.keys.indexKey()}, v, nv).Err()
		return out, wrap("index key", err)
	}
	return out, nil
}

// reseal is v sealed again for aad under the current key; changed is false
// when it already is.
func (s *Store) reseal(aad, v string) (string, bool, error) {
	if s.seal.Current(v) {
		return v, false, nil
	}
	text, err := s.seal.Open(aad, v)
	if err != nil {
		return "", false, err
	}
	return s.seal.Seal(aad, text), true, nil
}

func (s *Store) rekeyCase(ctx context.Context, id bot.CaseID) (int, error) {
	n := 0
	for _, p := range []struct{ key, field string }{
		{s.keys.report(id), "report"}, {s.keys.relay(id), "relay"}, {s.keys.closure(id), "closure"},
	} {
		v, err := s.rdb.Get(ctx, p.key).Result()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			return n, wrap("read", err)
		}
		if p.field == "relay" {
			if err := s.rekeyReporterIndex(ctx, id, v); err != nil {
				return n, err
			}
		}
		nv, changed, err := s.reseal(aad(id, p.field), v)
		if err != nil || !changed {
			if err != nil {
				return n, fmt.Errorf("%s: %w", p.field, err)
			}
			continue
		}
		if err := resealScript.Run(ctx, s.rdb, []string{p.key}, v, nv).Err(); err != nil {
			return n, wrap(p.field, err)
		}
		n++
	}
	for _, p := range []struct{ key, field string }{{s.keys.notes(id), "note"}, {s.keys.messages(id), "message"}} {
		items, err := s.rdb.LRange(ctx, p.key, 0, -1).Result()
		if err != nil {
			return n, wrap(p.field, err)
		}
		for i, v := range items {
			nv, changed, err := s.reseal(aad(id, p.field), v)
			if err != nil {
				return n, fmt.Errorf("%s %d: %w", p.field, i+1, err)
			}
			if changed {
				if err := resealItemScript.Run(ctx, s.rdb, []string{p.key}, i, v, nv).Err(); err != nil {
					return n, wrap(p.field, err)
				}
				n++
			}
		}
	}
	m, err := s.rekeyCaseFields(ctx, id)
	n += m
	if err != nil {
		return n, err
	}
	m, err = s.rekeyLog(ctx, id)
	return n + m, err
}

// rekeyReporterIndex moves the case to the reporter index named by the
// current key, an anonymous case to the index of anonymous ones. relay is
// the stored relay value.
func (s *Store) rekeyReporterIndex(ctx context.Context, id bot.CaseID, relay string) error {
	user, err := s.seal.Open(aad(id, "relay"), relay)
	if err != nil {
		return fmt.Errorf("relay: %w", err)
	}
	reporter, err := s.rdb.HGet(ctx, s.keys.caseHash(id), fReporter).Result()
	if err != nil {
		return wrap("reporter index", err)
	}
	y := id.Year()
	anonymous := reporter == bot.AnonymousReporter
	// Named by the id itself when it was stored before a key was set; an
	// anonymous case in the named index when it was stored before
	// anonymous cases had one of their own.
	keys := []string{s.keys.reporterIndex(y, user, anonymous), s.keys.index(y, idxReporter, user)}
	if anonymous {
		keys = append(keys, s.keys.reporterIndex(y, user, false))
	}
	return wrap("reporter index", moveIndexScript.Run(ctx, s.rdb, keys, string(id)).Err())
}

// rekeyCaseFields seals the suggestion's cues, the legal hold's reason,
// the investigation and the breach record again.
func (s *Store) rekeyCaseFields(ctx context.Context, id bot.CaseID) (int, error) {
	h, err := s.rdb.HMGet(ctx, s.keys.caseHash(id), fSuggestion, fHold, fInvestigation, fBreach).Result()
	if err != nil {
		return 0, wrap("case fields", err)
	}
	n := 0
	str := func(v any) string { x, _ := v.(string); return x }
	if v := str(h[0]); v != "" {
		var sg bot.Suggestion
		if err := json.Unmarshal([]byte(v), &sg); err != nil {
			return n, fmt.Errorf("suggestion: %w", err)
		}
		if len(sg.Cues) > 0 && !(len(sg.Cues) == 1 && s.seal.Current(sg.Cues[0]) && seal.Sealed(sg.Cues[0])) {
			if err := openSuggestion(id, &sg, s.seal); err != nil {
				return n, fmt.Errorf("suggestion: %w", err)
			}
			nv, err := encodeSuggestion(id, &sg, s.seal)
			if err != nil {
				return n, err
			}
			if err := resealFieldScript.Run(ctx, s.rdb, []string{s.keys.caseHash(id)}, fSuggestion, v, nv).Err(); err != nil {
				return n, wrap("suggestion", err)
			}
			n++
		}
	}
	if v := str(h[1]); v != "" {
		var hold bot.Hold
		if err := json.Unmarshal([]byte(v), &hold); err != nil {
			return n, fmt.Errorf("legal hold: %w", err)
		}
		if !s.seal.Current(hold.Reason) {
			if hold.Reason, err = s.seal.Open(aad(id, fHold), hold.Reason); err != nil {
				return n, fmt.Errorf("legal hold: %w", err)
			}
			nv, err := encodeHold(id, &hold, s.seal)
			if err != nil {
				return n, err
			}
			if err := resealFieldScript.Run(ctx, s.rdb, []string{s.keys.caseHash(id)}, fHold, v, nv).Err(); err != nil {
				return n, wrap("legal hold", err)
			}
			n++
		}
	}
	for i, field := range []string{fInvestigation, fBreach} {
		v := str(h[2+i])
		if v == "" {
			continue
		}
		nv, changed, err := s.reseal(aad(id, field), v)
		if err != nil {
			return n, fmt.Errorf("%s: %w", field, err)
		}
		if !changed {
			continue
		}
		if err := resealFieldScript.Run(ctx, s.rdb, []string{s.keys.caseHash(id)}, field, v, nv).Err(); err != nil {
			return n, wrap(field, err)
		}
		n++
	}
	return n, nil
}

// rekeyLog seals the escalation reasons of the case's history again.
func (s *Store) rekeyLog(ctx context.Context, id bot.CaseID) (int, error) {
	entries, err := s.rdb.XRange(ctx, s.keys.log(id), "-", "+").Result()
	if err != nil {
		return 0, wrap("history", err)
	}
	args := []any{string(id)}
	for _, e := range entries {
		f, _ := e.Values[aFields].(string)
		if f == "" || e.Values[aAction] != bot.ActionEscalated {
			continue
		}
		var fields map[string]string
		if err := json.Unmarshal([]byte(f), &fields); err != nil {
			return 0, fmt.Errorf("history: %w", err)
		}
		r, ok := fields[bot.EscalationReasonField]
		if !ok || s.seal.Current(r) {
			continue
		}
		nv, _, err := s.reseal(aad(id, "audit"), r)
		if err != nil {
			return 0, fmt.Errorf("history: %w", err)
		}
		fields[bot.EscalationReasonField] = nv
		b, err := json.Marshal(fields)
		if err != nil {
			return 0, err
		}
		args = append(args, e.ID, string(b))
	}
	if len(args) == 1 {
		return 0, nil
	}
	keys := []string{s.keys.log(id), s.keys.audit(id.Year())}
	return (len(args) - 1) / 2, wrap("history", rewriteLogScript.Run(ctx, s.rdb, keys, args...).Err())
}

// rekeyDrafts seals every draft again, found by their key names, on every
// master of a cluster.
func (s *Store) rekeyDrafts(ctx context.Context) (int, error) {
	if c, ok := s.rdb.(*redis.ClusterClient); ok {
		var mu sync.Mutex
		n := 0
		err := c.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
			m, err := s.rekeyDraftsOn(ctx, node)
			mu.Lock()
			n += m
			mu.Unlock()
			return err
		})
		return n, err
	}
	return s.rekeyDraftsOn(ctx, s.rdb)
}

// rekeyDraftsOn seals again the drafts whose keys node holds.
func (s *Store) rekeyDraftsOn(ctx context.Context, node redis.Cmdable) (int, error) {
	prefix := "{" + s.keys.ns + ":u:"
	n := 0
	iter := node.Scan(ctx, 0, prefix+"*}:draft:*", 500).Iterator()
	for iter.Next(ctx) {
		key := iter.Val()
		_, nonce, ok := strings.Cut(strings.TrimPrefix(key, prefix), "}:draft:")
		if !ok {
			continue
		}
		v, err := s.rdb.Get(ctx, key).Result()
		if errors.Is(err, redis.Nil) {
			continue // expired meanwhile
		}
		if err != nil {
			return n, wrap("draft", err)
		}
		nv, changed, err := s.reseal(draftAAD(nonce), v)
		if err != nil {
			return n, fmt.Errorf("draft: %w", err)
		}
		if changed {
			if err := resealScript.Run(ctx, s.rdb, []string{key}, v, nv).Err(); err != nil {
				return n, wrap("draft", err)
			}
			n++
		}
	}
	return n, wrap("drafts", iter.Err())
}
