package bot

import "slices"

// EscalationReason says why a case went past its usual route.
type EscalationReason string

// Reasons a case is routed past its usual recipients.
const (
	// ReasonReporterChose: the reporter chose the independent function.
	ReasonReporterChose EscalationReason = "reporter_chose"
	// ReasonReportingLine: the reporter ticked that their reporting line is involved.
	ReasonReportingLine EscalationReason = "reporting_line"
	// ReasonCoordinatorInvolved: a person picked as involved would receive the case.
	ReasonCoordinatorInvolved EscalationReason = "coordinator_involved"
	// ReasonChannelMemberInvolved: a person picked as involved is in the route's channel.
	ReasonChannelMemberInvolved EscalationReason = "channel_member_involved"
	// ReasonEscalationInvolved: the route's recipients and the unit's
	// escalation people are involved, both levels of the line.
	ReasonEscalationInvolved EscalationReason = "escalation_involved"
)

// Route is where a case goes: a channel, or people by direct message.
type Route struct {
	Coordinators []string `json:"coordinators"`
	Channel      string   `json:"channel,omitempty"`
	// Escalated is set when the case went past its usual route: to the
	// unit's escalation people, or to the independent function.
	Escalated bool `json:"escalated,omitempty"`
	// Independent is set when it went to the independent function.
	Independent bool             `json:"independent,omitempty"`
	Reason      EscalationReason `json:"reason,omitempty"`
	// Excluded are people kept out of the case: those involved, and when
	// the reporter's line is bypassed, the line.
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
	Category Category
	Unit     string
	Involved []string
	// ReportingLineInvolved is the reporter's tick: someone in their own
	// reporting line is involved.
	ReportingLineInvolved bool
	// ChooseIndependent is the reporter's choice to send the report to the
	// independent function instead.
	ChooseIndependent bool
	// ChannelHolds reports whether any of people is a member of channel;
	// nil means no channel is known to hold anyone.
	ChannelHolds func(channel string, people []string) bool
}

// RouteFor decides where a case goes, in the order the contract gives:
//
//  1. The reporter's choice of the independent function, or their tick
//     that their own reporting line is involved, sends it to the
//     independent function, and keeps the unit's line (coordinators,
//     escalation people, managers) out of it; where no independent
//     function is configured, the tick sends it to the unit's escalation
//     people who are not involved.
//  2. A person picked as involved on the usual route – a coordinator, or
//     a member of its channel – sends it to the unit's escalation people
//     who are not involved; when there are none, to the independent
//     function.
//  3. Otherwise it takes its usual route: the first matching route rule,
//     else the unit's coordinators and channel.
//
// No involved person is ever a recipient, and a channel that holds one is
// never used. A Route that is not Reachable means that no one independent
// can receive the case: the reporter must be told before sending.
func RouteFor(q RouteQuery, cfg *Config) (Route, error) {
	unit, ok := cfg.Unit(q.Unit)
	if !ok {
		return Route{}, ErrNotFound
	}
	usual := Route{Coordinators: slices.Clone(unit.Coordinators), Channel: unit.Channel}
	for _, rule := range cfg.Routes {
		if rule.Matches(q.Category, q.Unit) {
			usual = Route{Coordinators: slices.Clone(rule.Coordinators), Channel: rule.Channel}
			break
		}
	}
	involved := func(u string) bool { return slices.Contains(q.Involved, u) }
	channelHolds := func(ch string, people []string) bool {
		return ch != "" && len(people) > 0 && q.ChannelHolds != nil && q.ChannelHolds(ch, people)
	}
	excluded := func(lists ...[]string) []string {
		var out []string
		for _, l := range lists {
			for _, u := range l {
				if !slices.Contains(out, u) {
					out = append(out, u)
				}
			}
		}
		return out
	}
	involvedOf := func(us []string) []string {
		return slices.DeleteFunc(slices.Clone(us), func(u string) bool { return !involved(u) })
	}

	if q.ChooseIndependent || q.ReportingLineInvolved {
		reason := ReasonReportingLine
		if q.ChooseIndependent {
			reason = ReasonReporterChose
		}
		if cfg.Independent != nil {
			line := excluded(unit.Coordinators, unit.Escalation, unit.Managers)
			return independentRoute(cfg.Independent, reason, excluded(line, q.Involved), channelHolds), nil
		}
		return escalationRoute(unit, reason, excluded(involvedOf(usual.Coordinators), involvedOf(unit.Escalation)), involved), nil
	}
	var reason EscalationReason
	switch {
	case slices.ContainsFunc(usual.Coordinators, involved):
		reason = ReasonCoordinatorInvolved
	case channelHolds(usual.Channel, q.Involved):
		reason = ReasonChannelMemberInvolved
	default:
		return usual, nil
	}
	out := excluded(involvedOf(usual.Coordinators), involvedOf(unit.Escalation))
	if r := escalationRoute(unit, reason, out, involved); r.Reachable() {
		return r, nil
	}
	if len(involvedOf(unit.Escalation)) > 0 {
		reason = ReasonEscalationInvolved
	}
	if cfg.Independent == nil {
		return Route{Escalated: true, Reason: reason, Excluded: out}, nil
	}
	return independentRoute(cfg.Independent, reason, excluded(out, q.Involved), channelHolds), nil
}

// escalationRoute sends the case to the unit's escalation people who are
// not involved, by direct message.
func escalationRoute(unit Unit, reason EscalationReason, excluded []string, involved func(string) bool) Route {
	r := Route{Escalated: true, Reason: reason, Excluded: excluded}
	for _, u := range unit.Escalation {
		if !involved(u) && !slices.Contains(excluded, u) {
			r.Coordinators = append(r.Coordinators, u)
		}
	}
	return r
}

// independentRoute sends the case to the independent function's
// coordinators who are not excluded: through its channel when the
// function has one and it holds no one excluded, else by direct message.
func independentRoute(f *Function, reason EscalationReason, excluded []string, channelHolds func(string, []string) bool) Route {
	r := Route{Escalated: true, Independent: true, Reason: reason, Excluded: excluded}
	kept := false
	for _, u := range f.Coordinators {
		if slices.Contains(excluded, u) {
			kept = true
			continue
		}
		r.Coordinators = append(r.Coordinators, u)
	}
	if f.Channel != "" && !kept && !channelHolds(f.Channel, excluded) && len(r.Coordinators) > 0 {
		r.Channel = f.Channel
	}
	return r
}

// EscalationRoute is where a case escalated to (EscalateToLine or
// EscalateToIndependent) goes: the unit's escalation people, or the
// independent function, past everyone implicated in the case. It is not
// Reachable when no one there may have it.
func EscalationRoute(c Case, to string, cfg *Config, channelHolds func(string, []string) bool) Route {
	out := slices.Concat(c.Involved, c.Route.Excluded)
	implicated := func(u string) bool { return slices.Contains(out, u) }
	switch to {
	case EscalateToLine:
		unit, _ := cfg.Unit(c.Unit)
		return escalationRoute(unit, c.Route.Reason, out, implicated)
	case EscalateToIndependent:
		if cfg.Independent != nil {
			if channelHolds == nil {
				channelHolds = func(string, []string) bool { return false }
			}
			return independentRoute(cfg.Independent, c.Route.Reason, out, channelHolds)
		}
	}
	return Route{}
}
