package store

// Key layout. Every key starts with the namespace (Options.Namespace,
// default "ib"); the examples use "ib" and the year 2026.
//
// The store is designed for Redis Cluster: keys that one script or
// transaction touches share a hash tag (the part in braces), so they live
// in one slot.
//
// Case-year slot, tag {ib:2026}, where 2026 is the year part of the case id:
//
//	{ib:2026}:seq                     string  INCR sequence of the year's case ids
//	{ib:2026}:case:<ID>               hash    one field per scalar Case field (see codec.go)
//	{ib:2026}:report:<ID>             string  JSON of bot.Report: the sensitive free text,
//	                                          kept apart so listing cases never loads it
//	{ib:2026}:relay:<ID>              string  the real reporter's Slack user, also for
//	                                          anonymous cases; never part of the Case
//	{ib:2026}:log:<ID>                stream  the case's audit trail: at, actor, action, fields
//	{ib:2026}:notes:<ID>              list    the running log: JSON of bot.Note; its number is
//	                                          its position, counted from 1
//	{ib:2026}:messages:<ID>           list    the relay to the reporter: JSON of bot.Message;
//	                                          its number is its position, counted from 1
//	{ib:2026}:refusals:<ID>           hash    "<actor>|<attempt>|<reason>" -> how often it was refused;
//	                                          the history records the 1st, 2nd, 4th, 8th…
//	{ib:2026}:closure:<ID>            string  JSON of bot.Closure once the case is closed
//	{ib:2026}:audit                   stream  every audit entry of the year's cases, plus case
//	{ib:2026}:submission:<nonce>      string  the case id created from a draft nonce; 30 days
//	{ib:2026}:idx:unit:<unit>         zset    case ids scored by created_at unix ms
//	{ib:2026}:idx:status:<status>     zset    likewise
//	{ib:2026}:idx:week:<YYYY-Www>     zset    likewise; the week is the case's ISO week,
//	                                          whose year may differ from the tag's
//	{ib:2026}:idx:reporter:<user>     zset    likewise, by the real reporter (ReporterUser);
//	                                          anonymous cases under the hash of
//	                                          "anonymous:<user>", apart from named ones
//	{ib:2026}:pending                 zset    cases whose receipt or cards are not all sent
//	{ib:2026}:stats:<week>:<unit>     hash    counters of the ISO week for the unit, of this
//	                                          year's cases: created:<category>, closed:<decision>,
//	                                          ack_h:<bucket>, close_h:<bucket>, ivo, imy,
//	                                          suggestions, agreed (bot/stats.go names them)
//	{ib:2026}:statsx:<week>:<unit>:<manager>  hash  the same counters of only the cases hidden
//	                                          from manager (implicated in them), which their
//	                                          digest subtracts
//	{ib:2026}:hidden:<manager>        set     the year's cases hidden from manager's digest
//	{ib:2026}:open:<unit>:<status>    zset    the unit's open cases in status new, acknowledged or
//	                                          escalated, scored by created_at ms (age buckets)
//	{ib:2026}:assigned:<user>         zset    the open cases assigned to user, scored by created_at ms
//	                                          (a coordinator's queue reads it beside the units' open:)
//	{ib:2026}:ackdue:<unit>           zset    the unit's new cases scored by acknowledgement due ms
//	{ib:2026}:clockdue:<unit>         zset    "<ID>|<regime>" of open cases scored by the regulatory
//	                                          deadline ms; the case hash's clock_due field lists them
//	{ib:2026}:lease:deliver:<ID>      string  SET NX PX lease of the one delivering a case: its
//	                                          holder's name, renewed while it works
//	{ib:2026}:tries                   hash    "d:<ID>" and "a:<ID>|<event>": claims of a delivery
//	                                          or announcement since it was queued
//	{ib:2026}:retry                   hash    the same fields: when a failed one is due again
//	{ib:2026}:announce                zset    cases with changes not yet announced (cards redrawn,
//	                                          reporter told, new people given the card), scored by
//	                                          the latest such change's time ms
//	{ib:2026}:announcing:<ID>         hash    event -> the case version that queued it; the update
//	                                          script sets it, an announcement of that version or
//	                                          later deletes it, and the case leaves announce when
//	                                          none is left
//	{ib:2026}:remind                  zset    cases to be looked at for reminders, scored by when (ms):
//	                                          every change sets it to its time; a look sets the next
//	                                          reminder's time, or a lease while a replica looks
//	{ib:2026}:reminded:<ID>           set     "<clock>|<threshold>" of the reminders sent for the case,
//	                                          and "<clock>|<threshold>|<user>" of each one sent to
//	                                          someone while others were still to get it
//	{ib:2026}:lease:remind:<ID>       string  SET NX PX lease of the replica looking at the case
//	{ib:2026}:lease:announce:<ID>|<event>|<version>  string  lease of the one announcing that
//	                                          event as queued at that version
//
// User slot, tag {ib:u:<user>}:
//
//	{ib:u:U123}:draft:<nonce>         string  JSON of bot.Draft, expires with the draft TTL
//	{ib:u:U123}:drafts                zset    the user's draft nonces scored by UpdatedAt ms;
//	                                          lives as long as the longest-lived draft
//	{ib:u:U123}:prefs                 hash    small choices; field "unit" is the last unit
//	{ib:u:U123}:view:<view id>        string  a dialog view the user submitted; a day, so the same
//	                                          submission sent again changes nothing
//
// Global, no tag:
//
//	ib:datakey                        string  the id (not the key) of the data key the data is sealed
//	                                          with; a bot with another key refuses to start
//	ib:indexkey                       string  the key of the hashes that name users in key names,
//	                                          sealed with the data key; it outlives key changes
//	ib:years                          set     the years that have cases; open cases are looked
//	                                          for in all of them
//	ib:started                        string  unix ms of the bot's first start against this store
//	                                          (0: it held cases before this was kept); a digest due
//	                                          before it is not sent late
//	ib:retention:<YYYY-MM-DD>         string  "claim:<holder>" while a replica runs the day's culling
//	                                          (with a lease), "done" after; two days
//	ib:event:<event_id>               string  Slack Events API event ids already handled
//	ib:digest:<week>:<manager>        string  "claim:<holder>" while a replica sends the week's
//	                                          digest (with a lease, extended while it sends),
//	                                          "sent" once its text is posted
//	ib:digest-retry:<week>:<manager>  hash    failed sends of the week's digest: "failures" and
//	                                          "at", ms before which it is not tried again; 14 days
//
// Every key is built by one method of keyspace below; the Lua scripts
// build none and get every key they touch in KEYS. (A new case's id is the
// sequence's next number, read before the create script runs, which
// refuses and is tried again when another case took that number.)

