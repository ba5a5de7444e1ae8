package classify

import (
	"slices"

	"github.com/incidentbot/incidentbot/bot"
)

// textRule raises a suggestion's severity or adds a regime when the
// suggested category (or a runner-up close to it, see closeShare) is one
// of cats (any, when cats is empty) and the report holds one of the concepts in any (always, when
// any is empty). The rules follow the labelling guidelines in
// docs/classification.md; they read the same concepts that decide the
// category, so negation ("ingen skadades", "he had no knife") counts
// wherever it does there.
type textRule struct {
	cats   []bot.Category
	regime bot.Regime   // "" when the rule is about severity
	sev    bot.Severity // "" when the rule is about a regime
	any    []string
	// and, when set, must hold too: one of its concepts is in the report,
	// within near tokens of one of any's when near is set.
	and  []string
	near int
	// unless, when set, stops the rule: none of its concepts may be in
	// the report.
	unless []string
}

// calmSigns are what a report saying "nothing happened" must not also
// hold for it to be calm: a sign of harm, danger, a threat or a near miss.
var calmSigns = []string{"harm", "weapon", "threatspeech", "injury", "danger", "nearmiss", "careharm", "vital",
	"sexual", "touch", "surveil", "lookup", "disclose"}

// querySigns are what a report that opens as a question must hold to tell
// of an event all the same: someone hurt, a weapon, sexual acts, being
// followed, a client harmed. A look-up or a disclosure asked about ("may
// I look up…?", "is it OK that we talk about…?") is a question of routine.
var querySigns = []string{"harm", "weapon", "sexual", "touch", "surveil", "careharm", "vital"}

// noEventSigns are what a report about no event (a drill, a course, a
// training day) must hold to tell of an event all the same: those of
// querySigns, or someone injured.
var noEventSigns = append([]string{"injury"}, querySigns...)

// closeShare is how close a runner-up's score must come to the winner's
// for its regimes to be kept too: a report that reads nearly as much as a
// threat as a harassment case keeps the threat's clocks. A coordinator
// can take a regime away; a missed clock cannot be undone.
const closeShare = 0.6

