// Package config reads incidentbot's configuration: the environment, with
// envconfig, and the YAML file of units and routes. It is the only package
// that reads the environment.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/incidentbot/incidentbot/bot"
)

// DefaultFile is the configuration file used when INCIDENTBOT_CONFIG is unset.
const DefaultFile = "incidentbot.yaml"

// ExampleName names the bundled example in problems and warnings.
const ExampleName = "incidentbot.example.yaml (bundled)"

// Load reads and checks the configuration file at path.
func Load(path string) (*bot.Config, []string, error) {
	if path == "" {
		return nil, nil, errors.New("no configuration file given")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read configuration: %w", err)
	}
	return Parse(path, data)
}

// LoadDefault applies the contract's rule for INCIDENTBOT_CONFIG: path when
// set, else ./incidentbot.yaml when it exists, else the bundled example.
func LoadDefault(path string, example []byte) (*bot.Config, []string, error) {
	cfg, _, warnings, err := LoadDefaultData(path, example)
	return cfg, warnings, err
}

// LoadDefaultData is LoadDefault that also returns the bytes it parsed,
// so that a watcher of the file starts from exactly what is in force.
func LoadDefaultData(path string, example []byte) (*bot.Config, []byte, []string, error) {
	if path == "" {
		switch _, err := os.Stat(DefaultFile); {
		case err == nil:
			path = DefaultFile
		case !errors.Is(err, fs.ErrNotExist):
			return nil, nil, nil, fmt.Errorf("read configuration: %w", err)
		}
	}
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("read configuration: %w", err)
		}
		cfg, warnings, err := Parse(path, data)
		return cfg, data, warnings, err
	}
	cfg, warnings, err := Parse(ExampleName, example)
	// The example's people are made up, so a bot serving it reaches no one:
	// say so first.
	warnings = append([]string{"no configuration file: the bundled example configuration is in use; its Slack ids are made up, so set INCIDENTBOT_CONFIG or create ./" + DefaultFile}, warnings...)
	return cfg, example, warnings, err
}

// Check validates the configuration file at path for the check-config
// sub-command.
func Check(path string) (warnings []string, err error) {
	_, warnings, err = Load(path)
	return warnings, err
}
