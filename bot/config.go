package bot

import (
	"slices"
	"time"
)

// Config is the organisation the bot serves: units, their people and the
// routing overrides. It is read from the YAML file and replaced as a whole
// when the file changes.
type Config struct {
	CasePrefix string
	Timezone   *time.Location
	// Language is used for messages to channels, where no single reader's
	// locale applies.
	Language Lang
	// DraftTTL is how long an unfinished report is kept.
	DraftTTL time.Duration
	// AckTarget is how soon a new case should be acknowledged; a unit may
	// set its own.
	AckTarget time.Duration
	// DigestSchedule says when weekly digests go out; nil is Mondays 08:00 (digest.DefaultSchedule).
	DigestSchedule Schedule
	Units          []Unit
	Routes         []RouteRule
	// Independent is the function outside every unit's line – HR,
	// security, the whistleblowing function – that takes the reports which
	// implicate the line; nil when none is configured.
	Independent *Function
	// Retention says when closed cases' personal data is culled.
	Retention Retention
	// DPO are the data protection officers: they read every personal data
	// breach record of the organisation, and change nothing.
	DPO []string
}

// Function is a recipient of cases outside the units' lines.
type Function struct {
	// Name is shown to reporters: "HR och visselblåsarfunktionen".
	Name         string
	Coordinators []string
	// Channel is its private case channel; "" sends cards by direct message.
	Channel string
}

// Unit is a workplace that receives reports.
type Unit struct {
	ID           string
	Name         string
	Coordinators []string
	Channel      string
	Managers     []string
	Escalation   []string
	// AckTarget overrides the configuration's acknowledgement target.
	AckTarget time.Duration
	// LexSarah is set for units whose services fall under Lex Sarah
	// (social services, LSS, SiS homes): only their cases get the regime.
	LexSarah bool
	// Act and Committee name, for the Lex Sarah investigation document, the
	// act the unit works under (SoL, LSS) and the committee responsible.
	Act       string
	Committee string
}

// RouteRule overrides where a category's cases from some units go. An
// empty Category or "*" matches every category; no Units or "*" among them
// matches every unit.
type RouteRule struct {
	Category     Category
	Units        []string
	Coordinators []string
	Channel      string
}

// Wildcard matches every unit or category in a route rule.
const Wildcard = "*"

// Unit returns the unit with id.
func (cfg *Config) Unit(id string) (Unit, bool) {
	for _, u := range cfg.Units {
		if u.ID == id {
			return u, true
		}
	}
	return Unit{}, false
}

// UnitName is the unit's display name, or its id when it is no longer configured.
func (cfg *Config) UnitName(id string) string {
	if u, ok := cfg.Unit(id); ok {
		return u.Name
	}
	return id
}

// Valid reports whether l is a language the bot speaks.
func (l Lang) Valid() bool { return l == Swedish || l == English }

// Location is the configured time zone, UTC when unset.
func (cfg *Config) Location() *time.Location {
	if cfg.Timezone == nil {
		return time.UTC
	}
	return cfg.Timezone
}

// Matches reports whether the rule applies to a case of category cat from unit.
func (r RouteRule) Matches(cat Category, unit string) bool {
	if r.Category != "" && r.Category != Wildcard && r.Category != cat {
		return false
	}
	return r.Covers(unit)
}

// Covers reports whether the rule applies to the unit's cases: it names
// the unit or the wildcard, or no units at all.
func (r RouteRule) Covers(unit string) bool {
	return len(r.Units) == 0 || slices.Contains(r.Units, Wildcard) || slices.Contains(r.Units, unit)
}

// DefaultDraftTTL is how long an unfinished report is kept when the
// configuration does not say.
const DefaultDraftTTL = 14 * 24 * time.Hour

// DefaultAckTarget is how soon a case should be acknowledged when the
// configuration does not say.
const DefaultAckTarget = 24 * time.Hour

// AckTargetOf is how soon a case of unit should be acknowledged.
func (cfg *Config) AckTargetOf(unit string) time.Duration {
	if u, ok := cfg.Unit(unit); ok && u.AckTarget > 0 {
		return u.AckTarget
	}
	if cfg.AckTarget > 0 {
		return cfg.AckTarget
	}
	return DefaultAckTarget
}

// Schedule says when something is next due; cron schedules satisfy it.
type Schedule interface {
	Next(time.Time) time.Time
}

// Managers maps each manager in the configuration to the units they manage.
func (cfg *Config) Managers() map[string][]string {
	out := map[string][]string{}
	for _, u := range cfg.Units {
		for _, m := range u.Managers {
			out[m] = append(out[m], u.ID)
		}
	}
	return out
}

// IsManager reports whether user gets a digest.
func (cfg *Config) IsManager(user string) bool {
	_, ok := cfg.Managers()[user]
	return ok
}
