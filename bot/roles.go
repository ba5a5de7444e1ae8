package bot

import "slices"

// Handlers lists who may act on a case and read its details: those it was
// routed to, while the configuration still names them; on its usual route,
// the route for its category as the configuration now stands (a
// reclassified case brings in its new route); the unit's escalation
// people and the independent function only once the case reached them,
// routed or escalated there; and the assignee – never anyone implicated.
// A case routed past its usual route keeps the usual coordinators out:
// they may be the reason it was.
func (cfg *Config) Handlers(c Case) []string {
	var people []string
	add := func(us ...string) {
		for _, u := range us {
			if u != "" && !slices.Contains(people, u) && !c.Implicated(u) {
				people = append(people, u)
			}
		}
	}
	for _, u := range c.Route.Coordinators {
		if cfg.configured(u) {
			add(u)
		}
	}
	if !c.Route.Escalated {
		if r, err := RouteFor(RouteQuery{Category: c.Category, Unit: c.Unit}, cfg); err == nil {
			add(r.Coordinators...)
		}
	}
	if c.ReachedEscalation() {
		unit, _ := cfg.Unit(c.Unit)
		add(unit.Escalation...)
	}
	if c.ReachedIndependent() && cfg.Independent != nil {
		add(cfg.Independent.Coordinators...)
	}
	add(c.Assignee)
	return people
}

// MayHandle reports whether user may act on the case and read its details.
func (cfg *Config) MayHandle(c Case, user string) bool {
	return slices.Contains(cfg.Handlers(c), user)
}

// UnitsServed lists the units whose cases may reach user: as one of the
// unit's coordinators or escalation people, as a coordinator of a route
// rule that covers the unit, or, for the independent function, every unit.
func (cfg *Config) UnitsServed(user string) []string {
	independent := cfg.Independent != nil && slices.Contains(cfg.Independent.Coordinators, user)
	var units []string
	for _, u := range cfg.Units {
		serves := independent || slices.Contains(u.Coordinators, user) || slices.Contains(u.Escalation, user)
		for _, r := range cfg.Routes {
			if serves {
				break
			}
			serves = slices.Contains(r.Coordinators, user) && r.Covers(u.ID)
		}
		if serves {
			units = append(units, u.ID)
		}
	}
	return units
}

// configured reports whether the configuration names user as someone who
// receives cases anywhere: someone who has left is taken out of the file
// and so loses access to the cases routed to them.
func (cfg *Config) configured(user string) bool {
	for _, u := range cfg.Units {
		if slices.Contains(u.Coordinators, user) || slices.Contains(u.Escalation, user) {
			return true
		}
	}
	for _, r := range cfg.Routes {
		if slices.Contains(r.Coordinators, user) {
			return true
		}
	}
	return cfg.Independent != nil && slices.Contains(cfg.Independent.Coordinators, user)
}

// MayReadBreach reports whether user may read the case's breach record as
// a data protection officer: a personal data breach, not one that reached
// the independent function (the whistleblowing act keeps those with the
// function), and a user the configuration names as DPO who is not
// implicated in it.
func (cfg *Config) MayReadBreach(c Case, user string) bool {
	return c.HasRegime(GDPRBreach) && !c.ReachedIndependent() && slices.Contains(cfg.DPO, user) && !c.Implicated(user)
}
