package store

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/seal"
)

// Fields of the case hash. Scalars are separate fields so that later
// compare-and-set scripts can read and write status and version alone.
const (
	fID           = "id"
	fStatus       = "status"
	fCategory     = "category"
	fSeverity     = "severity"
	fRegimes      = "regimes"
	fUnit         = "unit"
	fReporter     = "reporter"
	fAssignee     = "assignee"
	fAckBy        = "acknowledged_by"
	fCreatedAt    = "created_at"
	fOccurredAt   = "occurred_at"
	fDiscoveredAt = "discovered_at"
	fWeek         = "week"
	fDanger       = "immediate_danger"
	fRoute        = "route"
	fCards        = "cards"
	fReceiptSent  = "receipt_sent"
	fVersion      = "version"
	fInvolved     = "involved"
	fReportingLn  = "reporting_line"
	fAckAt        = "acknowledged_at"
	fEscalatedBy  = "escalated_by"
	fEscalatedAt  = "escalated_at"
	fEscalatedTo  = "escalated_to"
	fHiddenFrom   = "hidden_from"
	fInjured      = "injured"
	fNotified     = "notifications"
	fClosedBy     = "closed_by"
	fClosedAt     = "closed_at"
	fDecision     = "decision"
	fNotes        = "notes"
	fMessages     = "messages"
	fAnsweredAt   = "answered_at"
	fHold         = "legal_hold"
	fCulledAt     = "culled_at"
	fSuggestion   = "suggestion"
	fClassified   = "classification"
	fClassifiedBy = "classified_by"
	// fInvestigation and fBreach hold the investigation and the breach
	// record as JSON, sealed whole.
	fInvestigation = "investigation"
	fBreach        = "breach"
	// fClockDue holds the case's regulatory deadlines as the clock index
	// has them, "regime=ms,…", so a script can take them out again.
	fClockDue = "clock_due"
)

// caseFields encodes c as HSET field/value pairs, without id and version,
// which the store assigns.
func caseFields(c bot.Case, sl *seal.Sealer) ([]any, error) {
	route, err := json.Marshal(c.Route)
	if err != nil {
		return nil, fmt.Errorf("encode route: %w", err)
	}
	cards, err := encodeCards(c.Cards)
	if err != nil {
		return nil, err
	}
	regimes, err := joinRegimes(c.Regimes)
	if err != nil {
		return nil, err
	}
	suggestion, err := encodeSuggestion(c.ID, c.Suggestion, sl)
	if err != nil {
		return nil, err
	}
	notified, err := encodeNotifications(c.Notifications)
	if err != nil {
		return nil, err
	}
	hold, err := encodeHold(c.ID, c.Hold, sl)
	if err != nil {
		return nil, err
	}
	inv, err := encodeSealed(c.ID, fInvestigation, c.Investigation, sl)
	if err != nil {
		return nil, err
	}
	breach, err := encodeSealed(c.ID, fBreach, c.Breach, sl)
	if err != nil {
		return nil, err
	}
	return []any{
		fStatus, string(c.Status),
		fCategory, string(c.Category),
		fSeverity, string(c.Severity),
		fRegimes, regimes,
		fUnit, c.Unit,
		fReporter, c.Reporter,
		fAssignee, c.Assignee,
		fAckBy, c.AckBy,
		fCreatedAt, formatTime(c.CreatedAt),
		fOccurredAt, formatTime(c.OccurredAt),
		fDiscoveredAt, formatTime(c.DiscoveredAt),
		fWeek, c.Week,
		fDanger, formatBool(c.ImmediateDanger),
		fRoute, string(route),
		fCards, cards,
		fReceiptSent, formatBool(c.ReceiptSent),
		fInvolved, strings.Join(c.Involved, ","),
		fReportingLn, formatBool(c.ReportingLine),
		fAckAt, formatTime(c.AckAt),
		fEscalatedBy, c.EscalatedBy,
		fEscalatedAt, formatTime(c.EscalatedAt),
		fEscalatedTo, strings.Join(c.EscalatedTo, ","),
		fHiddenFrom, strings.Join(c.HiddenFrom, ","),
		fInjured, formatBool(c.Injured),
		fNotified, notified,
		fClosedBy, c.ClosedBy,
		fClosedAt, formatTime(c.ClosedAt),
		fDecision, string(c.Decision),
		fNotes, strconv.Itoa(c.Notes),
		fMessages, strconv.Itoa(c.Messages),
		fAnsweredAt, formatTime(c.AnsweredAt),
		fHold, hold,
		fCulledAt, formatTime(c.CulledAt),
		fSuggestion, suggestion,
		fClassified, c.Classification,
		fClassifiedBy, c.ClassifiedBy,
		fInvestigation, inv,
		fBreach, breach,
	}, nil
}

