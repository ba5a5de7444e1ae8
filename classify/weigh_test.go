package classify

import (
	"fmt"
	"maps"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
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

// weighed is the suggestion for c with the thresholds th.
func (c *cvReport) weighed(r *Rules, th thresholds) bot.Suggestion {
	sug := c.rules
	sug.Regimes = slices.Clone(sug.Regimes)
	r.weigh(c.scan, &sug, c.p, th)
	return sug
}

// TestWeighCrossValidation leaves one writer of the regimes sets out at a
// time (each set is one writer), trains the weighing model on the other
// sets and the five first tuning sets, and measures on the one left out:
// the rules alone against the rules weighed with the shipped thresholds,
// pooled over the writers. It then chooses the thresholds again, per
// regime the pair with the highest recall at a precision of at least
// 0.72 (or, where the recall reaches 0.94, the highest precision with at
// least that recall), then add with overrule and the short reports'
// add and drop the same way, among those with which the guidelines' own
// cases pass, for the severity (raise and lower, then the short reports'
// raiseShort and lowerShort) the pair with the fewest under-rated among
// those within a thousandth of the most within one level, on the pooled
// figures of regimes-17 and after (the writers the rules were not tuned
// on) and, for an honest estimate, for each of those writers on the
// others only. It trains a model per writer (a few seconds), so it runs
// only when CLASSIFY_CV is set:
//
//	CLASSIFY_CV=1 go test ./classify -run WeighCrossValidation -v
//
// For trying things: CLASSIFY_CV_QUICK=1 leaves out the estimate with
// the thresholds chosen without each writer (most of the time), and
// prints the figures at the thresholds chosen; CLASSIFY_CV_CURVE=1 prints
// each regime's precision and recall at every add and drop;
// CLASSIFY_CV_SEVERITY=1 the severities labelled against those suggested;
// CLASSIFY_CV_WITHIN the within-one floor to choose the severity's
// thresholds at, CLASSIFY_CV_SLACK how far under the most within one a
// pair may be where none reaches it; CLASSIFY_CV_DUMP a file to write
// every report's label and suggestion to (tab-separated, then whether
// it tells of no event, the rules' severity, the severity cue's, its
// words and the model's probabilities of at least medium, high and
// critical);
// CLASSIFY_CV_LABELLED=1 trains the weighing model with the labelled
// categories, as until round 15.
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
	// The category model is trained on the category-only sets and the
	// same writers, so that neither model has seen the writer measured.
	var categoryOnly []Example
	for _, name := range trainingSets {
		if !slices.Contains(regimeSets, name) {
			categoryOnly = append(categoryOnly, readSet(t, setPath(name))...)
		}
	}
	// The writers by number, which has gaps: a held-out set keeps its
	// number when it becomes training data.
	ws := slices.Sorted(maps.Keys(writers))
	var reports []*cvReport
	byWriter := map[int][]*cvReport{}
	for _, w := range ws {
		train := slices.Clone(base)
		for _, o := range ws {
			if o != w {
				train = append(train, writers[o]...)
			}
		}
		cm := trainCategory(append(slices.Clone(categoryOnly), train...))
		category := func() *model { return cm }
		for _, ex := range writers[w] {
			s := r.read(ex.Text)
			sug, _ := r.decide(s, category)
			c := &cvReport{writer: w, ex: ex, scan: s, rules: sug}
			reports = append(reports, c)
			byWriter[w] = append(byWriter[w], c)
		}
	}
	// The weighing model learns each word with the category the bot
	// would suggest for a report had it never read its writer
	// (outOfWriter), as shipped: here each writer's suggestions above,
	// which outOfWriter must give too.
	if os.Getenv("CLASSIFY_CV_LABELLED") == "" {
		checkOutOfWriter(t, r, ws, byWriter)
	}
	for _, w := range ws {
		train := slices.Clone(base)
		read := make([]bot.Category, len(base))
		for _, o := range ws {
			if o != w {
				train = append(train, writers[o]...)
				for _, c := range byWriter[o] {
					read = append(read, c.rules.Category)
				}
			}
		}
		if os.Getenv("CLASSIFY_CV_LABELLED") != "" {
			read = nil // as until round 15: the labelled category
		}
		m := trainWeighing(train, read)
		for _, c := range byWriter[w] {
			c.p = m.predict(c.scan.tokens, c.rules.Category)
		}
	}
	score := func(keep func(*cvReport) bool, got func(*cvReport) bot.Suggestion) figures {
		f := figures{reg: regimeScore{}}
		for _, c := range reports {
			if keep(c) {
				f.add(c.ex, got(c))
			}
		}
		return f
	}
	all := func(*cvReport) bool { return true }
	fresh := func(c *cvReport) bool { return c.writer >= 17 } // the rules were not tuned on them
	rulesOf := func(c *cvReport) bot.Suggestion { return c.rules }
	shipped := func(c *cvReport) bot.Suggestion { return c.weighed(r, weighAt) }
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

	// Choosing the thresholds again, each in turn with the others as
	// chosen so far: the regimes' add and drop, then add and overrule,
	// the severity's raise and lower, then the short reports' addShort
	// and dropShort, then raiseShort and lowerShort.
	adds := []float64{0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}
	drops := []float64{0, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2}
	levels := []float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}
	lowers := []float64{0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3}
	// A short report's own level can be far surer (of those its writer
	// called low that the rules rate high with no severity cue, 529 of
	// 695 have it below 0.1 in round 21's data), and the guidelines' own
	// short cases sit from 0.019 to 0.064.
	shortLowers := []float64{0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3}
	overrules := []float64{1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3}
	const floor = 0.72
	// Only thresholds with which the guidelines' own cases pass are
	// candidates, with the model trained on every set, as shipped.
	var cues []*cvReport
	for _, tt := range regimeCueCases {
		s := r.read(tt.text)
		sug, _ := r.decide(s, learnedModel)
		cues = append(cues, &cvReport{ex: Example{Text: tt.text, Severity: tt.sev, Regimes: tt.regimes}, scan: s, rules: sug,
			p: weighingModel().predict(s.tokens, sug.Category)})
	}
	cuesPass := func(th thresholds) bool {
		for _, c := range cues {
			if g := c.weighed(r, th); g.Severity != c.ex.Severity || !slices.Equal(g.Regimes, c.ex.Regimes) {
				return false
			}
		}
		return true
	}
	// bestRecall is, for regime i, the candidate with the highest
	// recall at a precision of at least floor, then the highest
	// precision; but where some candidate at that precision reaches a
	// recall of its recallFloors, the most precise of those. A regime
	// whose recall has a margin over its target (0.90) spends the margin
	// on precision: on new writers both have come out lower than here,
	// precision by 0.04 and recall by 0.02 (round 9, gdpr_breach and
	// police_report), and 0.94 keeps twice that for recall.
	// police_report's is 0.95 since round 15: on the new writers of
	// rounds 12 to 14 its recall came out 0.88 to 0.898, 0.04 to 0.05
	// under this figure, while its precision kept 0.03 to 0.07 over its
	// target; 0.95 spends some of that on recall.
	recallFloors := [numRegimes]float64{0.94, 0.94, 0.94, 0.95}
	bestRecall := func(i int, keep func(*cvReport) bool, cands []thresholds, th thresholds) thresholds {
		best, bestP, bestR := th, 0.0, -1.0
		for _, c := range cands {
			if !cuesPass(c) {
				continue
			}
			f := score(keep, func(r0 *cvReport) bot.Suggestion { return r0.weighed(r, c) })
			p, rc := f.reg.rates(weighRegimes[i])
			if p < floor {
				continue
			}
			better := rc > bestR || rc == bestR && p > bestP
			if bestR >= recallFloors[i] {
				better = rc >= recallFloors[i] && (p > bestP || p == bestP && rc > bestR)
			}
			if better {
				best, bestP, bestR = c, p, rc
			}
		}
		return best
	}
	// The severity's: the fewest under-rated (the dangerous error, whose
	// target was missed by a hair in round 7) among those with at least
	// withinFloor within one level, then the most within one; if none
	// reaches it, the fewest under-rated of those within withinSlack of
	// the most within one. Until round 21 the floor was 0.96 (the target
	// 0.95 with a margin), which none reached from round 11 on; since
	// round 22 it is 1, the most within one: round 21's clean test
	// missed within one level by 0.0015 (rounds 19 and 20 missed
	// lex_sarah's recall), while the under-rated stayed at 0.06 to 0.08
	// of their 0.10, and round 22's lowerShort reaches 0.96 here, where
	// the old floor would have spent the gain on the under-rated
	// (docs/classification.md).
	withinFloor := 1.0
	if v, err := strconv.ParseFloat(os.Getenv("CLASSIFY_CV_WITHIN"), 64); err == nil {
		withinFloor = v
	}
	// withinSlack is a thousandth: some twenty reports in 19,000, the
	// writers' noise, while the under-rated among the pairs that close
	// differ by ten times that. Round 16 took 0.005 (0.012 fewer
	// under-rated here for 0.0045 of within one level) and was withdrawn:
	// round 15's thresholds already left new writers under the target
	// for the under-rated, and each held-out set lost within one level
	// (docs/classification.md). CLASSIFY_CV_SLACK sets it for trying.
	withinSlack := 0.001
	if v, err := strconv.ParseFloat(os.Getenv("CLASSIFY_CV_SLACK"), 64); err == nil {
		withinSlack = v
	}
	fewestUnder := func(keep func(*cvReport) bool, cands []thresholds, th thresholds) thresholds {
		type scored struct {
			th            thresholds
			under, within float64
		}
		var tried []scored
		most := 0.0
		for _, c := range cands {
			if !cuesPass(c) {
				continue
			}
			f := score(keep, func(r0 *cvReport) bot.Suggestion { return r0.weighed(r, c) })
			under, within := f.under(), f.withinOne()
			if os.Getenv("CLASSIFY_CV_LEVELS") != "" {
				t.Logf("raise %.2f lower %.2f raiseShort %.2f lowerShort %.2f: under %.3f within %.3f", c.raise, c.lower, c.raiseShort, c.lowerShort, under, within)
			}
			tried = append(tried, scored{c, under, within})
			most = max(most, within)
		}
		// Where no candidate reaches the floor, those within withinSlack
		// of the most within one level count as reaching it.
		least := withinFloor
		if most < withinFloor {
			least = most - withinSlack
		}
		best, bestU, bestW := th, 2.0, -1.0
		for _, c := range tried {
			if c.within >= least && (c.under < bestU || c.under == bestU && c.within > bestW) {
				best, bestU, bestW = c.th, c.under, c.within
			}
		}
		return best
	}
	// grid is th with every pair of xs and ys set by set, xs outermost.
	grid := func(th thresholds, xs, ys []float64, set func(c *thresholds, x, y float64)) []thresholds {
		var cands []thresholds
		for _, x := range xs {
			for _, y := range ys {
				c := th
				set(&c, x, y)
				cands = append(cands, c)
			}
		}
		return cands
	}
	pass := func(keep func(*cvReport) bool, th thresholds) thresholds {
		for i := range weighRegimes {
			th = bestRecall(i, keep, grid(th, adds, drops, func(c *thresholds, a, d float64) { c.add[i], c.drop[i] = a, d }), th)
			// Then add with overrule: where the model may keep what the
			// words rule out, it can add at a lower probability.
			th = bestRecall(i, keep, grid(th, adds, overrules, func(c *thresholds, a, o float64) { c.add[i], c.overrule[i] = a, o }), th)
		}
		th = fewestUnder(keep, grid(th, levels, lowers, func(c *thresholds, u, l float64) { c.raise, c.lower = u, l }), th)
		for i := range weighRegimes {
			th = bestRecall(i, keep, grid(th, adds, drops, func(c *thresholds, a, d float64) { c.addShort[i], c.dropShort[i] = a, d }), th)
		}
		return fewestUnder(keep, grid(th, levels, shortLowers, func(c *thresholds, u, l float64) { c.raiseShort, c.lowerShort = u, l }), th)
	}
	// choose starts from the rules alone (nothing added, taken away,
	// raised or lowered) and passes again while a pass changes something,
	// so that the first choices see the later ones: a regime whose recall
	// reaches its recallFloors only with the short reports' additions is
	// chosen for precision on the second pass. A choice that has not
	// settled after six passes is reported.
	choose := func(keep func(*cvReport) bool) thresholds {
		th := thresholds{add: [numRegimes]float64{1, 1, 1, 1}, addShort: [numRegimes]float64{1, 1, 1, 1}, raise: 1, raiseShort: 1,
			overrule: [numRegimes]float64{1, 1, 1, 1}}
		for range 6 {
			next := pass(keep, th)
			if next == th {
				return th
			}
			th = next
		}
		t.Errorf("the thresholds did not settle in six passes: %+v", th)
		return th
	}
	// Chosen on the writers the rules were never tuned on: on the first
	// sixteen the rules' own figures flatter them, and thresholds chosen
	// there added too little for new writers (round 7, whose held-out
	// figures were within 0.04 of these writers' and below all writers').
	chosen := choose(fresh)
	t.Logf("chosen on regimes-17 and after: %+v", chosen)
	if os.Getenv("CLASSIFY_CV_CURVE") != "" {
		for i, rg := range weighRegimes {
			for _, a := range adds {
				for _, d := range drops {
					c := chosen
					c.add[i], c.drop[i] = a, d
					f := score(fresh, func(r0 *cvReport) bot.Suggestion { return r0.weighed(r, c) })
					recent := score(func(r0 *cvReport) bool { return r0.writer >= 38 }, func(r0 *cvReport) bot.Suggestion { return r0.weighed(r, c) })
					p, rc := f.reg.rates(rg)
					p2, rc2 := recent.reg.rates(rg)
					t.Logf("curve %s add %.2f drop %.2f cues %v: P %.3f R %.3f  recent P %.3f R %.3f", rg, a, d, cuesPass(c), p, rc, p2, rc2)
				}
			}
		}
	}
	if chosen != weighAt {
		t.Errorf("the shipped thresholds are not those chosen: %+v", weighAt)
	}
	if os.Getenv("CLASSIFY_CV_SEVERITY") != "" {
		var conf [5][5]int
		for _, c := range reports {
			if fresh(c) {
				conf[c.ex.Severity.Rank()][c.weighed(r, chosen).Severity.Rank()]++
			}
		}
		t.Logf("severity, label (rows) by suggestion (columns), low to critical, chosen thresholds: %v", conf)
	}
	if out := os.Getenv("CLASSIFY_CV_DUMP"); out != "" {
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range reports {
			g := c.weighed(r, chosen)
			g.Regimes = c.ex.allowed(g.Regimes)
			fmt.Fprintf(f, "%d\t%s\t%s\t%v\t%s\t%s\t%v\t%q\t%v\t%s\t%s\t%d\t%.4f\t%.4f\t%.4f\n", c.writer, c.ex.Category, c.ex.Severity, c.ex.Regimes, g.Category, g.Severity, g.Regimes, c.ex.Text,
				c.scan.settled, c.rules.Severity, c.scan.raise, words(c.scan.tokens), c.p[firstLevel], c.p[firstLevel+1], c.p[firstLevel+2])
		}
		f.Close()
	}
	if os.Getenv("CLASSIFY_CV_QUICK") != "" {
		f := score(fresh, func(c *cvReport) bot.Suggestion { return c.weighed(r, chosen) })
		t.Logf("at the chosen thresholds, on regimes-17 and after:\n%s", f)
		// To four places, to tell apart what two places hide.
		for _, rg := range weighRegimes {
			p, rc := f.reg.rates(rg)
			t.Logf("to four places: %s precision %.4f recall %.4f", rg, p, rc)
		}
		t.Logf("to four places: severity within one %.4f under %.4f", f.withinOne(), f.under())
		return
	}
	// One choice per writer, each on its own, as many at once as there
	// are processors: the reports and the rules are only read, and each
	// writes only its writer's element (by number, ws being sorted).
	without := make([]thresholds, ws[len(ws)-1]+1)
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, w := range ws {
		if w < 17 {
			continue
		}
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			without[w] = choose(func(c *cvReport) bool { return c.writer != w && fresh(c) })
		}()
	}
	wg.Wait()
	nested := score(fresh, func(c *cvReport) bot.Suggestion { return c.weighed(r, without[c.writer]) })
	t.Logf("rules weighed on regimes-17 and after, thresholds chosen without the writer measured:\n%s", nested)
}

