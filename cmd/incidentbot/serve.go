package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	incidentbot "github.com/incidentbot/incidentbot"
	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/classify"
	"github.com/incidentbot/incidentbot/config"
	"github.com/incidentbot/incidentbot/handlers"
	"github.com/incidentbot/incidentbot/store"
)

// How often unfinished deliveries are retried, and how old one must be
// before a sweep takes it over from the request that created it.
const (
	sweepEvery = 30 * time.Second
	sweepGrace = time.Minute
)

// serve runs the bot until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, env config.Env, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	cfg, loaded, warnings, err := config.LoadDefaultData(env.ConfigPath, incidentbot.ExampleConfig)
	for _, w := range warnings {
		log.Warn("configuration", "warning", w)
	}
	if err != nil {
		return err
	}
	var current atomic.Pointer[bot.Config]
	current.Store(cfg)

	rdb, embedded, closeRedis, err := openRedis(env.RedisURL, log)
	if err != nil {
		return err
	}
	defer closeRedis()
	st := store.New(rdb, store.Options{})

	// Two clients: one answers users inside Slack's three seconds and
	// never waits out a rate limit; the other works after the
	// acknowledgement and retries 429 after Retry-After, 5xx and
	// dropped connections.
	interactive := slack.New(env.SlackBotToken, slack.OptionAPIURL(env.SlackAPIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 2500 * time.Millisecond}))
	retry := slack.DefaultRetryConfig()
	retry.MaxRetries = 5
	retry.RetryAfterJitter = 250 * time.Millisecond
	retry.Handlers = []slack.RetryHandler{slack.NewConnectionErrorRetryHandler(),
		slack.NewRateLimitErrorRetryHandler(retry), slack.NewServerErrorRetryHandler(retry)}
	background := slack.New(env.SlackBotToken, slack.OptionAPIURL(env.SlackAPIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second}), slack.OptionRetryConfig(retry))

	locales := handlers.NewLocales(interactive, log)
	var classifier bot.Classifier = classify.NewRules()
	if env.OpenAIAPIKey != "" {
		classifier = classify.NewLLM(classify.LLMConfig{APIKey: env.OpenAIAPIKey, BaseURL: env.OpenAIBaseURL,
			Model: env.OpenAIModel, Fallback: classifier})
	}
	reports := &bot.Service{
		Classifier: classifier,
		Store:      st,
		Notifier:   handlers.NewNotifier(background, locales, current.Load, log),
		Directory:  handlers.NewDirectory(interactive),
		Config:     current.Load,
		Now:        clock,
		Log:        log,
	}
	h := handlers.New(handlers.Deps{
		Service: reports, Store: st, Config: current.Load, Slack: interactive, Locales: locales,
		Log: log, SigningSecret: env.SlackSigningSecret, Embedded: embedded, Now: clock,
	})

	ln, err := net.Listen("tcp", env.ListenAddr)
	if err != nil {
		return fmt.Errorf("LISTEN_ADDR %s: %w", env.ListenAddr, err)
	}
	// Slack gives up after three seconds; these bound what a slow or
	// hostile client can hold open.
	srv := &http.Server{Handler: handlers.NewServer(h), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 15 * time.Second, IdleTimeout: 2 * time.Minute}
	mode := "http"
	if env.SocketMode() {
		mode = "socket"
	}
	log.Info("incidentbot serving", "mode", mode, "addr", ln.Addr().String(), "embedded_store", embedded,
		"units", len(cfg.Units), "routes", len(cfg.Routes), "llm", env.OpenAIAPIKey != "")

	errs := make(chan error, 2)
	go func() { errs <- srv.Serve(ln) }()
	if env.SocketMode() {
		api := slack.New(env.SlackBotToken, slack.OptionAPIURL(env.SlackAPIURL), slack.OptionAppLevelToken(env.SlackAppToken),
			slack.OptionLog(slog.NewLogLogger(log.Handler(), slog.LevelDebug)))
		client := socketmode.New(api, socketmode.OptionLog(slog.NewLogLogger(log.Handler(), slog.LevelDebug)))
		go func() { errs <- h.RunSocketMode(ctx, client) }()
	}
	// The loops end with loopCtx and are waited for at shutdown, so that
	// a digest or a redelivery under way finishes before the process ends.
	loopCtx, stopLoops := context.WithCancel(ctx)
	defer stopLoops()
	var loops sync.WaitGroup
	loops.Go(func() { reindex(loopCtx, st, cfg, log) })
	loops.Go(func() { sweepDeliveries(loopCtx, reports) })
	loops.Go(func() { watchConfig(loopCtx, configPath(env), sha256.Sum256(loaded), &current, log) })
	loops.Go(func() { sendDigests(loopCtx, reports, log) })

	select {
	case <-ctx.Done():
	case err = <-errs:
		if errors.Is(err, http.ErrServerClosed) || errors.Is(err, context.Canceled) {
			err = nil
		}
	}
	log.Info("incidentbot shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if serr := srv.Shutdown(shutdown); serr != nil {
		log.Error("http shutdown", "err", serr)
	}
	stopLoops()
	// A digest or delivery under way finishes, within the shutdown's time:
	// an orchestrator kills the process soon after asking it to stop.
	waited := make(chan struct{})
	go func() { loops.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-shutdown.Done():
		log.Warn("background work still under way at shutdown; what is unfinished resumes at the next start")
	}
	if werr := h.Close(shutdown); werr != nil {
		log.Error("background work unfinished at shutdown; pending deliveries resume at next start", "err", werr)
	}
	return err
}

// sweepDeliveries retries deliveries that did not finish, for example
// because Slack was down or the bot restarted in between.
func sweepDeliveries(ctx context.Context, reports *bot.Service) {
	t := time.NewTicker(sweepEvery)
	defer t.Stop()
	for {
		reports.RedeliverPending(ctx, sweepGrace)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// reindexYears is how many years back reindex looks for cases.
const reindexYears = 10

// reindex fills, once at start, the indexes that cases stored by an
// earlier version lack. It is idempotent; a failure is logged and the
// bot serves on.
func reindex(ctx context.Context, st *store.Store, cfg *bot.Config, log *slog.Logger) {
	y := time.Now().In(cfg.Location()).Year()
	years := make([]int, 0, reindexYears+1)
	for i := range reindexYears + 1 {
		years = append(years, y-i)
	}
	if err := st.Reindex(ctx, years); err != nil {
		log.Error("reindex stored cases; queues and digests may miss older cases until the next start", "err", err)
	}
}