// encodeSealed is v's JSON sealed for field of case id, "" for nil.
func encodeSealed[T any](id bot.CaseID, field string, v *T, sl *seal.Sealer) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode %s: %w", field, err)
	}
	return sl.Seal(aad(id, field), string(b)), nil
}

// openSealed decodes what encodeSealed wrote; nil for "".
func openSealed[T any](id bot.CaseID, field, v string, sl *seal.Sealer) (*T, error) {
	if v == "" {
		return nil, nil
	}
	text, err := sl.Open(aad(id, field), v)
	if err != nil {
		return nil, fmt.Errorf("field %s: %w", field, err)
	}
	out := new(T)
	if err := json.Unmarshal([]byte(text), out); err != nil {
		return nil, fmt.Errorf("field %s: %w", field, err)
	}
	return out, nil
}

// joinRegimes stores regimes comma-joined, which no regime id contains.
func joinRegimes(rs []bot.Regime) (string, error) {
	ss := make([]string, len(rs))
	for i, r := range rs {
		if r == "" || strings.Contains(string(r), ",") {
			return "", fmt.Errorf("regime %q cannot be stored comma-joined", r)
		}
		ss[i] = string(r)
	}
	return strings.Join(ss, ","), nil
}

// encodeSuggestion is the suggestion's JSON with its cues, which are words
// of the report, sealed.
func encodeSuggestion(id bot.CaseID, s *bot.Suggestion, sl *seal.Sealer) (string, error) {
	if s == nil {
		return "", nil
	}
	out := *s
	if len(s.Cues) > 0 && sl != nil {
		cues, err := json.Marshal(s.Cues)
		if err != nil {
			return "", fmt.Errorf("encode suggestion: %w", err)
		}
		out.Cues = []string{sl.Seal(aad(id, fSuggestion), string(cues))}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", fmt.Errorf("encode suggestion: %w", err)
	}
	return string(b), nil
}

// aad binds a sealed value to its case and field.
func aad(id bot.CaseID, field string) string { return string(id) + "|" + field }

// openSuggestion opens a suggestion's sealed cues.
func openSuggestion(id bot.CaseID, s *bot.Suggestion, sl *seal.Sealer) error {
	if len(s.Cues) != 1 || !seal.Sealed(s.Cues[0]) {
		return nil
	}
	text, err := sl.Open(aad(id, fSuggestion), s.Cues[0])
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(text), &s.Cues)
}

// encodeHold is a legal hold's JSON, "" for none.
func encodeHold(id bot.CaseID, h *bot.Hold, sl *seal.Sealer) (string, error) {
	if h == nil {
		return "", nil
	}
	sealed := *h
	sealed.Reason = sl.Seal(aad(id, fHold), h.Reason)
	b, err := json.Marshal(sealed)
	if err != nil {
		return "", fmt.Errorf("encode legal hold: %w", err)
	}
	return string(b), nil
}

