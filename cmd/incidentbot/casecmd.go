package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os/user"
	"slices"
	"strings"
	"time"

	incidentbot "github.com/incidentbot/incidentbot"
	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/config"
	"github.com/incidentbot/incidentbot/store"
)

const caseUsage = "usage: incidentbot case show ID [--json] | incidentbot case export ID --format md [--lang sv|en]"

// caseJSON is `case show --json`: the case's fields and its history.
type caseJSON struct {
	bot.Case
	History []bot.AuditEntry `json:"history"`
}

// caseCommand runs `case show ID [--json]` and `case export ID --format md`.
func caseCommand(ctx context.Context, env config.Env, set settings, args []string, stdout io.Writer) error {
	flags := map[string]string{}
	var pos []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--json":
			flags["json"] = "1"
		case (a == "--format" || a == "--lang") && i+1 < len(args):
			flags[strings.TrimPrefix(a, "--")] = args[i+1]
			i++
		case strings.HasPrefix(a, "--format=") || strings.HasPrefix(a, "--lang="):
			k, v, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
			flags[k] = v
		default:
			pos = append(pos, a)
		}
	}
	if len(pos) != 2 || !slices.Contains([]string{"show", "export"}, pos[0]) {
		return errors.New(caseUsage)
	}
	if pos[0] == "export" && flags["format"] != "md" {
		return errors.New("case export: --format md is the format there is; " + caseUsage)
	}
	id := bot.CaseID(strings.TrimSpace(pos[1]))
	st, closeStore, err := openStore(env)
	if err != nil {
		return err
	}
	defer closeStore()
	if pos[0] == "export" {
		return exportCase(ctx, env, set, st, id, bot.Lang(flags["lang"]), stdout)
	}
	c, err := st.Case(ctx, id)
	if errors.Is(err, bot.ErrNotFound) {
		return fmt.Errorf("case %s not found", id)
	}
	if err != nil {
		return err
	}
	history, err := st.History(ctx, id)
	if err != nil {
		return err
	}
	if flags["json"] != "" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(caseJSON{Case: c, History: history})
	}
	// Times in the configured time zone, as the cards show them.
	loc := time.UTC
	if cfg, _, err := config.LoadDefault(env.ConfigPath, incidentbot.ExampleConfig); err == nil {
		loc = cfg.Location()
	}
	fmt.Fprintf(stdout, "%s  %s  %s  severity %s  unit %s\nreporter %s  assignee %s  acknowledged by %s\ncreated %s\n",
		c.ID, c.Status, c.Category, c.Severity, c.Unit, c.Reporter, orDash(c.Assignee), orDash(c.AckBy), c.CreatedAt.In(loc).Format("2006-01-02 15:04:05 MST"))
	for _, e := range history {
		fmt.Fprintf(stdout, "  %s  %-12s %s\n", e.At.In(loc).Format("2006-01-02 15:04:05 MST"), e.Actor, e.Action)
	}
	return nil
}

// exportCase writes the case's documents (bot.CaseDocument): the
// investigation, the breach record or both. The export reads the
// report, so it is recorded in the case's history with the operating
// system user who ran it.
func exportCase(ctx context.Context, env config.Env, set settings, st *store.Store, id bot.CaseID, l bot.Lang, stdout io.Writer) error {
	cfg, _, err := config.LoadDefault(env.ConfigPath, incidentbot.ExampleConfig)
	if err != nil {
		return err
	}
	if !l.Valid() {
		l = bot.Swedish
	}
	rt := bot.Runtime{Config: func() *bot.Config { return cfg }, Now: set.now, Log: slog.New(slog.DiscardHandler)}
	d, err := newDomain(rt, st, nil, nil, set).cases.Export(ctx, id, operator())
	if errors.Is(err, bot.ErrNotFound) {
		return fmt.Errorf("case %s not found", id)
	}
	if err != nil {
		return err
	}
	_, err = io.WriteString(stdout, bot.CaseDocument(d, cfg, l))
	return err
}

// operator names who runs a command, for the audit trail.
func operator() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	return "cli"
}

// openStore connects a command to the bot's Redis. A command has nothing
// to read without one: the embedded store lives in the serving process.
func openStore(env config.Env) (*store.Store, func(), error) {
	if env.RedisURL == "" {
		return nil, nil, errors.New("REDIS_URL is not set: without it cases live only in the memory of a running bot")
	}
	sealer, err := env.Sealer()
	if err != nil {
		return nil, nil, err
	}
	rdb, _, closeRedis, err := openRedis(env.RedisURL, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, nil, err
	}
	st := store.New(rdb, store.Options{Sealer: sealer})
	if err := st.UseDataKey(context.Background()); err != nil {
		closeRedis()
		return nil, nil, err
	}
	return st, closeRedis, nil
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
