package bot

import "slices"

// RegimeRule says when a report falls under a regime: its category, the
// answers that make it apply (nil: always), and whether only a unit under
// Lex Sarah gets it. Why is the rule in words, for tests and for anyone
// who asks why a clock runs; statute references stay out of the code.
type RegimeRule struct {
	Category Category
	Regime   Regime
	When     func(Answers) bool
	// LexSarahUnit limits the rule to units marked lex_sarah (social
	// services, LSS, SiS homes).
	LexSarahUnit bool
	Why          Text
}

// RegimeRules are the rules Assess applies, in order.
var RegimeRules = []RegimeRule{
	{PersonalData, GDPRBreach, nil, false,
		Text{"Varje personuppgiftsincident dokumenteras; IMY ska ha en anmälan inom 72 timmar, om det inte är osannolikt att den medför risk.",
			"Every personal data breach is documented; IMY is notified within 72 hours unless it is unlikely to pose a risk."}},
	{Confidentiality, GDPRBreach, nil, false,
		Text{"Information som lämnats ut eller slagits upp är personuppgifter i orätta händer.",
			"Information disclosed or looked up is personal data in the wrong hands."}},
	{Confidentiality, PoliceReport, func(a Answers) bool { return a.Has(QCOKind, "leak") || a.Has(QCOKind, "lookup") }, false,
		Text{"En obehörig sökning i register eller journal (dataintrång) och ett röjande av sekretess kan vara brott.",
			"An unauthorised look-up (unlawful data access) and a breach of confidentiality may be crimes."}},
	{Harassment, LexSarah, againstServed, true,
		Text{"Kränkningar mellan eller mot de enskilda i en insats kan vara ett missförhållande.",
			"Harassment between or against the people a service is for may be a shortcoming (missförhållande)."}},
	{Harassment, PoliceReport, func(a Answers) bool { return !a.Has(QHAOffence, No) || a.Has(QHASexual, Yes) }, false,
		Text{"Ofredande och sexuellt ofredande är brott; en arbetsgivare kan anmäla i eget namn.",
			"Unlawful molesting (ofredande), sexual or not, is a crime; an employer may report in its own name."}},
	{ThreatViolence, PoliceReport, nil, false,
		Text{"Hot och våld mot den som utför sitt arbete är brott.", "Threats and violence against someone at work are crimes."}},
	{ThreatViolence, WorkEnvironmentSerious, func(a Answers) bool {
		return a.Has(QTVDanger, Yes) || a.Has(QTVKind, "weapon") || a.Has(QTVKind, "death") || a.Has(QTVKind, "physical") || a.Has(QTVKind, "home") ||
			a.Has(QTVInjury, "serious")
	}, false,
		Text{"Våld, vapen, allvarligt menade dödshot, hot mot hemmet och allvarliga skador är allvarliga händelser för Arbetsmiljöverket.",
			"Violence, weapons, death threats meant seriously, threats against one's home and serious injuries are serious incidents for the Work Environment Authority."}},
	{CareQuality, LexSarah, nil, true,
		Text{"En brist i en insats till en enskild kan vara ett missförhållande.", "A shortcoming in a service to an individual may be a missförhållande."}},
	{WorkEnvironment, WorkEnvironmentSerious, func(a Answers) bool {
		return a.Has(QWEInjury, "serious") || a.Has(QWESeveral, Yes) || a.Has(QWECouldHave, Yes)
	}, false,
		Text{"En allvarlig skada, flera skadade samtidigt, eller ett tillbud som kunde ha lett till allvarlig skada, anmäls till Arbetsmiljöverket.",
			"A serious injury, several people injured at once, or a near miss that could have led to a serious injury, is reported to the Work Environment Authority."}},
}

// againstServed reports whether harassment was aimed at someone a service
// is for: a participant or a client, whoever did it.
func againstServed(a Answers) bool {
	return a.Has(QHAAgainstRole, "participant") || a.Has(QHAAgainstRole, "client")
}

