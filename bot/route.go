package bot

import "slices"

// EscalationReason says why a case went past its usual route.
type EscalationReason string

// Reasons a case is routed to the escalation people instead.
const (
	// ReasonReportingLine: the reporter ticked that their reporting line is involved.
	ReasonReportingLine EscalationReason = "reporting_line"
	// ReasonCoordinatorInvolved: a person picked as involved would receive the case.
	ReasonCoordinatorInvolved EscalationReason = "coordinator_involved"
	// ReasonChannelMemberInvolved: a person picked as involved is in the route's channel.
	ReasonChannelMemberInvolved EscalationReason = "channel_member_involved"
)

// Route is where a case goes: a channel, or people by direct message.
type Route struct {
	Coordinators []string         `json:"coordinators"`
	Channel      string           `json:"channel,omitempty"`
	Escalated    bool             `json:"escalated,omitempty"`
	Reason       EscalationReason `json:"reason,omitempty"`
	// Excluded are people kept out of the case because they are implicated.
	Excluded []string `json:"excluded,omitempty"`
}

// Target is one place a case card is posted: a channel, or a user's DM.
type Target struct {
	Channel string
	User    string
}

// Targets lists where the case card goes: the channel when the route has
// one, else each coordinator by direct message.
func (r Route) Targets() []Target {
	if r.Channel != "" {
		return []Target{{Channel: r.Channel}}
	}
	ts := make([]Target, 0, len(r.Coordinators))
	for _, u := range r.Coordinators {
		ts = append(ts, Target{User: u})
	}
	return ts
}

// Reachable reports whether anyone will receive the case.
func (r Route) Reachable() bool { return r.Channel != "" || len(r.Coordinators) > 0 }

// RouteQuery is what routing needs to know about a case.
type RouteQuery struct {
	Category              Category
	Unit                  string
	Involved              []string
	ReportingLineInvolved bool
	// ChannelHasInvolved reports whether a channel has an involved person
	// among its members; nil means no channel is known to.
	ChannelHasInvolved func(channel string) bool
}

// RouteFor decides where a case goes: the first matching route rule, else
// the unit's coordinators and channel. When an involved person would be
// reached, or the reporter's own reporting line is involved, the case goes
// to the unit's escalation people by direct message instead, and never to
// anyone involved. When the unit has no escalation people left, the route's
// own coordinators who are not involved get it by direct message.
func RouteFor(q RouteQuery, cfg *Config) (Route, error) {
	unit, ok := cfg.Unit(q.Unit)
	if !ok {
		return Route{}, ErrNotFound
	}
	r := Route{Coordinators: unit.Coordinators, Channel: unit.Channel}
	for _, rule := range cfg.Routes {
		if rule.Matches(q.Category, q.Unit) {
			r = Route{Coordinators: rule.Coordinators, Channel: rule.Channel}
			break
		}
	}
	r.Coordinators = slices.Clone(r.Coordinators)

	involved := func(u string) bool { return slices.Contains(q.Involved, u) }
	switch {
	case q.ReportingLineInvolved:
		r.Reason = ReasonReportingLine
	case slices.ContainsFunc(r.Coordinators, involved):
		r.Reason = ReasonCoordinatorInvolved
	case r.Channel != "" && q.ChannelHasInvolved != nil && q.ChannelHasInvolved(r.Channel):
		r.Reason = ReasonChannelMemberInvolved
	default:
		return r, nil
	}
	esc := Route{Escalated: true, Reason: r.Reason}
	for _, u := range unit.Escalation {
		if involved(u) {
			esc.Excluded = append(esc.Excluded, u)
			continue
		}
		esc.Coordinators = append(esc.Coordinators, u)
	}
	for _, u := range r.Coordinators {
		if involved(u) && !slices.Contains(esc.Excluded, u) {
			esc.Excluded = append(esc.Excluded, u)
		}
	}
	if len(esc.Coordinators) == 0 {
		// No one above the route is configured: fall back to the route's
		// own coordinators who are not involved, by DM and never through
		// the channel, which may hold the involved people.
		for _, u := range r.Coordinators {
			if !involved(u) {
				esc.Coordinators = append(esc.Coordinators, u)
			}
		}
	}
	return esc, nil
}
