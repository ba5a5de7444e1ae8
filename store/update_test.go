package store

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
)

func testUpdateCase(t *testing.T, e env) {
	ctx := context.Background()
	c := mustCreate(t, e.s, newCase("sub-upd", "UREP1", t0))
	ack := func(by string) bot.Change {
		return bot.Change{Move: bot.MoveAcknowledge, AckBy: by, AckAt: t0.Add(time.Minute),
			Audit: bot.AuditEntry{At: t0.Add(time.Minute), Actor: by, Action: bot.ActionAcknowledged}}
	}

	// Ten coordinators click at once: one acknowledgement.
	var wg sync.WaitGroup
	changed := make([]bool, 10)
	for i := range changed {
		wg.Go(func() {
			_, ok, err := e.s.UpdateCase(ctx, c.ID, ack("UCOORD1"))
			if err != nil {
				t.Error(err)
			}
			changed[i] = ok
		})
	}
	wg.Wait()
	n := 0
	for _, ok := range changed {
		if ok {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d acknowledgements changed the case, want 1", n)
	}
	got, err := e.s.Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != bot.StatusAcknowledged || got.AckBy != "UCOORD1" || !got.AckAt.Equal(t0.Add(time.Minute)) || got.Version != 2 {
		t.Errorf("after ack: %+v", got)
	}
	// The status index moved with it.
	y := c.ID.Year()
	if in, _ := e.rdb.ZScore(ctx, e.s.keys.index(y, idxStatus, "new"), string(c.ID)).Result(); in != 0 {
		t.Error("still indexed as new")
	}
	if score, err := e.rdb.ZScore(ctx, e.s.keys.index(y, idxStatus, "acknowledged"), string(c.ID)).Result(); err != nil || score != float64(t0.UnixMilli()) {
		t.Errorf("acknowledged index score %v %v", score, err)
	}

	assignee := "UINV1"
	asg := bot.Change{Move: bot.MoveAssign, Assignee: &assignee,
		Audit: bot.AuditEntry{At: t0, Actor: "UCOORD1", Action: bot.ActionAssigned, Fields: map[string]string{"assignee": assignee}}}
	if got, ok, err := e.s.UpdateCase(ctx, c.ID, asg); err != nil || !ok || got.Assignee != assignee {
		t.Errorf("assign: %+v %v %v", got.Assignee, ok, err)
	}
	if _, ok, _ := e.s.UpdateCase(ctx, c.ID, asg); ok {
		t.Error("assigning the same person again changed the case")
	}
	openIDs := func(units []string, assignee string) []bot.CaseID {
		t.Helper()
		open, err := e.s.OpenCases(ctx, []int{y, y - 1}, units, assignee)
		if err != nil {
			t.Fatal(err)
		}
		var ids []bot.CaseID
		for _, c := range open {
			ids = append(ids, c.ID)
		}
		return ids
	}
	// The assignee's index follows the assignment; a unit and the
	// assignee finding the same case list it once.
	if ids := openIDs(nil, assignee); !slices.Equal(ids, []bot.CaseID{c.ID}) {
		t.Errorf("open cases assigned to %s = %v", assignee, ids)
	}
	if ids := openIDs([]string{"jobbtorg"}, assignee); !slices.Equal(ids, []bot.CaseID{c.ID}) {
		t.Errorf("open cases of jobbtorg or %s = %v", assignee, ids)
	}
	if ids := openIDs([]string{"another-unit"}, "UNOBODY"); len(ids) != 0 {
		t.Errorf("open cases of another unit = %v", ids)
	}
	second := "UINV2"
	if _, ok, err := e.s.UpdateCase(ctx, c.ID, bot.Change{Move: asg.Move, Assignee: &second, Audit: asg.Audit}); err != nil || !ok {
		t.Fatalf("reassign: %v %v", ok, err)
	}
	if a, b := openIDs(nil, assignee), openIDs(nil, second); len(a) != 0 || !slices.Equal(b, []bot.CaseID{c.ID}) {
		t.Errorf("after reassigning: %s has %v, %s has %v", assignee, a, second, b)
	}

	closure := bot.Closure{Decision: bot.DecisionResolved, ActionsTaken: "Larmrutin ses över.", ClosedAt: t0, ClosedBy: bot.Signature{User: "UCOORD1", Name: "Kim", Title: "Samordnare"}}
	cl := bot.Change{Move: bot.MoveClose,
		ClosedBy: "UCOORD1", ClosedAt: t0.Add(time.Hour), Decision: bot.DecisionResolved, Closure: &closure,
		Audit: bot.AuditEntry{At: t0.Add(time.Hour), Actor: "UCOORD1", Action: bot.ActionClosed, Fields: map[string]string{"decision": "resolved"}}}
	if got, ok, err := e.s.UpdateCase(ctx, c.ID, cl); err != nil || !ok || got.Status != bot.StatusClosed || got.Decision != bot.DecisionResolved {
		t.Fatalf("close: %+v %v %v", got, ok, err)
	}
	if stored, err := e.s.Closure(ctx, c.ID); err != nil || !cmp.Equal(stored, closure) {
		t.Errorf("closure = %+v %v", stored, err)
	}
	// A late acknowledgement of a closed case is a conflict and changes nothing.
	if _, _, err := e.s.UpdateCase(ctx, c.ID, ack("UCOORD2")); err == nil {
		t.Error("acknowledged a closed case")
	}
	wantErr(t, "conflict", func() error { _, _, err := e.s.UpdateCase(ctx, c.ID, ack("UCOORD2")); return err }(), bot.ErrConflict)
	wantErr(t, "missing case", func() error { _, _, err := e.s.UpdateCase(ctx, "INC-2026-9999", ack("U1")); return err }(), bot.ErrNotFound)

	hist, err := e.s.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, h := range hist {
		actions = append(actions, h.Action)
	}
	if diff := cmp.Diff(actions, []string{bot.ActionCreated, bot.ActionAcknowledged, bot.ActionAssigned, bot.ActionAssigned, bot.ActionClosed}); diff != "" {
		t.Errorf("history (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(hist[1].Fields, map[string]string{"status_from": "new", "status_to": "acknowledged"}); diff != "" {
		t.Errorf("ack entry fields (-got +want):\n%s", diff)
	}
	if f := hist[4].Fields; f["decision"] != "resolved" || f["status_from"] != "acknowledged" || f["status_to"] != "closed" {
		t.Errorf("close entry fields = %v", f)
	}

	if ids := openIDs([]string{"jobbtorg"}, second); len(ids) != 0 {
		t.Errorf("open cases after close = %v", ids)
	}
	other := mustCreate(t, e.s, newCase("sub-upd-2", "UREP1", t0))
	if ids := openIDs([]string{"jobbtorg"}, ""); !slices.Equal(ids, []bot.CaseID{other.ID}) {
		t.Errorf("open cases = %v", ids)
	}
}

// testAnnouncements: a change queues its announcement in the same step;
// finishing it as of a version leaves what a later change queued.
func testAnnouncements(t *testing.T, e env) {
	ctx := context.Background()
	c := mustCreate(t, e.s, newCase("sub-announce", "UREP1", t0))
	change := func(assignee string, at time.Time) bot.Case {
		t.Helper()
		got, ok, err := e.s.UpdateCase(ctx, c.ID, bot.Change{Move: bot.MoveAssign, Assignee: &assignee, Announce: bot.EventAssigned,
			Audit: bot.AuditEntry{At: at, Actor: "UCOORD1", Action: bot.ActionAssigned}})
		if err != nil || !ok {
			t.Fatalf("assign: %v %v", ok, err)
		}
		return got
	}
	first := change("UA", t0.Add(time.Minute))
	due := func(cutoff time.Time) []bot.Announcement {
		t.Helper()
		got, err := e.s.PendingAnnouncements(ctx, []int{c.ID.Year()}, cutoff, cutoff)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := due(t0); len(got) != 0 {
		t.Errorf("due before the change: %+v", got)
	}
	want := []bot.Announcement{{Case: c.ID, Event: bot.EventAssigned, Version: first.Version, At: t0.Add(time.Minute).Truncate(time.Millisecond)}}
	if diff := cmp.Diff(due(t0.Add(time.Hour)), want); diff != "" {
		t.Errorf("due (-got +want):\n%s", diff)
	}
	// A second assignment queues it again before the first is announced:
	// finishing the first leaves the second.
	second := change("UB", t0.Add(2*time.Minute))
	if err := e.s.FinishAnnouncement(ctx, c.ID, bot.EventAssigned, first.Version); err != nil {
		t.Fatal(err)
	}
	want = []bot.Announcement{{Case: c.ID, Event: bot.EventAssigned, Version: second.Version, At: t0.Add(2 * time.Minute).Truncate(time.Millisecond)}}
	if v, ok, err := e.s.QueuedAnnouncement(ctx, c.ID, bot.EventAssigned); err != nil || !ok || v != second.Version {
		t.Errorf("queued version = %d %v %v, want %d", v, ok, err, second.Version)
	}
	if diff := cmp.Diff(due(t0.Add(time.Hour)), want); diff != "" {
		t.Errorf("due after finishing the first (-got +want):\n%s", diff)
	}
	if err := e.s.FinishAnnouncement(ctx, c.ID, bot.EventAssigned, second.Version); err != nil {
		t.Fatal(err)
	}
	if got := due(t0.Add(time.Hour)); len(got) != 0 {
		t.Errorf("due after all were announced: %+v", got)
	}
	if _, ok, _ := e.s.ClaimAnnouncement(ctx, c.ID, bot.EventAssigned, 7, "me", time.Minute); !ok {
		t.Error("first claim refused")
	}
	if _, ok, _ := e.s.ClaimAnnouncement(ctx, c.ID, bot.EventAssigned, 7, "me", time.Minute); ok {
		t.Error("second claim granted")
	}
	if _, ok, _ := e.s.ClaimAnnouncement(ctx, c.ID, bot.EventAssigned, 8, "me", time.Minute); !ok {
		t.Error("a later version's claim refused")
	}
	// A note is queued too, so the cards show it.
	if _, err := e.s.AddNote(ctx, c.ID, bot.Note{At: t0, Text: "x", Kind: bot.NoteFact}, bot.AuditEntry{At: t0.Add(3 * time.Minute), Actor: "UCOORD1", Action: bot.ActionNoteAdded}); err != nil {
		t.Fatal(err)
	}
	if got := due(t0.Add(time.Hour)); len(got) != 1 || got[0].Event != bot.EventNoted {
		t.Errorf("due after a note = %+v", got)
	}
	// A case that is gone leaves an empty entry, which the domain clears.
	if err := e.rdb.Del(ctx, e.s.keys.announcing(c.ID)).Err(); err != nil {
		t.Fatal(err)
	}
	if got := due(t0.Add(time.Hour)); len(got) != 1 || got[0].Event != "" {
		t.Errorf("due for a case with nothing queued = %+v", got)
	}
	if err := e.s.FinishAnnouncement(ctx, c.ID, "", 0); err != nil {
		t.Fatal(err)
	}
	if got := due(t0.Add(time.Hour)); len(got) != 0 {
		t.Errorf("due after clearing = %+v", got)
	}
}

// testReindex: cases stored before the years list and the assignee index
// existed get them from Reindex.
func testReindex(t *testing.T, e env) {
	ctx := context.Background()
	c := mustCreate(t, e.s, newCase("sub-reindex", "UREP1", t0))
	// As an earlier version left it: assigned, but in neither index.
	if err := e.rdb.HSet(ctx, e.s.keys.caseHash(c.ID), fAssignee, "UOLD").Err(); err != nil {
		t.Fatal(err)
	}
	if err := e.rdb.Del(ctx, e.s.keys.years()).Err(); err != nil {
		t.Fatal(err)
	}
	y := c.ID.Year()
	if err := e.s.Reindex(ctx, []int{y + 1, y, y - 1}); err != nil {
		t.Fatal(err)
	}
	if ys, err := e.s.CaseYears(ctx); err != nil || !slices.Equal(ys, []int{y}) {
		t.Errorf("years with cases = %v %v", ys, err)
	}
	open, err := e.s.OpenCases(ctx, []int{y}, nil, "UOLD")
	if err != nil || len(open) != 1 || open[0].ID != c.ID {
		t.Errorf("open cases assigned to UOLD = %v %v", open, err)
	}
	// Again changes nothing.
	if err := e.s.Reindex(ctx, []int{y}); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.rdb.ZCard(ctx, e.s.keys.openAssigned(y, "UOLD")).Result(); n != 1 {
		t.Errorf("%d entries after a second reindex", n)
	}
	// A case closed while Reindex read the open ones (here: closed in its
	// hash, still listed as new) is not put in its assignee's index.
	other := mustCreate(t, e.s, newCase("sub-reindex-2", "UREP1", t0))
	if err := e.rdb.HSet(ctx, e.s.keys.caseHash(other.ID), fAssignee, "ULATE", "status", "closed").Err(); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Reindex(ctx, []int{y}); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.rdb.ZCard(ctx, e.s.keys.openAssigned(y, "ULATE")).Result(); n != 0 {
		t.Errorf("a closed case was indexed as open for its assignee")
	}
}

func testNotesAndClosure(t *testing.T, e env) {
	ctx := context.Background()
	c := mustCreate(t, e.s, newCase("sub-notes", "UREP1", t0))
	wantErr(t, "closure of an open case", func() error { _, err := e.s.Closure(ctx, c.ID); return err }(), bot.ErrNotFound)
	for i, text := range []string{"Samtal med handläggaren.", "Bedömning: rutinen saknas."} {
		n, err := e.s.AddNote(ctx, c.ID, bot.Note{At: t0, Text: text, Source: "intervju", Kind: bot.NoteFact,
			By: bot.Signature{User: "UCOORD1", Name: "Kim", Title: "Samordnare"}}, bot.AuditEntry{At: t0, Actor: "UCOORD1", Action: bot.ActionNoteAdded})
		if err != nil || n.Number != i+1 {
			t.Fatalf("note %d: %+v %v", i+1, n, err)
		}
	}
	notes, err := e.s.Notes(ctx, c.ID)
	if err != nil || len(notes) != 2 || notes[1].Number != 2 || notes[1].Text != "Bedömning: rutinen saknas." || notes[0].By.Title != "Samordnare" {
		t.Errorf("notes = %+v %v", notes, err)
	}
	if got, _ := e.s.Case(ctx, c.ID); got.Notes != 2 {
		t.Errorf("case counts %d notes", got.Notes)
	}
	if err := e.s.RecordAudit(ctx, c.ID, bot.AuditEntry{At: t0, Actor: "UCOORD1", Action: bot.ActionViewed}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "audit of a missing case", e.s.RecordAudit(ctx, "INC-2026-9999", bot.AuditEntry{At: t0, Actor: "U1", Action: bot.ActionViewed}), bot.ErrNotFound)
	wantErr(t, "note on a missing case", func() error {
		_, err := e.s.AddNote(ctx, "INC-2026-9999", bot.Note{}, bot.AuditEntry{At: t0, Action: bot.ActionNoteAdded})
		return err
	}(), bot.ErrNotFound)
	hist, _ := e.s.History(ctx, c.ID)
	if last := hist[len(hist)-1]; last.Action != bot.ActionViewed || last.Actor != "UCOORD1" {
		t.Errorf("last history entry = %+v", last)
	}
}

func testCounters(t *testing.T, e env) {
	ctx := context.Background()
	n := newCase("sub-count", "UREP1", t0)
	n.Counters = []bot.Counter{{Week: "2026-W10", Unit: "jobbtorg", Field: "created:threat_violence", Delta: 1}}
	c := mustCreate(t, e.s, n)
	dup := n
	if _, created, _ := e.s.CreateCase(ctx, dup); created {
		t.Fatal("duplicate created")
	}
	// A case of last year closed this year: its counts live in last
	// year's slot and are summed in.
	old := newCase("sub-count-old", "UREP1", t0.AddDate(-1, 0, 0))
	oc := mustCreate(t, e.s, old)
	closing := bot.Change{Move: bot.MoveClose, ClosedBy: "U1", ClosedAt: t0, Decision: bot.DecisionResolved,
		Counters: []bot.Counter{{Week: "2026-W10", Unit: "jobbtorg", Field: "closed:resolved", Delta: 1}},
		Audit:    bot.AuditEntry{At: t0, Actor: "U1", Action: bot.ActionClosed}}
	if _, ok, err := e.s.UpdateCase(ctx, oc.ID, closing); err != nil || !ok {
		t.Fatal(ok, err)
	}
	// A no-op moves no counter.
	if _, ok, _ := e.s.UpdateCase(ctx, oc.ID, closing); ok {
		t.Fatal("second close changed the case")
	}
	y := t0.Year()
	all, err := e.s.Counts(ctx, []string{"2026-W10", "2026-W11"}, []string{"jobbtorg", "lss"}, []int{y, y - 1}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all["2026-W11"]) != 0 {
		t.Errorf("an empty week has counts: %v", all["2026-W11"])
	}
	got := all["2026-W10"]
	if diff := cmp.Diff(got, map[string]int64{"created:threat_violence": 1, "closed:resolved": 1}); diff != "" {
		t.Errorf("counts (-got +want):\n%s", diff)
	}

	// A change computed from an old version is refused and moves nothing.
	regimes := []bot.Regime{bot.GDPRBreach}
	reclass := bot.Change{Move: bot.MoveClassify, Category: bot.PersonalData, Severity: bot.Low, Regimes: &regimes,
		Classification: bot.ClassificationChanged, ClassifiedBy: "U1", Version: c.Version + 5,
		Counters: []bot.Counter{{Week: "2026-W10", Unit: "jobbtorg", Field: "created:threat_violence", Delta: -1}},
		Audit:    bot.AuditEntry{At: t0, Actor: "U1", Action: bot.ActionClassified}}
	_, _, err = e.s.UpdateCase(ctx, c.ID, reclass)
	wantErr(t, "stale version", err, bot.ErrConflict)
	reclass.Version = c.Version
	got2, ok, err := e.s.UpdateCase(ctx, c.ID, reclass)
	if err != nil || !ok || got2.Category != bot.PersonalData || got2.Severity != bot.Low || !cmp.Equal(got2.Regimes, regimes) || got2.Classification != bot.ClassificationChanged {
		t.Fatalf("reclassify = %+v %v %v", got2, ok, err)
	}
	if got, _ := e.s.Counts(ctx, []string{"2026-W10"}, []string{"jobbtorg"}, []int{y}, ""); got["2026-W10"]["created:threat_violence"] != 0 {
		t.Errorf("counts after reclassify = %v", got)
	}
}

// testStaleState: a change decided on a case that moved meanwhile – closed
// by someone else, or given to another assignee – is judged on the case
// as it is, and its indexes follow the case as it is.
func testStaleState(t *testing.T, e env) {
	ctx := context.Background()
	c := mustCreate(t, e.s, newCase("sub-stale", "UREP1", t0))
	first, second := "UA", "UB"
	assign := func(to string, was bot.Case) (bot.Case, bool, error) {
		return e.s.UpdateCase(ctx, c.ID, bot.Change{Move: bot.MoveAssign, Was: was, Assignee: &to,
			Audit: bot.AuditEntry{At: t0, Actor: "UCOORD1", Action: bot.ActionAssigned}})
	}
	if _, ok, err := assign(first, c); err != nil || !ok {
		t.Fatalf("assign: %v %v", ok, err)
	}
	// Decided on the case before the first assignment: still applies, and
	// the first assignee's index lets go of it.
	got, ok, err := assign(second, c)
	if err != nil || !ok || got.Assignee != second {
		t.Fatalf("assign on a stale read = %+v %v %v", got.Assignee, ok, err)
	}
	y := c.ID.Year()
	for user, want := range map[string]int64{first: 0, second: 1} {
		if n, _ := e.rdb.ZCard(ctx, e.s.keys.openAssigned(y, user)).Result(); n != want {
			t.Errorf("%s's index holds %d cases, want %d", user, n, want)
		}
	}
	// Closed meanwhile: acknowledging from the stale read is a conflict,
	// and the closed case stays out of the open indexes.
	if _, ok, err := e.s.UpdateCase(ctx, c.ID, bot.Change{Move: bot.MoveClose, Was: got, ClosedBy: "UCOORD1",
		Audit: bot.AuditEntry{At: t0, Actor: "UCOORD1", Action: bot.ActionClosed}}); err != nil || !ok {
		t.Fatalf("close: %v %v", ok, err)
	}
	_, _, err = e.s.UpdateCase(ctx, c.ID, bot.Change{Move: bot.MoveAcknowledge, Was: c, AckBy: "UCOORD2",
		Audit: bot.AuditEntry{At: t0, Actor: "UCOORD2", Action: bot.ActionAcknowledged}})
	wantErr(t, "acknowledge a closed case from a stale read", err, bot.ErrConflict)
	for _, key := range []string{e.s.keys.open(y, "jobbtorg", bot.StatusNew), e.s.keys.openAssigned(y, second), e.s.keys.index(y, idxStatus, "new")} {
		if n, _ := e.rdb.ZCard(ctx, key).Result(); n != 0 {
			t.Errorf("%s holds %d cases after closing", key, n)
		}
	}
}
