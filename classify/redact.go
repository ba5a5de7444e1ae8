package classify

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// The placeholders Redact puts where personal data was.
const (
	PlaceholderPersonnummer = "[PERSONNUMMER]"
	PlaceholderPhone        = "[TELEFON]"
	PlaceholderEmail        = "[E-POST]"
	PlaceholderSlack        = "[SLACK]"
	PlaceholderName         = "[NAMN]"
)

// The pieces of the number patterns: any Unicode dash or the minus sign
// (U+2010–U+2015, U+2212) besides the hyphen-minus; a space, also a
// no-break one; and a separator of digit groups, which is a dash with
// spaces around it or not, or one space.
const (
	dashes = `\-\x{2010}-\x{2015}\x{2212}`
	sp     = `[ \t\x{00A0}\x{202F}]`
	sep    = `(?:` + sp + `*[` + dashes + `]` + sp + `*|` + sp + `)`
)

var (
	// Slack's own markup for mentions of users, groups and channels, and
	// its broadcasts; the label after "|" is often a name.
	slackRE = regexp.MustCompile(`<(?:[@#][UWBC][A-Z0-9]+|!subteam\^[A-Z0-9]+|!(?:channel|here|everyone))(?:\|[^>]*)?>`)
	// Slack wraps addresses it recognises as links: <mailto:a@b.se|a@b.se>.
	mailtoRE = regexp.MustCompile(`<mailto:[^>]*>`)
	telRE    = regexp.MustCompile(`<tel:[^>]*>`)
	emailRE  = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}`)
	// A personal identity number, or a coordination number (day + 60):
	// YYMMDD-NNNN, YYMMDD+NNNN (over 100), YYMMDDNNNN, and the same with
	// the century; the dash may be any Unicode dash or minus and have
	// spaces around it (800101 – 0000), or be one space. The date is
	// checked in validDate; a Luhn check is not made, because a mistyped
	// or invented number is still someone's.
	personnummerRE = regexp.MustCompile(`(^|[^\p{L}\p{N}+` + dashes + `])((?:19|20)?(\d{2})(\d{2})(\d{2})(?:` + sp + `*[+` + dashes + `]` + sp + `*|` + sp + `)?\d{4})($|[^\p{L}\p{N}])`)
	// Swedish numbers (070-123 45 67, 08-123 456 78, 070 – 123 45 67,
	// 031/123 45 67, (08) 508 000 00, 070.123.45.67, 0046 …, +46 (0)70 …)
	// and international ones (+44 20 7946 0000): a leading 0 or +, or an
	// area code in parentheses, then digits in groups separated by a dash
	// (with spaces around it or not), a space or a slash, or by dots
	// throughout. The digit count and dates are checked in phoneDigits.
	phoneRE = regexp.MustCompile(`(^|[^\p{L}\p{N}+/` + dashes + `])(` +
		`(?:\+|00)\d{1,3}(?:` + sep + `?\(0\))?(?:(?:` + sep + `|\.)?\d{1,4}){2,5}` +
		`|0\d{1,3}(?:(?:` + sep + `|/)?\d{2,4}){2,4}` +
		`|0\d{1,3}(?:\.\d{2,4}){2,4}` +
		`|\(0\d{1,3}\)` + sp + `*\d{2,4}(?:` + sep + `?\d{2,4}){1,3}` +
		`|0\d{8,10})($|[^\p{L}\p{N}])`)
	// dateRE is a date with its day first (01.02.2026, 01-02-2026), which
	// has a phone number's shape.
	dateRE = regexp.MustCompile(`^(\d{2})[./` + dashes + `](\d{2})[./` + dashes + `](?:19|20)\d{2}$`)
	// placeholderRE finds the placeholders themselves, so that a picked
	// name such as "Post" does not eat into "[E-POST]".
	placeholderRE = regexp.MustCompile(`\[(?:PERSONNUMMER|TELEFON|E-POST|SLACK|NAMN)\]`)
)

// Redact replaces personal data in text with placeholders before it goes
// to an outside service: Swedish personal identity and coordination
// numbers, phone numbers, e-mail addresses, Slack mentions, and names
// (each part of them too, case-insensitively, with or without diacritics,
// and in the genitive). The caller gives the names: bot.Service passes
// those of the people picked in the report dialog and the capitalised
// words of the answers that name people.
func Redact(text string, names []string) string {
	text = slackRE.ReplaceAllString(text, PlaceholderSlack)
	text = mailtoRE.ReplaceAllString(text, PlaceholderEmail)
	text = telRE.ReplaceAllString(text, PlaceholderPhone)
	text = emailRE.ReplaceAllString(text, PlaceholderEmail)
	text = replaceBounded(personnummerRE, text, PlaceholderPersonnummer, validDate)
	text = replaceBounded(phoneRE, text, PlaceholderPhone, phoneDigits)
	return redactNames(text, names)
}

// replaceBounded replaces group 2 of each match of re for which ok holds.
// The patterns carry their own boundaries in groups 1 and the last,
// because RE2's \b knows only ASCII; since a boundary character is
// consumed, the replacement runs until nothing changes, so that two
// numbers separated by one space are both found.
func replaceBounded(re *regexp.Regexp, text, placeholder string, ok func(sub []string) bool) string {
	for range 4 {
		changed := false
		text = re.ReplaceAllStringFunc(text, func(m string) string {
			sub := re.FindStringSubmatch(m)
			if !ok(sub) {
				return m
			}
			changed = true
			return sub[1] + placeholder + sub[len(sub)-1]
		})
		if !changed {
			break
		}
	}
	return text
}

// validDate checks the month and the day (1-31, or 61-91 for a
// coordination number) of a personnummer match, so that an order number
// like 4471239876 is left alone.
func validDate(sub []string) bool {
	month, day := atoi2(sub[4]), atoi2(sub[5])
	return month >= 1 && month <= 12 && (day >= 1 && day <= 31 || day >= 61 && day <= 91)
}

func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// phoneDigits accepts a phone match with 7 to 15 digits, E.164's range,
// unless it is a date written day first.
func phoneDigits(sub []string) bool {
	if d := dateRE.FindStringSubmatch(sub[2]); d != nil {
		if day, month := atoi2(d[1]), atoi2(d[2]); day >= 1 && day <= 31 && month >= 1 && month <= 12 {
			return false
		}
	}
	n := 0
	for _, r := range sub[2] {
		if '0' <= r && r <= '9' {
			n++
		}
	}
	return n >= 7 && n <= 15
}

// redactNames replaces every picked name, and every part of one, with
// PlaceholderName. It compares folded text (lower case, no diacritics),
// rune for rune, so "ÅSA", "Åsa" and "Asa" are all found for "Åsa";
// a name and its genitive ("Annas", "Max:s") go together.
func redactNames(text string, names []string) string {
	parts := nameParts(names)
	if len(parts) == 0 {
		return text
	}
	runes := []rune(text)
	folded := make([]rune, len(runes))
	for i, r := range runes {
		folded[i] = foldRune(r)
	}
	hit := make([]bool, len(runes))
	for _, loc := range placeholderRE.FindAllStringIndex(text, -1) {
		start, end := len([]rune(text[:loc[0]])), len([]rune(text[:loc[1]]))
		for i := start; i < end; i++ {
			hit[i] = true // never a name inside a placeholder
		}
	}
	protected := slices.Clone(hit)
	for _, p := range parts {
		for i := 0; i+len(p) <= len(folded); i++ {
			if !slices.Equal(folded[i:i+len(p)], p) || i > 0 && isWordRune(folded[i-1]) || slices.Contains(protected[i:i+len(p)], true) {
				continue
			}
			end := i + len(p)
			end += genitive(folded[end:])
			if end < len(folded) && isWordRune(folded[end]) {
				continue
			}
			for k := i; k < end; k++ {
				hit[k] = true
			}
		}
	}
	var b strings.Builder
	for i := 0; i < len(runes); {
		if !hit[i] || protected[i] {
			b.WriteRune(runes[i])
			i++
			continue
		}
		// One placeholder for a run of name parts: "Anna Karlsson".
		j := i
		for j < len(runes) && (hit[j] && !protected[j] || runes[j] == ' ' && j+1 < len(runes) && hit[j+1] && !protected[j+1]) {
			j++
		}
		b.WriteString(PlaceholderName)
		i = j
	}
	return b.String()
}

// genitive is how many runes of rest make a Swedish or English genitive
// ending: "s", "'s", ":s", "’s".
func genitive(rest []rune) int {
	switch {
	case len(rest) >= 2 && (rest[0] == '\'' || rest[0] == ':' || rest[0] == '’') && rest[1] == 's':
		return 2
	case len(rest) >= 1 && rest[0] == 's' && (len(rest) == 1 || !isWordRune(rest[1])):
		return 1
	}
	return 0
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// nameParts folds each name and splits it into the whole and its parts of
// at least two letters, longest first. A parenthesis is dropped first: a
// display name like "Anna Karlsson (hon/henne)" must not make "hon" a name.
func nameParts(names []string) [][]rune {
	var out [][]rune
	add := func(s string) {
		s = strings.TrimSpace(s)
		if len([]rune(s)) < 2 {
			return
		}
		f := []rune(s)
		for i, r := range f {
			f[i] = foldRune(r)
		}
		if !slices.ContainsFunc(out, func(o []rune) bool { return slices.Equal(o, f) }) {
			out = append(out, f)
		}
	}
	for _, n := range names {
		if i := strings.IndexAny(n, "(["); i >= 0 {
			n = n[:i]
		}
		add(strings.Join(strings.Fields(n), " "))
		for _, p := range strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
			add(p)
		}
		for _, p := range strings.Fields(n) { // "Anna-Karin" whole as well as its halves
			add(strings.Trim(p, ".,;:"))
		}
	}
	slices.SortStableFunc(out, func(a, b []rune) int { return len(b) - len(a) })
	return out
}