import (
	"strconv"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
)

// keyspace builds every key of one namespace.
type keyspace struct {
	ns string
	// hash, when set, names users in key names (seal.Sealer.Hash).
	hash func(string) string
}

// key joins a hash tag and parts: key("2026", "case", id) is
// "{ib:2026}:case:<id>"; key("2026") alone is the prefix "{ib:2026}:".
// An empty tag gives an untagged global key "ib:<parts>".
func (k keyspace) key(tag string, parts ...string) string {
	if tag == "" {
		return k.ns + ":" + strings.Join(parts, ":")
	}
	return "{" + k.ns + ":" + tag + "}:" + strings.Join(parts, ":")
}

func yearTag(year int) string { return strconv.Itoa(year) }

// userTag is the hash tag of a user's keys: the user's id, or with a data
// key its keyed hash, so that no key names a reporter.
func (k keyspace) userTag(user string) string {
	if k.hash != nil {
		user = k.hash(user)
	}
	return "u:" + user
}

func (k keyspace) seq(year int) string { return k.key(yearTag(year), "seq") }

// stats is a week and unit's counters, "<week>:<unit>"; "" gives the prefix.
func (k keyspace) stats(year int, weekUnit string) string {
	return k.key(yearTag(year), "stats") + ":" + weekUnit
}

// statsHidden is the figures of the week and unit kept apart for a manager
// from whom the cases that count in them are hidden.
func (k keyspace) statsHidden(year int, week, unit, manager string) string {
	return k.key(yearTag(year), "statsx", week, unit, manager)
}

// hidden is the set of the year's cases hidden from a manager's digest.
func (k keyspace) hidden(year int, manager string) string {
	return k.key(yearTag(year), "hidden", manager)
}

func (k keyspace) audit(year int) string   { return k.key(yearTag(year), "audit") }
func (k keyspace) pending(year int) string { return k.key(yearTag(year), "pending") }

func (k keyspace) submission(year int, nonce string) string {
	return k.key(yearTag(year), "submission", nonce)
}

// index is one of the sorted sets of case ids: by unit, status, week or reporter.
func (k keyspace) index(year int, kind, value string) string {
	return k.key(yearTag(year), "idx", kind, value)
}

