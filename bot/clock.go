package bot

import (
	"slices"
	"time"
)

// ClockID names one deadline of a case, stably: the store indexes it, and
// reminders are sent once per case, clock and threshold.
type ClockID string

// The deadlines a case may run.
const (
	// ClockIMY: a personal data breach is notified to IMY within 72 hours
	// of discovery, unless it is unlikely to pose a risk.
	ClockIMY ClockID = "imy"
	// ClockIMYComplete: a notification in phases is completed without
	// undue further delay.
	ClockIMYComplete ClockID = "imy_complete"
	// ClockInformSubjects: a high risk is told to the people concerned.
	ClockInformSubjects ClockID = "inform_subjects"
	// ClockWorkEnvironment: a serious accident or near miss is notified to
	// the Work Environment Authority without delay – the same day.
	ClockWorkEnvironment ClockID = "work_environment"
	// ClockWorkInjury: a work injury is reported to the Social Insurance
	// Agency without delay.
	ClockWorkInjury ClockID = "work_injury"
	// ClockPolice: a crime is reported promptly.
	ClockPolice ClockID = "police"
	// ClockLexSarah: the risk is removed at once and investigated without delay.
	ClockLexSarah ClockID = "lex_sarah"
	// ClockIVO: a case that may be serious is decided on and notified to IVO
	// as soon as possible.
	ClockIVO ClockID = "ivo"
	// ClockIVOInvestigation: after a notification of an unfinished
	// investigation, the completed one follows within two months.
	ClockIVOInvestigation ClockID = "ivo_investigation"
	// ClockWhistleAck: a report to the independent function is
	// acknowledged within seven days.
	ClockWhistleAck ClockID = "whistleblowing_ack"
	// ClockWhistleFeedback: its reporter gets feedback within three months.
	ClockWhistleFeedback ClockID = "whistleblowing_feedback"
)

// Clock is a deadline the law or practice sets for a case.
type Clock struct {
	ID ClockID
	// Regime is the regime the clock comes from; "" for the
	// whistleblowing act's and a work injury's.
	Regime Regime
	// What is to be done, and for whom.
	What Text
	// Start is when the time began to run; Due when it runs out, zero when
	// the rule has no fixed time ("without delay").
	Start, Due time.Time
	// Rule is how Due is counted, or the rule when there is no fixed time.
	Rule Text
	// Stops lists the authorities whose notification meets the clock.
	Stops []Authority
	// Met is when the clock was met: a notification, the
	// acknowledgement; zero while it runs. By is the notification that
	// met it, if one did.
	Met time.Time
	By  *Notification
	// Settled, when set, says how the clock was met without a
	// notification: a breach assessed as unlikely to result in a risk.
	Settled Text
}

// Running reports whether the clock still runs for an open case.
func (k Clock) Running() bool { return k.Met.IsZero() }

// Late reports whether it was met, or is still running, after it was due.
func (k Clock) Late(now time.Time) bool {
	if k.Due.IsZero() {
		return false
	}
	if !k.Met.IsZero() {
		return k.Met.After(k.Due)
	}
	return now.After(k.Due)
}

// The deadlines of DOMAIN.md, as data.
const (
	imyWithin            = 72 * time.Hour
	workEnvironmentIn    = 24 * time.Hour
	whistleAckWithin     = 7 * 24 * time.Hour
	whistleFeedbackMonth = 3
	ivoInvestigationIn   = 2 // months
)

