package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/incidentbot/incidentbot/bot/deliver"
	"github.com/incidentbot/incidentbot/bot/digest"
	"github.com/incidentbot/incidentbot/config"
)

const usage = `usage:
  incidentbot                          serve (HTTP, or Socket Mode when SLACK_APP_TOKEN is set)
  incidentbot check-config [FILE]      validate the configuration file
  incidentbot case show ID [--json]    print one case and its history from Redis
  incidentbot case export ID --format md   the case as the Lex Sarah investigation document
  incidentbot digest --dry-run [--week YYYY-Www]   print every manager's weekly digest
  incidentbot classify --eval FILE.jsonl [--llm]  measure classification on a labelled set
  incidentbot retention [--dry-run]    cull the closed cases whose retention time has passed
  incidentbot rekey                    seal every stored text again with INCIDENTBOT_DATA_KEY
  incidentbot --version                the version
  incidentbot COMMAND --help           one command's help
`

// commandHelp is each sub-command's --help, before the environment it
// reads.
var commandHelp = map[string]string{
	"retention": strings.TrimSuffix(retentionUsage, "\n"),
	"rekey":     strings.TrimSuffix(rekeyUsage, "\n"),
	"check-config": `usage: incidentbot check-config [FILE]
  validates the configuration (FILE, else INCIDENTBOT_CONFIG, else
  ./incidentbot.yaml) and the environment; exit 0, or 1 with the reasons.`,
	"case": `usage: incidentbot case show ID [--json]
       incidentbot case export ID --format md [--lang sv|en]
  show prints one case and its history from Redis (--json: as JSON);
  export prints the case as the Lex Sarah investigation document and
  records the export in the case's history.`,
	"digest": `usage: incidentbot digest --dry-run [--week YYYY-Www]
  prints every manager's weekly digest of the week (default: the last full
  week) instead of sending it.`,
	"classify": `usage: incidentbot classify --eval FILE.jsonl [--llm]
  measures the classifier on a labelled set, JSON Lines of {"text",
  "category"} and optionally "severity" and "regimes" (and "unit_lex_sarah":
  false for a report from a unit outside Lex Sarah): a confusion table,
  the severity and regime figures when labelled, and last "accuracy: 0.NN".
  --llm measures the language model of OPENAI_* with the rules as fallback.`,
}

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "help" }

// errUsage is returned for a command line that names nothing we do.
var errUsage = errors.New("unknown command; run 'incidentbot help'")

// settings are how the bot runs beside its environment and configuration:
// its one clock and the pace of its background loops. main runs it with
// defaultSettings; tests move the clock and quicken the loops.
type settings struct {
	// now is the bot's one clock: everything below run reads the time
	// from it.
	now func() time.Time
	// digestEvery is how often a replica looks for digests that are due.
	// The claim in Redis makes the checks of several replicas send each
	// digest once.
	digestEvery time.Duration
	// deliveryLease is how long a claim on a delivery or announcement
	// lasts unless renewed.
	deliveryLease time.Duration
	// digestLease is how long a replica's claim on a digest lasts unless
	// it is extended.
	digestLease time.Duration
	// reloadEvery is how often the configuration file is read for changes.
	reloadEvery time.Duration
	// remindEvery is how often a replica looks for reminders that are due;
	// the schedule in Redis makes the looks of several replicas send each
	// reminder once.
	remindEvery time.Duration
	// sweepEvery is how often unfinished deliveries and announcements
	// that are due are tried, and sweepGrace how old a new one must be
	// before a sweep takes it rather than leave it to the request that
	// made it. A failed one waits bot.RetryDelay; one whose process died
	// is free once its lease lapses.
	sweepEvery, sweepGrace time.Duration
	// retentionEvery is how often a replica looks whether the day's
	// culling has run; retentionLease how long one replica's run holds
	// the others off.
	retentionEvery, retentionLease time.Duration
	// shutdownGrace bounds a graceful shutdown: an orchestrator kills the
	// process soon after asking it to stop.
	shutdownGrace time.Duration
}

func defaultSettings() settings {
	return settings{
		now:           time.Now,
		digestEvery:   time.Minute,
		digestLease:   digest.DefaultLease,
		deliveryLease: deliver.DefaultLease,
		reloadEvery:   2 * time.Second,
		remindEvery:   20 * time.Second,
		sweepEvery:    2 * time.Second,
		sweepGrace:    2 * time.Second,
		shutdownGrace: 20 * time.Second,
		// A day's run starts within ten minutes of midnight, or of
		// start-up.
		retentionEvery: 10 * time.Minute,
		retentionLease: 30 * time.Minute,
	}
}

// run is the whole program: main only calls it, and the end-to-end tests
// call it too, with an environment of their own (getenv) and settings.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, set settings) error {
	var rest []string
	if len(args) > 1 {
		rest = args[1:]
	}
	env := config.LoadEnv(getenv)
	if len(rest) == 0 {
		if err := env.Validate(true); err != nil {
			return err
		}
		return serve(ctx, env, set, stdout, stderr)
	}
	if help, ok := commandHelp[rest[0]]; ok && slices.ContainsFunc(rest[1:], isHelp) {
		if _, err := io.WriteString(stdout, help+"\n"); err != nil {
			return err
		}
		return config.Usage(stdout)
	}
	switch rest[0] {
	case "check-config":
		return checkConfig(env, rest[1:], stdout)
	case "case":
		return caseCommand(ctx, env, set, rest[1:], stdout)
	case "digest":
		return digestCommand(ctx, env, set, rest[1:], stdout)
	case "classify":
		return classifyCommand(ctx, env, rest[1:], stdout)
	case "retention":
		return retentionCommand(ctx, env, set, rest[1:], stdout)
	case "rekey":
		return rekeyCommand(ctx, env, rest[1:], stdout)
	case "version", "--version", "-v":
		_, err := io.WriteString(stdout, versionLine())
		return err
	case "help", "-h", "--help":
		if _, err := io.WriteString(stdout, usage+"\n"); err != nil {
			return err
		}
		return config.Usage(stdout)
	}
	fmt.Fprint(stderr, usage)
	return errUsage
}
