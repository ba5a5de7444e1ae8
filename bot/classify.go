package bot

import "context"

// Suggestion is a classifier's proposal for a case: a coordinator accepts
// or changes it; the bot never decides.
type Suggestion struct {
	Category Category `json:"category"`
	Severity Severity `json:"severity"`
	Regimes  []Regime `json:"regimes"`
	// Confidence is between 0 and 1.
	Confidence float64 `json:"confidence"`
	// Cues are what the suggestion rests on, e.g. the rules' matched words.
	Cues []string `json:"cues,omitempty"`
	// Source names the classifier: "rules", "rules (learned)" when the
	// rules' learned model decided where their cues only guessed, or
	// "llm:<model>".
	Source string `json:"source"`
}

// ClassifyInput is what a classifier may see of a report.
type ClassifyInput struct {
	// Text is the reporter's free text: description, actions taken and
	// the category's text answers.
	Text string
	// Names are the display names of people picked in the dialog; they
	// are removed before text leaves the process.
	Names []string
}

// Classifier suggests a category, severity and regimes for a report.
type Classifier interface {
	Classify(ctx context.Context, in ClassifyInput) (Suggestion, error)
}
