package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
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
	out.Reset()
	if err := runCommand(map[string]string{}, &out, "digest", "--help"); err != nil || !strings.Contains(out.String(), "LOG_LEVEL") {
		t.Errorf("a command's help does not list the environment:\n%s", out.String())
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
