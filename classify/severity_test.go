package classify

import (
	"bytes"
	"slices"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
)

// The sets that label severity and regimes, by the guidelines in
// docs/classification.md: the first five training sets, labelled after
// they were written, and the sets new writers wrote for it, each held out
// for one round and measured once before it became tuning data (the
// severity and regime rules are written with the tuning sets' misses in
// view).
var (
	// regimeTuning: regimes-1 and regimes-2 were held out from the first
	// round (measured once at ceebcec), regimes-3 to -5 from the second
	// (once at 3a48294), regimes-6 to -10 from the third (once with round
	// 3 frozen), regimes-11 to -16 from the fourth (once with round 4
	// frozen at c12135c), regimes-17 to -22 from the fifth (once with
	// round 5 frozen at ce18386), regimes-23 to -29 from the sixth (once
	// with round 6 frozen at 0c24b2c), regimes-30 to -37 from the seventh
	// (once with round 7 frozen at 9709221), regimes-38 to -48 from the
	// eighth (once with round 8 frozen at 8a4b0f1), regimes-49 to -54 from
	// the ninth (once with round 9 frozen at 7ea4ce1,
	// docs/classification.md), regimes-55 to -63 from the ninth and tenth
	// (with round 9 frozen and again with round 10 frozen at 26f46a6),
	// regimes-64 to -71 from the tenth (with round 10 frozen, and again
	// with rounds 11 and 12), regimes-72 to -75 from the tenth (with
	// round 10 frozen, and again with rounds 11 to 13), regimes-76 and
	// -77 from the tenth (with round 10 frozen, and again with rounds 11
	// to 14), regimes-79 to -81 and -83 to -90 from the tenth and
	// eleventh (with round 10 or 11 frozen, and again with rounds 12 to
	// 18), regimes-133 to -137 from none (written with the revision for
	// round 22 while round 19 was built, measured once with round 18),
	// regimes-142 to -147 from none (written with the revision for round
	// 23 after round 19 was frozen, measured once with it), regimes-151
	// to -154 from none (written with the revision for round 23 after
	// round 20 was frozen, measured once with it), regimes-159 to -162
	// from none (the same revision, after round 21 was frozen, measured
	// once with it); all are tuning data since (since round 19 for
	// regimes-79 to -137, round 20 for -142 to -147, round 21 for -151
	// to -154, round 22 for the last four).
	regimeTuning = regimeSets
	// regimeHeldOut: regimes-91 was written by a new writer while
	// round 11 was built, measured once with it frozen at 63c675d (-79
	// and -83 to -90, from the same round, and -80 and -81, from round
	// 10, are tuning data since round 19); regimes-92 to
	// -98 by new writers while round 12 was built, measured once with it
	// frozen at 02466fb; regimes-99 to -104 by new writers while round
	// 13 was built, measured once with it frozen at f0cceeb (-101 and
	// -99, which finished later, with the same model at 24d61d2 and
	// 872fe5b); regimes-106, -107, -109 and -111 by new writers while
	// round 14 was built, measured once with it frozen at b4005c9;
	// regimes-112 to -117 by new writers labelling with the revision for
	// round 15, -118 to -120 with the revision for round 17 and -121 to
	// -123 with that for round 18, measured once with round 15 (its
	// sources as at d17cbec); regimes-124 to -126 with the revision for
	// round 19, measured once with round 17 frozen (d2b1079) and round
	// 15; regimes-127 to -129 with the revision for round 19 too, measured
	// once with round 18 frozen (35d3c4c) and round 17; regimes-130 to
	// -132 with the revision for round 22, measured once with round 18
	// and once with round 19 frozen (02e2923); regimes-138 to -141 with the
	// revision for round 23, measured once with round 19 (and round 18);
	// regimes-148 to -150 with the revision for round 23, measured once
	// with round 20 frozen (350bb35) and round 19; regimes-155 to -158
	// with the revision for round 23, written after round 21 was frozen
	// (92a99ec), measured once with it and round 20; regimes-163 to -166
	// the same, written after round 22 was frozen (c09f3cd), measured once
	// with it and round 21 (docs/classification.md).
	regimeHeldOut = []string{
		"regimes-91.jsonl", "regimes-92.jsonl", "regimes-93.jsonl", "regimes-94.jsonl", "regimes-95.jsonl",
		"regimes-96.jsonl", "regimes-97.jsonl", "regimes-98.jsonl", "regimes-99.jsonl", "regimes-100.jsonl",
		"regimes-101.jsonl", "regimes-102.jsonl", "regimes-103.jsonl", "regimes-104.jsonl", "regimes-106.jsonl",
		"regimes-107.jsonl", "regimes-109.jsonl", "regimes-111.jsonl", "regimes-112.jsonl", "regimes-113.jsonl", "regimes-114.jsonl",
		"regimes-115.jsonl", "regimes-116.jsonl", "regimes-117.jsonl",
		"regimes-118.jsonl", "regimes-119.jsonl", "regimes-120.jsonl",
		"regimes-121.jsonl", "regimes-122.jsonl", "regimes-123.jsonl",
		"regimes-124.jsonl", "regimes-125.jsonl", "regimes-126.jsonl",
		"regimes-127.jsonl", "regimes-128.jsonl", "regimes-129.jsonl",
		"regimes-130.jsonl", "regimes-131.jsonl", "regimes-132.jsonl",
		"regimes-138.jsonl", "regimes-139.jsonl", "regimes-140.jsonl", "regimes-141.jsonl",
		"regimes-148.jsonl", "regimes-149.jsonl", "regimes-150.jsonl",
		"regimes-155.jsonl", "regimes-156.jsonl", "regimes-157.jsonl", "regimes-158.jsonl",
		"regimes-163.jsonl", "regimes-164.jsonl", "regimes-165.jsonl", "regimes-166.jsonl"}
)

