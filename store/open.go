package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
)

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
		c, err := parseCase(h.Val(), s.seal)
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
// less those of the cases hidden from manager when one is given, in one
// pipeline of len(weeks)×len(units)×len(years) reads (twice that for a
// manager), whatever the number of cases.
func (s *Store) Counts(ctx context.Context, weeks, units []string, years []int, manager string) (map[string]map[string]int64, error) {
	op := "counts"
	pipe := s.rdb.Pipeline()
	type read struct {
		week string
		sign int64
		cmd  *redis.MapStringStringCmd
	}
	var reads []read
	for _, w := range weeks {
		for _, u := range units {
			for _, y := range years {
				reads = append(reads, read{w, 1, pipe.HGetAll(ctx, s.keys.stats(y, w+":"+u))})
				if manager != "" {
					reads = append(reads, read{w, -1, pipe.HGetAll(ctx, s.keys.statsHidden(y, w, u, manager))})
				}
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
			out[r.week][f] += r.sign * n
		}
	}
	return out, nil
}
