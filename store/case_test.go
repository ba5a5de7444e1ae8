package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/redistest"
)

// coreTests run against redis-server here, against a Redis Cluster node in
// cluster_test.go and against miniredis in miniredis_test.go, which the bot
// embeds when REDIS_URL is unset.
var coreTests = []struct {
	name string
	run  func(*testing.T, env)
}{
	{"RoundTrip", testRoundTrip},
	{"Sequence", testSequence},
	{"ConcurrentCreates", testConcurrentCreates},
	{"DuplicateSubmission", testDuplicateSubmission},
	{"History", testHistory},
	{"CasesByReporter", testCasesByReporter},
	{"Delivery", testDelivery},
	{"Drafts", testDrafts},
	{"UpdateCase", testUpdateCase},
	{"StaleState", testStaleState},
	{"NotesAndClosure", testNotesAndClosure},
	{"Announcements", testAnnouncements},
	{"Reindex", testReindex},
	{"Counters", testCounters},
	{"RekeyDrafts", testRekeyDrafts},
	{"CaseFromDraft", testCaseFromDraft},
	{"SequenceGuessed", testSequenceGuessed},
	{"DraftChangedElsewhere", testDraftChangedElsewhere},
}

func TestCore(t *testing.T) {
	for _, tc := range coreTests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, newEnv(t))
		})
	}
}