// parseCase decodes a case hash; an empty hash is a missing case.
func parseCase(h map[string]string, sl *seal.Sealer) (bot.Case, error) {
	if len(h) == 0 {
		return bot.Case{}, bot.ErrNotFound
	}
	c := bot.Case{
		ID:       bot.CaseID(h[fID]),
		Status:   bot.Status(h[fStatus]),
		Category: bot.Category(h[fCategory]),
		Severity: bot.Severity(h[fSeverity]),
		Unit:     h[fUnit],
		Reporter: h[fReporter],
		Assignee: h[fAssignee],
		AckBy:    h[fAckBy],
		Week:     h[fWeek],

		EscalatedBy:    h[fEscalatedBy],
		ClosedBy:       h[fClosedBy],
		Decision:       bot.Decision(h[fDecision]),
		Classification: h[fClassified],
		ClassifiedBy:   h[fClassifiedBy],
	}
	if sg := h[fSuggestion]; sg != "" {
		c.Suggestion = &bot.Suggestion{}
		if err := json.Unmarshal([]byte(sg), c.Suggestion); err != nil {
			return bot.Case{}, fmt.Errorf("field %s: %w", fSuggestion, err)
		}
		if err := openSuggestion(c.ID, c.Suggestion, sl); err != nil {
			return bot.Case{}, fmt.Errorf("field %s: %w", fSuggestion, err)
		}
	}
	if v := h[fInvolved]; v != "" {
		c.Involved = strings.Split(v, ",")
	}
	if v := h[fEscalatedTo]; v != "" {
		c.EscalatedTo = strings.Split(v, ",")
	}
	if v := h[fHiddenFrom]; v != "" {
		c.HiddenFrom = strings.Split(v, ",")
	}
	c.ReportingLine = h[fReportingLn] == "1"
	c.Notes, _ = strconv.Atoi(h[fNotes])
	c.Messages, _ = strconv.Atoi(h[fMessages])
	if v := h[fHold]; v != "" {
		c.Hold = &bot.Hold{}
		if err := json.Unmarshal([]byte(v), c.Hold); err != nil {
			return bot.Case{}, fmt.Errorf("field %s: %w", fHold, err)
		}
		reason, err := sl.Open(aad(c.ID, fHold), c.Hold.Reason)
		if err != nil {
			return bot.Case{}, fmt.Errorf("field %s: %w", fHold, err)
		}
		c.Hold.Reason = reason
	}
	var err error
	if c.Investigation, err = openSealed[bot.Investigation](c.ID, fInvestigation, h[fInvestigation], sl); err != nil {
		return bot.Case{}, err
	}
	if c.Breach, err = openSealed[bot.Breach](c.ID, fBreach, h[fBreach], sl); err != nil {
		return bot.Case{}, err
	}
	if r := h[fRegimes]; r != "" {
		for _, s := range strings.Split(r, ",") {
			c.Regimes = append(c.Regimes, bot.Regime(s))
		}
	}
	if c.CreatedAt, err = parseTime(h[fCreatedAt]); err != nil {
		return bot.Case{}, fmt.Errorf("field %s: %w", fCreatedAt, err)
	}
	if c.OccurredAt, err = parseTime(h[fOccurredAt]); err != nil {
		return bot.Case{}, fmt.Errorf("field %s: %w", fOccurredAt, err)
	}
	for _, t := range []struct {
		field string
		to    *time.Time
	}{{fDiscoveredAt, &c.DiscoveredAt}, {fAckAt, &c.AckAt}, {fEscalatedAt, &c.EscalatedAt}, {fClosedAt, &c.ClosedAt},
		{fAnsweredAt, &c.AnsweredAt}, {fCulledAt, &c.CulledAt}} {
		if *t.to, err = parseTime(h[t.field]); err != nil {
			return bot.Case{}, fmt.Errorf("field %s: %w", t.field, err)
		}
	}
	if route := h[fRoute]; route != "" {
		if err := json.Unmarshal([]byte(route), &c.Route); err != nil {
			return bot.Case{}, fmt.Errorf("field %s: %w", fRoute, err)
		}
	}
	if cards := h[fCards]; cards != "" {
		if err := json.Unmarshal([]byte(cards), &c.Cards); err != nil {
			return bot.Case{}, fmt.Errorf("field %s: %w", fCards, err)
		}
		if len(c.Cards) == 0 {
			c.Cards = nil
		}
	}
	c.ImmediateDanger = h[fDanger] == "1"
	c.Injured = h[fInjured] == "1"
	if v := h[fNotified]; v != "" {
		if err := json.Unmarshal([]byte(v), &c.Notifications); err != nil {
			return bot.Case{}, fmt.Errorf("field %s: %w", fNotified, err)
		}
	}
	c.ReceiptSent = h[fReceiptSent] == "1"
	if c.Version, err = strconv.ParseInt(h[fVersion], 10, 64); err != nil {
		return bot.Case{}, fmt.Errorf("field %s: %w", fVersion, err)
	}
	return c, nil
}

