package classify

import (
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

func init() {
	if n := utf8.RuneCountInString(benchReport); n < 750 || n > 900 {
		panic("benchReport should be about 800 characters")
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
