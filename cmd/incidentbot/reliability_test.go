package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/classify"
	"github.com/incidentbot/incidentbot/internal/redistest"
	"github.com/incidentbot/incidentbot/internal/slackfake"
)

// backgroundMethods are the Web API methods of the work after the
// acknowledgement, where the faults go.
var backgroundMethods = []string{"chat.postMessage", "chat.update", "conversations.history", "conversations.open"}

// waitPosted waits until every key is posted at least once.
func waitPosted(t *testing.T, sf *slackfake.Server, keys []string) {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		missing := ""
		for _, k := range keys {
			if sf.Posted(k) == 0 {
				missing = k
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s was never posted", missing)
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
}

// onlyOnce fails for every message posted more than once.
func onlyOnce(t *testing.T, sf *slackfake.Server) {
	t.Helper()
	for k, n := range sf.PostedKeys() {
		if n != 1 {
			t.Errorf("%s posted %d times", k, n)
		}
	}
}

// TestFaultsSendEachMessageOnce: with Slack answering 30 % of the calls
// after the acknowledgement with 429 and 20 % with 500 (half of those
// after posting: the answer lost), 30 reports and their acknowledgements
// give each receipt, card and reporter message exactly once, all out
// within 30 s (by the bot's clock) of the faults ending.
func TestFaultsSendEachMessageOnce(t *testing.T) {
	sf := slackfake.New(t)
	clock := newClock(time.Now())
	h := prepareHarness(t, testConfig, sf, redistest.Shared(t), clock)
	h.tune = func(s *settings) { s.sweepEvery = 20 * time.Millisecond }
	h.start()
	t.Cleanup(h.stop)

	sf.SetFaults(&slackfake.Faults{Methods: backgroundMethods, Rate429: 0.3, Rate500: 0.2, Seed: 7})
	var ids []bot.CaseID
	for i := range 30 {
		identity := "named"
		if i%3 == 0 {
			identity = "anonymous"
		}
		user := fmt.Sprintf("UREP%02d", i)
		ids = append(ids, caseIDIn(t, h.reportThrough(user, bot.Other, "jobbtorg", answersFor(bot.Other, nil), identity)))
	}
	for _, id := range ids {
		h.cardAction("UCOORD1", id, "case_ack", "")
	}
	for _, id := range ids {
		h.waitCase(id, "acknowledged", func(c bot.Case) bool { return c.Status == bot.StatusAcknowledged })
	}
	// The work the reports and clicks started is queued behind a few
	// workers: the faults last until some of it failed and was put off.
	waitMetric(t, h.base, `incidentbot_retries_total{what="delivery"}`, 1)
	waitMetric(t, h.base, `incidentbot_retries_total{what="announcement"}`, 1)
	sf.SetFaults(nil)
	ended := clock.Now()

	var keys []string
	for _, id := range ids {
		keys = append(keys, bot.ReceiptKey(id), bot.CardKey(id, bot.Target{Channel: "CCASES1"}), bot.ToldKey(id, bot.EventAcknowledged))
	}
	// The bot's clock moves a second at a time until everything is out
	// and recorded: whatever waits is due again within 20 s of its last
	// failure.
	done := func() bool {
		for _, k := range keys {
			if sf.Posted(k) == 0 {
				return false
			}
		}
		for _, id := range ids {
			c, err := h.store().Case(context.Background(), id)
			if err != nil || !c.Delivered() {
				return false
			}
		}
		n, err := h.store().PendingAnnouncements(context.Background(), []int{clock.Now().Year()}, clock.Now().Add(time.Hour), clock.Now().Add(time.Hour))
		return err == nil && len(n) == 0
	}
	for !done() {
		if clock.Now().Sub(ended) > time.Minute {
			for _, k := range keys {
				if sf.Posted(k) == 0 {
					t.Errorf("not posted: %s", k)
				}
			}
			for _, id := range ids {
				if c, err := h.store().Case(context.Background(), id); err != nil || !c.Delivered() {
					t.Errorf("not delivered: %s %v", id, err)
				}
			}
			n, err := h.store().PendingAnnouncements(context.Background(), []int{clock.Now().Year()}, clock.Now().Add(time.Hour), clock.Now().Add(time.Hour))
			t.Fatalf("not all out a minute after the faults ended: announcements %v %v", n, err)
		}
		// A second of the bot's clock holds at least one whole sweep and
		// the work it started.
		clock.Set(clock.Now().Add(time.Second))
		h.waitLoopRuns("sweep")
		h.waitIdle()
	}
	if took := clock.Now().Sub(ended); took > 30*time.Second {
		t.Errorf("everything was out %v after the faults ended, want within 30 s", took)
	} else {
		t.Logf("everything out %v (bot's clock) after the faults ended", took)
	}
	h.waitIdle()
	onlyOnce(t, sf)
	if n := len(sf.PostedKeys()); n != len(keys) {
		t.Errorf("%d messages posted, want %d", n, len(keys))
	}
	pending, err := h.store().PendingDeliveries(context.Background(), []int{clock.Now().Year()}, clock.Now(), clock.Now().Add(time.Hour))
	if err != nil || len(pending) != 0 {
		t.Errorf("still pending: %v, %v", pending, err)
	}
	// What the operator sees.
	h.waitLoopRuns("sweep")
	for series, want := range map[string]func(float64) bool{
		`incidentbot_retries_total{what="delivery"}`:     func(v float64) bool { return v > 0 },
		`incidentbot_retries_total{what="announcement"}`: func(v float64) bool { return v > 0 },
		"incidentbot_duplicates_avoided_total":           func(v float64) bool { return v > 0 },
		"incidentbot_pending_deliveries":                 func(v float64) bool { return v == 0 },
		"incidentbot_pending_delivery_oldest_seconds":    func(v float64) bool { return v == 0 },
	} {
		if v := metricAt(t, h.base, series); !want(v) {
			t.Errorf("%s = %v", series, v)
		}
	}
}

// TestPostWhoseAnswerWasLostIsNotRepeated: Slack posts the receipt and
// its answer is lost (500); the next try finds the receipt in the DM and
// records it instead of posting it again.
func TestPostWhoseAnswerWasLostIsNotRepeated(t *testing.T) {
	sf := slackfake.New(t)
	clock := newClock(time.Now())
	h := prepareHarness(t, testConfig, sf, redistest.Shared(t), clock)
	h.tune = func(s *settings) { s.sweepEvery = 20 * time.Millisecond }
	h.start()
	t.Cleanup(h.stop)

	sf.FailNextAfter("chat.postMessage", 500)
	id := caseIDIn(t, h.reportThrough("UREP", bot.Other, "jobbtorg", answersFor(bot.Other, nil), "named"))
	waitPosted(t, sf, []string{bot.ReceiptKey(id)})
	// The failed try waits 2 s by the bot's clock.
	waitMetric(t, h.base, `incidentbot_retries_total{what="delivery"}`, 1)
	clock.Set(clock.Now().Add(3 * time.Second))
	h.waitDelivered(id)
	h.waitIdle()
	onlyOnce(t, sf)
	if n := len(sf.Calls("conversations.history")); n == 0 {
		t.Error("the second try did not look for the first one's post")
	}
	if v := metricAt(t, h.base, "incidentbot_duplicates_avoided_total"); v < 1 {
		t.Errorf("incidentbot_duplicates_avoided_total = %v, want at least 1", v)
	}
}

// startCmd starts cmd, a bot process serving h.base, and waits until it
// answers /healthz.
func startCmd(t *testing.T, h *harness, cmd *exec.Cmd) *exec.Cmd {
	t.Helper()
	cmd.Stderr = h.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	// A child trains the classifier before it answers (runChild).
	deadline := time.Now().Add(3 * waitLong)
	for {
		if resp, err := http.Get(h.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return cmd
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the bot process did not answer /healthz\n%s", h.stderr.String())
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
}

// TestKilledBetweenPostAndRecord: the bot process is killed with SIGKILL
// after the report was acknowledged and while Slack, having posted the
// receipt, has not answered yet. A new process keeps the case, finds the
// receipt in the DM and posts the card: each once.
func TestKilledBetweenPostAndRecord(t *testing.T) {
	sf := slackfake.New(t)
	h := prepareHarness(t, testConfig, sf, redistest.Shared(t), nil)
	first := startChild(t, h)

	release := sf.HoldAfter("chat.postMessage")
	id := caseIDIn(t, h.reportThrough("UREP", bot.Other, "jobbtorg", answersFor(bot.Other, nil), "named"))
	waitPosted(t, sf, []string{bot.ReceiptKey(id)})
	if err := first.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = first.Wait()
	release()

	if c := h.waitCase(id, "kept", func(bot.Case) bool { return true }); c.ReceiptSent {
		t.Fatalf("the receipt was recorded before the kill: %+v", c)
	}
	startChild(t, h)
	// The dead process's claim lapses within 2 s; then the sweep takes it.
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := h.store().Case(context.Background(), id)
		if err == nil && c.Delivered() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("case %s not delivered after the restart: %+v %v\n%s", id, c, err, h.stderr.String())
		}
		time.Sleep(50 * time.Millisecond) // poll interval
	}
	onlyOnce(t, sf)
	if sf.Posted(bot.CardKey(id, bot.Target{Channel: "CCASES1"})) != 1 {
		t.Errorf("the card was not posted once")
	}
}

// childEnv marks the test binary run as a bot process of its own: the
// bot with the test's quick loops and short leases, to be killed.
const childEnv = "INCIDENTBOT_TEST_CHILD"

// runChild is the bot in a child process, until SIGTERM.
func runChild() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	// The classifier is trained before the process serves, as TestMain
	// trains it for the tests in this process: at the first report it
	// held that report's and the next ones' deliveries for seconds under
	// -race, against the deadlines of tests that are not about it.
	classify.Train()
	set := testSettings(nil)
	set.sweepEvery = 20 * time.Millisecond
	set.digestLease = 2 * time.Second
	set.deliveryLease = 2 * time.Second
	if err := run(ctx, []string{"incidentbot"}, os.Getenv, io.Discard, os.Stderr, set); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// startChild runs the test binary as a bot process with h's environment
// and waits until it answers /healthz.
func startChild(t *testing.T, h *harness) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	for k, v := range h.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return startCmd(t, h, cmd)
}

// TestDigestKilledBetweenPostAndRecord: the process sending the weekly
// digest is killed with SIGKILL after Slack posted it and before it was
// marked sent; the next process finds it in the manager's DM, marks it
// sent and attaches its chart: one digest each.
func TestDigestKilledBetweenPostAndRecord(t *testing.T) {
	sf, r := slackfake.New(t), redistest.Shared(t)
	h := prepareHarness(t, strings.Replace(withManagers, "timezone: Europe/Stockholm\n", "timezone: Europe/Stockholm\ndigest_schedule: \"* * * * *\"\n", 1), sf, r, nil)
	// An install that ran before the week ended: its late digest goes.
	if err := r.Client(t).Set(context.Background(), "ib:started", 1, 0).Err(); err != nil {
		t.Fatal(err)
	}
	release := sf.HoldAfter("chat.postMessage")
	first := startChild(t, h)
	waitDigest(t, h, "UMGR1")
	if err := first.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = first.Wait()
	release()

	startChild(t, h)
	// Its claim lapses within 2 s; then both charts go up, UMGR1's once
	// its digest was found and marked sent.
	sf.WaitFor(t, "files.completeUploadExternal", 2, 30*time.Second)
	h.waitLoopRuns("digest")
	if n, m := len(digestsTo(h, "UMGR1")), len(digestsTo(h, "UMGR2")); n != 1 || m != 1 {
		t.Errorf("%d digests to UMGR1 and %d to UMGR2; want one each", n, m)
	}
	onlyOnce(t, sf)
}

// TestTwoProcessesOneOfEverything: two bot processes on one Redis, the
// requests of ten reports and their acknowledgements going to each in
// turn, send one receipt, one card and one reporter message per case.
func TestTwoProcessesOneOfEverything(t *testing.T) {
	sf, r := slackfake.New(t), redistest.Shared(t)
	h := prepareHarness(t, testConfig, sf, r, nil)
	startChild(t, h)
	first := h.base
	addr := freeAddr(t)
	h.env["LISTEN_ADDR"], h.base = addr, "http://"+addr
	startChild(t, h)
	h.alternate = []string{first, h.base}

	var keys []string
	for i := range 10 {
		id := caseIDIn(t, h.reportThrough(fmt.Sprintf("UREP%02d", i), bot.Other, "jobbtorg", answersFor(bot.Other, nil), "named"))
		h.cardAction("UCOORD1", id, "case_ack", "")
		h.cardAction("UCOORD2", id, "case_ack", "")
		keys = append(keys, bot.ReceiptKey(id), bot.CardKey(id, bot.Target{Channel: "CCASES1"}), bot.ToldKey(id, bot.EventAcknowledged))
	}
	waitPosted(t, sf, keys)
	for _, base := range h.alternate {
		h.base = base
		h.waitLoopRuns("sweep")
		h.waitIdle()
	}
	onlyOnce(t, sf)
	if n := len(sf.PostedKeys()); n != len(keys) {
		t.Errorf("%d messages posted, want %d", n, len(keys))
	}
}
