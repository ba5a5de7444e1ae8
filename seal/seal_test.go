package seal

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func newKeyB64(t *testing.T) string {
	t.Helper()
	b := make([]byte, KeySize)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

func TestSealOpenAndRotate(t *testing.T) {
	k1, k2 := newKeyB64(t), newKeyB64(t)
	s1, err := New(k1, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := s1.Seal("INC-2026-0001|report", "Kalle Anka slog till mig")
	if !Sealed(v) || strings.Contains(v, "Kalle") {
		t.Fatalf("sealed value %q", v)
	}
	if got, err := s1.Open("INC-2026-0001|report", v); err != nil || got != "Kalle Anka slog till mig" {
		t.Errorf("open: %q, %v", got, err)
	}
	if _, err := s1.Open("INC-2026-0002|report", v); !errors.Is(err, ErrOpen) {
		t.Errorf("a value moved to another case opened: %v", err)
	}
	if got, err := s1.Open("x", "clear text"); err != nil || got != "clear text" {
		t.Errorf("clear value: %q, %v", got, err)
	}
	s2, err := New(k2, []string{k1})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s2.Open("INC-2026-0001|report", v); err != nil || got != "Kalle Anka slog till mig" {
		t.Errorf("old key: %q, %v", got, err)
	}
	if s2.Current(v) || !s2.Current(s2.Seal("a", "b")) {
		t.Error("Current does not tell the keys apart")
	}
	only2, _ := New(k2, nil)
	if _, err := only2.Open("INC-2026-0001|report", v); !errors.Is(err, ErrOpen) {
		t.Errorf("opened without its key: %v", err)
	}
	var none *Sealer
	if _, err := none.Open("INC-2026-0001|report", v); !errors.Is(err, ErrOpen) {
		t.Errorf("opened without any key: %v", err)
	}
	if none.Seal("a", "b") != "b" || none.Hash("U1") != "U1" {
		t.Error("a nil sealer changed a value")
	}
	if h := s1.Hash("U1"); h == "U1" || h != s1.Hash("U1") || h == s2.Hash("U1") {
		t.Errorf("hashes: %q %q", h, s2.Hash("U1"))
	}
	ik := NewIndexKey()
	s1.SetIndexKey(ik)
	s2.SetIndexKey(ik)
	if s1.Hash("U1") != s2.Hash("U1") {
		t.Error("one index key, two data keys: the hashes differ")
	}
	for _, bad := range []string{"", "not base64!", base64.StdEncoding.EncodeToString([]byte("short"))} {
		if _, err := New(bad, nil); err == nil {
			t.Errorf("key %q accepted", bad)
		}
	}
}

func FuzzOpen(f *testing.F) {
	k := base64.StdEncoding.EncodeToString(make([]byte, KeySize))
	s, _ := New(k, nil)
	f.Add("ib1:00000000:AAAA")
	f.Add(s.Seal("a", "b"))
	f.Add("clear")
	f.Fuzz(func(t *testing.T, v string) {
		if got, err := s.Open("a", v); err == nil && Sealed(v) && got == "" && v != "" {
			// An opened value is what was sealed; the empty text is never sealed.
			t.Errorf("opened %q to nothing", v)
		}
	})
}
