package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/redistest"
	"github.com/incidentbot/incidentbot/internal/slackfake"
)

// validAnswers answers the category step of each category; every report
// also gets a description that must never reach a channel.
var validAnswers = map[bot.Category]map[string]any{
	bot.PersonalData: {bot.QPDWhose: []string{"clients"}, bot.QPDDataKind: []string{"health", "id_number"}, bot.QPDHow: "wrong_recipient",
		bot.QPDCount: "1", bot.QPDRecipient: "en kollega", bot.QPDRecipientBound: "yes", bot.QPDLeftOrg: "no", bot.QPDContained: "yes"},
	bot.Harassment: {bot.QHAByRole: "participant", bot.QHAAgainstRole: "participant", bot.QHASexual: "no", bot.QHAWitnesses: "två deltagare",
		bot.QHAOngoing: "yes", bot.QHAAware: "yes", bot.QHAOffence: "no"},
	bot.ThreatViolence: {bot.QTVDanger: "no", bot.QTVBy: "en klient", bot.QTVAgainst: "en handläggare", bot.QTVKind: []string{"verbal"},
		bot.QTVInjury: "none", bot.QTVSickLeave: "no", bot.QTVEvidence: "yes", bot.QTVPolice: "not_yet"},
	bot.Confidentiality: {bot.QCOKind: "leak", bot.QCOWhat: "personalens scheman", bot.QCOTo: "en klient", bot.QCOBy: "okänd",
		bot.QCORisk: "no", bot.QCOBefore: "no"},
	bot.CareQuality:     {bot.QCQService: "hemtjänst", bot.QCQWho: "en brukare", bot.QCQHarm: "risk", bot.QCQSafe: "yes", bot.QCQBefore: "unknown"},
	bot.WorkEnvironment: {bot.QWEInjury: "minor", bot.QWESeveral: "no", bot.QWESickLeave: "no", bot.QWECouldHave: "no", bot.QWESafetyRep: "yes"},
	bot.Other:           {},
}

const secretText = "SECRET-DETAIL <!channel> & <https://evil.test|ok>"

func answersFor(cat bot.Category, extra map[string]any) map[string]any {
	a := map[string]any{bot.QDescription: secretText + " " + string(cat), bot.QWhere: "Receptionen", bot.QHowNoticed: "self", bot.QActions: "Raderade mejlet."}
	for k, v := range validAnswers[cat] {
		a[k] = v
	}
	for k, v := range extra {
		a[k] = v
	}
	return a
}

// reportThrough walks the whole dialog and returns the done view.
func (h *harness) reportThrough(user string, cat bot.Category, unit string, answers map[string]any, identity string) map[string]any {
	h.t.Helper()
	v1 := h.openDialog(user)
	v2 := pushed(h.t, h.submit(user, v1, stepOneValues(cat, unit)), "push")
	v3 := pushed(h.t, h.submit(user, v2, answers), "push")
	return pushed(h.t, h.submit(user, v3, map[string]any{bot.FieldIdentity: identity}), "update")
}

func caseIDIn(t *testing.T, done map[string]any) bot.CaseID {
	t.Helper()
	for _, f := range strings.Fields(text(done)) {
		if _, _, _, err := bot.ParseCaseID(f); err == nil {
			return bot.CaseID(f)
		}
	}
	t.Fatalf("no case id in the done view: %s", text(done))
	return ""
}

