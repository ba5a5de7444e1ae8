package bot_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

func TestRouteFor(t *testing.T) {
	cfg := domaintest.Config()
	tests := []struct {
		name string
		q    bot.RouteQuery
		want bot.Route
	}{
		{"unit channel and coordinators by default",
			bot.RouteQuery{Category: bot.PersonalData, Unit: "jobbtorg"},
			bot.Route{Coordinators: []string{"UCOORD1", "UCOORD2"}, Channel: "CCASES1"}},
		{"unit without channel",
			bot.RouteQuery{Category: bot.Other, Unit: "lss-home"},
			bot.Route{Coordinators: []string{"UCOORD3"}}},
		{"wildcard route rule matches every unit",
			bot.RouteQuery{Category: bot.ThreatViolence, Unit: "lss-home"},
			bot.Route{Coordinators: []string{"USEC1"}, Channel: "CSECURITY"}},
		{"first matching rule wins",
			bot.RouteQuery{Category: bot.Confidentiality, Unit: "jobbtorg"},
			bot.Route{Coordinators: []string{"UHR1"}}},
		{"rule without units matches all units",
			bot.RouteQuery{Category: bot.Confidentiality, Unit: "lss-home"},
			bot.Route{Coordinators: []string{"UNEVER"}}},
		{"reporting line involved goes to escalation by DM",
			bot.RouteQuery{Category: bot.Harassment, Unit: "jobbtorg", ReportingLineInvolved: true},
			bot.Route{Coordinators: []string{"UHEAD1", "UHEAD2"}, Escalated: true, Reason: bot.ReasonReportingLine}},
		{"involved coordinator is bypassed and excluded",
			bot.RouteQuery{Category: bot.Harassment, Unit: "jobbtorg", Involved: []string{"UCOORD2"}},
			bot.Route{Coordinators: []string{"UHEAD1", "UHEAD2"}, Escalated: true, Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"UCOORD2"}}},
		{"involved escalation person is excluded too",
			bot.RouteQuery{Category: bot.Harassment, Unit: "jobbtorg", Involved: []string{"UCOORD1", "UHEAD1"}},
			bot.Route{Coordinators: []string{"UHEAD2"}, Escalated: true, Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"UHEAD1", "UCOORD1"}}},
		{"involved person who is not on the route changes nothing",
			bot.RouteQuery{Category: bot.Harassment, Unit: "jobbtorg", Involved: []string{"USOMEONE"}},
			bot.Route{Coordinators: []string{"UCOORD1", "UCOORD2"}, Channel: "CCASES1"}},
		{"involved member of the route's channel escalates",
			bot.RouteQuery{Category: bot.Harassment, Unit: "jobbtorg", Involved: []string{"USOMEONE"},
				ChannelHasInvolved: func(ch string) bool { return ch == "CCASES1" }},
			bot.Route{Coordinators: []string{"UHEAD1", "UHEAD2"}, Escalated: true, Reason: bot.ReasonChannelMemberInvolved}},
		{"route rule coordinator involved escalates to the unit's escalation",
			bot.RouteQuery{Category: bot.ThreatViolence, Unit: "jobbtorg", Involved: []string{"USEC1"}},
			bot.Route{Coordinators: []string{"UHEAD1", "UHEAD2"}, Escalated: true, Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"USEC1"}}},
		{"no escalation configured falls back to uninvolved coordinators by DM",
			bot.RouteQuery{Category: bot.Other, Unit: "no-escalation", Involved: []string{"UCOORD4"}},
			bot.Route{Coordinators: []string{"UCOORD5"}, Escalated: true, Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"UCOORD4"}}},
		{"everyone involved leaves no one",
			bot.RouteQuery{Category: bot.Other, Unit: "lss-home", Involved: []string{"UCOORD3"}},
			bot.Route{Escalated: true, Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"UCOORD3"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := bot.RouteFor(tt.q, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, tt.want, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("RouteFor (-got +want):\n%s", diff)
			}
			for _, u := range tt.q.Involved {
				for _, tg := range got.Targets() {
					if tg.User == u {
						t.Errorf("involved %s is a target", u)
					}
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
