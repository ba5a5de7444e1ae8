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
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	incidentbot "github.com/incidentbot/incidentbot"
	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cases"
	"github.com/incidentbot/incidentbot/bot/deliver"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/bot/remind"
	"github.com/incidentbot/incidentbot/bot/report"
	"github.com/incidentbot/incidentbot/bot/retention"
	"github.com/incidentbot/incidentbot/classify"
	"github.com/incidentbot/incidentbot/config"
	"github.com/incidentbot/incidentbot/handlers"
	"github.com/incidentbot/incidentbot/store"
)

// domain is the bot's domain wired to its store and Slack.
type domain struct {
	reports   *report.Service
	cases     *cases.Service
	delivery  *deliver.Service
	digests   *digest.Service
	remind    *remind.Service
	retention *retention.Service
}

// newDomain wires the domain's parts. notifier and dir may be nil for a
// command that sends nothing.
func newDomain(rt bot.Runtime, st *store.Store, notifier *handlers.Notifier, dir bot.Directory, set settings) domain {
	d := domain{
		reports:   &report.Service{Runtime: rt, Store: st},
		cases:     &cases.Service{Runtime: rt, Store: st},
		delivery:  &deliver.Service{Runtime: rt, Store: st, Holder: replicaName(), Lease: set.deliveryLease},
		digests:   &digest.Service{Runtime: rt, Store: st, Lease: set.digestLease},
		remind:    &remind.Service{Runtime: rt, Store: st},
		retention: &retention.Service{Runtime: rt, Store: st},
	}
	if dir != nil {
		d.reports.Directory, d.cases.Directory, d.delivery.Directory = dir, dir, dir
	}
	if notifier != nil {
		d.delivery.Notifier, d.digests.Notifier, d.remind.Notifier = notifier, notifier, notifier
		d.retention.Announcer = d.delivery
	}
	return d
}

