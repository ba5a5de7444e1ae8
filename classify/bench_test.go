package classify

import (
	"runtime"
	"testing"
	"unicode/utf8"
)

// benchReport is a realistic long report, about 800 characters: a
// frightened colleague, a threat, a name, a place and some context.
const benchReport = `Jag vet inte riktigt vad jag ska göra så jag skriver här. I eftermiddags hade jag ett
uppföljningsmöte på jobbtorget med en deltagare som fått avslag på sin ansökan om
försörjningsstöd. Han blev väldigt arg när jag förklarade beslutet, slog näven i bordet och
sa att han vet var jag bor och att jag ska akta mig när jag går hem. Sedan sa han att han
har en kniv i bilen. Jag larmade inte eftersom jag inte ville provocera honom, men min kollega
i rummet bredvid hörde allt och kom in. Han gick efter en stund men stod kvar utanför
entrén i säkert tjugo minuter. Jag är rädd att åka hem och vågar inte ta bussen. Ingen
skadades fysiskt men jag skakar fortfarande. Vi har ingen rutin för hur vi följer upp sådant här
och min chef är på semester denna vecka. Skyddsombudet är informerat sedan i kväll.`

// guessReport is as long, but the rules only guess at it (a relative's
// worry, nothing they know), so the learned model decides.
const guessReport = `Jag vet inte om det här hör hemma här men jag vill att någon tittar på det. I tisdags
eftermiddag kom en anhörig till avdelningen och ville prata med mig om sin pappa. Hon var upprörd
över att han verkade så trött och tyst de senaste veckorna, och hon undrade varför ingen hade
ringt henne. Jag förklarade att jag bara hade arbetat där i två veckor och inte kände honom så
väl ännu. Hon sa att hon tänkte skriva till förvaltningen och att hon inte litade på oss längre.
Efter samtalet satt jag en stund i personalrummet och funderade. Ingen i arbetsgruppen verkade
veta vad som hade hänt med honom, och anteckningarna från helgen var korta. Min kollega menade
att han alltid brukar bli sådan på hösten. Jag tycker ändå att vi borde ha tagit upp det på
morgonmötet, och jag vill gärna veta hur vi ska göra nästa gång en anhörig hör av sig så här.`

func init() {
	for _, text := range []string{benchReport, guessReport} {
		if n := utf8.RuneCountInString(text); n < 750 || n > 900 {
			panic("the bench reports should be about 800 characters")
		}
	}
}

// BenchmarkRules is the cost of one suggestion for a long report.
func BenchmarkRules(b *testing.B) {
	r := NewRules()
	b.ReportAllocs()
	b.SetBytes(int64(len(benchReport)))
	for b.Loop() {
		r.classify(benchReport)
	}
}

// BenchmarkLearned is the cost of one suggestion for a long report at
// which the rules only guess, so that the learned model decides; the model
// is trained before the timer starts.
func BenchmarkLearned(b *testing.B) {
	r := NewRules()
	if _, learned := r.classifyWith(guessReport, learnedModel); !learned {
		b.Fatal("the rules decide guessReport")
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(guessReport)))
	for b.Loop() {
		r.classify(guessReport)
	}
}

// BenchmarkLearnedTrain is what the first suggestion of a process costs
// once: reading the embedded sets and training the category model and the
// weighing model on them. It reports the features they share and the
// heap both keep.
func BenchmarkLearnedTrain(b *testing.B) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, w := trainEmbedded()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(m)
	runtime.KeepAlive(w)
	b.ReportAllocs()
	for b.Loop() {
		trainEmbedded()
	}
	b.ReportMetric(float64(len(m.logP)), "features")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "models-MiB")
}

// BenchmarkRulesFloor is the floor the rules are measured against: only
// normalising and splitting the same report, which any text rule must do.
func BenchmarkRulesFloor(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchReport)))
	for b.Loop() {
		tokenize(normalize(benchReport))
	}
}

// BenchmarkRedact is the cost of cleaning the same report before it goes
// to a language model.
func BenchmarkRedact(b *testing.B) {
	names := []string{"Anna Karlsson", "Åsa Öberg"}
	b.ReportAllocs()
	b.SetBytes(int64(len(benchReport)))
	for b.Loop() {
		Redact(benchReport, names)
	}
}