func testRoundTrip(t *testing.T, e env) {
	ctx := context.Background()
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	full := newCase("sub-full", "UREP1", t0.In(stockholm))
	full.Case.Status = bot.StatusAcknowledged
	full.Case.Assignee = "UCOORD1"
	full.Case.AckBy = "UCOORD2"
	full.Case.EscalatedTo = []string{bot.EscalateToLine, bot.EscalateToIndependent}
	full.Case.HiddenFrom = []string{"UMGR1"}
	full.Case.Injured = true
	full.Case.Notifications = []bot.Notification{{Authority: bot.AuthorityIMY, At: t0, Reference: "IMY-2026-123", Partial: true,
		By: bot.Signature{User: "UCOORD1", Name: "Kim", Title: "Samordnare"}, RecordedAt: t0}}
	full.Case.Cards = []bot.CardRef{{Target: bot.Target{Channel: "CSECURITY"}, Channel: "CSECURITY", TS: "1.0001"}}
	full.Case.ReceiptSent = true
	full.Case.ImmediateDanger = true
	full.Case.Involved = []string{"UVISITOR1", "UCOORD9"}
	full.Case.ReportingLine = true
	full.Case.AckAt = t0.Add(time.Hour)
	full.Case.EscalatedBy = "UCOORD2"
	full.Case.EscalatedAt = t0.Add(2 * time.Hour)
	full.Case.ClosedBy = "UHEAD1"
	full.Case.ClosedAt = t0.Add(3 * time.Hour)
	full.Case.Decision = bot.DecisionResolved
	full.Case.Notes = 2
	full.Case.Messages = 3
	full.Case.AnsweredAt = t0.Add(4 * time.Hour)
	full.Case.Hold = &bot.Hold{Reason: "Tvist", By: "UCOORD1", At: t0.Add(5 * time.Hour)}
	full.Case.CulledAt = t0.Add(6 * time.Hour)
	full.Case.Suggestion = &bot.Suggestion{Category: bot.ThreatViolence, Severity: bot.High, Regimes: []bot.Regime{bot.PoliceReport},
		Confidence: 0.75, Cues: []string{"hotade"}, Source: "rules"}
	full.Case.Classification = bot.ClassificationAccepted
	full.Case.ClassifiedBy = "UCOORD1"
	full.Case.Investigation = &bot.Investigation{StartedAt: t0.Add(time.Hour), StartedBy: "UCOORD1",
		Investigator: bot.Signature{Name: "Kim Berg", Title: "Utredare"}, RegistryNumber: "SN 2026/1"}
	full.Case.Breach = &bot.Breach{Whose: []string{"clients"}, Kinds: []string{"health"}, Count: "1", How: "wrong_recipient",
		Recipient: "en kollega", RecipientBound: bot.Yes, Consequences: "Små.", Measures: "Raderat.", Risk: bot.RiskUnlikely,
		Reasoning: "Tystnadsplikt.", Informed: bot.InformedNotDone, AssessedBy: bot.Signature{User: "UCOORD1"}, AssessedAt: t0.Add(2 * time.Hour)}
	// Every field set, so a field added to bot.Case fails here until the
	// codec stores it.
	v := reflect.ValueOf(full.Case)
	for i := range v.NumField() {
		if name := v.Type().Field(i).Name; name != "ID" && name != "Version" && v.Field(i).IsZero() {
			t.Fatalf("the full case leaves %s unset", name)
		}
	}

	sparse := anonymous(newCase("sub-sparse", "UREP2", t0))
	sparse.Case.Regimes = nil
	sparse.Case.OccurredAt, sparse.Case.DiscoveredAt = time.Time{}, time.Time{}
	sparse.Case.Route = bot.Route{Coordinators: []string{"UHEAD1"}, Escalated: true,
		Reason: bot.ReasonCoordinatorInvolved, Excluded: []string{"UCOORD1"}}

	unroutable := newCase("sub-unroutable", "UREP3", t0)
	unroutable.Case.Route = bot.Route{}

	for _, n := range []bot.NewCase{full, sparse, unroutable} {
		t.Run(n.Submission, func(t *testing.T) {
			created := mustCreate(t, e.s, n)
			want := n.Case
			want.ID, want.Version = created.ID, 1
			if diff := cmp.Diff(created, want); diff != "" {
				t.Errorf("CreateCase returned (-got +want):\n%s", diff)
			}
			got, err := e.s.Case(ctx, created.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, want); diff != "" {
				t.Errorf("Case (-got +want):\n%s", diff)
			}
			if got.CreatedAt.Location() != time.UTC {
				t.Errorf("CreatedAt in %v, want UTC", got.CreatedAt.Location())
			}
			report, err := e.s.Report(ctx, created.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(report, n.Report); diff != "" {
				t.Errorf("Report (-got +want):\n%s", diff)
			}
		})
	}
}

func testSequence(t *testing.T, e env) {
	ctx := context.Background()
	next := func(sub string, at time.Time) bot.CaseID {
		t.Helper()
		return mustCreate(t, e.s, newCase(sub, "UREP1", at)).ID
	}
	got := []bot.CaseID{next("a", t0), next("b", t0)}
	// A duplicate takes no number.
	if _, created, err := e.s.CreateCase(ctx, newCase("a", "UREP1", t0)); err != nil || created {
		t.Fatalf("duplicate: created = %v, err = %v", created, err)
	}
	got = append(got, next("c", t0), next("d", t0.AddDate(1, 0, 0)), next("e", t0))
	if err := e.rdb.Set(ctx, e.s.keys.seq(2026), 9998, 0).Err(); err != nil {
		t.Fatal(err)
	}
	got = append(got, next("f", t0), next("g", t0))
	want := []bot.CaseID{"INC-2026-0001", "INC-2026-0002", "INC-2026-0003", "INC-2027-0001",
		"INC-2026-0004", "INC-2026-9999", "INC-2026-10000"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("case ids (-got +want):\n%s", diff)
	}
	for _, id := range got {
		if _, _, _, err := bot.ParseCaseID(string(id)); err != nil {
			t.Errorf("bot cannot parse %s: %v", id, err)
		}
	}
	if ys, err := e.s.CaseYears(ctx); err != nil || !slices.Equal(ys, []int{2027, 2026}) {
		t.Errorf("years with cases = %v %v", ys, err)
	}
}

func testDuplicateSubmission(t *testing.T, e env) {
	ctx := context.Background()
	first := mustCreate(t, e.s, newCase("nonce-1", "UREP1", t0))
	// A retry a minute later, as a slow Slack retry would be.
	again, created, err := e.s.CreateCase(ctx, newCase("nonce-1", "UREP1", t0.Add(time.Minute)))
	if err != nil || created {
		t.Fatalf("second CreateCase: created = %v, err = %v", created, err)
	}
	if diff := cmp.Diff(again, first); diff != "" {
		t.Errorf("second CreateCase (-got +want):\n%s", diff)
	}
	id, err := e.s.CaseBySubmission(ctx, "nonce-1", 2027, 2026, 2025)
	if err != nil || id != first.ID {
		t.Errorf("CaseBySubmission = %q, %v; want %s", id, err, first.ID)
	}
	_, err = e.s.CaseBySubmission(ctx, "nonce-1", 2025)
	wantErr(t, "CaseBySubmission in another year", err, bot.ErrNotFound)

	// Many replicas submitting the same draft at once make one case.
	const n = 20
	var wg sync.WaitGroup
	ids := make([]bot.CaseID, n)
	createdN := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			var c bot.Case
			c, createdN[i], errs[i] = e.s.CreateCase(ctx, newCase("nonce-2", "UREP1", t0))
			ids[i] = c.ID
		})
	}
	wg.Wait()
	created1 := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("goroutine %d: %v", i, errs[i])
		}
		if ids[i] != "INC-2026-0002" {
			t.Errorf("goroutine %d got %s, want INC-2026-0002", i, ids[i])
		}
		if createdN[i] {
			created1++
		}
	}
	if created1 != 1 {
		t.Errorf("%d goroutines created the case, want 1", created1)
	}
	if seq, _ := e.rdb.Get(ctx, e.s.keys.seq(2026)).Int(); seq != 2 {
		t.Errorf("sequence = %d, want 2", seq)
	}
}