// Assess gives a submitted report its first severity and the regimes that
// apparently apply, from the reporter's answers and the unit alone. It is
// a starting point a coordinator confirms or changes, not a decision.
func Assess(c Category, a Answers, unit Unit) (Severity, []Regime) {
	var regimes []Regime
	for _, r := range RegimeRules {
		if r.Category != c || r.LexSarahUnit && !unit.LexSarah || r.When != nil && !r.When(a) || slices.Contains(regimes, r.Regime) {
			continue
		}
		regimes = append(regimes, r.Regime)
	}
	return assessSeverity(c, a), SortRegimes(regimes)
}

// regimeOrder is the order regimes and their clocks are listed in.
var regimeOrder = []Regime{LexSarah, GDPRBreach, WorkEnvironmentSerious, PoliceReport}

// SortRegimes puts rs in the order regimes are listed in.
func SortRegimes(rs []Regime) []Regime {
	slices.SortStableFunc(rs, func(a, b Regime) int { return slices.Index(regimeOrder, a) - slices.Index(regimeOrder, b) })
	return rs
}

// AllowedRegimes keeps of rs those a case of unit may fall under: Lex
// Sarah only where the unit is under it.
func AllowedRegimes(rs []Regime, unit Unit) []Regime {
	return slices.DeleteFunc(slices.Clone(rs), func(r Regime) bool { return r == LexSarah && !unit.LexSarah })
}

func assessSeverity(c Category, a Answers) Severity {
	floor := answerFloor(c, a)
	if c == WorkEnvironment && floor == "" && a.Has(QWEInjury, "none") {
		// A near miss with nothing serious about it.
		return Low
	}
	if sev := startSeverity(c); sev.Rank() > floor.Rank() {
		return sev
	}
	return floor
}

// startSeverity is where a category's reports start before any answer:
// threats and violence, and leaks and look-ups, are high at once.
func startSeverity(c Category) Severity {
	switch c {
	case ThreatViolence, Confidentiality:
		return High
	case Other:
		return Low
	}
	return Medium
}

// answerFloor is the severity the reporter's answers give on their own,
// whatever the category starts at: what they said for certain (an
// injury, a weapon, someone at risk now) holds in any category the case
// turns out to be. It is "" when the answers give none.
func answerFloor(c Category, a Answers) Severity {
	var sev Severity
	raise := func(s Severity) {
		if s.Rank() > sev.Rank() {
			sev = s
		}
	}
	switch c {
	case PersonalData:
		sensitive := a.Has(QPDDataKind, "health") || a.Has(QPDDataKind, "criminal") ||
			a.Has(QPDDataKind, "protected") || a.Has(QPDDataKind, "children") || a.Has(QPDDataKind, "id_number")
		many := a.Has(QPDCount, "11-100") || a.Has(QPDCount, "101+")
		if a.Has(QPDDataKind, "protected") {
			raise(Critical)
		}
		if sensitive && (a.Has(QPDLeftOrg, Yes) || many || !a.Has(QPDContained, Yes)) {
			raise(High)
		}
		if a.Has(QPDCount, "101+") && a.Has(QPDLeftOrg, Yes) {
			raise(Critical)
		}
	case Harassment:
		if a.Has(QHAOngoing, Yes) || a.Has(QHASexual, Yes) {
			raise(High)
		}
	case ThreatViolence:
		if a.Has(QTVDanger, Yes) || a.Has(QTVKind, "death") || a.Has(QTVKind, "weapon") || a.Has(QTVInjury, "serious") {
			raise(Critical)
		}
		if a.Has(QTVInjury, "care") || a.Has(QTVSickLeave, Yes) {
			raise(High)
		}
	case Confidentiality:
		if a.Has(QCORisk, Yes) {
			raise(High)
		}
	case CareQuality:
		switch {
		case a.Has(QCQHarm, "serious"):
			raise(Critical)
		case a.Has(QCQHarm, "harm") || a.Has(QCQSafe, No):
			raise(High)
		}
	case WorkEnvironment:
		switch {
		case a.Has(QWEInjury, "serious") || a.Has(QWESeveral, Yes):
			raise(Critical)
		case a.Has(QWEInjury, "care") || a.Has(QWESickLeave, Yes) || a.Has(QWECouldHave, Yes):
			raise(High)
		}
	}
	return sev
}

// InImmediateDanger reports whether the reporter said someone is in danger now.
func InImmediateDanger(c Category, a Answers) bool {
	return c == ThreatViolence && a.Has(QTVDanger, Yes)
}