// TestWeighLearnsLexSarahOnlyInsideIt: a report from a unit outside Lex
// Sarah teaches the model nothing about lex_sarah, so the same words
// labelled lex_sarah in a unit under it are not pulled down by them; the
// other outputs learn from both.
func TestWeighLearnsLexSarahOnlyInsideIt(t *testing.T) {
	no := false
	var examples []Example
	for range 30 {
		examples = append(examples,
			Example{Text: "personalen låste in klienten på rummet hela natten", Category: bot.CareQuality, Severity: bot.High,
				Regimes: []bot.Regime{bot.LexSarah, bot.PoliceReport}},
			Example{Text: "personalen låste in klienten på rummet hela natten", Category: bot.CareQuality, Severity: bot.High,
				Regimes: []bot.Regime{}, UnitLexSarah: &no},
			Example{Text: "skrivaren på kontoret är trasig igen", Category: bot.Other, Severity: bot.Low, Regimes: []bot.Regime{}})
	}
	p := trainWeighing(examples, nil).predict(tokenize(normalize("personalen låste in klienten på rummet hela natten")), bot.CareQuality)
	if p[0] < 0.8 {
		t.Errorf("lex_sarah %.2f, want the inside unit's 1 learned (at least 0.8)", p[0])
	}
	if p[3] > 0.8 || p[3] < 0.2 {
		t.Errorf("police_report %.2f, want both units' reports learned from (half of them say it)", p[3])
	}
	if ex := (Example{}); learns(ex) != [numWeighing]bool{true, true, true, true, true, true, true} {
		t.Errorf("a report with no unit learns %v, want every output", learns(ex))
	}
}

