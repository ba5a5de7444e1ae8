package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/incidentbot/incidentbot/config"
)

const rekeyUsage = `usage: incidentbot rekey
  seals every stored text again with INCIDENTBOT_DATA_KEY: the reports,
  notes, questions and answers, closures, legal holds, escalation reasons,
  the anonymous relay and drafts, and renames the reporter index. Values
  sealed with a key in INCIDENTBOT_OLD_DATA_KEYS, or stored in clear before
  a key was set, are read and sealed again; the rest is left alone. Safe to
  run again, and a run that stops midway is finished by the next. When it
  is done, the old keys may be dropped.
`

// rekeyCommand runs `rekey`.
func rekeyCommand(ctx context.Context, env config.Env, args []string, stdout io.Writer) error {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "help" {
			_, err := io.WriteString(stdout, rekeyUsage)
			return err
		}
		return fmt.Errorf("rekey: unknown argument %q\n%s", a, rekeyUsage)
	}
	if env.DataKey == "" {
		return errors.New("rekey: INCIDENTBOT_DATA_KEY is not set; set the new key, and the earlier ones in INCIDENTBOT_OLD_DATA_KEYS")
	}
	st, closeStore, err := openStore(env)
	if err != nil {
		return err
	}
	defer closeStore()
	n, err := st.Rekey(ctx)
	fmt.Fprintf(stdout, "%d cases looked at, %d values and %d drafts sealed again\n", n.Cases, n.Values, n.Drafts)
	return err
}
