package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/redistest"
	"github.com/incidentbot/incidentbot/internal/slackfake"
)

func newDataKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// sealedMarkers are texts that must never reach Redis in clear.
var sealedMarkers = []string{"SECRET-DETAIL", "NOTE-MARKER", "QUESTION-MARKER", "ANSWER-MARKER", "REASON-MARKER", "INVESTIGATOR-MARKER", "BREACH-MARKER", "UANONREP"}

// noneInRedis checks that no key name, value or byte of the append-only
// file holds a marker.
func noneInRedis(t *testing.T, r *redistest.Server) {
	t.Helper()
	ctx := context.Background()
	rdb := r.Client(t)
	keys, err := rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	for _, k := range keys {
		all.WriteString(k + "\n")
		if dump, err := rdb.Dump(ctx, k).Result(); err == nil {
			all.WriteString(dump)
		}
	}
	if err := rdb.Do(ctx, "BGREWRITEAOF").Err(); err != nil {
		t.Log(err)
	}
	// The rewrite's files are read once it has finished: its temporary
	// file vanishes when it is renamed into place.
	deadline := time.Now().Add(waitLong)
	for {
		info := rdb.Info(ctx, "persistence").Val()
		if !strings.Contains(info, "aof_rewrite_in_progress:1") && !strings.Contains(info, "aof_rewrite_scheduled:1") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the AOF rewrite did not finish")
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
	all.Write(r.Files(t))
	for _, m := range sealedMarkers {
		if bytes.Contains(all.Bytes(), []byte(m)) {
			t.Errorf("Redis holds %q in clear", m)
		}
	}
}

// TestSealedAtRest: with a data key, after an anonymous report, a note, an
// escalation and a question and answer, nothing in Redis – key names,
// values, the append-only file – holds their text or the reporter's id;
// case show, the export and the details view still show them; a second
// key with the first among the old ones reads everything, rekey seals it
// again, and then the first key alone is refused at start.
func TestSealedAtRest(t *testing.T) {
	key1 := newDataKey(t)
	r := redistest.Start(t)
	sf := slackfake.New(t)
	h := startHarnessWith(t, testConfig, sf, r, nil, "INCIDENTBOT_DATA_KEY", key1)
	id := caseIDIn(t, h.reportThrough("UANONREP", bot.Other, "jobbtorg", answersFor(bot.Other, nil), "anonymous"))
	h.waitDelivered(id)

	opened := len(h.slack.Calls("views.open"))
	h.cardAction("UCOORD1", id, "case_note", "")
	if r := h.submit("UCOORD1", h.openedView(opened+1), map[string]any{bot.FieldNoteText: "NOTE-MARKER samtal", bot.FieldNoteSource: "Intervju", bot.FieldNoteKind: bot.NoteFact}); r != nil {
		t.Fatalf("note: %v", r)
	}
	opened = len(h.slack.Calls("views.open"))
	h.cardAction("UCOORD1", id, "case_ask", "")
	if r := h.submit("UCOORD1", h.openedView(opened+1), map[string]any{bot.FieldQuestion: "QUESTION-MARKER?"}); r != nil {
		t.Fatalf("ask: %v", r)
	}
	waitPostWith(t, h, "UANONREP", string(id)+"|1")
	opened = len(h.slack.Calls("views.open"))
	h.reporterAction("UANONREP", "reporter_answer", string(id)+"|1")
	if r := h.submit("UANONREP", h.openedView(opened+1), map[string]any{bot.FieldAnswer: "ANSWER-MARKER"}); r["response_action"] != "update" {
		t.Fatalf("answer: %v", r)
	}
	opened = len(h.slack.Calls("views.open"))
	h.cardAction("UCOORD1", id, "case_escalate", "")
	if r := h.submit("UCOORD1", h.openedView(opened+1), map[string]any{bot.FieldEscalateReason: "REASON-MARKER"}); r != nil {
		t.Fatalf("escalate: %v", r)
	}
	h.waitCase(id, "escalated", func(c bot.Case) bool { return c.Status == bot.StatusEscalated })
	opened = len(h.slack.Calls("views.open"))
	h.cardAction("UCOORD1", id, "case_investigate", "")
	if r := h.submit("UCOORD1", h.openedView(opened+1), map[string]any{bot.FieldInvestigatorName: "INVESTIGATOR-MARKER", bot.FieldInvestigatorTitle: "Utredare"}); r != nil {
		t.Fatalf("investigate: %v", r)
	}
	h.waitCase(id, "investigated", func(c bot.Case) bool { return c.Investigation != nil })
	// A personal data breach's record.
	breach := caseIDIn(t, h.reportThrough("UANONREP", bot.PersonalData, "jobbtorg", answersFor(bot.PersonalData, nil), "anonymous"))
	h.waitDelivered(breach)
	opened = len(h.slack.Calls("views.open"))
	h.cardAction("UCOORD1", breach, "case_breach", "")
	if r := h.submit("UCOORD1", h.openedView(opened+1), map[string]any{bot.FieldBreachSummary: "BREACH-MARKER", bot.FieldBreachRisk: bot.RiskPresent,
		bot.FieldBreachReasoning: "BREACH-MARKER skäl"}); r != nil {
		t.Fatalf("breach record: %v", r)
	}
	h.waitCase(breach, "documented", func(c bot.Case) bool { return c.Breach != nil })
	h.waitIdle()
	noneInRedis(t, r)

	// Still readable where it may be read.
	opened = len(h.slack.Calls("views.open"))
	h.cardAction("UCOORD1", id, "case_details", "")
	if d := text(h.openedView(opened + 1)); !strings.Contains(d, "SECRET-DETAIL") || !strings.Contains(d, "NOTE-MARKER") || !strings.Contains(d, "ANSWER-MARKER") {
		t.Errorf("the details lack what was sealed:\n%s", d)
	}
	var out bytes.Buffer
	if err := h.run(&out, "case", "export", string(id), "--format", "md"); err != nil || !strings.Contains(out.String(), "NOTE-MARKER") || !strings.Contains(out.String(), "ANSWER-MARKER") {
		t.Errorf("export: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := h.run(&out, "case", "show", string(id), "--json"); err != nil || !strings.Contains(out.String(), "REASON-MARKER") {
		t.Errorf("case show: %v\n%s", err, out.String())
	}
	h.stop()

	// Started again with the same key, the reporter still finds the case.
	same := startHarnessWith(t, testConfig, sf, r, nil, "INCIDENTBOT_DATA_KEY", key1)
	if status, body := same.command("UANONREP", "status"); status != 200 || !strings.Contains(string(body), string(id)) {
		t.Errorf("/report status after a restart with the same key: %d %s", status, body)
	}
	same.stop()

	// A second key, the first kept among the old ones: all still reads;
	// rekey seals again, is safe to repeat; then the first alone is refused.
	key2 := newDataKey(t)
	h2 := startHarnessWith(t, testConfig, sf, r, nil, "INCIDENTBOT_DATA_KEY", key2, "INCIDENTBOT_OLD_DATA_KEYS", key1)
	if status, body := h2.command("UANONREP", "status"); status != 200 || !strings.Contains(string(body), string(id)) {
		t.Errorf("/report status with the new key: %d %s", status, body)
	}
	out.Reset()
	if err := h2.run(&out, "rekey"); err != nil || !strings.Contains(out.String(), "2 cases") {
		t.Fatalf("rekey: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := h2.run(&out, "rekey"); err != nil || !strings.Contains(out.String(), "0 values and 0 drafts") {
		t.Errorf("rekey again: %v\n%s", err, out.String())
	}
	h2.env["INCIDENTBOT_OLD_DATA_KEYS"] = ""
	out.Reset()
	if err := h2.run(&out, "case", "export", string(id), "--format", "md"); err != nil || !strings.Contains(out.String(), "NOTE-MARKER") ||
		!strings.Contains(out.String(), "INVESTIGATOR-MARKER") {
		t.Errorf("export with the new key alone after rekey: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := h2.run(&out, "case", "export", string(breach), "--format", "md"); err != nil || !strings.Contains(out.String(), "BREACH-MARKER") {
		t.Errorf("the breach record with the new key alone after rekey: %v\n%s", err, out.String())
	}
	h2.env["INCIDENTBOT_DATA_KEY"] = key1
	if err := h2.run(&out, "case", "show", string(id)); err == nil || !strings.Contains(err.Error(), "INCIDENTBOT_DATA_KEY") {
		t.Errorf("the old key alone: %v", err)
	}
	noneInRedis(t, r)
}

// TestRedisWithAPassword: the bot runs against a redis-server that asks
// for a password, given in REDIS_URL; a wrong one leaves it unready and
// says so, naming no password.
func TestRedisWithAPassword(t *testing.T) {
	r := redistest.Start(t, "--requirepass", "hemligt-lösen")
	h := startHarnessWith(t, testConfig, slackfake.New(t), r, nil)
	id := h.reported(bot.Other, "jobbtorg", nil, "named")
	waitPost(t, h, "CCASES1", string(id))

	var out bytes.Buffer
	env := map[string]string{"REDIS_URL": strings.Replace(r.URL(), url.UserPassword("", "hemligt-lösen").String(), url.UserPassword("", "fel").String(), 1)}
	err := runCommand(env, &out, "case", "show", string(id))
	if err == nil || strings.Contains(err.Error(), "fel") || strings.Contains(err.Error(), "hemligt") {
		t.Errorf("a wrong password: %v", err)
	}
}

// TestCheckConfigWarnsWithoutADataKey: check-config says when texts would
// be stored in clear, and names a malformed key's variable.
func TestCheckConfigWarnsWithoutADataKey(t *testing.T) {
	path := t.TempDir() + "/incidentbot.yaml"
	writeFile(t, path, testConfig)
	var out bytes.Buffer
	if err := runCommand(map[string]string{}, &out, "check-config", path); err != nil || !strings.Contains(out.String(), "INCIDENTBOT_DATA_KEY is not set") {
		t.Errorf("without a key: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := runCommand(map[string]string{"INCIDENTBOT_DATA_KEY": newDataKey(t)}, &out, "check-config", path); err != nil || strings.Contains(out.String(), "INCIDENTBOT_DATA_KEY") {
		t.Errorf("with a key: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := runCommand(map[string]string{"INCIDENTBOT_DATA_KEY": "kort"}, &out, "check-config", path); err != nil || !strings.Contains(out.String(), "INCIDENTBOT_DATA_KEY:") || strings.Contains(out.String(), "kort") {
		t.Errorf("a malformed key: %v\n%s", err, out.String())
	}
}