// Clocks lists the deadlines of a case, in regime order, the met ones
// too. The regimes decide which apply, and the severity what they ask: a
// high or critical breach is taken to be a high risk to the people
// concerned, who must then be told too, and a high or critical Lex Sarah
// case may be serious, which goes to IVO. A case reported to the
// independent function runs the whistleblowing act's two clocks. loc
// decides nothing today but is kept for rules by calendar day.
func Clocks(c Case, loc *time.Location) []Clock {
	var out []Clock
	serious := c.Severity.Rank() >= High.Rank()
	// A clock is met by the first notification to an authority it names,
	// whenever made: it may have been made before the case reached the bot.
	met := func(k Clock) Clock {
		for i := range c.Notifications {
			if n := &c.Notifications[i]; slices.Contains(k.Stops, n.Authority) {
				k.Met, k.By = n.At, n
				break
			}
		}
		return k
	}
	for _, r := range c.Regimes {
		switch r {
		case GDPRBreach:
			imy := met(Clock{ID: ClockIMY, Regime: r, Start: c.DiscoveredAt, Due: c.DiscoveredAt.Add(imyWithin),
				Stops: []Authority{AuthorityIMY, AuthorityIMYLaw},
				What:  Text{"Anmäl till IMY inom 72 timmar, om det inte är osannolikt att incidenten medför risk", "Notify IMY within 72 hours unless the breach is unlikely to result in a risk"},
				Rule:  Text{"72 timmar från upptäckten", "72 hours from discovery"}})
			if b := c.Breach; imy.Running() && b != nil && b.Risk == RiskUnlikely && !b.AssessedAt.IsZero() {
				// Documented, not notified (art. 33.1): the clock is met.
				imy.Met, imy.Settled = b.AssessedAt, Text{"bedömd som osannolik att medföra risk, anmäls inte", "assessed as unlikely to result in a risk, not notified"}
			}
			out = append(out, imy)
			if imy.By != nil && imy.By.Partial {
				k := Clock{ID: ClockIMYComplete, Regime: r, Start: imy.Met, Stops: []Authority{AuthorityIMY, AuthorityIMYLaw},
					What: Text{"Komplettera anmälan till IMY", "Complete the notification to IMY"},
					Rule: Text{"utan onödigt ytterligare dröjsmål", "without undue further delay"}}
				out = append(out, completed(c, imy.By, k))
			}
			// Until the breach is assessed, a high or critical one is
			// taken to be a high risk; then the assessment decides.
			high := serious
			if b := c.Breach; b != nil {
				high = b.Risk == RiskHigh
			}
			if high {
				k := Clock{ID: ClockInformSubjects, Regime: r,
					What: Text{"Hög risk: informera de registrerade", "High risk: inform the people concerned"},
					Rule: Text{"utan onödigt dröjsmål", "without undue delay"}}
				switch b := c.Breach; {
				case b == nil:
				case b.Informed == InformedYes:
					k.Met = b.InformedAt
				case b.Informed == InformedNotDone:
					k.Met, k.Settled = b.AssessedAt, Text{"behövs inte enligt bedömningen (art. 34.3)", "not needed under the assessment (art. 34.3)"}
				}
				out = append(out, k)
			}
		case WorkEnvironmentSerious:
			out = append(out, met(Clock{ID: ClockWorkEnvironment, Regime: r, Start: c.DiscoveredAt, Due: c.DiscoveredAt.Add(workEnvironmentIn),
				Stops: []Authority{AuthorityWorkEnvironment},
				What:  Text{"Anmälan till Arbetsmiljöverket", "Notify the Swedish Work Environment Authority"},
				Rule:  Text{"utan dröjsmål – i praktiken samma dag", "without delay – in practice the same day"}}))
		case LexSarah:
			out = append(out, Clock{ID: ClockLexSarah, Regime: r,
				What: Text{"Lex Sarah: undanröj risken genast och utred utan dröjsmål", "Lex Sarah: remove the risk at once and investigate without delay"},
				Rule: Text{"allvarliga missförhållanden anmäls till IVO snarast, via IVO:s e-tjänst", "serious shortcomings go to IVO as soon as possible, through IVO's e-service"}})
			ivo := met(Clock{ID: ClockIVO, Regime: r, Start: c.CreatedAt, Stops: []Authority{AuthorityIVO},
				What: Text{"Kan vara allvarligt: bedöm om IVO ska ha en anmälan", "May be serious: decide whether IVO is to be notified"},
				Rule: Text{"snarast, via IVO:s e-tjänst", "as soon as possible, through IVO's e-service"}})
			if serious || ivo.By != nil {
				out = append(out, ivo)
			}
			if ivo.By != nil && ivo.By.Partial {
				k := Clock{ID: ClockIVOInvestigation, Regime: r, Start: ivo.Met, Due: ivo.Met.AddDate(0, ivoInvestigationIn, 0),
					Stops: []Authority{AuthorityIVO},
					What:  Text{"Skicka den färdiga utredningen till IVO", "Send the completed investigation to IVO"},
					Rule:  Text{"inom två månader från anmälan", "within two months of the notification"}}
				out = append(out, completed(c, ivo.By, k))
			}
		case PoliceReport:
			out = append(out, met(Clock{ID: ClockPolice, Regime: r, Start: c.CreatedAt, Stops: []Authority{AuthorityPolice},
				What: Text{"Polisanmälan", "Police report"},
				Rule: Text{"skyndsamt; arbetsgivaren kan anmäla i eget namn", "promptly; the employer may report in its own name"}}))
		}
	}
	if c.Injured {
		// A threat or violence may have injured a client, not staff: a
		// work injury only when it was someone at work.
		what := Text{"Arbetsskadeanmälan till Försäkringskassan", "Work injury report to the Social Insurance Agency"}
		if c.Category != WorkEnvironment {
			what = Text{"Arbetsskadeanmälan till Försäkringskassan, om en medarbetare skadades", "Work injury report to the Social Insurance Agency, if a member of staff was injured"}
		}
		out = append(out, met(Clock{ID: ClockWorkInjury, Start: c.CreatedAt, Stops: []Authority{AuthoritySocialInsurance},
			What: what, Rule: Text{"utan dröjsmål", "without delay"}}))
	}
	if c.Route.Independent {
		ack := Clock{ID: ClockWhistleAck, Start: c.CreatedAt, Due: c.CreatedAt.Add(whistleAckWithin), Met: c.AckAt,
			What: Text{"Bekräfta att rapporten tagits emot (visselblåsarlagen)", "Acknowledge receipt of the report (whistleblowing act)"},
			Rule: Text{"inom sju dagar", "within seven days"}}
		from := c.AckAt
		if from.IsZero() || from.After(ack.Due) {
			from = ack.Due
		}
		out = append(out, ack, Clock{ID: ClockWhistleFeedback, Start: from, Due: from.AddDate(0, whistleFeedbackMonth, 0), Met: c.ClosedAt,
			What: Text{"Återkoppling till rapportören om vad som gjorts", "Feedback to the reporter on what was done"},
			Rule: Text{"inom tre månader från bekräftelsen", "within three months of the acknowledgement"}})
	}
	return out
}

