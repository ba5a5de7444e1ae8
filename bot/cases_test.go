package bot

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// submitted files a report and delivers it, returning the case.
func (f *fixture) submitted(t *testing.T, cat Category, unit string, a Answers, anonymous bool) Case {
	t.Helper()
	d := f.fill(t, "UREP", cat, unit, a)
	c, _, err := f.reports.Submit(context.Background(), "UREP", d.Nonce, anonymous)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.reports.Deliver(context.Background(), c.ID); err != nil {
		t.Fatal(err)
	}
	c, _ = f.store.Case(context.Background(), c.ID)
	return c
}

func TestHandlers(t *testing.T) {
	cfg := testConfig()
	tests := []struct {
		name string
		c    Case
		want []string
	}{
		{"the unit's coordinators and escalation people",
			Case{Category: Other, Unit: "jobbtorg"}, []string{"UCOORD1", "UCOORD2", "UHEAD1", "UHEAD2"}},
		{"a route rule's coordinators instead of the unit's",
			Case{Category: ThreatViolence, Unit: "jobbtorg"}, []string{"USEC1", "UHEAD1", "UHEAD2"}},
		{"an escalated route keeps the usual coordinators out",
			Case{Category: Other, Unit: "jobbtorg", Route: Route{Escalated: true, Coordinators: []string{"UHEAD1", "UHEAD2"}}},
			[]string{"UHEAD1", "UHEAD2"}},
		{"the assignee joins",
			Case{Category: Other, Unit: "lss-home", Assignee: "UINVESTIGATOR"}, []string{"UCOORD3", "UINVESTIGATOR"}},
		{"implicated people never",
			Case{Category: Other, Unit: "jobbtorg", Involved: []string{"UCOORD1", "UHEAD2"}, Route: Route{Excluded: []string{"UCOORD2"}}},
			[]string{"UHEAD1"}},
		{"those it was routed to stay when it is reclassified",
			Case{Category: ThreatViolence, Unit: "jobbtorg", Route: Route{Coordinators: []string{"UCOORD1", "UCOORD2"}, Channel: "CCASES1"}},
			[]string{"UCOORD1", "UCOORD2", "USEC1", "UHEAD1", "UHEAD2"}},
		{"someone taken out of the configuration loses access",
			Case{Category: Other, Unit: "jobbtorg", Route: Route{Coordinators: []string{"ULEFT"}}},
			[]string{"UCOORD1", "UCOORD2", "UHEAD1", "UHEAD2"}},
		{"a unit no longer configured has no one",
			Case{Category: Other, Unit: "gone"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, cfg.Handlers(tt.c), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Handlers (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCaseLifecycle(t *testing.T) {
	f := newFixture()
	f.reports.Directory = fakeDirectory{}
	ctx := context.Background()
	c := f.submitted(t, CareQuality, "jobbtorg", Answers{QDescription: {"x"}, QCQService: {"hemtjänst"}, QCQHarm: {"risk"}, QCQBefore: {No}}, false)

	// Someone outside the route is refused, and the refusal is recorded.
	if _, _, err := f.reports.Acknowledge(ctx, c.ID, "UOUTSIDER"); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("outsider ack: %v", err)
	}
	got, ok, err := f.reports.Acknowledge(ctx, c.ID, "UCOORD1")
	if err != nil || !ok || got.Status != StatusAcknowledged || got.AckBy != "UCOORD1" || !got.AckAt.Equal(f.now) {
		t.Fatalf("ack = %+v %v %v", got, ok, err)
	}
	// A second click, or a second coordinator, changes nothing.
	if _, ok, err := f.reports.Acknowledge(ctx, c.ID, "UCOORD2"); ok || err != nil {
		t.Errorf("second ack: changed=%v err=%v", ok, err)
	}
	if got, _ := f.store.Case(ctx, c.ID); got.AckBy != "UCOORD1" {
		t.Errorf("ack by = %s after a second ack", got.AckBy)
	}

	if _, _, err := f.reports.Assign(ctx, c.ID, "UCOORD1", "not-a-user"); !errors.Is(err, ErrNotFound) {
		t.Errorf("assign to a non-user: %v", err)
	}
	if got, ok, err := f.reports.Assign(ctx, c.ID, "UCOORD1", "UINV"); err != nil || !ok || got.Assignee != "UINV" {
		t.Errorf("assign = %+v %v %v", got, ok, err)
	}
	if _, ok, _ := f.reports.Assign(ctx, c.ID, "UCOORD1", "UINV"); ok {
		t.Error("assigning again to the same person changed the case")
	}
	// The assignee may now act.
	if _, err := f.reports.AddNote(ctx, c.ID, "UINV", NoteInput{Text: "Samtal med personal.", Source: "Intervju", Kind: NoteFact}); err != nil {
		t.Fatal(err)
	}
	var fe FieldErrors
	if _, err := f.reports.AddNote(ctx, c.ID, "UINV", NoteInput{Kind: "guess"}); !errors.As(err, &fe) || len(fe) != 3 {
		t.Errorf("empty note: %v", err)
	}

	if _, _, err := f.reports.Escalate(ctx, c.ID, "UCOORD1", " "); !errors.As(err, &fe) {
		t.Errorf("escalate without a reason: %v", err)
	}
	if got, ok, err := f.reports.Escalate(ctx, c.ID, "UCOORD1", "Kräver chefsbeslut"); err != nil || !ok || got.Status != StatusEscalated {
		t.Errorf("escalate = %+v %v %v", got.Status, ok, err)
	}

	// Lex Sarah applies: only its five decisions close the case.
	bad := Closure{Decision: DecisionResolved, ActionsTaken: "Ny rutin."}
	if _, _, err := f.reports.Close(ctx, c.ID, "UHEAD1", bad); !errors.As(err, &fe) || fe[FieldDecision].SV == "" || fe[FieldRootCauses].SV == "" {
		t.Errorf("close with a general outcome: %v", err)
	}
	good := Closure{Decision: DecisionSeriousRisk, RootCauses: []string{"routines"}, ActionsTaken: "Ny rutin.", ActionsAt: f.now}
	got, ok, err = f.reports.Close(ctx, c.ID, "UHEAD1", good)
	if err != nil || !ok || got.Status != StatusClosed || got.Decision != DecisionSeriousRisk || got.ClosedBy != "UHEAD1" {
		t.Fatalf("close = %+v %v %v", got, ok, err)
	}
	if _, _, err := f.reports.Acknowledge(ctx, c.ID, "UCOORD1"); !errors.Is(err, ErrConflict) {
		t.Errorf("ack after close: %v", err)
	}
	if _, ok, err := f.reports.Close(ctx, c.ID, "UHEAD1", good); ok || err != nil {
		t.Errorf("second close: %v %v", ok, err)
	}

	d, err := f.reports.Details(ctx, c.ID, "UHEAD1")
	if err != nil || d.Closure == nil || d.Closure.ClosedBy.Title != "Samordnare" || len(d.Notes) != 1 || d.Notes[0].By.Name != "Name UINV" {
		t.Fatalf("details = %+v %v", d, err)
	}
	if _, err := f.reports.Details(ctx, c.ID, "UOUTSIDER"); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("outsider details: %v", err)
	}
	want := []string{ActionCreated, ActionReceiptSent, ActionCardPosted, ActionDenied, ActionAcknowledged, ActionAssigned,
		ActionNoteAdded, ActionEscalated, ActionClosed, ActionViewed, ActionDenied}
	if diff := cmp.Diff(want, f.store.actions(c.ID)); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
}

func TestAssignRefusesImplicated(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	c := f.submitted(t, Harassment, "jobbtorg", Answers{QDescription: {"x"}, QHABetween: {"colleagues"}, QHAOngoing: {No}, QInvolved: {"UPERP"}}, false)
	if _, _, err := f.reports.Assign(ctx, c.ID, "UCOORD1", "UPERP"); !errors.Is(err, ErrImplicated) {
		t.Fatalf("assign to the involved person: %v", err)
	}
	if got, _ := f.store.Case(ctx, c.ID); got.Assignee != "" {
		t.Error("the implicated person was assigned")
	}
}

// TestAnnouncementsSurviveSlackDown: a change whose announcement fails –
// the reporter's message, the escalation people's cards – stays queued and
// is announced by the sweep, once, however often the sweep runs.
func TestAnnouncementsSurviveSlackDown(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	c := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	if _, _, err := f.reports.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.reports.Escalate(ctx, c.ID, "UCOORD1", "chefen behöver veta"); err != nil {
		t.Fatal(err)
	}
	f.notifier.failing = true
	for _, e := range []Event{EventAcknowledged, EventEscalated} {
		if err := f.reports.Announce(ctx, c.ID, e); err == nil {
			t.Fatalf("announcing %s succeeded while Slack was down", e)
		}
	}
	// Within the grace the process that made the change may still be at it.
	f.notifier.failing = false
	f.reports.AnnouncePending(ctx, deliveryLease)
	if len(f.notifier.told) != 0 {
		t.Fatalf("announced within the grace: %v", f.notifier.told)
	}
	// The leases of the failed announcements run out; the sweep takes over.
	f.now = f.now.Add(deliveryLease + time.Minute)
	f.store.releaseAnnouncements()
	f.reports.AnnouncePending(ctx, deliveryLease)
	if diff := cmp.Diff([]string{"UREP:acknowledged"}, f.notifier.told); diff != "" {
		t.Errorf("reporter told (-want +got):\n%s", diff)
	}
	heads := 0
	for _, tg := range f.notifier.cards {
		if tg.User == "UHEAD1" || tg.User == "UHEAD2" {
			heads++
		}
	}
	if heads != 2 {
		t.Errorf("escalation cards = %v", f.notifier.cards)
	}
	if due, _ := f.store.PendingAnnouncements(ctx, nil, f.now); len(due) != 0 {
		t.Errorf("still queued: %+v", due)
	}
	// Announcing again tells nobody twice.
	f.store.releaseAnnouncements()
	if err := f.reports.Announce(ctx, c.ID, EventAcknowledged); err != nil {
		t.Fatal(err)
	}
	if len(f.notifier.told) != 1 {
		t.Errorf("reporter told twice: %v", f.notifier.told)
	}
}

// TestAnnouncementGivenUp: a change whose announcement keeps failing – a
// card in an archived channel – leaves the queue after a day, recorded in
// the case's history; its reporter is still told.
func TestAnnouncementGivenUp(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	c := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	if _, _, err := f.reports.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	f.notifier.archived = true // every card update fails for good
	if err := f.reports.Announce(ctx, c.ID, EventAcknowledged); err == nil {
		t.Fatal("announced to an archived channel")
	}
	if diff := cmp.Diff([]string{"UREP:acknowledged"}, f.notifier.told); diff != "" {
		t.Errorf("a card that cannot be updated kept the reporter from being told (-want +got):\n%s", diff)
	}
	for range 3 {
		f.now = f.now.Add(10 * time.Hour)
		f.store.releaseAnnouncements()
		f.reports.AnnouncePending(ctx, deliveryLease)
	}
	if due, _ := f.store.PendingAnnouncements(ctx, nil, f.now); len(due) != 0 {
		t.Errorf("still queued after a day: %+v", due)
	}
	hist, _ := f.store.History(ctx, c.ID)
	if !slices.ContainsFunc(hist, func(e AuditEntry) bool {
		return e.Action == ActionAnnounceFailed && e.Fields["event"] == "acknowledged"
	}) {
		t.Error("the abandoned announcement is not in the history")
	}
	if len(f.notifier.told) != 1 {
		t.Errorf("reporter told %d times", len(f.notifier.told))
	}
}

// TestLateAnnouncementIsTriedFirst: a change nobody could announce for
// more than a day – every replica was down – is announced, not given up.
func TestLateAnnouncementIsTriedFirst(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	c := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	if _, _, err := f.reports.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(25 * time.Hour)
	f.reports.AnnouncePending(ctx, deliveryLease)
	if diff := cmp.Diff([]string{"UREP:acknowledged"}, f.notifier.told); diff != "" {
		t.Errorf("reporter told (-want +got):\n%s", diff)
	}
	hist, _ := f.store.History(ctx, c.ID)
	if slices.ContainsFunc(hist, func(e AuditEntry) bool { return e.Action == ActionAnnounceFailed }) {
		t.Error("an announcement that succeeded was recorded as given up")
	}
}

// TestRedrawFinishesOnlyWhatItDrew: changes that keep coming while the
// cards are drawn stay queued beyond what was drawn.
func TestRedrawFinishesOnlyWhatItDrew(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	c := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	assignees := []string{"UCOORD2", "UCOORD1", "UCOORD2", "UCOORD1"}
	var hook func()
	hook = func() {
		if len(assignees) == 0 {
			return
		}
		a := assignees[0]
		assignees = assignees[1:]
		if _, _, err := f.reports.Assign(ctx, c.ID, "UCOORD1", a); err != nil {
			t.Error(err)
		}
		f.notifier.onUpdate = hook
	}
	if _, _, err := f.reports.Assign(ctx, c.ID, "UCOORD1", "UHELPER"); err != nil {
		t.Fatal(err)
	}
	f.notifier.onUpdate = hook
	_ = f.reports.Announce(ctx, c.ID, EventAssigned)
	f.notifier.onUpdate = nil
	due, _ := f.store.PendingAnnouncements(ctx, nil, f.now.Add(time.Hour))
	if len(due) != 1 || due[0].Event != EventAssigned {
		t.Errorf("the last assignment, never drawn, left the queue: %+v", due)
	}
}

// TestAnnounceCatchesUp: a change made while an announcement draws the
// cards is drawn too, so the card never ends on the older state.
func TestAnnounceCatchesUp(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	c := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	if _, _, err := f.reports.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
		t.Fatal(err)
	}
	f.notifier.updates = nil
	// While the acknowledgement is drawn, another coordinator closes it.
	f.notifier.onUpdate = func() {
		if _, _, err := f.reports.Close(ctx, c.ID, "UCOORD2", Closure{Decision: DecisionResolved, ActionsTaken: "ok"}); err != nil {
			t.Error(err)
		}
	}
	if err := f.reports.Announce(ctx, c.ID, EventAcknowledged); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"acknowledged@CCASES1", "closed@CCASES1"}, f.notifier.updates); diff != "" {
		t.Errorf("card updates (-want +got):\n%s", diff)
	}
}

