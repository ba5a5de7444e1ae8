package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/config"
	"github.com/incidentbot/incidentbot/internal/redistest"
	"github.com/incidentbot/incidentbot/internal/slackfake"
	"github.com/incidentbot/incidentbot/store"
)

const (
	testSecret = "test-signing-secret"
	waitLong   = 10 * time.Second
)

// testConfig is the organisation the end-to-end tests report into. It
// names no managers: a bot with managers sends the digest that is due as
// it starts, and the digest's tests add them (withManagers).
const testConfig = `case_prefix: INC
timezone: Europe/Stockholm
units:
  - id: jobbtorg
    name: Jobbtorg Skärholmen
    coordinators: [UCOORD1, UCOORD2]
    channel: CCASES1
    escalation: [UHEAD1]
    lex_sarah: true
  - id: lss-home
    name: LSS-boende Solrosen
    coordinators: [UCOORD3]
    escalation: [UHEAD2]
    lex_sarah: true
routes:
  - category: threat_violence
    units: ["*"]
    coordinators: [USEC1]
    channel: CSECURITY
`

// harness runs the real program against a real redis-server and a fake
// Slack on loopback.
type harness struct {
	t     *testing.T
	slack *slackfake.Server
	redis *redistest.Server
	base  string
	env   map[string]string
	clock *testClock
	// tune, when set, changes the test settings the bot runs with.
	tune   func(*settings)
	stderr *lockedBuffer
	// alternate, when set, are the bases the signed requests go to in
	// turn: several bot processes behind one load balancer.
	alternate []string
	turn      atomic.Int64

	cancel context.CancelFunc
	done   chan error
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// withManagers is testConfig with managers for both units.
var withManagers = strings.NewReplacer(
	"    channel: CCASES1\n", "    channel: CCASES1\n    managers: [UMGR1]\n",
	"    escalation: [UHEAD2]\n", "    escalation: [UHEAD2]\n    managers: [UMGR1, UMGR2]\n",
).Replace(testConfig)

// newHarness starts the bot in HTTP mode; extra env entries override.
func newHarness(t *testing.T, extra ...string) *harness {
	t.Helper()
	return startHarness(t, testConfig, extra...)
}

// startHarness starts the bot with the configuration given.
func startHarness(t *testing.T, config string, extra ...string) *harness {
	t.Helper()
	return startHarnessWith(t, config, slackfake.New(t), redistest.Shared(t), nil, extra...)
}

// testClock is the bot's clock in a test: the real time until the test
// sets it, then the time set.
type testClock struct{ at atomic.Pointer[time.Time] }

// newClock returns a clock that stands at at.
func newClock(at time.Time) *testClock {
	c := &testClock{}
	c.Set(at)
	return c
}

// Now is the clock's time.
func (c *testClock) Now() time.Time {
	if c == nil {
		return time.Now()
	}
	if at := c.at.Load(); at != nil {
		return *at
	}
	return time.Now()
}

// Set moves the clock to at.
func (c *testClock) Set(at time.Time) { c.at.Store(&at) }

// testSettings runs the bot by clock (the real time when nil) with its
// loops quick enough for a test.
func testSettings(clock *testClock) settings {
	s := defaultSettings()
	s.now = clock.Now
	s.digestEvery = 20 * time.Millisecond
	s.reloadEvery = 20 * time.Millisecond
	s.remindEvery = 20 * time.Millisecond
	s.retentionEvery = 20 * time.Millisecond
	return s
}

// runCommand runs the program once with the environment env.
func runCommand(env map[string]string, out io.Writer, args ...string) error {
	return run(context.Background(), append([]string{"incidentbot"}, args...), func(k string) string { return env[k] }, out, out, testSettings(nil))
}

// run runs a sub-command of the program against the harness's Redis and
// configuration.
func (h *harness) run(out io.Writer, args ...string) error {
	return run(context.Background(), append([]string{"incidentbot"}, args...), h.getenv, out, out, testSettings(h.clock))
}

func (h *harness) getenv(k string) string { return h.env[k] }

// startHarnessWith starts the bot against the Slack and Redis given, by
// clock (the real time when nil).
func startHarnessWith(t *testing.T, config string, slack *slackfake.Server, redis *redistest.Server, clock *testClock, extra ...string) *harness {
	t.Helper()
	h := prepareHarness(t, config, slack, redis, clock, extra...)
	h.start()
	t.Cleanup(h.stop)
	return h
}

// prepareHarness is startHarnessWith without the start, so that a test
// may tune the settings first.
func prepareHarness(t *testing.T, config string, slack *slackfake.Server, redis *redistest.Server, clock *testClock, extra ...string) *harness {
	t.Helper()
	h := &harness{t: t, slack: slack, redis: redis, clock: clock, stderr: &lockedBuffer{}}
	// A failed test shows the bot's log, the last of it.
	t.Cleanup(func() {
		if t.Failed() {
			log := h.stderr.String()
			t.Logf("the bot's log:\n%s", log[max(0, len(log)-20000):])
		}
	})
	cfgPath := filepath.Join(t.TempDir(), "incidentbot.yaml")
	if err := os.WriteFile(cfgPath, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	h.base = "http://" + addr
	h.env = map[string]string{
		"SLACK_BOT_TOKEN":      "xoxb-test-token",
		"SLACK_SIGNING_SECRET": testSecret,
		"SLACK_APP_TOKEN":      "",
		"SLACK_API_URL":        h.slack.URL(),
		"REDIS_URL":            h.redis.URL(),
		"LISTEN_ADDR":          addr,
		"INCIDENTBOT_CONFIG":   cfgPath,
		"OPENAI_API_KEY":       "",
	}
	for i := 0; i+1 < len(extra); i += 2 {
		h.env[extra[i]] = extra[i+1]
	}
	return h
}

// start runs the program and waits until it answers /healthz.
func (h *harness) start() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() {
		set := testSettings(h.clock)
		if h.tune != nil {
			h.tune(&set)
		}
		h.done <- run(ctx, []string{"incidentbot"}, h.getenv, io.Discard, h.stderr, set)
	}()
	deadline := time.Now().Add(waitLong)
	for time.Now().Before(deadline) {
		select {
		case err := <-h.done:
			h.t.Fatalf("incidentbot exited at start: %v\n%s", err, h.stderr.String())
		default:
		}
		if resp, err := http.Get(h.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.t.Fatalf("incidentbot did not answer /healthz\n%s", h.stderr.String())
}

// stop cancels the program and waits for its graceful shutdown.
func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("incidentbot exited with %v", err)
		}
	case <-time.After(30 * time.Second):
		h.t.Error("incidentbot did not shut down")
	}
	h.cancel = nil
}

