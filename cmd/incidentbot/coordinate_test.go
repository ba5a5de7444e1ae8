package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/slackfake"
)

// cardAction clicks a case card's action as user, in the unit's channel.
func (h *harness) cardAction(user string, id bot.CaseID, actionID, selectedUser string) {
	h.t.Helper()
	act := map[string]any{"action_id": actionID, "block_id": "actions:" + string(id), "type": "button", "value": string(id)}
	if actionID == "case_assign" {
		act = map[string]any{"action_id": actionID, "block_id": "actions:" + string(id), "type": "users_select", "selected_user": selectedUser}
	}
	status, _ := h.interact(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": user}, "team": map[string]any{"id": "T1"},
		"trigger_id": "trigger-" + actionID, "channel": map[string]any{"id": "CCASES1"},
		"container": map[string]any{"type": "message", "channel_id": "CCASES1", "message_ts": "1700000000.000001"},
		"actions":   []any{act},
	})
	if status != http.StatusOK {
		h.t.Fatalf("%s answered %d", actionID, status)
	}
}

// waitCase polls the stored case until ok holds.
func (h *harness) waitCase(id bot.CaseID, what string, ok func(bot.Case) bool) bot.Case {
	h.t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		c, err := h.store().Case(context.Background(), id)
		if err == nil && ok(c) {
			return c
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("case %s never %s: %+v %v", id, what, c, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (h *harness) actions(id bot.CaseID) []string {
	hist, _ := h.store().History(context.Background(), id)
	var out []string
	for _, e := range hist {
		out = append(out, e.Actor+":"+e.Action)
	}
	return out
}

// reported files a delivered case with the unit's channel as its route.
func (h *harness) reported(cat bot.Category, unit string, extra map[string]any, identity string) bot.CaseID {
	h.t.Helper()
	id := caseIDIn(h.t, h.reportThrough("UREP", cat, unit, answersFor(cat, extra), identity))
	h.waitDelivered(id)
	return id
}

func TestAcknowledgeOnceAndTellTheReporter(t *testing.T) {
	h := newHarness(t)
	id := h.reported(bot.Other, "jobbtorg", nil, "named")
	var wg sync.WaitGroup
	for _, u := range []string{"UCOORD1", "UCOORD2", "UCOORD1", "UCOORD2"} {
		wg.Go(func() { h.cardAction(u, id, "case_ack", "") })
	}
	wg.Wait()
	c := h.waitCase(id, "acknowledged", func(c bot.Case) bool { return c.Status == bot.StatusAcknowledged })
	news := waitPost(t, h, "UREP", "tagits emot")
	if !strings.Contains(news, string(id)) || strings.Contains(news, c.AckBy) {
		t.Errorf("the reporter's news names someone or lacks the case:\n%s", news)
	}
	if card := waitUpdate(t, h, string(id), "Mottagen av "); !strings.Contains(card, `Mottagen av \u003c@`+c.AckBy) {
		t.Errorf("the card does not say who acknowledged the case:\n%s", card)
	}
	h.waitIdle() // every click's work is done: a second acknowledgement would show
	acks := 0
	for _, a := range h.actions(id) {
		if strings.HasSuffix(a, ":acknowledged") {
			acks++
		}
	}
	if acks != 1 {
		t.Errorf("%d acknowledgements in the history: %v", acks, h.actions(id))
	}
	told := 0
	for _, c := range h.slack.Calls("chat.postMessage") {
		if c.Param("channel") == "UREP" && strings.Contains(c.Param("text"), "tagits emot") {
			told++
		}
	}
	if told != 1 {
		t.Errorf("the reporter was told %d times", told)
	}
}

func TestForgedActionIsRefusedAndRecorded(t *testing.T) {
	h := newHarness(t)
	id := h.reported(bot.PersonalData, "jobbtorg", nil, "named")
	// The suggestion, the last change delivery makes, is in.
	before := h.waitCase(id, "suggested", func(c bot.Case) bool { return c.Suggestion != nil })
	for _, act := range []string{"case_ack", "case_details", "case_close", "case_escalate", "case_note"} {
		h.cardAction("UOUTSIDER", id, act, "")
	}
	h.cardAction("UOUTSIDER", id, "case_assign", "UOUTSIDER")
	eph := h.slack.WaitFor(t, "chat.postEphemeral", 6, waitLong)
	for _, e := range eph {
		if e.Param("user") != "UOUTSIDER" || !strings.Contains(e.Param("text"), "inte hantera") {
			t.Errorf("refusal: %s", e.Body)
		}
	}
	after, _ := h.store().Case(context.Background(), id)
	if after.Status != before.Status || after.Assignee != "" || after.Version != before.Version {
		t.Errorf("a forged action changed the case: %+v", after)
	}
	if n := len(h.slack.Calls("views.open")); n != 1 { // the reporter's own dialog only
		t.Errorf("%d dialogs opened", n)
	}
	denied := 0
	for _, a := range h.actions(id) {
		if a == "UOUTSIDER:denied" {
			denied++
		}
	}
	if denied != 6 {
		t.Errorf("%d refusals recorded: %v", denied, h.actions(id))
	}
}

func TestAssignEscalateNoteDetailsClose(t *testing.T) {
	h := newHarness(t)
	h.slack.SetUser("UINV", slackfake.User{Locale: "sv-SE", RealName: "Kim Berg", Title: "Lex Sarah-utredare"})
	id := h.reported(bot.CareQuality, "jobbtorg", map[string]any{bot.QInvolved: []string{"UPERSON"}}, "named")

	// Assigning someone involved is refused with a reason.
	h.cardAction("UCOORD1", id, "case_assign", "UPERSON")
	eph := h.slack.WaitFor(t, "chat.postEphemeral", 1, waitLong)
	if !strings.Contains(eph[0].Param("text"), "inblandad") {
		t.Errorf("refusal of an implicated assignee: %s", eph[0].Body)
	}
	h.cardAction("UCOORD1", id, "case_assign", "UINV")
	h.waitCase(id, "assigned", func(c bot.Case) bool { return c.Assignee == "UINV" })
	waitPost(t, h, "UINV", string(id)) // the assignee gets the card

	// Escalate with a reason.
	h.cardAction("UCOORD1", id, "case_escalate", "")
	esc := h.openedView(2)
	if resp := h.submit("UCOORD1", esc, map[string]any{}); resp["response_action"] != "errors" {
		t.Errorf("escalation without a reason: %v", resp)
	}
	if resp := h.submit("UCOORD1", esc, map[string]any{bot.FieldEscalateReason: "Behöver beslut av enhetschef."}); resp != nil {
		t.Errorf("escalation answered %v", resp)
	}
	h.waitCase(id, "escalated", func(c bot.Case) bool { return c.Status == bot.StatusEscalated && c.EscalatedBy == "UCOORD1" })
	waitPost(t, h, "UHEAD1", string(id))

	// Acknowledging did not start the investigation; the head of the
	// unit starts it, the dialog filled with their own profile, and names
	// the assignee as investigator, with the registry number.
	h.slack.SetUser("UHEAD1", slackfake.User{Locale: "sv-SE", RealName: "Alex Lind", Title: "Enhetschef"})
	if c := h.waitCase(id, "read", func(bot.Case) bool { return true }); c.Investigation != nil {
		t.Fatalf("an investigation started by itself: %+v", c.Investigation)
	}
	h.cardAction("UHEAD1", id, "case_investigate", "")
	inv := h.openedView(3)
	if name, title := inputElement(inv, bot.FieldInvestigatorName)["initial_value"], inputElement(inv, bot.FieldInvestigatorTitle)["initial_value"]; name != "Alex Lind" || title != "Enhetschef" {
		t.Errorf("investigator suggested as %v, %v; want the profile's name and title", name, title)
	}
	if resp := h.submit("UHEAD1", inv, map[string]any{bot.FieldInvestigatorName: "Kim Berg", bot.FieldInvestigatorTitle: "Lex Sarah-utredare",
		bot.FieldInvestigationReg: "SN 2026/77"}); resp != nil {
		t.Fatalf("start of the investigation answered %v", resp)
	}
	started := h.waitCase(id, "investigated", func(c bot.Case) bool { return c.Investigation != nil }).Investigation
	if started.RegistryNumber != "SN 2026/77" || started.StartedBy != "UHEAD1" || started.Investigator.Name != "Kim Berg" {
		t.Errorf("investigation = %+v", started)
	}
	waitUpdate(t, h, string(id), "Utredningen inleddes")

	// The assignee documents a note, signed from their profile.
	// The profile is fetched while the dialog is open, so that signing
	// needs no Slack call within Slack's three seconds: Slack failing
	// users.info at submission changes nothing.
	profileCalls := func() int {
		n := 0
		for _, c := range h.slack.Calls("users.info") {
			if c.Param("user") == "UINV" && !c.Failed {
				n++
			}
		}
		return n
	}
	before := profileCalls()
	h.cardAction("UINV", id, "case_note", "")
	nv := h.openedView(4)
	for deadline := time.Now().Add(waitLong); profileCalls() == before && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if profileCalls() == before {
		t.Fatal("the profile was not fetched while the note dialog was open")
	}
	h.slack.FailNext("users.info", http.StatusTooManyRequests, 30, "")
	h.submit("UINV", nv, map[string]any{bot.FieldNoteText: "Samtal med nattpersonalen.", bot.FieldNoteSource: "Intervju", bot.FieldNoteKind: "fact", bot.FieldNoteAttachment: "Bilaga 1"})
	notes, _ := h.store().Notes(context.Background(), id)
	if len(notes) != 1 || notes[0].By != (bot.Signature{User: "UINV", Name: "Kim Berg", Title: "Lex Sarah-utredare"}) || notes[0].Kind != bot.NoteFact {
		t.Errorf("notes = %+v", notes)
	}

	// Details: the whole report, for those allowed, and the read recorded.
	h.cardAction("UHEAD1", id, "case_details", "")
	dv := h.openedView(5)
	if !strings.Contains(text(dv), "SECRET-DETAIL") || !strings.Contains(text(dv), "Samtal med nattpersonalen") {
		t.Errorf("details lack the report or the note:\n%s", text(dv))
	}

	// Close: Lex Sarah applies, so exactly the five decisions.
	h.cardAction("UHEAD1", id, "case_close", "")
	cv := h.openedView(6)
	var decisions []string
	for _, o := range inputElement(cv, bot.FieldDecision)["options"].([]any) {
		decisions = append(decisions, o.(map[string]any)["value"].(string))
	}
	if diff := cmp.Diff(decisions, []string{"ls_risk", "ls_shortcoming", "ls_serious_risk", "ls_serious", "ls_none"}); diff != "" {
		t.Errorf("close decisions (-got +want):\n%s", diff)
	}
	if !strings.Contains(text(cv), "Det rapporterade utgjorde inte ett missförhållande eller en påtaglig risk för missförhållande.") {
		t.Error("the close dialog lacks the exact wording of decision 5")
	}
	if got := inputElement(cv, bot.FieldRegistryNumber)["initial_value"]; got != "SN 2026/77" {
		t.Errorf("the close dialog's registry number is %v, not the investigation's", got)
	}
	resp := h.submit("UHEAD1", cv, map[string]any{bot.FieldDecision: "ls_serious", bot.FieldActionsTaken: ""})
	if errs, _ := resp["errors"].(map[string]any); len(errs) != 4 || errs[bot.FieldRecur] == nil {
		t.Errorf("close without actions, causes, whether it could recur or IVO: %v", resp)
	}
	closure := map[string]any{bot.FieldDecision: "ls_serious", bot.FieldRootCauses: []string{"communication"},
		bot.CauseTextField("routines"): "Överlämningen var muntlig.", bot.FieldNoticedHow: "Sjuksköterskan såg det på måndagen.",
		bot.FieldConsistedOf: "Medicinen gavs inte.", bot.FieldConsequences: "Risk för allvarlig skada.", bot.FieldBefore: bot.Yes,
		bot.FieldWhyAgain: "Rutinen ändrades inte.", bot.FieldRecur: bot.No, bot.FieldRecurWhy: "Skriftlig rutin nu.",
		bot.FieldOther: "Anhöriga informerade.", bot.FieldActionsTaken: "Skriftlig överlämning infördes.", bot.FieldActionsAt: time.Now().Add(-time.Hour),
		bot.FieldRegistryNumber: "SN 2026/77", bot.FieldCommitteeAt: time.Now().Add(-time.Hour), bot.FieldIVOAt: time.Now(),
		bot.FieldCopyAttachedAt: time.Now(), bot.FieldCommitteeCopy: time.Now()}
	resp = h.submit("UHEAD1", cv, closure)
	if errs, _ := resp["errors"].(map[string]any); !strings.Contains(fmt.Sprint(errs[bot.FieldDecision]), "IVO") {
		t.Errorf("a serious shortcoming closed before IVO was notified: %v", resp)
	}
	// The notification to IVO, recorded from the card, stops its clock.
	h.cardAction("UHEAD1", id, "case_notify", "")
	iv := h.openedView(7)
	if got := inputElement(iv, bot.FieldAuthorityID)["initial_option"].(map[string]any)["value"]; got != string(bot.AuthorityIVO) {
		t.Errorf("the notification dialog offers %v first, not IVO, whose clock runs", got)
	}
	if resp := h.submit("UHEAD1", iv, map[string]any{bot.FieldReference: "3.1.1-4711/2026", bot.FieldNotifyNote: "Anmält via e-tjänsten."}); resp != nil {
		t.Fatalf("notification answered %v", resp)
	}
	waitUpdate(t, h, string(id), "3.1.1-4711/2026")
	if resp := h.submit("UHEAD1", cv, closure); resp != nil {
		t.Fatalf("close answered %v", resp)
	}
	c := h.waitCase(id, "closed", func(c bot.Case) bool { return c.Status == bot.StatusClosed })
	if c.Decision != bot.DecisionSerious || c.ClosedBy != "UHEAD1" {
		t.Errorf("closed case = %+v", c)
	}
	waitPost(t, h, "UREP", "avslutat")

	// The document, from the card, to the handler's direct message.
	h.cardAction("UHEAD1", id, "case_export", "")
	done := h.slack.WaitFor(t, "files.completeUploadExternal", 1, waitLong)
	if ch := done[0].Param("channel_id"); !strings.HasPrefix(ch, "D") {
		t.Errorf("document uploaded to %q, not a direct message", ch)
	}
	var uploaded string
	for _, b := range h.slack.Uploads() {
		uploaded = string(b)
	}
	for _, s := range []string{"# Utredning enligt lex Sarah – " + string(id), "| Utredare (namn och titel) | Kim Berg, Lex Sarah-utredare |",
		"| Diarienummer | SN 2026/77 |", "- [x] 4. Det rapporterade utgjorde ett allvarligt missförhållande.", "Sjuksköterskan såg det på måndagen.",
		"- [x] Processer, rutiner och riktlinjer", "Överlämningen var muntlig.", "- [x] Nej", "| IVO underrättad |",
		"| Kopia av avslutad utredning skickad till ansvarig nämnd |", "## 8. Fortlöpande dokumentation",
		"| Samtal med nattpersonalen. | Intervju | faktum | Bilaga 1 | Kim Berg, Lex Sarah-utredare |", "## Bilaga: Rapporten", "SECRET-DETAIL"} {
		if !strings.Contains(uploaded, s) {
			t.Errorf("the exported document lacks %q:\n%s", s, uploaded)
		}
	}
	eph = h.slack.WaitFor(t, "chat.postEphemeral", 2, waitLong)
	if !strings.Contains(eph[1].Param("text"), "direktmeddelande") {
		t.Errorf("the handler was not told where the document went: %s", eph[1].Body)
	}

	want := []string{"UREP:created", "incidentbot:receipt_sent", "incidentbot:card_posted", "UCOORD1:denied", "UCOORD1:assigned",
		"incidentbot:card_posted", "UCOORD1:escalated", "incidentbot:card_posted", "UHEAD1:investigation", "UINV:note_added", "UHEAD1:viewed_details",
		"UHEAD1:notified", "UHEAD1:note_added", "UHEAD1:closed", "UHEAD1:exported"}
	got := h.actions(id)
	for _, w := range want {
		if !contains(got, w) {
			t.Errorf("history lacks %s: %v", w, got)
		}
	}

	var out strings.Builder
	if err := h.run(&out, "case", "export", string(id), "--format", "md"); err != nil {
		t.Fatal(err)
	}
	doc := out.String()
	for _, s := range []string{"# Utredning enligt lex Sarah – " + string(id), "SN 2026/77", "Det rapporterade utgjorde ett allvarligt missförhållande.",
		"- [x] Processer, rutiner och riktlinjer", "| Samtal med nattpersonalen. | Intervju | faktum | Bilaga 1 | Kim Berg, Lex Sarah-utredare |"} {
		if !strings.Contains(doc, s) {
			t.Errorf("export lacks %q:\n%s", s, doc)
		}
	}
	if got := h.actions(id); got[len(got)-1] != operator()+":exported" {
		t.Errorf("the export was not recorded: %v", got)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestChannelWithAnInvolvedMemberIsBypassed(t *testing.T) {
	h := newHarness(t)
	h.slack.SetMembers("CCASES1", "UCOORD1", "UCOORD2", "UPERP")
	id := h.reported(bot.Harassment, "jobbtorg", map[string]any{bot.QInvolved: []string{"UPERP"}}, "named")
	c, _ := h.store().Case(context.Background(), id)
	if !c.Route.Escalated || c.Route.Reason != bot.ReasonChannelMemberInvolved {
		t.Errorf("route = %+v", c.Route)
	}
	for _, call := range h.slack.Calls("chat.postMessage") {
		if ch := call.Param("channel"); ch == "CCASES1" || ch == "UPERP" {
			t.Errorf("case posted to %s", ch)
		}
	}
	// The implicated person cannot get it by any button either.
	h.cardAction("UPERP", id, "case_details", "")
	h.slack.WaitFor(t, "chat.postEphemeral", 1, waitLong)
	if n := len(h.slack.Calls("views.open")); n != 1 {
		t.Errorf("%d dialogs opened; the implicated person saw details", n)
	}
}

func TestCoordinatorQueueOnAppHome(t *testing.T) {
	h := newHarness(t)
	id := h.reported(bot.WorkEnvironment, "jobbtorg", nil, "named")
	h.event("Ev-queue", map[string]any{"type": "app_home_opened", "user": "UCOORD1", "tab": "home"})
	if home := h.homeOf("UCOORD1"); !strings.Contains(home, string(id)) || !strings.Contains(home, "case_ack") {
		t.Errorf("the coordinator's Home tab has no queue with actions: %s", home)
	}
	h.event("Ev-queue-2", map[string]any{"type": "app_home_opened", "user": "UOUTSIDER", "tab": "home"})
	if home := h.homeOf("UOUTSIDER"); strings.Contains(home, string(id)) {
		t.Error("someone outside the route sees the case in their queue")
	}
}

// homeOf waits for user's Home tab to be published and returns it.
func (h *harness) homeOf(user string) string {
	h.t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		for _, c := range h.slack.Calls("views.publish") {
			if c.Param("user_id") == user {
				return string(c.Body)
			}
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("no Home tab published for %s", user)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestConfigReloadKeepsTheOldRoutesWhenBroken(t *testing.T) {
	h := newHarness(t)
	path := h.env["INCIDENTBOT_CONFIG"]

	writeFile(t, path, testConfig+"  - id: BROKEN\n")
	h.waitLog("configuration refused")
	id := h.reported(bot.Other, "jobbtorg", nil, "named")
	waitPost(t, h, "CCASES1", string(id)) // the old route holds

	writeFile(t, path, strings.Replace(testConfig, "channel: CCASES1", "channel: CNEWCASES", 1))
	h.waitLog("configuration reloaded")
	id = h.reported(bot.Other, "jobbtorg", nil, "named")
	waitPost(t, h, "CNEWCASES", string(id))

	// SIGHUP reloads too, and refuses a broken file the same way.
	writeFile(t, path, "units: []\n")
	deadline := time.Now().Add(waitLong)
	for strings.Count(h.stderr.String(), "configuration refused") < 2 {
		if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatal("SIGHUP did not reload")
		}
		time.Sleep(50 * time.Millisecond)
	}
	id = h.reported(bot.Other, "jobbtorg", nil, "named")
	waitPost(t, h, "CNEWCASES", string(id))
}

// waitLog waits for the bot's log to say s.
func (h *harness) waitLog(s string) {
	h.t.Helper()
	deadline := time.Now().Add(waitLong)
	for !strings.Contains(h.stderr.String(), s) {
		if time.Now().After(deadline) {
			h.t.Fatalf("the log never said %q:\n%s", s, h.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestClickIsWrittenBeforeItIsAnswered: when Slack has its answer to an
// acknowledgement or an assignment, the change is in Redis already – a
// crash after the answer loses nothing.
func TestClickIsWrittenBeforeItIsAnswered(t *testing.T) {
	h := newHarness(t)
	id := h.reported(bot.Other, "jobbtorg", nil, "named")
	h.cardAction("UCOORD1", id, "case_ack", "")
	if c, err := h.store().Case(context.Background(), id); err != nil || c.Status != bot.StatusAcknowledged {
		t.Errorf("answered before the acknowledgement was written: %v %v", c.Status, err)
	}
	h.cardAction("UCOORD1", id, "case_assign", "UCOORD2")
	if c, err := h.store().Case(context.Background(), id); err != nil || c.Assignee != "UCOORD2" {
		t.Errorf("answered before the assignment was written: %q %v", c.Assignee, err)
	}
}
