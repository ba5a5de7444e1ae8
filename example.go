// Package incidentbot holds what the module ships beside its code: the
// bundled example configuration and the labelled reports the classifier's
// learned model is trained on.
package incidentbot

import "embed"

// ExampleConfig is incidentbot.example.yaml, used when no configuration file is found.
//
//go:embed incidentbot.example.yaml
var ExampleConfig []byte

// TrainingSets are the labelled reports under testdata/classification/
// that package classify trains its learned model on: the five tuning sets
// and the training sets train-*.jsonl. They are named so that the held-out
// sets (blind-2, blind-3, blind-4) are never embedded, read or trained on.
//
//go:embed testdata/classification/tune.jsonl
//go:embed testdata/classification/holdout.jsonl
//go:embed testdata/classification/fresh-1.jsonl
//go:embed testdata/classification/fresh-2.jsonl
//go:embed testdata/classification/blind-1.jsonl
//go:embed testdata/classification/train-*.jsonl
var TrainingSets embed.FS
