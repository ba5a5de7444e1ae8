package bot

import "strings"

// Lang is a language the bot speaks to people.
type Lang string

// The languages the bot speaks. Swedish is the default.
const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// LangFromLocale maps a Slack locale such as "en-US" or "sv-SE" to a
// language: English for any English locale, Swedish otherwise.
func LangFromLocale(locale string) Lang {
	if strings.HasPrefix(strings.ToLower(locale), "en") {
		return English
	}
	return Swedish
}

// Text is one piece of user-facing text in both languages.
type Text struct {
	SV string
	EN string
}

// In returns the text in l, falling back to Swedish.
func (t Text) In(l Lang) string {
	if l == English && t.EN != "" {
		return t.EN
	}
	return t.SV
}