// figures are a set's severity and regime measurements.
type figures struct {
	sev     severityScore
	reg     regimeScore
	correct int // examples whose category was right
}

func (f figures) String() string {
	var b bytes.Buffer
	f.sev.write(&b)
	f.reg.write(&b)
	return b.String()
}

// add counts one report's suggestion against its labels, lex_sarah
// as the bot suggests it for the report's unit (Example.allowed), and
// returns the suggestion so counted.
func (f *figures) add(ex Example, got bot.Suggestion) bot.Suggestion {
	got.Regimes = ex.allowed(got.Regimes)
	if got.Category == ex.Category {
		f.correct++
	}
	f.sev.add(ex.Severity, got.Severity)
	f.reg.add(ex.Regimes, got.Regimes)
	return got
}

// ratios are the figures the targets are about.
func (f figures) under() float64     { return float64(f.sev.under) / float64(f.sev.n) }
func (f figures) withinOne() float64 { return float64(f.sev.withinOne) / float64(f.sev.n) }
func (f figures) accuracy() float64  { return float64(f.correct) / float64(f.sev.n) }

// measure scores the rules on set; miss, when not nil, gets every
// example whose severity is under the label or off by more than one, or
// whose regimes differ.
func measure(t *testing.T, rules *Rules, set []Example, miss func(ex Example, got bot.Suggestion)) figures {
	t.Helper()
	f := figures{reg: regimeScore{}}
	for _, ex := range set {
		if ex.Severity == "" || ex.Regimes == nil {
			t.Fatalf("not labelled with severity and regimes: %.60q", ex.Text)
		}
		got := f.add(ex, rules.classify(ex.Text))
		d := got.Severity.Rank() - ex.Severity.Rank()
		if miss != nil && (d < 0 || d > 1 || !slices.Equal(bot.SortRegimes(slices.Clone(ex.Regimes)), got.Regimes)) {
			miss(ex, got)
		}
	}
	return f
}

