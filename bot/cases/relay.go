package cases

import (
	"context"
	"strconv"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
)

// Ask relays a handler's question to the case's reporter, who may be
// anonymous: the bot sends it to them and brings their answer back. Only
// an open case takes questions.
func (s *Service) Ask(ctx context.Context, id bot.CaseID, actor, text string) (bot.Message, error) {
	c, err := s.handle(ctx, id, actor, bot.ActionAsked)
	if err != nil {
		return bot.Message{}, err
	}
	if _, err := move(c, bot.MoveAsk); err != nil {
		return bot.Message{}, err
	}
	text = strings.TrimSpace(text)
	errs := bot.FieldErrors{}
	bot.CheckText(bot.FieldQuestion, text, bot.MaxMessage, true, errs)
	if len(errs) > 0 {
		return bot.Message{}, errs
	}
	now := s.Now()
	m := bot.Message{At: now, By: actor, Text: text}
	return s.Store.AddMessage(ctx, id, bot.MoveAsk, m, bot.EventAsked, bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionAsked,
		Fields: map[string]string{"number": strconv.Itoa(c.Messages + 1)}})
}

// Hold puts the case under a legal hold, with a reason, so that it is not
// culled when its retention time has passed; lift takes the hold off. A
// hold already as asked changes nothing.
func (s *Service) Hold(ctx context.Context, id bot.CaseID, actor, reason string, lift bool) (bot.Case, bool, error) {
	c, err := s.handle(ctx, id, actor, bot.ActionHeld)
	if err != nil {
		return bot.Case{}, false, err
	}
	if _, err := move(c, bot.MoveHold); err != nil {
		return bot.Case{}, false, err
	}
	now := s.Now()
	ch := bot.Change{Move: bot.MoveHold, Was: c, Version: c.Version, Announce: bot.EventHeld}
	if lift {
		if c.Hold == nil {
			return c, false, nil
		}
		ch.LiftHold = true
		ch.Audit = bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionHoldLifted}
		return s.Store.UpdateCase(ctx, id, ch)
	}
	reason = strings.TrimSpace(reason)
	errs := bot.FieldErrors{}
	bot.CheckText(bot.FieldHoldReason, reason, bot.MaxHoldReason, true, errs)
	if len(errs) > 0 {
		return bot.Case{}, false, errs
	}
	if c.Hold != nil && c.Hold.Reason == reason {
		return c, false, nil
	}
	if !c.CulledAt.IsZero() {
		return bot.Case{}, false, bot.FieldErrors{bot.FieldHoldReason: bot.Text{SV: "Ärendet är redan gallrat: det finns inget kvar att bevara.",
			EN: "The case has been culled already: there is nothing left to keep."}}
	}
	ch.Hold = &bot.Hold{Reason: reason, By: actor, At: now}
	ch.Audit = bot.AuditEntry{At: now, Actor: actor, Action: bot.ActionHeld}
	return s.Store.UpdateCase(ctx, id, ch)
}
