// Package incidentbot holds what the module ships beside its code: the
// bundled example configuration.
package incidentbot

import _ "embed"

// ExampleConfig is incidentbot.example.yaml, used when no configuration file is found.
//
//go:embed incidentbot.example.yaml
var ExampleConfig []byte