// TestSeverityRegimesTuning logs every miss of the tuning sets to tune by,
// and what falls short of the held-out sets' targets, and holds them
// together to what round 5's rules measured on them (each set alone is
// too small for a ratio to mean much: one report of 35 is 0.03). Up to
// round 5 the tuning sets met every target; with round 5's held-out sets
// among them they no longer do (docs/classification.md), so the targets
// are logged, not held.
func TestSeverityRegimesTuning(t *testing.T) {
	rules := NewRules()
	var all []Example
	for _, name := range regimeTuning {
		set := readSet(t, setPath(name))
		all = append(all, set...)
		f := measure(t, rules, set, func(ex Example, got bot.Suggestion) {
			t.Logf("%s: want %s %v, got %s %v (%s): %s", name, ex.Severity, ex.Regimes, got.Severity, got.Regimes, got.Category, ex.Text)
		})
		t.Logf("%s (%d examples):\n%s", name, len(set), f)
	}
	f := measure(t, rules, all, nil)
	t.Logf("all tuning sets (%d examples):\n%scategory accuracy: %.2f", len(all), f, f.accuracy())
	logTargets(t, "tuning sets", f)
	// Round 22's suggestions on all 44,163 tuning reports, held so that a
	// later change does not quietly give any of it back. The weighing
	// model is trained on these very reports, so they say little of new
	// writers: TestWeighCrossValidation (each writer left out) and the
	// held-out sets do. (Round 15's under-rated were 0.01: rounds 17 and
	// 18 raise the severity at a lower probability, chosen leaving each
	// writer out; round 17's work_environment_serious precision was 0.88,
	// round 18's 0.92; round 18's lex_sarah precision was 0.96 and
	// police_report's recall 1.00, on the 28,671 it was trained on;
	// round 19's lex_sarah precision 0.94 and gdpr_breach's recall 0.99,
	// on its 36,951; round 20's lex_sarah precision 0.93 and
	// police_report's 0.96, on its 40,040; round 21's
	// work_environment_serious precision 0.96 and within one level 0.97,
	// on its 42,104.)
	checkMeasured(t, "tuning sets", f, measured{
		under: 0.02, withinOne: 0.98, accuracy: 0.99,
		precision: map[bot.Regime]float64{bot.LexSarah: 0.94, bot.GDPRBreach: 1.00, bot.WorkEnvironmentSerious: 0.95, bot.PoliceReport: 0.97},
		recall:    map[bot.Regime]float64{bot.LexSarah: 0.99, bot.GDPRBreach: 0.98, bot.WorkEnvironmentSerious: 0.99, bot.PoliceReport: 0.99},
	})
}

// measured are figures as measured once, rounded to two places.
type measured struct {
	under, withinOne, accuracy float64
	precision, recall          map[bot.Regime]float64
}

// checkMeasured holds f to figures measured before: none may be worse
// than measured, give or take the rounding.
func checkMeasured(t *testing.T, name string, f figures, m measured) {
	t.Helper()
	const slack = 0.005 // the figures were rounded to two places
	if u := f.under(); u > m.under+slack {
		t.Errorf("%s: under-rated %.2f, measured %.2f", name, u, m.under)
	}
	if w := f.withinOne(); w < m.withinOne-slack {
		t.Errorf("%s: within one level %.2f, measured %.2f", name, w, m.withinOne)
	}
	if acc := f.accuracy(); acc < m.accuracy-slack {
		t.Errorf("%s: category accuracy %.2f, measured %.2f", name, acc, m.accuracy)
	}
	for _, r := range bot.AllRegimes() {
		p, rc := f.reg.rates(r)
		if p < m.precision[r]-slack {
			t.Errorf("%s: %s precision %.2f, measured %.2f", name, r, p, m.precision[r])
		}
		if rc < m.recall[r]-slack {
			t.Errorf("%s: %s recall %.2f, measured %.2f", name, r, rc, m.recall[r])
		}
	}
}

// logTargets logs where f falls short of issue 18's targets: under-rated at most 0.10,
// within one level at least 0.95, every regime's recall at least 0.90 and
// precision at least 0.70.
func logTargets(t *testing.T, name string, f figures) {
	t.Helper()
	if u := f.under(); u > 0.10 {
		t.Logf("%s: under-rated %.2f, target at most 0.10", name, u)
	}
	if w := f.withinOne(); w < 0.95 {
		t.Logf("%s: within one level %.2f, target at least 0.95", name, w)
	}
	for _, r := range bot.AllRegimes() {
		if p, rc := f.reg.rates(r); p < 0.70 || rc < 0.90 {
			t.Logf("%s: %s precision %.2f recall %.2f, target at least 0.70 and 0.90", name, r, p, rc)
		}
	}
}

