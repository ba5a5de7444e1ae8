package store

import (
	"fmt"
	"strings"
	"testing"
)

// TestRecentDraftsBounded: the drafts remembered stay within their number
// and size, the newest is always kept, and one too large is not kept.
func TestRecentDraftsBounded(t *testing.T) {
	t.Parallel()
	var r recentDrafts
	for i := range 3 * maxRecentDrafts {
		key := fmt.Sprintf("draft-%d", i)
		r.remember(key, strings.Repeat("x", 100))
		if _, _, ok := r.lookup(key); !ok {
			t.Fatalf("%s not remembered right after", key)
		}
	}
	if len(r.entries) > maxRecentDrafts {
		t.Errorf("%d drafts remembered, want at most %d", len(r.entries), maxRecentDrafts)
	}
	big := strings.Repeat("y", maxRecentDraftBytes/3)
	for i := range 10 {
		r.remember(fmt.Sprintf("big-%d", i), big)
		if r.size > maxRecentDraftBytes {
			t.Fatalf("%d bytes remembered, want at most %d", r.size, maxRecentDraftBytes)
		}
	}
	r.remember("huge", strings.Repeat("z", maxRecentDraftBytes+1))
	if _, _, ok := r.lookup("huge"); ok {
		t.Error("a draft larger than the bound was remembered")
	}
	r.remember("same", "a")
	r.remember("same", "bb")
	sealed, sum, ok := r.lookup("same")
	if !ok || sealed != "bb" || sum != "9a900f538965a426994e1e90600920aff0b4e8d2" {
		t.Errorf("a draft saved again: %q %s %v, want the newer and its SHA-1", sealed, sum, ok)
	}
	total := 0
	for _, v := range r.entries {
		total += len(v)
	}
	if total != r.size {
		t.Errorf("size %d, entries hold %d", r.size, total)
	}
}
