package chart

import (
	"bytes"
	"image/color"
	"image/png"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentbot/incidentbot/bot"
)

// sample is eight weeks across New Year with every category present.
func sample() Weekly {
	return Weekly{
		Weeks: []string{"2026-W47", "2026-W48", "2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53", "2027-W01"},
		Counts: map[bot.Category][]int64{
			bot.PersonalData:    {2, 1, 3, 0, 2, 1, 0, 4},
			bot.Harassment:      {1, 0, 1, 2, 0, 0, 1, 1},
			bot.ThreatViolence:  {0, 2, 1, 1, 3, 0, 0, 2},
			bot.Confidentiality: {1, 1, 0, 0, 1, 2, 0, 1},
			bot.CareQuality:     {3, 2, 4, 2, 1, 3, 1, 2},
			bot.WorkEnvironment: {4, 3, 2, 5, 3, 2, 1, 3},
			bot.Other:           {0, 1, 0, 1, 0, 0, 0, 1},
		},
	}
}

// render draws w and checks that the PNG decodes at the chart's size.
// With CHART_SAMPLE=/tmp/x set, it also writes the image to /tmp/x-name.png
// for a person to look at.
func render(t testing.TB, name string, w Weekly, l bot.Lang) []byte {
	t.Helper()
	b, err := PNG(w, "Nya rapporter per vecka", l)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: decode: %v", name, err)
	}
	if got := img.Bounds().Size(); got.X != widthPx || got.Y != heightPx {
		t.Errorf("%s: size %v, want %dx%d", name, got, widthPx, heightPx)
	}
	if out := os.Getenv("CHART_SAMPLE"); out != "" {
		if err := os.WriteFile(out+"-"+name+".png", b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

func TestPNG(t *testing.T) {
	big := sample()
	for _, counts := range big.Counts {
		for i := range counts {
			counts[i] *= 37
		}
	}
	tests := []struct {
		name string
		w    Weekly
		l    bot.Lang
	}{
		{"sv", sample(), bot.Swedish},
		{"en", sample(), bot.English},
		{"zero", Weekly{Weeks: sample().Weeks}, bot.Swedish},
		{"one-week", Weekly{Weeks: []string{"2026-W40"}, Counts: map[bot.Category][]int64{bot.Harassment: {3}}}, bot.English},
		{"one-zero-week", Weekly{Weeks: []string{"2026-W40"}}, bot.Swedish},
		{"hundreds", big, bot.Swedish},
	}
	for _, tt := range tests {
		render(t, tt.name, tt.w, tt.l)
	}
}

func TestPNGDataShows(t *testing.T) {
	// The fonts are embedded and the rasteriser is pure Go, so the same
	// input gives the same bytes.
	data := render(t, "data", sample(), bot.Swedish)
	if again := render(t, "data", sample(), bot.Swedish); !bytes.Equal(data, again) {
		t.Error("two renderings of the same data differ")
	}
	if zero := render(t, "zero", Weekly{Weeks: sample().Weeks}, bot.Swedish); bytes.Equal(data, zero) {
		t.Error("a chart with data is the same as an all-zero chart")
	}
}

func TestPNGRejects(t *testing.T) {
	tests := map[string]Weekly{
		"no weeks":         {},
		"short counts":     {Weeks: []string{"2026-W01", "2026-W02"}, Counts: map[bot.Category][]int64{bot.Other: {1}}},
		"unknown category": {Weeks: []string{"2026-W01"}, Counts: map[bot.Category][]int64{"fire": {1}}},
		"negative count":   {Weeks: []string{"2026-W01"}, Counts: map[bot.Category][]int64{bot.Other: {-1}}},
	}
	for name, w := range tests {
		if _, err := PNG(w, "t", bot.Swedish); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestLegendLabels(t *testing.T) {
	tests := []struct {
		l    bot.Lang
		want []string
	}{
		{bot.Swedish, []string{"Personuppgiftsincident", "Trakasserier eller ofredande", "Hot och våld",
			"Sekretess och informationsläcka", "Missförhållande i en insats", "Olycka eller tillbud", "Annat"}},
		{bot.English, []string{"Personal data breach", "Harassment", "Threats and violence",
			"Confidentiality breach", "Care quality (missförhållande)", "Accident or near miss", "Other"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(legendLabels(tt.l), tt.want); diff != "" {
			t.Errorf("legendLabels(%s) (-got +want):\n%s", tt.l, diff)
		}
	}
	if got := yAxisLabel(bot.English); got != "New reports" {
		t.Errorf("yAxisLabel(en) = %q", got)
	}
	if got := yAxisLabel(bot.Swedish); got != "Nya rapporter" {
		t.Errorf("yAxisLabel(sv) = %q", got)
	}
}

func TestWeekLabels(t *testing.T) {
	weeks := []string{"2026-W52", "2026-W53", "2027-W01", "2027-W02", "junk"}
	tests := []struct {
		l    bot.Lang
		want []string
	}{
		{bot.Swedish, []string{"v. 52\n2026", "v. 53", "v. 1\n2027", "v. 2", "junk"}},
		{bot.English, []string{"W52\n2026", "W53", "W01\n2027", "W02", "junk"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(weekLabels(weeks, tt.l), tt.want); diff != "" {
			t.Errorf("weekLabels(%s) (-got +want):\n%s", tt.l, diff)
		}
	}
}

func TestYScale(t *testing.T) {
	tests := []struct{ highest, top, step int64 }{
		{0, 1, 1}, {1, 1, 1}, {4, 4, 1}, {5, 5, 1}, {6, 6, 2}, {10, 10, 2},
		{11, 15, 5}, {14, 15, 5}, {25, 25, 5}, {26, 30, 10}, {481, 500, 100}, {999, 1000, 200},
	}
	for _, tt := range tests {
		if top, step := yScale(tt.highest); top != tt.top || step != tt.step {
			t.Errorf("yScale(%d) = %d, %d; want %d, %d", tt.highest, top, step, tt.top, tt.step)
		}
	}
}

func BenchmarkPNG(b *testing.B) {
	w := sample()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PNG(w, "Nya rapporter per vecka", bot.Swedish); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBanded: a category's one or two reports in a week are drawn with the
// week's other small counts, not under their category; the week's total
// stays exact.
func TestBanded(t *testing.T) {
	w := Weekly{Weeks: []string{"2026-W46", "2026-W47"}, Counts: map[bot.Category][]int64{
		bot.Harassment: {1, 5}, bot.PersonalData: {2, 3}, bot.Other: {0, 1}}}
	b := w.Banded()
	if diff := cmp.Diff(b.Counts, map[bot.Category][]int64{bot.Harassment: {0, 5}, bot.PersonalData: {0, 3}, bot.Other: {0, 0}}); diff != "" {
		t.Errorf("banded counts (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(b.Small, []int64{3, 1}); diff != "" {
		t.Errorf("small counts (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(b.totals(), w.totals()); diff != "" {
		t.Errorf("totals (-got +want):\n%s", diff)
	}
	if _, err := PNG(b, "Nya rapporter", bot.Swedish); err != nil {
		t.Fatal(err)
	}
}

// TestPNGBarsMeasure reads the bars back from the image: each week's bar
// has its parts in the legend's order from the top, each part as tall as
// its count on one scale for all weeks, and the small counts at the
// bottom.
func TestPNGBarsMeasure(t *testing.T) {
	for name, w := range map[string]Weekly{"sample": sample(), "banded": sample().Banded()} {
		img, err := png.Decode(bytes.NewReader(render(t, name, w, bot.Swedish)))
		if err != nil {
			t.Fatal(err)
		}
		colourOf := map[color.RGBA]string{smallColour: "small"}
		for id, c := range colours {
			colourOf[c] = string(id)
		}
		at := func(x, y int) (string, bool) {
			r, g, b, a := img.At(x, y).RGBA()
			name, ok := colourOf[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}]
			return name, ok
		}
		// The plot is where the axes are: the value axis the longest
		// upright line in the text's colour, the week axis the lowest
		// long line across. Only what lies within is read, so that no
		// grey of the text is taken for a part.
		isText := func(x, y int) bool { return sameColour(img.At(x, y), textColour) }
		baseY := -1
		for y := heightPx - 1; y >= 0 && baseY < 0; y-- {
			run := 0
			for x := range widthPx {
				run++
				if !isText(x, y) {
					run = 0
				}
				if run >= 200 {
					baseY = y
					break
				}
			}
		}
		axisX, topY := -1, baseY
		for x := range widthPx {
			y := baseY
			for y > 0 && isText(x, y-1) {
				y--
			}
			if baseY-y > baseY-topY {
				axisX, topY = x, y
			}
		}
		if baseY < 0 || axisX < 0 || baseY-topY < 100 {
			t.Fatalf("%s: no axes found (week axis at %d, value axis at %d from %d)", name, baseY, axisX, topY)
		}
		// The bars are the runs of columns with a part's colour, right of
		// the value axis, wider than a legend's swatch.
		coloured := func(x int) bool {
			for y := topY; y < baseY; y++ {
				if _, ok := at(x, y); ok {
					return true
				}
			}
			return false
		}
		var centres []int
		for x := axisX + 1; x < widthPx; {
			if !coloured(x) {
				x++
				continue
			}
			start := x
			for x < widthPx && coloured(x) {
				x++
			}
			if x-start > swatch {
				centres = append(centres, (start+x)/2)
			}
		}
		if len(centres) != len(w.Weeks) {
			t.Fatalf("%s: %d bars, want %d", name, len(centres), len(w.Weeks))
		}
		var scale float64
		for i, x := range centres {
			// From the axis up: each part's colour and height, the white
			// line above it counted with it, up to the first two rows
			// with no part's colour.
			type part struct {
				name   string
				height int
			}
			var got []part
			for y, blank := baseY-1, 0; y >= topY && blank < 2; y-- {
				name, ok := at(x, y)
				switch {
				case !ok:
					blank++
				case len(got) > 0 && got[len(got)-1].name == name && blank == 0:
					got[len(got)-1].height++
				default:
					got = append(got, part{name, 2})
					blank = 0
				}
			}
			var want []string
			var counts []int64
			if w.Small != nil && w.Small[i] > 0 {
				want, counts = append(want, "small"), append(counts, w.Small[i])
			}
			for j := len(bot.Categories) - 1; j >= 0; j-- {
				id := bot.Categories[j].ID
				if n := w.Counts[id][i]; n > 0 {
					want, counts = append(want, string(id)), append(counts, n)
				}
			}
			var names []string
			for _, p := range got {
				names = append(names, p.name)
			}
			if diff := cmp.Diff(want, names); diff != "" {
				t.Errorf("%s: week %s: parts from the bottom (-want +got):\n%s", name, w.Weeks[i], diff)
				continue
			}
			for j, p := range got {
				if scale == 0 {
					scale = float64(p.height) / float64(counts[j])
				}
				if d := float64(p.height) - scale*float64(counts[j]); d < -2 || d > 2 {
					t.Errorf("%s: week %s: %s is %d pixels for %d reports, want %.0f", name, w.Weeks[i], p.name, p.height, counts[j], scale*float64(counts[j]))
				}
			}
		}
	}
}

func sameColour(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// TestPNGTinyPartShows: a part too small for a pixel on the chart's scale
// still shows, as one pixel.
func TestPNGTinyPartShows(t *testing.T) {
	w := Weekly{Weeks: []string{"2026-W40"}, Counts: map[bot.Category][]int64{bot.Other: {5000}, bot.PersonalData: {3}}}
	img, err := png.Decode(bytes.NewReader(render(t, "tiny", w, bot.Swedish)))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for x := range widthPx / 2 {
		for y := range heightPx {
			found = found || sameColour(img.At(x, y), colours[bot.PersonalData])
		}
	}
	if !found {
		t.Error("the 3 reports of 5,003 do not show")
	}
}