// TestSeverityRegimesHeldOut holds the held-out sets at what was measured
// once when a round's rules were frozen, without listing their misses, so
// that nobody tunes by them; this guards them against getting worse until
// new rules are measured on new sets. The figures below are round 22's
// on regimeHeldOut, 27,201 reports, measured once with it frozen
// (c09f3cd): regimes-91 to -132, each measured before with the rounds
// frozen while it was written and after, regimes-138 to -141, written
// after round 19 was frozen and measured once with it, regimes-148 to
// -150, -155 to -158 and -163 to -166, written after rounds 20, 21 and
// 22 were frozen (docs/classification.md). Round 21 on the same sets:
// under-rated 0.06, within one level 0.95, the category 0.88,
// precision 0.75, 0.87, 0.79 and 0.80, recall 0.92, 0.94, 0.94 and
// 0.93.
// Lex Sarah as the bot suggests it (outsideLexSarah).
func TestSeverityRegimesHeldOut(t *testing.T) {
	if len(regimeHeldOut) == 0 {
		t.Skip("no held-out set until the round is measured")
	}
	rules := NewRules()
	var all []Example
	for _, name := range regimeHeldOut {
		set := readSet(t, setPath(name))
		all = append(all, set...)
		t.Logf("%s (%d examples, held out):\n%s", name, len(set), measure(t, rules, set, nil))
	}
	f := measure(t, rules, all, nil)
	t.Logf("all held out (%d examples):\n%scategory accuracy: %.2f", len(all), f, f.accuracy())
	checkMeasured(t, "held out", f, measured{
		under: 0.06, withinOne: 0.96, accuracy: 0.89,
		precision: map[bot.Regime]float64{bot.LexSarah: 0.76, bot.GDPRBreach: 0.88, bot.WorkEnvironmentSerious: 0.78, bot.PoliceReport: 0.81},
		recall:    map[bot.Regime]float64{bot.LexSarah: 0.93, bot.GDPRBreach: 0.94, bot.WorkEnvironmentSerious: 0.94, bot.PoliceReport: 0.94},
	})
}

