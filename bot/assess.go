package bot

import "slices"

// Assess gives a submitted report its first severity and the regimes that
// apparently apply, from the reporter's answers alone. It is a starting
// point a coordinator confirms or changes, not a decision.
func Assess(c Category, a Answers) (Severity, []Regime) {
	sev := Medium
	var regimes []Regime
	add := func(r Regime) {
		if !slices.Contains(regimes, r) {
			regimes = append(regimes, r)
		}
	}
	raise := func(s Severity) {
		if s.Rank() > sev.Rank() {
			sev = s
		}
	}
	switch c {
	case PersonalData:
		// Every breach is documented, even when not notified.
		add(GDPRBreach)
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
		if a.Has(QHAOngoing, Yes) {
			raise(High)
		}
		if a.Has(QHABetween, "participants") || a.Has(QHABetween, "to_client") {
			add(LexSarah)
		}
	case ThreatViolence:
		raise(High)
		if a.Has(QTVDanger, Yes) {
			raise(Critical)
		}
		if a.Has(QTVDanger, Yes) || a.Has(QTVKind, "weapon") || a.Has(QTVKind, "physical") || a.Has(QTVKind, "home") {
			add(WorkEnvironmentSerious)
		}
		add(PoliceReport)
	case Confidentiality:
		raise(High)
		add(GDPRBreach)
	case CareQuality:
		add(LexSarah)
		switch {
		case a.Has(QCQHarm, "serious"):
			raise(Critical)
		case a.Has(QCQHarm, "harm"):
			raise(High)
		}
	case WorkEnvironment:
		switch {
		case a.Has(QWEInjury, "serious"):
			raise(Critical)
			add(WorkEnvironmentSerious)
		case a.Has(QWEInjury, "care") || a.Has(QWESickLeave, Yes):
			raise(High)
		case a.Has(QWEInjury, "none"):
			sev = Low
		}
	case Other:
		sev = Low
	}
	return sev, regimes
}

// InImmediateDanger reports whether the reporter said someone is in danger now.
func InImmediateDanger(c Category, a Answers) bool {
	return c == ThreatViolence && a.Has(QTVDanger, Yes)
}
