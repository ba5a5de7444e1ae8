package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/floor"
	"github.com/incidentbot/incidentbot/internal/redistest"
	"github.com/incidentbot/incidentbot/internal/slackfake"
)

// The load measurement (issue 16): the bot as a process and two floor
// handlers as processes – the floor, and the floor + posts, which also
// sends the bot's Web API calls for a report (runFloor) – on one
// redis-server, each sent the same signed final submissions of the
// report dialog at concurrency 1 and 8, after one report to the bot that
// does what only the first report does. It
// measures and prints; it asserts nothing about time, and runs only when
// asked:
//
//	INCIDENTBOT_LOAD=300 go test ./cmd/incidentbot -run TestLoad -count=1 -v
//
// With INCIDENTBOT_LOAD_EMBEDDED=1 the bot runs without REDIS_URL, on its
// embedded store, as a new user's first run does.
const (
	loadEnv     = "INCIDENTBOT_LOAD"
	embeddedEnv = "INCIDENTBOT_LOAD_EMBEDDED"
	floorEnv    = "INCIDENTBOT_TEST_FLOOR"
	postsEnv    = "INCIDENTBOT_TEST_FLOOR_POSTS"
)

// runFloor is the floor: a handler that verifies the signature, writes one
// key to Redis and answers {} – what every acknowledgement must do at the
// least. Given a file of Web API calls (postsEnv, written by TestLoad),
// it then also sends those calls to SLACK_API_URL, as a report's delivery
// must at the least: the bot's own card, receipt and Home tab of one
// report, the same bytes each time, and no state kept for them.
func runFloor() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	opts, err := redis.ParseURL(os.Getenv("REDIS_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var posts []replayCall
	if f := os.Getenv(postsEnv); f != "" {
		b, err := os.ReadFile(f)
		if err == nil {
			err = json.Unmarshal(b, &posts)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	api, token := os.Getenv("SLACK_API_URL"), os.Getenv("SLACK_BOT_TOKEN")
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	send := func(c replayCall) {
		req, _ := http.NewRequest(http.MethodPost, api+c.Method, bytes.NewReader(c.Body))
		req.Header.Set("Content-Type", c.ContentType)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			fmt.Fprintln(os.Stderr, c.Method+":", err)
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !bytes.Contains(b, []byte(`"ok":true`)) {
			fmt.Fprintf(os.Stderr, "%s: %.200s\n", c.Method, b)
		}
	}
	rdb := redis.NewClient(opts)
	secret := os.Getenv("SLACK_SIGNING_SECRET")
	var n int64
	var mu sync.Mutex
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {})
	mux.Handle("/slack/interactions", floor.Handler(secret, func(ctx context.Context, body []byte) error {
		mu.Lock()
		n++
		key := "floor:" + strconv.FormatInt(n, 10)
		mu.Unlock()
		if err := rdb.Set(ctx, key, len(body), time.Hour).Err(); err != nil {
			return err
		}
		if len(posts) > 0 {
			go func() {
				for _, c := range posts {
					send(c)
				}
			}()
		}
		return nil
	}))
	srv := &http.Server{Addr: os.Getenv("LISTEN_ADDR"), Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Shutdown(context.Background()) }()
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// replayCall is one Web API call the bot made for a report, as the
// posting floor sends it again.
type replayCall struct {
	Method      string `json:"method"`
	ContentType string `json:"content_type"`
	Body        []byte `json:"body"`
}

// reportPosts is what the bot posted and published at the fake Slack for
// one report: the calls from the from-th on.
func reportPosts(sf *slackfake.Server, from int) []replayCall {
	var out []replayCall
	for _, c := range sf.Calls("")[from:] {
		if c.Method != "chat.postMessage" && c.Method != "views.publish" {
			continue
		}
		ct := "application/x-www-form-urlencoded"
		if c.JSON != nil {
			ct = "application/json; charset=utf-8"
		}
		out = append(out, replayCall{c.Method, ct, c.Body})
	}
	return out
}

// cpuTicks is a process's user and system CPU time, in clock ticks.
func cpuTicks(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return u + s
}

// rss is a process's resident memory, in MB.
func rss(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// redisCPU is the redis-server's CPU seconds so far.
func redisCPU(t *testing.T, r *redistest.Server) float64 {
	info, err := r.Client(t).Info(context.Background(), "cpu").Result()
	if err != nil {
		return 0
	}
	total := 0.0
	for _, line := range strings.Split(info, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok && (k == "used_cpu_sys" || k == "used_cpu_user") {
			x, _ := strconv.ParseFloat(v, 64)
			total += x
		}
	}
	return total
}

// loadRun is what one target answered at one concurrency.
type loadRun struct {
	p50, p99 time.Duration
	cpu      float64 // seconds, the target's process and Redis
	redis    float64 // seconds, Redis's part of cpu
}

// fire sends every body, signed as it leaves, to base at concurrency c,
// and returns the latencies, in the order they were measured.
func fire(t *testing.T, base string, bodies [][]byte, c int, ok func(int, []byte) bool) []time.Duration {
	t.Helper()
	next := make(chan []byte)
	var mu sync.Mutex
	var lat []time.Duration
	var failed []string
	var wg sync.WaitGroup
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c}}
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for body := range next {
				now := time.Now()
				req, _ := http.NewRequest(http.MethodPost, base+"/slack/interactions", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Slack-Request-Timestamp", fmt.Sprint(now.Unix()))
				req.Header.Set("X-Slack-Signature", sign(testSecret, now.Unix(), body))
				resp, err := client.Do(req)
				var out []byte
				if err == nil {
					out, _ = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				d := time.Since(now)
				mu.Lock()
				switch {
				case err != nil:
					failed = append(failed, err.Error())
				case !ok(resp.StatusCode, out):
					failed = append(failed, fmt.Sprintf("%d %.200s", resp.StatusCode, out))
				default:
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		}()
	}
	for _, b := range bodies {
		next <- b
	}
	close(next)
	wg.Wait()
	if len(failed) > 0 {
		t.Fatalf("%d of %d requests failed, first: %s", len(failed), len(bodies), failed[0])
	}
	return lat
}

func percentile(lat []time.Duration, p float64) time.Duration {
	s := slices.Clone(lat)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// finalSubmissions walks n reports through the dialog's first two steps
// and returns the final submission of each, unsigned.
func finalSubmissions(t *testing.T, h *harness, n, from int) [][]byte {
	t.Helper()
	var out [][]byte
	for i := range n {
		user := fmt.Sprintf("ULOAD%05d", from+i)
		v1 := h.openDialog(user)
		v2 := pushed(t, h.submit(user, v1, stepOneValues(bot.PersonalData, "jobbtorg")), "push")
		v3 := pushed(t, h.submit(user, v2, answersFor(bot.PersonalData, nil)), "push")
		js, _ := json.Marshal(map[string]any{
			"type": "view_submission", "team": map[string]any{"id": "T1"}, "user": map[string]any{"id": user},
			"api_app_id": "A1", "trigger_id": "trigger-submit", "view": filled(v3, map[string]any{bot.FieldIdentity: "named"}),
		})
		out = append(out, []byte(url.Values{"payload": {string(js)}}.Encode()))
	}
	return out
}

// settle waits until the bot has no work left after its acknowledgements,
// so that one run's deliveries do not fall in the next one's timing.
func settle(t *testing.T, h *harness) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for metricAt(t, h.base, "incidentbot_background_tasks_running") > 0 || metricAt(t, h.base, "incidentbot_pending_deliveries") > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the bot did not settle")
		}
		time.Sleep(50 * time.Millisecond) // poll interval
	}
}

// slackPosts is how many messages the bot has posted and Home tabs it
// has published at the fake Slack.
func slackPosts(sf *slackfake.Server) int {
	return len(sf.Calls("chat.postMessage")) + len(sf.Calls("views.publish"))
}

// waitPosts waits until the bot has posted and published want in all.
func waitPosts(t *testing.T, sf *slackfake.Server, want int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for slackPosts(sf) < want {
		if time.Now().After(deadline) {
			t.Fatalf("the bot posted %d of %d", slackPosts(sf), want)
		}
		time.Sleep(2 * time.Millisecond) // poll interval
	}
}

func TestLoad(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv(loadEnv))
	if err != nil || n <= 0 {
		t.Skip("a measurement, not a test: set " + loadEnv + "=300 to run it")
	}
	sf, r := slackfake.New(t), redistest.Start(t)
	h := prepareHarness(t, testConfig, sf, r, nil)
	bot := exec.Command(binary(t))
	bot.Env = os.Environ()
	for k, v := range h.env {
		bot.Env = append(bot.Env, k+"="+v)
	}
	bot.Env = append(bot.Env, "LOG_LEVEL=warn")
	embedded := os.Getenv(embeddedEnv) == "1"
	if embedded {
		bot.Env = append(bot.Env, "REDIS_URL=")
	}
	startCmd(t, h, bot)
	settle(t, h)
	idle := rss(bot.Process.Pid)
	accepted := func(status int, body []byte) bool {
		return status == http.StatusOK && bytes.Contains(body, []byte(`"update"`))
	}
	floorOK := func(status int, body []byte) bool { return status == http.StatusOK }
	tick := 100.0 // clock ticks per second on Linux
	results := map[string]loadRun{}
	// One report first: the first suggestion trains the weighing model
	// (docs/classification.md), once per process, which is no report's
	// cost. It is told apart.
	from := 1
	warm0, calls0 := cpuTicks(bot.Process.Pid), len(sf.Calls(""))
	fire(t, h.base, finalSubmissions(t, h, 1, 0), 1, accepted)
	settle(t, h)
	warm := float64(cpuTicks(bot.Process.Pid)-warm0) / tick
	// What one report posts and publishes after its acknowledgement: a
	// run is done when the fake Slack has all of it. Waiting so costs the
	// bot nothing; asking its /metrics, as settle does, costs it about as
	// much CPU as a report.
	posted := reportPosts(sf, calls0)
	perReport := len(posted)
	postsFile := filepath.Join(t.TempDir(), "posts.json")
	js, _ := json.Marshal(posted)
	if err := os.WriteFile(postsFile, js, 0o600); err != nil {
		t.Fatal(err)
	}

	// The floor, and the floor that also posts what the bot posted for a
	// report (runFloor): what a delivered report costs at the least.
	floors := map[string]*exec.Cmd{}
	floorBase := map[string]string{}
	for _, name := range []string{"floor", "floor + posts"} {
		addr := freeAddr(t)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), floorEnv+"=1", "REDIS_URL="+r.URL(), "SLACK_SIGNING_SECRET="+testSecret,
			"LISTEN_ADDR="+addr, "SLACK_API_URL="+sf.URL(), "SLACK_BOT_TOKEN="+h.env["SLACK_BOT_TOKEN"])
		if name == "floor + posts" {
			cmd.Env = append(cmd.Env, postsEnv+"="+postsFile)
		}
		startCmd(t, &harness{t: t, base: "http://" + addr, stderr: &lockedBuffer{}}, cmd)
		floors[name], floorBase[name] = cmd, "http://"+addr
	}
	for _, c := range []int{1, 8} {
		bodies := finalSubmissions(t, h, n, from)
		from += n
		settle(t, h)
		cpu0, rcpu0, posts := cpuTicks(bot.Process.Pid), redisCPU(t, r), slackPosts(sf)
		lat := fire(t, h.base, bodies, c, accepted)
		waitPosts(t, sf, posts+n*perReport) // the work the acknowledgements started counts too
		cpu, rcpu := float64(cpuTicks(bot.Process.Pid)-cpu0)/tick, 0.0
		if !embedded {
			rcpu = redisCPU(t, r) - rcpu0
		}
		results[fmt.Sprintf("bot c=%d", c)] = loadRun{percentile(lat, 0.5), percentile(lat, 0.99), cpu + rcpu, rcpu}
		if embedded {
			last := lat[len(lat)*9/10:]
			t.Logf("embedded store, c=%d: p50 of the last tenth (reports %d to %d) %.2f ms", c, from-len(last)+1, from, float64(percentile(last, 0.5).Microseconds())/1000)
		}
		settle(t, h) // nothing of this run left when the floors run
		for _, name := range []string{"floor", "floor + posts"} {
			pid := floors[name].Process.Pid
			cpu0, rcpu0, posts = cpuTicks(pid), redisCPU(t, r), slackPosts(sf)
			lat = fire(t, floorBase[name], bodies, c, floorOK)
			if name == "floor + posts" {
				waitPosts(t, sf, posts+n*perReport)
			}
			rcpu := redisCPU(t, r) - rcpu0
			results[fmt.Sprintf("%s c=%d", name, c)] = loadRun{percentile(lat, 0.5), percentile(lat, 0.99),
				float64(cpuTicks(pid)-cpu0)/tick + rcpu, rcpu}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the bot's resident memory: %.1f MB idle at start, %.1f MB after the runs\n", idle, rss(bot.Process.Pid))
	fmt.Fprintf(&b, "the first report, before the runs: %.2f s of the bot's CPU (the weighing model is trained)\n", warm)
	fmt.Fprintf(&b, "%d final submissions per run\n| | p50 | p99 | CPU s (process + Redis) | of which Redis |\n|---|---:|---:|---:|---:|\n", n)
	for _, k := range []string{"floor c=1", "floor + posts c=1", "bot c=1", "floor c=8", "floor + posts c=8", "bot c=8"} {
		x := results[k]
		fmt.Fprintf(&b, "| %s | %.2f ms | %.2f ms | %.2f | %.2f |\n", k, float64(x.p50.Microseconds())/1000, float64(x.p99.Microseconds())/1000, x.cpu, x.redis)
	}
	for _, c := range []int{1, 8} {
		bt, fl := results[fmt.Sprintf("bot c=%d", c)], results[fmt.Sprintf("floor c=%d", c)]
		fp := results[fmt.Sprintf("floor + posts c=%d", c)]
		fmt.Fprintf(&b, "c=%d: p50 %.1f× the floor, p99 %.1f×, CPU %.1f×; the floor + posts: p50 %.1f×, CPU %.1f× the floor; the bot's CPU %.1f× the floor + posts\n", c,
			float64(bt.p50)/float64(fl.p50), float64(bt.p99)/float64(fl.p99), bt.cpu/max(fl.cpu, 0.01),
			float64(fp.p50)/float64(fl.p50), fp.cpu/max(fl.cpu, 0.01), bt.cpu/max(fp.cpu, 0.01))
	}
	t.Log("\n" + b.String())
}
