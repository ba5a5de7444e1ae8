package chart

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
)

// colours gives each category a fixed colour from the Okabe–Ito palette,
// which stays distinguishable under the common kinds of colour blindness.
// Yellow is left out: it is too faint on white for a thin stack segment.
var colours = map[bot.Category]color.RGBA{
	bot.PersonalData:    {0x00, 0x72, 0xB2, 0xFF}, // blue
	bot.Harassment:      {0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	bot.ThreatViolence:  {0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	bot.Confidentiality: {0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	bot.CareQuality:     {0x00, 0x9E, 0x73, 0xFF}, // bluish green
	bot.WorkEnvironment: {0xE6, 0x9F, 0x00, 0xFF}, // orange
	bot.Other:           {0x99, 0x99, 0x99, 0xFF}, // grey
}

// smallColour draws the counts of one or two, whichever their category.
var smallColour = color.RGBA{0xCC, 0xCC, 0xCC, 0xFF}

// smallLabel names them in the legend.
func smallLabel(l bot.Lang) string {
	return bot.Text{SV: "1–2 i en kategori", EN: "1–2 in a category"}.In(l)
}

// legendLabels are the legend's entries, top to bottom: the category names
// in l, in dialog order.
func legendLabels(l bot.Lang) []string {
	out := make([]string, len(bot.Categories))
	for i, info := range bot.Categories {
		out[i] = info.Name.In(l)
	}
	return out
}

// yAxisLabel names the value axis in l.
func yAxisLabel(l bot.Lang) string {
	return bot.Text{SV: "Nya rapporter", EN: "New reports"}.In(l)
}

// parseWeek splits an ISO week such as "2026-W05" into year and week.
func parseWeek(s string) (year, week int, ok bool) {
	y, w, found := strings.Cut(s, "-W")
	if !found {
		return 0, 0, false
	}
	year, err1 := strconv.Atoi(y)
	week, err2 := strconv.Atoi(w)
	if err1 != nil || err2 != nil || week < 1 || week > 53 {
		return 0, 0, false
	}
	return year, week, true
}

// weekLabels are the x-axis labels: "v. 47" in Swedish, "W47" in English.
// The first week and the first week of a new year also carry the year on
// a second line, so a chart across New Year reads in the right order.
// A week that does not parse is shown as given.
func weekLabels(weeks []string, l bot.Lang) []string {
	out := make([]string, len(weeks))
	prevYear := 0
	for i, s := range weeks {
		year, week, ok := parseWeek(s)
		if !ok {
			out[i] = s
			continue
		}
		if l == bot.English {
			out[i] = fmt.Sprintf("W%02d", week)
		} else {
			out[i] = fmt.Sprintf("v. %d", week)
		}
		if year != prevYear {
			out[i] += "\n" + strconv.Itoa(year)
		}
		prevYear = year
	}
	return out
}

// yScale picks the top of the value axis and the step between its ticks
// for a tallest bar of highest: steps of 1, 2 or 5 times a power of ten, at
// most five of them, and a top of at least 1 so an empty chart still has
// an axis.
func yScale(highest int64) (top, step int64) {
	for pow := int64(1); ; pow *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if s := pow * m; (highest+s-1)/s <= 5 {
				return max((highest+s-1)/s*s, s), s
			}
		}
	}
}

// integerTicks are the value axis's ticks: whole numbers from 0 to top.
func integerTicks(top, step int64) []int64 {
	var ticks []int64
	for v := int64(0); v <= top; v += step {
		ticks = append(ticks, v)
	}
	return ticks
}
