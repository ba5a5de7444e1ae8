package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// postEvent is the event type of the metadata every message the bot
// posts carries, naming it (bot.Post.Key), so that a later try finds it.
const postEvent = "incidentbot_post"

// historyPages bounds how far back a look for an earlier copy goes, in
// pages of historyLimit messages since the post's earliest time.
const (
	historyPages = 5
	historyLimit = 200
)

// post posts m to a channel or a user's DM, carrying p's key in its
// metadata. When p asks, the conversation is searched first, and a copy
// found there stands for the post: an earlier try posted it and did not
// live to record it.
func (n *Notifier) post(ctx context.Context, to string, p bot.Post, m message) (channel, ts string, err error) {
	if p.Check && p.Key != "" {
		channel, ts, found, err := n.find(ctx, to, p)
		var se slack.SlackErrorResponse
		switch {
		case errors.As(err, &se) && se.Err == "missing_scope":
			// An app installed before the history scopes: sending twice
			// beats never sending.
			n.log.WarnContext(ctx, "cannot look for an earlier copy: reinstall the app to grant the history scopes; posting", "post", p.Key)
		case err != nil:
			return "", "", fmt.Errorf("look for an earlier copy: %w", err)
		}
		if found {
			if n.Found != nil {
				n.Found()
			}
			n.log.InfoContext(ctx, "message found already posted; not posted again", "post", p.Key)
			return channel, ts, nil
		}
	}
	opts := m.options()
	if p.Key != "" {
		opts = append(opts, slack.MsgOptionMetadata(slack.SlackMetadata{EventType: postEvent, EventPayload: map[string]any{"key": p.Key}}))
	}
	return n.slack.PostMessageContext(ctx, to, opts...)
}

// find looks for the message p names in the conversation to (a channel,
// or a user whose DM it opens), from p.Since on.
func (n *Notifier) find(ctx context.Context, to string, p bot.Post) (channel, ts string, found bool, err error) {
	channel = to
	if strings.HasPrefix(to, "U") || strings.HasPrefix(to, "W") {
		ch, _, _, err := n.slack.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{to}, ReturnIM: true})
		if err != nil {
			return "", "", false, fmt.Errorf("open DM: %w", err)
		}
		channel = ch.ID
	}
	params := &slack.GetConversationHistoryParameters{ChannelID: channel, Limit: historyLimit, IncludeAllMetadata: true}
	if !p.Since.IsZero() {
		// A minute's margin for clocks apart.
		params.Oldest = strconv.FormatInt(p.Since.Unix()-60, 10) + ".000000"
	}
	for range historyPages {
		h, err := n.slack.GetConversationHistoryContext(ctx, params)
		if err != nil {
			return "", "", false, fmt.Errorf("history: %w", err)
		}
		for _, msg := range h.Messages {
			if msg.Metadata.EventType == postEvent && msg.Metadata.EventPayload["key"] == p.Key {
				return channel, msg.Timestamp, true, nil
			}
		}
		if !h.HasMore || h.ResponseMetaData.NextCursor == "" {
			break
		}
		params.Cursor = h.ResponseMetaData.NextCursor
	}
	return channel, "", false, nil
}
