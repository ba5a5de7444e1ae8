package handlers

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

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

func TestBodyCap(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want int
	}{{-1, 512}, {0, 512}, {100, 612}, {maxBody, maxBody + 512}, {maxBody + 1, 512}} {
		if got := bodyCap(tt.n); got != tt.want {
			t.Errorf("bodyCap(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
}
