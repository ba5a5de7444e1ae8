package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// fakeStore is an in-memory Store with the same observable behaviour as the
// Redis one, for the domain's tests.
type fakeStore struct {
	mu          sync.Mutex
	seq         map[int]int64
	cases       map[CaseID]Case
	reports     map[CaseID]Report
	relay       map[CaseID]string
	history     map[CaseID][]AuditEntry
	submissions map[string]CaseID
	pending     map[CaseID]time.Time
	leases      map[CaseID]bool
	drafts      map[string]Draft
	units       map[string]string
	notes       map[CaseID][]Note
	closures    map[CaseID]Closure
	counts      map[string]int64
	deadlines   map[CaseID]Deadlines
	digests     map[string]string
	paused      map[string]bool
	// announcing holds the queued announcements: event -> version, and
	// when the latest was queued.
	announcing map[CaseID]map[Event]int64
	announceAt map[CaseID]time.Time
	announced  map[string]bool // leases
	down       bool
}

func newFakeStore() *fakeStore {
	return &fakeStore{
		seq: map[int]int64{}, cases: map[CaseID]Case{}, reports: map[CaseID]Report{},
		relay: map[CaseID]string{}, history: map[CaseID][]AuditEntry{},
		submissions: map[string]CaseID{}, pending: map[CaseID]time.Time{},
		leases: map[CaseID]bool{}, drafts: map[string]Draft{}, units: map[string]string{},
		notes: map[CaseID][]Note{}, closures: map[CaseID]Closure{}, counts: map[string]int64{},
		deadlines: map[CaseID]Deadlines{}, digests: map[string]string{}, paused: map[string]bool{},
		announcing: map[CaseID]map[Event]int64{}, announceAt: map[CaseID]time.Time{}, announced: map[string]bool{},
	}
}

func (f *fakeStore) CaseYears(_ context.Context) ([]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(); err != nil {
		return nil, err
	}
	var ys []int
	for id := range f.cases {
		if y := id.Year(); !slices.Contains(ys, y) {
			ys = append(ys, y)
		}
	}
	slices.Sort(ys)
	slices.Reverse(ys)
	return ys, nil
}

func (f *fakeStore) ClaimAnnouncement(_ context.Context, id CaseID, e Event, version int64, _ time.Duration) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(); err != nil {
		return false, err
	}
	k := fmt.Sprintf("%s|%s|%d", id, e, version)
	if f.announced[k] {
		return false, nil
	}
	f.announced[k] = true
	return true, nil
}

func (f *fakeStore) QueuedAnnouncement(_ context.Context, id CaseID, e Event) (int64, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(); err != nil {
		return 0, false, err
	}
	v, ok := f.announcing[id][e]
	return v, ok, nil
}

// releaseAnnouncements lets the test announce everything again, as when
// the leases have run out.
func (f *fakeStore) releaseAnnouncements() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.announced)
}

func (f *fakeStore) FinishAnnouncement(_ context.Context, id CaseID, e Event, version int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(); err != nil {
		return err
	}
	if v, ok := f.announcing[id][e]; ok && v <= version {
		delete(f.announcing[id], e)
	}
	if len(f.announcing[id]) == 0 {
		delete(f.announcing, id)
		delete(f.announceAt, id)
	}
	return nil
}

func (f *fakeStore) PendingAnnouncements(_ context.Context, _ []int, cutoff time.Time) ([]Announcement, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(); err != nil {
		return nil, err
	}
	var out []Announcement
	for id, events := range f.announcing {
		if f.announceAt[id].After(cutoff) {
			continue
		}
		for e, v := range events {
			out = append(out, Announcement{Case: id, Event: e, Version: v, At: f.announceAt[id]})
		}
	}
	slices.SortFunc(out, func(a, b Announcement) int {
		return cmp.Or(f.announceAt[a.Case].Compare(f.announceAt[b.Case]), strings.Compare(string(a.Case), string(b.Case)), strings.Compare(string(a.Event), string(b.Event)))
	})
	return out, nil
}

func (f *fakeStore) check() error {
	if f.down {
		return ErrUnavailable
	}
	return nil
}

func (f *fakeStore) CreateCase(_ context.Context, n NewCase) (Case, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(); err != nil {
		return Case{}, false, err
	}
	// Like Redis, the duplicate check sees only the year written to.
	if id, ok := f.submissions[n.Submission]; ok && id.Year() == n.Year {
		return f.cases[id], false, nil
	}
	f.seq[n.Year]++
	f.count(n.Counters)
	c := n.Case
	c.ID = FormatCaseID(n.Prefix, n.Year, f.seq[n.Year])
	c.Version = 1
	f.deadlines[c.ID] = n.Deadlines
	f.cases[c.ID] = c
	f.reports[c.ID] = n.Report
	f.relay[c.ID] = n.ReporterUser
	f.history[c.ID] = []AuditEntry{n.Audit}
	f.submissions[n.Submission] = c.ID
	f.pending[c.ID] = c.CreatedAt
	return c, true, nil
}

func (f *fakeStore) Case(_ context.Context, id CaseID) (Case, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(); err != nil {
		return Case{}, err
	}
	c, ok := f.cases[id]
	if !ok {
		return Case{}, ErrNotFound
	}
	return c, nil
}

func (f *fakeStore) CaseBySubmission(_ context.Context, nonce string, years ...int) (CaseID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id, ok := f.submissions[nonce]; ok && slices.Contains(years, id.Year()) {
		return id, nil
	}
	return "", ErrNotFound
}

func (f *fakeStore) CasesByReporter(_ context.Context, user string, _ []int, limit int) ([]Case, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Case
	for id, u := range f.relay {
		if u == user {
			out = append(out, f.cases[id])
		}
	}
	slices.SortFunc(out, func(a, b Case) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out[:min(limit, len(out))], nil
}

func (f *fakeStore) History(_ context.Context, id CaseID) ([]AuditEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.cases[id]; !ok {
		return nil, ErrNotFound
	}
	return slices.Clone(f.history[id]), nil
}

func (f *fakeStore) Ping(context.Context) error { return f.check() }

func (f *fakeStore) ClaimDelivery(_ context.Context, id CaseID, _ time.Duration) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.leases[id] {
		return false, nil
	}
	f.leases[id] = true
	return true, nil
}

func (f *fakeStore) release(id CaseID) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.leases, id)
}

func (f *fakeStore) ReporterUser(_ context.Context, id CaseID) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.relay[id]
	if !ok {
		return "", ErrNotFound
	}
	return u, nil
}

func (f *fakeStore) update(id CaseID, e AuditEntry, change func(*Case)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.cases[id]
	if !ok {
		return ErrNotFound
	}
	change(&c)
	c.Version++
	f.cases[id] = c
	f.history[id] = append(f.history[id], e)
	return nil
}

func (f *fakeStore) RecordReceipt(_ context.Context, id CaseID, e AuditEntry) error {
	return f.update(id, e, func(c *Case) { c.ReceiptSent = true })
}

func (f *fakeStore) RecordCard(_ context.Context, id CaseID, ref CardRef, e AuditEntry) error {
	return f.update(id, e, func(c *Case) { c.Cards = append(c.Cards, ref) })
}

func (f *fakeStore) FinishDelivery(_ context.Context, id CaseID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.pending, id)
	return nil
}

func (f *fakeStore) PendingDeliveries(_ context.Context, _ []int, cutoff time.Time) ([]CaseID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []CaseID
	for id, at := range f.pending {
		if !at.After(cutoff) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

func draftKey(user, nonce string) string { return user + "/" + nonce }

func (f *fakeStore) Draft(_ context.Context, user, nonce string) (Draft, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(); err != nil {
		return Draft{}, err
	}
	d, ok := f.drafts[draftKey(user, nonce)]
	if !ok {
		return Draft{}, fmt.Errorf("draft: %w", ErrNotFound)
	}
	return d, nil
}

func (f *fakeStore) Drafts(_ context.Context, user string) ([]Draft, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(); err != nil {
		return nil, err
	}
	var out []Draft
	for _, d := range f.drafts {
		if d.User == user {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b Draft) int { return b.UpdatedAt.Compare(a.UpdatedAt) })
	return out, nil
}

func (f *fakeStore) SaveDraft(_ context.Context, d Draft, _ time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(); err != nil {
		return err
	}
	f.drafts[draftKey(d.User, d.Nonce)] = d
	return nil
}

func (f *fakeStore) DeleteDraft(_ context.Context, user, nonce string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.drafts, draftKey(user, nonce))
	return nil
}

func (f *fakeStore) LastUnit(_ context.Context, user string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(); err != nil {
		return "", err
	}
	return f.units[user], nil
}

func (f *fakeStore) SetLastUnit(_ context.Context, user, unit string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.units[user] = unit
	return nil
}

// fakeNotifier records what was sent and fails while failing is set.
type fakeNotifier struct {
	mu       sync.Mutex
	receipts []string
	cards    []Target
	updates  []string
	told     []string
	digests  []Digest
	// unreachable managers fail SendDigest.
	unreachable map[string]bool
	failing     bool
	archived    bool // card updates fail, for good
	// onUpdate, when set, runs before an update is recorded, without the
	// lock: a change another coordinator makes meanwhile.
	onUpdate func()
}

func (n *fakeNotifier) SendDigest(_ context.Context, manager string, d Digest) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.unreachable[manager] {
		return fmt.Errorf("cannot reach %s", manager)
	}
	n.digests = append(n.digests, d)
	return nil
}

func (n *fakeNotifier) SendReceipt(_ context.Context, c Case, user string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.failing {
		return fmt.Errorf("slack down")
	}
	n.receipts = append(n.receipts, string(c.ID)+" "+user)
	return nil
}

func (n *fakeNotifier) PostCard(_ context.Context, c Case, t Target) (CardRef, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.failing {
		return CardRef{}, fmt.Errorf("slack down")
	}
	n.cards = append(n.cards, t)
	ch := t.Channel
	if ch == "" {
		ch = "D" + t.User
	}
	return CardRef{Channel: ch, TS: fmt.Sprintf("%d.0001", len(n.cards))}, nil
}

func (f *fakeStore) UpdateCase(_ context.Context, id CaseID, ch Change) (Case, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.cases[id]
	if !ok {
		return Case{}, false, ErrNotFound
	}
	if ch.To != "" && c.Status == ch.To || ch.Assignee != nil && c.Assignee == *ch.Assignee {
		return c, false, nil
	}
	if !slices.Contains(ch.From, c.Status) || ch.Version != 0 && ch.Version != c.Version {
		return c, false, ErrConflict
	}
	f.count(ch.Counters)
	if ch.Category != "" {
		c.Category = ch.Category
	}
	if ch.Severity != "" {
		c.Severity = ch.Severity
	}
	if ch.Regimes != nil {
		c.Regimes = *ch.Regimes
	}
	if ch.Suggestion != nil {
		c.Suggestion = ch.Suggestion
	}
	if ch.Deadlines != nil {
		d := f.deadlines[id]
		d.Clocks = ch.Deadlines.Clocks
		f.deadlines[id] = d
	}
	if ch.Classification != "" {
		c.Classification, c.ClassifiedBy = ch.Classification, ch.ClassifiedBy
	}
	if ch.To != "" {
		c.Status = ch.To
	}
	if ch.Assignee != nil {
		c.Assignee = *ch.Assignee
	}
	if ch.AckBy != "" {
		c.AckBy, c.AckAt = ch.AckBy, ch.AckAt
	}
	if ch.EscalatedBy != "" {
		c.EscalatedBy, c.EscalatedAt = ch.EscalatedBy, ch.EscalatedAt
	}
	if ch.ClosedBy != "" {
		c.ClosedBy, c.ClosedAt, c.Decision = ch.ClosedBy, ch.ClosedAt, ch.Decision
	}
	if ch.Closure != nil {
		f.closures[id] = *ch.Closure
	}
	c.Version++
	f.cases[id] = c
	f.history[id] = append(f.history[id], ch.Audit)
	if ch.Announce != "" {
		if f.announcing[id] == nil {
			f.announcing[id] = map[Event]int64{}
		}
		f.announcing[id][ch.Announce] = c.Version
		f.announceAt[id] = ch.Audit.At
	}
	return c, true, nil
}

func (f *fakeStore) AddNote(_ context.Context, id CaseID, n Note, e AuditEntry) (Note, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.cases[id]
	if !ok {
		return Note{}, ErrNotFound
	}
	n.Number = len(f.notes[id]) + 1
	f.notes[id] = append(f.notes[id], n)
	c.Notes = n.Number
	c.Version++
	f.cases[id] = c
	f.history[id] = append(f.history[id], e)
	return n, nil
}

func (f *fakeStore) Notes(_ context.Context, id CaseID) ([]Note, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.notes[id]), nil
}

func (f *fakeStore) Report(_ context.Context, id CaseID) (Report, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.reports[id]
	if !ok {
		return Report{}, ErrNotFound
	}
	return r, nil
}

func (f *fakeStore) Closure(_ context.Context, id CaseID) (Closure, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cl, ok := f.closures[id]
	if !ok {
		return Closure{}, ErrNotFound
	}
	return cl, nil
}

func (f *fakeStore) RecordAudit(_ context.Context, id CaseID, e AuditEntry) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(); err != nil {
		return err
	}
	f.history[id] = append(f.history[id], e)
	return nil
}

func (f *fakeStore) OpenCases(_ context.Context, years []int, units []string, assignee string) ([]Case, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Case
	for _, c := range f.cases {
		if c.Status.Open() && slices.Contains(years, c.ID.Year()) && (slices.Contains(units, c.Unit) || assignee != "" && c.Assignee == assignee) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeStore) actions(id CaseID) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, e := range f.history[id] {
		out = append(out, e.Action)
	}
	return out
}

func (n *fakeNotifier) UpdateCard(_ context.Context, c Case, ref CardRef) error {
	if n.onUpdate != nil {
		f := n.onUpdate
		n.onUpdate = nil
		f()
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.failing {
		return fmt.Errorf("slack down")
	}
	if n.archived {
		return fmt.Errorf("is_archived")
	}
	n.updates = append(n.updates, string(c.Status)+"@"+ref.Channel)
	return nil
}

func (n *fakeNotifier) TellReporter(_ context.Context, c Case, user string, e Event) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.failing {
		return fmt.Errorf("slack down")
	}
	n.told = append(n.told, user+":"+string(e))
	return nil
}

// fakeDirectory knows channel members and profiles.
type fakeDirectory struct {
	members map[string][]string
	failing bool
}

func (d fakeDirectory) ChannelMembers(_ context.Context, ch string) ([]string, error) {
	if d.failing {
		return nil, fmt.Errorf("slack down")
	}
	return d.members[ch], nil
}

func (d fakeDirectory) Profile(_ context.Context, user string) (Signature, error) {
	return Signature{User: user, Name: "Name " + user, Title: "Samordnare"}, nil
}

func (f *fakeStore) count(cs []Counter) {
	for _, c := range cs {
		f.counts[c.Week+"/"+c.Unit+"/"+c.Field] += c.Delta
	}
}

func (f *fakeStore) Counts(_ context.Context, weeks, units []string, _ []int) (map[string]map[string]int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]map[string]int64{}
	for _, w := range weeks {
		out[w] = map[string]int64{}
		for _, u := range units {
			prefix := w + "/" + u + "/"
			for k, v := range f.counts {
				if len(k) > len(prefix) && k[:len(prefix)] == prefix {
					out[w][k[len(prefix):]] += v
				}
			}
		}
	}
	return out, nil
}

func (f *fakeStore) OpenStats(_ context.Context, units []string, years []int, now, until time.Time) (OpenStats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := OpenStats{ByStatus: map[Status]int64{}}
	for _, c := range f.cases {
		if !c.Status.Open() || !slices.Contains(units, c.Unit) || !slices.Contains(years, c.ID.Year()) {
			continue
		}
		out.ByStatus[c.Status]++
		switch age := now.Sub(c.CreatedAt); {
		case age < 3*24*time.Hour:
			out.ByAge[0]++
		case age < 8*24*time.Hour:
			out.ByAge[1]++
		case age < 31*24*time.Hour:
			out.ByAge[2]++
		default:
			out.ByAge[3]++
		}
		if d := f.deadlines[c.ID]; c.Status == StatusNew && d.Ack.Before(now) {
			out.AckOverdue++
		}
		for _, due := range f.deadlines[c.ID].Clocks {
			switch {
			case due.Before(now):
				out.ClocksMissed++
			case due.Before(until):
				out.ClocksDue++
			}
		}
	}
	return out, nil
}

func (f *fakeStore) ClaimDigest(_ context.Context, week, manager, holder string, _ time.Duration) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := week + "/" + manager
	if _, taken := f.digests[k]; taken {
		return false, nil
	}
	f.digests[k] = "claim:" + holder
	return true, nil
}

func (f *fakeStore) DigestSent(_ context.Context, week, manager string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.digests[week+"/"+manager] = "sent"
	return nil
}

func (f *fakeStore) ReleaseDigest(_ context.Context, week, manager, holder string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.digests[week+"/"+manager] == "claim:"+holder {
		delete(f.digests, week+"/"+manager)
	}
	return nil
}

func (f *fakeStore) DigestPaused(_ context.Context, manager string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.paused[manager], nil
}

func (f *fakeStore) SetDigestPaused(_ context.Context, manager string, paused bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.paused[manager] = paused
	return nil
}

// fakeClassifier suggests what it is told and records what it saw.
type fakeClassifier struct {
	s   Suggestion
	err error // returned instead while set
	saw []ClassifyInput
}

func (c *fakeClassifier) Classify(_ context.Context, in ClassifyInput) (Suggestion, error) {
	c.saw = append(c.saw, in)
	if c.err != nil {
		return Suggestion{}, c.err
	}
	return c.s, nil
}
