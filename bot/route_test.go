package bot

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestRouteFor(t *testing.T) {
	cfg := testConfig()
	tests := []struct {
		name string
		q    RouteQuery
		want Route
	}{
		{"unit channel and coordinators by default",
			RouteQuery{Category: PersonalData, Unit: "jobbtorg"},
			Route{Coordinators: []string{"UCOORD1", "UCOORD2"}, Channel: "CCASES1"}},
		{"unit without channel",
			RouteQuery{Category: Other, Unit: "lss-home"},
			Route{Coordinators: []string{"UCOORD3"}}},
		{"wildcard route rule matches every unit",
			RouteQuery{Category: ThreatViolence, Unit: "lss-home"},
			Route{Coordinators: []string{"USEC1"}, Channel: "CSECURITY"}},
		{"first matching rule wins",
			RouteQuery{Category: Confidentiality, Unit: "jobbtorg"},
			Route{Coordinators: []string{"UHR1"}}},
		{"rule without units matches all units",
			RouteQuery{Category: Confidentiality, Unit: "lss-home"},
			Route{Coordinators: []string{"UNEVER"}}},
		{"reporting line involved goes to escalation by DM",
			RouteQuery{Category: Harassment, Unit: "jobbtorg", ReportingLineInvolved: true},
			Route{Coordinators: []string{"UHEAD1", "UHEAD2"}, Escalated: true, Reason: ReasonReportingLine}},
		{"involved coordinator is bypassed and excluded",
			RouteQuery{Category: Harassment, Unit: "jobbtorg", Involved: []string{"UCOORD2"}},
			Route{Coordinators: []string{"UHEAD1", "UHEAD2"}, Escalated: true, Reason: ReasonCoordinatorInvolved, Excluded: []string{"UCOORD2"}}},
		{"involved escalation person is excluded too",
			RouteQuery{Category: Harassment, Unit: "jobbtorg", Involved: []string{"UCOORD1", "UHEAD1"}},
			Route{Coordinators: []string{"UHEAD2"}, Escalated: true, Reason: ReasonCoordinatorInvolved, Excluded: []string{"UHEAD1", "UCOORD1"}}},
		{"involved person who is not on the route changes nothing",
			RouteQuery{Category: Harassment, Unit: "jobbtorg", Involved: []string{"USOMEONE"}},
			Route{Coordinators: []string{"UCOORD1", "UCOORD2"}, Channel: "CCASES1"}},
		{"involved member of the route's channel escalates",
			RouteQuery{Category: Harassment, Unit: "jobbtorg", Involved: []string{"USOMEONE"},
				ChannelHasInvolved: func(ch string) bool { return ch == "CCASES1" }},
			Route{Coordinators: []string{"UHEAD1", "UHEAD2"}, Escalated: true, Reason: ReasonChannelMemberInvolved}},
		{"route rule coordinator involved escalates to the unit's escalation",
			RouteQuery{Category: ThreatViolence, Unit: "jobbtorg", Involved: []string{"USEC1"}},
			Route{Coordinators: []string{"UHEAD1", "UHEAD2"}, Escalated: true, Reason: ReasonCoordinatorInvolved, Excluded: []string{"USEC1"}}},
		{"no escalation configured falls back to uninvolved coordinators by DM",
			RouteQuery{Category: Other, Unit: "no-escalation", Involved: []string{"UCOORD4"}},
			Route{Coordinators: []string{"UCOORD5"}, Escalated: true, Reason: ReasonCoordinatorInvolved, Excluded: []string{"UCOORD4"}}},
		{"everyone involved leaves no one",
			RouteQuery{Category: Other, Unit: "lss-home", Involved: []string{"UCOORD3"}},
			Route{Escalated: true, Reason: ReasonCoordinatorInvolved, Excluded: []string{"UCOORD3"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := RouteFor(tt.q, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("RouteFor (-want +got):\n%s", diff)
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
	_, err := RouteFor(RouteQuery{Category: Other, Unit: "gone"}, testConfig())
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestRouteTargets(t *testing.T) {
	if got := (Route{Coordinators: []string{"UA"}, Channel: "CX"}).Targets(); !cmp.Equal(got, []Target{{Channel: "CX"}}) {
		t.Errorf("channel route targets = %v", got)
	}
	if got := (Route{Coordinators: []string{"UA", "UB"}}).Targets(); !cmp.Equal(got, []Target{{User: "UA"}, {User: "UB"}}) {
		t.Errorf("DM route targets = %v", got)
	}
	if (Route{}).Reachable() {
		t.Error("empty route is reachable")
	}
}
