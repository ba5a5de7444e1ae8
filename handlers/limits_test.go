package handlers

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/bot/remind"
)

// Slack's Block Kit limits, from ../shared/SLACK.md.
const (
	maxMessageBlocks = 50
	maxHomeBlocks    = 100
	maxModalTitle    = 24
	maxMetadata      = 3000
	maxID            = 255
	maxSectionText   = 3000
	maxFields        = 10
	maxFieldText     = 2000
	maxHeader        = 150
	maxLabel         = 2000
	maxOptions       = 100
	maxOptionText    = 75
	maxInputLength   = 3000
	maxMessageText   = 40000
	maxBlocksJSON    = 12000 // msg_blocks_too_long is seen near 13,000
)

// reporter is the part of testing.T the checker uses, so the checker's own
// test can catch what it reports.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Fatal(args ...any)
}

// checker collects the limits a surface breaks.
type checker struct {
	t    reporter
	name string
}

func (c checker) errorf(format string, args ...any) {
	c.t.Helper()
	c.t.Errorf("%s: "+format, append([]any{c.name}, args...)...)
}

func runes(s string) int { return utf8.RuneCountInString(s) }

func asMap(t reporter, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func str(m map[string]any, path ...string) string {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = mm[p]
	}
	s, _ := cur.(string)
	return s
}

func list(m map[string]any, key string) []map[string]any {
	raw, _ := m[key].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, x := range raw {
		if mm, ok := x.(map[string]any); ok {
			out = append(out, mm)
		}
	}
	return out
}

func (c checker) modal(v slack.ModalViewRequest) {
	c.t.Helper()
	m := asMap(c.t, v)
	for _, k := range []string{"title", "submit", "close"} {
		if n := runes(str(m, k, "text")); n > maxModalTitle {
			c.errorf("%s is %d characters", k, n)
		}
	}
	if runes(v.PrivateMetadata) > maxMetadata || runes(v.CallbackID) > maxID {
		c.errorf("private_metadata or callback_id too long")
	}
	blocks := list(m, "blocks")
	if len(blocks) > maxModalBlocks {
		c.errorf("%d blocks", len(blocks))
	}
	hasInput := false
	for _, b := range blocks {
		hasInput = hasInput || b["type"] == "input"
	}
	if hasInput && v.Submit == nil {
		c.errorf("inputs without a submit button")
	}
	c.blocks(blocks)
}

func (c checker) home(v slack.HomeTabViewRequest) {
	c.t.Helper()
	blocks := list(asMap(c.t, v), "blocks")
	if len(blocks) > maxHomeBlocks {
		c.errorf("%d blocks", len(blocks))
	}
	c.blocks(blocks)
}

func (c checker) message(m message) {
	c.t.Helper()
	if len(m.Blocks) > maxMessageBlocks {
		c.errorf("%d blocks", len(m.Blocks))
	}
	if runes(m.Text) > maxMessageText || m.Text == "" {
		c.errorf("fallback text of %d characters", runes(m.Text))
	}
	b, _ := json.Marshal(m.Blocks)
	if len(b) > maxBlocksJSON {
		c.errorf("blocks are %d bytes of JSON", len(b))
	}
	c.blocks(list(map[string]any{"b": asList(c.t, m.Blocks)}, "b"))
}

