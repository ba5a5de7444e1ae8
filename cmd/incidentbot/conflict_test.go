package main

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// seedConfig is the seed case's organisation: at Frivården the coordinator
// and manager is the one who leaked, her superior the escalation person;
// HR and the whistleblowing function stand outside every line. At Jobbtorg
// a route rule sends confidentiality to HR's UHR1.
const seedConfig = `case_prefix: INC
timezone: Europe/Stockholm
units:
  - id: frivarden
    name: Frivården Söder
    coordinators: [ULEAKER]
    channel: CFRIVARD
    managers: [ULEAKER]
    escalation: [USUPER]
  - id: jobbtorg
    name: Jobbtorg Skärholmen
    coordinators: [UCOORD1]
    channel: CCASES1
    escalation: [UHEAD1]
routes:
  - category: confidentiality
    units: [jobbtorg]
    coordinators: [UHR1]
independent:
  name: HR och visselblåsarfunktionen
  coordinators: [UIND1, UIND2]
  channel: CINDEP
`

// seedAnswers are the report of the leak, with the people involved and the
// reporting-line tick as given.
func seedAnswers(involved []string, line bool) map[string]any {
	extra := map[string]any{}
	if involved != nil {
		extra[bot.QInvolved] = involved
	}
	if line {
		extra[bot.QReportingLine] = []string{bot.Yes}
	}
	return answersFor(bot.Confidentiality, extra)
}

// reportSeed walks the dialog for the leak and returns the review and the
// case. choose ticks the independent function at review.
func (h *harness) reportSeed(unit string, answers map[string]any, choose bool) (review string, id bot.CaseID) {
	h.t.Helper()
	v1 := h.openDialog("UREP")
	v2 := pushed(h.t, h.submit("UREP", v1, stepOneValues(bot.Confidentiality, unit)), "push")
	v3 := pushed(h.t, h.submit("UREP", v2, answers), "push")
	values := map[string]any{bot.FieldIdentity: "named"}
	if choose {
		values[bot.FieldSendTo] = []string{bot.SendToIndependent}
	}
	done := pushed(h.t, h.submit("UREP", v3, values), "update")
	id = caseIDIn(h.t, done)
	h.waitDelivered(id)
	return text(v3), id
}

// onlyReaches fails unless every message, card, Home tab and view that
// the fake Slack received with the case id went to allowed: channels and
// users. Refusals to someone who tried are their own echo and allowed.
func (h *harness) onlyReaches(id bot.CaseID, allowed ...string) {
	h.t.Helper()
	h.waitIdle()
	for _, c := range h.slack.Calls("") {
		if !strings.Contains(string(c.Body), string(id)) {
			continue
		}
		var to string
		switch c.Method {
		case "chat.postMessage", "chat.update":
			to = c.Param("channel")
		case "views.publish":
			to = c.Param("user_id")
		case "chat.postEphemeral":
			if strings.Contains(c.Param("text"), "får inte hantera") {
				continue
			}
			to = c.Param("user")
		case "views.open":
			if c.Param("trigger_id") == "trigger-forged" {
				h.t.Errorf("a forged action opened a view with %s: %s", id, c.Body)
			}
			continue
		default:
			continue
		}
		if strings.HasPrefix(to, "D") {
			to = "U" + to[1:]
		}
		if !slices.Contains(allowed, to) {
			h.t.Errorf("%s with %s went to %s, who is not among %v", c.Method, id, to, allowed)
		}
	}
}

// forge sends a signed action on the case as user, one the Slack client
// would only show to its handlers, and checks that it is refused and
// recorded.
func (h *harness) forge(user string, id bot.CaseID, actionID string) {
	h.t.Helper()
	before := strings.Count(strings.Join(h.actions(id), " "), user+":denied")
	status, _ := h.interact(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": user}, "team": map[string]any{"id": "T1"},
		"trigger_id": "trigger-forged", "channel": map[string]any{"id": "CFRIVARD"},
		"container": map[string]any{"type": "message", "channel_id": "CFRIVARD", "message_ts": "1700000000.000001"},
		"actions":   []any{map[string]any{"action_id": actionID, "block_id": "actions:" + string(id), "type": "button", "value": string(id)}},
	})
	if status != http.StatusOK {
		h.t.Fatalf("%s answered %d", actionID, status)
	}
	h.waitIdle()
	if after := strings.Count(strings.Join(h.actions(id), " "), user+":denied"); after != before+1 {
		h.t.Errorf("%s's forged %s on %s: %d refusals recorded, want %d: %v", user, actionID, id, after, before+1, h.actions(id))
	}
}

