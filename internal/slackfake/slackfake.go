// Package slackfake is a fake Slack Web API on loopback for tests: it
// records every call, answers like Slack does, can fail a method on demand
// (429 with Retry-After, 5xx, or a Slack error), takes file uploads, and
// serves a Socket Mode websocket the bot can connect to.
package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Call is one Web API request the fake received.
type Call struct {
	Method string
	At     time.Time
	// Form holds form-encoded parameters; JSON the decoded JSON body.
	Form url.Values
	JSON map[string]any
	Body []byte
	// Failed is set when the fake answered with an injected failure.
	Failed bool
}

// Param returns a parameter whether the call was form-encoded or JSON.
func (c Call) Param(name string) string {
	if v := c.Form.Get(name); v != "" {
		return v
	}
	if v, ok := c.JSON[name]; ok {
		if s, ok := v.(string); ok {
			return s
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	return ""
}

// User is what users.info answers for one user.
type User struct {
	Locale   string
	RealName string
	Title    string
}

// failure is a queued bad answer for a method.
type failure struct {
	status     int
	retryAfter int
	slackError string
	// done: the call was carried out before the bad answer (a post whose
	// answer was lost).
	done bool
}

// posted is a message the fake holds, for conversations.history.
type posted struct {
	ts        string
	text      string
	eventType string
	metadata  map[string]any
}

// Faults makes a share of the calls of methods fail at random, from a
// seeded source: Rate429 with 429 and Retry-After 0, Rate500 with 500, of
// which half after the call was carried out (a post whose answer was
// lost).
type Faults struct {
	Methods          []string
	Rate429, Rate500 float64
	Seed             int64
}

// Server is the fake Slack.
type Server struct {
	srv *httptest.Server
	t   testing.TB

	mu       sync.Mutex
	calls    []Call
	users    map[string]User
	members  map[string][]string
	failures map[string][]failure
	files    map[string]*file
	seq      int
	changed  chan struct{}

	// messages are the posts per conversation, oldest first; DMs under
	// "D" and the user id without its first letter.
	messages map[string][]posted
	faults   *Faults
	rng      *rand.Rand
	// holdAfter, per method, keeps each call waiting after it was carried
	// out, until the channel is closed or the caller gives up: a process
	// that dies after Slack acted and before it heard so.
	holdAfter map[string]chan struct{}

	socket *socket
	// hang, while closed is false, holds every Web API call unanswered
	// until the caller gives up: a Slack that accepts connections but
	// never answers.
	hang chan struct{}
}

// SetHang makes every Web API call hang until the caller gives up, or,
// with false, answer again.
func (s *Server) SetHang(hang bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case hang && s.hang == nil:
		s.hang = make(chan struct{})
	case !hang && s.hang != nil:
		close(s.hang)
		s.hang = nil
	}
}

// New starts a fake Slack that stops when the test ends.
func New(t testing.TB) *Server {
	s := &Server{t: t, users: map[string]User{}, members: map[string][]string{},
		failures: map[string][]failure{}, files: map[string]*file{}, changed: make(chan struct{}),
		messages: map[string][]posted{}, holdAfter: map[string]chan struct{}{}}
	s.socket = newSocket()
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/socket", s.socket.serve)
	mux.HandleFunc("/upload/", s.serveUpload)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		s.socket.close()
		s.srv.Close()
	})
	return s
}

// URL is the Web API base URL, for SLACK_API_URL.
func (s *Server) URL() string { return s.srv.URL + "/api/" }

// SetUser sets what users.info answers for id.
func (s *Server) SetUser(id string, u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[id] = u
}

// SetMembers sets a channel's members for conversations.members.
func (s *Server) SetMembers(channel string, users ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.members[channel] = users
}

// FailNext makes the next call of method fail: with HTTP status (429
// carries Retry-After: retryAfter seconds), or, when status is 200, with
// Slack's {"ok": false, "error": slackError}. Method "upload", the POST of
// a file's bytes to its upload URL, is no API method: it fails only with an
// HTTP status, as slack-go reads no answer there.
func (s *Server) FailNext(method string, status, retryAfter int, slackError string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = append(s.failures[method], failure{status: status, retryAfter: retryAfter, slackError: slackError})
}

// FailNextAfter makes the next call of method be carried out and then
// answered with HTTP status: the answer is lost, the message posted.
func (s *Server) FailNextAfter(method string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = append(s.failures[method], failure{status: status, done: true})
}

// SetFaults makes calls fail at random as f says; nil stops it.
func (s *Server) SetFaults(f *Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	if f != nil {
		s.rng = rand.New(rand.NewSource(f.Seed))
	}
}

// HoldAfter makes each call of method wait, once carried out, until the
// returned release is called or the caller gives up.
func (s *Server) HoldAfter(method string) (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan struct{})
	s.holdAfter[method] = ch
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			delete(s.holdAfter, method)
			s.mu.Unlock()
			close(ch)
		})
	}
}

// Posted returns how many messages carrying metadata key the fake holds,
// in every conversation.
func (s *Server) Posted(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, msgs := range s.messages {
		for _, m := range msgs {
			if m.metadata != nil && m.metadata["key"] == key {
				n++
			}
		}
	}
	return n
}

