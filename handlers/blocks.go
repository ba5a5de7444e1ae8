package handlers

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// Small Block Kit constructors: slack-go's are verbose, and these make the
// one rule that matters hard to forget: user text in mrkdwn goes through esc.

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// mrkdwnEscaper escapes the only characters special in mrkdwn. Built once:
// a Replacer is safe for concurrent use, and building one per call was
// most of the cost of a long text's view.
var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// esc makes user text inert in mrkdwn: only &, < and > are special, and
// unescaped they turn text into mentions (<!channel>) or disguised links.
func esc(s string) string {
	return mrkdwnEscaper.Replace(s)
}

func section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(text), nil, nil)
}

func fields(pairs ...string) *slack.SectionBlock {
	var fs []*slack.TextBlockObject
	for i := 0; i+1 < len(pairs); i += 2 {
		fs = append(fs, mrkdwn("*"+pairs[i]+"*\n"+pairs[i+1]))
	}
	return slack.NewSectionBlock(nil, fs, nil)
}

func note(text string) *slack.ContextBlock {
	return slack.NewContextBlock("", mrkdwn(text))
}

func header(text string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(plain(clip(text, 150)))
}

// clip shortens s to at most n characters for a plain-text limit.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// chunks escapes s and splits it into pieces of at most n characters each,
// never inside an escape sequence, so long text fits Slack's section limit.
// The pieces are slices of the text escaped once. In escaped text every &
// starts an escape that runs to its ;, so an escape is one unit to cut
// around; any other character is a unit of its own.
func chunks(s string, n int) []string {
	e := esc(s)
	var out []string
	start, size := 0, 0 // the current piece's start in e, and its characters
	for i := 0; i < len(e); {
		width, chars := 1, 1 // bytes and characters of the unit at i
		if e[i] == '&' {
			width = strings.IndexByte(e[i:], ';') + 1
			chars = width
		} else if e[i] >= utf8.RuneSelf {
			_, width = utf8.DecodeRuneInString(e[i:])
		}
		if size+chars > n {
			out = append(out, e[start:i])
			start, size = i, 0
		}
		i += width
		size += chars
	}
	if start < len(e) || len(out) == 0 {
		out = append(out, e[start:])
	}
	return out
}

// slackTime renders t in each reader's own time zone, with a fallback in
// the configured zone for clients that cannot.
func slackTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "–"
	}
	return fmt.Sprintf("<!date^%d^{date_short_pretty} {time}|%s>", t.Unix(), t.In(loc).Format("2006-01-02 15:04"))
}

// plainTime formats t for plain-text places, where date tokens don't render.
func plainTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04")
}

func option(value, text, description string) *slack.OptionBlockObject {
	var d *slack.TextBlockObject
	if description != "" {
		d = plain(clip(description, 75))
	}
	return slack.NewOptionBlockObject(value, plain(clip(text, 75)), d)
}

func button(actionID, value, text string, style slack.Style) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, value, plain(text))
	b.Style = style
	return b
}

// meta is what a dialog view carries in private_metadata: the report
// dialog's draft, or the case a coordinator's dialog is about.
type meta struct {
	Nonce string `json:"n,omitempty"`
	Case  string `json:"c,omitempty"`
	// Question is the relay's question an answer dialog answers.
	Question int `json:"q,omitempty"`
}

func (m meta) encode() string {
	b, _ := json.Marshal(m)
	return string(b)
}

// decodeMeta reads a view's private_metadata, keeping only what the bot
// could have put there: a nonce of its own making and a case id's length.
// Anything else is dropped, and the request is handled as a stale form.
func decodeMeta(s string) meta {
	var m meta
	if len(s) > 3000 {
		return m
	}
	_ = json.Unmarshal([]byte(s), &m)
	if !bot.ValidNonce(m.Nonce) {
		m.Nonce = ""
	}
	if len(m.Case) > 40 {
		m.Case = ""
	}
	if m.Question < 0 {
		m.Question = 0
	}
	return m
}

// blockID names an input block. The nonce's start makes a fresh draft's
// blocks differ from a discarded one's, or Slack would keep the old input.
func blockID(field, nonce string) string {
	if len(nonce) > 8 {
		nonce = nonce[:8]
	}
	return field + "." + nonce
}

// fieldOf is the field an input block id stands for.
func fieldOf(blockID string) string {
	f, _, _ := strings.Cut(blockID, ".")
	return f
}

// viewErrors turns field errors into a view_submission errors answer.
func viewErrors(errs bot.FieldErrors, nonce string, l bot.Lang) *slack.ViewSubmissionResponse {
	m := make(map[string]string, len(errs))
	for f, t := range errs {
		m[blockID(f, nonce)] = t.In(l)
	}
	return slack.NewErrorsViewSubmissionResponse(m)
}