// regimeCueCases are the guidelines' own cases, in Swedish and English,
// with and without å/ä/ö, and negated: the suggestion must give each
// exactly its severity and regimes, whatever the weighing's thresholds
// (TestWeighCrossValidation chooses only among those that do).
var regimeCueCases = []struct {
	text    string
	sev     bot.Severity
	regimes []bot.Regime
}{
	// A weapon, and its negation.
	{"Klienten drog en kniv i besöksrummet.", bot.Critical, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	{"Klienten drog en kniv i besoksrummet.", bot.Critical, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	{"The client pulled a knife in the visiting room.", bot.Critical, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	{"Klienten skrek och hotade mig men hade ingen kniv.", bot.High, []bot.Regime{bot.PoliceReport}},
	// Violence without a weapon.
	{"En intagen slog min kollega i ansiktet.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	{"An inmate punched my colleague in the face.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	// A serious injury at work, and an accident with none.
	{"Jag ramlade i trappan och bröt handleden.", bot.Critical, []bot.Regime{bot.WorkEnvironmentSerious}},
	{"Jag ramlade i trappan och brot handleden.", bot.Critical, []bot.Regime{bot.WorkEnvironmentSerious}},
	{"I fell on the stairs at work and broke my wrist.", bot.Critical, []bot.Regime{bot.WorkEnvironmentSerious}},
	{"Kaffemaskinen läcker vatten på golvet i personalrummet, ingen har halkat.", bot.Medium, nil},
	// A serious near miss.
	{"Tillbud: en tung hylla rasade i arkivet precis där jag stått, det kunde ha slutat illa.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious}},
	{"Near miss: a heavy shelf collapsed in the archive where I had just been standing.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious}},
	// A short one, about staff alone: no client, no Lex Sarah.
	{"Tillbud: stegen gled, ingen skadades.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious}},
	{"Near miss: the ladder slipped, nobody was hurt.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious}},
	// Sensitive data out of the organisation, and a contained slip.
	// A client's data may make it a missförhållande as well.
	{"Jag skickade en utredning om ett barn till fel adress.", bot.High, []bot.Regime{bot.LexSarah, bot.GDPRBreach}},
	{"I emailed a participant's medical certificate to the wrong recipient.", bot.High, []bot.Regime{bot.LexSarah, bot.GDPRBreach}},
	{"Jag skickade ett mejl med en kollegas telefonnummer till fel kollega, hon raderade det direkt.", bot.Medium, []bot.Regime{bot.GDPRBreach}},
	// Unauthorised look-ups are crimes as well as breaches.
	{"En kollega har gjort slagningar i registret utan tjänstebehov.", bot.High, []bot.Regime{bot.GDPRBreach, bot.PoliceReport}},
	{"A colleague looked up her neighbour in the records without any reason.", bot.High, []bot.Regime{bot.GDPRBreach, bot.PoliceReport}},
	// Care: Lex Sarah; a wrong medicine is a risk to life.
	{"Brukaren på gruppbostaden fick fel medicin i kväll.", bot.Critical, []bot.Regime{bot.LexSarah}},
	{"Brukaren pa gruppbostaden fick fel medicin i kvall.", bot.Critical, []bot.Regime{bot.LexSarah}},
	// Sexual harassment of staff is a crime.
	{"En klient tog mig på rumpan i receptionen.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	{"A client groped me in the reception.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	// Harassment between participants, in a chat: no personal data went
	// anywhere.
	{"Deltagare ofredade en annan deltagare i chattkanalen.", bot.High, []bot.Regime{bot.LexSarah, bot.PoliceReport}},
	{"A participant harassed another participant in the group chat.", bot.High, []bot.Regime{bot.LexSarah, bot.PoliceReport}},
	// Nothing to report to anyone.
	{"Kan vi få fler stolar i väntrummet?", bot.Low, nil},
	{"Can we get more chairs in the waiting room?", bot.Low, nil},
	// A question, a suggestion, a note for the record: no event, even
	// when it mentions something that would raise one; unless it tells
	// of harm or a weapon all the same.
	{"Fråga: får jag som vaktmästare veta vilka som har skyddade personuppgifter? Inget har hänt.", bot.Low, nil},
	{"Fraga: far jag som vaktmastare veta vilka som har skyddade personuppgifter? Inget har hant.", bot.Low, nil},
	{"Suggestion: could we get a shared calendar for the cars? They are double-booked all the time.", bot.Low, nil},
	{"Fråga: en klient drog en kniv mot mig i dag, vem ska jag ringa?", bot.Critical, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	// Mobbing between colleagues is the employer's to act on; sexual
	// remarks, following or a threat are crimes.
	{"Mina kollegor fryser ut mig och pratar aldrig med mig på mötena.", bot.High, nil},
	{"My colleagues leave me out of every meeting and never talk to me.", bot.High, nil},
	{"En kollega kommenterar min kropp och skickar sms om sex till mig.", bot.High, []bot.Regime{bot.PoliceReport}},
	// Sexual remarks again and again at work are severe harassment.
	{"A caller keeps ringing the contact centre asking for me by name and making sexual remarks.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	// Internal minutes that name nobody are neither a crime nor a
	// breach of personal data; a client's case told to a neighbour
	// breaks confidentiality.
	{"Protokollet om omorganisationen låg framme på disken i receptionen. Inga namn fanns med.", bot.High, nil},
	{"En kollega berättade för sin granne att grannens son har ett ärende hos socialtjänsten.", bot.High, []bot.Regime{bot.LexSarah, bot.GDPRBreach, bot.PoliceReport}},
	// Hundreds of people's data open to anyone; not a sum of money.
	{"En Excelfil med namn och adress till ca 350 hushåll med ekonomiskt bistånd låg på en delad länk.", bot.Critical, []bot.Regime{bot.LexSarah, bot.GDPRBreach}},
	{"A spreadsheet with about 230 participants' names and phone numbers went out to the wrong mailing list.", bot.Critical, []bot.Regime{bot.LexSarah, bot.GDPRBreach}},
	// A child still missing from a placement; a resident out cold.
	{"En tolvåring på HVB-hemmet har inte kommit tillbaka sedan i går och telefonen är avstängd.", bot.Critical, []bot.Regime{bot.LexSarah}},
	{"En brukare i hemtjänsten var avsvimmad när jag kom på morgonbesöket.", bot.Critical, []bot.Regime{bot.LexSarah}},
	// A shelf that tipped over where someone stands every day.
	{"En hylla full med pärmar i arkivet vältes rakt ut i gången. Ingen stod där just då.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious}},
	// A threat to kill is high and starts both clocks; critical with a
	// time to come.
	{"Pappan till ett placerat barn sa att han ska döda mig.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	{"A father said he will kill me.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	{"Pappan till ett placerat barn sa att han ska döda mig i kväll när jag går hem.", bot.Critical, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	// A used needle is serious by its kind.
	{"Jag stack mig på en använd kanyl när jag tömde soporna hos en brukare.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious}},
	{"I got a needle-stick injury from a used syringe when I emptied a bin in a client's flat.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious}},
	// Theft is a crime; a client's rude remark without a threat is not.
	{"Någon har stulit min plånbok ur jackan i personalrummet under lunchen.", bot.Medium, []bot.Regime{bot.PoliceReport}},
	{"Klienten kallade mig idiot i receptionen när han fick avslag. Inga hot.", bot.Medium, nil},
	{"A client called me an idiot at the reception when his application was refused. No threats.", bot.Medium, nil},
	// Lex Sarah is about the people the service is for: a client who
	// gropes staff is a matter for the work environment and the police,
	// one who gropes another client a missförhållande too.
	{"En brukare på gruppbostaden tog mig på brösten när jag hjälpte honom i duschen.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	{"En boende på gruppbostaden tog en annan boende på brösten i tv-rummet.", bot.High, []bot.Regime{bot.LexSarah, bot.PoliceReport}},
	// A client's relative who waits outside and messages at night.
	{"A client's daughter keeps waiting for me outside the office after work and sends me messages at night.", bot.High, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	// A slip that stayed inside and was deleted at once; a document
	// that names nobody.
	{"Skickade ett mejl med en deltagares läkarintyg till fel kollega på en annan enhet. Hon raderade det direkt.", bot.Medium, []bot.Regime{bot.GDPRBreach}},
	{"Budgetutkastet skickades av misstag till en extern leverantör. Inga namn, bara siffror.", bot.Medium, nil},
	// Theft and fraud in plain words; a threat put as a question in
	// quotes; a blow between clients is Lex Sarah and the police's.
	{"Det fattas 500 kr i kassan efter helgen, tredje gången i år.", bot.Medium, []bot.Regime{bot.PoliceReport}},
	{"En kollega skriver in övertid i tidrapporten för kvällar då hon inte var här.", bot.Medium, []bot.Regime{bot.PoliceReport}},
	{"Efter mötet sa pappan till mig: 'Dina barn går väl på förskola här? Det vore synd om något hände dem.'", bot.Critical, []bot.Regime{bot.WorkEnvironmentSerious, bot.PoliceReport}},
	{"En boende på gruppbostaden slog en annan boende i ansiktet vid middagen.", bot.High, []bot.Regime{bot.LexSarah, bot.PoliceReport}},
	// A question or a drill starts no clock.
	{"Hur länge ska vi spara anteckningarna från samverkansmötena?", bot.Low, nil},
	{"Vi hade hot- och våldsövning i dag, allt gick bra.", bot.Low, nil},
}

// TestSeverityRegimeCues: the severity and regime cues in Swedish and
// English, with and without å/ä/ö, and negated (regimeCueCases).
func TestSeverityRegimeCues(t *testing.T) {
	rules := NewRules()
	for _, tt := range regimeCueCases {
		got := rules.classify(tt.text)
		if got.Severity != tt.sev || !slices.Equal(got.Regimes, tt.regimes) {
			t.Errorf("%q: got %s %v (%s), want %s %v", tt.text, got.Severity, got.Regimes, got.Category, tt.sev, tt.regimes)
		}
	}
}