func asList(t reporter, v any) []any {
	b, _ := json.Marshal(v)
	var l []any
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func (c checker) blocks(blocks []map[string]any) {
	c.t.Helper()
	ids := map[string]bool{}
	for i, b := range blocks {
		where := fmt.Sprintf("block %d (%s)", i, b["type"])
		if id := str(b, "block_id"); id != "" {
			if ids[id] || runes(id) > maxID {
				c.errorf("%s: block_id %q repeated or too long", where, id)
			}
			ids[id] = true
		}
		switch b["type"] {
		case "section":
			if n := runes(str(b, "text", "text")); n > maxSectionText {
				c.errorf("%s: text of %d characters", where, n)
			}
			fs := list(b, "fields")
			if len(fs) > maxFields {
				c.errorf("%s: %d fields", where, len(fs))
			}
			for _, f := range fs {
				if n := runes(str(f, "text")); n > maxFieldText {
					c.errorf("%s: field of %d characters", where, n)
				}
			}
			if str(b, "text", "text") == "" && len(fs) == 0 {
				c.errorf("%s: empty section", where)
			}
		case "header":
			if n := runes(str(b, "text", "text")); n > maxHeader || n == 0 {
				c.errorf("%s: header of %d characters", where, n)
			}
		case "context":
			if len(list(b, "elements")) > 10 {
				c.errorf("%s: too many context elements", where)
			}
		case "input":
			if runes(str(b, "label", "text")) > maxLabel || runes(str(b, "hint", "text")) > maxLabel {
				c.errorf("%s: label or hint too long", where)
			}
			el, _ := b["element"].(map[string]any)
			c.element(where, el)
		case "actions":
			els := list(b, "elements")
			if len(els) > 25 {
				c.errorf("%s: %d elements", where, len(els))
			}
			for _, el := range els {
				c.element(where, el)
			}
		}
	}
}

func (c checker) element(where string, el map[string]any) {
	c.t.Helper()
	if runes(str(el, "action_id")) > maxID {
		c.errorf("%s: action_id too long", where)
	}
	switch el["type"] {
	case "plain_text_input":
		maxLen, _ := el["max_length"].(float64)
		if maxLen < 0 || maxLen > maxInputLength {
			c.errorf("%s: max_length %v", where, maxLen)
		}
		if maxLen > 0 && runes(str(el, "initial_value")) > int(maxLen) {
			c.errorf("%s: initial value longer than max_length", where)
		}
	case "button":
		if runes(str(el, "text", "text")) > maxOptionText || runes(str(el, "value")) > 2000 {
			c.errorf("%s: button text or value too long", where)
		}
	}
	opts := list(el, "options")
	for _, g := range list(el, "option_groups") {
		if runes(str(g, "label", "text")) > maxOptionText {
			c.errorf("%s: option group label too long", where)
		}
		if len(list(g, "options")) > maxOptions {
			c.errorf("%s: group of %d options", where, len(list(g, "options")))
		}
		opts = append(opts, list(g, "options")...)
	}
	if len(list(el, "option_groups")) > maxOptions {
		c.errorf("%s: too many option groups", where)
	}
	switch el["type"] {
	case "radio_buttons", "checkboxes":
		if len(opts) > 10 {
			c.errorf("%s: %d options", where, len(opts))
		}
	case "static_select":
		if len(list(el, "options")) > maxOptions {
			c.errorf("%s: %d options", where, len(opts))
		}
	}
	for _, o := range opts {
		if runes(str(o, "text", "text")) > maxOptionText || runes(str(o, "description", "text")) > maxOptionText || runes(str(o, "value")) > maxOptionText {
			c.errorf("%s: option %q too long", where, str(o, "value"))
		}
	}
}

// worstAnswers fills every question of c to its bounds, with the text that
// grows most when escaped.
func worstAnswers(c bot.Category) bot.Answers {
	a := bot.Answers{}
	for _, q := range bot.QuestionsFor(c) {
		switch q.Kind {
		case bot.KindText, bot.KindParagraph:
			a[q.ID] = []string{strings.Repeat("&", q.MaxLen)}
		case bot.KindUsers:
			for i := range q.MaxItems {
				a[q.ID] = append(a[q.ID], fmt.Sprintf("U%08d", i))
			}
		case bot.KindChoice, bot.KindTick:
			a[q.ID] = []string{q.Options[0].Value}
		case bot.KindMulti:
			for _, o := range q.Options {
				a[q.ID] = append(a[q.ID], o.Value)
			}
		}
	}
	return a
}

func bigConfig(units int) *bot.Config {
	cfg := &bot.Config{CasePrefix: "INC", Timezone: time.UTC, Language: bot.Swedish}
	for i := range units {
		cfg.Units = append(cfg.Units, bot.Unit{ID: fmt.Sprintf("unit-%03d", i),
			Name: strings.Repeat("Å", 70) + fmt.Sprintf("%03d", i), Coordinators: []string{"UCOORD1"}, Channel: "CCASES1"})
	}
	cfg.Independent = &bot.Function{Name: strings.Repeat("Ö", 75), Coordinators: []string{"UIND1", "UIND2"}, Channel: "CIND"}
	return cfg
}

func TestEverySurfaceFitsBlockKitLimits(t *testing.T) {
	now := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	routes := map[string]bot.Route{
		"channel":     {Coordinators: []string{"UCOORD1", "UCOORD2"}, Channel: "CCASES1"},
		"dm":          {Coordinators: []string{"UCOORD1", "UCOORD2", "UCOORD3"}},
		"escalated":   {Coordinators: []string{"UHEAD1"}, Escalated: true, Reason: bot.ReasonReportingLine},
		"independent": {Coordinators: []string{"UIND1", "UIND2"}, Channel: "CIND", Escalated: true, Independent: true, Reason: bot.ReasonEscalationInvolved},
		"unreachable": {Escalated: true, Reason: bot.ReasonCoordinatorInvolved},
	}
	for _, units := range []int{1, 100, 150} {
		cfg := bigConfig(units)
		for _, l := range []bot.Lang{bot.Swedish, bot.English} {
			for _, info := range bot.Categories {
				name := fmt.Sprintf("%d units/%s/%s", units, l, info.ID)
				src := &bot.MessageSource{Channel: "C1", TS: "1.2", Permalink: "https://x.slack.com/archives/C1/p12" + strings.Repeat("9", 100), Truncated: true}
				d := bot.Draft{Nonce: bot.NewNonce(), User: "UREP", StepOne: bot.StepOne{Category: info.ID, Unit: cfg.Units[units-1].ID,
					OccurredAt: now.Add(-time.Hour), DiscoveredAt: now}, Answers: worstAnswers(info.ID), Source: src, Step: 2, UpdatedAt: now}
				checker{t, name + "/step one"}.modal(stepOneView(d, cfg, l, true))
				checker{t, name + "/step one new"}.modal(stepOneView(bot.Draft{Nonce: d.Nonce}, cfg, l, false))
				if units > 1 {
					// The unit list is all that grows with units; the rest
					// is walked once, with one.
					continue
				}
				checker{t, name + "/step two"}.modal(stepTwoView(d, l))
				checker{t, name + "/step two empty"}.modal(stepTwoView(bot.Draft{Nonce: d.Nonce, StepOne: d.StepOne}, l))
				if info.ID == bot.ThreatViolence {
					d.Answers[bot.QTVDanger] = []string{bot.Yes}
				}
				for rn, r := range routes {
					checker{t, name + "/review/" + rn}.modal(reviewView(d, r, cfg, l))
					c := bot.Case{ID: "INC-2026-12345", Status: bot.StatusNew, Category: info.ID, Severity: bot.Critical,
						Regimes: []bot.Regime{bot.LexSarah, bot.GDPRBreach, bot.WorkEnvironmentSerious, bot.PoliceReport},
						Unit:    d.Unit, Reporter: bot.AnonymousReporter, CreatedAt: now, OccurredAt: now, DiscoveredAt: now,
						ImmediateDanger: true, Route: r}
					checker{t, name + "/done/" + rn}.modal(doneView(c, l))
					checker{t, name + "/receipt/" + rn}.message(receiptMessage(c, cfg, l))
					for _, st := range []bot.Status{bot.StatusNew, bot.StatusAcknowledged, bot.StatusEscalated, bot.StatusClosed} {
						c.Status, c.Assignee, c.AckBy, c.EscalatedBy, c.ClosedBy, c.Decision = st, "UASSIGNEE1", "UACK1", "UESC1", "UCLOSE1", bot.DecisionSeriousRisk
						checker{t, name + "/card/" + rn + "/" + string(st)}.message(caseCard(c, cfg, l, now.Add(100*time.Hour)))
					}
					checker{t, name + "/escalate"}.modal(escalateView(c, []string{bot.EscalateToLine, bot.EscalateToIndependent}, cfg, l))
					checker{t, name + "/escalate nowhere"}.modal(escalateView(c, nil, cfg, l))
					checker{t, name + "/note"}.modal(noteView(c, l))
					checker{t, name + "/notify"}.modal(notifyView(c, cfg, now, l))
					checker{t, name + "/confirm accept"}.modal(confirmAcceptView(c, bot.Weakening{From: bot.Critical, To: bot.Low, Removed: c.Regimes}, l))
					open := c
					open.Status, open.Route.Independent = bot.StatusNew, true
					rs := remind.Reminders(open, cfg)
					if len(rs) < 4 {
						t.Errorf("%s: %d reminders to check", name, len(rs))
					}
					for _, r := range rs {
						checker{t, name + "/reminder " + r.Key()}.message(reminderMessage(open, r, cfg, true, l))
						checker{t, name + "/reminder info " + r.Key()}.message(reminderMessage(open, r, cfg, false, l))
					}
					checker{t, name + "/close"}.modal(closeView(c, l))
					long := strings.Repeat("Å", 100)
					worst := c
					worst.Investigation = &bot.Investigation{StartedAt: now, Investigator: bot.Signature{Name: long, Title: long}, RegistryNumber: strings.Repeat("9", 50)}
					kinds := func(id string) []string {
						q, _ := bot.QuestionByID(bot.PersonalData, id)
						var vs []string
						for _, o := range q.Options {
							vs = append(vs, o.Value)
						}
						return vs
					}
					worst.Breach = &bot.Breach{Whose: kinds(bot.QPDWhose), Kinds: kinds(bot.QPDDataKind), Count: "101+", How: "other",
						Recipient: strings.Repeat("&", 500), RecipientBound: bot.Unknown, Consequences: strings.Repeat("<", 3000),
						Measures: strings.Repeat(">", 3000), Risk: bot.RiskHigh, Reasoning: strings.Repeat("&", 3000), Informed: bot.InformedYes,
						InformedAt: now, AssessedAt: now}
					checker{t, name + "/close with record"}.modal(closeView(worst, l))
					checker{t, name + "/investigate"}.modal(investigateView(c, cases.InvestigationInput{Name: long, Title: long}, cfg.Location(), l))
					checker{t, name + "/investigation"}.modal(investigateView(worst, cases.InvestigationInput{Name: long, Title: long}, cfg.Location(), l))
					checker{t, name + "/breach"}.modal(breachView(worst, *worst.Breach, l))
					checker{t, name + "/breach empty"}.modal(breachView(c, bot.Breach{}, l))
					checker{t, name + "/card with record"}.message(caseCard(worst, cfg, l, now))
					checker{t, name + "/details with record"}.modal(detailsView(worstDetails(worst, d.Answers, src, now), cfg, l))
					checker{t, name + "/classify"}.modal(classifyView(c, l))
					c.Suggestion = &bot.Suggestion{Category: bot.Confidentiality, Severity: bot.Critical, Confidence: 0.999,
						Regimes: []bot.Regime{bot.LexSarah, bot.GDPRBreach, bot.WorkEnvironmentSerious, bot.PoliceReport},
						Cues:    []string{strings.Repeat("&", 3000)}, Source: "rules (llm failed: timeout)"}
					checker{t, name + "/card with suggestion"}.message(caseCard(c, cfg, l, now))
					checker{t, name + "/details"}.modal(detailsView(worstDetails(c, d.Answers, src, now), cfg, l))
				}
			}
			var cases []bot.Case
			var drafts []bot.Draft
			for i := range 40 {
				cases = append(cases, bot.Case{ID: bot.FormatCaseID("INC", 2026, int64(10000+i)), Category: bot.Confidentiality, Status: bot.StatusAcknowledged, CreatedAt: now})
				drafts = append(drafts, bot.Draft{Nonce: bot.NewNonce(), StepOne: bot.StepOne{Category: bot.Confidentiality}, UpdatedAt: now})
			}
			checker{t, "home"}.home(homeView(homeData{Drafts: drafts, Cases: cases, Queue: cases, Now: now, Embedded: true, Manager: true}, cfg, l))
			checker{t, "home paused"}.home(homeView(homeData{Manager: true, Paused: true}, cfg, l))
			checker{t, "home dpo"}.home(homeView(homeData{Drafts: drafts, Cases: cases, Queue: cases, Now: now, Embedded: true, Manager: true, DPO: true}, cfg, l))
			checker{t, "home down"}.home(homeView(homeData{StoreDown: true, Embedded: true}, cfg, l))
			checker{t, "home empty"}.home(homeView(homeData{}, cfg, l))
			checker{t, "status"}.message(statusMessage(cases[:statusLimit], cfg, l))
			checker{t, "status none"}.message(statusMessage(nil, cfg, l))
			checker{t, "help"}.message(helpMessage("/report", true, l))
			checker{t, "notice"}.modal(noticeView(txt.StoreDown, l))
		}
	}
}

func TestUnitSelectGroupsPastOneHundred(t *testing.T) {
	sel := unitSelect(bigConfig(150), "unit-120", bot.Swedish)
	if len(sel.Options) != 0 || len(sel.OptionGroups) != 2 || len(sel.OptionGroups[1].Options) != 50 {
		t.Errorf("150 units: %d options, %d groups", len(sel.Options), len(sel.OptionGroups))
	}
	if sel.InitialOption == nil || sel.InitialOption.Value != "unit-120" {
		t.Errorf("initial option = %+v", sel.InitialOption)
	}
	if sel := unitSelect(bigConfig(100), "", bot.English); len(sel.Options) != 100 || sel.OptionGroups != nil {
		t.Error("100 units should be one flat list")
	}
}

func TestChunksNeverSplitAnEscape(t *testing.T) {
	for _, s := range []string{"", "abc", strings.Repeat("&", 3000), strings.Repeat("a<b>", 1000), strings.Repeat("å", 5000)} {
		got := chunks(s, 2900)
		joined := strings.Join(got, "")
		if joined != esc(s) {
			t.Errorf("chunks of %d characters do not join to the escaped text", runes(s))
		}
		for _, c := range got {
			if runes(c) > 2900 {
				t.Errorf("chunk of %d characters", runes(c))
			}
			if i := strings.LastIndex(c, "&"); i >= 0 && !strings.Contains(c[i:], ";") {
				t.Errorf("chunk ends inside an escape: %q", c[max(0, len(c)-8):])
			}
		}
	}
}

func TestUserTextIsEscapedEverywhere(t *testing.T) {
	evil := "<!channel> <@U999> <https://evil.test|ok> & more"
	cfg := &bot.Config{Timezone: time.UTC, Units: []bot.Unit{{ID: "u", Name: "Unit <!here>"}}}
	d := bot.Draft{Nonce: "n1234567890", StepOne: bot.StepOne{Category: bot.Confidentiality, Unit: "u"}, Answers: bot.Answers{
		bot.QDescription: {evil}, bot.QCOWhat: {evil}, bot.QCOTo: {evil}, bot.QInvolvedOther: {evil}}}
	c := bot.Case{ID: "INC-2026-0001", Category: bot.Confidentiality, Unit: "u"}
	surfaces := map[string]any{
		"review":  reviewView(d, bot.Route{Coordinators: []string{"UC1"}}, cfg, bot.Swedish),
		"card":    caseCard(c, cfg, bot.Swedish, time.Now()).Blocks,
		"receipt": receiptMessage(c, cfg, bot.Swedish).Blocks,
	}
	for name, s := range surfaces {
		js, _ := json.Marshal(s)
		for _, bad := range []string{"<!channel>", "<!here>", "<@U999>", "<https://evil.test"} {
			if strings.Contains(string(js), strings.ReplaceAll(bad, "<", `\u003c`)) || strings.Contains(string(js), bad) {
				t.Errorf("%s carries unescaped %s", name, bad)
			}
		}
	}
}

type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestCheckerCatchesViolations(t *testing.T) {
	r := &recorder{TB: t}
	var blocks []slack.Block
	for range 101 {
		blocks = append(blocks, section(strings.Repeat("x", 3001)))
	}
	bad := slack.ModalViewRequest{Type: slack.VTModal, Title: plain(strings.Repeat("t", 25)), Blocks: slack.Blocks{BlockSet: blocks}}
	checker{r, "bad"}.modal(bad)
	want := []string{"title is 25", "101 blocks", "text of 3001"}
	for _, w := range want {
		found := false
		for _, e := range r.errs {
			found = found || strings.Contains(e, w)
		}
		if !found {
			t.Errorf("checker missed %q; reported %d problems", w, len(r.errs))
		}
	}
}

// worstDetails is a closed case at its largest: every answer at its bound,
// more notes than the view shows, every closure text full.
func worstDetails(c bot.Case, a bot.Answers, src *bot.MessageSource, now time.Time) bot.Details {
	long := strings.Repeat("&", 3000)
	d := bot.Details{Case: c, Report: bot.Report{Answers: a, Source: src}, Closure: &bot.Closure{
		Decision: bot.DecisionSerious, RootCauseText: long, ActionsTaken: long, ActionsPlanned: long, FollowUp: long}}
	for i := range 30 {
		d.Notes = append(d.Notes, bot.Note{Number: i + 1, At: now, Text: strings.Repeat("<", 300), Source: strings.Repeat("&", 300),
			Kind: bot.NoteAssessment, Attachment: strings.Repeat("x", 100), By: bot.Signature{User: "U1", Name: strings.Repeat("N", 80), Title: strings.Repeat("T", 80)}})
	}
	return d
}
