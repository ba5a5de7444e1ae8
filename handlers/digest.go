package handlers

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/digest"
)

// digestSection is one part of a digest: a heading and its lines, in
// Slack's mrkdwn, from which both the message and the plain text are made.
type digestSection struct {
	heading string
	lines   []string
}

// number writes f with one decimal, none for a whole number, and a
// decimal comma in Swedish.
func number(f float64, l bot.Lang) string {
	s := strings.TrimSuffix(fmt.Sprintf("%.1f", f), ".0")
	if l == bot.Swedish {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// band writes the count of one cell: 1 and 2 as "1–2", so that the digest
// of a small unit does not point at a person; 0, and 3 or more, exactly.
// Totals are written exactly, for the record.
func band(n int64) string {
	if n == 1 || n == 2 {
		return "1–2"
	}
	return fmt.Sprint(n)
}

// bandAverage writes an average of a cell: under 3 but above 0 as "< 3".
func bandAverage(f float64, l bot.Lang) string {
	if f > 0 && f < 3 {
		return "< 3"
	}
	return number(f, l)
}

// maxDigestUnits is how many unit names a digest lists before it counts
// the rest: a manager of a whole administration has hundreds.
const maxDigestUnits = 8

func unitList(units []string, l bot.Lang) string {
	if len(units) <= maxDigestUnits {
		return strings.Join(units, ", ")
	}
	return strings.Join(units[:maxDigestUnits], ", ") + fmt.Sprintf(txt.DigestMoreUnits.In(l), len(units)-maxDigestUnits)
}

// hours says a median bucket: "≤ 8 h", "> 90 d", or a dash.
func hours(h int, l bot.Lang) string {
	switch {
	case h == 0:
		return "–"
	case h < 0:
		return txt.DigestOver90.In(l)
	case h >= 48 && h%24 == 0:
		return fmt.Sprintf("≤ %d %s", h/24, txt.DigestDays.In(l))
	}
	return fmt.Sprintf("≤ %d h", h)
}

// digestSections lays out a digest: aggregates only, never a name or a
// word of a report.
func digestSections(d digest.Digest, cfg *bot.Config, l bot.Lang) []digestSection {
	var secs []digestSection

	newSec := digestSection{heading: txt.DigestNew.In(l)}
	for _, info := range bot.Categories {
		c := info.ID
		if d.New[c] == 0 && d.LastWeek[c] == 0 && d.Avg4[c] == 0 {
			continue
		}
		newSec.lines = append(newSec.lines, fmt.Sprintf(txt.DigestNewLine.In(l), c.Name(l), band(d.New[c]), band(d.LastWeek[c]), bandAverage(d.Avg4[c], l)))
	}
	newSec.lines = append(newSec.lines, fmt.Sprintf(txt.DigestNewTotal.In(l), digest.Total(d.New), digest.Total(d.LastWeek), number(digest.Total(d.Avg4), l)))
	secs = append(secs, newSec)

	o := d.Open
	openSec := digestSection{heading: txt.DigestOpen.In(l), lines: []string{
		fmt.Sprintf(txt.DigestOpenStatus.In(l), band(o.ByStatus[bot.StatusNew]), band(o.ByStatus[bot.StatusAcknowledged]), band(o.ByStatus[bot.StatusEscalated])),
		fmt.Sprintf(txt.DigestOpenAge.In(l), band(o.ByAge[0]), band(o.ByAge[1]), band(o.ByAge[2]), band(o.ByAge[3])),
		fmt.Sprintf(txt.DigestAckOverdue.In(l), band(o.AckOverdue)),
		fmt.Sprintf(txt.DigestClocks.In(l), band(o.ClocksMissed), band(o.ClocksDue)),
	}}
	secs = append(secs, openSec)

	closedSec := digestSection{heading: txt.DigestClosed.In(l), lines: []string{fmt.Sprintf(txt.DigestClosedLine.In(l), digest.Total(d.Closed))}}
	for _, group := range []struct {
		label     T
		decisions []bot.DecisionInfo
	}{{txt.DigestLexSarah, bot.LexSarahDecisions}, {T{}, bot.OtherDecisions}} {
		for _, info := range group.decisions {
			if n := d.Closed[info.ID]; n > 0 {
				label := info.Short.In(l)
				if group.label.SV != "" {
					label = group.label.In(l) + " " + label
				}
				closedSec.lines = append(closedSec.lines, fmt.Sprintf("• %s: %s", label, band(n)))
			}
		}
	}
	closedSec.lines = append(closedSec.lines,
		fmt.Sprintf(txt.DigestAuthorities.In(l), band(d.IVO), band(d.IMY)),
		fmt.Sprintf(txt.DigestClocksMet.In(l), band(d.ClocksMet), band(d.ClocksLate)),
		fmt.Sprintf(txt.DigestMedians.In(l), hours(d.AckMedian, l), hours(d.CloseMedian, l)))
	secs = append(secs, closedSec)

	if d.Suggestions > 0 {
		line := fmt.Sprintf(txt.DigestAgreement.In(l), band(d.Agreed), band(d.Suggestions))
		if d.Agreed >= 3 && d.Suggestions >= 3 {
			line += fmt.Sprintf(" (%d %%)", int(100*float64(d.Agreed)/float64(d.Suggestions)+0.5))
		}
		secs = append(secs, digestSection{heading: txt.DigestClassification.In(l), lines: []string{line}})
	}
	return secs
}

// digestTitle names the digest's week.
func digestTitle(d digest.Digest, l bot.Lang) string {
	return fmt.Sprintf(txt.DigestTitle.In(l), d.Week)
}

// digestMessage is the manager's weekly DM.
func digestMessage(d digest.Digest, cfg *bot.Config, l bot.Lang) message {
	title := digestTitle(d, l)
	blocks := []slack.Block{header(title)}
	about := fmt.Sprintf(txt.DigestAbout.In(l), esc(unitList(d.Units, l)), slackTime(d.AsOf, cfg.Location()))
	if d.Late {
		about += "\n" + txt.DigestLate.In(l)
	}
	blocks = append(blocks, note(about))
	for _, s := range digestSections(d, cfg, l) {
		blocks = append(blocks, section("*"+s.heading+"*\n"+strings.Join(s.lines, "\n")))
	}
	blocks = append(blocks, note(txt.DigestFooter.In(l)))
	return message{Text: title, Blocks: blocks}
}

// DigestText is a digest as plain text, for `digest --dry-run`.
func DigestText(d digest.Digest, cfg *bot.Config, l bot.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n", digestTitle(d, l), fmt.Sprintf(txt.DigestAbout.In(l), unitList(d.Units, l), d.AsOf.In(cfg.Location()).Format("2006-01-02 15:04")))
	if d.Late {
		fmt.Fprintln(&b, plainText(txt.DigestLate.In(l)))
	}
	for _, s := range digestSections(d, cfg, l) {
		fmt.Fprintf(&b, "\n%s\n", s.heading)
		for _, line := range s.lines {
			fmt.Fprintf(&b, "  %s\n", plainText(line))
		}
	}
	return b.String()
}

// plainText drops mrkdwn's emphasis and emoji codes from a line.
func plainText(s string) string {
	s = strings.ReplaceAll(s, "*", "")
	for _, e := range []string{":warning: ", ":stopwatch: ", ":alarm_clock: "} {
		s = strings.ReplaceAll(s, e, "")
	}
	return s
}