var textRules = []textRule{
	// Regimes, per category, beyond defaultRegimes.
	// An unauthorised look-up is dataintrång, secret data disclosed a
	// breach of confidentiality (brott mot tystnadsplikt); internal
	// minutes leaked to the press, or a relationship with a client, are
	// the employer's to act on.
	// A confidentiality case is a breach when it is about people: a case,
	// a record, a look-up, sensitive data, or a client's or anyone's
	// details that reached someone else; not a relationship or a gift
	// alone, nor internal plans that name nobody.
	{cats: []bot.Category{bot.Confidentiality}, regime: bot.GDPRBreach,
		any: []string{"caseinfo", "sensitivedoc", "lookup", "system", "noreason", "sensitive", "staffinfo", "consent", "wrong"}},
	{cats: []bot.Category{bot.Confidentiality}, regime: bot.GDPRBreach, any: []string{"client", "socialservices", "record"},
		and: []string{"disclose", "outsider", "send", "exposed", "digital"}},
	{cats: []bot.Category{bot.Confidentiality}, regime: bot.PoliceReport, any: []string{"lookup", "sensitive", "threatspeech", "harm", "client", "outsider"}},
	// A threat that names one's home, car or family is serious for the
	// work environment authority, however it is put.
	{cats: []bot.Category{bot.ThreatViolence}, regime: bot.WorkEnvironmentSerious,
		any: []string{"harm", "weapon", "threatspeech", "harmword", "injury", "surveil", "target"}},
	// Ofredande is a crime when it touches, follows, threatens or is
	// sexual, when messages or slurs go on after a no, and when clients
	// or outsiders harass; mobbing and remarks between colleagues are the
	// employer's to act on, and a client's single rude remark to staff
	// ("kallade mig idiot", "inga hot") is rudeness, not a crime.
	{cats: []bot.Category{bot.Harassment}, regime: bot.PoliceReport, any: []string{"sexual", "touch", "surveil", "harm", "threatspeech", "weapon"}},
	{cats: []bot.Category{bot.Harassment}, regime: bot.PoliceReport, any: []string{"digital"},
		and: []string{"client", "outsider", "night", "repeat", "unwanted"}, unless: []string{"noharm"}},
	{cats: []bot.Category{bot.Harassment}, regime: bot.PoliceReport, any: []string{"repeat"}, and: []string{"slur", "unwanted"},
		unless: []string{"noharm"}},
	{cats: []bot.Category{bot.Harassment}, regime: bot.PoliceReport, any: []string{"peer"}, unless: []string{"noharm"}},
	{cats: []bot.Category{bot.Harassment}, regime: bot.PoliceReport, any: []string{"client", "outsider"}, and: []string{"repeat"},
		unless: []string{"noharm"}},
	{cats: []bot.Category{bot.Harassment}, regime: bot.PoliceReport, any: []string{"client", "outsider"},
		unless: []string{"atstaff", "noharm"}},
	// Theft, fraud and bribery are crimes in any category: money or a
	// card gone, hours or fuel claimed for work never done.
	{regime: bot.PoliceReport, any: []string{"theft"}},
	{regime: bot.PoliceReport, any: []string{"money"}, and: []string{"gone"}, near: 8},
	{regime: bot.PoliceReport, any: []string{"claim"}, and: []string{"notdone"}, near: 15},
	// For the work environment authority, harassment is serious when it is
	// violence or a threat, or sexual or stalking by a client or anyone
	// else met through the work (a client's relative, a caller); between
	// colleagues or between clients it is not.
	{cats: []bot.Category{bot.Harassment}, regime: bot.WorkEnvironmentSerious, any: []string{"harm", "weapon", "threatspeech"}},
	{cats: []bot.Category{bot.Harassment}, regime: bot.WorkEnvironmentSerious, any: []string{"touch", "sexual", "surveil"},
		and: []string{"client", "outsider"}, unless: []string{"peer"}},
	{cats: []bot.Category{bot.ThreatViolence}, regime: bot.WorkEnvironmentSerious, any: []string{"sexual"}, and: []string{"client", "outsider"}},
	// A client of a social service whose data was exposed, or sensitive
	// data about anyone in one, may be a missförhållande too; the unit
	// decides in the end whether Lex Sarah applies (bot.AllowedRegimes).
	// A phone with "clients" in it, of no named service, is a breach
	// only.
	{cats: []bot.Category{bot.PersonalData, bot.Confidentiality}, regime: bot.LexSarah, any: []string{"caresetting", "socialservices"}},
	{cats: []bot.Category{bot.PersonalData, bot.Confidentiality}, regime: bot.LexSarah, any: []string{"sensitive", "sensitivedoc"},
		and: []string{"client"}},
	// A client put at risk by a near miss at work.
	{cats: []bot.Category{bot.WorkEnvironment}, regime: bot.LexSarah, any: []string{"nearmiss"}, and: []string{"client"}},
	{cats: []bot.Category{bot.CareQuality}, regime: bot.PoliceReport, any: []string{"harm", "coercion"}},
	{cats: []bot.Category{bot.WorkEnvironment}, regime: bot.WorkEnvironmentSerious, any: []string{"nearmiss", "danger"}},

	// Severity, per category, above its default.
	{cats: []bot.Category{bot.Harassment}, sev: bot.High, any: []string{"sexual", "touch", "repeat", "surveil", "harm"}},
	{cats: []bot.Category{bot.CareQuality}, sev: bot.Critical, any: []string{"careharm", "coercion", "vital", "medication"}},
	{cats: []bot.Category{bot.WorkEnvironment}, sev: bot.High, any: []string{"injury", "nearmiss", "danger"}},
	{cats: []bot.Category{bot.PersonalData}, sev: bot.High, any: []string{"sensitive", "outsider", "sensitivedoc", "leftorg"}},
	// A weapon or someone waiting outside is critical; a threat is when
	// it is concrete: aimed at one's home or family, with violence, a time
	// to come or by someone known to be violent ("ni ska få se" alone is
	// high).
	{cats: []bot.Category{bot.ThreatViolence}, sev: bot.Critical, any: []string{"weapon", "surveil"}},
	// Theft, fraud and bribery are at least medium whatever the category.
	{sev: bot.Medium, any: []string{"theft"}},
	{sev: bot.Medium, any: []string{"money"}, and: []string{"gone"}, near: 8},
	{sev: bot.Medium, any: []string{"claim"}, and: []string{"notdone"}, near: 15},
	{cats: []bot.Category{bot.ThreatViolence, bot.Harassment}, sev: bot.Critical, any: []string{"threatspeech", "harmword"},
		and: []string{"target", "harm", "specifics"}},
}