func testHistory(t *testing.T, e env) {
	ctx := context.Background()
	n := newCase("sub", "UREP1", t0)
	c := mustCreate(t, e.s, n)
	receipt := bot.AuditEntry{At: t0.Add(time.Second), Actor: bot.SystemActor, Action: bot.ActionReceiptSent}
	card := bot.AuditEntry{At: t0.Add(2 * time.Second), Actor: bot.SystemActor, Action: bot.ActionCardPosted,
		Fields: map[string]string{"channel": "CSECURITY"}}
	if err := e.s.RecordReceipt(ctx, c.ID, receipt); err != nil {
		t.Fatal(err)
	}
	ref := bot.CardRef{Target: bot.Target{Channel: "CSECURITY"}, Channel: "CSECURITY", TS: "1.0001"}
	if err := e.s.RecordCard(ctx, c.ID, ref, card); err != nil {
		t.Fatal(err)
	}
	got, err := e.s.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, []bot.AuditEntry{n.Audit, receipt, card}); diff != "" {
		t.Errorf("History (-got +want):\n%s", diff)
	}
	c, err = e.s.Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !c.ReceiptSent || c.Version != 3 || !cmp.Equal(c.Cards, []bot.CardRef{ref}) {
		t.Errorf("after receipt and card: ReceiptSent %v, Version %d, Cards %v", c.ReceiptSent, c.Version, c.Cards)
	}
	all, err := e.rdb.XRange(ctx, e.s.keys.audit(2026), "-", "+").Result()
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, m := range all {
		actions = append(actions, fmt.Sprint(m.Values[aCase], " ", m.Values[aAction]))
	}
	want := []string{"INC-2026-0001 created", "INC-2026-0001 receipt_sent", "INC-2026-0001 card_posted"}
	if diff := cmp.Diff(actions, want); diff != "" {
		t.Errorf("year's audit stream (-got +want):\n%s", diff)
	}
}

func testCasesByReporter(t *testing.T, e env) {
	ctx := context.Background()
	old := mustCreate(t, e.s, newCase("a", "UREP1", t0.AddDate(-1, 0, 0)))
	mid := mustCreate(t, e.s, anonymous(newCase("b", "UREP1", t0)))
	mustCreate(t, e.s, newCase("c", "UOTHER", t0.Add(time.Hour)))
	newest := mustCreate(t, e.s, newCase("d", "UREP1", t0.Add(2*time.Hour)))

	ids := func(cs []bot.Case) []bot.CaseID {
		var out []bot.CaseID
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		years []int
		limit int
		want  []bot.CaseID
	}{
		{"all", []int{2026, 2025, 2024}, 10, []bot.CaseID{newest.ID, mid.ID, old.ID}},
		{"limit", []int{2026, 2025}, 2, []bot.CaseID{newest.ID, mid.ID}},
		{"one year", []int{2025}, 10, []bot.CaseID{old.ID}},
		{"years out of order", []int{2025, 2026}, 1, []bot.CaseID{newest.ID}},
		{"zero limit", []int{2026}, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := e.s.CasesByReporter(ctx, "UREP1", tc.years, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ids(got), tc.want); diff != "" {
				t.Errorf("(-got +want):\n%s", diff)
			}
		})
	}
	got, err := e.s.CasesByReporter(ctx, "UREP1", []int{2026}, 1)
	if err != nil || len(got) != 1 || !cmp.Equal(got[0], newest) {
		t.Errorf("CasesByReporter returns whole cases: got %v, %v; want %v", got, err, newest)
	}
}

