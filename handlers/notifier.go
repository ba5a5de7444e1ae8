package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// Notifier posts receipts and case cards. Its Slack client should retry
// 429s after Retry-After and 5xx with back-off: it runs after the
// acknowledgement, where waiting is fine.
type Notifier struct {
	slack   Slack
	locales *Locales
	config  func() *bot.Config
}

var _ bot.Notifier = (*Notifier)(nil)

// NewNotifier returns a notifier that posts through s.
func NewNotifier(s Slack, l *Locales, config func() *bot.Config) *Notifier {
	return &Notifier{slack: s, locales: l, config: config}
}

// SendReceipt DMs the reporter their receipt, in their language.
func (n *Notifier) SendReceipt(ctx context.Context, c bot.Case, user string) error {
	m := receiptMessage(c, n.config(), n.locales.Lang(ctx, user))
	if _, _, err := n.slack.PostMessageContext(ctx, user, m.options()...); err != nil {
		return fmt.Errorf("post receipt: %w", err)
	}
	return nil
}

// PostCard posts the case card to a channel, in the configured language,
// or to a person's DM, in theirs.
func (n *Notifier) PostCard(ctx context.Context, c bot.Case, t bot.Target) (bot.CardRef, error) {
	cfg := n.config()
	l, to := cfg.Language, t.Channel
	if t.User != "" {
		l, to = n.locales.Lang(ctx, t.User), t.User
	}
	channel, ts, err := n.slack.PostMessageContext(ctx, to, caseCard(c, cfg, l, time.Now()).options()...)
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
	if _, _, _, err := n.slack.UpdateMessageContext(ctx, ref.Channel, ref.TS, caseCard(c, cfg, l, time.Now()).options()...); err != nil {
		return fmt.Errorf("update card: %w", err)
	}
	return nil
}

// TellReporter DMs a named reporter that their case was acknowledged or
// closed, with neither notes nor names.
func (n *Notifier) TellReporter(ctx context.Context, c bot.Case, user string, e bot.Event) error {
	m := reporterNews(c, e, n.locales.Lang(ctx, user))
	if _, _, err := n.slack.PostMessageContext(ctx, user, m.options()...); err != nil {
		return fmt.Errorf("tell reporter: %w", err)
	}
	return nil
}
