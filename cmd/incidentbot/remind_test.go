package main

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/redistest"
	"github.com/incidentbot/incidentbot/internal/slackfake"
)

// reportBreach files a personal data breach discovered ago, at jobbtorg,
// by the dialog, and returns its case id.
func (h *harness) reportBreach(ago time.Duration) bot.CaseID {
	h.t.Helper()
	now := h.clock.Now()
	v1 := h.openDialog("UREP")
	one := map[string]any{bot.FieldCategory: string(bot.PersonalData), bot.FieldUnit: "jobbtorg",
		bot.FieldOccurredAt: now.Add(-ago - time.Hour), bot.FieldDiscoveredAt: now.Add(-ago)}
	v2 := pushed(h.t, h.submit("UREP", v1, one), "push")
	v3 := pushed(h.t, h.submit("UREP", v2, answersFor(bot.PersonalData, nil)), "push")
	return caseIDIn(h.t, pushed(h.t, h.submit("UREP", v3, map[string]any{bot.FieldIdentity: "named"}), "update"))
}

// reminders lists the reminders of the case the fake Slack received, as
// "<user>:<first line>".
func reminders(h *harness, id bot.CaseID) []string {
	var out []string
	for _, c := range h.slack.Calls("chat.postMessage") {
		if t := c.Param("text"); strings.HasPrefix(t, "Påminnelse "+string(id)) {
			out = append(out, c.Param("channel")+":"+t+":"+c.Param("blocks"))
		}
	}
	return out
}

// TestIMYReminderOnceAndStoppedByTheNotification: a breach discovered 70
// hours ago reminds its coordinators at once – once, though two bot
// instances share the Redis; recording the notification to IMY from the
// reminder's button stops the reminder at the deadline.
func TestIMYReminderOnceAndStoppedByTheNotification(t *testing.T) {
	clock := newClock(time.Now())
	slack, redis := slackfake.New(t), redistest.Shared(t)
	h := startHarnessWith(t, testConfig, slack, redis, clock)
	other := startHarnessWith(t, testConfig, slack, redis, clock)
	id := h.reportBreach(70 * time.Hour)
	body := waitPost(t, h, "UCOORD1", "Påminnelse "+string(id))
	if !strings.Contains(body, "IMY") || !strings.Contains(body, "case_notify") {
		t.Errorf("the reminder does not name IMY's deadline or offer the notification:\n%s", body)
	}
	waitPost(t, h, "UCOORD2", "Påminnelse "+string(id))
	h.waitLoopRuns("remind")
	other.waitLoopRuns("remind")
	if got := reminders(h, id); len(got) != 2 {
		t.Errorf("%d reminders from two instances, want one to each coordinator: %v", len(got), got)
	}

	// The reminder's button records the notification.
	n := len(slack.Calls("views.open"))
	h.cardAction("UCOORD1", id, "case_notify", "")
	nv := h.openedView(n + 1)
	if resp := h.submit("UCOORD1", nv, map[string]any{bot.FieldReference: "IMY-2026-0815"}); resp != nil {
		t.Fatalf("the notification answered %v", resp)
	}
	h.waitCase(id, "notified", func(c bot.Case) bool { return len(c.Notifications) == 1 })
	clock.Set(clock.Now().Add(3 * time.Hour)) // past the 72 hours
	h.waitLoopRuns("remind")
	other.waitLoopRuns("remind")
	if got := reminders(h, id); len(got) != 2 {
		t.Errorf("a met deadline reminded again: %v", got)
	}
	hist, _ := h.store().History(context.Background(), id)
	var notified bool
	for _, e := range hist {
		notified = notified || e.Action == bot.ActionNotified && e.Fields["reference"] == "IMY-2026-0815"
	}
	if !notified {
		t.Errorf("the notification is not in the history: %v", h.actions(id))
	}
}

// TestNoLexSarahOutsideLexSarahUnits: a care quality case at the prison and
// probation service gets neither the Lex Sarah regime nor an IVO clock.
func TestNoLexSarahOutsideLexSarahUnits(t *testing.T) {
	h := startHarness(t, seedConfig)
	id := caseIDIn(t, h.reportThrough("UREP", bot.CareQuality, "frivarden", answersFor(bot.CareQuality, map[string]any{bot.QCQHarm: "serious"}), "named"))
	card := waitPost(t, h, "CFRIVARD", string(id))
	c, _ := h.store().Case(context.Background(), id)
	if c.HasRegime(bot.LexSarah) || strings.Contains(card, "IVO") {
		t.Errorf("a case outside Lex Sarah has its regime or an IVO clock: %v\n%s", c.Regimes, card)
	}
}

// TestReminderOnceAcrossTwoProcesses: two bot processes on one Redis, both
// looking at the schedule as they start, remind each coordinator of a
// breach discovered 70 hours ago once.
func TestReminderOnceAcrossTwoProcesses(t *testing.T) {
	bin := binary(t)
	slack, redis := slackfake.New(t), redistest.Shared(t)
	// The case is filed through a bot that does not remind (its look is an
	// hour away), and which then stops.
	h := prepareHarness(t, testConfig, slack, redis, nil)
	h.tune = func(s *settings) { s.remindEvery = time.Hour }
	h.start()
	id := h.reportBreach(70 * time.Hour)
	h.waitDelivered(id)
	h.stop()

	var bases []string
	for range 2 {
		addr := freeAddr(t)
		bases = append(bases, "http://"+addr)
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(), "SLACK_BOT_TOKEN=xoxb-test-token", "SLACK_SIGNING_SECRET="+testSecret, "SLACK_APP_TOKEN=",
			"SLACK_API_URL="+slack.URL(), "REDIS_URL="+redis.URL(), "LISTEN_ADDR="+addr, "INCIDENTBOT_CONFIG="+h.env["INCIDENTBOT_CONFIG"], "OPENAI_API_KEY=")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Signal(os.Interrupt)
			_ = cmd.Wait()
		})
	}
	for _, base := range bases {
		waitMetric(t, base, `incidentbot_loop_runs_total{loop="remind"}`, 1)
	}
	got := reminders(h, id)
	var to []string
	for _, r := range got {
		to = append(to, r[:strings.Index(r, ":")])
	}
	slices.Sort(to)
	if !slices.Equal(to, []string{"UCOORD1", "UCOORD2"}) {
		t.Errorf("two processes reminded %v, want each coordinator once", to)
	}
}