// noLexSarah takes Lex Sarah away from a report set in the police, prison
// and probation or a school, unless it names a social-services setting too
// ("socialsekreterare" at a school): those services are not under it.
var noLexSarah = struct{ where, unless string }{"justice", "socialservices"}

// lexSarahWho decides Lex Sarah in harassment and threats by who harmed
// whom: clients who harm each other (peer, in a service's setting) or
// staff who harm a client (staffdoer just before a client) get it; a
// client's threat or harassment aimed at staff (atstaff: "tog mig på
// brösten", "pushed me") is not a missförhållande in itself, and a threat
// gets it only as the first two. A labour-market unit that says it works
// outside the social services act (notsocial) is not under Lex Sarah.
var lexSarahWho = struct {
	peer, staffdoer, client, atstaff, notsocial string
	setting                                     []string
	span                                        int
}{"peer", "staffdoer", "client", "atstaff", "notsocial", []string{"client", "caresetting", "socialservices"}, 7}

// lookupOnly are the concepts of a look-up that went no further: a
// colleague who read a record without a need (lookup) and told or sent it
// to nobody (none of left). It is dataintrång, not a missförhållande.
var lookupOnly = struct {
	lookup string
	left   []string
}{"lookup", []string{"disclose", "outsider", "send", "exposed", "digital", "relation"}}

// neverLeft is the concept of a breach that did not happen: the wrong
// recipient seen before sending, nothing opened. It is low and starts no
// clock.
const neverLeft = "neverleft"

// noNames is the concept of a document that names nobody, which is no
// breach of personal data unless it holds sensitive data all the same.
var noNames = struct{ where, unless string }{"nonames", "sensitive"}

// contained are the concepts of a slip that stayed inside: sent to a
// colleague who deleted it at once, which is at most medium and no
// missförhållande.
var contained = [2]string{"insider", "erased"}

// compiledRule is a textRule with concept indexes.
type compiledRule struct {
	textRule
	concepts, and, unless []int
}

// compileRules looks up the concepts of textRules with concept, which
// panics on an unknown name.
func compileRules(concept func(string) int) []compiledRule {
	out := make([]compiledRule, len(textRules))
	for i, tr := range textRules {
		out[i] = compiledRule{textRule: tr, concepts: conceptList(concept, tr.any), and: conceptList(concept, tr.and),
			unless: conceptList(concept, tr.unless)}
	}
	return out
}

// conceptList is the indexes of the concepts named.
func conceptList(concept func(string) int, names []string) []int {
	var out []int
	for _, n := range names {
		out = append(out, concept(n))
	}
	return out
}

// applies reports whether rule cr holds for a report scanned in s whose
// categories (the suggested one and close runners-up) are cats.
func (cr *compiledRule) applies(s *scan, cats []bot.Category) bool {
	if len(cr.cats) > 0 && !slices.ContainsFunc(cr.cats, func(c bot.Category) bool { return slices.Contains(cats, c) }) {
		return false
	}
	found := func(k int) bool { return s.first[k] >= 0 }
	if cr.near > 0 {
		return !slices.ContainsFunc(cr.unless, found) && slices.ContainsFunc(cr.concepts, func(a int) bool {
			return slices.ContainsFunc(cr.and, func(b int) bool {
				_, ok := s.together(&combo{a: a, b: b, unless: -1, span: cr.near})
				return ok
			})
		})
	}
	return (len(cr.concepts) == 0 || slices.ContainsFunc(cr.concepts, found)) &&
		(len(cr.and) == 0 || slices.ContainsFunc(cr.and, found)) && !slices.ContainsFunc(cr.unless, found)
}

// closeCategories are the suggested category and the runners-up that
// score at least closeShare of it.
func (r *Rules) closeCategories(s *scan, ci int) []bot.Category {
	cats := []bot.Category{categoryCues[ci].category}
	top := s.scores[ci]
	if top <= 0 {
		return cats
	}
	for i, t := range categoryCues {
		if i != ci && i != r.other && s.scores[i] >= closeShare*top {
			cats = append(cats, t.category)
		}
	}
	return cats
}

