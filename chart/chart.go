// Package chart draws the weekly-digest chart: new reports per ISO week,
// stacked by category, as a PNG for Slack. It draws with the standard
// image packages and golang.org/x/image's font rasteriser in Liberation
// Sans, embedded, so that it works on a machine with no fonts.
//
// It once drew with gonum/plot, whose package initialiser parses its
// twelve embedded fonts in every process that links it: 4 MB of the
// bot's resident memory at start, for a chart drawn once a week
// (docs/performance.md). The two fonts used here are parsed the first
// time a chart is drawn.
package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/incidentbot/incidentbot/bot"
)

// The image's size and the space around everything on it, in pixels.
const (
	widthPx  = 900
	heightPx = 450
	margin   = 16
	tickLen  = 5 // an axis's tick marks
	gap      = 4 // between a tick mark, or a bar, and its label
	swatch   = 14
)

var (
	textColour = color.Gray{0x22}
	gridColour = color.Gray{0xDD}
)

// sans is Liberation Sans, regular and bold, which reads better than a
// serif at the small sizes Slack shows an image in.
var sans = sync.OnceValues(func() (f [2]*opentype.Font, err error) {
	for i, ttf := range [][]byte{liberationsansregular.TTF, liberationsansbold.TTF} {
		if f[i], err = opentype.Parse(ttf); err != nil {
			return f, fmt.Errorf("chart: font: %w", err)
		}
	}
	return f, nil
})

