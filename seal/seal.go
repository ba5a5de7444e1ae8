// Package seal encrypts the free texts the bot stores, with AES-256-GCM
// from Go's standard library, and names users in index keys by a keyed
// hash instead of their id. A sealed value carries the id of the key that
// sealed it, and is bound to where it belongs (the case id and field, as
// associated data): moved to another case or field it does not open.
//
// A nil *Sealer seals nothing: values are stored and read in clear, as
// when INCIDENTBOT_DATA_KEY is unset.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// prefix marks a sealed value: "ib1:<key id>:<base64 of nonce and sealed text>".
const prefix = "ib1:"

// KeySize is the length of a data key: 32 bytes, given in base64.
const KeySize = 32

// ErrOpen is a sealed value that no key at hand opens: a wrong key, a value
// moved from elsewhere, or tampering.
var ErrOpen = errors.New("sealed value cannot be opened with the data keys given")

type key struct {
	id   string
	aead cipher.AEAD
	// index keys the hash of user ids in key names.
	index []byte
}

func newKey(b64 string) (*key, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil {
		return nil, fmt.Errorf("not base64: %w", err)
	}
	if len(raw) != KeySize {
		return nil, fmt.Errorf("%d bytes; a data key is %d random bytes (e.g. openssl rand -base64 32)", len(raw), KeySize)
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &key{id: hex.EncodeToString(derive(raw, "incidentbot key id")[:4]), aead: aead, index: derive(raw, "incidentbot index")}, nil
}

// derive is a sub-key of raw for one purpose.
func derive(raw []byte, purpose string) []byte {
	m := hmac.New(sha256.New, raw)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// Sealer seals with the current key and opens with it and the old ones.
type Sealer struct {
	current *key
	old     []*key
	// index keys the hashes of names; it outlives the data keys (it is
	// stored sealed beside the data, see SetIndexKey), so that a change of
	// data key renames nothing.
	index []byte
}

// NewIndexKey makes a random key for SetIndexKey.
func NewIndexKey() []byte {
	b := make([]byte, KeySize)
	if _, err := rand.Read(b); err != nil {
		panic("seal: no randomness: " + err.Error())
	}
	return b
}

// SetIndexKey sets the key of Hash. Until it is set, Hash uses a key
// derived from the current data key.
func (s *Sealer) SetIndexKey(k []byte) { s.index = k }

// New returns a sealer for the current key and the old keys still to be
// read (key rotation); both in base64.
func New(current string, old []string) (*Sealer, error) {
	cur, err := newKey(current)
	if err != nil {
		return nil, fmt.Errorf("INCIDENTBOT_DATA_KEY: %w", err)
	}
	s := &Sealer{current: cur}
	for i, o := range old {
		if strings.TrimSpace(o) == "" {
			continue
		}
		k, err := newKey(o)
		if err != nil {
			return nil, fmt.Errorf("INCIDENTBOT_OLD_DATA_KEYS, key %d: %w", i+1, err)
		}
		if k.id != cur.id {
			s.old = append(s.old, k)
		}
	}
	return s, nil
}

// KeyID names the current key (not secret); "" for a nil sealer.
func (s *Sealer) KeyID() string {
	if s == nil {
		return ""
	}
	return s.current.id
}

// Knows reports whether id names the current key or one of the old ones.
func (s *Sealer) Knows(id string) bool {
	if s == nil {
		return false
	}
	return s.find(id) != nil
}

func (s *Sealer) find(id string) *key {
	if s.current.id == id {
		return s.current
	}
	for _, k := range s.old {
		if k.id == id {
			return k
		}
	}
	return nil
}

// Seal seals text for the place aad names; a nil sealer returns text as it
// is. The empty text stays empty.
func (s *Sealer) Seal(aad, text string) string {
	if s == nil || text == "" {
		return text
	}
	nonce := make([]byte, s.current.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("seal: no randomness: " + err.Error())
	}
	out := s.current.aead.Seal(nonce, nonce, []byte(text), []byte(aad))
	return prefix + s.current.id + ":" + base64.RawStdEncoding.EncodeToString(out)
}

// Sealed reports whether v is a sealed value.
func Sealed(v string) bool { return strings.HasPrefix(v, prefix) }

// KeyOf is the id of the key that sealed v, "" when v is clear.
func KeyOf(v string) string {
	if !Sealed(v) {
		return ""
	}
	id, _, _ := strings.Cut(v[len(prefix):], ":")
	return id
}

// Open opens v sealed for aad. A clear value (stored without a key, or
// before one was set) is returned as it is; a sealed value needs its key.
func (s *Sealer) Open(aad, v string) (string, error) {
	if !Sealed(v) {
		return v, nil
	}
	if s == nil {
		return "", fmt.Errorf("%w: no data key is set", ErrOpen)
	}
	id, b64, ok := strings.Cut(v[len(prefix):], ":")
	k := s.find(id)
	if !ok || k == nil {
		return "", fmt.Errorf("%w: sealed with key %s", ErrOpen, id)
	}
	raw, err := base64.RawStdEncoding.DecodeString(b64)
	if err != nil || len(raw) < k.aead.NonceSize() {
		return "", fmt.Errorf("%w: malformed", ErrOpen)
	}
	n := k.aead.NonceSize()
	text, err := k.aead.Open(nil, raw[:n], raw[n:], []byte(aad))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrOpen, err)
	}
	return string(text), nil
}

// Current reports whether v is sealed with the current key, or is empty:
// nothing for rekey to do.
func (s *Sealer) Current(v string) bool {
	return v == "" || s != nil && KeyOf(v) == s.current.id
}

// Hash names a user (or anything else that must not appear in a key name)
// by a keyed hash; a nil sealer returns v.
func (s *Sealer) Hash(v string) string {
	if s == nil {
		return v
	}
	k := s.index
	if k == nil {
		k = s.current.index
	}
	m := hmac.New(sha256.New, k)
	m.Write([]byte(v))
	return "h" + hex.EncodeToString(m.Sum(nil)[:16])
}
