// Command incidentbot is a Slack bot for reporting incidents at work. With
// no arguments it serves; see run for the sub-commands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the configured time zone must load in a scratch image
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr, defaultSettings())
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "incidentbot:", err)
		os.Exit(1)
	}
}