// PostedKeys returns every metadata key the fake holds, with how many
// messages carry it.
func (s *Server) PostedKeys() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, msgs := range s.messages {
		for _, m := range msgs {
			if k, ok := m.metadata["key"].(string); ok {
				out[k]++
			}
		}
	}
	return out
}

// Calls returns the calls of method so far, or of every method when
// method is "".
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitFor waits until method has been called at least n times and returns
// those calls; the test fails after timeout.
func (s *Server) WaitFor(t testing.TB, method string, n int, timeout time.Duration) []Call {
	t.Helper()
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if calls := s.Calls(method); len(calls) >= n {
			return calls
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("slackfake: %s called %d times within %v, want %d", method, len(s.Calls(method)), timeout, n)
			return nil
		}
	}
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return // the caller gave up while sending
	}
	c := Call{Method: method, At: time.Now(), Body: body}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(body, &c.JSON)
	} else {
		c.Form, _ = url.ParseQuery(string(body))
	}
	if c.Form == nil {
		c.Form = url.Values{}
	}
	for k, v := range r.URL.Query() { // slack-go sends some methods as GET
		c.Form[k] = append(c.Form[k], v...)
	}
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") && c.Form.Get("token") == "" && method != "apps.connections.open" {
		s.t.Errorf("slackfake: %s called without a token", method)
	}
	f := s.nextFailure(method)
	c.Failed = f != nil
	s.record(c)
	s.mu.Lock()
	hang := s.hang
	s.mu.Unlock()
	if hang != nil {
		select {
		case <-r.Context().Done():
			return
		case <-hang:
		}
	}

	if f != nil && f.done {
		_ = s.answer(method, c)
		f.slackError = "internal_error"
	}
	s.mu.Lock()
	held := s.holdAfter[method]
	s.mu.Unlock()
	if f == nil && held != nil {
		out := s.answer(method, c)
		select {
		case <-r.Context().Done():
		case <-held:
			writeJSON(w, out)
		}
		return
	}
	if f != nil {
		if f.status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", fmt.Sprint(f.retryAfter))
		}
		if f.status != http.StatusOK {
			w.WriteHeader(f.status)
			_, _ = io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
			return
		}
		writeJSON(w, map[string]any{"ok": false, "error": f.slackError})
		return
	}
	writeJSON(w, s.answer(method, c))
}

// nextFailure takes the next queued failure of method, if any, or draws
// a random one.
func (s *Server) nextFailure(method string) *failure {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.failures[method]
	if len(q) == 0 {
		if f := s.faults; f != nil && slices.Contains(f.Methods, method) {
			switch r := s.rng.Float64(); {
			case r < f.Rate429:
				return &failure{status: http.StatusTooManyRequests}
			case r < f.Rate429+f.Rate500:
				return &failure{status: http.StatusInternalServerError, done: s.rng.Intn(2) == 0}
			}
		}
		return nil
	}
	s.failures[method] = q[1:]
	return &q[0]
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// answer is Slack's successful answer to method.
func (s *Server) answer(method string, c Call) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	ts := fmt.Sprintf("1700000000.%06d", s.seq)
	switch method {
	case "auth.test":
		return map[string]any{"ok": true, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}
	case "users.info":
		id := c.Param("user")
		u, ok := s.users[id]
		if !ok {
			u = User{Locale: "sv-SE", RealName: "Test Person " + id, Title: "Handläggare"}
		}
		return map[string]any{"ok": true, "user": map[string]any{
			"id": id, "name": strings.ToLower(id), "real_name": u.RealName, "locale": u.Locale,
			"profile": map[string]any{"real_name": u.RealName, "title": u.Title},
		}}
	case "views.open", "views.push", "views.update", "views.publish":
		view, _ := c.JSON["view"].(map[string]any)
		out := map[string]any{"id": fmt.Sprintf("V%04d", s.seq), "hash": "h" + ts}
		for k, v := range view {
			out[k] = v
		}
		return map[string]any{"ok": true, "view": out}
	case "chat.postMessage":
		ch := dm(c.Param("channel"))
		m := posted{ts: ts, text: c.Param("text")}
		if raw := c.Param("metadata"); raw != "" {
			var md struct {
				EventType    string         `json:"event_type"`
				EventPayload map[string]any `json:"event_payload"`
			}
			if json.Unmarshal([]byte(raw), &md) == nil {
				m.eventType, m.metadata = md.EventType, md.EventPayload
			}
		}
		s.messages[ch] = append(s.messages[ch], m)
		return map[string]any{"ok": true, "channel": ch, "ts": ts, "message": echo(c, ts)}
	case "conversations.history":
		return s.history(c)
	case "chat.update":
		return map[string]any{"ok": true, "channel": c.Param("channel"), "ts": c.Param("ts"), "text": c.Param("text"),
			"message": echo(c, c.Param("ts"))}
	case "chat.postEphemeral":
		return map[string]any{"ok": true, "message_ts": ts}
	case "chat.getPermalink":
		return map[string]any{"ok": true, "channel": c.Param("channel"),
			"permalink": fmt.Sprintf("https://fake.slack.test/archives/%s/p%s", c.Param("channel"), strings.ReplaceAll(c.Param("message_ts"), ".", ""))}
	case "conversations.open":
		if u := c.Param("users"); u != "" && !strings.Contains(u, ",") {
			return map[string]any{"ok": true, "channel": map[string]any{"id": dm(u)}}
		}
		return map[string]any{"ok": true, "channel": map[string]any{"id": "D" + ts}}
	case "conversations.members":
		return map[string]any{"ok": true, "members": s.members[c.Param("channel")], "response_metadata": map[string]any{"next_cursor": ""}}
	case "apps.connections.open":
		return map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/socket"}
	case "files.getUploadURLExternal":
		return s.startUpload(c)
	case "files.completeUploadExternal":
		return s.completeUpload(c)
	}
	return map[string]any{"ok": false, "error": "unknown_method"}
}

