// Command incidentbot is a Slack bot for reporting incidents at work. With
// no arguments it serves; see run for the sub-commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the configured time zone must load in a scratch image

	"github.com/incidentbot/incidentbot/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr, defaultSettings())
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, errorText(err))
		os.Exit(1)
	}
}

// errorText is how a failure is told on stderr: after the program's name,
// but a list of file:line: problems as it is, each line alike.
func errorText(err error) string {
	var problems *config.Errors
	if errors.As(err, &problems) {
		return err.Error()
	}
	return "incidentbot: " + err.Error()
}
