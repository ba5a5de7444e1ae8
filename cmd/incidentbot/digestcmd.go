package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	incidentbot "github.com/incidentbot/incidentbot"
	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/config"
	"github.com/incidentbot/incidentbot/handlers"
)

// digestCommand runs `digest --dry-run [--week YYYY-Www] [--lang sv|en]`:
// every manager's digest for the week, printed instead of sent.
func digestCommand(ctx context.Context, env config.Env, set settings, args []string, stdout io.Writer) error {
	var week string
	lang := bot.Swedish
	dry := false
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--dry-run":
			dry = true
		case a == "--week" && i+1 < len(args):
			week = args[i+1]
			i++
		case strings.HasPrefix(a, "--week="):
			week = strings.TrimPrefix(a, "--week=")
		case a == "--lang" && i+1 < len(args):
			lang = bot.Lang(args[i+1])
			i++
		default:
			return fmt.Errorf("digest: unknown argument %q; usage: incidentbot digest --dry-run [--week YYYY-Www]", a)
		}
	}
	if !lang.Valid() {
		return fmt.Errorf("digest: --lang is sv or en")
	}
	if !dry {
		return errors.New("digest: the bot sends digests on its schedule; use --dry-run to print them")
	}
	cfg, _, err := config.LoadDefault(env.ConfigPath, incidentbot.ExampleConfig)
	if err != nil {
		return err
	}
	now := set.now()
	if week == "" {
		week = bot.LastFullWeek(now, cfg.Location())
	}
	if _, err := bot.WeekStart(week, cfg.Location()); err != nil {
		return fmt.Errorf("--week: %w", err)
	}
	st, closeStore, err := openStore(env)
	if err != nil {
		return err
	}
	defer closeStore()
	rt := bot.Runtime{Config: func() *bot.Config { return cfg }, Now: set.now, Log: slog.New(slog.DiscardHandler)}
	s := newDomain(rt, st, nil, nil, set).digests
	managers := cfg.Managers()
	names := make([]string, 0, len(managers))
	for m := range managers {
		names = append(names, m)
	}
	slices.Sort(names)
	if len(names) == 0 {
		fmt.Fprintln(stdout, "no managers in the configuration: no digests")
		return nil
	}
	for _, m := range names {
		d, err := s.Build(ctx, m, week, now)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "=== %s ===\n%s\n", m, handlers.DigestText(d, cfg, lang))
	}
	return nil
}