// TestWeighOverrule: what a report's words rule out (here Lex Sarah, by
// the police and no social-services word) stays out unless the model's
// probability is above overrule; a regime it rules out that nobody
// suggested is not brought back.
func TestWeighOverrule(t *testing.T) {
	r := NewRules()
	text := "Polisen ringde jouren i natt om en nioåring som var ensam hemma, och jouren bedömde att det kunde vänta till morgonen. Vid tre hittades pojken ute på gatan i bara pyjamas."
	s := r.read(text)
	if words(s.tokens) < minWeighWords {
		t.Fatalf("the text has %d words, want at least %d", words(s.tokens), minWeighWords)
	}
	th := thresholds{add: [numRegimes]float64{0.25, 1, 1, 1}, drop: [numRegimes]float64{0.1, 0, 0, 0},
		raise: 1, addShort: [numRegimes]float64{1, 1, 1, 1}, raiseShort: 1, overrule: [numRegimes]float64{0.5, 1, 1, 1}}
	for _, tt := range []struct {
		p     float64
		given bool
		want  bool
	}{
		{0.9, false, true}, // added by the model, kept over the words
		{0.9, true, true},  // given by the rules, kept
		{0.4, false, false},
		{0.4, true, false}, // above drop, below overrule: the words decide
		{0.05, true, false},
	} {
		sug := bot.Suggestion{Category: bot.CareQuality, Severity: bot.High}
		if tt.given {
			sug.Regimes = []bot.Regime{bot.LexSarah}
		}
		var p [numWeighing]float64
		p[0] = tt.p
		r.weigh(s, &sug, p, th)
		if got := slices.Contains(sug.Regimes, bot.LexSarah); got != tt.want {
			t.Errorf("p %.2f, given %v: lex_sarah %v, want %v", tt.p, tt.given, got, tt.want)
		}
	}
	sug := bot.Suggestion{Category: bot.CareQuality, Severity: bot.High}
	th.add[0] = 1
	r.weigh(s, &sug, [numWeighing]float64{0.9}, th)
	if slices.Contains(sug.Regimes, bot.LexSarah) {
		t.Error("lex_sarah brought back though neither the rules nor the model suggested it")
	}
}

