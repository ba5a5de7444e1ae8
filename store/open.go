package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
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

// queuePage is how many ids a queue reads of each index at a time, and
// how many cases at a time.
const queuePage = 32

// OpenQueue lists, oldest first, the first limit open cases of years that
// belong to one of units or are assigned to assignee and that keep says
// may be shown, each once; more is set when there is at least one more. It
// reads the indexes a page at a time, merged by creation time, and only
// the cases it looks at, so its cost follows limit (and the cases keep
// refuses on the way), not how many are open.
func (s *Store) OpenQueue(ctx context.Context, years []int, units []string, assignee string, keep func(bot.Case) bool, limit int) (cases []bot.Case, more bool, err error) {
	op := "open queue"
	type cursor struct {
		key  string
		off  int64
		buf  []redis.Z
		done bool
	}
	var cs []*cursor
	for _, y := range years {
		for _, u := range units {
			for _, st := range openStatuses {
				cs = append(cs, &cursor{key: s.keys.open(y, u, st)})
			}
		}
		if assignee != "" {
			cs = append(cs, &cursor{key: s.keys.openAssigned(y, assignee)})
		}
	}
	seen := map[string]bool{}
	for len(cases) <= limit {
		// Refill every cursor that ran dry, in one pipeline.
		pipe := s.rdb.Pipeline()
		var refill []*cursor
		var cmds []*redis.ZSliceCmd
		for _, c := range cs {
			if len(c.buf) == 0 && !c.done {
				refill = append(refill, c)
				cmds = append(cmds, pipe.ZRangeWithScores(ctx, c.key, c.off, c.off+queuePage-1))
			}
		}
		if len(refill) > 0 {
			if _, err := pipe.Exec(ctx); err != nil {
				return nil, false, wrap(op, err)
			}
			for i, c := range refill {
				c.buf = cmds[i].Val()
				c.off += int64(len(c.buf))
				c.done = len(c.buf) < queuePage
			}
		}
		// Take the oldest ids while every index that may hold older ones
		// has some in hand.
		var ids []string
		for len(ids) < queuePage {
			var min *cursor
			ready := true
			for _, c := range cs {
				switch {
				case len(c.buf) == 0 && !c.done:
					ready = false
				case len(c.buf) > 0 && (min == nil || c.buf[0].Score < min.buf[0].Score ||
					c.buf[0].Score == min.buf[0].Score && c.buf[0].Member.(string) < min.buf[0].Member.(string)):
					min = c
				}
			}
			if !ready || min == nil {
				break
			}
			id := min.buf[0].Member.(string)
			min.buf = min.buf[1:]
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			if slices.ContainsFunc(cs, func(c *cursor) bool { return !c.done || len(c.buf) > 0 }) {
				continue
			}
			break
		}
		read, err := s.casesByID(ctx, op, ids)
		if err != nil {
			return nil, false, err
		}
		for _, c := range read {
			if keep(c) {
				cases = append(cases, c)
			}
		}
	}
	if len(cases) > limit {
		return cases[:limit], true, nil
	}
	return cases, false, nil
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