// openHome has user open their Home tab and returns what was published.
func (h *harness) openHome(user string) string {
	h.t.Helper()
	h.event("Ev-home-"+user+"-"+string(rune('a'+len(h.slack.Calls("views.publish")))), map[string]any{"type": "app_home_opened", "user": user, "tab": "home"})
	h.waitIdle()
	var last string
	for _, c := range h.slack.Calls("views.publish") {
		if c.Param("user_id") == user {
			last = string(c.Body)
		}
	}
	return last
}

func TestSeedCaseTheReportingLineTicked(t *testing.T) {
	h := startHarness(t, seedConfig)
	review, id := h.reportSeed("frivarden", seedAnswers(nil, true), false)
	for _, want := range []string{"HR och visselblåsarfunktionen", "Ingen i enhetens linje"} {
		if !strings.Contains(review, want) {
			t.Errorf("the review does not say %q:\n%s", want, review)
		}
	}
	if strings.Contains(review, "nästa nivå") || strings.Contains(review, "USUPER") || strings.Contains(review, "ULEAKER") {
		t.Errorf("the review names the line:\n%s", review)
	}
	waitPost(t, h, "CINDEP", string(id))
	for _, u := range []string{"ULEAKER", "USUPER"} {
		if home := h.openHome(u); strings.Contains(home, string(id)) {
			t.Errorf("%s's Home tab shows the case", u)
		}
		for _, a := range []string{"case_ack", "case_details", "case_close", "case_escalate", "case_note"} {
			h.forge(u, id, a)
		}
	}
	if home := h.openHome("UIND1"); !strings.Contains(home, string(id)) {
		t.Errorf("the independent function's Home tab lacks the case:\n%s", home)
	}
	h.onlyReaches(id, "CINDEP", "UREP", "UIND1", "UIND2")
	c, _ := h.store().Case(context.Background(), id)
	if !c.Route.Independent || !slices.Contains(c.Route.Excluded, "ULEAKER") || !slices.Contains(c.Route.Excluded, "USUPER") {
		t.Errorf("route = %+v", c.Route)
	}
	hist, _ := h.store().History(context.Background(), id)
	if f := hist[0].Fields; f["route"] != "independent" || f["route_reason"] != "reporting_line" || !strings.Contains(f["excluded"], "ULEAKER") {
		t.Errorf("the routing decision is not recorded: %v", f)
	}
}

func TestSeedCaseBothLevelsPicked(t *testing.T) {
	h := startHarness(t, seedConfig)
	review, id := h.reportSeed("frivarden", seedAnswers([]string{"ULEAKER", "USUPER"}, false), false)
	if !strings.Contains(review, "HR och visselblåsarfunktionen") || !strings.Contains(review, "eskaleringspersonerna är inblandade") {
		t.Errorf("the review does not name the independent function and why:\n%s", review)
	}
	waitPost(t, h, "CINDEP", string(id))
	h.forge("ULEAKER", id, "case_details")
	h.forge("USUPER", id, "case_ack")
	h.onlyReaches(id, "CINDEP", "UREP", "UIND1", "UIND2")
}

func TestSeedCaseTheManagerPicked(t *testing.T) {
	h := startHarness(t, seedConfig)
	review, id := h.reportSeed("frivarden", seedAnswers([]string{"ULEAKER"}, false), false)
	// The superior gets it, named in the review, so that a reporter who
	// knows she is involved too can send it to the independent function.
	if !strings.Contains(review, "Eskaleringspersonerna för Frivården Söder") || !strings.Contains(review, "<@USUPER>") ||
		!strings.Contains(review, "Skicka i stället till HR och visselblåsarfunktionen") {
		t.Errorf("the review does not name the superior and offer the independent function:\n%s", review)
	}
	waitPost(t, h, "USUPER", string(id))
	h.forge("ULEAKER", id, "case_details")
	h.onlyReaches(id, "USUPER", "UREP")

	// The superior escalates it to the independent function.
	n := len(h.slack.Calls("views.open"))
	h.cardAction("USUPER", id, "case_escalate", "")
	esc := h.openedView(n + 1)
	if !strings.Contains(text(esc), "HR och visselblåsarfunktionen") {
		t.Fatalf("the escalation dialog does not offer the independent function:\n%s", text(esc))
	}
	if resp := h.submit("USUPER", esc, map[string]any{bot.FieldEscalateTo: bot.EscalateToIndependent, bot.FieldEscalateReason: "Jag har själv fattat beslut i saken."}); resp != nil {
		t.Fatalf("escalation answered %v", resp)
	}
	waitPost(t, h, "CINDEP", string(id))
	h.onlyReaches(id, "USUPER", "UREP", "CINDEP", "UIND1", "UIND2")
}

