package cases_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

// TestNotifyStopsTheClock: a breach notified to IMY within its 72 hours
// has its clock met – on the case, in the store's deadline index, in the
// week's figures – and its note in the running log; recording it again
// changes nothing; a notification in phases starts the completing clock.
func TestNotifyStopsTheClock(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.PersonalData, "jobbtorg", bot.Answers{bot.QDescription: {"x"}, bot.QPDDataKind: {"health"}, bot.QPDCount: {"1"},
		bot.QPDLeftOrg: {bot.No}, bot.QPDContained: {bot.Yes}}, false)
	loc := domaintest.Config().Location()
	missed := func() int64 {
		t.Helper()
		o, err := f.Store.OpenStats(ctx, []string{"jobbtorg"}, []int{2026}, f.Now().Add(100*time.Hour), f.Now().Add(200*time.Hour), "")
		if err != nil {
			t.Fatal(err)
		}
		return o.ClocksMissed
	}
	if n := missed(); n != 1 {
		t.Fatalf("%d deadlines missed 100 hours on, want IMY's", n)
	}

	var fe bot.FieldErrors
	if _, _, err := f.Cases.Notify(ctx, c.ID, "UCOORD1", cases.NotifyInput{Authority: "imy", At: f.Now().Add(time.Hour)}); !errors.As(err, &fe) || fe[bot.FieldNotifiedAt].EN == "" {
		t.Errorf("a notification in the future: %v", err)
	}
	if _, _, err := f.Cases.Notify(ctx, c.ID, "UCOORD1", cases.NotifyInput{Authority: "the king", At: f.Now()}); !errors.As(err, &fe) || fe[bot.FieldAuthorityID].EN == "" {
		t.Errorf("an unknown authority: %v", err)
	}
	if _, _, err := f.Cases.Notify(ctx, c.ID, "UOUTSIDER", cases.NotifyInput{Authority: bot.AuthorityIMY, At: f.Now()}); !errors.Is(err, bot.ErrNotAllowed) {
		t.Errorf("an outsider's notification: %v", err)
	}

	in := cases.NotifyInput{Authority: bot.AuthorityIMY, At: f.Now(), Reference: "IMY-2026-4711", Note: "Anmält via IMY:s e-tjänst.", Partial: true}
	got, ok, err := f.Cases.Notify(ctx, c.ID, "UCOORD1", in)
	if err != nil || !ok {
		t.Fatalf("notify = %v %v", ok, err)
	}
	if _, ok, err := f.Cases.Notify(ctx, c.ID, "UCOORD1", in); ok || err != nil {
		t.Errorf("the same notification again: changed %v, %v", ok, err)
	}
	ks := bot.Clocks(got, loc)
	if ks[0].ID != bot.ClockIMY || ks[0].Running() || ks[0].By.Reference != "IMY-2026-4711" || ks[0].Late(ks[0].Met) {
		t.Errorf("IMY's clock = %+v", ks[0])
	}
	if ks[1].ID != bot.ClockIMYComplete || !ks[1].Running() {
		t.Errorf("a notification in phases starts no completing clock: %+v", ks)
	}
	if n := missed(); n != 0 {
		t.Errorf("%d deadlines missed after notifying IMY", n)
	}
	notes, _ := f.Store.Notes(ctx, c.ID)
	if len(notes) != 1 || notes[0].Text != in.Note || notes[0].Source == "" || notes[0].By.Name != "Name UCOORD1" {
		t.Errorf("running log = %+v", notes)
	}
	all, _ := f.Store.Counts(ctx, []string{c.Week}, []string{"jobbtorg"}, []int{2026}, "")
	if all[c.Week][bot.CountIMY] != 1 || all[c.Week][bot.CountClockMet] != 1 {
		t.Errorf("week's figures = %v", all[c.Week])
	}
	if diff := cmp.Diff(f.Actions(c.ID)[3:], []string{bot.ActionDenied, bot.ActionNotified, bot.ActionNoteAdded}); diff != "" {
		t.Errorf("history (-got +want):\n%s", diff)
	}

	// The completing information, sent later, meets the second clock.
	f.Advance(48 * time.Hour)
	got, _, err = f.Cases.Notify(ctx, c.ID, "UCOORD1", cases.NotifyInput{Authority: bot.AuthorityIMY, At: f.Now(), Reference: "IMY-2026-4711"})
	if err != nil {
		t.Fatal(err)
	}
	if ks := bot.Clocks(got, loc); ks[1].Running() {
		t.Errorf("the completing clock still runs: %+v", ks[1])
	}
}

// TestNotifiedLate: a work environment authority notified after its day
// counts as late.
func TestNotifiedLate(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	c := f.Submitted(bot.WorkEnvironment, "jobbtorg", bot.Answers{bot.QDescription: {"x"}, bot.QWEInjury: {"serious"}, bot.QWESickLeave: {bot.Yes},
		bot.QWECouldHave: {bot.Yes}}, false)
	f.Advance(30 * time.Hour)
	if _, _, err := f.Cases.Notify(ctx, c.ID, "UCOORD1", cases.NotifyInput{Authority: bot.AuthorityWorkEnvironment, At: f.Now()}); err != nil {
		t.Fatal(err)
	}
	all, _ := f.Store.Counts(ctx, []string{c.Week}, []string{"jobbtorg"}, []int{2026}, "")
	if all[c.Week][bot.CountClockLate] != 1 || all[c.Week][bot.CountClockMet] != 0 {
		t.Errorf("week's figures = %v", all[c.Week])
	}
	var work bool
	for _, k := range bot.Clocks(f.Case(c.ID), domaintest.Config().Location()) {
		work = work || k.ID == bot.ClockWorkInjury && k.Running()
	}
	if !work {
		t.Error("an injury has no running work injury report clock")
	}
}
