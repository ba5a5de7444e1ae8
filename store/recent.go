package store

import (
	"crypto/sha1"
	"encoding/hex"
	"sync"
)

// recentDrafts remembers the drafts this process saved or read last, as
// stored (sealed), so that submitting one needs no read from Redis: the
// script that makes the case checks that the draft in Redis is still the
// one remembered (its SHA-1), and a draft changed meanwhile (in another
// window served by another replica, or resealed by rekey) is read again.
// It is bounded in number and size; an entry goes with its draft or when
// room is needed, never by time: a remembered draft that expired in
// Redis fails the check like a changed one.
type recentDrafts struct {
	mu      sync.Mutex
	entries map[string]string // draft key → sealed draft
	size    int
}

// Bounds of recentDrafts: a few hundred dialogs under way at once; a
// draft holds at most the dialog's fields, about 41 kB of text.
const (
	maxRecentDrafts     = 256
	maxRecentDraftBytes = 4 << 20
)

func (r *recentDrafts) remember(key, sealed string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.entries == nil {
		r.entries = map[string]string{}
	}
	r.drop(key)
	for k := range r.entries {
		if len(r.entries) < maxRecentDrafts && r.size+len(sealed) <= maxRecentDraftBytes {
			break
		}
		r.drop(k)
	}
	if len(sealed) <= maxRecentDraftBytes {
		r.entries[key] = sealed
		r.size += len(sealed)
	}
}

func (r *recentDrafts) forget(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.drop(key)
}

func (r *recentDrafts) drop(key string) {
	if v, ok := r.entries[key]; ok {
		r.size -= len(v)
		delete(r.entries, key)
	}
}

// lookup returns the remembered sealed draft and its SHA-1 as the
// script's redis.sha1hex writes it.
func (r *recentDrafts) lookup(key string) (sealed, sum string, ok bool) {
	r.mu.Lock()
	sealed, ok = r.entries[key]
	r.mu.Unlock()
	if !ok {
		return "", "", false
	}
	return sealed, sha1Hex(sealed), true
}

// sha1Hex is s's SHA-1 as the script's redis.sha1hex writes it.
func sha1Hex(s string) string {
	h := sha1.Sum([]byte(s))
	return hex.EncodeToString(h[:])
}