// completed meets a follow-up clock k, started by the partial
// notification first, with the next notification to its authorities that
// is not partial itself.
func completed(c Case, first *Notification, k Clock) Clock {
	after := false
	for i := range c.Notifications {
		n := &c.Notifications[i]
		if n == first {
			after = true
			continue
		}
		if after && slices.Contains(k.Stops, n.Authority) && !n.Partial {
			k.Met, k.By = n.At, n
			break
		}
	}
	return k
}

// AckDue is when the case should be acknowledged by.
func AckDue(c Case, cfg *Config) time.Time {
	return c.CreatedAt.Add(cfg.AckTargetOf(c.Unit))
}

// Overdue reports whether an open case is past its acknowledgement target
// or a running deadline.
func Overdue(c Case, cfg *Config, now time.Time) bool {
	if !c.Status.Open() {
		return false
	}
	if c.Status.AwaitsAcknowledgement() && now.After(AckDue(c, cfg)) {
		return true
	}
	for _, k := range Clocks(c, cfg.Location()) {
		if k.Running() && !k.Due.IsZero() && now.After(k.Due) {
			return true
		}
	}
	return false
}

// DeadlinesOf are what the store indexes of a case's due times: the
// acknowledgement target, and the running deadlines with a fixed time.
func DeadlinesOf(c Case, cfg *Config) Deadlines {
	d := Deadlines{Ack: AckDue(c, cfg), Clocks: map[ClockID]time.Time{}}
	for _, k := range Clocks(c, cfg.Location()) {
		if k.Running() && !k.Due.IsZero() {
			d.Clocks[k.ID] = k.Due
		}
	}
	return d
}