func TestAnnounce(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	named := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	anon := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"y"}}, true)
	for _, c := range []Case{named, anon} {
		if _, _, err := f.reports.Acknowledge(ctx, c.ID, "UCOORD1"); err != nil {
			t.Fatal(err)
		}
		if err := f.reports.Announce(ctx, c.ID, EventAcknowledged); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([]string{"UREP:acknowledged"}, f.notifier.told); diff != "" {
		t.Errorf("reporters told (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"acknowledged@CCASES1", "acknowledged@CCASES1"}, f.notifier.updates); diff != "" {
		t.Errorf("card updates (-want +got):\n%s", diff)
	}
	if _, _, err := f.reports.Close(ctx, named.ID, "UCOORD1", Closure{Decision: DecisionResolved, ActionsTaken: "ok"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.reports.Escalate(ctx, named.ID, "UCOORD1", "chefsbeslut"); !errors.Is(err, ErrConflict) {
		t.Errorf("escalating a closed case: %v", err)
	}
}

func TestEscalateSendsTheCardUp(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	c := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	f.notifier.cards = nil
	if _, _, err := f.reports.Escalate(ctx, c.ID, "UCOORD1", "behöver chef"); err != nil {
		t.Fatal(err)
	}
	if err := f.reports.Announce(ctx, c.ID, EventEscalated); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Target{{User: "UHEAD1"}, {User: "UHEAD2"}}, f.notifier.cards); diff != "" {
		t.Errorf("escalation cards (-want +got):\n%s", diff)
	}
	// A unit with no one to escalate to refuses with a reason.
	other := f.submitted(t, Other, "no-escalation", Answers{QDescription: {"x"}}, false)
	var fe FieldErrors
	if _, _, err := f.reports.Escalate(ctx, other.ID, "UCOORD4", "hjälp"); !errors.As(err, &fe) {
		t.Errorf("escalate with no escalation people: %v", err)
	}
}

func TestQueue(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	first := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	f.now = f.now.Add(time.Hour)
	second := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	_ = f.submitted(t, Other, "lss-home", Answers{QDescription: {"x"}}, false)
	closed := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	if _, _, err := f.reports.Close(ctx, closed.ID, "UCOORD1", Closure{Decision: DecisionResolved, ActionsTaken: "ok"}); err != nil {
		t.Fatal(err)
	}
	q, err := f.reports.Queue(ctx, "UCOORD1")
	if err != nil {
		t.Fatal(err)
	}
	var ids []CaseID
	for _, c := range q {
		ids = append(ids, c.ID)
	}
	if diff := cmp.Diff([]CaseID{first.ID, second.ID}, ids); diff != "" {
		t.Errorf("queue (-want +got):\n%s", diff)
	}
	// Someone the configuration names nowhere sees only what is assigned
	// to them; a reporter sees nothing.
	if _, _, err := f.reports.Assign(ctx, second.ID, "UCOORD1", "UHELPER"); err != nil {
		t.Fatal(err)
	}
	if q, err := f.reports.Queue(ctx, "UHELPER"); err != nil || len(q) != 1 || q[0].ID != second.ID {
		t.Errorf("assignee's queue = %v %v", q, err)
	}
	if q, err := f.reports.Queue(ctx, "UREPORTER"); err != nil || len(q) != 0 {
		t.Errorf("reporter's queue = %v %v", q, err)
	}
}

// TestOldOpenCasesStayInView: a case left open for years is still in the
// coordinator's queue and in the digest's open cases.
func TestOldOpenCasesStayInView(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	now := f.now
	f.now = now.AddDate(-4, 0, 0)
	old := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	f.now = now
	q, err := f.reports.Queue(ctx, "UCOORD1")
	if err != nil || len(q) != 1 || q[0].ID != old.ID {
		t.Errorf("queue = %v %v, want the case from %d", q, err, old.ID.Year())
	}
	d, err := f.reports.BuildDigest(ctx, "UMGR1", ISOWeek(now.AddDate(0, 0, -7), f.reports.Config().Location()), now)
	if err != nil || d.Open.ByAge[3] != 1 {
		t.Errorf("digest open by age = %v %v, want the old case among the older", d.Open.ByAge, err)
	}
}

func TestUnitsServed(t *testing.T) {
	cfg := testConfig()
	for user, want := range map[string][]string{
		"UCOORD1":   {"jobbtorg"},
		"UHEAD2":    {"jobbtorg"},
		"UCOORD3":   {"lss-home"},
		"USEC1":     {"jobbtorg", "lss-home", "no-escalation"}, // a wildcard route
		"UHR1":      {"jobbtorg"},                              // a route for one unit
		"UNEVER":    {"jobbtorg", "lss-home", "no-escalation"}, // a route naming no units covers all
		"UREPORTER": nil,
		"UMGR1":     nil, // managers see aggregates, not cases
	} {
		if got := cfg.UnitsServed(user); !slices.Equal(got, want) {
			t.Errorf("UnitsServed(%s) = %v, want %v", user, got, want)
		}
	}
}

func TestRouteOfChecksTheChannel(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	d := Draft{StepOne: StepOne{Category: Harassment, Unit: "jobbtorg"}, Answers: Answers{QInvolved: {"UPERP"}}}
	f.reports.Directory = fakeDirectory{members: map[string][]string{"CCASES1": {"UCOORD1", "UPERP"}}}
	r, err := f.reports.RouteOf(ctx, d)
	if err != nil || !r.Escalated || r.Reason != ReasonChannelMemberInvolved || r.Channel != "" {
		t.Errorf("involved channel member: %+v %v", r, err)
	}
	f.reports.Directory = fakeDirectory{members: map[string][]string{"CCASES1": {"UCOORD1"}}}
	if r, _ := f.reports.RouteOf(ctx, d); r.Escalated {
		t.Errorf("uninvolved channel escalated: %+v", r)
	}
	f.reports.Directory = fakeDirectory{failing: true}
	if r, _ := f.reports.RouteOf(ctx, d); !r.Escalated {
		t.Error("an unreadable channel must count as holding the involved person")
	}
}

func TestClocks(t *testing.T) {
	loc := testConfig().Location()
	disc := time.Date(2026, 11, 23, 9, 30, 0, 0, loc)
	c := Case{Status: StatusAcknowledged, Regimes: []Regime{GDPRBreach, WorkEnvironmentSerious, LexSarah}, DiscoveredAt: disc, CreatedAt: disc, Unit: "jobbtorg"}
	ks := Clocks(c, loc)
	if len(ks) != 3 || !ks[0].Due.Equal(disc.Add(72*time.Hour)) || !ks[1].Due.Equal(time.Date(2026, 11, 23, 23, 59, 0, 0, loc)) || !ks[2].Due.IsZero() {
		t.Fatalf("clocks = %+v", ks)
	}
	cfg := testConfig()
	if Overdue(c, cfg, disc.Add(time.Hour)) {
		t.Error("overdue within the day")
	}
	if !Overdue(c, cfg, disc.Add(15*time.Hour)) {
		t.Error("not overdue after the work environment deadline")
	}
	fresh := Case{Status: StatusNew, CreatedAt: disc, Unit: "jobbtorg"}
	if Overdue(fresh, cfg, disc.Add(23*time.Hour)) || !Overdue(fresh, cfg, disc.Add(25*time.Hour)) {
		t.Error("acknowledgement target of 24 hours")
	}
	fresh.Status = StatusClosed
	if Overdue(fresh, cfg, disc.Add(100*time.Hour)) {
		t.Error("a closed case is never overdue")
	}
	// The severity decides what the regimes ask: a high or critical breach
	// is a high risk to the people concerned, a high or critical Lex Sarah
	// case may be one for IVO.
	for _, sev := range []Severity{Low, Medium, High, Critical} {
		c := Case{Severity: sev, Regimes: []Regime{GDPRBreach, LexSarah}, DiscoveredAt: disc}
		var what []string
		for _, k := range Clocks(c, loc) {
			what = append(what, k.What.EN)
		}
		want := []string{"Notify IMY if the breach may pose a risk; always documented",
			"Lex Sarah: remove the risk at once and investigate without delay"}
		if sev == High || sev == Critical {
			want = []string{want[0], "High risk: inform the people concerned", want[1], "May be serious: decide whether IVO is to be notified"}
		}
		if diff := cmp.Diff(want, what); diff != "" {
			t.Errorf("%s: clocks (-want +got):\n%s", sev, diff)
		}
	}
}

func TestDecisions(t *testing.T) {
	ls := DecisionsFor(Case{Regimes: []Regime{LexSarah}})
	if len(ls) != 5 {
		t.Fatalf("%d Lex Sarah decisions", len(ls))
	}
	var ivo []Decision
	for _, d := range ls {
		if d.ToIVO {
			ivo = append(ivo, d.ID)
		}
		if len([]rune(d.Short.SV)) > 75 || len([]rune(d.Short.EN)) > 75 {
			t.Errorf("%s: short text over 75 characters", d.ID)
		}
	}
	if diff := cmp.Diff([]Decision{DecisionSeriousRisk, DecisionSerious}, ivo); diff != "" {
		t.Errorf("IVO decisions (-want +got):\n%s", diff)
	}
	if d := DecisionsFor(Case{}); d[0].ID != DecisionResolved {
		t.Errorf("general decisions = %v", d)
	}
}

func TestReclassifiedCaseReachesItsNewRoute(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	c := f.submitted(t, Other, "jobbtorg", Answers{QDescription: {"x"}}, false)
	f.notifier.cards = nil
	if _, _, err := f.reports.Classify(ctx, c.ID, "UCOORD1", ThreatViolence, High, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.reports.Announce(ctx, c.ID, EventClassified); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Target{{Channel: "CSECURITY"}}, f.notifier.cards); diff != "" {
		t.Errorf("cards after reclassifying (-want +got):\n%s", diff)
	}
	// The coordinator who reclassified it still has it.
	if _, err := f.reports.Details(ctx, c.ID, "UCOORD1"); err != nil {
		t.Errorf("the original coordinator lost the case: %v", err)
	}
}
