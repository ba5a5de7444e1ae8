package handlers

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
)

// TestSlackTransportKeepsLargeAnswers: an answer over the peek, of unknown
// length because gzipped, reaches the caller whole; small answers are
// still told apart by "ok".
func TestSlackTransportKeepsLargeAnswers(t *testing.T) {
	t.Parallel()
	large := `{"ok":true,"view":{"text":"` + strings.Repeat("x", 3*maxPeek) + `"}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		switch r.URL.Path {
		case "/api/views.open":
			w.Header().Set("Content-Encoding", "gzip")
			z := gzip.NewWriter(w)
			_, _ = z.Write([]byte(large))
			_ = z.Close()
		default:
			_, _ = w.Write([]byte(`{"ok":false,"error":"channel_not_found"}`))
		}
	}))
	t.Cleanup(srv.Close)
	m := NewMetrics()
	c := &http.Client{Transport: m.SlackTransport(nil, "background")}

	for _, tc := range []struct{ method, want, outcome string }{
		{"views.open", large, "ok"},
		{"chat.postMessage", `{"ok":false,"error":"channel_not_found"}`, "error"},
	} {
		resp, err := c.Get(srv.URL + "/api/" + tc.method)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		_, err = io.Copy(&got, resp.Body)
		_ = resp.Body.Close()
		if err != nil || got.String() != tc.want {
			t.Errorf("%s: read %d bytes, %v; want the whole answer of %d", tc.method, got.Len(), err, len(tc.want))
		}
		var d dto.Metric
		if err := m.slack.calls.WithLabelValues("background", tc.method, tc.outcome).Write(&d); err != nil || d.GetCounter().GetValue() != 1 {
			n := d.GetCounter().GetValue()
			t.Errorf("%s counted %v times as %s, want 1", tc.method, n, tc.outcome)
		}
	}
}
