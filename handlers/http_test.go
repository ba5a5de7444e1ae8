package handlers

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

var errMediaParam = mime.ErrInvalidMediaParameter

// TestVerifiedReadsTheBodyOnce: a signed form reaches the handler parsed,
// and its body can still be read whole; a JSON body (the Events API) is
// passed on as it came; a body that is not a valid form is left to
// ParseForm, which refuses it.
func TestVerifiedReadsTheBodyOnce(t *testing.T) {
	type seen struct {
		payload, body string
		parsed        bool
		parseErr      error
	}
	var got seen
	h := verified(benchSecret, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = seen{parsed: r.PostForm != nil}
		got.parseErr = r.ParseForm()
		got.payload = r.PostFormValue("payload")
		b, _ := io.ReadAll(r.Body) // what ParseForm left of it
		got.body = string(b)
	}))
	form := url.Values{"payload": {`{"type":"block_actions","a":"å & b"}`}}.Encode()
	for _, tt := range []struct {
		name, contentType, body string
		want                    seen
	}{
		{"form", formType, form, seen{payload: `{"type":"block_actions","a":"å & b"}`, body: form, parsed: true}},
		{"form with a charset", "Application/x-www-form-urlencoded; charset=utf-8", form, seen{payload: `{"type":"block_actions","a":"å & b"}`, body: form, parsed: true}},
		{"json", "application/json", `{"type":"event_callback"}`, seen{body: `{"type":"event_callback"}`}},
		// A Content-Type ParseForm cannot parse is left to it: it reads
		// the body and gives its error, as before.
		{"malformed content type", "application/x-www-form-urlencoded; charset", form,
			seen{payload: `{"type":"block_actions","a":"å & b"}`, parseErr: errMediaParam}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := signedRequest("/slack/interactions", tt.body)
			r.Header.Set("Content-Type", tt.contentType)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK || got != tt.want {
				t.Errorf("status %d, handler saw %+v, want %+v", w.Code, got, tt.want)
			}
		})
	}
	t.Run("not a form", func(t *testing.T) {
		r := signedRequest("/slack/interactions", "payload=%zz")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if got.parsed || got.parseErr == nil {
			t.Errorf("handler saw %+v, want the form unparsed and ParseForm's error", got)
		}
	})
}

// TestReadBody: a body is read into a buffer of its announced length only
// up to preallocMax; a longer announcement, which anyone may make before
// the signature is checked, or none (chunked) costs only what arrives.
func TestReadBody(t *testing.T) {
	small := strings.Repeat("a", 1000)
	for _, tt := range []struct {
		name    string
		body    string
		n       int64
		wantCap func(c int) bool
	}{
		{"announced and sent", small, int64(len(small)), func(c int) bool { return c == len(small)+bytes.MinRead }},
		{"announced maxBody, 8 bytes sent", "12345678", maxBody, func(c int) bool { return c < 4096 }},
		{"unknown length", small, -1, func(c int) bool { return c < 4*len(small) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readBody(strings.NewReader(tt.body), tt.n)
			if err != nil || string(got) != tt.body || !tt.wantCap(cap(got)) {
				t.Errorf("read %d bytes (cap %d), err %v", len(got), cap(got), err)
			}
		})
	}
}

// TestVerifiedRefusesAnnouncedOversize: a body announced longer than
// maxBody is refused before a byte of it is read.
func TestVerifiedRefusesAnnouncedOversize(t *testing.T) {
	reached := false
	h := verified(benchSecret, nil, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true }))
	r := signedRequest("/slack/interactions", "payload=%7B%7D")
	r.ContentLength = maxBody + 1
	r.Body = io.NopCloser(readerFunc(func([]byte) (int, error) {
		t.Error("the body was read")
		return 0, io.EOF
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge || reached {
		t.Errorf("status %d, handler reached %v", w.Code, reached)
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }
