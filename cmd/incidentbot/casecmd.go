package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/config"
	"github.com/incidentbot/incidentbot/store"
)

// caseJSON is `case show --json`: the case's fields and its history.
type caseJSON struct {
	bot.Case
	History []bot.AuditEntry `json:"history"`
}

// caseCommand runs `case show ID [--json]`.
func caseCommand(ctx context.Context, env config.Env, args []string, stdout io.Writer) error {
	asJSON := slices.Contains(args, "--json")
	args = slices.DeleteFunc(slices.Clone(args), func(a string) bool { return a == "--json" })
	if len(args) != 2 || args[0] != "show" {
		return errors.New("usage: incidentbot case show ID [--json]")
	}
	id := bot.CaseID(strings.TrimSpace(args[1]))
	if env.RedisURL == "" {
		return errors.New("REDIS_URL is not set: without it cases live only in the memory of a running bot")
	}
	rdb, _, closeRedis, err := openRedis(env.RedisURL, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer closeRedis()
	st := store.New(rdb, store.Options{})
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
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(caseJSON{Case: c, History: history})
	}
	fmt.Fprintf(stdout, "%s  %s  %s  severity %s  unit %s\nreporter %s  assignee %s  acknowledged by %s\ncreated %s\n",
		c.ID, c.Status, c.Category, c.Severity, c.Unit, c.Reporter, orDash(c.Assignee), orDash(c.AckBy), c.CreatedAt.Format("2006-01-02 15:04:05 MST"))
	for _, e := range history {
		fmt.Fprintf(stdout, "  %s  %-12s %s\n", e.At.Format("2006-01-02 15:04:05"), e.Actor, e.Action)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
