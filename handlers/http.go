package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBody bounds a request from Slack; real payloads are far smaller.
const maxBody = 1 << 20

// verified passes on only requests signed with secret within the last
// five minutes. The body is read through the verifier and restored, since
// slack-go's parsers consume it.
func verified(secret string, m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sv, err := slack.NewSecretsVerifier(r.Header, secret)
		if err != nil {
			m.rejectedRequest("signature")
			http.Error(w, "invalid or stale signature", http.StatusUnauthorized)
			return
		}
		if r.ContentLength > maxBody {
			m.rejectedRequest("too_large")
			http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		// Read once: the form is parsed from it below, so nothing reads
		// the body a second time.
		body, err := readBody(io.TeeReader(http.MaxBytesReader(w, r.Body, maxBody), &sv), r.ContentLength)
		if err != nil {
			m.rejectedRequest("too_large")
			http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		if err := sv.Ensure(); err != nil {
			m.rejectedRequest("signature")
			http.Error(w, "invalid or stale signature", http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if isForm(r.Header.Get("Content-Type")) {
			// What ParseForm would read from the body; with PostForm set it
			// reads nothing. A body that does not parse is left to
			// ParseForm, which gives its error.
			if form, err := url.ParseQuery(string(body)); err == nil {
				r.PostForm = form
			}
		}
		next.ServeHTTP(w, r)
	})
}

// formType is the content type of slash commands and interactions.
const formType = "application/x-www-form-urlencoded"

// isForm reports whether a Content-Type is formType, as ParseForm reads
// it: a Content-Type it cannot parse is left to it, and to its error.
func isForm(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == formType
}

// preallocMax is the largest announced length a body is read into a
// buffer of that size for, at once. The length is announced before the
// signature is checked, so anyone may announce maxBody: a longer body,
// or one of unknown length, grows as its bytes arrive (io.ReadAll).
// Slack's payloads are a few kilobytes.
const preallocMax = 64 << 10

// readBody reads r to its end: a body of the announced length n up to
// preallocMax into one buffer of that size, any other as io.ReadAll does.
func readBody(r io.Reader, n int64) ([]byte, error) {
	if n <= 0 || n > preallocMax {
		return io.ReadAll(r)
	}
	buf := bytes.NewBuffer(make([]byte, 0, int(n)+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}

// writeJSON acknowledges with v as JSON, or with an empty 200 when v is nil.
func writeJSON(w http.ResponseWriter, v any) {
	if v == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (h *Handlers) handleCommand() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer h.Metrics.acked("command", time.Now())
		cmd, err := slack.SlashCommandParse(r)
		if err != nil {
			http.Error(w, "malformed slash command", http.StatusBadRequest)
			return
		}
		if msg := h.Command(r.Context(), cmd); msg != nil {
			writeJSON(w, msg)
			return
		}
		writeJSON(w, nil)
	})
}

func (h *Handlers) handleInteraction() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var cb slack.InteractionCallback
		if err := r.ParseForm(); err != nil {
			http.Error(w, "malformed interaction", http.StatusBadRequest)
			return
		}
		if err := decodeInteraction([]byte(r.PostFormValue("payload")), &cb); err != nil {
			http.Error(w, "malformed interaction payload", http.StatusBadRequest)
			return
		}
		defer h.Metrics.acked(interactionKind(cb.Type), start)
		if resp := h.Interaction(r.Context(), cb); resp != nil {
			writeJSON(w, resp)
			return
		}
		writeJSON(w, nil)
	})
}

func (h *Handlers) handleEvent() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer h.Metrics.acked("event", time.Now())
		body, _ := io.ReadAll(r.Body)
		ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		if err != nil {
			http.Error(w, "malformed event", http.StatusBadRequest)
			return
		}
		switch ev.Type {
		case slackevents.URLVerification:
			var ch slackevents.ChallengeResponse
			if err := json.Unmarshal(body, &ch); err != nil || ch.Challenge == "" {
				http.Error(w, "malformed challenge", http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, ch.Challenge)
		case slackevents.CallbackEvent:
			var outer struct {
				EventID string `json:"event_id"`
			}
			_ = json.Unmarshal(body, &outer)
			h.Event(r.Context(), ev, outer.EventID)
			writeJSON(w, nil)
		default:
			writeJSON(w, nil)
		}
	})
}

