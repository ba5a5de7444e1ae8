package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
	"go.yaml.in/yaml/v3"
)

var routeKeys = []string{"category", "units", "coordinators", "channel"}

// routes reads the route rules. ids holds every unit id the file names.
func (p *parser) routes(f field, units []bot.Unit, ids map[string]bool) []bot.RouteRule {
	items, _ := p.list(f, "[{category: ..., coordinators: [...]}]")
	var rules, clean []bot.RouteRule
	var lines []int
	for _, it := range items {
		before := len(p.problems)
		r, ok := p.route(it, ids)
		if !ok {
			continue
		}
		rules = append(rules, r)
		// Only rules without problems are checked for being shadowed, so
		// that a mistake is not reported twice.
		if len(p.problems) == before {
			if earlier := shadowedBy(r, clean, lines, units); earlier != nil {
				which := "the route at line %s already matches"
				if len(earlier) > 1 {
					which = "the routes at lines %s already match"
				}
				p.warnf(it, "this route never matches: "+which+" every case it would", joinInts(earlier))
			}
			clean = append(clean, r)
			lines = append(lines, it.Line)
		}
	}
	return rules
}

// route reads one rule; ok is false when it is not even a mapping.
func (p *parser) route(n *yaml.Node, ids map[string]bool) (bot.RouteRule, bool) {
	fields, ok := p.mapping(n, "a route", routeKeys)
	if !ok {
		return bot.RouteRule{}, false
	}
	n = deref(n)
	var r bot.RouteRule
	cat, ok := p.scalar(fields["category"])
	r.Category = bot.Category(cat)
	switch {
	case !ok:
	case cat == "":
		p.errorf(at(n, fields["category"]), `route: category is required (a category id, or "*" for every category)`)
	case cat != bot.Wildcard && !r.Category.Valid():
		p.errorf(fields["category"].val, `route: unknown category %q; use one of %s, or "*"`, cat, categoryList())
	}
	r.Units = p.routeUnits(fields["units"], ids)
	r.Coordinators = p.users(fields["coordinators"])
	if emptyList(fields["coordinators"]) {
		p.errorf(at(n, fields["coordinators"]), "route: coordinators must list at least one Slack user id")
	}
	r.Channel = p.channel(fields["channel"])
	return r, true
}

// routeUnits reads a rule's units: unit ids, or "*" alone for every unit.
func (p *parser) routeUnits(f field, ids map[string]bool) []string {
	if f.key == nil {
		return nil
	}
	items, ok := p.list(f, `["*"] or [unit-id, ...]`)
	if !ok {
		return nil
	}
	// The domain treats no units as every unit; someone writing an empty
	// list more likely meant none, so it is not allowed to mean all.
	if len(items) == 0 {
		p.errorf(f.key, `route: units is empty; leave it out or write ["*"] to match every unit`)
		return nil
	}
	var units []string
	first := make(map[string]int)
	for _, it := range items {
		switch line, dup := first[it.Value]; {
		case it.Kind != yaml.ScalarNode:
			p.errorf(it, "route units: each entry must be a unit id, not %s", describe(it))
		case it.Value == bot.Wildcard && len(items) > 1:
			p.errorf(it, `route units: "*" matches every unit; list either "*" alone or unit ids`)
		case it.Value != bot.Wildcard && !ids[it.Value]:
			p.errorf(it, "route units: no unit has the id %q", it.Value)
		case dup:
			p.errorf(it, "route units: %s is listed twice (first at line %d)", it.Value, line)
		default:
			first[it.Value] = it.Line
			units = append(units, it.Value)
		}
	}
	return units
}

// shadowedBy returns the lines of the earlier rules that together match
// every category and unit r would, or nil when r can still match. Rules
// are first-match-wins, so such an r never takes effect.
func shadowedBy(r bot.RouteRule, earlier []bot.RouteRule, lines []int, units []bot.Unit) []int {
	cats := []bot.Category{r.Category}
	if r.Category == bot.Wildcard {
		cats = nil
		for _, c := range bot.Categories {
			cats = append(cats, c.ID)
		}
	}
	ids := r.Units
	if len(ids) == 0 || slices.Contains(ids, bot.Wildcard) {
		ids = nil
		for _, u := range units {
			ids = append(ids, u.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var by []int
	for _, c := range cats {
		for _, u := range ids {
			i := slices.IndexFunc(earlier, func(e bot.RouteRule) bool { return e.Matches(c, u) })
			if i < 0 {
				return nil
			}
			if !slices.Contains(by, lines[i]) {
				by = append(by, lines[i])
			}
		}
	}
	slices.Sort(by)
	return by
}

// matches mirrors bot's own, unexported rule matching.

func categoryList() string {
	ids := make([]string, len(bot.Categories))
	for i, c := range bot.Categories {
		ids[i] = string(c.ID)
	}
	return strings.Join(ids, ", ")
}

// joinInts formats line numbers as "3", "3 and 9" or "3, 9 and 14".
func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