func TestReportEveryCategoryEndToEnd(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	year := time.Now().In(mustZone(t)).Year()
	for i, info := range bot.Categories {
		t.Run(string(info.ID), func(t *testing.T) {
			h.t = t
			user := fmt.Sprintf("UREP%d", i)
			v1 := h.openDialog(user)
			if v1["callback_id"] != "report_step1" || v1["notify_on_close"] != true {
				t.Fatalf("first view: callback %v, notify_on_close %v", v1["callback_id"], v1["notify_on_close"])
			}
			var cats []string
			for _, o := range inputElement(v1, bot.FieldCategory)["options"].([]any) {
				cats = append(cats, o.(map[string]any)["value"].(string))
			}
			if diff := cmp.Diff(cats, []string{"personal_data", "harassment", "threat_violence", "confidentiality", "care_quality", "work_environment", "other"}); diff != "" {
				t.Errorf("category option values (-got +want):\n%s", diff)
			}

			v2 := pushed(t, h.submit(user, v1, stepOneValues(info.ID, "jobbtorg")), "push")
			var want []string
			for _, q := range bot.QuestionsFor(info.ID) {
				want = append(want, q.ID)
			}
			if diff := cmp.Diff(inputFields(v2), want); diff != "" {
				t.Errorf("category step fields (-got +want):\n%s", diff)
			}

			answers := answersFor(info.ID, nil)
			v3 := pushed(t, h.submit(user, v2, answers), "push")
			review := text(v3)
			if v3["callback_id"] != "report_review" || !strings.Contains(review, "SECRET-DETAIL &lt;!channel&gt; &amp; &lt;https://evil.test|ok&gt;") {
				t.Errorf("review does not show the escaped description:\n%s", review)
			}
			if inputElement(v3, bot.FieldIdentity) == nil {
				t.Error("review has no identity choice")
			}

			done := pushed(t, h.submit(user, v3, map[string]any{bot.FieldIdentity: "named"}), "update")
			if done["clear_on_close"] != true {
				t.Error("the done view must close the whole stack")
			}
			id := caseIDIn(t, done)
			if !strings.HasPrefix(string(id), fmt.Sprintf("INC-%d-", year)) {
				t.Errorf("case id %s", id)
			}

			c, err := h.store().Case(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if c.Status != bot.StatusNew || c.Category != info.ID || c.Unit != "jobbtorg" || c.Reporter != user {
				t.Errorf("stored case = %+v", c)
			}
			rep, err := h.store().Report(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Answers.Text(bot.QDescription) != secretText+" "+string(info.ID) {
				t.Errorf("stored description = %q", rep.Answers.Text(bot.QDescription))
			}
			hist, _ := h.store().History(ctx, id)
			if len(hist) == 0 || hist[0].Action != bot.ActionCreated || hist[0].Actor != user {
				t.Errorf("history = %+v", hist)
			}

			channel := "CCASES1"
			if info.ID == bot.ThreatViolence {
				channel = "CSECURITY"
			}
			receipt := waitPost(t, h, user, string(id))
			card := waitPost(t, h, channel, string(id))
			for _, m := range []string{receipt, card} {
				if strings.Contains(m, "SECRET-DETAIL") {
					t.Errorf("a message carries the report's text:\n%s", m)
				}
			}
		})
	}
}

// waitPost waits for a chat.postMessage to channel that mentions id and
// returns everything it said.
func waitPost(t *testing.T, h *harness, channel, id string) string {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for n := 1; time.Now().Before(deadline); n++ {
		// One list for the look and the wait: a message posted in between
		// is then waited for, not counted as seen and missed.
		calls := h.slack.Calls("chat.postMessage")
		for _, c := range calls {
			body := c.Param("text") + c.Param("blocks")
			if c.Param("channel") == channel && strings.Contains(body, id) {
				return body
			}
		}
		h.slack.WaitFor(t, "chat.postMessage", len(calls)+1, time.Until(deadline))
	}
	t.Fatalf("no message to %s about %s", channel, id)
	return ""
}

func mustZone(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestThreatInDangerLeadsWith112(t *testing.T) {
	h := newHarness(t)
	v1 := h.openDialog("UREP")
	v2 := pushed(t, h.submit("UREP", v1, stepOneValues(bot.ThreatViolence, "lss-home")), "push")
	if inputFields(v2)[0] != bot.QTVDanger {
		t.Errorf("the danger question is not first: %v", inputFields(v2))
	}
	v3 := pushed(t, h.submit("UREP", v2, answersFor(bot.ThreatViolence, map[string]any{bot.QTVDanger: "yes"})), "push")
	first := blocksOf(v3)[0]
	if first["type"] != "header" || !strings.Contains(text(first), "112") {
		t.Errorf("review does not lead with 112: %v", first)
	}
	done := pushed(t, h.submit("UREP", v3, map[string]any{bot.FieldIdentity: "named"}), "update")
	if !strings.Contains(text(blocksOf(done)[0]), "112") {
		t.Error("done view does not lead with 112")
	}
	id := caseIDIn(t, done)
	c, _ := h.store().Case(context.Background(), id)
	if c.Severity != bot.Critical || !c.ImmediateDanger {
		t.Errorf("case severity %s danger %v", c.Severity, c.ImmediateDanger)
	}
	waitPost(t, h, "CSECURITY", string(id))
}

func TestValidationErrorsKeepInput(t *testing.T) {
	h := newHarness(t)
	v1 := h.openDialog("UREP")
	// Step one: no category, discovery before occurrence.
	bad := stepOneValues(bot.PersonalData, "jobbtorg")
	delete(bad, bot.FieldCategory)
	bad[bot.FieldDiscoveredAt] = bad[bot.FieldOccurredAt].(time.Time).Add(-time.Hour)
	resp := h.submit("UREP", v1, bad)
	errs, _ := resp["errors"].(map[string]any)
	if resp["response_action"] != "errors" || len(errs) != 2 {
		t.Fatalf("answer = %v, want errors on two fields", resp)
	}
	for bid := range errs {
		if f, _, _ := strings.Cut(bid, "."); f != bot.FieldCategory && f != bot.FieldDiscoveredAt {
			t.Errorf("error on %s", bid)
		}
	}
	// Error keys are the view's own input block ids, so Slack shows them.
	ids := map[string]bool{}
	for _, b := range blocksOf(v1) {
		if bid, ok := b["block_id"].(string); ok {
			ids[bid] = true
		}
	}
	for bid := range errs {
		if !ids[bid] {
			t.Errorf("error key %s is not a block of the view", bid)
		}
	}

	v2 := pushed(t, h.submit("UREP", v1, stepOneValues(bot.Harassment, "jobbtorg")), "push")
	long := strings.Repeat("å", 3001)
	resp = h.submit("UREP", v2, answersFor(bot.Harassment, map[string]any{bot.QDescription: long, bot.QHAOngoing: "perhaps"}))
	errs, _ = resp["errors"].(map[string]any)
	if resp["response_action"] != "errors" || len(errs) != 2 {
		t.Fatalf("answer = %v, want errors on the description and the choice", resp)
	}
	for bid, msg := range errs {
		if strings.HasPrefix(bid, bot.QDescription+".") && !strings.Contains(msg.(string), "3001") {
			t.Errorf("too-long message %q does not say how long", msg)
		}
	}
	// Nothing was cut or stored: the draft still has no category step.
	drafts, _ := h.store().Drafts(context.Background(), "UREP")
	if len(drafts) != 1 || drafts[0].Step != 1 || len(drafts[0].Answers) != 0 {
		t.Errorf("draft after refused step = %+v", drafts)
	}
	// Corrected, it goes through.
	pushed(t, h.submit("UREP", v2, answersFor(bot.Harassment, nil)), "push")
}

func TestDraftResume(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	v1 := h.openDialog("UREP")
	v2 := pushed(t, h.submit("UREP", v1, stepOneValues(bot.CareQuality, "lss-home")), "push")
	// Half-written, then the whole dialog is closed.
	h.closeView("UREP", v2, map[string]any{bot.QDescription: "Halvskriven text", bot.QCQService: "LSS-boende"}, true)
	drafts, _ := h.store().Drafts(ctx, "UREP")
	if len(drafts) != 1 || drafts[0].Answers.Text(bot.QDescription) != "Halvskriven text" {
		t.Fatalf("drafts after close = %+v", drafts)
	}

	// App Home offers it.
	if status := h.event("Ev-home-1", map[string]any{"type": "app_home_opened", "user": "UREP", "channel": "D1", "tab": "home"}); status != http.StatusOK {
		t.Fatalf("event answered %d", status)
	}
	home := h.slack.WaitFor(t, "views.publish", 1, waitLong)
	if !strings.Contains(string(home[len(home)-1].Body), "draft_resume") {
		t.Error("App Home does not offer the draft")
	}

	// /report resumes it, with the unit and category chosen.
	again := h.openDialog("UREP")
	if got := inputElement(again, bot.FieldCategory)["initial_option"].(map[string]any)["value"]; got != "care_quality" {
		t.Errorf("resumed category = %v", got)
	}
	if got := inputElement(again, bot.FieldUnit)["initial_option"].(map[string]any)["value"]; got != "lss-home" {
		t.Errorf("resumed unit = %v", got)
	}
	if !strings.Contains(text(again), "utkast") {
		t.Errorf("resumed dialog does not say it is a draft:\n%s", text(again))
	}
	v2 = pushed(t, h.submit("UREP", again, stepOneValues(bot.CareQuality, "lss-home")), "push")
	if got := inputElement(v2, bot.QDescription)["initial_value"]; got != "Halvskriven text" {
		t.Errorf("resumed description = %v", got)
	}
}

func TestMessageShortcutPrefills(t *testing.T) {
	h := newHarness(t)
	status, _ := h.interact(map[string]any{
		"type": "message_action", "callback_id": "report_message", "trigger_id": "trigger-msg",
		"team": map[string]any{"id": "T1"}, "user": map[string]any{"id": "UREP"},
		"channel": map[string]any{"id": "CGENERAL", "name": "general"},
		"message": map[string]any{"type": "message", "user": "UAUTHOR", "ts": "1700000000.000200",
			"text": "Här är intyget för deltagaren &lt;privat&gt; &amp; mer"},
		"response_url": "https://hooks.slack.test/1",
	})
	if status != http.StatusOK {
		t.Fatalf("message shortcut answered %d", status)
	}
	v1 := h.openedView(1)
	h.slack.WaitFor(t, "chat.getPermalink", 1, waitLong)
	// The permalink is stored after the view opens; give it its moment.
	deadline := time.Now().Add(waitLong)
	for {
		ds, _ := h.store().Drafts(context.Background(), "UREP")
		if len(ds) == 1 && ds[0].Source != nil && ds[0].Source.Permalink != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("permalink never stored: %+v", ds)
		}
		time.Sleep(5 * time.Millisecond)
	}
	v2 := pushed(t, h.submit("UREP", v1, stepOneValues(bot.PersonalData, "jobbtorg")), "push")
	if got := inputElement(v2, bot.QDescription)["initial_value"]; got != "Här är intyget för deltagaren <privat> & mer" {
		t.Errorf("description prefill = %q", got)
	}
	if got := inputElement(v2, bot.QInvolved)["initial_users"]; !cmp.Equal(got, []any{"UAUTHOR"}) {
		t.Errorf("involved prefill = %v", got)
	}
	if !strings.Contains(text(v2), "https://fake.slack.test/archives/CGENERAL/p1700000000000200") {
		t.Errorf("permalink not shown:\n%s", text(v2))
	}
}

func TestDuplicateSubmissionCreatesOneCase(t *testing.T) {
	h := newHarness(t)
	v1 := h.openDialog("UREP")
	v2 := pushed(t, h.submit("UREP", v1, stepOneValues(bot.Other, "jobbtorg")), "push")
	v3 := pushed(t, h.submit("UREP", v2, answersFor(bot.Other, nil)), "push")
	var wg sync.WaitGroup
	ids := make([]bot.CaseID, 4)
	for i := range ids {
		wg.Go(func() {
			done := pushed(t, h.submit("UREP", v3, map[string]any{bot.FieldIdentity: "named"}), "update")
			ids[i] = caseIDIn(t, done)
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("submissions got different cases: %v", ids)
		}
	}
	mine, _ := h.store().CasesByReporter(context.Background(), "UREP", []int{time.Now().Year()}, 10)
	if len(mine) != 1 {
		t.Errorf("%d cases stored, want 1", len(mine))
	}
	waitPost(t, h, "CCASES1", string(ids[0]))
	h.waitIdle() // a duplicate delivery would have shown by now
	cards := 0
	for _, c := range h.slack.Calls("chat.postMessage") {
		if c.Param("channel") == "CCASES1" {
			cards++
		}
	}
	if cards != 1 {
		t.Errorf("%d cards posted, want 1", cards)
	}
}

// TestSentDialogStartsNoRepeat: the same draft open in a second window,
// and the late close of a sent dialog's stack, must not turn the next
// report into a repeat of the sent one.
func TestSentDialogStartsNoRepeat(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	a1 := h.openDialog("UREP")
	a2 := pushed(t, h.submit("UREP", a1, stepOneValues(bot.CareQuality, "lss-home")), "push")
	b1 := h.openDialog("UREP") // the same draft, resumed in another window
	a3 := pushed(t, h.submit("UREP", a2, answersFor(bot.CareQuality, nil)), "push")
	first := caseIDIn(t, pushed(t, h.submit("UREP", a3, map[string]any{bot.FieldIdentity: "named"}), "update"))
	h.closeView("UREP", a1, stepOneValues(bot.CareQuality, "lss-home"), true)
	if ds, _ := h.store().Drafts(ctx, "UREP"); len(ds) != 0 {
		t.Errorf("the sent report came back as %d drafts", len(ds))
	}

	b2 := pushed(t, h.submit("UREP", b1, stepOneValues(bot.ThreatViolence, "lss-home")), "push")
	b3 := pushed(t, h.submit("UREP", b2, answersFor(bot.ThreatViolence, nil)), "push")
	second := caseIDIn(t, pushed(t, h.submit("UREP", b3, map[string]any{bot.FieldIdentity: "named"}), "update"))
	c, err := h.store().Case(ctx, second)
	if err != nil || second == first || c.Category != bot.ThreatViolence {
		t.Errorf("second window's report = %s (%s, %v), first %s", second, c.Category, err, first)
	}
}

func TestAnonymousReport(t *testing.T) {
	h := newHarness(t)
	done := h.reportThrough("UREP", bot.Harassment, "jobbtorg", answersFor(bot.Harassment, nil), "anonymous")
	id := caseIDIn(t, done)
	c, _ := h.store().Case(context.Background(), id)
	if c.Reporter != bot.AnonymousReporter {
		t.Errorf("reporter = %q", c.Reporter)
	}
	card := waitPost(t, h, "CCASES1", string(id))
	if strings.Contains(card, "UREP") {
		t.Error("the card names the anonymous reporter")
	}
	waitPost(t, h, "UREP", string(id)) // the receipt still reaches them
	hist, _ := h.store().History(context.Background(), id)
	for _, e := range hist {
		if strings.Contains(fmt.Sprint(e), "UREP") {
			t.Errorf("history names the anonymous reporter: %+v", e)
		}
	}
}

func TestInvolvedCoordinatorIsBypassed(t *testing.T) {
	h := newHarness(t)
	v1 := h.openDialog("UREP")
	v2 := pushed(t, h.submit("UREP", v1, stepOneValues(bot.Harassment, "jobbtorg")), "push")
	v3 := pushed(t, h.submit("UREP", v2, answersFor(bot.Harassment, map[string]any{bot.QInvolved: []string{"UCOORD2"}})), "push")
	review := text(v3)
	if strings.Contains(review, "UCOORD1") || !strings.Contains(review, "Eskaleringspersonerna för Jobbtorg Skärholmen") || !strings.Contains(review, "<@UHEAD1>") {
		t.Errorf("review of an escalation names the usual recipients, or not the escalation people by role and name:\n%s", review)
	}
	done := pushed(t, h.submit("UREP", v3, map[string]any{bot.FieldIdentity: "named"}), "update")
	id := caseIDIn(t, done)
	waitPost(t, h, "UHEAD1", string(id))
	for _, c := range h.slack.Calls("chat.postMessage") {
		if ch := c.Param("channel"); ch == "CCASES1" || ch == "UCOORD2" || ch == "UCOORD1" {
			t.Errorf("escalated case posted to %s", ch)
		}
	}
}

func TestStatusAndHelp(t *testing.T) {
	h := newHarness(t)
	h.slack.SetUser("UENG", slackfake.User{Locale: "en-US", RealName: "Eng User"})
	status, body := h.command("UENG", "status")
	if status != http.StatusOK || !strings.Contains(string(body), "not reported anything") {
		t.Errorf("status before any report: %d %s", status, body)
	}
	done := h.reportThrough("UENG", bot.WorkEnvironment, "lss-home", answersFor(bot.WorkEnvironment, nil), "named")
	id := caseIDIn(t, done)
	if !strings.Contains(text(done), "What happens next") {
		t.Errorf("an English user got:\n%s", text(done))
	}
	_, body = h.command("UENG", "status")
	if !strings.Contains(string(body), string(id)) || !strings.Contains(string(body), "ephemeral") {
		t.Errorf("status lists no %s: %s", id, body)
	}
	_, body = h.command("USV", "help")
	if !strings.Contains(string(body), "öppnar rapportformuläret") {
		t.Errorf("Swedish help: %s", body)
	}
	_, body = h.command("USV", "gibberish")
	if !strings.Contains(string(body), "känner jag inte igen") {
		t.Errorf("unknown text: %s", body)
	}
}

func TestBadSignatureChangesNothing(t *testing.T) {
	h := newHarness(t)
	// The loops' first runs record what the bot keeps by itself (its first
	// start, the day's culling run): the count begins once they have.
	for _, loop := range []string{"sweep", "remind", "digest", "retention", "reload"} {
		waitMetric(t, h.base, `incidentbot_loop_runs_total{loop="`+loop+`"}`, 1)
	}
	before := h.redis.Client(t).DBSize(context.Background()).Val()
	form := []byte("command=%2Freport&text=&user_id=UREP&trigger_id=t1")
	cases := []struct {
		name   string
		secret string
		at     time.Time
	}{
		{"wrong secret", "not-the-secret", time.Now()},
		{"stale timestamp", testSecret, time.Now().Add(-6 * time.Minute)},
		{"future timestamp", testSecret, time.Now().Add(6 * time.Minute)},
	}
	for _, c := range cases {
		for _, path := range []string{"/slack/commands", "/slack/interactions", "/slack/events"} {
			if status, _ := h.post(path, "application/x-www-form-urlencoded", form, c.secret, c.at); status != http.StatusUnauthorized {
				t.Errorf("%s to %s: %d, want 401", c.name, path, status)
			}
		}
	}
	req, _ := http.NewRequest(http.MethodPost, h.base+"/slack/commands", strings.NewReader(string(form)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned request: %d", resp.StatusCode)
	}
	if n := len(h.slack.Calls("")); n != 0 {
		t.Errorf("forged requests caused %d Slack calls", n)
	}
	if after := h.redis.Client(t).DBSize(context.Background()).Val(); after != before {
		t.Errorf("forged requests changed Redis: %d keys, were %d", after, before)
	}
}

func TestRedisOutageIsToldAndSurvived(t *testing.T) {
	h := newHarness(t)
	v1 := h.openDialog("UREP")
	v2 := pushed(t, h.submit("UREP", v1, stepOneValues(bot.Other, "jobbtorg")), "push")
	h.redis.Stop(t)

	resp := h.submit("UREP", v2, answersFor(bot.Other, nil))
	if resp["response_action"] != "errors" || !strings.Contains(text(resp["errors"])+fmt.Sprint(resp["errors"]), "lagring") {
		t.Errorf("during the outage the dialog answered %v", resp)
	}
	if status, body := h.command("UREP", ""); status != http.StatusOK || !strings.Contains(string(body), "lagring") {
		t.Errorf("/report during the outage: %d %s", status, body)
	}
	if get(t, h.base+"/healthz") != http.StatusOK {
		t.Error("/healthz failed during the outage")
	}
	if get(t, h.base+"/readyz") != http.StatusServiceUnavailable {
		t.Error("/readyz passed during the outage")
	}

	h.redis.Start(t)
	deadline := time.Now().Add(waitLong)
	for get(t, h.base+"/readyz") != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("/readyz never recovered")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The same view, submitted again, goes through: nothing was lost.
	v3 := pushed(t, h.submit("UREP", v2, answersFor(bot.Other, nil)), "push")
	done := pushed(t, h.submit("UREP", v3, map[string]any{bot.FieldIdentity: "named"}), "update")
	waitPost(t, h, "CCASES1", string(caseIDIn(t, done)))
}

func TestCaseSurvivesRestart(t *testing.T) {
	h := newHarness(t)
	done := h.reportThrough("UREP", bot.Confidentiality, "jobbtorg", answersFor(bot.Confidentiality, nil), "named")
	id := caseIDIn(t, done)
	h.stop()
	h.start()
	c, err := h.store().Case(context.Background(), id)
	if err != nil || c.ID != id {
		t.Fatalf("after restart: %+v %v", c, err)
	}
	_, body := h.command("UREP", "status")
	if !strings.Contains(string(body), string(id)) {
		t.Errorf("status after restart lacks %s: %s", id, body)
	}
	// A second report after the restart continues the sequence.
	done = h.reportThrough("UREP", bot.Other, "jobbtorg", answersFor(bot.Other, nil), "named")
	if next := caseIDIn(t, done); next <= id {
		t.Errorf("case id after restart %s, first was %s", next, id)
	}
}

// TestRateLimitedCardIsRetriedAfterRetryAfter: a 429 is waited out inside
// the client; a 503, which Slack may have acted on, is tried again by the
// delivery's back-off, after a look in the DM for the message.
func TestRateLimitedCardIsRetriedAfterRetryAfter(t *testing.T) {
	h := newHarness(t)
	h.slack.FailNext("chat.postMessage", http.StatusTooManyRequests, 1, "")
	h.slack.FailNext("chat.postMessage", http.StatusServiceUnavailable, 0, "")
	done := h.reportThrough("UREP", bot.Other, "jobbtorg", answersFor(bot.Other, nil), "named")
	id := string(caseIDIn(t, done))
	h.waitDelivered(bot.CaseID(id))
	if len(h.slack.Calls("conversations.history")) == 0 {
		t.Error("the try after the 503 did not look for an earlier copy")
	}
	calls := h.slack.Calls("chat.postMessage")
	if len(calls) < 4 {
		t.Fatalf("%d postMessage calls, want the two failures and two successes", len(calls))
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < time.Second {
		t.Errorf("retried %v after a 429 with Retry-After: 1", gap)
	}
	h.waitDelivered(bot.CaseID(id))
}

// waitDelivered waits until the case's receipt and cards are recorded.
func (h *harness) waitDelivered(id bot.CaseID) bot.Case {
	h.t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		c, err := h.store().Case(context.Background(), id)
		if err == nil && c.Delivered() {
			return c
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("case %s not delivered: %+v %v", id, c, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestAppHomeAndEvents(t *testing.T) {
	h := newHarness(t)
	status, body := h.post("/slack/events", "application/json", []byte(`{"token":"x","challenge":"c-123","type":"url_verification"}`), testSecret, time.Now())
	if status != http.StatusOK || string(body) != "c-123" {
		t.Errorf("url_verification: %d %q", status, body)
	}
	for range 3 { // Slack's retries of the same event
		h.event("Ev-dup", map[string]any{"type": "app_home_opened", "user": "UREP", "channel": "D1", "tab": "home"})
	}
	h.event("Ev-msgs", map[string]any{"type": "app_home_opened", "user": "UREP", "channel": "D1", "tab": "messages"})
	calls := h.slack.WaitFor(t, "views.publish", 1, waitLong)
	h.waitIdle()
	if n := len(h.slack.Calls("views.publish")); n != 1 {
		t.Errorf("%d publishes for one event, want 1", n)
	}
	if calls[0].Param("user_id") != "UREP" || !strings.Contains(string(calls[0].Body), "home_report") {
		t.Errorf("home view: %s", calls[0].Body)
	}
	// The Home tab's button opens the dialog.
	h.interact(map[string]any{"type": "block_actions", "user": map[string]any{"id": "UREP"}, "trigger_id": "trigger-home",
		"team": map[string]any{"id": "T1"}, "container": map[string]any{"type": "view", "view_id": "VHOME"},
		"actions": []any{map[string]any{"action_id": "home_report", "block_id": "home_actions", "type": "button", "value": "new"}}})
	if v := h.openedView(1); v["callback_id"] != "report_step1" {
		t.Errorf("home button opened %v", v["callback_id"])
	}
	// The global shortcut opens it too.
	h.interact(map[string]any{"type": "shortcut", "callback_id": "report_incident", "trigger_id": "trigger-sc",
		"team": map[string]any{"id": "T1"}, "user": map[string]any{"id": "UREP"}})
	if v := h.openedView(2); v["callback_id"] != "report_step1" {
		t.Errorf("global shortcut opened %v", v["callback_id"])
	}
}

func get(t *testing.T, u string) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestCaseShowJSON(t *testing.T) {
	h := newHarness(t)
	done := h.reportThrough("UREP", bot.PersonalData, "jobbtorg", answersFor(bot.PersonalData, nil), "named")
	id := caseIDIn(t, done)
	waitPost(t, h, "CCASES1", string(id))
	var out strings.Builder
	if err := h.run(&out, "case", "show", string(id), "--json"); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"id"`, `"status": "new"`, `"category": "personal_data"`, `"severity"`, `"unit": "jobbtorg"`,
		`"reporter": "UREP"`, `"assignee"`, `"acknowledged_by"`, `"created_at"`, `"history"`, `"actor": "UREP"`, `"action": "created"`} {
		if !strings.Contains(out.String(), key) {
			t.Errorf("case show lacks %s:\n%s", key, out.String())
		}
	}
	if strings.Contains(out.String(), "SECRET-DETAIL") {
		t.Error("case show prints the report's text")
	}
	if err := h.run(&out, "case", "show", "INC-1999-0001", "--json"); err == nil {
		t.Error("case show of a missing case succeeded")
	}
}

func TestStartupRefusesBadEnvironment(t *testing.T) {
	tests := []struct {
		env  []string
		want string
	}{
		{[]string{"SLACK_BOT_TOKEN", ""}, "SLACK_BOT_TOKEN"},
		{[]string{"SLACK_BOT_TOKEN", "nope"}, "SLACK_BOT_TOKEN"},
		{[]string{"SLACK_SIGNING_SECRET", ""}, "SLACK_SIGNING_SECRET"},
		{[]string{"REDIS_URL", "http://example.test"}, "REDIS_URL"},
	}
	for _, tt := range tests {
		env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", tt.env[0]: tt.env[1]}
		err := runCommand(env, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Count(err.Error(), "\n") > 0 {
			t.Errorf("%v: err = %v, want one line naming %s", tt.env, err, tt.want)
		}
	}
}

// TestStartupRefusesAClusterNodeAsOneServer: REDIS_URL redis:// naming a
// node of a Redis Cluster is refused at start with a line that says to use
// redis+cluster://, instead of reports failing later.
func TestStartupRefusesAClusterNodeAsOneServer(t *testing.T) {
	node := redistest.Start(t, "--cluster-enabled", "yes")
	h := prepareHarness(t, testConfig, slackfake.New(t), redistest.Start(t), nil)
	h.env["REDIS_URL"] = node.URL()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a bot that starts serving would run until then
	defer cancel()
	err := run(ctx, []string{"incidentbot"}, h.getenv, io.Discard, io.Discard, testSettings(nil))
	if err == nil || !strings.Contains(err.Error(), "redis+cluster://") || strings.Contains(err.Error(), "\n") {
		t.Errorf("start with redis:// to a cluster node: %v, want one line naming redis+cluster://", err)
	}
}

func TestCheckConfig(t *testing.T) {
	var out strings.Builder
	if err := runCommand(nil, &out, "check-config", "../../incidentbot.example.yaml"); err != nil {
		t.Fatalf("the example fails: %v\n%s", err, out.String())
	}
	bad := t.TempDir() + "/bad.yaml"
	writeFile(t, bad, "units:\n  - id: BAD ID\n    coordinators: []\n    colour: blue\n")
	err := runCommand(nil, &out, "check-config", bad)
	if err == nil || !strings.Contains(err.Error(), "bad.yaml:2") || !strings.Contains(err.Error(), "colour") {
		t.Errorf("bad config: %v", err)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestExpiredTriggerIsTold(t *testing.T) {
	h := newHarness(t)
	h.slack.FailNext("views.open", http.StatusOK, 0, "expired_trigger_id")
	status, body := h.command("UREP", "")
	if status != http.StatusOK || !strings.Contains(string(body), "kunde inte öppnas") {
		t.Errorf("/report with an expired trigger: %d %s", status, body)
	}
	// The next attempt works.
	if v := h.openDialog("UREP"); v["callback_id"] != "report_step1" {
		t.Errorf("second attempt opened %v", v["callback_id"])
	}
}

func TestUnitWithoutChannelGetsCardsByDM(t *testing.T) {
	h := newHarness(t)
	h.slack.SetUser("UCOORD3", slackfake.User{Locale: "en-GB", RealName: "Coordinator Three"})
	done := h.reportThrough("UREP", bot.CareQuality, "lss-home", answersFor(bot.CareQuality, nil), "named")
	id := string(caseIDIn(t, done))
	card := waitPost(t, h, "UCOORD3", id)
	if !strings.Contains(card, `"Acknowledge"`) {
		t.Errorf("the DM card is not in the coordinator's language:\n%s", card)
	}
	h.waitDelivered(bot.CaseID(id))
}
