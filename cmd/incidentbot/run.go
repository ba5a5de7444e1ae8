package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/incidentbot/incidentbot/config"
)

const usage = `usage:
  incidentbot                          serve (HTTP, or Socket Mode when SLACK_APP_TOKEN is set)
  incidentbot check-config [FILE]      validate the configuration file
  incidentbot case show ID [--json]    print one case and its history from Redis
  incidentbot case export ID --format md   the case as the Lex Sarah investigation document
  incidentbot digest --dry-run [--week YYYY-Www]   print every manager's weekly digest
  incidentbot classify --eval FILE.jsonl [--llm]  measure classification on a labelled set
`

// errUsage is returned for a command line that names nothing we do.
var errUsage = errors.New("unknown command; run 'incidentbot help'")

// run is the whole program: main only calls it, and tests call it too.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var rest []string
	if len(args) > 1 {
		rest = args[1:]
	}
	env, err := config.LoadEnv()
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		if err := env.Validate(true); err != nil {
			return err
		}
		return serve(ctx, env, stdout, stderr)
	}
	switch rest[0] {
	case "check-config":
		return checkConfig(env, rest[1:], stdout)
	case "case":
		return caseCommand(ctx, env, rest[1:], stdout)
	case "digest":
		return digestCommand(ctx, env, rest[1:], stdout)
	case "classify":
		return classifyCommand(ctx, env, rest[1:], stdout)
	case "help", "-h", "--help":
		_, err := io.WriteString(stdout, usage)
		return err
	}
	fmt.Fprint(stderr, usage)
	return errUsage
}
