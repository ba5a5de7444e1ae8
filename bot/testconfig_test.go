package bot

import "time"

func testConfig() *Config {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return &Config{
		CasePrefix: "INC",
		Timezone:   loc,
		Units: []Unit{
			{ID: "jobbtorg", Name: "Jobbtorg Skärholmen", Coordinators: []string{"UCOORD1", "UCOORD2"},
				Channel: "CCASES1", Managers: []string{"UMGR1"}, Escalation: []string{"UHEAD1", "UHEAD2"}},
			{ID: "lss-home", Name: "LSS-boende Solrosen", Coordinators: []string{"UCOORD3"}},
			{ID: "no-escalation", Name: "Utan eskalering", Coordinators: []string{"UCOORD4", "UCOORD5"}, Channel: "CCASES4"},
		},
		Routes: []RouteRule{
			{Category: ThreatViolence, Units: []string{Wildcard}, Coordinators: []string{"USEC1"}, Channel: "CSECURITY"},
			{Category: Confidentiality, Units: []string{"jobbtorg"}, Coordinators: []string{"UHR1"}},
			{Category: Confidentiality, Coordinators: []string{"UNEVER"}},
		},
	}
}
