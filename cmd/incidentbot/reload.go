package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/config"
)

// configPath is the file serving reads: INCIDENTBOT_CONFIG, else
// ./incidentbot.yaml when it exists; "" for the bundled example.
func configPath(env config.Env) string {
	if env.ConfigPath != "" {
		return env.ConfigPath
	}
	if _, err := os.Stat(config.DefaultFile); err == nil {
		return config.DefaultFile
	}
	return ""
}

// watchConfig reloads the configuration on SIGHUP and when the file's
// content differs from loaded, the digest of the bytes in force: a change
// written while the bot started is seen at the first look. It looks every
// period (polling the content catches an editor's rename-and-replace and
// Kubernetes' symlink swap of a ConfigMap alike, with nothing to set up)
// and calls ran after each look. A file with problems is refused, with
// every problem in the log, and the configuration in force stays.
func watchConfig(ctx context.Context, path string, loaded [32]byte, period time.Duration, ran func(), reloaded func(ok bool), current *atomic.Pointer[bot.Config], log *slog.Logger) {
	if path == "" {
		return
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	last := loaded
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		// Each new content is tried once: a broken file is reported once,
		// not at every look.
		if d := fileDigest(path); d != last && d != ([32]byte{}) {
			last = d
			reloaded(reloadConfig(path, "file changed", current, log))
		}
		ran()
		select {
		case <-ctx.Done():
			return
		case <-hup:
			last = fileDigest(path)
			reloaded(reloadConfig(path, "SIGHUP", current, log))
		case <-tick.C:
		}
	}
}

func fileDigest(path string) [32]byte {
	b, err := os.ReadFile(path)
	if err != nil {
		// Between an editor's delete and create the file may be missing;
		// the next tick sees the new one.
		return [32]byte{}
	}
	return sha256.Sum256(b)
}

// reloadConfig loads the configuration again and puts it in force; false
// when it was refused and the previous one stays.
func reloadConfig(path, why string, current *atomic.Pointer[bot.Config], log *slog.Logger) bool {
	cfg, warnings, err := config.Load(path)
	for _, w := range warnings {
		log.Warn("configuration", "warning", w)
	}
	if err != nil {
		var problems *config.Errors
		if !errors.As(err, &problems) && !errors.Is(err, fs.ErrNotExist) {
			log.Error("configuration reload failed; the previous configuration stays in force", "why", why, "err", err)
			return false
		}
		log.Error("configuration refused; the previous configuration stays in force", "why", why, "problems", err.Error())
		return false
	}
	current.Store(cfg)
	log.Info("configuration reloaded", "why", why, "units", len(cfg.Units), "routes", len(cfg.Routes))
	return true
}
