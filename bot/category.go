package bot

import "slices"

// Category is what kind of incident a report is about. The ids are part of
// the outside contract: they are the option values of the report dialog.
type Category string

// The categories, in the order the dialog offers them.
const (
	PersonalData    Category = "personal_data"
	Harassment      Category = "harassment"
	ThreatViolence  Category = "threat_violence"
	Confidentiality Category = "confidentiality"
	CareQuality     Category = "care_quality"
	WorkEnvironment Category = "work_environment"
	Other           Category = "other"
)

// CategoryInfo is how a category is named and explained to a reporter.
type CategoryInfo struct {
	ID   Category
	Name Text
	// Explain is one line in plain language; it fits Slack's 75-character
	// option description.
	Explain Text
}

// Categories lists every category in dialog order.
var Categories = []CategoryInfo{
	{PersonalData,
		Text{"Personuppgiftsincident", "Personal data breach"},
		Text{"Personuppgifter till fel mottagare, förlorade eller exponerade", "Personal data sent to the wrong person, lost or exposed"}},
	{Harassment,
		Text{"Trakasserier eller ofredande", "Harassment"},
		Text{"Kränkningar, sexuella trakasserier eller ofredande", "Offensive behaviour, sexual harassment or unlawful molesting"}},
	{ThreatViolence,
		Text{"Hot och våld", "Threats and violence"},
		Text{"Någon hotade, skadade eller försökte skada någon", "Someone threatened, hurt or tried to hurt someone"}},
	{Confidentiality,
		Text{"Sekretess och informationsläcka", "Confidentiality breach"},
		Text{"Läcka, obehörig sökning i register eller journal, olämplig klientrelation", "Leaked internal info, unauthorised look-up, improper client tie"}},
	{CareQuality,
		Text{"Missförhållande i en insats", "Care quality (missförhållande)"},
		Text{"Brist i en insats till en enskild: rutin saknas, försummelse, fel", "A failing in a service to a person: no routine, neglect, wrong care"}},
	{WorkEnvironment,
		Text{"Olycka eller tillbud", "Accident or near miss"},
		Text{"Olycka, skada eller något som nästan hände på jobbet", "Accident, injury or near miss at work"}},
	{Other,
		Text{"Annat", "Other"},
		Text{"Något annat som någon behöver titta på", "Something else someone should look at"}},
}

// Info returns the category's name and explanation; ok is false for an
// unknown id.
func (c Category) Info() (CategoryInfo, bool) {
	for _, info := range Categories {
		if info.ID == c {
			return info, true
		}
	}
	return CategoryInfo{}, false
}

// Valid reports whether c is one of the contract's category ids.
func (c Category) Valid() bool {
	_, ok := c.Info()
	return ok
}

// Name is the category's display name in l, or the raw id when unknown.
func (c Category) Name(l Lang) string {
	if info, ok := c.Info(); ok {
		return info.Name.In(l)
	}
	return string(c)
}

// Severity is how serious a case is judged to be.
type Severity string

// Severities from least to most serious.
const (
	Low      Severity = "low"
	Medium   Severity = "medium"
	High     Severity = "high"
	Critical Severity = "critical"
)

var severityNames = map[Severity]Text{
	Low:      {"Låg", "Low"},
	Medium:   {"Medel", "Medium"},
	High:     {"Hög", "High"},
	Critical: {"Kritisk", "Critical"},
}

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { _, ok := severityNames[s]; return ok }

// Name is the severity's display name in l.
func (s Severity) Name(l Lang) string {
	if t, ok := severityNames[s]; ok {
		return t.In(l)
	}
	return string(s)
}

// Rank orders severities: low 1 … critical 4, unknown 0.
func (s Severity) Rank() int {
	switch s {
	case Low:
		return 1
	case Medium:
		return 2
	case High:
		return 3
	case Critical:
		return 4
	}
	return 0
}

// Regime is a legal regime a case may fall under; more than one may hold.
type Regime string

// The regimes of the contract; DOMAIN.md explains each.
const (
	LexSarah               Regime = "lex_sarah"
	GDPRBreach             Regime = "gdpr_breach"
	WorkEnvironmentSerious Regime = "work_environment_serious"
	PoliceReport           Regime = "police_report"
)

var regimeNames = map[Regime]Text{
	LexSarah:               {"Lex Sarah", "Lex Sarah"},
	GDPRBreach:             {"Personuppgiftsincident (GDPR)", "Personal data breach (GDPR)"},
	WorkEnvironmentSerious: {"Allvarlig arbetsmiljöhändelse", "Serious work environment event"},
	PoliceReport:           {"Polisanmälan", "Police report"},
}

// Valid reports whether r is a known regime.
func (r Regime) Valid() bool { _, ok := regimeNames[r]; return ok }

// AllRegimes lists the regimes in the contract's order.
func AllRegimes() []Regime { return slices.Clone(regimeOrder) }

// Name is the regime's display name in l.
func (r Regime) Name(l Lang) string {
	if t, ok := regimeNames[r]; ok {
		return t.In(l)
	}
	return string(r)
}

// Status is where a case is in its life.
type Status string

// Case statuses. A case starts as new and ends closed.
const (
	StatusNew          Status = "new"
	StatusAcknowledged Status = "acknowledged"
	StatusEscalated    Status = "escalated"
	StatusClosed       Status = "closed"
)

// statusNames read well alone (the status list, the Home tab, the digest)
// and with the card's " av <@U>" after them: "Mottagen av <@U>".
var statusNames = map[Status]Text{
	StatusNew:          {"Ny", "New"},
	StatusAcknowledged: {"Mottagen", "Acknowledged"},
	StatusEscalated:    {"Eskalerad", "Escalated"},
	StatusClosed:       {"Avslutad", "Closed"},
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := statusNames[s]; return ok }

// Name is the status's display name in l.
func (s Status) Name(l Lang) string {
	if t, ok := statusNames[s]; ok {
		return t.In(l)
	}
	return string(s)
}

// Open reports whether a case in this status still needs work.
func (s Status) Open() bool { return slices.Contains(openStatuses, s) }