// serve runs the bot until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, env config.Env, set settings, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: env.Level()}))
	log.Info("incidentbot starting", "version", version())
	cfg, loaded, warnings, err := config.LoadDefaultData(env.ConfigPath, incidentbot.ExampleConfig)
	for _, w := range warnings {
		log.Warn("configuration", "warning", w)
	}
	if err != nil {
		return err
	}
	var current atomic.Pointer[bot.Config]
	current.Store(cfg)
	rt := bot.Runtime{Config: current.Load, Now: set.now, Log: log}

	rdb, embedded, closeRedis, err := openRedis(env.RedisURL, log)
	if err != nil {
		return err
	}
	defer closeRedis()
	sealer, err := env.Sealer()
	if err != nil {
		return err
	}
	if sealer == nil {
		log.Warn("INCIDENTBOT_DATA_KEY is not set: reports, notes, answers and the anonymous relay are stored in Redis in clear. Set a key (openssl rand -base64 32) for real use.")
	}
	st := store.New(rdb, store.Options{Sealer: sealer})
	if !embedded {
		// A Redis that is down at start is told to users as any outage
		// is; one that answers but does not fit the URL is refused now.
		if err := st.CheckTopology(ctx); errors.Is(err, store.ErrClusterURL) {
			return err
		}
	}
	// A key that is not the data's is refused before anything is written.
	// With a key, start-up waits for Redis to check it: the names of a
	// user's keys come from it. Without one, a Redis that is down at
	// start is told to users as any outage is.
	keyErr := make(chan error, 1)
	switch err := st.UseDataKey(ctx); {
	case errors.Is(err, store.ErrWrongKey):
		return err
	case err != nil && sealer != nil:
		log.Error("check the data key; waiting for Redis", "err", err)
		for err != nil && !errors.Is(err, store.ErrWrongKey) {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(time.Second):
			}
			err = st.UseDataKey(ctx)
		}
		if err != nil {
			return err
		}
	case err != nil:
		log.Error("check the data key; trying again until Redis answers", "err", err)
		go func() {
			for ctx.Err() == nil {
				err := st.UseDataKey(ctx)
				if errors.Is(err, store.ErrWrongKey) {
					keyErr <- err
					return
				}
				if err == nil {
					log.Info("data key checked")
					return
				}
				select {
				case <-ctx.Done():
				case <-time.After(time.Second):
				}
			}
		}()
	}

	// Two clients: one answers users inside Slack's three seconds and
	// never waits out a rate limit; the other works after the
	// acknowledgement and retries 429 after Retry-After.
	metrics := handlers.NewMetrics()
	interactive := slack.New(env.SlackBotToken, slack.OptionAPIURL(env.SlackAPIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 2500 * time.Millisecond, Transport: metrics.SlackTransport(nil, "interactive")}))
	retry := slack.DefaultRetryConfig()
	retry.MaxRetries = 5
	retry.RetryAfterJitter = 250 * time.Millisecond
	// Only a 429 is tried again inside the client: Slack did not act on
	// it. After a 5xx or a broken connection a post may have gone; the
	// delivery's own back-off tries again and looks for it first.
	retry.Handlers = []slack.RetryHandler{slack.NewRateLimitErrorRetryHandler(retry)}
	background := slack.New(env.SlackBotToken, slack.OptionAPIURL(env.SlackAPIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second, Transport: metrics.SlackTransport(nil, "background")}),
		slack.OptionRetryConfig(retry))

	rdb.AddHook(metrics.RedisHook())
	locales := handlers.NewLocales(interactive, set.now, log)
	dir := handlers.NewDirectory(interactive, set.now)
	notifier := handlers.NewNotifier(background, locales, current.Load, set.now, log)
	notifier.Found = metrics.DuplicateAvoided
	dom := newDomain(rt, st, notifier, dir, set)
	dom.delivery.Retried, dom.delivery.Pending, dom.digests.Outcome = metrics.Retried, metrics.Pending(set.now), metrics.Digest
	dom.remind.Pending = metrics.Reminders(set.now)
	dom.delivery.Classifier = classify.NewRules()
	if env.OpenAIAPIKey != "" {
		offline := dom.delivery.Classifier
		dom.delivery.Classifier = classify.NewLLM(classify.LLMConfig{APIKey: env.OpenAIAPIKey, BaseURL: env.OpenAIBaseURL,
			Model: env.OpenAIModel, Fallback: offline, Now: set.now})
		dom.delivery.Offline = offline
	}
	h := handlers.New(handlers.Deps{
		Reports: dom.reports, Cases: dom.cases, Delivery: dom.delivery, Digests: dom.digests, Directory: dir,
		Store: st, Config: current.Load, Slack: interactive, Locales: locales, Metrics: metrics,
		Log: log, SigningSecret: env.SlackSigningSecret, Embedded: embedded, Now: set.now, Workers: env.WorkerCount(),
	})

	metrics.SocketState(h)
	dom.delivery.Local = h.DeliveryQueued

	ln, err := net.Listen("tcp", env.ListenAddr)
	if err != nil {
		return fmt.Errorf("LISTEN_ADDR %s: %w", env.ListenAddr, err)
	}
	// Slack gives up after three seconds; these bound what a slow or
	// hostile client can hold open.
	srv := &http.Server{Handler: handlers.NewServer(h, env.MetricsAddr != ""), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 15 * time.Second, IdleTimeout: 2 * time.Minute}
	var metricsSrv *http.Server
	var metricsLn net.Listener
	if env.MetricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", env.MetricsAddr); err != nil {
			_ = ln.Close()
			return fmt.Errorf("METRICS_ADDR %s: %w", env.MetricsAddr, err)
		}
		metricsSrv = &http.Server{Handler: handlers.MetricsServer(h), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
			WriteTimeout: 15 * time.Second}
	}
	mode := "http"
	if env.SocketMode() {
		mode = "socket"
	}
	// What start-up parsed and built (the configuration, the classifier's
	// lexicons) is garbage now: give it back to the system, so an idle
	// bot holds what it uses.
	debug.FreeOSMemory()
	log.Info("incidentbot serving", "mode", mode, "addr", ln.Addr().String(), "embedded_store", embedded,
		"units", len(cfg.Units), "routes", len(cfg.Routes), "llm", env.OpenAIAPIKey != "")

	errs := make(chan error, 3)
	go func() { errs <- srv.Serve(ln) }()
	if metricsSrv != nil {
		log.Info("metrics served apart", "addr", metricsLn.Addr().String())
		go func() { errs <- metricsSrv.Serve(metricsLn) }()
	}
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
	loops.Go(func() { reindex(loopCtx, st, rt, log) })
	loops.Go(func() {
		every(loopCtx, set.sweepEvery, metrics.LoopRun("sweep"), func() { dom.delivery.Sweep(loopCtx, set.sweepGrace) })
	})
	loops.Go(func() {
		watchConfig(loopCtx, configPath(env), sha256.Sum256(loaded), set.reloadEvery, metrics.LoopRun("reload"), metrics.Reloaded, &current, log)
	})
	loops.Go(func() {
		every(loopCtx, set.remindEvery, metrics.LoopRun("remind"), func() {
			if n := dom.remind.Run(loopCtx); n > 0 {
				log.Info("reminders sent", "count", n)
			}
		})
	})
	holder := replicaName()
	loops.Go(func() {
		every(loopCtx, set.retentionEvery, metrics.LoopRun("retention"), func() {
			if err := dom.retention.Daily(loopCtx, holder, set.retentionLease); err != nil {
				log.Error("culling", "err", err)
			}
		})
	})
	loops.Go(func() {
		every(loopCtx, set.digestEvery, metrics.LoopRun("digest"), func() {
			if n, err := dom.digests.SendDue(loopCtx, holder); n > 0 || err != nil {
				log.Info("weekly digests", "sent", n, "failed", err != nil)
			}
		})
	})

	select {
	case <-ctx.Done():
	case err = <-keyErr:
		log.Error("data key refused; stopping", "err", err)
	case err = <-errs:
		if errors.Is(err, http.ErrServerClosed) || errors.Is(err, context.Canceled) {
			err = nil
		}
	}
	log.Info("incidentbot shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), set.shutdownGrace)
	defer cancel()
	if serr := srv.Shutdown(shutdown); serr != nil {
		log.Error("http shutdown", "err", serr)
	}
	if metricsSrv != nil {
		_ = metricsSrv.Shutdown(shutdown)
	}
	stopLoops()
	// A digest or delivery under way finishes, within the shutdown's time.
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

// every runs f now and then every period until ctx ends; ran is told
// after each run, so that a test can wait for a run that started after
// what it changed.
func every(ctx context.Context, period time.Duration, ran func(), f func()) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		f()
		ran()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// replicaName names this process among the replicas, for the digest's claims.
func replicaName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d", host, os.Getpid())
}

// reindexYears is how many years back reindex looks for cases.
const reindexYears = 10

// reindex fills, once at start, the indexes that cases stored by an
// earlier version lack. It is idempotent; a failure is logged and the
// bot serves on.
func reindex(ctx context.Context, st *store.Store, rt bot.Runtime, log *slog.Logger) {
	y := rt.Now().In(rt.Config().Location()).Year()
	years := make([]int, 0, reindexYears+1)
	for i := range reindexYears + 1 {
		years = append(years, y-i)
	}
	// Tried again until it succeeds: a Redis that is down at start-up must
	// not leave the queues and digests without the older cases.
	wait := time.Second
	for {
		err := st.Reindex(ctx, years)
		if err == nil {
			return
		}
		log.Error("reindex stored cases; trying again", "in", wait.String(), "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Minute)
	}
}
