// Package handlers is incidentbot's Slack adapter: it verifies, decodes and
// acknowledges Slack's requests, builds Block Kit views and messages, and
// calls the domain in package bot. HTTP and Socket Mode feed the same
// functions. No business rule lives here.
package handlers

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/bot/deliver"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/bot/report"
)

// Slack is the part of Slack's Web API the adapter calls; *slack.Client
// implements it.
type Slack interface {
	// The views.* methods' answers carry no view: the transport drops the
	// echo (withoutEcho), which the bot never reads.
	OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error)
	UpdateViewContext(ctx context.Context, view slack.ModalViewRequest, externalID, hash, viewID string) (*slack.ViewResponse, error)
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
	GetPermalinkContext(ctx context.Context, params *slack.PermalinkParameters) (string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	GetUsersInConversationContext(ctx context.Context, params *slack.GetUsersInConversationParameters) ([]string, string, error)
	UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
	GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
}

// Store is what the adapter itself needs from storage, beside the domain.
type Store interface {
	// SeenEvent records an Events API event id for ttl; seen is true for a repeat.
	SeenEvent(ctx context.Context, eventID string, ttl time.Duration) (seen bool, err error)
	// ClaimView records that user submitted a dialog view; false when they
	// did already. ReleaseView forgets it, for a view sent back with errors.
	ClaimView(ctx context.Context, user, view string, ttl time.Duration) (bool, error)
	ReleaseView(ctx context.Context, user, view string) error
	Ping(ctx context.Context) error
}

// Deps are the adapter's dependencies.
type Deps struct {
	// The domain's parts: reports, coordinators' actions, what follows a
	// change, and the weekly digest.
	Reports  *report.Service
	Cases    *cases.Service
	Delivery *deliver.Service
	Digests  *digest.Service
	// Directory caches people's profiles; nil when there is none.
	Directory bot.Directory
	Store     Store
	// Config returns the configuration in force.
	Config func() *bot.Config
	// Slack answers users now: it must not wait long on rate limits.
	Slack   Slack
	Locales *Locales
	Log     *slog.Logger
	// SigningSecret verifies HTTP requests; unused in Socket Mode.
	SigningSecret string
	// Embedded is set when the store is in memory only.
	Embedded bool
	Metrics  *Metrics
	// Now is the bot's one clock.
	Now func() time.Time
	// Workers bound the queued work after acknowledgements
	// (DefaultWorkers when not positive).
	Workers int
}

// Handlers answers Slack's commands, interactions and events.
type Handlers struct {
	Deps
	bg *Background
	// socket is the Socket Mode connection's state (socketOff in HTTP mode).
	socket atomic.Int32
}

// New returns the adapter. Close it to wait for its background work.
func New(d Deps) *Handlers {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Metrics == nil {
		d.Metrics = NewMetrics()
	}
	return &Handlers{Deps: d, bg: NewBackground(d.Log, d.Metrics, d.Workers)}
}

// Close waits for background work to finish, or for ctx.
func (h *Handlers) Close(ctx context.Context) error { return h.bg.Wait(ctx) }

// storeDown reports whether err means the store could not be reached.
func storeDown(err error) bool {
	return errors.Is(err, bot.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded)
}