// temper corrects what the category and the text rules suggested by what
// the report says about who was harmed, where the data went and whether
// anything happened at all (lexSarahWho, contained, lookupOnly,
// neverLeft, noNames, querySigns, noEventSigns, calmSigns).
func (r *Rules) temper(s *scan, sug *bot.Suggestion) {
	cat := sug.Category
	found := func(k int) bool { return s.first[k] >= 0 }
	dropLexSarah := func() {
		sug.Regimes = slices.DeleteFunc(sug.Regimes, func(rg bot.Regime) bool { return rg == bot.LexSarah })
	}
	// Lex Sarah in harassment and threats follows who harmed whom.
	if cat == bot.Harassment || cat == bot.ThreatViolence {
		_, staffOnClient := s.together(&r.staffOnClient)
		switch {
		case found(r.peer) && slices.ContainsFunc(r.setting, found), staffOnClient:
			if !slices.Contains(sug.Regimes, bot.LexSarah) {
				sug.Regimes = append(sug.Regimes, bot.LexSarah)
			}
		case cat == bot.ThreatViolence, found(r.atstaff):
			dropLexSarah()
		}
	}
	// Violence between clients, or by staff against a client, is no
	// matter for the work environment authority unless staff were harmed
	// or threatened too (atstaff), or a weapon was drawn where staff
	// work; an accident at work stays one.
	if _, staffOnClient := s.together(&r.staffOnClient); cat != bot.WorkEnvironment &&
		(found(r.peer) && slices.ContainsFunc(r.setting, found) || staffOnClient) && !found(r.atstaff) && !found(r.weapon) {
		sug.Regimes = slices.DeleteFunc(sug.Regimes, func(rg bot.Regime) bool { return rg == bot.WorkEnvironmentSerious })
	}
	// A slip that stayed inside and was deleted at once.
	if (cat == bot.PersonalData || cat == bot.Confidentiality) && found(r.insider) && found(r.erased) {
		dropLexSarah()
		if sug.Severity == bot.High {
			sug.Severity = bot.Medium
		}
	}
	// A look-up that went to nobody, and a breach that never left.
	if cat == bot.Confidentiality && found(r.lookup) && !slices.ContainsFunc(r.left, found) {
		dropLexSarah()
	}
	if (cat == bot.PersonalData || cat == bot.Confidentiality) && found(r.neverleft) {
		sug.Severity, sug.Regimes = bot.Low, nil
		s.settled = true
	}
	// A document that names nobody is no breach of personal data, and a
	// slip with one is at most medium.
	if found(r.nonames) && !found(r.sensitive) {
		sug.Regimes = slices.DeleteFunc(sug.Regimes, func(rg bot.Regime) bool { return rg == bot.GDPRBreach })
		if cat == bot.PersonalData && sug.Severity.Rank() > bot.Medium.Rank() {
			sug.Severity = bot.Medium
		}
	}
	// A report that opens as a question, a suggestion or a note for the
	// record ("Fråga: …", "Hur länge ska vi spara …?") is no event, whatever
	// it mentions in passing, unless it tells of harm all the same; nor is
	// one about a drill or a course. A report that says nothing happened,
	// with no sign of harm, danger or a near miss and no severity cue, is
	// at most medium and starts no clock but Lex Sarah's: a care
	// shortcoming that harmed nobody may still be one.
	calm := !slices.ContainsFunc(r.calm, found)
	switch {
	case (s.asks || opensAsQuery(s.tokens)) && !slices.ContainsFunc(r.query, found),
		s.raise == "" && found(r.noevent) && !slices.ContainsFunc(r.noEvent, found):
		sug.Severity, sug.Regimes = bot.Low, nil
		s.settled = true
	case calm && s.raise == "" && found(r.noharm):
		if sug.Severity.Rank() > bot.Medium.Rank() {
			sug.Severity = bot.Medium
		}
		sug.Regimes = slices.DeleteFunc(sug.Regimes, func(rg bot.Regime) bool { return rg != bot.LexSarah })
	}
	r.exclude(s, sug)
}

// exclude takes away the regimes that the report rules out by what it
// says, whoever suggested them: Lex Sarah in the police, prison and
// probation or schools (noLexSarah) and in a labour-market unit outside
// the social services act; a breach of personal data in a document that
// names nobody and holds no sensitive data (noNames).
func (r *Rules) exclude(s *scan, sug *bot.Suggestion) {
	found := func(k int) bool { return s.first[k] >= 0 }
	if found(r.justice) && !found(r.social) || found(r.notsocial) {
		sug.Regimes = slices.DeleteFunc(sug.Regimes, func(rg bot.Regime) bool { return rg == bot.LexSarah })
	}
	if found(r.nonames) && !found(r.sensitive) {
		sug.Regimes = slices.DeleteFunc(sug.Regimes, func(rg bot.Regime) bool { return rg == bot.GDPRBreach })
	}
}
