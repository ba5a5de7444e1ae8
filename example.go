// Package incidentbot holds what the module ships beside its code: the
// bundled example configuration. (The classifier's training data lives in
// package classify, which alone reads it.)
package incidentbot

import _ "embed"

// ExampleConfig is incidentbot.example.yaml, used when no configuration file is found.
//
//go:embed incidentbot.example.yaml
var ExampleConfig []byte
