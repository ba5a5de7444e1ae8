package handlers

import (
	"context"
	"encoding/json"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode serves Slack's requests over a Socket Mode connection until
// ctx ends. Each request goes to the same functions the HTTP endpoints
// call, and the reply travels back in the acknowledgement.
func (h *Handlers) RunSocketMode(ctx context.Context, client *socketmode.Client) error {
	h.socket.Store(socketDown)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt, ok := <-client.Events:
				if !ok {
					return
				}
				h.socketState(evt)
				// Requests are independent; one slow views.open must not
				// hold up the next acknowledgement.
				go h.socketEvent(ctx, client, evt)
			}
		}
	}()
	return client.RunContext(ctx)
}

// The states of the Socket Mode connection, for /readyz.
const (
	socketOff int32 = iota // HTTP mode
	socketDown
	socketUp
)

// socketState logs the connection's changes and keeps its state, so that
// /readyz fails while the socket is down.
func (h *Handlers) socketState(evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		h.Log.Info("socket mode connecting")
	case socketmode.EventTypeConnected:
		h.socket.Store(socketUp)
		h.Log.Info("socket mode connected")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth:
		h.socket.Store(socketDown)
		h.Log.Warn("socket mode connection failed", "type", evt.Type, "err", evt.Data)
	case socketmode.EventTypeDisconnect:
		h.socket.Store(socketDown)
		h.Log.Warn("socket mode disconnected; reconnecting")
	}
}

func (h *Handlers) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	if evt.Request == nil {
		return
	}
	req := *evt.Request
	done := h.bg.Acking()
	defer done()
	var reply any
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		if cmd, ok := evt.Data.(slack.SlashCommand); ok {
			if msg := h.Command(ctx, cmd); msg != nil {
				reply = msg
			}
		}
	case socketmode.EventTypeInteractive:
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			if resp := h.Interaction(ctx, cb); resp != nil {
				reply = resp
			}
		}
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		h.ack(client, req, nil)
		done()
		if ok {
			var outer struct {
				EventID string `json:"event_id"`
			}
			_ = json.Unmarshal(req.Payload, &outer)
			h.Event(ctx, ev, outer.EventID)
		}
		return
	default:
		return
	}
	h.ack(client, req, reply)
}

func (h *Handlers) ack(client *socketmode.Client, req socketmode.Request, reply any) {
	var err error
	if reply == nil {
		err = client.Ack(req)
	} else {
		err = client.Ack(req, reply)
	}
	if err != nil {
		h.Log.Error("socket mode ack", "type", req.Type, "err", err)
	}
}
