package handlers

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/deliver"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/bot/remind"
	"github.com/incidentbot/incidentbot/chart"
)

// Notifier posts receipts and case cards. Its Slack client should retry
// 429s after Retry-After and 5xx with back-off: it runs after the
// acknowledgement, where waiting is fine.
type Notifier struct {
	slack   Slack
	locales *Locales
	config  func() *bot.Config
	now     func() time.Time
	log     *slog.Logger
	// Found, when set, is told of each message found already in Slack
	// and not posted again.
	Found func()
}

var _ deliver.Notifier = (*Notifier)(nil)

// NewNotifier returns a notifier that posts through s.
func NewNotifier(s Slack, l *Locales, config func() *bot.Config, now func() time.Time, log *slog.Logger) *Notifier {
	return &Notifier{slack: s, locales: l, config: config, now: now, log: log}
}

// SendReceipt DMs the reporter their receipt, in their language.
func (n *Notifier) SendReceipt(ctx context.Context, c bot.Case, user string, p bot.Post) error {
	m := receiptMessage(c, n.config(), n.locales.Lang(ctx, user))
	if _, _, err := n.post(ctx, user, p, m); err != nil {
		return fmt.Errorf("post receipt: %w", err)
	}
	return nil
}

// PostCard posts the case card to a channel, in the configured language,
// or to a person's DM, in theirs.
func (n *Notifier) PostCard(ctx context.Context, c bot.Case, t bot.Target, p bot.Post) (bot.CardRef, error) {
	cfg := n.config()
	l, to := cfg.Language, t.Channel
	if t.User != "" {
		l, to = n.locales.Lang(ctx, t.User), t.User
	}
	channel, ts, err := n.post(ctx, to, p, caseCard(c, cfg, l, n.now()))
	if err != nil {
		return bot.CardRef{}, fmt.Errorf("post card: %w", err)
	}
	return bot.CardRef{Channel: channel, TS: ts}, nil
}

// UpdateCard redraws a posted card in place, in the language it was
// posted in.
func (n *Notifier) UpdateCard(ctx context.Context, c bot.Case, ref bot.CardRef) error {
	cfg := n.config()
	l := cfg.Language
	if ref.Target.User != "" {
		l = n.locales.Lang(ctx, ref.Target.User)
	}
	if _, _, _, err := n.slack.UpdateMessageContext(ctx, ref.Channel, ref.TS, caseCard(c, cfg, l, n.now()).options()...); err != nil {
		return fmt.Errorf("update card: %w", err)
	}
	return nil
}

// TellReporter DMs the reporter, anonymous or not, that their case was
// acknowledged, given a handler or closed, with neither notes nor names;
// at closing with the handler's feedback.
func (n *Notifier) TellReporter(ctx context.Context, c bot.Case, user string, e bot.Event, feedback string, p bot.Post) error {
	return n.dm(ctx, "tell reporter", user, p, reporterNews(c, e, feedback, n.locales.Lang(ctx, user)))
}

// AskReporter DMs the reporter a handler's question with an answer button.
func (n *Notifier) AskReporter(ctx context.Context, c bot.Case, user string, q bot.Message, p bot.Post) error {
	return n.dm(ctx, "ask reporter", user, p, questionMessage(c, q, n.locales.Lang(ctx, user)))
}

// TellHandler DMs a handler that the reporter wrote, without what.
func (n *Notifier) TellHandler(ctx context.Context, c bot.Case, user string, m bot.Message, p bot.Post) error {
	return n.dm(ctx, "tell handler", user, p, handlerMessage(c, m, n.locales.Lang(ctx, user)))
}

func (n *Notifier) dm(ctx context.Context, what, user string, p bot.Post, m message) error {
	if _, _, err := n.post(ctx, user, p, m); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// SendReminder DMs one person a reminder of a case's deadline, in their
// language.
func (n *Notifier) SendReminder(ctx context.Context, c bot.Case, r remind.Reminder, user string, handles bool) error {
	m := reminderMessage(c, r, n.config(), handles, n.locales.Lang(ctx, user))
	if _, _, err := n.slack.PostMessageContext(ctx, user, m.options()...); err != nil {
		return fmt.Errorf("post reminder: %w", err)
	}
	return nil
}

var _ remind.Notifier = (*Notifier)(nil)

// PostDigest posts a digest's text to the manager and returns the channel
// it went to, so that the digest counts as sent before its chart is
// uploaded (digest.Notifier).
func (n *Notifier) PostDigest(ctx context.Context, manager string, d digest.Digest, p bot.Post) (string, error) {
	l := n.locales.Lang(ctx, manager)
	channel, _, err := n.post(ctx, manager, p, digestMessage(d, n.config(), l))
	if err != nil {
		return "", fmt.Errorf("post digest: %w", err)
	}
	return channel, nil
}

// AttachDigestChart uploads a digest's chart to the channel its text went to.
func (n *Notifier) AttachDigestChart(ctx context.Context, manager, channel string, d digest.Digest) error {
	return n.uploadChart(ctx, channel, d, n.locales.Lang(ctx, manager))
}

var _ digest.Notifier = (*Notifier)(nil)

func (n *Notifier) uploadChart(ctx context.Context, channel string, d digest.Digest, l bot.Lang) error {
	w := chart.Weekly{Counts: map[bot.Category][]int64{}}
	for _, wc := range d.Chart {
		w.Weeks = append(w.Weeks, wc.Week)
		for _, info := range bot.Categories {
			w.Counts[info.ID] = append(w.Counts[info.ID], wc.Counts[info.ID])
		}
	}
	title := txt.DigestChartTitle.In(l)
	png, err := chart.PNG(w.Banded(), title, l)
	if err != nil {
		return fmt.Errorf("draw chart: %w", err)
	}
	_, err = n.slack.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: bytes.NewReader(png), FileSize: len(png), Filename: "incidents-" + d.Week + ".png",
		Title: title, AltTxt: title, Channel: channel,
	})
	return err
}
