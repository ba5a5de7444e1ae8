// Package domaintest runs the domain's parts on the real store, on an
// in-process miniredis, with fakes only for Slack and the classifier: the
// domain's tests assert behaviour against the same Lua compare-and-set
// that runs in production, not against a re-implementation of it.
package domaintest

import (
	"context"
	"log/slog"
	"maps"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/bot/deliver"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/bot/remind"
	"github.com/incidentbot/incidentbot/bot/report"
	"github.com/incidentbot/incidentbot/bot/retention"
	"github.com/incidentbot/incidentbot/store"
)

// Start is the time a Fixture's clock starts at: a Monday afternoon.
var Start = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

// Config is the organisation the domain's tests work in.
func Config() *bot.Config {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return &bot.Config{
		CasePrefix: "INC",
		Timezone:   loc,
		Units: []bot.Unit{
			{ID: "jobbtorg", Name: "Jobbtorg Skärholmen", Coordinators: []string{"UCOORD1", "UCOORD2"},
				Channel: "CCASES1", Managers: []string{"UMGR1"}, Escalation: []string{"UHEAD1", "UHEAD2"}, LexSarah: true},
			{ID: "lss-home", Name: "LSS-boende Solrosen", Coordinators: []string{"UCOORD3"}, LexSarah: true},
			{ID: "no-escalation", Name: "Utan eskalering", Coordinators: []string{"UCOORD4", "UCOORD5"}, Channel: "CCASES4"},
			// The seed case's unit: its coordinator is the manager who
			// leaked, its escalation person her superior.
			{ID: "frivarden", Name: "Frivården Söder", Coordinators: []string{"ULEAKER"}, Channel: "CFRIVARD",
				Escalation: []string{"USUPER"}},
		},
		Routes: []bot.RouteRule{
			{Category: bot.ThreatViolence, Units: []string{bot.Wildcard}, Coordinators: []string{"USEC1"}, Channel: "CSECURITY"},
			{Category: bot.Confidentiality, Units: []string{"jobbtorg"}, Coordinators: []string{"UHR1"}},
			{Category: bot.Confidentiality, Units: []string{"lss-home", "no-escalation"}, Coordinators: []string{"UNEVER"}},
		},
		Independent: &bot.Function{Name: "HR och visselblåsarfunktionen", Coordinators: []string{"UIND1", "UIND2"}, Channel: "CINDEPENDENT"},
	}
}

// Fixture is the domain wired to a store on miniredis, a recording Slack
// and one clock that the test moves.
type Fixture struct {
	t         testing.TB
	Redis     *miniredis.Miniredis
	Store     *store.Store
	Notifier  *Notifier
	Directory *Directory
	Reports   *report.Service
	Cases     *cases.Service
	Delivery  *deliver.Service
	Digests   *digest.Service
	Remind    *remind.Service
	Retention *retention.Service

	mu       sync.Mutex
	now      time.Time
	config   atomic.Pointer[bot.Config]
	cmu      sync.Mutex
	commands []string // every command sent to Redis, a pipeline's one by one
}

// New returns a fixture on Config, at Start.
func New(t testing.TB) *Fixture {
	t.Helper()
	m := miniredis.RunT(t)
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	t.Cleanup(func() { _ = rdb.Close() })
	f := &Fixture{t: t, Redis: m, Store: store.New(rdb, store.Options{}), Notifier: &Notifier{}, Directory: &Directory{}, now: Start}
	rdb.AddHook(commandHook{f})
	f.config.Store(Config())
	rt := bot.Runtime{Config: f.config.Load, Now: f.Now, Log: slog.New(slog.DiscardHandler)}
	f.Reports = &report.Service{Runtime: rt, Store: f.Store, Directory: f.Directory}
	f.Cases = &cases.Service{Runtime: rt, Store: f.Store, Directory: f.Directory}
	f.Delivery = &deliver.Service{Runtime: rt, Store: f.Store, Notifier: f.Notifier, Directory: f.Directory, Holder: "test"}
	f.Digests = &digest.Service{Runtime: rt, Store: f.Store, Notifier: f.Notifier}
	f.Remind = &remind.Service{Runtime: rt, Store: f.Store, Notifier: f.Notifier}
	f.Retention = &retention.Service{Runtime: rt, Store: f.Store}
	return f
}

