package handlers

import (
	"context"
	"time"

	"github.com/slack-go/slack/slackevents"
)

// eventMemory is how long an event id is remembered: Slack's last retry
// comes about five minutes after the first attempt.
const eventMemory = time.Hour

// Event handles an Events API callback after its acknowledgement. Slack
// retries events it thinks were lost; the event id makes a retry a no-op.
func (h *Handlers) Event(ctx context.Context, ev slackevents.EventsAPIEvent, eventID string) {
	if eventID != "" {
		seen, err := h.Store.SeenEvent(ctx, eventID, eventMemory)
		if err != nil {
			// Handling twice is better than not at all: every event we
			// handle is idempotent.
			h.Log.WarnContext(ctx, "event dedupe", "err", err)
		}
		if seen {
			h.Metrics.request("event", "duplicate")
			return
		}
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab == "home" {
			h.Metrics.request("event", "app_home_opened")
			user := e.User
			h.refreshHome(user)
		}
	}
}
