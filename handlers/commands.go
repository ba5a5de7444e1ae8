package handlers

import (
	"context"
	"strings"

	"github.com/slack-go/slack"
)

// statusLimit is how many reports /report status lists.
const statusLimit = 20

// Command answers a slash command. The reply, when not nil, is the
// ephemeral message in the acknowledgement.
func (h *Handlers) Command(ctx context.Context, cmd slack.SlashCommand) *slack.Msg {
	user := cmd.UserID
	word := strings.ToLower(strings.TrimSpace(cmd.Text))
	switch word {
	case "":
		storeErr, err := h.openReport(ctx, user, cmd.TriggerID)
		if storeErr != nil {
			h.Metrics.request("command", "store_down")
			return ephemeral(message{Text: txt.StoreDownCmd.In(h.Locales.Lang(ctx, user))})
		}
		if err != nil {
			// The trigger expired or Slack failed: say so, or the user
			// is left with nothing.
			h.Log.ErrorContext(ctx, "open report dialog", "err", err)
			h.Metrics.request("command", "slack_error")
			return ephemeral(message{Text: txt.SlackTrouble.In(h.Locales.Lang(ctx, user))})
		}
		h.Metrics.request("command", "open")
		return nil
	case "status":
		l := h.Locales.Lang(ctx, user)
		cases, err := h.Reports.MyCases(ctx, user, statusLimit)
		if err != nil {
			h.Log.ErrorContext(ctx, "report status", "err", err)
			return ephemeral(message{Text: txt.StoreDownCmd.In(l)})
		}
		return ephemeral(statusMessage(cases, h.Config(), l))
	case "digest":
		return h.digestPreview(ctx, user)
	case "help":
		return ephemeral(helpMessage(cmd.Command, false, h.Locales.Lang(ctx, user)))
	}
	return ephemeral(helpMessage(cmd.Command, true, h.Locales.Lang(ctx, user)))
}

func ephemeral(m message) *slack.Msg {
	return &slack.Msg{ResponseType: slack.ResponseTypeEphemeral, Text: m.Text, Blocks: slack.Blocks{BlockSet: m.Blocks}}
}

// digestPreview shows a manager the digest of the last full week, as it
// stands now.
func (h *Handlers) digestPreview(ctx context.Context, user string) *slack.Msg {
	l := h.Locales.Lang(ctx, user)
	cfg := h.Config()
	if !cfg.IsManager(user) {
		return ephemeral(message{Text: txt.DigestNotManager.In(l)})
	}
	d, err := h.Digests.Preview(ctx, user)
	if err != nil {
		h.Log.ErrorContext(ctx, "digest preview", "err", err)
		return ephemeral(message{Text: txt.StoreDownCmd.In(l)})
	}
	m := digestMessage(d, cfg, l)
	m.Blocks = append(m.Blocks, note(txt.DigestPreview.In(l)))
	return ephemeral(m)
}
