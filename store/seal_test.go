package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/seal"
)

// sealedStore is a Store on e's Redis sealing with key, its data key
// checked as at start.
func sealedStore(t *testing.T, e env, key string, old ...string) *Store {
	t.Helper()
	sl, err := seal.New(key, old)
	if err != nil {
		t.Fatal(err)
	}
	s := New(e.rdb, Options{Sealer: sl})
	if err := s.UseDataKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func dataKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// TestIndexKeyLoadedOnEveryStart: a store started again with the same key
// finds the reporter's cases: the index key is read from Redis each time,
// not only the first.
func TestIndexKeyLoadedOnEveryStart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	key := dataKey(t)
	first := sealedStore(t, e, key)
	c := mustCreate(t, first, newCase("sub", "UREP1", t0))

	again := sealedStore(t, e, key)
	got, err := again.CasesByReporter(ctx, "UREP1", []int{2026}, 10)
	if err != nil || len(got) != 1 || got[0].ID != c.ID {
		t.Fatalf("CasesByReporter after a restart = %v, %v; want %s", got, err, c.ID)
	}
	if _, err := again.CaseBySubmission(ctx, "sub", 2026); err != nil {
		t.Errorf("CaseBySubmission after a restart: %v", err)
	}
}

// TestAnonymousCasesIndexedApart: no index holds both an anonymous case
// and a named case of the same reporter, and the reporter still finds
// both.
func TestAnonymousCasesIndexedApart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	s := sealedStore(t, e, dataKey(t))
	named := mustCreate(t, s, newCase("sub1", "UREP1", t0))
	anon := mustCreate(t, s, anonymous(newCase("sub2", "UREP1", t0.Add(1e9))))

	keys, err := e.rdb.Keys(ctx, "*:idx:reporter:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 {
		t.Errorf("reporter indexes = %v, want two", keys)
	}
	for _, k := range keys {
		ids, err := e.rdb.ZRange(ctx, k, 0, -1).Result()
		if err != nil || len(ids) != 1 {
			t.Errorf("%s = %v, %v; want one case", k, ids, err)
		}
		if strings.Contains(k, "UREP1") {
			t.Errorf("%s names the reporter", k)
		}
	}
	got, err := s.CasesByReporter(ctx, "UREP1", []int{2026}, 10)
	if err != nil || len(got) != 2 || got[0].ID != anon.ID || got[1].ID != named.ID {
		t.Errorf("CasesByReporter = %v, %v; want %s, %s", got, err, anon.ID, named.ID)
	}
}

// TestRekeyMovesAnonymousCaseOutOfNamedIndex: an anonymous case indexed
// the old way, beside the reporter's named cases, is moved to the
// anonymous index by rekey.
func TestRekeyMovesAnonymousCaseOutOfNamedIndex(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	s := sealedStore(t, e, dataKey(t))
	anon := mustCreate(t, s, anonymous(newCase("sub", "UREP1", t0)))
	k := s.keys
	// As stored before anonymous cases had their own index.
	if err := e.rdb.Rename(ctx, k.reporterIndex(2026, "UREP1", true), k.reporterIndex(2026, "UREP1", false)).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rekey(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.rdb.Exists(ctx, k.reporterIndex(2026, "UREP1", false)).Result(); n != 0 {
		t.Errorf("the named index still exists")
	}
	if _, err := e.rdb.ZScore(ctx, k.reporterIndex(2026, "UREP1", true), string(anon.ID)).Result(); err != nil {
		t.Errorf("the anonymous index lacks the case: %v", err)
	}
}

// TestRekeyReplacesUnnamedCopy: an escalation recorded before log entries
// named their copy in the year's stream, its reason in clear, leaves no
// clear copy behind once rekey has sealed it.
func TestRekeyReplacesUnnamedCopy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	s := sealedStore(t, e, dataKey(t))
	c := mustCreate(t, s, newCase("sub", "UREP1", t0))
	k := s.keys
	// Stream ids come from Redis's clock: after all there are.
	ms := time.Now().UnixMilli() + 60_000
	at := formatTime(t0.Add(3600e9))
	entry := []any{aAt, at, aActor, "UCOORD1", aAction, bot.ActionEscalated, aFields, `{"reason":"CLEAR-REASON"}`}
	if err := e.rdb.Do(ctx, append([]any{"XADD", k.log(c.ID), fmt.Sprintf("%d-0", ms)}, entry...)...).Err(); err != nil {
		t.Fatal(err)
	}
	// Another case's entry in the same millisecond stays.
	other := []any{aAt, at, aActor, "UCOORD1", aAction, bot.ActionEscalated, aFields, `{"reason":"OTHER"}`, "case", "INC-2026-0099"}
	if err := e.rdb.Do(ctx, append([]any{"XADD", k.audit(2026), fmt.Sprintf("%d-0", ms)}, other...)...).Err(); err != nil {
		t.Fatal(err)
	}
	if err := e.rdb.Do(ctx, append(append([]any{"XADD", k.audit(2026), fmt.Sprintf("%d-1", ms+1)}, entry...), "case", string(c.ID))...).Err(); err != nil {
		t.Fatal(err)
	}
	before, _ := e.rdb.XLen(ctx, k.audit(2026)).Result()

	if _, err := s.Rekey(ctx); err != nil {
		t.Fatal(err)
	}
	all, err := e.rdb.XRange(ctx, k.audit(2026), "-", "+").Result()
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(all)) != before {
		t.Errorf("the year's stream has %d entries, want %d", len(all), before)
	}
	var others int
	for _, x := range all {
		if f, _ := x.Values[aFields].(string); strings.Contains(f, "CLEAR-REASON") {
			t.Errorf("a copy in clear is left: %v", x.Values)
		}
		if x.Values["case"] == "INC-2026-0099" {
			others++
		}
	}
	if others != 1 {
		t.Errorf("the other case's entry was touched: %d left", others)
	}
	h, err := s.History(ctx, c.ID)
	if err != nil || h[len(h)-1].Fields[bot.EscalationReasonField] != "CLEAR-REASON" {
		t.Errorf("History = %v, %v; want the reason readable", h, err)
	}
}

// testRekeyDrafts: drafts sealed with an old key are sealed again with the
// current one, on a cluster too, and read with it alone.
func testRekeyDrafts(t *testing.T, e env) {
	ctx := context.Background()
	old, cur := dataKey(t), dataKey(t)
	open := func(key string, olds ...string) *Store {
		sl, err := seal.New(key, olds)
		if err != nil {
			t.Fatal(err)
		}
		s := New(e.rdb, Options{Namespace: e.s.keys.ns, Sealer: sl})
		if err := s.UseDataKey(ctx); err != nil {
			t.Fatal(err)
		}
		return s
	}
	first := open(old)
	for _, u := range []string{"UREP1", "UREP2", "UREP3"} {
		d := bot.Draft{Nonce: "n-" + u, User: u, UpdatedAt: t0, Answers: bot.Answers{bot.QDescription: {"Utkast."}}}
		if err := first.SaveDraft(ctx, d, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	got, err := open(cur, old).Rekey(ctx)
	if err != nil || got.Drafts != 3 {
		t.Fatalf("Rekey = %+v, %v; want 3 drafts", got, err)
	}
	alone := open(cur)
	for _, u := range []string{"UREP1", "UREP2", "UREP3"} {
		if d, err := alone.Draft(ctx, u, "n-"+u); err != nil || d.Answers[bot.QDescription][0] != "Utkast." {
			t.Errorf("draft of %s with the new key alone: %+v, %v", u, d, err)
		}
	}
}
