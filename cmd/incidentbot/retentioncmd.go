package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	incidentbot "github.com/incidentbot/incidentbot"
	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/retention"
	"github.com/incidentbot/incidentbot/config"
)

const retentionUsage = `usage: incidentbot retention [--dry-run]
  culls now the closed cases whose retention time (the configuration's
  retention:) has passed: each keeps its id, category, unit, severity,
  regimes, status, decision and dates, and loses every free text, note,
  question and answer and the ids of the people in it. A case with a legal
  hold or a deadline still open is kept. The serving bot does this daily.
  --dry-run   list what would be culled, and what is kept and why; change nothing
`

// retentionCommand runs `retention [--dry-run]`.
func retentionCommand(ctx context.Context, env config.Env, set settings, args []string, stdout io.Writer) error {
	dry := false
	for _, a := range args {
		switch a {
		case "--dry-run":
			dry = true
		case "-h", "--help", "help":
			_, err := io.WriteString(stdout, retentionUsage)
			return err
		default:
			return fmt.Errorf("retention: unknown argument %q\n%s", a, retentionUsage)
		}
	}
	cfg, _, err := config.LoadDefault(env.ConfigPath, incidentbot.ExampleConfig)
	if err != nil {
		return err
	}
	st, closeStore, err := openStore(env)
	if err != nil {
		return err
	}
	defer closeStore()
	rt := bot.Runtime{Config: func() *bot.Config { return cfg }, Now: set.now, Log: slog.New(slog.DiscardHandler)}
	s := newDomain(rt, st, nil, nil, set).retention
	items, err := s.Run(ctx, operator(), dry)
	fmt.Fprint(stdout, retention.Describe(items, dry, cfg.Location()))
	culled, kept := retention.Count(items)
	switch {
	case dry:
		fmt.Fprintf(stdout, "dry run: %d would be culled, %d kept past their time; nothing changed\n", culled, kept)
	default:
		fmt.Fprintf(stdout, "%d culled, %d kept past their time\n", culled, kept)
	}
	return err
}
