package main

import (
	"fmt"
	"io"

	"github.com/incidentbot/incidentbot/config"
)

// checkConfig validates the configuration file: the one named, else the one
// serving would use. Warnings print but do not fail.
func checkConfig(env config.Env, args []string, stdout io.Writer) error {
	path := env.ConfigPath
	if len(args) > 0 {
		path = args[0]
	}
	if path == "" {
		path = config.DefaultFile
	}
	cfg, warnings, err := config.Load(path)
	switch _, kerr := env.Sealer(); {
	case kerr != nil:
		warnings = append(warnings, kerr.Error())
	case env.DataKey == "":
		warnings = append(warnings, "INCIDENTBOT_DATA_KEY is not set: reports, notes, answers and the anonymous relay are stored in Redis in clear")
	}
	for _, w := range warnings {
		fmt.Fprintln(stdout, "warning:", w)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: ok (%d units, %d routes)\n", path, len(cfg.Units), len(cfg.Routes))
	return nil
}