func handleHealth() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "ok\n")
	})
}

// handleReady answers 200 only while the store answers.
// In Socket Mode it also needs the socket connected.
func handleReady(s Store, socket *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if socket.Load() == socketDown {
			http.Error(w, "socket mode disconnected", http.StatusServiceUnavailable)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), time.Second)
		defer cancel()
		if err := s.Ping(ctx); err != nil {
			status := http.StatusServiceUnavailable
			if errors.Is(err, context.Canceled) {
				status = http.StatusRequestTimeout
			}
			http.Error(w, "store unavailable", status)
			return
		}
		_, _ = io.WriteString(w, "ready\n")
	})
}

// interactionKind is an interaction's type as a metric label: only the
// kinds Slack sends, so that a crafted payload cannot add series.
func interactionKind(t slack.InteractionType) string {
	switch t {
	case slack.InteractionTypeBlockActions, slack.InteractionTypeViewSubmission, slack.InteractionTypeViewClosed,
		slack.InteractionTypeShortcut, slack.InteractionTypeMessageAction:
		return string(t)
	}
	return "other"
}

// slimInteraction is what the handlers read of a view's submission or
// closing and of a click (block_actions): who, the trigger, the channel,
// the actions, the view's identity, metadata and state – not the view's
// or the message's blocks, which are most of the payload and which
// nothing reads back. A handler of these that comes to read another
// field of slack.InteractionCallback must add it here and to the test's
// readFields (TestInteractionDecodedAsFarAsRead), or it reads "".
type slimInteraction struct {
	Type      slack.InteractionType `json:"type"`
	User      struct{ ID string }   `json:"user"`
	TriggerID string                `json:"trigger_id"`
	Channel   struct{ ID string }   `json:"channel"`
	Actions   slack.ActionCallbacks `json:"actions"`
	View      struct {
		ID              string           `json:"id"`
		Hash            string           `json:"hash"`
		CallbackID      string           `json:"callback_id"`
		PrivateMetadata string           `json:"private_metadata"`
		State           *slack.ViewState `json:"state"`
	} `json:"view"`
}

// slimType tells the interactions decoded only as far as they are read.
func slimType(t slack.InteractionType) bool {
	return t == slack.InteractionTypeViewSubmission || t == slack.InteractionTypeViewClosed || t == slack.InteractionTypeBlockActions
}

// decodeInteraction decodes a payload: a view's submission or closing and
// a click only as far as the handlers read them, everything else (a
// shortcut, a message action) in full.
func decodeInteraction(payload []byte, cb *slack.InteractionCallback) error {
	if !slimType(topType(payload)) {
		return json.Unmarshal(payload, cb)
	}
	var s slimInteraction
	if err := json.Unmarshal(payload, &s); err != nil {
		return err
	}
	if !slimType(s.Type) {
		return json.Unmarshal(payload, cb)
	}
	*cb = slack.InteractionCallback{Type: s.Type, TriggerID: s.TriggerID, ActionCallback: s.Actions}
	cb.User.ID = s.User.ID
	cb.Channel.ID = s.Channel.ID
	cb.View.ID, cb.View.Hash, cb.View.CallbackID, cb.View.PrivateMetadata = s.View.ID, s.View.Hash, s.View.CallbackID, s.View.PrivateMetadata
	cb.View.State = s.View.State
	return nil
}

// topType reads a payload's top-level "type" without decoding the rest,
// so that a payload is decoded once: Slack sends the type first. It is ""
// when the payload is not an object or has no type.
func topType(payload []byte) slack.InteractionType {
	dec := json.NewDecoder(bytes.NewReader(payload))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return ""
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return ""
		}
		if key == "type" {
			var t slack.InteractionType
			if dec.Decode(&t) != nil {
				return ""
			}
			return t
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return ""
		}
	}
	return ""
}