func TestSequenceSurvivesRestart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mustCreate(t, e.s, newCase("a", "UREP1", t0))
	e.srv.Stop(t)
	e.srv.Start(t)
	if c := mustCreate(t, e.s, newCase("b", "UREP1", t0)); c.ID != "INC-2026-0002" {
		t.Errorf("after restart: %s, want INC-2026-0002", c.ID)
	}
}

// testCaseFromDraft: the draft a case is made from is gone once the case
// exists, its user's other drafts stay, and the year is listed.
func testCaseFromDraft(t *testing.T, e env) {
	ctx := context.Background()
	const user = "UREP1"
	for _, nonce := range []string{"n1", "n2"} {
		d := bot.Draft{Nonce: nonce, User: user, Step: 2, UpdatedAt: t0}
		if err := e.s.SaveDraft(ctx, d, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	n := newCase("sub-n1", user, t0)
	n.Draft = "n1"
	mustCreate(t, e.s, n)
	if _, err := e.s.Draft(ctx, user, "n1"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("the submitted draft: %v, want not found", err)
	}
	if ds, err := e.s.Drafts(ctx, user); err != nil || len(ds) != 1 || ds[0].Nonce != "n2" {
		t.Errorf("drafts after the submission: %v, %v; want n2 alone", ds, err)
	}
	if years, err := e.s.CaseYears(ctx); err != nil || !slices.Equal(years, []int{t0.Year()}) {
		t.Errorf("case years: %v, %v; want [%d]", years, err, t0.Year())
	}
	// The draft saved again after it was sent (another window) and sent
	// again: the case it made, and the draft removed; the other untouched.
	if err := e.s.SaveDraft(ctx, bot.Draft{Nonce: "n1", User: user, Step: 2, UpdatedAt: t0}, time.Hour); err != nil {
		t.Fatal(err)
	}
	if c, created, err := e.s.CreateCase(ctx, n); err != nil || created || c.ID != bot.FormatCaseID("INC", t0.Year(), 1) {
		t.Fatalf("the same submission again: %s, created %v, %v", c.ID, created, err)
	}
	if _, err := e.s.Draft(ctx, user, "n1"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("the draft sent again: %v, want removed", err)
	}
	if _, err := e.s.Draft(ctx, user, "n2"); err != nil {
		t.Errorf("the user's other draft: %v, want it kept", err)
	}
}

// testSequenceGuessed: processes that guess the next number from what
// they made last still number the cases one after another, when they
// take turns and after Redis lost its data.
func testSequenceGuessed(t *testing.T, e env) {
	ctx := context.Background()
	other := New(e.rdb, Options{Namespace: e.s.keys.ns})
	stores := []*Store{e.s, other, other, e.s, e.s}
	for i, s := range stores {
		c := mustCreate(t, s, newCase(fmt.Sprintf("turn-%d", i), "UREP1", t0))
		if want := bot.FormatCaseID("INC", t0.Year(), int64(i+1)); c.ID != want {
			t.Errorf("case %d: %s, want %s", i, c.ID, want)
		}
	}
	// What a restart without persistence loses (the other checks share
	// this Redis, so only this store's keys go).
	for _, k := range []string{e.s.keys.seq(t0.Year()), e.s.keys.years()} {
		if err := e.rdb.Del(ctx, k).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if c := mustCreate(t, e.s, newCase("after-loss", "UREP1", t0)); c.ID != bot.FormatCaseID("INC", t0.Year(), 1) {
		t.Errorf("after Redis lost its data: %s, want number 1", c.ID)
	}
	if years, err := e.s.CaseYears(ctx); err != nil || !slices.Equal(years, []int{t0.Year()}) {
		t.Errorf("case years after the loss: %v, %v; want the year listed again", years, err)
	}
	// The list of years lost alone (a failover on Redis Cluster, where it
	// lives on another node): the next case lists its year again.
	if err := e.rdb.Del(ctx, e.s.keys.years()).Err(); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, e.s, newCase("after-years-lost", "UREP1", t0))
	if years, err := e.s.CaseYears(ctx); err != nil || !slices.Equal(years, []int{t0.Year()}) {
		t.Errorf("case years after the list was lost: %v, %v; want the year listed again", years, err)
	}
}

// TestCreateCaseOneRoundTrip: once the process knows the year, a case is
// created, its draft removed, in one command to Redis.
func TestCreateCaseOneRoundTrip(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	s := New(rdb, Options{})
	ctx := context.Background()
	mustCreate(t, s, newCase("first", "UREP1", t0))
	if err := s.SaveDraft(ctx, bot.Draft{Nonce: "n1", User: "UREP1", Step: 2, UpdatedAt: t0}, time.Hour); err != nil {
		t.Fatal(err)
	}
	var cmds []string
	rdb.AddHook(commandNames(&cmds))
	d, v, err := s.DraftToSubmit(ctx, "UREP1", "n1", false)
	if err != nil || d.Step != 2 || !v.Remembered {
		t.Fatalf("the draft to submit: %+v, %+v, %v", d, v, err)
	}
	n := newCase("second", "UREP1", t0)
	n.Draft, n.DraftVersion = "n1", v
	mustCreate(t, s, n)
	if !slices.Equal(cmds, []string{"evalsha"}) {
		t.Errorf("commands to read the draft and create its case: %v, want one evalsha", cmds)
	}
	if _, err := s.Draft(ctx, "UREP1", "n1"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("the submitted draft: %v, want not found", err)
	}
}

// testDraftChangedElsewhere: a draft changed after this process read it
// for its submission is not made into a case: by another process, by this
// one (another window), or changed elsewhere and then forgotten by this
// one (its memory full). The creation is refused, nothing is written, and
// the draft read again is the new one. On Redis Cluster the draft is
// always read and its version not checked.
func testDraftChangedElsewhere(t *testing.T, e env) {
	ctx := context.Background()
	const user = "UREP1"
	other := New(e.rdb, Options{Namespace: e.s.keys.ns})
	save := func(s *Store, unit string) {
		t.Helper()
		d := bot.Draft{Nonce: "n1", User: user, Step: 2, UpdatedAt: t0, StepOne: bot.StepOne{Category: bot.PersonalData, Unit: unit}}
		if err := s.SaveDraft(ctx, d, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	n := newCase("sub-n1", user, t0)
	n.Draft = "n1"
	for _, tc := range []struct {
		name   string
		before func() // before DraftToSubmit
		after  func() // between DraftToSubmit and CreateCase
	}{
		{"saved by another process", func() { save(e.s, "old-unit"); save(other, "new-unit") }, func() {}},
		{"saved again by this process", func() { save(e.s, "old-unit") }, func() { save(e.s, "new-unit") }},
		{"saved by another process, then forgotten", func() { save(e.s, "old-unit"); save(other, "new-unit") },
			func() { e.s.recent.forget(e.s.keys.draft(user, "n1")) }},
		{"read, then saved by another process", func() { save(other, "old-unit"); e.s.recent.forget(e.s.keys.draft(user, "n1")) },
			func() { save(other, "new-unit") }},
	} {
		tc.before()
		d, v, err := e.s.DraftToSubmit(ctx, user, "n1", false)
		if err != nil {
			t.Fatal(err)
		}
		tc.after()
		n.DraftVersion = v
		if e.s.cluster() {
			if v != (bot.DraftVersion{}) || d.Unit == "" {
				t.Errorf("%s: on Redis Cluster: %+v, unit %q", tc.name, v, d.Unit)
			}
			continue
		}
		if d.Unit != "old-unit" {
			t.Fatalf("%s: the draft read: unit %s, want old-unit", tc.name, d.Unit)
		}
		if _, _, err := e.s.CreateCase(ctx, n); !errors.Is(err, bot.ErrDraftChanged) {
			t.Fatalf("%s: a case from the draft as it was: %v, want ErrDraftChanged", tc.name, err)
		}
		if seq, _ := e.rdb.Get(ctx, e.s.keys.seq(t0.Year())).Result(); seq != "" {
			t.Errorf("%s: the refused creation wrote the sequence: %q", tc.name, seq)
		}
		if d, _, err = e.s.DraftToSubmit(ctx, user, "n1", true); err != nil || d.Unit != "new-unit" {
			t.Errorf("%s: the draft read again: unit %s, %v; want new-unit", tc.name, d.Unit, err)
		}
	}
	// The draft as it is now makes the case, which removes it.
	_, v, err := e.s.DraftToSubmit(ctx, user, "n1", false)
	if err != nil {
		t.Fatal(err)
	}
	n.DraftVersion = v
	mustCreate(t, e.s, n)
	if _, err := e.s.Draft(ctx, user, "n1"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("the submitted draft: %v, want not found", err)
	}
	// A draft gone from Redis after it was read is refused like a
	// changed one.
	save(e.s, "unit")
	if _, v, err = e.s.DraftToSubmit(ctx, user, "n1", false); err != nil {
		t.Fatal(err)
	}
	if err := other.DeleteDraft(ctx, user, "n1"); err != nil {
		t.Fatal(err)
	}
	n.Submission, n.DraftVersion = "sub-n1-again", v
	_, _, err = e.s.CreateCase(ctx, n)
	if !e.s.cluster() && !errors.Is(err, bot.ErrDraftChanged) {
		t.Errorf("a case from a draft gone meanwhile: %v, want ErrDraftChanged", err)
	}
	if e.s.cluster() && err != nil {
		t.Errorf("on Redis Cluster, a draft gone meanwhile: %v", err)
	}
}

// TestCheckTopology: one server's client to a Redis Cluster node is
// refused – a report's draft and its case live in different slots, which
// only a cluster client reaches – and the clients that fit are not.
func TestCheckTopology(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	node := startClusterNode(t)
	if err := New(node.Client(t), Options{}).CheckTopology(ctx); !errors.Is(err, ErrClusterURL) {
		t.Errorf("redis:// to a cluster node: %v, want ErrClusterURL", err)
	}
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{node.Addr()}})
	t.Cleanup(func() { _ = cluster.Close() })
	if err := New(cluster, Options{}).CheckTopology(ctx); err != nil {
		t.Errorf("redis+cluster:// to a cluster node: %v", err)
	}
	if err := New(redistest.Start(t).Client(t), Options{}).CheckTopology(ctx); err != nil {
		t.Errorf("redis:// to one server: %v", err)
	}
}

func BenchmarkCreateCase(b *testing.B) {
	srv := redistest.Start(b)
	s := New(srv.Client(b), Options{})
	ctx := context.Background()
	n := newCase("", "UREP1", t0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		n.Submission = fmt.Sprintf("bench-%d", i)
		if _, _, err := s.CreateCase(ctx, n); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCreateCaseRejects(t *testing.T) {
	t.Parallel()
	s := New(nil, Options{}) // never reaches Redis
	for _, tc := range []struct {
		name   string
		change func(*bot.NewCase)
	}{
		{"no submission", func(n *bot.NewCase) { n.Submission = "" }},
		{"bad prefix", func(n *bot.NewCase) { n.Prefix = "inc-" }},
		{"bad year", func(n *bot.NewCase) { n.Year = 26 }},
		{"regime with comma", func(n *bot.NewCase) { n.Case.Regimes = []bot.Regime{"a,b"} }},
	} {
		n := newCase("sub", "UREP1", t0)
		tc.change(&n)
		if _, _, err := s.CreateCase(context.Background(), n); err == nil {
			t.Errorf("%s: CreateCase succeeded", tc.name)
		}
	}
}

// testConcurrentCreates: cases created at once each get the next number,
// none twice and none skipped, though each create read the sequence
// before another took its number.
func testConcurrentCreates(t *testing.T, e env) {
	const n = 30
	ids := make([]bot.CaseID, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { ids[i] = mustCreate(t, e.s, newCase(fmt.Sprintf("sub-%d", i), "UREP1", t0)).ID })
	}
	wg.Wait()
	slices.SortFunc(ids, func(a, b bot.CaseID) int {
		_, _, x, _ := bot.ParseCaseID(string(a))
		_, _, y, _ := bot.ParseCaseID(string(b))
		return int(x - y)
	})
	for i, id := range ids {
		if want := bot.FormatCaseID("INC", 2026, int64(i+1)); id != want {
			t.Fatalf("case ids %v: %d is %s, want %s", ids, i, id, want)
		}
	}
}