// Commands returns the names of the commands sent to Redis since the last
// call, a pipeline's one by one, and forgets them: what a step costs in
// round trips.
func (f *Fixture) Commands() []string {
	f.cmu.Lock()
	defer f.cmu.Unlock()
	c := f.commands
	f.commands = nil
	return c
}

// commandHook records the commands a fixture's store sends.
type commandHook struct{ f *Fixture }

func (h commandHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h commandHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.f.record(cmd)
		return next(ctx, cmd)
	}
}

func (h commandHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.f.record(cmds...)
		return next(ctx, cmds)
	}
}

func (f *Fixture) record(cmds ...redis.Cmder) {
	f.cmu.Lock()
	defer f.cmu.Unlock()
	for _, c := range cmds {
		f.commands = append(f.commands, c.Name())
	}
}

// Now is the fixture's clock.
func (f *Fixture) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Advance moves the clock, and Redis's clock of expiring keys with it, so
// that leases and drafts run out as they would in that time.
func (f *Fixture) Advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
	if d > 0 {
		f.Redis.FastForward(d)
	}
}

// SetNow sets the clock without expiring anything in Redis.
func (f *Fixture) SetNow(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = t
}

// SetConfig puts cfg in force, as a reload of the file would.
func (f *Fixture) SetConfig(cfg *bot.Config) { f.config.Store(cfg) }

// StepOne is a first step about something that happened a day ago and was
// discovered two hours ago.
func (f *Fixture) StepOne(cat bot.Category, unit string) bot.StepOne {
	now := f.Now()
	return bot.StepOne{Category: cat, Unit: unit, OccurredAt: now.Add(-26 * time.Hour), DiscoveredAt: now.Add(-2 * time.Hour)}
}

// Complete answers each of cat's required questions that a leaves
// unanswered with its most neutral answer: don't know, no, other or none
// where the question has one. A test names only the answers it is about.
func Complete(cat bot.Category, a bot.Answers) bot.Answers {
	out := maps.Clone(a)
	if out == nil {
		out = bot.Answers{}
	}
	for _, q := range bot.QuestionsFor(cat) {
		if !q.Required || len(out[q.ID]) > 0 {
			continue
		}
		switch q.Kind {
		case bot.KindText, bot.KindParagraph:
			out[q.ID] = []string{"Okänt."}
		default:
			v := q.Options[0].Value
			for _, neutral := range []string{bot.Unknown, bot.No, "other", "others", "none"} {
				if _, ok := q.Option(neutral); ok {
					v = neutral
					break
				}
			}
			out[q.ID] = []string{v}
		}
	}
	return out
}

// Fill walks a new draft of user's through both steps, the category step
// answered with a as Complete fills it in.
func (f *Fixture) Fill(user string, cat bot.Category, unit string, a bot.Answers) bot.Draft {
	f.t.Helper()
	a = Complete(cat, a)
	ctx := context.Background()
	d, err := f.Reports.NewDraft(ctx, user)
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.Reports.SaveStepOne(ctx, user, d.Nonce, f.StepOne(cat, unit)); err != nil {
		f.t.Fatal(err)
	}
	d, err = f.Reports.SaveStepTwo(ctx, user, d.Nonce, a)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

// Submitted files UREP's report and delivers it, returning the case as stored.
func (f *Fixture) Submitted(cat bot.Category, unit string, a bot.Answers, anonymous bool) bot.Case {
	f.t.Helper()
	ctx := context.Background()
	d := f.Fill("UREP", cat, unit, a)
	c, _, err := f.Reports.Submit(ctx, "UREP", d.Nonce, report.Choices{Anonymous: anonymous})
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.Delivery.Deliver(ctx, c.ID); err != nil {
		f.t.Fatal(err)
	}
	return f.Case(c.ID)
}

// Case reads a case from the store.
func (f *Fixture) Case(id bot.CaseID) bot.Case {
	f.t.Helper()
	c, err := f.Store.Case(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// Actions lists the actions of the case's history, oldest first.
func (f *Fixture) Actions(id bot.CaseID) []string {
	f.t.Helper()
	hist, err := f.Store.History(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, e := range hist {
		out = append(out, e.Action)
	}
	return out
}

// ExpireLeases lets every lease in Redis run out: the deliveries' and the
// announcements' (a replica that held one crashed, or its work failed).
func (f *Fixture) ExpireLeases() {
	f.Advance(deliver.Timeout + 3*time.Minute)
}

// Count is how often x is in xs: an action in a history, say.
func Count(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}