// TestWeighShortReportLowered: a short report's severity goes down one
// level only where the probability of its own level is below
// lowerShort, never below what a severity cue raised it to, and never
// with lowerShort 0; a long report is lowered by lower alone.
func TestWeighShortReportLowered(t *testing.T) {
	r := NewRules()
	plain := r.read("Kollegan lämnade dörren till arkivet olåst över lunch.")
	cued := r.read("Kollegan fick åka till akuten efter lunch.")
	long := r.read("Kollegan lämnade dörren till arkivet olåst över lunch i går, och den stod öppen i nästan en timme innan någon av oss på enheten märkte det.")
	for _, s := range []*scan{plain, cued} {
		if n := words(s.tokens); n >= minWeighWords {
			t.Fatalf("%d words, want a short report", n)
		}
	}
	if words(long.tokens) < minWeighWords || plain.raise != "" || long.raise != "" || cued.raise != bot.High {
		t.Fatalf("cues: plain %q long %q cued %q, want none, none and high", plain.raise, long.raise, cued.raise)
	}
	if plain.settled || cued.settled || long.settled {
		t.Fatal("a report read as telling of no event, which weigh leaves alone")
	}
	// Nothing raised, so that only the lowering is measured; each case
	// sets lowerShort.
	th := weighAt
	th.raise, th.raiseShort, th.lower = 1, 1, 0.3
	for _, tt := range []struct {
		name       string
		s          *scan
		lowerShort float64
		pHigh      float64 // the probability of at least high
		want       bot.Severity
	}{
		{"short, sure it is not high", plain, 0.015, 0.01, bot.Medium},
		{"short, less sure", plain, 0.015, 0.02, bot.High},
		{"short, the long reports' lower does not apply", plain, 0.015, 0.2, bot.High},
		{"short, never lowered with lowerShort 0", plain, 0, 0.001, bot.High},
		{"short, not below a severity cue", cued, 0.015, 0.001, bot.High},
		{"long, by lower", long, 0.015, 0.2, bot.Medium},
	} {
		t.Run(tt.name, func(t *testing.T) {
			th := th
			th.lowerShort = tt.lowerShort
			sug := bot.Suggestion{Category: bot.Confidentiality, Severity: bot.High}
			var p [numWeighing]float64
			p[firstLevel], p[firstLevel+1] = 0.99, tt.pHigh
			r.weigh(tt.s, &sug, p, th)
			if sug.Severity != tt.want {
				t.Errorf("severity %s, want %s", sug.Severity, tt.want)
			}
		})
	}
}
