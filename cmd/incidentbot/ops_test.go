package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/redistest"
	"github.com/incidentbot/incidentbot/internal/slackfake"
)

// TestVersionAndHelpNeedNoSettings: --version, and --help on the binary
// and every sub-command, answer with no Slack or Redis settings at all.
func TestVersionAndHelpNeedNoSettings(t *testing.T) {
	var out bytes.Buffer
	if err := runCommand(map[string]string{}, &out, "--version"); err != nil || !strings.HasPrefix(out.String(), "incidentbot ") {
		t.Errorf("--version: %v %q", err, out.String())
	}
	for _, args := range [][]string{{"--help"}, {"check-config", "--help"}, {"case", "--help"}, {"case", "show", "-h"},
		{"digest", "--help"}, {"classify", "--help"}, {"retention", "--help"}, {"rekey", "--help"}} {
		out.Reset()
		if err := runCommand(map[string]string{}, &out, args...); err != nil || !strings.Contains(out.String(), "usage:") {
			t.Errorf("%v: %v\n%s", args, err, out.String())
		}
	}
	for _, c := range []string{"check-config", "case", "digest", "classify", "retention", "rekey"} {
		out.Reset()
		if err := runCommand(map[string]string{}, &out, c, "--help"); err != nil || !strings.Contains(out.String(), "LOG_LEVEL") {
			t.Errorf("%s --help does not list the environment:\n%s", c, out.String())
		}
	}
}

// TestLogLevel: LOG_LEVEL=warn leaves out the start-up's info lines; a
// level that is none of the four stops the start with a line naming it.
func TestLogLevel(t *testing.T) {
	h := newHarness(t, "LOG_LEVEL", "warn")
	if strings.Contains(h.stderr.String(), `"level":"INFO"`) {
		t.Errorf("info lines with LOG_LEVEL=warn:\n%s", h.stderr.String())
	}
	h.stop()
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "LOG_LEVEL": "loud"}
	var out bytes.Buffer
	if err := runCommand(env, &out); err == nil || err.Error() != "LOG_LEVEL must be debug, info, warn or error" {
		t.Errorf("LOG_LEVEL=loud: %v", err)
	}
}

// TestMetricsApart: with METRICS_ADDR, /metrics is served there and not
// on the port Slack reaches.
func TestMetricsApart(t *testing.T) {
	addr := freeAddr(t)
	h := newHarness(t, "METRICS_ADDR", addr)
	get := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, _ := get(h.base + "/metrics"); status != http.StatusNotFound {
		t.Errorf("/metrics on LISTEN_ADDR answered %d, want 404", status)
	}
	if status, body := get("http://" + addr + "/metrics"); status != http.StatusOK || !strings.Contains(body, "incidentbot_slack_api_calls_total") && !strings.Contains(body, "incidentbot_pending_deliveries") {
		t.Errorf("/metrics on METRICS_ADDR: %d\n%.300s", status, body)
	}
}

// waitPersisted waits until redis-server has no snapshot or append-only
// rewrite under way.
func waitPersisted(t *testing.T, r *redistest.Server) {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		info, err := r.Client(t).Info(context.Background(), "persistence").Result()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(info, "rdb_bgsave_in_progress:0") && strings.Contains(info, "aof_rewrite_in_progress:0") &&
			!strings.Contains(info, "aof_rewrite_scheduled:1") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server still persisting:\n%s", info)
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
}

