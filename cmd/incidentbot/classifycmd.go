package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/classify"
	"github.com/incidentbot/incidentbot/config"
)

const classifyUsage = "usage: incidentbot classify --eval FILE.jsonl [--llm]"

// classifyCommand runs `classify --eval FILE.jsonl [--llm]`: it measures
// the rules, or with --llm the language model with the rules as fallback,
// on a labelled set and prints a confusion table and, last, the accuracy.
func classifyCommand(ctx context.Context, env config.Env, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	evalPath := fs.String("eval", "", "labelled set: JSON Lines of {\"text\", \"category\"}, optionally \"severity\" and \"regimes\"")
	useLLM := fs.Bool("llm", false, "use the language model of OPENAI_* with the rules as fallback")
	if err := fs.Parse(args); err != nil || *evalPath == "" || fs.NArg() > 0 {
		return errors.New(classifyUsage)
	}
	var c bot.Classifier = classify.NewRules()
	if *useLLM {
		if env.OpenAIAPIKey == "" {
			return errors.New("--llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for an endpoint other than OpenAI's)")
		}
		if err := env.Validate(false); err != nil {
			return err
		}
		c = classify.NewLLM(classify.LLMConfig{
			APIKey: env.OpenAIAPIKey, BaseURL: env.OpenAIBaseURL, Model: env.OpenAIModel, Fallback: c,
		})
	}
	f, err := os.Open(*evalPath)
	if err != nil {
		return fmt.Errorf("classify: %w", err)
	}
	defer f.Close()
	if _, err := classify.Evaluate(ctx, c, f, stdout); err != nil {
		return fmt.Errorf("classify %s: %w", *evalPath, err)
	}
	return nil
}
