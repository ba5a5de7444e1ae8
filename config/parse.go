package config

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/robfig/cron/v3"

	"github.com/incidentbot/incidentbot/bot"
	"go.yaml.in/yaml/v3"
)

// Defaults for the keys a configuration file may leave out.
const (
	DefaultCasePrefix = "INC"
	DefaultTimezone   = "Europe/Stockholm"
	DefaultLanguage   = bot.Swedish
	DefaultDraftDays  = int(bot.DefaultDraftTTL / (24 * time.Hour))
)

// maxOptions is how many options Slack's static_select shows in one group.
const maxOptions = 100

// maxNameLen is Slack's limit on an option's text, where unit names appear.
const maxNameLen = 75

var (
	topKeys         = []string{"case_prefix", "timezone", "language", "draft_days", "ack_target_hours", "digest_schedule", "units", "routes", "independent", "retention", "dpo"}
	independentKeys = []string{"name", "coordinators", "channel"}
	unitKeys        = []string{"id", "name", "coordinators", "channel", "managers", "escalation", "ack_target_hours", "act", "committee", "lex_sarah"}
	// unitIDPattern keeps ids safe as Slack option values and log attributes.
	unitIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)
)

// Parse reads a configuration from data; name is the file name used in
// problems. It returns the warnings even when there are errors, so that
// check-config can show both.
func Parse(name string, data []byte) (*bot.Config, []string, error) {
	p := &parser{file: name}
	root := p.document(data)
	if root == nil {
		return nil, nil, p.err()
	}
	cfg := p.config(root)
	if err := p.err(); err != nil {
		return nil, p.warnings, err
	}
	return cfg, p.warnings, nil
}

func (p *parser) config(root *yaml.Node) *bot.Config {
	top, ok := p.mapping(root, "the configuration", topKeys)
	if !ok {
		return nil
	}
	cfg := &bot.Config{
		CasePrefix: p.casePrefix(top["case_prefix"]),
		Timezone:   p.timezone(root, top["timezone"]),
		Language:   p.language(top["language"]),
		DraftTTL:   time.Duration(p.draftDays(top["draft_days"])) * 24 * time.Hour,
		AckTarget:  p.ackTarget(top["ack_target_hours"]),
	}
	cfg.DigestSchedule = p.digestSchedule(top["digest_schedule"])
	var ids map[string]bool
	cfg.Independent = p.independent(top["independent"])
	cfg.Units, ids = p.units(root, top["units"], cfg.Independent != nil)
	cfg.Routes = p.routes(top["routes"], cfg.Units, ids)
	p.independentApart(top["independent"], cfg)
	cfg.Retention = p.retention(top["retention"], root, cfg.Independent != nil)
	cfg.DPO = p.users(top["dpo"])
	return cfg
}

// maxFunctionName keeps the independent function's name readable where it
// is offered to reporters, in an option of at most 75 characters.
const maxFunctionName = 50

// independent reads the function outside every unit's line; nil when the
// file has none.
func (p *parser) independent(f field) *bot.Function {
	if f.val == nil || isNull(deref(f.val)) {
		return nil
	}
	fields, ok := p.mapping(f.val, "independent", independentKeys)
	if !ok {
		return nil
	}
	n := deref(f.val)
	fn := &bot.Function{}
	fn.Name, ok = p.scalar(fields["name"])
	switch chars := utf8.RuneCountInString(fn.Name); {
	case !ok:
	case strings.TrimSpace(fn.Name) == "":
		p.errorf(at(n, fields["name"]), "independent: name is required; reporters see it, e.g. \"HR och visselblåsarfunktionen\"")
	case chars > maxFunctionName:
		p.errorf(fields["name"].val, "independent: name is %d characters; keep it to %d so reporters see it whole", chars, maxFunctionName)
	}
	fn.Coordinators = p.users(fields["coordinators"])
	if emptyList(fields["coordinators"]) {
		p.errorf(at(n, fields["coordinators"]), "independent: coordinators must list at least one Slack user id")
	}
	fn.Channel = p.channel(fields["channel"])
	return fn
}

