package bot

import (
	"time"
)

// Clock is a deadline the law or practice sets for a case under a regime.
type Clock struct {
	Regime Regime
	// What is to be done, and for whom.
	What Text
	// Due is when; zero when the rule has no fixed time ("without delay").
	Due time.Time
	// Rule is how Due is counted, or the rule when there is no fixed time.
	Rule Text
}

// The deadlines of DOMAIN.md, as data.
const gdprNotifyWithin = 72 * time.Hour

// Clocks lists the deadlines that apply to a case, in regime order. The
// regimes decide which apply, and the severity what they ask: a high or
// critical breach is taken to be a high risk to the people concerned, who
// must then be told too, and a high or critical Lex Sarah case may be a
// serious shortcoming, which goes to IVO.
func Clocks(c Case, loc *time.Location) []Clock {
	var out []Clock
	serious := c.Severity.Rank() >= High.Rank()
	for _, r := range c.Regimes {
		switch r {
		case GDPRBreach:
			out = append(out, Clock{Regime: r, Due: c.DiscoveredAt.Add(gdprNotifyWithin),
				What: Text{"Anmälan till IMY om incidenten kan innebära risk; dokumenteras alltid", "Notify IMY if the breach may pose a risk; always documented"},
				Rule: Text{"72 timmar från upptäckten", "72 hours from discovery"}})
			if serious {
				out = append(out, Clock{Regime: r,
					What: Text{"Hög risk: informera de registrerade", "High risk: inform the people concerned"},
					Rule: Text{"utan onödigt dröjsmål", "without undue delay"}})
			}
		case WorkEnvironmentSerious:
			d := c.DiscoveredAt.In(loc)
			endOfDay := time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 0, 0, loc)
			out = append(out, Clock{Regime: r, Due: endOfDay,
				What: Text{"Anmälan till Arbetsmiljöverket", "Notify the Swedish Work Environment Authority"},
				Rule: Text{"utan dröjsmål – i praktiken samma dag", "without delay – in practice the same day"}})
		case LexSarah:
			out = append(out, Clock{Regime: r,
				What: Text{"Lex Sarah: undanröj risken genast och utred utan dröjsmål", "Lex Sarah: remove the risk at once and investigate without delay"},
				Rule: Text{"allvarliga missförhållanden anmäls till IVO snarast, via IVO:s e-tjänst", "serious shortcomings go to IVO as soon as possible, through IVO's e-service"}})
			if serious {
				out = append(out, Clock{Regime: r,
					What: Text{"Kan vara allvarligt: bedöm om IVO ska ha en anmälan", "May be serious: decide whether IVO is to be notified"},
					Rule: Text{"snarast; en ofullständig utredning kompletteras inom två månader", "as soon as possible; an unfinished investigation follows within two months"}})
			}
		case PoliceReport:
			out = append(out, Clock{Regime: r,
				What: Text{"Polisanmälan", "Police report"},
				Rule: Text{"skyndsamt", "promptly"}})
		}
	}
	return out
}

// AckDue is when the case should be acknowledged by.
func AckDue(c Case, cfg *Config) time.Time {
	return c.CreatedAt.Add(cfg.AckTargetOf(c.Unit))
}

// Overdue reports whether an open case is past its acknowledgement target
// or a regulatory deadline.
func Overdue(c Case, cfg *Config, now time.Time) bool {
	if !c.Status.Open() {
		return false
	}
	if c.Status.AwaitsAcknowledgement() && now.After(AckDue(c, cfg)) {
		return true
	}
	for _, k := range Clocks(c, cfg.Location()) {
		if !k.Due.IsZero() && now.After(k.Due) {
			return true
		}
	}
	return false
}

// DeadlinesOf are what the store indexes of a case's due times.
func DeadlinesOf(c Case, cfg *Config) Deadlines {
	d := Deadlines{Ack: AckDue(c, cfg), Clocks: map[Regime]time.Time{}}
	for _, k := range Clocks(c, cfg.Location()) {
		if !k.Due.IsZero() {
			d.Clocks[k.Regime] = k.Due
		}
	}
	return d
}
