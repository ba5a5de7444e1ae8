package handlers

import (
	"context"
	"slices"

	"github.com/slack-go/slack"
)

// publishHome renders the user's App Home tab.
func (h *Handlers) publishHome(ctx context.Context, user string) error {
	l := h.Locales.Lang(ctx, user)
	data := homeData{Embedded: h.Embedded}
	drafts, err := h.Reports.Drafts(ctx, user)
	if err == nil {
		data.Drafts = drafts
		data.Cases, err = h.Reports.MyCases(ctx, user, homeMaxCases)
	}
	if err == nil {
		data.Queue, data.QueueMore, err = h.Cases.Queue(ctx, user, homeMaxQueue)
	}
	if data.Manager = h.Config().IsManager(user); data.Manager && err == nil {
		data.Paused, err = h.Digests.Paused(ctx, user)
	}
	data.DPO = slices.Contains(h.Config().DPO, user)
	data.Now = h.Now()
	if err != nil {
		h.Log.ErrorContext(ctx, "app home: read store", "err", err)
		data.StoreDown = true
	}
	_, err = h.Slack.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: homeView(data, h.Config(), l)})
	return err
}

// refreshHome republishes the user's Home tab in the background after a
// change it shows.
func (h *Handlers) refreshHome(user string) {
	// One waiting publish per user: it reads the state when it runs.
	h.bg.Queue("home:"+user, "home", func(ctx context.Context) error { return h.publishHome(ctx, user) })
}