// store opens the bot's Redis directly, to check what it wrote.
func (h *harness) store() *store.Store {
	h.t.Helper()
	// The bot's own data key, when it has one, so sealed data reads.
	sealer, err := config.LoadEnv(h.getenv).Sealer()
	if err != nil {
		h.t.Fatal(err)
	}
	st := store.New(h.redis.Client(h.t), store.Options{Sealer: sealer})
	if sealer != nil {
		if err := st.UseDataKey(context.Background()); err != nil {
			h.t.Fatal(err)
		}
	}
	return st
}

func sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// post sends body signed with secret at ts.
func (h *harness) post(path, contentType string, body []byte, secret string, ts time.Time) (int, []byte) {
	h.t.Helper()
	base := h.base
	if n := len(h.alternate); n > 0 {
		base = h.alternate[int(h.turn.Add(1))%n]
	}
	req, err := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", fmt.Sprint(ts.Unix()))
	req.Header.Set("X-Slack-Signature", sign(secret, ts.Unix(), body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

var triggers int

// command sends a signed /report with text as user.
func (h *harness) command(user, text string) (int, []byte) {
	h.t.Helper()
	triggers++
	form := url.Values{
		"command": {"/report"}, "text": {text}, "user_id": {user}, "user_name": {strings.ToLower(user)},
		"team_id": {"T1"}, "channel_id": {"CGENERAL"}, "trigger_id": {fmt.Sprintf("trigger-%d", triggers)},
		"response_url": {"https://hooks.slack.test/commands/1"}, "api_app_id": {"A1"},
	}
	return h.post("/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()), testSecret, time.Now())
}

// interact sends a signed interaction payload and decodes any JSON answer.
func (h *harness) interact(payload map[string]any) (int, map[string]any) {
	h.t.Helper()
	js, _ := json.Marshal(payload)
	body := []byte(url.Values{"payload": {string(js)}}.Encode())
	status, out := h.post("/slack/interactions", "application/x-www-form-urlencoded", body, testSecret, time.Now())
	var m map[string]any
	if len(bytes.TrimSpace(out)) > 0 {
		if err := json.Unmarshal(out, &m); err != nil {
			h.t.Fatalf("interaction answer is not JSON: %q", out)
		}
	}
	return status, m
}

// event sends a signed Events API callback.
func (h *harness) event(eventID string, inner map[string]any) int {
	h.t.Helper()
	body, _ := json.Marshal(map[string]any{
		"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
		"event_id": eventID, "event_time": time.Now().Unix(), "event": inner,
	})
	status, _ := h.post("/slack/events", "application/json", body, testSecret, time.Now())
	return status
}

// openedView is the view the bot opened most recently with views.open.
func (h *harness) openedView(n int) map[string]any {
	h.t.Helper()
	calls := h.slack.WaitFor(h.t, "views.open", n, waitLong)
	v, _ := calls[n-1].JSON["view"].(map[string]any)
	if v == nil {
		h.t.Fatalf("views.open without a view: %s", calls[n-1].Body)
	}
	// Slack gives every opened view an id of its own; on a copy, since the
	// fake Slack reads the call it recorded.
	out := make(map[string]any, len(v)+1)
	for k, x := range v {
		out[k] = x
	}
	out["id"] = fmt.Sprintf("V%05d", n)
	return out
}

// openDialog runs /report as user and returns the first step's view.
func (h *harness) openDialog(user string) map[string]any {
	h.t.Helper()
	n := len(h.slack.Calls("views.open"))
	if status, body := h.command(user, ""); status != http.StatusOK {
		h.t.Fatalf("/report answered %d %s", status, body)
	}
	return h.openedView(n + 1)
}

// submit sends a view_submission of view filled with values (by field id)
// and returns the answer.
func (h *harness) submit(user string, view map[string]any, values map[string]any) map[string]any {
	h.t.Helper()
	status, resp := h.interact(map[string]any{
		"type": "view_submission", "team": map[string]any{"id": "T1"}, "user": map[string]any{"id": user},
		"api_app_id": "A1", "trigger_id": "trigger-submit", "view": filled(view, values),
	})
	if status != http.StatusOK {
		h.t.Fatalf("view_submission answered %d", status)
	}
	return resp
}

// closeView sends a view_closed of view filled with values.
func (h *harness) closeView(user string, view map[string]any, values map[string]any, cleared bool) {
	h.t.Helper()
	status, _ := h.interact(map[string]any{
		"type": "view_closed", "team": map[string]any{"id": "T1"}, "user": map[string]any{"id": user},
		"api_app_id": "A1", "view": filled(view, values), "is_cleared": cleared,
	})
	if status != http.StatusOK {
		h.t.Fatalf("view_closed answered %d", status)
	}
}

// filled is view as Slack sends it back: with an id, a hash and the state
// of every input block, holding values for the fields given, and, as Slack
// does, an input's initial value where none is given.
func filled(view map[string]any, values map[string]any) map[string]any {
	state := map[string]any{}
	for _, b := range blocksOf(view) {
		if b["type"] != "input" {
			continue
		}
		bid, _ := b["block_id"].(string)
		el, _ := b["element"].(map[string]any)
		typ, _ := el["type"].(string)
		aid, _ := el["action_id"].(string)
		field, _, _ := strings.Cut(bid, ".")
		v := map[string]any{"type": typ}
		val, ok := values[field]
		switch typ {
		case "plain_text_input":
			v["value"] = el["initial_value"]
			if ok {
				v["value"] = val
			}
		case "radio_buttons", "static_select":
			v["selected_option"] = el["initial_option"]
			if ok {
				v["selected_option"] = map[string]any{"value": val, "text": map[string]any{"type": "plain_text", "text": fmt.Sprint(val)}}
			}
		case "checkboxes":
			opts := []any{}
			if initial, ok := el["initial_options"].([]any); ok {
				opts = initial
			}
			if ok {
				opts = []any{}
				for _, x := range val.([]string) {
					opts = append(opts, map[string]any{"value": x, "text": map[string]any{"type": "plain_text", "text": x}})
				}
			}
			v["selected_options"] = opts
		case "multi_users_select":
			users := []any{}
			if initial, ok := el["initial_users"].([]any); ok {
				users = initial
			}
			if ok {
				users = []any{}
				for _, u := range val.([]string) {
					users = append(users, u)
				}
			}
			v["selected_users"] = users
		case "datetimepicker":
			v["selected_date_time"] = el["initial_date_time"]
			if ok {
				v["selected_date_time"] = val.(time.Time).Unix()
			}
		}
		state[bid] = map[string]any{aid: v}
	}
	out := map[string]any{}
	for k, v := range view {
		out[k] = v
	}
	if _, ok := out["id"]; !ok {
		out["id"] = "VTEST"
	}
	out["hash"] = "hash-1"
	out["state"] = map[string]any{"values": state}
	return out
}

func blocksOf(view map[string]any) []map[string]any {
	raw, _ := view["blocks"].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, b := range raw {
		if m, ok := b.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// inputFields lists the field ids of a view's input blocks, in order.
func inputFields(view map[string]any) []string {
	var fs []string
	for _, b := range blocksOf(view) {
		if b["type"] == "input" {
			bid, _ := b["block_id"].(string)
			f, _, _ := strings.Cut(bid, ".")
			fs = append(fs, f)
		}
	}
	return fs
}

// inputElement returns the element of the input block for field.
func inputElement(view map[string]any, field string) map[string]any {
	for _, b := range blocksOf(view) {
		bid, _ := b["block_id"].(string)
		if f, _, _ := strings.Cut(bid, "."); f == field && b["type"] == "input" {
			el, _ := b["element"].(map[string]any)
			return el
		}
	}
	return nil
}

// pushed returns the view of a push or update answer, failing otherwise.
func pushed(t *testing.T, resp map[string]any, action string) map[string]any {
	t.Helper()
	if resp["response_action"] != action {
		t.Fatalf("response_action = %v, want %s; answer %v", resp["response_action"], action, resp)
	}
	v, _ := resp["view"].(map[string]any)
	return v
}

// text is every piece of text in a view or message, for assertions.
func text(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, v := range x {
				if k == "text" {
					if s, ok := v.(string); ok {
						b.WriteString(s + "\n")
						continue
					}
				}
				walk(v)
			}
		case []any:
			for _, v := range x {
				walk(v)
			}
		}
	}
	walk(v)
	return b.String()
}

// stepOneValues answers the first step for category and unit.
func stepOneValues(cat bot.Category, unit string) map[string]any {
	now := time.Now()
	return map[string]any{
		bot.FieldCategory: string(cat), bot.FieldUnit: unit,
		bot.FieldOccurredAt: now.Add(-26 * time.Hour), bot.FieldDiscoveredAt: now.Add(-2 * time.Hour),
	}
}

// metricAt reads one series of the Prometheus text at base/metrics: name
// with labels exactly as written, such as `incidentbot_loop_runs_total{loop="digest"}`;
// 0 when the series is not there yet, or the bot is not yet listening.
func metricAt(t *testing.T, base, series string) float64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for line := range strings.Lines(string(body)) {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			var v float64
			if _, err := fmt.Sscan(rest, &v); err == nil {
				return v
			}
		}
	}
	return 0
}

// waitMetric waits until series at base/metrics reaches at least want.
func waitMetric(t *testing.T, base, series string, want float64) {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for metricAt(t, base, series) < want {
		if time.Now().After(deadline) {
			t.Fatalf("%s never reached %v", series, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitLoopRuns waits until loop has run twice more: the run under way when
// called may have started before what the test just changed, the second
// starts after it. It proves that a moment passed in which the loop would
// have acted, without a fixed wait.
func (h *harness) waitLoopRuns(loop string) {
	h.t.Helper()
	series := `incidentbot_loop_runs_total{loop="` + loop + `"}`
	waitMetric(h.t, h.base, series, metricAt(h.t, h.base, series)+2)
}

// waitIdle waits until no work that followed an acknowledgement is under
// way: every background task started by the requests answered so far has
// finished.
func (h *harness) waitIdle() {
	h.t.Helper()
	deadline := time.Now().Add(waitLong)
	for metricAt(h.t, h.base, "incidentbot_background_tasks_running") > 0 {
		if time.Now().After(deadline) {
			h.t.Fatal("background work still under way")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