// independentApart warns about an independent coordinator who is also in
// a unit's line: reports that go past that line leave them out.
func (p *parser) independentApart(f field, cfg *bot.Config) {
	if cfg.Independent == nil {
		return
	}
	for _, u := range cfg.Units {
		for _, who := range cfg.Independent.Coordinators {
			if slices.Contains(u.Coordinators, who) || slices.Contains(u.Escalation, who) || slices.Contains(u.Managers, who) {
				p.warnf(f.key, "independent: %s is also in the line of unit %q; reports that go past that line will not reach them", who, u.ID)
			}
		}
	}
}

func (p *parser) casePrefix(f field) string {
	s, ok := p.scalar(f)
	switch {
	case !ok:
	case s == "":
		return DefaultCasePrefix
	case !bot.ValidPrefix(s):
		p.errorf(f.val, "case_prefix %q must be a capital letter followed by at most 9 capital letters or digits, such as INC", s)
	}
	return s
}

// timezone loads the zone by name. The binary imports time/tzdata in main,
// so this works in a scratch image with no zoneinfo on disk.
func (p *parser) timezone(root *yaml.Node, f field) *time.Location {
	name, ok := p.scalar(f)
	if !ok {
		return nil
	}
	where := f.val
	if name == "" {
		name, where = DefaultTimezone, root
	}
	// "Local" would make deadlines depend on the host's settings.
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		p.errorf(where, "timezone %q is not a known IANA time zone such as Europe/Stockholm", name)
		return nil
	}
	return loc
}

func (p *parser) language(f field) bot.Lang {
	s, ok := p.scalar(f)
	switch l := bot.Lang(s); {
	case !ok:
	case s == "":
		return DefaultLanguage
	case l.Valid():
		return l
	default:
		p.errorf(f.val, "language %q must be sv or en", s)
	}
	return DefaultLanguage
}