// encodeCards is always a JSON array, never null, so that recordCardScript
// can append to it as text.
func encodeCards(cards []bot.CardRef) (string, error) {
	if cards == nil {
		cards = []bot.CardRef{}
	}
	b, err := json.Marshal(cards)
	if err != nil {
		return "", fmt.Errorf("encode cards: %w", err)
	}
	return string(b), nil
}

// formatTime writes t in UTC; the zero time is "" so that "not given" is
// visible in the hash.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UTC(), err
}

func formatBool(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// Fields of an audit stream entry.
const (
	aAt     = "at"
	aActor  = "actor"
	aAction = "action"
	aFields = "fields"
	aCase   = "case"
)

// auditArgs are the ARGV a script passes to its audit function: at, actor,
// action and the fields as a JSON object, "" when there are none.
// auditArgs are an audit entry's script arguments; the one free text an
// entry holds, an escalation's reason, is sealed.
func auditArgs(id bot.CaseID, e bot.AuditEntry, sl *seal.Sealer) ([]any, error) {
	fields := ""
	if len(e.Fields) > 0 {
		if r, ok := e.Fields[bot.EscalationReasonField]; ok && sl != nil && e.Action == bot.ActionEscalated {
			e.Fields = maps.Clone(e.Fields)
			e.Fields[bot.EscalationReasonField] = sl.Seal(aad(id, "audit"), r)
		}
		b, err := json.Marshal(e.Fields)
		if err != nil {
			return nil, fmt.Errorf("encode audit fields: %w", err)
		}
		fields = string(b)
	}
	return []any{formatTime(e.At), e.Actor, e.Action, fields}, nil
}

// parseAudit decodes one stream entry.
func parseAudit(id bot.CaseID, v map[string]any, sl *seal.Sealer) (bot.AuditEntry, error) {
	str := func(k string) string { s, _ := v[k].(string); return s }
	at, err := parseTime(str(aAt))
	if err != nil {
		return bot.AuditEntry{}, fmt.Errorf("audit field %s: %w", aAt, err)
	}
	e := bot.AuditEntry{At: at, Actor: str(aActor), Action: str(aAction)}
	if f := str(aFields); f != "" {
		if err := json.Unmarshal([]byte(f), &e.Fields); err != nil {
			return bot.AuditEntry{}, fmt.Errorf("audit field %s: %w", aFields, err)
		}
		if r := e.Fields[bot.EscalationReasonField]; seal.Sealed(r) {
			if e.Fields[bot.EscalationReasonField], err = sl.Open(aad(id, "audit"), r); err != nil {
				return bot.AuditEntry{}, fmt.Errorf("audit field %s: %w", bot.EscalationReasonField, err)
			}
		}
	}
	return e, nil
}

// clocksLua adds or removes a case's deadlines in its unit's clock index;
// spec is "regime=ms,…".
const clocksLua = `
local function clocks(key, id, spec, add)
  for regime, ms in string.gmatch(spec, '([^=,]+)=(%d+)') do
    if add then
      redis.call('ZADD', key, ms, id .. '|' .. regime)
    else
      redis.call('ZREM', key, id .. '|' .. regime)
    end
  end
end
`

// clockSpec writes running deadlines as clocksLua reads them, "id=ms,…",
// sorted by clock id.
func clockSpec(cs map[bot.ClockID]time.Time) string {
	var parts []string
	for _, id := range slices.Sorted(maps.Keys(cs)) {
		if t := cs[id]; !t.IsZero() {
			parts = append(parts, string(id)+"="+strconv.FormatInt(t.UnixMilli(), 10))
		}
	}
	return strings.Join(parts, ",")
}

// encodeNotifications is the notifications as a JSON array, "" for none.
func encodeNotifications(ns []bot.Notification) (string, error) {
	if len(ns) == 0 {
		return "", nil
	}
	b, err := json.Marshal(ns)
	if err != nil {
		return "", fmt.Errorf("encode notifications: %w", err)
	}
	return string(b), nil
}

// countersLua adds counter steps to the figures kept per week and unit.
// Scripts include it and pass n steps: their keys from KEYS[k] on, and
// field and delta as two ARGV each from ARGV[i] on (counterArgs).
const countersLua = `
local function count(k, n, i)
  for j = 0, n - 1 do
    redis.call('HINCRBY', KEYS[k + j], ARGV[i + 2 * j], ARGV[i + 2 * j + 1])
  end
end
`

// counterArgs are a script's keys and ARGV for the counters of a case
// hidden from some managers: a stats key per counter, and per counter and
// manager the key of the figures kept apart for that manager, all in the
// slot of the case year; their number, then each one's field and delta.
func (k keyspace) counterArgs(year int, cs []bot.Counter, hiddenFrom []string) (keys []string, args []any) {
	args = []any{len(cs) * (1 + len(hiddenFrom))}
	for _, c := range cs {
		keys = append(keys, k.stats(year, c.Week+":"+c.Unit))
		args = append(args, c.Field, c.Delta)
		for _, m := range hiddenFrom {
			keys = append(keys, k.statsHidden(year, c.Week, c.Unit, m))
			args = append(args, c.Field, c.Delta)
		}
	}
	return keys, args
}

// auditLua appends an audit entry to a case's log and the year's audit
// stream. Scripts include it and pass the entry as four ARGV from index i,
// in the order of auditArgs.
const auditLua = `
local function audit(log, all, id, i)
  local e = {'at', ARGV[i], 'actor', ARGV[i+1], 'action', ARGV[i+2]}
  if ARGV[i+3] ~= '' then
    table.insert(e, 'fields')
    table.insert(e, ARGV[i+3])
  end
  local copy = {unpack(e)}
  table.insert(copy, 'case')
  table.insert(copy, id)
  -- The case's entry names its copy in the year's stream, so culling can
  -- find and replace it.
  local ref = redis.call('XADD', all, '*', unpack(copy))
  table.insert(e, 'ref')
  table.insert(e, ref)
  redis.call('XADD', log, '*', unpack(e))
end
`

// dropCopyLua removes from the year's stream the copy of a case log
// entry: the one its ref names or, for an entry from before copies were
// named, the one of the same case, time and action added in the same
// script, within a millisecond or two of the entry. fields is the entry's.
const dropCopyLua = `
local function dropCopy(all, entry, fields, ref, id)
  if ref then
    redis.call('XDEL', all, ref)
    return
  end
  local want = {case = id}
  for i = 1, #fields, 2 do
    if fields[i] == 'at' or fields[i] == 'action' then
      want[fields[i]] = fields[i + 1]
    end
  end
  local ms = tonumber(string.match(entry, '^(%d+)-'))
  for _, c in ipairs(redis.call('XRANGE', all, (ms - 2) .. '-0', (ms + 2) .. '-18446744073709551615')) do
    local got = {}
    for i = 1, #c[2], 2 do
      got[c[2][i]] = c[2][i + 1]
    end
    if got.case == want.case and got.at == want.at and got.action == want.action then
      redis.call('XDEL', all, c[1])
      return
    end
  end
end
`