// reporterIndex is the index of the cases user reported, by the keyed hash
// of the user. Anonymous cases have an index of their own, under another
// hash, so that no index puts an anonymous case beside a named case of the
// same person, whose reporter is in the clear.
func (k keyspace) reporterIndex(year int, user string, anonymous bool) string {
	if anonymous {
		user = "anonymous:" + user
	}
	if k.hash != nil {
		user = k.hash(user)
	}
	return k.index(year, idxReporter, user)
}

// Index kinds.
const (
	idxUnit     = "unit"
	idxStatus   = "status"
	idxWeek     = "week"
	idxReporter = "reporter"
)

// ofCase builds a key named after a case id, in the slot of the id's year.
func (k keyspace) ofCase(id bot.CaseID, kind string) string {
	return k.key(yearTag(id.Year()), kind, string(id))
}

func (k keyspace) caseHash(id bot.CaseID) string { return k.ofCase(id, "case") }
func (k keyspace) report(id bot.CaseID) string   { return k.ofCase(id, "report") }
func (k keyspace) relay(id bot.CaseID) string    { return k.ofCase(id, "relay") }
func (k keyspace) log(id bot.CaseID) string      { return k.ofCase(id, "log") }
func (k keyspace) notes(id bot.CaseID) string    { return k.ofCase(id, "notes") }
func (k keyspace) closure(id bot.CaseID) string  { return k.ofCase(id, "closure") }
func (k keyspace) messages(id bot.CaseID) string { return k.ofCase(id, "messages") }
func (k keyspace) refusals(id bot.CaseID) string { return k.ofCase(id, "refusals") }

func (k keyspace) lease(id bot.CaseID) string {
	return k.key(yearTag(id.Year()), "lease", "deliver", string(id))
}

func (k keyspace) draft(user, nonce string) string { return k.key(k.userTag(user), "draft", nonce) }
func (k keyspace) drafts(user string) string       { return k.key(k.userTag(user), "drafts") }
func (k keyspace) prefs(user string) string        { return k.key(k.userTag(user), "prefs") }
func (k keyspace) view(user, view string) string   { return k.key(k.userTag(user), "view", view) }

func (k keyspace) event(id string) string { return k.key("", "event", id) }
func (k keyspace) years() string          { return k.key("", "years") }
func (k keyspace) dataKey() string        { return k.key("", "datakey") }
func (k keyspace) started() string        { return k.key("", "started") }
func (k keyspace) indexKey() string       { return k.key("", "indexkey") }
func (k keyspace) retention(day string) string {
	return k.key("", "retention", day)
}

func (k keyspace) digest(week, manager string) string { return k.key("", "digest", week, manager) }

func (k keyspace) open(year int, unit string, st bot.Status) string {
	return k.key(yearTag(year), "open", unit, string(st))
}
func (k keyspace) openAssigned(year int, user string) string {
	return k.key(yearTag(year), "assigned", user)
}
func (k keyspace) announce(year int) string { return k.key(yearTag(year), "announce") }

// tries counts, per delivery ("d:<ID>") and announcement ("a:<ID>|<event>"),
// the claims since it was queued; retry holds when a failed one is due
// again, unix ms.
func (k keyspace) tries(year int) string { return k.key(yearTag(year), "tries") }
func (k keyspace) retry(year int) string { return k.key(yearTag(year), "retry") }

func deliveryJob(id bot.CaseID) string              { return "d:" + string(id) }
func announceJob(id bot.CaseID, e bot.Event) string { return "a:" + string(id) + "|" + string(e) }
func (k keyspace) remind(year int) string           { return k.key(yearTag(year), "remind") }
func (k keyspace) reminded(id bot.CaseID) string    { return k.ofCase(id, "reminded") }
func (k keyspace) remindLease(id bot.CaseID) string {
	return k.key(yearTag(id.Year()), "lease", "remind", string(id))
}
func (k keyspace) announcing(id bot.CaseID) string { return k.ofCase(id, "announcing") }
func (k keyspace) announceLease(id bot.CaseID, e bot.Event, version int64) string {
	return k.key(yearTag(id.Year()), "lease", "announce", string(id)+"|"+string(e)+"|"+strconv.FormatInt(version, 10))
}
func (k keyspace) ackDue(year int, unit string) string { return k.key(yearTag(year), "ackdue", unit) }
func (k keyspace) clockDue(year int, unit string) string {
	return k.key(yearTag(year), "clockdue", unit)
}