func (p *parser) draftDays(f field) int {
	s, ok := p.scalar(f)
	if !ok || s == "" {
		return DefaultDraftDays
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 90 {
		p.errorf(f.val, "draft_days %q must be a whole number of days from 1 to 90", s)
		return DefaultDraftDays
	}
	return n
}

// digestSchedule reads when weekly digests go out: a standard five-field
// cron expression in the configured time zone, e.g. "0 8 * * 1" for
// Mondays at 08:00 (the default).
func (p *parser) digestSchedule(f field) bot.Schedule {
	s, ok := p.scalar(f)
	if !ok || s == "" {
		return nil
	}
	sched, err := cron.ParseStandard(s)
	if err != nil {
		p.errorf(f.val, "digest_schedule %q is not a cron expression (minute hour day-of-month month day-of-week, e.g. \"0 8 * * 1\"): %v", s, err)
		return nil
	}
	if strings.Contains(s, "TZ=") {
		p.errorf(f.val, "digest_schedule %q: leave out TZ=; the schedule follows timezone", s)
		return nil
	}
	return sched
}

// ackTarget reads how many hours a case may wait for acknowledgement; 0
// when not given, so the default or the file's own target applies.
func (p *parser) ackTarget(f field) time.Duration {
	s, ok := p.scalar(f)
	if !ok || s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 24*30 {
		p.errorf(f.val, "ack_target_hours %q must be a whole number of hours from 1 to 720", s)
		return 0
	}
	return time.Duration(n) * time.Hour
}

// units returns the units and every unit id the file names, valid or not,
// so that routes are not also blamed for a unit's mistake.
func (p *parser) units(root *yaml.Node, f field, independent bool) ([]bot.Unit, map[string]bool) {
	ids := make(map[string]bool)
	if f.val == nil {
		p.errorf(root, "units is required: list at least one unit")
		return nil, ids
	}
	items, ok := p.list(f, "[{id: ..., name: ..., coordinators: [...]}]")
	if !ok {
		return nil, ids
	}
	if len(items) == 0 {
		p.errorf(f.key, "units must list at least one unit")
	}
	if len(items) > maxOptions {
		p.warnf(f.key, "%d units: Slack's static_select shows at most %d options per group", len(items), maxOptions)
	}
	var units []bot.Unit
	idLine := make(map[string]int)
	nameLine := make(map[string]int)
	for _, it := range items {
		u, fields, ok := p.unit(it, independent)
		if !ok {
			continue
		}
		if u.ID != "" {
			ids[u.ID] = true
			if line, dup := idLine[u.ID]; dup {
				p.errorf(fields["id"].val, "duplicate unit id %q (first at line %d)", u.ID, line)
			} else {
				idLine[u.ID] = fields["id"].val.Line
			}
		}
		if key := strings.ToLower(strings.TrimSpace(u.Name)); key != "" {
			if line, dup := nameLine[key]; dup {
				p.warnf(fields["name"].val, "unit name %q is also used at line %d; reporters cannot tell the two apart", u.Name, line)
			} else {
				nameLine[key] = fields["name"].val.Line
			}
		}
		units = append(units, u)
	}
	return units, ids
}

// unit reads one unit; ok is false when it is not even a mapping. The id
// and name are kept even when invalid, so that duplicates and routes that
// name the unit are not reported twice. independent tells whether the
// file has an independent function.
func (p *parser) unit(n *yaml.Node, independent bool) (bot.Unit, map[string]field, bool) {
	fields, ok := p.mapping(n, "a unit", unitKeys)
	if !ok {
		return bot.Unit{}, nil, false
	}
	n = deref(n)
	var u bot.Unit
	u.ID, ok = p.scalar(fields["id"])
	switch {
	case !ok:
	case u.ID == "":
		p.errorf(n, "unit: id is required")
	case !unitIDPattern.MatchString(u.ID):
		p.errorf(fields["id"].val, "unit id %q must be lowercase letters, digits, - or _ (at most 63), starting with a letter or digit", u.ID)
	}
	label := "unit"
	if u.ID != "" {
		label = "unit " + strconv.Quote(u.ID)
	}
	u.Name, ok = p.scalar(fields["name"])
	switch chars := utf8.RuneCountInString(u.Name); {
	case !ok:
	case strings.TrimSpace(u.Name) == "":
		p.errorf(at(n, fields["name"]), "%s: name is required", label)
	case chars > maxNameLen:
		p.errorf(fields["name"].val, "%s: name is %d characters; Slack shows at most %d", label, chars, maxNameLen)
	}
	u.Coordinators = p.users(fields["coordinators"])
	if emptyList(fields["coordinators"]) {
		p.errorf(at(n, fields["coordinators"]), "%s: coordinators must list at least one Slack user id", label)
	}
	u.Channel = p.channel(fields["channel"])
	u.Managers = p.users(fields["managers"])
	u.Escalation = p.users(fields["escalation"])
	u.AckTarget = p.ackTarget(fields["ack_target_hours"])
	u.LexSarah = p.boolean(fields["lex_sarah"], label+": lex_sarah")
	u.Act, _ = p.scalar(fields["act"])
	u.Committee, _ = p.scalar(fields["committee"])
	if chars := utf8.RuneCountInString(u.Act + u.Committee); chars > 200 {
		p.errorf(at(n, fields["committee"]), "%s: act and committee are %d characters together; keep them under 200", label, chars)
	}
	if emptyList(fields["escalation"]) && !independent {
		p.errorf(at(n, fields["escalation"]), "%s has no escalation people and the configuration has no independent function: a report that implicates its coordinators or the reporter's own reporting line would reach no one who is not involved; add escalation people or an independent function", label)
	}
	return u, fields, true
}

// boolean reads true or false; absent is false.
func (p *parser) boolean(f field, what string) bool {
	s, ok := p.scalar(f)
	switch {
	case !ok || s == "":
		return false
	case s == "true":
		return true
	case s == "false":
		return false
	}
	p.errorf(f.val, "%s %q must be true or false", what, s)
	return false
}

// at is where to report a problem with f: its key, or the mapping n when
// the key is absent.
func at(n *yaml.Node, f field) *yaml.Node {
	if f.key != nil {
		return f.key
	}
	return n
}

// emptyList reports whether f is absent, null or an empty list; a value of
// the wrong type is reported elsewhere.
func emptyList(f field) bool {
	v := deref(f.val)
	return isNull(v) || v.Kind == yaml.SequenceNode && len(v.Content) == 0
}
