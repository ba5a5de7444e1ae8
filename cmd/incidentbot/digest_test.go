package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/classify"
	"github.com/incidentbot/incidentbot/internal/redistest"
	"github.com/incidentbot/incidentbot/internal/slackfake"
)

// stockholm is the test configuration's time zone.
func stockholm(t *testing.T) *time.Location { return mustZone(t) }

// digestsTo lists the digest messages delivered to manager.
func digestsTo(h *harness, manager string) []slackfake.Call {
	var out []slackfake.Call
	for _, c := range h.slack.Calls("chat.postMessage") {
		if !c.Failed && c.Param("channel") == manager && strings.Contains(c.Param("text"), "sammanfattning") {
			out = append(out, c)
		}
	}
	return out
}

func waitDigest(t *testing.T, h *harness, manager string) slackfake.Call {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		if ds := digestsTo(h, manager); len(ds) > 0 {
			return ds[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no digest to %s", manager)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// startDigestHarness starts the bot with managers, by a clock that stands at at.
func startDigestHarness(t *testing.T, at time.Time, slack *slackfake.Server, redis *redistest.Server) *harness {
	t.Helper()
	if slack == nil {
		slack = slackfake.New(t)
	}
	if redis == nil {
		redis = redistest.Shared(t)
	}
	return startHarnessWith(t, withManagers, slack, redis, newClock(at))
}

func TestDigestCatchUpAfterDowntime(t *testing.T) {
	loc := stockholm(t)
	h := startDigestHarness(t, time.Date(2026, 11, 23, 7, 0, 0, 0, loc), nil, nil) // Monday, before 08:00
	h.waitLoopRuns("digest")
	if n := len(digestsTo(h, "UMGR1")); n != 0 {
		t.Fatalf("%d digests before the scheduled time", n)
	}
	h.stop() // down over 08:00
	later := time.Date(2026, 11, 23, 9, 30, 0, 0, loc)
	h.clock.Set(later)
	h.start()
	d := waitDigest(t, h, "UMGR1")
	if !strings.Contains(d.Param("blocks"), "Sen leverans") || !strings.Contains(d.Param("text"), "2026-W47") {
		t.Errorf("catch-up digest is not marked late: %s", d.Param("blocks"))
	}
	waitDigest(t, h, "UMGR2")
	// Another restart and another hour send nothing more.
	h.stop()
	h.start()
	h.clock.Set(later.Add(time.Hour))
	h.waitLoopRuns("digest")
	if n := len(digestsTo(h, "UMGR1")); n != 1 {
		t.Errorf("%d digests to UMGR1 after restarts, want 1", n)
	}
}

// TestFreshInstallSendsNoLateDigest: a bot first started after last
// week's digest was due sends no late digest of a week it never saw; the
// next week's goes on time.
func TestFreshInstallSendsNoLateDigest(t *testing.T) {
	loc := stockholm(t)
	h := startDigestHarness(t, time.Date(2026, 11, 23, 9, 30, 0, 0, loc), nil, nil) // Monday, after 08:00
	h.waitLoopRuns("digest")
	if n := len(digestsTo(h, "UMGR1")); n != 0 {
		t.Fatalf("a fresh install sent %d late digests", n)
	}
	h.clock.Set(time.Date(2026, 11, 30, 8, 0, 30, 0, loc))
	if d := waitDigest(t, h, "UMGR1"); strings.Contains(d.Param("blocks"), "Sen leverans") || !strings.Contains(d.Param("text"), "2026-W48") {
		t.Errorf("the next week's digest: %s", d.Param("text"))
	}
}

func TestDigestOnTimeWith429AndChart(t *testing.T) {
	loc := stockholm(t)
	h := startDigestHarness(t, time.Date(2026, 11, 23, 7, 59, 0, 0, loc), nil, nil)
	h.slack.FailNext("chat.postMessage", http.StatusTooManyRequests, 1, "")
	h.clock.Set(time.Date(2026, 11, 23, 8, 0, 30, 0, loc))
	d := waitDigest(t, h, "UMGR1")
	waitDigest(t, h, "UMGR2")
	if strings.Contains(d.Param("blocks"), "Sen leverans") {
		t.Error("an on-time digest is marked late")
	}
	calls := h.slack.Calls("chat.postMessage")
	if gap := calls[1].At.Sub(calls[0].At); gap < time.Second {
		t.Errorf("retried %v after a 429 with Retry-After: 1", gap)
	}
	h.slack.WaitFor(t, "files.completeUploadExternal", 2, waitLong)
	for _, c := range h.slack.Calls("files.completeUploadExternal") {
		if !strings.HasPrefix(c.Param("channel_id"), "D") {
			t.Errorf("chart uploaded to %q, not the manager's DM", c.Param("channel_id"))
		}
	}
	if n := len(h.slack.Calls("files.getUploadURLExternal")); n != 2 {
		t.Errorf("%d upload URLs asked for", n)
	}
	for id, b := range h.slack.Uploads() {
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("upload %s is not a PNG", id)
		}
	}
	h.waitLoopRuns("digest")
	if n, m := len(digestsTo(h, "UMGR1")), len(digestsTo(h, "UMGR2")); n != 1 || m != 1 {
		t.Errorf("digests: %d to UMGR1, %d to UMGR2; want one each", n, m)
	}
}

func TestDigestWithoutChartStillGoes(t *testing.T) {
	loc := stockholm(t)
	slack := slackfake.New(t)
	slack.FailNext("files.getUploadURLExternal", http.StatusOK, 0, "invalid_arguments")
	h := startDigestHarness(t, time.Date(2026, 11, 23, 8, 5, 0, 0, loc), slack, nil)
	waitDigest(t, h, "UMGR1")
	waitDigest(t, h, "UMGR2")
	h.waitLog("digest chart not attached")
	h.stop()
	h.start()
	h.waitLoopRuns("digest")
	if n := len(digestsTo(h, "UMGR1")) + len(digestsTo(h, "UMGR2")); n != 2 {
		t.Errorf("%d digests; a failed chart must not make the digest go again", n)
	}
}

func TestDigestPreviewPauseAndDryRun(t *testing.T) {
	loc := stockholm(t)
	h := startDigestHarness(t, time.Date(2026, 11, 23, 7, 0, 0, 0, loc), nil, nil)

	_, body := h.command("UMGR1", "digest")
	if !strings.Contains(string(body), "Veckosammanfattning 2026-W47") || !strings.Contains(string(body), "ephemeral") {
		t.Errorf("preview: %s", body)
	}
	_, body = h.command("UREP", "digest")
	if !strings.Contains(string(body), "inte en av dem") {
		t.Errorf("preview for a non-manager: %s", body)
	}

	h.event("Ev-mgr", map[string]any{"type": "app_home_opened", "user": "UMGR1", "tab": "home"})
	if home := h.homeOf("UMGR1"); !strings.Contains(home, "digest_pause") {
		t.Fatalf("a manager's Home tab has no pause: %s", home)
	}
	h.interact(map[string]any{"type": "block_actions", "user": map[string]any{"id": "UMGR1"}, "team": map[string]any{"id": "T1"},
		"trigger_id": "t", "container": map[string]any{"type": "view", "view_id": "VHOME"},
		"actions": []any{map[string]any{"action_id": "digest_pause", "block_id": "digest", "type": "button", "value": "digest"}}})
	deadline := time.Now().Add(waitLong)
	for paused, _ := h.store().DigestPaused(context.Background(), "UMGR1"); !paused; paused, _ = h.store().DigestPaused(context.Background(), "UMGR1") {
		if time.Now().After(deadline) {
			t.Fatalf("the digest was not paused:\n%s", h.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.clock.Set(time.Date(2026, 11, 23, 8, 1, 0, 0, loc))
	waitDigest(t, h, "UMGR2")
	h.waitLoopRuns("digest")
	if n := len(digestsTo(h, "UMGR1")); n != 0 {
		t.Errorf("a paused manager got %d digests", n)
	}

	var out strings.Builder
	if err := h.run(&out, "digest", "--dry-run", "--week", "2026-W46", "--lang", "en"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"=== UMGR1 ===", "=== UMGR2 ===", "Weekly digest 2026-W46", "New reports"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("dry run lacks %q:\n%s", s, out.String())
		}
	}
	if err := h.run(&out, "digest", "--dry-run", "--week", "2026-W99"); err == nil {
		t.Error("a week that does not exist was accepted")
	}
}

// builtBinary is incidentbot built once, for the tests that run it as a
// process; TestMain removes it.
var (
	buildOnce   sync.Once
	binDir      string
	builtBinary string
	buildErr    error
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(runChild())
	}
	if os.Getenv(floorEnv) == "1" {
		os.Exit(runFloor())
	}
	// The tests that run the bot in this process share its classifier;
	// it is trained once here rather than in whichever test reports
	// first, where it would count against that test's deadlines (seconds
	// with -race).
	classify.Train()
	code := m.Run()
	redistest.StopShared()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary builds incidentbot once for the tests that run it as a process.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "incidentbot-bin")
		if buildErr != nil {
			return
		}
		builtBinary = filepath.Join(binDir, "incidentbot")
		out, err := exec.Command("go", "build", "-o", builtBinary, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBinary
}

// TestDigestExactlyOnceAcrossTwoProcesses runs two bot processes against
// one Redis: each manager gets one digest.
func TestDigestExactlyOnceAcrossTwoProcesses(t *testing.T) {
	bin := binary(t)
	slack, redis := slackfake.New(t), redistest.Shared(t)
	cfg := filepath.Join(t.TempDir(), "incidentbot.yaml")
	// Every minute: the last full week's digest is due whenever the test runs.
	writeFile(t, cfg, strings.Replace(withManagers, "timezone: Europe/Stockholm\n", "timezone: Europe/Stockholm\ndigest_schedule: \"* * * * *\"\n", 1))
	// An install that ran before the week ended: its late digest goes.
	if err := redis.Client(t).Set(context.Background(), "ib:started", 1, 0).Err(); err != nil {
		t.Fatal(err)
	}
	var procs []*exec.Cmd
	var bases []string
	for range 2 {
		addr := freeAddr(t)
		bases = append(bases, "http://"+addr)
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(), "SLACK_BOT_TOKEN=xoxb-test-token", "SLACK_SIGNING_SECRET="+testSecret, "SLACK_APP_TOKEN=",
			"SLACK_API_URL="+slack.URL(), "REDIS_URL="+redis.URL(), "LISTEN_ADDR="+addr, "INCIDENTBOT_CONFIG="+cfg, "OPENAI_API_KEY=")
		var logs bytes.Buffer
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs = append(procs, cmd)
		t.Cleanup(func() {
			_ = cmd.Process.Signal(os.Interrupt)
			_ = cmd.Wait()
		})
	}
	h := &harness{t: t, slack: slack}
	waitDigest(t, h, "UMGR1")
	waitDigest(t, h, "UMGR2")
	// Each process's first look for due digests has finished: whatever a
	// second sender would have sent is sent.
	for _, base := range bases {
		waitMetric(t, base, `incidentbot_loop_runs_total{loop="digest"}`, 1)
	}
	slack.WaitFor(t, "files.completeUploadExternal", 2, waitLong)
	if n, m := len(digestsTo(h, "UMGR1")), len(digestsTo(h, "UMGR2")); n != 1 || m != 1 {
		t.Errorf("two processes sent %d digests to UMGR1 and %d to UMGR2; want one each", n, m)
	}
	for _, p := range procs {
		if p.ProcessState != nil {
			t.Errorf("a bot process exited early: %v", p.ProcessState)
		}
	}
}

func TestUnreachableManagerIsRetriedNextRun(t *testing.T) {
	loc := stockholm(t)
	slack := slackfake.New(t)
	// Sorted, UMGR1 goes first: its digest fails once with Slack's error.
	slack.FailNext("chat.postMessage", http.StatusOK, 0, "user_not_found")
	h := startDigestHarness(t, time.Date(2026, 11, 23, 8, 2, 0, 0, loc), slack, nil)
	waitDigest(t, h, "UMGR2")
	h.waitLog("weekly digest not sent")
	// Retried a minute after the failure, not at every run before.
	h.waitLoopRuns("digest")
	if n := len(digestsTo(h, "UMGR1")); n != 0 {
		t.Fatalf("%d digests delivered to UMGR1 before its retry was due", n)
	}
	h.clock.Set(time.Date(2026, 11, 23, 8, 3, 0, 0, loc))
	waitDigest(t, h, "UMGR1")
	h.waitLoopRuns("digest")
	if n := len(digestsTo(h, "UMGR1")); n != 1 {
		t.Errorf("%d digests delivered to UMGR1, want 1", n)
	}
}

// TestDigestShutdownDuringChartFinishesTheSend stops the bot while a
// digest's chart waits out a 429, after its text went: the send finishes,
// the digest is marked sent, and the restarted bot does not send it again.
func TestDigestShutdownDuringChartFinishesTheSend(t *testing.T) {
	loc := stockholm(t)
	slack, redis := slackfake.New(t), redistest.Shared(t)
	slack.FailNext("files.getUploadURLExternal", http.StatusTooManyRequests, 1, "")
	h := startDigestHarness(t, time.Date(2026, 11, 23, 8, 5, 0, 0, loc), slack, redis)
	waitDigest(t, h, "UMGR1")
	h.stop() // the chart is waiting out Retry-After: 1
	if n := len(slack.Calls("files.completeUploadExternal")); n < 1 {
		t.Errorf("the chart under way at shutdown was not uploaded")
	}
	if v, err := redis.Client(t).Get(context.Background(), "ib:digest:2026-W47:UMGR1").Result(); v != "sent" {
		t.Fatalf("digest mark after shutdown = %q %v, want sent", v, err)
	}
	h.start()
	waitDigest(t, h, "UMGR2")
	h.waitLoopRuns("digest")
	if n, m := len(digestsTo(h, "UMGR1")), len(digestsTo(h, "UMGR2")); n != 1 || m != 1 {
		t.Errorf("digests: %d to UMGR1, %d to UMGR2; want one each", n, m)
	}
}