// socket is the Socket Mode side: one bot connection at a time.
type socket struct {
	upgrader websocket.Upgrader
	mu       sync.Mutex
	conn     *websocket.Conn
	ready    chan struct{}
	acks     map[string]chan json.RawMessage
	n        int
}

func newSocket() *socket {
	return &socket{ready: make(chan struct{}), acks: map[string]chan json.RawMessage{},
		// slack-go sends an Origin of Slack's own; a fake on loopback takes any.
		upgrader: websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}}
}

func (k *socket) serve(w http.ResponseWriter, r *http.Request) {
	conn, err := k.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	k.mu.Lock()
	k.conn = conn
	k.mu.Unlock()
	_ = conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "A1"}, "debug_info": map[string]any{"host": "fake"}})
	select {
	case <-k.ready:
	default:
		close(k.ready)
	}
	for {
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := conn.ReadJSON(&ack); err != nil {
			return
		}
		k.mu.Lock()
		ch := k.acks[ack.EnvelopeID]
		k.mu.Unlock()
		if ch != nil {
			ch <- ack.Payload
		}
	}
}

func (k *socket) close() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.conn != nil {
		_ = k.conn.Close()
	}
}

// SocketSend sends one Socket Mode envelope of type typ ("slash_commands",
// "interactive", "events_api") to the connected bot and returns the
// payload of its acknowledgement ("null" or empty when it had none).
func (s *Server) SocketSend(t testing.TB, typ string, payload any, timeout time.Duration) json.RawMessage {
	t.Helper()
	k := s.socket
	select {
	case <-k.ready:
	case <-time.After(timeout):
		t.Fatal("slackfake: the bot never connected over Socket Mode")
	}
	k.mu.Lock()
	k.n++
	id := fmt.Sprintf("env-%d", k.n)
	ch := make(chan json.RawMessage, 1)
	k.acks[id] = ch
	conn := k.conn
	err := conn.WriteJSON(map[string]any{"envelope_id": id, "type": typ, "payload": payload, "accepts_response_payload": typ != "events_api"})
	k.mu.Unlock()
	if err != nil {
		t.Fatalf("slackfake: send envelope: %v", err)
	}
	select {
	case p := <-ch:
		return p
	case <-time.After(timeout):
		t.Fatalf("slackfake: no acknowledgement of %s within %v", typ, timeout)
		return nil
	}
}

// dm is the conversation a post to a user goes to.
func dm(ch string) string {
	if strings.HasPrefix(ch, "U") || strings.HasPrefix(ch, "W") {
		return "D" + ch[1:]
	}
	return ch
}

// history answers conversations.history: newest first, limit at a time,
// with metadata when asked. Its timestamps are not the bot's clock's, so
// "oldest" is not applied: the fake holds only a test's messages.
func (s *Server) history(c Call) map[string]any {
	msgs := s.messages[c.Param("channel")]
	limit, _ := strconv.Atoi(c.Param("limit"))
	if limit <= 0 {
		limit = 100
	}
	skip, _ := strconv.Atoi(c.Param("cursor"))
	var out []map[string]any
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		msg := map[string]any{"type": "message", "ts": m.ts, "text": m.text}
		if m.metadata != nil && c.Param("include_all_metadata") == "1" {
			msg["metadata"] = map[string]any{"event_type": m.eventType, "event_payload": m.metadata}
		}
		out = append(out, msg)
	}
	out = out[min(skip, len(out)):]
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = strconv.Itoa(skip + limit)
	}
	return map[string]any{"ok": true, "messages": out, "has_more": next != "",
		"response_metadata": map[string]any{"next_cursor": next}}
}

// echo is the message Slack sends back in the answer to chat.postMessage
// and chat.update: what was posted, its blocks included.
func echo(c Call, ts string) map[string]any {
	m := map[string]any{"type": "message", "subtype": "bot_message", "bot_id": "B0FAKE", "app_id": "A0FAKE",
		"text": c.Param("text"), "ts": ts}
	var blocks []any
	if json.Unmarshal([]byte(c.Param("blocks")), &blocks) == nil && len(blocks) > 0 {
		m["blocks"] = blocks
	}
	return m
}
