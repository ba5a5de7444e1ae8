// Package chart draws the weekly-digest chart: new reports per ISO week,
// stacked by category, as a PNG for Slack. It uses gonum/plot, whose
// embedded Liberation fonts make it work on a machine with no fonts.
package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"slices"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/incidentbot/incidentbot/bot"
)

// The image is drawn at 72 dpi, so one point is one pixel.
const (
	widthPx  = 900
	heightPx = 450
	margin   = 16
)

var (
	textColour = color.Gray{0x22}
	gridColour = color.Gray{0xDD}
)

// PNG renders the chart. Title is shown above it.
func PNG(w Weekly, title string, l bot.Lang) ([]byte, error) {
	if err := w.validate(); err != nil {
		return nil, err
	}
	img := vgimg.NewWith(vgimg.UseWH(widthPx, heightPx), vgimg.UseDPI(72),
		vgimg.UseBackgroundColor(color.White))
	c := draw.Crop(draw.New(img), margin, -margin, margin, -margin)

	head := style(22, true)
	head.XAlign, head.YAlign = draw.XCenter, draw.YTop
	c.FillText(head, vg.Point{X: c.Center().X, Y: c.Max.Y}, title)
	c.Max.Y -= head.Rectangle(title).Size().Y + margin

	legend, err := newLegend(l, slices.ContainsFunc(w.Small, func(n int64) bool { return n > 0 }))
	if err != nil {
		return nil, err
	}
	legendWidth := legend.Rectangle(c).Size().X
	plotArea := draw.Crop(c, 0, -(legendWidth + 2*margin), 0, 0)

	p, err := newPlot(w, l, plotArea.Size().X)
	if err != nil {
		return nil, err
	}
	p.Draw(plotArea)
	legend.Draw(draw.Crop(c, c.Size().X-legendWidth, 0, 0, 0))

	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// newPlot builds the stacked bars, the axes and a total above each bar.
func newPlot(w Weekly, l bot.Lang, width vg.Length) (*plot.Plot, error) {
	p := plot.New()
	p.BackgroundColor = nil
	n := len(w.Weeks)
	totals := w.totals()
	top, step := yScale(slices.Max(totals))

	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Color = textColour
		a.Tick.Color = textColour
		a.Tick.Label = style(14, false)
	}
	p.Y.Label.Text = yAxisLabel(l)
	p.Y.Label.TextStyle = style(15, false)
	p.Y.Label.TextStyle.XAlign = draw.XCenter
	p.Y.Min, p.Y.Max = 0, float64(top)
	p.Y.Tick.Marker = integerTicks(top, step)
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.NominalX(weekLabels(w.Weeks, l)...)
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	p.X.Padding, p.Y.Padding = 0, 0

	p.Add(&plotter.Grid{Horizontal: draw.LineStyle{Color: gridColour, Width: 1}})

	// Bars take about 60% of a slot, and never turn into one wide slab.
	barWidth := min(0.6*(width-60)/vg.Length(n), 70)
	// The first category goes on top, so the stack reads in the legend's
	// order; the small counts, in the legend's last line, at the bottom.
	var below *plotter.BarChart
	stack := func(counts []int64, colour color.Color, what string) error {
		values := make(plotter.Values, n)
		for j, v := range counts {
			values[j] = float64(v)
		}
		bars, err := plotter.NewBarChart(values, barWidth)
		if err != nil {
			return fmt.Errorf("chart: bars for %s: %w", what, err)
		}
		bars.Color = colour
		bars.LineStyle = draw.LineStyle{Color: color.White, Width: 1}
		if below != nil {
			bars.StackOn(below)
		}
		p.Add(bars)
		below = bars
		return nil
	}
	if w.Small != nil {
		if err := stack(w.Small, smallColour, "small counts"); err != nil {
			return nil, err
		}
	}
	for i := len(bot.Categories) - 1; i >= 0; i-- {
		cat := bot.Categories[i].ID
		if err := stack(w.Counts[cat], colours[cat], string(cat)); err != nil {
			return nil, err
		}
	}

	// A solid baseline, drawn over the bars' white outlines, which would
	// otherwise break it where a week has no reports.
	base, err := plotter.NewLine(plotter.XYs{{X: -0.5}, {X: float64(n) - 0.5}})
	if err != nil {
		return nil, fmt.Errorf("chart: baseline: %w", err)
	}
	base.LineStyle = draw.LineStyle{Color: textColour, Width: 1}
	p.Add(base)

	labels, err := totalLabels(totals)
	if err != nil {
		return nil, err
	}
	p.Add(labels)
	return p, nil
}

// totalLabels writes each week's total just above its bar.
func totalLabels(totals []int64) (*plotter.Labels, error) {
	xy := plotter.XYLabels{XYs: make(plotter.XYs, len(totals)), Labels: make([]string, len(totals))}
	for i, t := range totals {
		xy.XYs[i] = plotter.XY{X: float64(i), Y: float64(t)}
		xy.Labels[i] = fmt.Sprint(t)
	}
	labels, err := plotter.NewLabels(xy)
	if err != nil {
		return nil, fmt.Errorf("chart: total labels: %w", err)
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i] = style(14, true)
		labels.TextStyle[i].XAlign, labels.TextStyle[i].YAlign = draw.XCenter, draw.YBottom
	}
	labels.Offset = vg.Point{Y: 3}
	return labels, nil
}

// newLegend lists the categories with their colours, in dialog order, and
// the small counts drawn together when there are any.
func newLegend(l bot.Lang, small bool) (plot.Legend, error) {
	legend := plot.NewLegend()
	legend.TextStyle = style(14, false)
	legend.Top, legend.Left = true, true
	legend.ThumbnailWidth = 14
	legend.Padding = 6
	for i, name := range legendLabels(l) {
		swatch, err := plotter.NewBarChart(plotter.Values{0}, 1)
		if err != nil {
			return legend, fmt.Errorf("chart: legend: %w", err)
		}
		swatch.Color = colours[bot.Categories[i].ID]
		swatch.LineStyle = draw.LineStyle{Color: color.White, Width: 1}
		legend.Add(name, swatch)
	}
	if small {
		swatch, err := plotter.NewBarChart(plotter.Values{0}, 1)
		if err != nil {
			return legend, fmt.Errorf("chart: legend: %w", err)
		}
		swatch.Color = smallColour
		swatch.LineStyle = draw.LineStyle{Color: color.White, Width: 1}
		legend.Add(smallLabel(l), swatch)
	}
	return legend, nil
}

// style is Liberation Sans, which reads better than the default serif at
// the small sizes Slack shows an image in.
func style(size vg.Length, bold bool) text.Style {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return text.Style{Color: textColour, Font: f, Handler: plot.DefaultTextHandler}
}
