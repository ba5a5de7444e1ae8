package classify

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
)

// cvReport is one report of a writer left out: its labels, its scan, the
// rules' suggestion without the weighing and the probabilities of a
// weighing model trained without its writer.
type cvReport struct {
	writer int
	ex     Example
	scan   *scan
	rules  bot.Suggestion
	p      [numWeighing]float64
}

// weighed is the suggestion for c with the thresholds given.
func (c *cvReport) weighed(r *Rules, add, drop [numRegimes]float64, raise, lower float64) bot.Suggestion {
	sug := c.rules
	sug.Regimes = slices.Clone(sug.Regimes)
	savedAdd, savedDrop := addAbove, dropBelow
	addAbove, dropBelow = add, drop
	defer func() { addAbove, dropBelow = savedAdd, savedDrop }()
	r.weigh(c.scan, &sug, c.p, raise, lower)
	return sug
}

// TestWeighCrossValidation leaves one writer of the regimes sets out at a
// time (each set is one writer), trains the weighing model on the other
// sets and the five first tuning sets, and measures on the one left out:
// the rules alone against the rules weighed with the shipped thresholds,
// pooled over the writers. It then chooses the thresholds again, per
// regime the pair with the highest recall at a precision of at least
// 0.72, for the severity the pair with the most within one level and no
// more under-rated than the rules, both on the pooled figures and, for an
// honest estimate, for each writer on the others only. It trains a
// model per writer (a few seconds), so it runs only when CLASSIFY_CV is set:
//
//	CLASSIFY_CV=1 go test ./classify -run WeighCrossValidation -v
func TestWeighCrossValidation(t *testing.T) {
	if os.Getenv("CLASSIFY_CV") == "" {
		t.Skip("set CLASSIFY_CV=1 to cross-validate the weighing model by writer")
	}
	r := NewRules()
	var base []Example
	writers := map[int][]Example{}
	for _, name := range regimeSets {
		set := readSet(t, setPath(name))
		var n int
		if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimPrefix(name, "regimes-"), ".jsonl"), &n); err != nil || !strings.HasPrefix(name, "regimes-") {
			base = append(base, set...)
			continue
		}
		writers[n] = set
	}
	var reports []*cvReport
	for w := 1; w <= len(writers); w++ {
		train := slices.Clone(base)
		for o := 1; o <= len(writers); o++ {
			if o != w {
				train = append(train, writers[o]...)
			}
		}
		m := trainWeighing(train)
		for _, ex := range writers[w] {
			s := r.read(ex.Text)
			sug, _ := r.decide(s, learnedModel)
			reports = append(reports, &cvReport{writer: w, ex: ex, scan: s, rules: sug, p: m.predict(s.tokens)})
		}
	}
	score := func(keep func(*cvReport) bool, got func(*cvReport) bot.Suggestion) figures {
		f := figures{reg: regimeScore{}}
		for _, c := range reports {
			if keep(c) {
				g := got(c)
				f.sev.add(c.ex.Severity, g.Severity)
				f.reg.add(c.ex.Regimes, g.Regimes)
			}
		}
		return f
	}
	all := func(*cvReport) bool { return true }
	fresh := func(c *cvReport) bool { return c.writer >= 17 } // the rules were not tuned on them
	rulesOf := func(c *cvReport) bot.Suggestion { return c.rules }
	shipped := func(c *cvReport) bot.Suggestion { return c.weighed(r, addAbove, dropBelow, raiseAbove, lowerBelow) }
	rulesAll, weighedAll := score(all, rulesOf), score(all, shipped)
	t.Logf("rules alone, %d reports by %d writers (regimes-1 to -16 not independent: the rules were tuned on them):\n%s", rulesAll.sev.n, len(writers), rulesAll)
	t.Logf("rules weighed, each writer left out:\n%s", weighedAll)
	t.Logf("rules alone on regimes-17 and after:\n%s", score(fresh, rulesOf))
	t.Logf("rules weighed on regimes-17 and after, each writer left out:\n%s", score(fresh, shipped))
	for _, rg := range weighRegimes {
		rp, rr := rulesAll.reg.rates(rg)
		wp, wr := weighedAll.reg.rates(rg)
		if wr < rr || wp < rp {
			t.Errorf("%s: weighed precision %.3f recall %.3f, rules alone %.3f %.3f", rg, wp, wr, rp, rr)
		}
	}
	if weighedAll.under() > rulesAll.under() || weighedAll.withinOne() < rulesAll.withinOne() {
		t.Errorf("severity weighed: under %.3f within one %.3f, rules alone %.3f %.3f",
			weighedAll.under(), weighedAll.withinOne(), rulesAll.under(), rulesAll.withinOne())
	}

	// Choosing the thresholds again.
	adds := []float64{0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}
	drops := []float64{0, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2}
	levels := []float64{0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}
	lowers := []float64{0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3}
	const floor = 0.72
	chooseRegime := func(i int, keep func(*cvReport) bool) (float64, float64) {
		bestAdd, bestDrop, bestP, bestR := 1.0, 0.0, 0.0, -1.0
		for _, a := range adds {
			for _, d := range drops {
				add, drop := addAbove, dropBelow
				add[i], drop[i] = a, d
				f := score(keep, func(c *cvReport) bot.Suggestion { return c.weighed(r, add, drop, raiseAbove, lowerBelow) })
				if p, rc := f.reg.rates(weighRegimes[i]); p >= floor && (rc > bestR || rc == bestR && p > bestP) {
					bestAdd, bestDrop, bestP, bestR = a, d, p, rc
				}
			}
		}
		return bestAdd, bestDrop
	}
	chooseLevel := func(keep func(*cvReport) bool) (float64, float64) {
		limit := score(keep, rulesOf).under()
		bestRaise, bestLower, bestW := 1.0, 0.0, -1.0
		for _, u := range levels {
			for _, l := range lowers {
				f := score(keep, func(c *cvReport) bot.Suggestion { return c.weighed(r, addAbove, dropBelow, u, l) })
				if f.under() <= limit && f.withinOne() > bestW {
					bestRaise, bestLower, bestW = u, l, f.withinOne()
				}
			}
		}
		return bestRaise, bestLower
	}
	var add, drop [numRegimes]float64
	for i := range weighRegimes {
		add[i], drop[i] = chooseRegime(i, all)
	}
	raise, lower := chooseLevel(all)
	t.Logf("chosen on all %d writers: add above %v, drop below %v, raise above %v, lower below %v", len(writers), add, drop, raise, lower)
	if add != addAbove || drop != dropBelow || raise != raiseAbove || lower != lowerBelow {
		t.Errorf("the shipped thresholds are not those chosen: add %v drop %v raise %v lower %v", addAbove, dropBelow, raiseAbove, lowerBelow)
	}
	nested := figures{reg: regimeScore{}}
	for w := 1; w <= len(writers); w++ {
		others := func(c *cvReport) bool { return c.writer != w }
		var a, d [numRegimes]float64
		for i := range weighRegimes {
			a[i], d[i] = chooseRegime(i, others)
		}
		u, l := chooseLevel(others)
		for _, c := range reports {
			if c.writer == w {
				g := c.weighed(r, a, d, u, l)
				nested.sev.add(c.ex.Severity, g.Severity)
				nested.reg.add(c.ex.Regimes, g.Regimes)
			}
		}
	}
	t.Logf("rules weighed, thresholds chosen without the writer measured:\n%s", nested)
}