func TestReporterChoosesTheIndependentFunction(t *testing.T) {
	h := startHarness(t, seedConfig)
	_, id := h.reportSeed("frivarden", seedAnswers(nil, false), true)
	waitPost(t, h, "CINDEP", string(id))
	h.forge("ULEAKER", id, "case_ack")
	h.onlyReaches(id, "CINDEP", "UREP", "UIND1", "UIND2")
	c, _ := h.store().Case(context.Background(), id)
	if c.Route.Reason != bot.ReasonReporterChose {
		t.Errorf("route = %+v", c.Route)
	}
}

// TestRouteRuleKeepsTheEscalationPeopleOut: a route rule sends the unit's
// confidentiality cases to HR; the unit's escalation people neither see
// them on their Home tab nor may open them.
func TestRouteRuleKeepsTheEscalationPeopleOut(t *testing.T) {
	h := startHarness(t, seedConfig)
	_, id := h.reportSeed("jobbtorg", seedAnswers(nil, false), false)
	waitPost(t, h, "UHR1", string(id))
	if home := h.openHome("UHEAD1"); strings.Contains(home, string(id)) {
		t.Errorf("the escalation person's Home tab shows the case:\n%s", home)
	}
	h.forge("UHEAD1", id, "case_details")
	h.onlyReaches(id, "UHR1", "UREP")
}

// TestDigestBandsAndHides: the week's one report shows as 1–2 in a
// manager's digest, its total exactly; the manager picked as involved
// does not get it in any count.
func TestDigestBandsAndHides(t *testing.T) {
	h := startHarness(t, strings.Replace(seedConfig, "managers: [ULEAKER]", "managers: [ULEAKER, UMGRX]", 1))
	_, id := h.reportSeed("frivarden", seedAnswers([]string{"ULEAKER"}, false), false)
	week := bot.ISOWeek(time.Now(), mustZone(t))
	var out strings.Builder
	if err := h.run(&out, "digest", "--dry-run", "--week", week); err != nil {
		t.Fatal(err)
	}
	leaker, other, _ := strings.Cut(strings.TrimPrefix(out.String(), "=== ULEAKER ===\n"), "=== UMGRX ===\n")
	if !strings.Contains(other, "Sekretess och informationsläcka: 1–2") || !strings.Contains(other, "Totalt: 1") {
		t.Errorf("the other manager's digest does not band the one report:\n%s", other)
	}
	if strings.Contains(leaker, "Sekretess") || !strings.Contains(leaker, "Totalt: 0") || !strings.Contains(leaker, "Nya 0") {
		t.Errorf("the implicated manager's digest counts %s:\n%s", id, leaker)
	}
}

// TestNoOneUninvolvedIsToldBeforeSending: without an independent function,
// a report that implicates both levels of the line reaches no one; the
// review says so and sending is refused, the dialog kept.
func TestNoOneUninvolvedIsToldBeforeSending(t *testing.T) {
	cfg, _, _ := strings.Cut(seedConfig, "independent:")
	h := startHarness(t, cfg)
	v1 := h.openDialog("UREP")
	v2 := pushed(t, h.submit("UREP", v1, stepOneValues(bot.Confidentiality, "frivarden")), "push")
	v3 := pushed(t, h.submit("UREP", v2, seedAnswers([]string{"ULEAKER", "USUPER"}, false)), "push")
	if review := text(v3); !strings.Contains(review, "kan inte skickas") {
		t.Errorf("the review does not say the report cannot be sent:\n%s", review)
	}
	resp := h.submit("UREP", v3, map[string]any{bot.FieldIdentity: "named"})
	errs, _ := resp["errors"].(map[string]any)
	if resp["response_action"] != "errors" || len(errs) == 0 {
		t.Errorf("sending was not refused: %v", resp)
	}
	if mine, _ := h.store().CasesByReporter(context.Background(), "UREP", []int{time.Now().Year()}, 10); len(mine) != 0 {
		t.Errorf("a case was stored: %v", mine)
	}
}
