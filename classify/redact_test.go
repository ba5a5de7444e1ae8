package classify

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRedact(t *testing.T) {
	picked := []string{"Anna Karlsson", "Åsa Öberg", "Jean-Luc Ek (han/honom)"}
	tests := []struct {
		name, in, want string
	}{
		// Personal identity and coordination numbers.
		{"pnr with dash", "Hans pnr är 800101-0000.", "Hans pnr är [PERSONNUMMER]."},
		{"pnr with century", "personnummer 19800101-0000 i brevet", "personnummer [PERSONNUMMER] i brevet"},
		{"pnr without dash", "pnr 8001010000", "pnr [PERSONNUMMER]"},
		{"pnr century no dash", "(198001010000)", "([PERSONNUMMER])"},
		{"pnr over 100", "född 191201010000 eller 120101+0000", "född [PERSONNUMMER] eller [PERSONNUMMER]"},
		{"samordningsnummer", "samordningsnr 850271-1234", "samordningsnr [PERSONNUMMER]"},
		{"samordningsnummer century", "20010661-9999,", "[PERSONNUMMER],"},
		{"two pnr one space apart", "800101-0000 900202-1111", "[PERSONNUMMER] [PERSONNUMMER]"},
		{"pnr with space", "800101 0000", "[PERSONNUMMER]"},
		{"pnr en dash", "Hans pnr är 800101–0000.", "Hans pnr är [PERSONNUMMER]."},
		{"pnr minus sign", "800101−0000", "[PERSONNUMMER]"},
		{"pnr non-breaking hyphen", "800101‑0000", "[PERSONNUMMER]"},
		{"pnr em dash", "19800101—0000", "[PERSONNUMMER]"},
		{"pnr spaced dash", "pnr 19800101 - 0000 i brevet", "pnr [PERSONNUMMER] i brevet"},
		{"pnr spaced en dash", "pnr 800101 – 0000", "pnr [PERSONNUMMER]"},
		{"pnr spaced plus", "120101 + 0000", "[PERSONNUMMER]"},
		// Phones.
		{"mobile", "ring 070-123 45 67 nu", "ring [TELEFON] nu"},
		{"mobile compact", "ring 0701234567", "ring [PERSONNUMMER]"}, // same shape; gone either way
		{"stockholm", "växel 08-123 456 78.", "växel [TELEFON]."},
		{"plus46", "+46 70 123 45 67", "[TELEFON]"},
		{"plus46 with zero", "+46 (0)70-123 45 67", "[TELEFON]"},
		{"0046", "0046701234567", "[TELEFON]"},
		{"international", "call +44 20 7946 0000 today", "call [TELEFON] today"},
		{"slash", "tel 031/123 45 67", "tel [TELEFON]"},
		{"mobile en dash", "ring 070–123 45 67", "ring [TELEFON]"},
		{"mobile minus sign", "070−123−45−67", "[TELEFON]"},
		{"mobile spaced dash", "ring 070 - 123 45 67 nu", "ring [TELEFON] nu"},
		{"mobile spaced en dash", "070 – 123 45 67", "[TELEFON]"},
		{"mobile parentheses", "ring (070) 123 45 67.", "ring [TELEFON]."},
		{"stockholm parentheses", "växel (08) 508 000 00", "växel [TELEFON]"},
		{"parentheses no space", "(031)123456", "[TELEFON]"},
		{"mobile dots", "ring 070.123.45.67 nu", "ring [TELEFON] nu"},
		{"stockholm dots", "08.508.000.00", "[TELEFON]"},
		{"mobile no-break spaces", "070 123 45 67", "[TELEFON]"},
		{"plus46 spaced en dash", "+46 (0)70 – 123 45 67", "[TELEFON]"},
		{"slack tel link", "<tel:0701234567|070-123 45 67>", "[TELEFON]"},
		// E-mail.
		{"email", "mejla anna.k@kommun.se!", "mejla [E-POST]!"},
		{"email subdomain", "x_y+z@mail.socialtjansten.stad.se", "[E-POST]"},
		{"email diacritics", "åsa@kommunen.se", "[E-POST]"},
		{"slack mailto", "<mailto:bo@x.se|bo@x.se>", "[E-POST]"},
		// Slack.
		{"user mention", "<@U01ABCDEF> sa det", "[SLACK] sa det"},
		{"user mention label", "<@U01ABCDEF|anna> sa det", "[SLACK] sa det"},
		{"enterprise user", "<@W12345678>", "[SLACK]"},
		{"channel", "<!channel> och <!here>", "[SLACK] och [SLACK]"},
		{"subteam", "<!subteam^S0123ABC|@chefer>", "[SLACK]"},
		{"channel link", "i <#C01CASES1|hemliga-kanalen>", "i [SLACK]"},
		// Names.
		{"full name", "Anna Karlsson hotade mig", "[NAMN] hotade mig"},
		{"first name", "anna sa", "[NAMN] sa"},
		{"last name upper", "KARLSSON sa", "[NAMN] sa"},
		{"genitive", "Annas chef och Karlssons bil", "[NAMN] chef och [NAMN] bil"},
		{"colon genitive", "Ek:s rum", "[NAMN] rum"},
		{"folded", "Asa Oberg ringde", "[NAMN] ringde"},
		{"with diacritics", "ÅSA ringde", "[NAMN] ringde"},
		{"hyphenated", "Jean-Luc och Luc", "[NAMN] och [NAMN]"},
		{"name in word", "Annalena och ekonomi", "Annalena och ekonomi"},
		{"pronouns kept", "han sa att hon", "han sa att hon"},
		{"surname first", "Karlsson, Anna", "[NAMN], [NAMN]"},
		// Must stay.
		{"date", "den 2026-11-23 kl 14:30", "den 2026-11-23 kl 14:30"},
		{"date compact", "20261123", "20261123"},
		{"case id", "se INC-2026-0001 och INC-2026-12345", "se INC-2026-0001 och INC-2026-12345"},
		{"money", "det kostade 12 500 kr, totalt 1 200 000 kronor", "det kostade 12 500 kr, totalt 1 200 000 kronor"},
		{"order id", "order 4471239876", "order 4471239876"},
		{"bad month", "ärende 801301-1234", "ärende 801301-1234"},
		{"bad day", "ärende 800140-1234", "ärende 800140-1234"},
		{"diarienummer", "Dnr SN 2026/0123", "Dnr SN 2026/0123"},
		{"short numbers", "rum 0123, plan 3, 40 minuter", "rum 0123, plan 3, 40 minuter"},
		{"time range", "08:00-16:30", "08:00-16:30"},
		{"time range dots", "kl 08.15–16.30 och 08.15 - 16.30", "kl 08.15–16.30 och 08.15 - 16.30"},
		{"date en dash", "2026–11–23", "2026–11–23"},
		{"date range", "20260101 – 20260131", "20260101 – 20260131"},
		{"date day first dots", "den 01.02.2026", "den 01.02.2026"},
		{"date day first dashes", "den 23-11-2026 och 05-11-2026", "den 23-11-2026 och 05-11-2026"},
		{"date day first slashes", "05/11/2026", "05/11/2026"},
		{"case id en dash", "INC–2026–0001", "INC–2026–0001"},
		{"diarienummer dash", "Dnr 2026-000123 och KS 2026/0123", "Dnr 2026-000123 och KS 2026/0123"},
		{"money dots", "1.200.000 kr", "1.200.000 kr"},
		{"money no-break spaces", "12 500 kr", "12 500 kr"},
		{"bad month spaced dash", "ärende 801301 - 1234", "ärende 801301 - 1234"},
		{"percent and version", "0.5 procent, version 0.12.3", "0.5 procent, version 0.12.3"},
		{"plain text", "ingen skada", "ingen skada"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(Redact(tt.in, picked), tt.want); diff != "" {
				t.Errorf("Redact(%q) (-got +want):\n%s", tt.in, diff)
			}
		})
	}
}

func TestRedactNamesNeverInPlaceholders(t *testing.T) {
	got := Redact("mejla a@b.se eller ring 070-123 45 67", []string{"Post Telefon", "E"})
	if want := "mejla [E-POST] eller ring [TELEFON]"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRedactNoNames(t *testing.T) {
	in := "Anna sa hej"
	if got := Redact(in, nil); got != in {
		t.Errorf("got %q", got)
	}
}
