package handlers

import (
	"slices"
	"time"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/report"
)

// stateValues maps each input's field id to what the user entered.
func stateValues(v slack.View) map[string]slack.BlockAction {
	out := map[string]slack.BlockAction{}
	if v.State == nil {
		return out
	}
	for blockID, actions := range v.State.Values {
		for _, a := range actions {
			out[fieldOf(blockID)] = a
		}
	}
	return out
}

// stepOneFrom reads the first step's inputs.
func stepOneFrom(vals map[string]slack.BlockAction) bot.StepOne {
	at := func(f string) time.Time {
		if s := vals[f].SelectedDateTime; s > 0 {
			return time.Unix(s, 0).UTC()
		}
		return time.Time{}
	}
	return bot.StepOne{
		Category:     bot.Category(vals[bot.FieldCategory].SelectedOption.Value),
		Unit:         vals[bot.FieldUnit].SelectedOption.Value,
		OccurredAt:   at(bot.FieldOccurredAt),
		DiscoveredAt: at(bot.FieldDiscoveredAt),
	}
}

// answersFrom reads any inputs as answers, by the kind of value each holds;
// the domain keeps those that belong to the report's category.
func answersFrom(vals map[string]slack.BlockAction) bot.Answers {
	a := bot.Answers{}
	for field, v := range vals {
		switch {
		case len(v.SelectedUsers) > 0:
			a[field] = append([]string(nil), v.SelectedUsers...)
		case len(v.SelectedOptions) > 0:
			for _, o := range v.SelectedOptions {
				a[field] = append(a[field], o.Value)
			}
		case v.SelectedOption.Value != "":
			a[field] = []string{v.SelectedOption.Value}
		case v.Value != "":
			a[field] = []string{v.Value}
		}
	}
	return a
}

// anonymousFrom reads the review step's identity choice.
func anonymousFrom(vals map[string]slack.BlockAction) bool {
	return vals[bot.FieldIdentity].SelectedOption.Value == identityAnonymous
}

// independentFrom reads the review step's choice of the independent
// function: its checkbox, or a radio or select holding the same value.
func independentFrom(vals map[string]slack.BlockAction) bool {
	v := vals[bot.FieldSendTo]
	return v.SelectedOption.Value == bot.SendToIndependent ||
		slices.ContainsFunc(v.SelectedOptions, func(o slack.OptionBlockObject) bool { return o.Value == bot.SendToIndependent })
}

// choicesFrom reads the review step's choices.
func choicesFrom(vals map[string]slack.BlockAction) report.Choices {
	return report.Choices{Anonymous: anonymousFrom(vals), Independent: independentFrom(vals)}
}
