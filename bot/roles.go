package bot

import "slices"

// Handlers lists who may act on a case and read its details: the route's
// coordinators (as the configuration now stands), the unit's escalation
// people and the assignee – never anyone implicated. An escalated route
// keeps the unit's usual coordinators out: they may be the reason.
func (cfg *Config) Handlers(c Case) []string {
	var people []string
	add := func(us ...string) {
		for _, u := range us {
			if u != "" && !slices.Contains(people, u) && !c.Implicated(u) {
				people = append(people, u)
			}
		}
	}
	unit, _ := cfg.Unit(c.Unit)
	if c.Route.Escalated {
		add(c.Route.Coordinators...)
	} else if r, err := RouteFor(RouteQuery{Category: c.Category, Unit: c.Unit}, cfg); err == nil {
		add(r.Coordinators...)
	}
	add(unit.Escalation...)
	add(c.Assignee)
	return people
}

// MayHandle reports whether user may act on the case and read its details.
func (cfg *Config) MayHandle(c Case, user string) bool {
	return slices.Contains(cfg.Handlers(c), user)
}