// TestBackupRestored: the two backups docs/operations.md describes – a
// snapshot (BGSAVE, dump.rdb) and a copy of the append-only directory –
// restored into a fresh redis-server give back every case with its whole
// history, read with the same data key.
func TestBackupRestored(t *testing.T) {
	key := newDataKey(t)
	r := redistest.Start(t)
	h := startHarnessWith(t, testConfig, slackfake.New(t), r, nil, "INCIDENTBOT_DATA_KEY", key)
	named := h.reported(bot.Other, "jobbtorg", nil, "named")
	anon := h.reported(bot.ThreatViolence, "jobbtorg", nil, "anonymous")
	h.cardAction("UCOORD1", named, "case_ack", "")
	h.waitCase(named, "acknowledged", func(c bot.Case) bool { return c.Status == bot.StatusAcknowledged })
	h.waitIdle()
	want := map[bot.CaseID][]string{named: h.actions(named), anon: h.actions(anon)}

	ctx := context.Background()
	// The snapshot: BGSAVE, then dump.rdb alone is the backup.
	snapshot := t.TempDir()
	if err := r.Client(t).BgSave(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	waitPersisted(t, r)
	b, err := os.ReadFile(filepath.Join(r.Dir(), "dump.rdb"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(snapshot, "dump.rdb"), string(b))
	// The append-only directory alone, copied while no rewrite runs.
	waitPersisted(t, r)
	aof := filepath.Join(t.TempDir(), "appendonlydir")
	files, err := os.ReadDir(filepath.Join(r.Dir(), "appendonlydir"))
	if err != nil || len(files) == 0 {
		t.Fatalf("appendonlydir: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(r.Dir(), "appendonlydir", f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(aof, 0o700); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(aof, f.Name()), string(b))
	}

	for name, restored := range map[string]*redistest.Server{
		"snapshot":    redistest.StartFrom(t, snapshot, "--appendonly", "no"),
		"append-only": redistest.StartFrom(t, filepath.Dir(aof)),
	} {
		t.Run(name, func(t *testing.T) {
			h2 := prepareHarness(t, testConfig, h.slack, restored, nil, "INCIDENTBOT_DATA_KEY", key)
			for id, hist := range want {
				if got := h2.actions(id); strings.Join(got, " ") != strings.Join(hist, " ") {
					t.Errorf("%s restored: history %v, want %v", id, got, hist)
				}
				var out bytes.Buffer
				if err := h2.run(&out, "case", "show", string(id), "--json"); err != nil || !strings.Contains(out.String(), string(id)) {
					t.Errorf("case show %s on the restored store: %v\n%s", id, err, out.String())
				}
			}
		})
	}
}

// TestRedisThroughSentinel: with a redis+sentinel:// REDIS_URL the bot
// finds its master through Redis Sentinel and works as on one server.
func TestRedisThroughSentinel(t *testing.T) {
	master := redistest.Start(t)
	addr := freeAddr(t)
	_, port, _ := strings.Cut(addr, ":")
	_, masterPort, _ := strings.Cut(master.Addr(), ":")
	conf := filepath.Join(t.TempDir(), "sentinel.conf")
	writeFile(t, conf, "port "+port+"\nbind 127.0.0.1\nsentinel monitor main 127.0.0.1 "+masterPort+" 1\n")
	cmd := exec.Command("redis-server", conf, "--sentinel")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	deadline := time.Now().Add(waitLong)
	for {
		c := redis.NewSentinelClient(&redis.Options{Addr: addr})
		a, err := c.GetMasterAddrByName(context.Background(), "main").Result()
		_ = c.Close()
		if err == nil && len(a) == 2 && a[1] == masterPort {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sentinel does not name the master: %v %v", a, err)
		}
		time.Sleep(20 * time.Millisecond) // poll interval
	}
	h := startHarnessWith(t, testConfig, slackfake.New(t), master, nil, "REDIS_URL", "redis+sentinel://"+addr+"?master_name=main")
	id := h.reported(bot.Other, "jobbtorg", nil, "named")
	if status, body := h.command("UREP", "status"); status != 200 || !strings.Contains(string(body), string(id)) {
		t.Errorf("/report status through Sentinel: %d %s", status, body)
	}
}

// TestMetricsAfterAReport: after a report, a forged request and a change
// of the configuration file, /metrics has the series an operator pages on.
func TestMetricsAfterAReport(t *testing.T) {
	h := prepareHarness(t, testConfig, slackfake.New(t), redistest.Shared(t), nil)
	h.tune = func(s *settings) { s.sweepEvery = 20 * time.Millisecond }
	h.start()
	t.Cleanup(h.stop)
	h.reported(bot.Other, "jobbtorg", nil, "named")
	if status, _ := h.post("/slack/commands", "application/x-www-form-urlencoded", []byte("command=%2Freport"), "wrong-secret", time.Now()); status != http.StatusUnauthorized {
		t.Fatalf("forged request answered %d", status)
	}
	cfg := h.env["INCIDENTBOT_CONFIG"]
	writeFile(t, cfg, testConfig+"# changed\n")
	waitMetric(t, h.base, `incidentbot_config_reloads_total{outcome="ok"}`, 1)
	h.waitIdle()
	h.waitLoopRuns("sweep")
	h.waitLoopRuns("remind")
	resp, err := http.Get(h.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, series := range []string{
		`incidentbot_slack_requests_total{kind="view_submission"`,
		`incidentbot_slack_requests_rejected_total{reason="signature"} 1`,
		`incidentbot_ack_seconds_count{kind="view_submission"}`,
		`incidentbot_ack_seconds_count{kind="command"}`,
		`incidentbot_slack_api_calls_total{client="background",method="chat.postMessage",outcome="ok"}`,
		`incidentbot_slack_api_seconds_count`,
		`incidentbot_pending_deliveries 0`,
		`incidentbot_pending_delivery_oldest_seconds 0`,
		`incidentbot_pending_reminders`,
		`incidentbot_pending_reminder_oldest_seconds`,
		`incidentbot_retries_total{what="delivery"} 0`,
		`incidentbot_duplicates_avoided_total 0`,
		`incidentbot_digests_total{outcome="failed"} 0`,
		`incidentbot_redis_errors_total{kind="network"} 0`,
		`incidentbot_redis_seconds_count`,
		`incidentbot_loop_runs_total{loop="retention"}`,
		`incidentbot_socket_connected -1`,
		`incidentbot_cases_created_total 1`,
	} {
		if !strings.Contains(string(b), series) {
			t.Errorf("/metrics lacks %s", series)
		}
	}
}

// TestErrorText: a list of file:line: problems is told as it is, other
// failures after the program's name.
func TestErrorText(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	writeFile(t, bad, "units:\n  - id: x\n    bogus: 1\n")
	err := runCommand(map[string]string{}, io.Discard, "check-config", bad)
	if got := errorText(err); !strings.HasPrefix(got, bad+":2: ") {
		t.Errorf("problem list told as %q", got)
	}
	if got := errorText(errUsage); got != "incidentbot: "+errUsage.Error() {
		t.Errorf("a usage error told as %q", got)
	}
}

// TestCaseShowInTheConfiguredZone: case show prints times in the
// configuration's time zone (Europe/Stockholm in the tests).
func TestCaseShowInTheConfiguredZone(t *testing.T) {
	h := newHarness(t)
	id := h.reported(bot.Other, "jobbtorg", nil, "named")
	var out bytes.Buffer
	if err := h.run(&out, "case", "show", string(id)); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, " CET") && !strings.Contains(s, " CEST") || strings.Contains(s, " UTC") {
		t.Errorf("case show not in Stockholm time:\n%s", s)
	}
}
