package handlers

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
)

func TestEsc(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"plain åäö", "plain åäö"},
		{"<!channel> & <@U1>", "&lt;!channel&gt; &amp; &lt;@U1&gt;"},
		{"&amp;", "&amp;amp;"},
		{"*bold* _it_ `code`", "*bold* _it_ `code`"},
	} {
		if got := esc(tt.in); got != tt.want {
			t.Errorf("esc(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestChunksAtTheBoundary: a piece holds at most n characters of escaped
// text, counted in characters rather than bytes, and an escape that would
// cross the limit starts the next piece whole.
func TestChunksAtTheBoundary(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   string
		n    int
		want []string
	}{
		{"empty", "", 5, []string{""}},
		{"shorter", "abc", 5, []string{"abc"}},
		{"exactly n", "abcde", 5, []string{"abcde"}},
		{"one over", "abcdef", 5, []string{"abcde", "f"}},
		{"escape ends at the limit", "a&", 6, []string{"a&amp;"}},
		{"escape crosses the limit", "ab&", 6, []string{"ab", "&amp;"}},
		{"escape starts at the limit", "abcdef&", 6, []string{"abcdef", "&amp;"}},
		{"escape one short of the limit", "abcd<x", 6, []string{"abcd", "&lt;x"}},
		{"escapes back to back", "&&&", 10, []string{"&amp;&amp;", "&amp;"}},
		{"mixed escapes", "<>&<", 8, []string{"&lt;&gt;", "&amp;", "&lt;"}},
		{"characters not bytes", "ååååå&", 5, []string{"ååååå", "&amp;"}},
		{"multibyte then escape", "åå>", 6, []string{"åå&gt;"}},
		{"text that looks escaped", "&amp;", 5, []string{"&amp;", "amp;"}},
		// Below the longest escape a piece may come out empty, as before;
		// the views ask for thousands.
		{"limit below an escape", "&a", 4, []string{"", "&amp;", "a"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(chunks(tt.in, tt.n), tt.want); diff != "" {
				t.Errorf("chunks(%q, %d) (-got +want):\n%s", tt.in, tt.n, diff)
			}
		})
	}
}

// chunksPerCharacter is how chunks worked before it escaped the text once:
// each character escaped on its own. It is the reference chunks must match.
func chunksPerCharacter(s string, n int) []string {
	var out []string
	var b strings.Builder
	size := 0
	for _, r := range s {
		piece := esc(string(r))
		if size+len([]rune(piece)) > n {
			out = append(out, b.String())
			b.Reset()
			size = 0
		}
		b.WriteString(piece)
		size += len([]rune(piece))
	}
	if b.Len() > 0 || len(out) == 0 {
		out = append(out, b.String())
	}
	return out
}

func TestChunksAsPerCharacter(t *testing.T) {
	inputs := []string{"", "x", "<!channel> & <@U1>", strings.Repeat("a&", 1500), strings.Repeat("åb<", 1200),
		strings.Repeat("&", 3000), strings.Repeat("<", 3000) + strings.Repeat("é", 50), strings.Repeat("x", 2899) + "&" + strings.Repeat("y", 10)}
	for _, s := range inputs {
		for _, n := range []int{5, 6, 7, 8, 9, 100, 2800, 2900, 2901, 3000} {
			if diff := cmp.Diff(chunks(s, n), chunksPerCharacter(s, n)); diff != "" {
				t.Errorf("chunks of %d characters at %d (-got +want):\n%s", runes(s), n, diff)
			}
		}
	}
	// Invalid UTF-8 (which Slack's JSON cannot carry) was turned into
	// U+FFFD a byte at a time and now passes through as is; either way
	// JSON sends each bad byte as one U+FFFD, so Slack reads the same.
	bad := "a\xff&\xc3<" + strings.Repeat("\xe2\x82", 3)
	for _, n := range []int{5, 6, 7, 2900} {
		if diff := cmp.Diff(sent(t, chunks(bad, n)), sent(t, chunksPerCharacter(bad, n))); diff != "" {
			t.Errorf("invalid UTF-8 at %d (-got +want):\n%s", n, diff)
		}
	}
}

// sent is pieces as Slack reads them, after a round trip through JSON.
func sent(t *testing.T, pieces []string) []string {
	t.Helper()
	b, err := json.Marshal(pieces)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// largestDetails is the details view's worst input: a closed case of the
// category with the most free text, every answer at its bound and in the
// character that grows most when escaped, more notes than the view shows.
func largestDetails() (bot.Details, int) {
	now := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	var cat bot.Category
	most := -1
	for _, info := range bot.Categories {
		n := 0
		for _, vals := range worstAnswers(info.ID) {
			for _, v := range vals {
				n += len(v)
			}
		}
		if n > most {
			cat, most = info.ID, n
		}
	}
	c := bot.Case{ID: "INC-2026-12345", Status: bot.StatusClosed, Category: cat, Severity: bot.Critical, Unit: "unit-000",
		Reporter: bot.AnonymousReporter, CreatedAt: now, OccurredAt: now, DiscoveredAt: now}
	src := &bot.MessageSource{Channel: "C1", TS: "1.2", Permalink: "https://x.slack.com/archives/C1/p12"}
	d := worstDetails(c, worstAnswers(cat), src, now)
	size := 0
	for _, vals := range d.Report.Answers {
		for _, v := range vals {
			size += len(v)
		}
	}
	cl := d.Closure
	size += len(cl.RootCauseText) + len(cl.ActionsTaken) + len(cl.ActionsPlanned) + len(cl.FollowUp)
	for _, n := range d.Notes {
		size += len(n.Text) + len(n.Source) + len(n.Attachment)
	}
	return d, size
}

// TestDetailsViewAllocations: the details view of the largest report costs
// memory in proportion to its text. A Replacer built per character once
// made it 184 MB in 245,000 allocations for 41 kB of text (4,500 bytes per
// byte of text); escaped once, it is about 520 kB in under 1,000.
func TestDetailsViewAllocations(t *testing.T) {
	d, size := largestDetails()
	cfg := bigConfig(1)
	build := func() { _ = detailsView(d, cfg, bot.Swedish) }
	build()

	allocs := testing.AllocsPerRun(10, build)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const runs = 10
	for range runs {
		build()
	}
	runtime.ReadMemStats(&after)
	bytes := (after.TotalAlloc - before.TotalAlloc) / runs
	t.Logf("details view of %d bytes of user text: %.0f allocations, %d bytes allocated", size, allocs, bytes)

	// Escaped, this text is five times longer ("&" → "&amp;"), and the
	// view allocates about two and a half times that (the escaped text,
	// each first piece again under its label, the blocks): about 13× in
	// all. 32× leaves room for the view to grow and none for a cost per
	// character to come back.
	if limit := uint64(32 * size); bytes > limit {
		t.Errorf("%d bytes allocated for %d bytes of text, want at most %d", bytes, size, limit)
	}
	if limit := float64(size) / 10; allocs > limit {
		t.Errorf("%.0f allocations for %d bytes of text, want at most %.0f", allocs, size, limit)
	}
}

func BenchmarkDetailsView(b *testing.B) {
	d, _ := largestDetails()
	cfg := bigConfig(1)
	b.ReportAllocs()
	for b.Loop() {
		_ = detailsView(d, cfg, bot.Swedish)
	}
}
