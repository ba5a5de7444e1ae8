package bot_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

func TestRouteFor(t *testing.T) {
	cfg := domaintest.Config()
	noIndependent := domaintest.Config()
	noIndependent.Independent = nil
	independent := []string{"UIND1", "UIND2"}
	inChannel := func(channel string, members ...string) func(string, []string) bool {
		return func(ch string, people []string) bool {
			return ch == channel && slices.ContainsFunc(people, func(u string) bool { return slices.Contains(members, u) })
		}
	}
	tests := []struct {
		name string
		cfg  *bot.Config
		q    bot.RouteQuery
		want bot.Route
	}{
		{"unit channel and coordinators by default", cfg,
			bot.RouteQuery{Category: bot.PersonalData, Unit: "jobbtorg"},
			bot.Route{Coordinators: []string{"UCOORD1", "UCOORD2"}, Channel: "CCASES1"}},
		{"unit without channel", cfg,
			bot.RouteQuery{Category: bot.Other, Unit: "lss-home"},
			bot.Route{Coordinators: []string{"UCOORD3"}}},
		{"wildcard route rule matches every unit", cfg,
			bot.RouteQuery{Category: bot.ThreatViolence, Unit: "lss-home"},
			bot.Route{Coordinators: []string{"USEC1"}, Channel: "CSECURITY"}},
		{"first matching rule wins", cfg,
			bot.RouteQuery{Category: bot.Confidentiality, Unit: "jobbtorg"},
			bot.Route{Coordinators: []string{"UHR1"}}},
		{"rule without units matches all units", cfg,
			bot.RouteQuery{Category: bot.Confidentiality, Unit: "lss-home"},
			bot.Route{Coordinators: []string{"UNEVER"}}},
		{"involved person who is not on the route changes nothing", cfg,
			bot.RouteQuery{Category: bot.Harassment, Unit: "jobbtorg", Involved: []string{"USOMEONE"}},
			bot.Route{Coordinators: []string{"UCOORD1", "UCOORD2"}, Channel: "CCASES1"}},

		// The seed case: the unit's coordinator (and manager) leaked, her
		// superior is the unit's escalation person.
		{"seed: the leaking manager picked goes to her superior", cfg,
			bot.RouteQuery{Category: bot.Confidentiality, Unit: "frivarden", Involved: []string{"ULEAKER"}},
			bot.Route{Coordinators: []string{"USUPER"}, Escalated: true, Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"ULEAKER"}}},
		{"seed: the reporting line ticked goes to the independent function, past the whole line", cfg,
			bot.RouteQuery{Category: bot.Confidentiality, Unit: "frivarden", ReportingLineInvolved: true},
			bot.Route{Coordinators: independent, Channel: "CINDEPENDENT", Escalated: true, Independent: true,
				Reason: bot.ReasonReportingLine, Excluded: []string{"ULEAKER", "USUPER"}}},
		{"seed: both levels picked go to the independent function", cfg,
			bot.RouteQuery{Category: bot.Confidentiality, Unit: "frivarden", Involved: []string{"ULEAKER", "USUPER"}},
			bot.Route{Coordinators: independent, Channel: "CINDEPENDENT", Escalated: true, Independent: true,
				Reason: bot.ReasonEscalationInvolved, Excluded: []string{"ULEAKER", "USUPER"}}},
		{"seed: both levels picked and the tick box", cfg,
			bot.RouteQuery{Category: bot.Confidentiality, Unit: "frivarden", Involved: []string{"ULEAKER", "USUPER"}, ReportingLineInvolved: true},
			bot.Route{Coordinators: independent, Channel: "CINDEPENDENT", Escalated: true, Independent: true,
				Reason: bot.ReasonReportingLine, Excluded: []string{"ULEAKER", "USUPER"}}},
		{"seed: both levels picked and no independent function reaches no one", noIndependent,
			bot.RouteQuery{Category: bot.Confidentiality, Unit: "frivarden", Involved: []string{"ULEAKER", "USUPER"}},
			bot.Route{Escalated: true, Reason: bot.ReasonEscalationInvolved, Excluded: []string{"ULEAKER", "USUPER"}}},

		{"the reporter's choice goes to the independent function", cfg,
			bot.RouteQuery{Category: bot.Other, Unit: "jobbtorg", ChooseIndependent: true},
			bot.Route{Coordinators: independent, Channel: "CINDEPENDENT", Escalated: true, Independent: true,
				Reason: bot.ReasonReporterChose, Excluded: []string{"UCOORD1", "UCOORD2", "UHEAD1", "UHEAD2", "UMGR1"}}},
		{"the tick box with a route rule does not go back into the line", cfg,
			bot.RouteQuery{Category: bot.Confidentiality, Unit: "jobbtorg", ReportingLineInvolved: true},
			bot.Route{Coordinators: independent, Channel: "CINDEPENDENT", Escalated: true, Independent: true,
				Reason: bot.ReasonReportingLine, Excluded: []string{"UCOORD1", "UCOORD2", "UHEAD1", "UHEAD2", "UMGR1"}}},
		{"the tick box without an independent function goes to escalation by DM", noIndependent,
			bot.RouteQuery{Category: bot.Harassment, Unit: "jobbtorg", ReportingLineInvolved: true},
			bot.Route{Coordinators: []string{"UHEAD1", "UHEAD2"}, Escalated: true, Reason: bot.ReasonReportingLine}},
		{"the tick box without either reaches no one", noIndependent,
			bot.RouteQuery{Category: bot.Other, Unit: "lss-home", ReportingLineInvolved: true},
			bot.Route{Escalated: true, Reason: bot.ReasonReportingLine}},
		{"involved coordinator is bypassed and excluded", cfg,
			bot.RouteQuery{Category: bot.Harassment, Unit: "jobbtorg", Involved: []string{"UCOORD2"}},
			bot.Route{Coordinators: []string{"UHEAD1", "UHEAD2"}, Escalated: true, Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"UCOORD2"}}},
		{"involved escalation person is excluded too", cfg,
			bot.RouteQuery{Category: bot.Harassment, Unit: "jobbtorg", Involved: []string{"UCOORD1", "UHEAD1"}},
			bot.Route{Coordinators: []string{"UHEAD2"}, Escalated: true, Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"UCOORD1", "UHEAD1"}}},
		{"involved member of the route's channel escalates", cfg,
			bot.RouteQuery{Category: bot.Harassment, Unit: "jobbtorg", Involved: []string{"USOMEONE"}, ChannelHolds: inChannel("CCASES1", "USOMEONE")},
			bot.Route{Coordinators: []string{"UHEAD1", "UHEAD2"}, Escalated: true, Reason: bot.ReasonChannelMemberInvolved}},
		{"route rule plus an implicated coordinator goes to the unit's escalation", cfg,
			bot.RouteQuery{Category: bot.Confidentiality, Unit: "jobbtorg", Involved: []string{"UHR1"}},
			bot.Route{Coordinators: []string{"UHEAD1", "UHEAD2"}, Escalated: true, Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"UHR1"}}},
		{"no escalation configured goes to the independent function", cfg,
			bot.RouteQuery{Category: bot.Other, Unit: "no-escalation", Involved: []string{"UCOORD4"}},
			bot.Route{Coordinators: independent, Channel: "CINDEPENDENT", Escalated: true, Independent: true,
				Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"UCOORD4"}}},
		{"no escalation and no independent function reaches no one", noIndependent,
			bot.RouteQuery{Category: bot.Other, Unit: "lss-home", Involved: []string{"UCOORD3"}},
			bot.Route{Escalated: true, Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"UCOORD3"}}},
		{"an involved coordinator of the independent function is left out, and its channel too", cfg,
			bot.RouteQuery{Category: bot.Other, Unit: "lss-home", Involved: []string{"UCOORD3", "UIND1"}},
			bot.Route{Coordinators: []string{"UIND2"}, Escalated: true, Independent: true,
				Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"UCOORD3", "UIND1"}}},
		{"the independent channel holding someone of the line is not used", cfg,
			bot.RouteQuery{Category: bot.Other, Unit: "jobbtorg", ReportingLineInvolved: true, ChannelHolds: inChannel("CINDEPENDENT", "UHEAD2")},
			bot.Route{Coordinators: independent, Escalated: true, Independent: true,
				Reason: bot.ReasonReportingLine, Excluded: []string{"UCOORD1", "UCOORD2", "UHEAD1", "UHEAD2", "UMGR1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := bot.RouteFor(tt.q, tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, tt.want, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("RouteFor (-got +want):\n%s", diff)
			}
			for _, u := range append(slices.Clone(tt.q.Involved), got.Excluded...) {
				if slices.Contains(got.Coordinators, u) {
					t.Errorf("%s, involved or excluded, is a recipient", u)
				}
			}
		})
	}
}

func TestRouteForUnknownUnit(t *testing.T) {
	_, err := bot.RouteFor(bot.RouteQuery{Category: bot.Other, Unit: "gone"}, domaintest.Config())
	if !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestRouteTargets(t *testing.T) {
	if got := (bot.Route{Coordinators: []string{"UA"}, Channel: "CX"}).Targets(); !cmp.Equal(got, []bot.Target{{Channel: "CX"}}) {
		t.Errorf("channel route targets = %v", got)
	}
	if got := (bot.Route{Coordinators: []string{"UA", "UB"}}).Targets(); !cmp.Equal(got, []bot.Target{{User: "UA"}, {User: "UB"}}) {
		t.Errorf("DM route targets = %v", got)
	}
	if (bot.Route{}).Reachable() {
		t.Error("empty route is reachable")
	}
}