// PNG renders the chart. Title is shown above it.
func PNG(w Weekly, title string, l bot.Lang) ([]byte, error) {
	if err := w.validate(); err != nil {
		return nil, err
	}
	fonts, err := sans()
	if err != nil {
		return nil, err
	}
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, widthPx, heightPx)), fonts: fonts, faces: map[faceKey]font.Face{}}
	draw.Draw(c.img, c.img.Bounds(), image.White, image.Point{}, draw.Src)
	area := image.Rect(margin, margin, widthPx-margin, heightPx-margin)

	head := c.face(22, true)
	c.text(title, head, (area.Min.X+area.Max.X)/2, area.Min.Y, alignCenter)
	area.Min.Y += lineHeight(head) + margin

	small := slices.ContainsFunc(w.Small, func(n int64) bool { return n > 0 })
	legendWidth := c.legend(l, small, area)
	area.Max.X -= legendWidth + 2*margin

	c.plot(w, l, area)

	var buf bytes.Buffer
	if err := png.Encode(&buf, c.img); err != nil {
		return nil, fmt.Errorf("chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// segment is one part of a week's stack: a count and its colour.
type segment struct {
	counts []int64
	colour color.Color
}

// stack is the order the parts are drawn in, from the bottom: the small
// counts, in the legend's last line, then the categories from the last,
// so that the first category is on top and the stack reads in the
// legend's order.
func (w Weekly) stack() []segment {
	var out []segment
	if w.Small != nil {
		out = append(out, segment{w.Small, smallColour})
	}
	for i := len(bot.Categories) - 1; i >= 0; i-- {
		id := bot.Categories[i].ID
		if counts := w.Counts[id]; counts != nil {
			out = append(out, segment{counts, colours[id]})
		}
	}
	return out
}

// plot draws the value axis, the grid, the stacked bars with each week's
// total above its bar, and the week axis, in area.
func (c *canvas) plot(w Weekly, l bot.Lang, area image.Rectangle) {
	n := len(w.Weeks)
	totals := w.totals()
	top, step := yScale(slices.Max(totals))
	tick, bold := c.face(14, false), c.face(14, true)

	// Across: the value axis's name turned on its side, its tick labels,
	// the axis; down: room for the highest total's label, the bars, the
	// week labels.
	labels := weekLabels(w.Weeks, l)
	labelLines := 1
	for _, s := range labels {
		labelLines = max(labelLines, strings.Count(s, "\n")+1)
	}
	ticks := integerTicks(top, step)
	tickWidth := 0
	for _, v := range ticks {
		tickWidth = max(tickWidth, textWidth(tick, strconv.FormatInt(v, 10)))
	}
	name := c.face(15, false)
	axisX := area.Min.X + lineHeight(name) + margin/2 + tickWidth + gap + tickLen
	baseY := area.Max.Y - labelLines*lineHeight(tick) - tickLen - gap
	topY := area.Min.Y + lineHeight(bold) + gap
	c.vertical(yAxisLabel(l), name, area.Min.X, (topY+baseY)/2)

	scale := float64(baseY-topY) / float64(top)
	y := func(v int64) int { return baseY - int(math.Round(float64(v)*scale)) }
	for _, v := range ticks {
		if v > 0 {
			c.fill(image.Rect(axisX+1, y(v), area.Max.X, y(v)+1), gridColour)
		}
		c.fill(image.Rect(axisX-tickLen, y(v), axisX, y(v)+1), textColour)
		c.textRight(strconv.FormatInt(v, 10), tick, axisX-tickLen-gap, y(v))
	}

	// Bars take about 60 % of a slot, and never turn into one wide slab.
	slot := float64(area.Max.X-axisX) / float64(n)
	barWidth := int(min(0.6*slot, 70))
	for i := range n {
		centre := axisX + int(math.Round(slot*(float64(i)+0.5)))
		left := centre - barWidth/2
		var below int64
		for _, s := range w.stack() {
			if s.counts[i] == 0 {
				continue
			}
			// A white line above each part, over the grid, between the
			// stack's parts; a part of a pixel or less is one pixel, with
			// no line.
			top, bottom := y(below+s.counts[i]), y(below)
			if bottom-top >= 2 {
				c.fill(image.Rect(left, top, left+barWidth, top+1), color.White)
				top++
			} else {
				top = bottom - 1
			}
			c.fill(image.Rect(left, top, left+barWidth, bottom), s.colour)
			below += s.counts[i]
		}
		c.text(strconv.FormatInt(totals[i], 10), bold, centre, y(totals[i])-gap-lineHeight(bold), alignCenter)
		c.fill(image.Rect(centre, baseY, centre+1, baseY+tickLen), textColour)
		c.text(labels[i], tick, centre, baseY+tickLen+gap, alignCenter)
	}
	// The axes, drawn last so that no bar covers them.
	c.fill(image.Rect(axisX, topY, axisX+1, baseY+1), textColour)
	c.fill(image.Rect(axisX, baseY, area.Max.X, baseY+1), textColour)
}

// legend lists the categories with their colours, in dialog order, and
// the small counts drawn together when there are any, in the top right
// corner of area. It returns its width.
func (c *canvas) legend(l bot.Lang, small bool, area image.Rectangle) int {
	type entry struct {
		name   string
		colour color.Color
	}
	var entries []entry
	for i, name := range legendLabels(l) {
		entries = append(entries, entry{name, colours[bot.Categories[i].ID]})
	}
	if small {
		entries = append(entries, entry{smallLabel(l), smallColour})
	}
	f := c.face(14, false)
	width := 0
	for _, e := range entries {
		width = max(width, swatch+gap+2+textWidth(f, e.name))
	}
	x, row := area.Max.X-width, max(lineHeight(f), swatch)+gap
	for i, e := range entries {
		top := area.Min.Y + i*row
		mid := top + row/2
		c.fill(image.Rect(x, mid-swatch/2, x+swatch, mid+swatch/2), e.colour)
		c.text(e.name, f, x+swatch+gap+2, mid-lineHeight(f)/2, alignLeft)
	}
	return width
}

// canvas is the image being drawn and the font faces it has used.
type canvas struct {
	img   *image.RGBA
	fonts [2]*opentype.Font
	faces map[faceKey]font.Face
}

type faceKey struct {
	size float64
	bold bool
}

// face is Liberation Sans at size pixels. A face keeps a cache of glyphs
// and is not for two charts at once, so each chart opens its own.
func (c *canvas) face(size float64, bold bool) font.Face {
	k := faceKey{size, bold}
	if f, ok := c.faces[k]; ok {
		return f
	}
	i := 0
	if bold {
		i = 1
	}
	f, err := opentype.NewFace(c.fonts[i], &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		// Only a size that is not finite and positive fails.
		panic(fmt.Sprintf("chart: face of size %v: %v", size, err))
	}
	c.faces[k] = f
	return f
}

// fill paints r in colour.
func (c *canvas) fill(r image.Rectangle, colour color.Color) {
	draw.Draw(c.img, r, image.NewUniform(colour), image.Point{}, draw.Over)
}

type align int

const (
	alignLeft align = iota
	alignCenter
)

// lineHeight is the distance between two lines of text in f.
func lineHeight(f font.Face) int { return f.Metrics().Height.Ceil() }

func textWidth(f font.Face, s string) int { return font.MeasureString(f, s).Ceil() }

// text writes s, one line per "\n", with its top at y and each line
// starting at x or centred on it.
func (c *canvas) text(s string, f font.Face, x, y int, a align) {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(textColour), Face: f}
	ascent := f.Metrics().Ascent.Ceil()
	for i, line := range strings.Split(s, "\n") {
		left := x
		if a == alignCenter {
			left -= textWidth(f, line) / 2
		}
		d.Dot = fixed.P(left, y+i*lineHeight(f)+ascent)
		d.DrawString(line)
	}
}

// textRight writes one line of s ending at x, centred on y.
func (c *canvas) textRight(s string, f font.Face, x, y int) {
	c.text(s, f, x-textWidth(f, s), y-lineHeight(f)/2, alignLeft)
}

// vertical writes s turned a quarter to the left, read from the bottom
// up, with its left edge at x and its middle at y.
func (c *canvas) vertical(s string, f font.Face, x, y int) {
	w, h := textWidth(f, s), lineHeight(f)
	flat := image.NewAlpha(image.Rect(0, 0, w, h))
	d := font.Drawer{Dst: flat, Src: image.Opaque, Face: f, Dot: fixed.P(0, f.Metrics().Ascent.Ceil())}
	d.DrawString(s)
	turned := image.NewAlpha(image.Rect(0, 0, h, w))
	for fy := range h {
		for fx := range w {
			turned.SetAlpha(fy, w-1-fx, flat.AlphaAt(fx, fy))
		}
	}
	at := image.Rect(x, y-w/2, x+h, y-w/2+w)
	draw.DrawMask(c.img, at, image.NewUniform(textColour), image.Point{}, turned, image.Point{}, draw.Over)
}
