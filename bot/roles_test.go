package bot_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

func TestHandlers(t *testing.T) {
	cfg := domaintest.Config()
	tests := []struct {
		name string
		c    bot.Case
		want []string
	}{
		{"the unit's coordinators, not its escalation people by default",
			bot.Case{Category: bot.Other, Unit: "jobbtorg"}, []string{"UCOORD1", "UCOORD2"}},
		{"a route rule's coordinators instead of the unit's",
			bot.Case{Category: bot.ThreatViolence, Unit: "jobbtorg"}, []string{"USEC1"}},
		{"a route rule to HR keeps the unit's escalation people out",
			bot.Case{Category: bot.Confidentiality, Unit: "jobbtorg", Route: bot.Route{Coordinators: []string{"UHR1"}}}, []string{"UHR1"}},
		{"routed to the escalation people, they handle it and the usual coordinators do not",
			bot.Case{Category: bot.Other, Unit: "jobbtorg", Route: bot.Route{Escalated: true, Coordinators: []string{"UHEAD1", "UHEAD2"}}},
			[]string{"UHEAD1", "UHEAD2"}},
		{"escalated to them, the escalation people join the coordinators",
			bot.Case{Category: bot.Other, Unit: "jobbtorg", Route: bot.Route{Coordinators: []string{"UCOORD1", "UCOORD2"}}, EscalatedTo: []string{bot.EscalateToLine}},
			[]string{"UCOORD1", "UCOORD2", "UHEAD1", "UHEAD2"}},
		{"escalated to the independent function, it joins and the line does not",
			bot.Case{Category: bot.Other, Unit: "jobbtorg", Route: bot.Route{Coordinators: []string{"UCOORD1", "UCOORD2"}}, EscalatedTo: []string{bot.EscalateToIndependent}},
			[]string{"UCOORD1", "UCOORD2", "UIND1", "UIND2"}},
		{"routed to the independent function, only it",
			bot.Case{Category: bot.Confidentiality, Unit: "frivarden", Route: bot.Route{Escalated: true, Independent: true,
				Coordinators: []string{"UIND1", "UIND2"}, Excluded: []string{"ULEAKER", "USUPER"}}},
			[]string{"UIND1", "UIND2"}},
		{"the assignee joins",
			bot.Case{Category: bot.Other, Unit: "lss-home", Assignee: "UINVESTIGATOR"}, []string{"UCOORD3", "UINVESTIGATOR"}},
		{"implicated people never",
			bot.Case{Category: bot.Other, Unit: "jobbtorg", Involved: []string{"UCOORD1", "UHEAD2"}, EscalatedTo: []string{bot.EscalateToLine},
				Route: bot.Route{Excluded: []string{"UCOORD2"}}},
			[]string{"UHEAD1"}},
		{"those it was routed to stay when it is reclassified",
			bot.Case{Category: bot.ThreatViolence, Unit: "jobbtorg", Route: bot.Route{Coordinators: []string{"UCOORD1", "UCOORD2"}, Channel: "CCASES1"}},
			[]string{"UCOORD1", "UCOORD2", "USEC1"}},
		{"someone taken out of the configuration loses access",
			bot.Case{Category: bot.Other, Unit: "jobbtorg", Route: bot.Route{Coordinators: []string{"ULEFT"}}},
			[]string{"UCOORD1", "UCOORD2"}},
		{"a unit no longer configured has no one",
			bot.Case{Category: bot.Other, Unit: "gone"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(cfg.Handlers(tt.c), tt.want, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Handlers (-got +want):\n%s", diff)
			}
		})
	}
}

func TestUnitsServed(t *testing.T) {
	cfg := domaintest.Config()
	all := []string{"jobbtorg", "lss-home", "no-escalation", "frivarden"}
	for user, want := range map[string][]string{
		"UCOORD1":   {"jobbtorg"},
		"UHEAD2":    {"jobbtorg"}, // the cases that reached them
		"UCOORD3":   {"lss-home"},
		"USEC1":     all, // a wildcard route
		"UHR1":      {"jobbtorg"},
		"UNEVER":    {"lss-home", "no-escalation"},
		"UIND1":     all, // the independent function
		"UREPORTER": nil,
		"UMGR1":     nil, // managers see aggregates, not cases
	} {
		if got := cfg.UnitsServed(user); !slices.Equal(got, want) {
			t.Errorf("UnitsServed(%s) = %v, want %v", user, got, want)
		}
	}
}

func TestDecisions(t *testing.T) {
	ls := bot.DecisionsFor(bot.Case{Regimes: []bot.Regime{bot.LexSarah}})
	if len(ls) != 5 {
		t.Fatalf("%d Lex Sarah decisions", len(ls))
	}
	var ivo []bot.Decision
	for _, d := range ls {
		if d.ToIVO {
			ivo = append(ivo, d.ID)
		}
		if len([]rune(d.Short.SV)) > 75 || len([]rune(d.Short.EN)) > 75 {
			t.Errorf("%s: short text over 75 characters", d.ID)
		}
	}
	if diff := cmp.Diff(ivo, []bot.Decision{bot.DecisionSeriousRisk, bot.DecisionSerious}); diff != "" {
		t.Errorf("IVO decisions (-got +want):\n%s", diff)
	}
	if d := bot.DecisionsFor(bot.Case{}); d[0].ID != bot.DecisionResolved {
		t.Errorf("general decisions = %v", d)
	}
}
