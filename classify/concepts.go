package classify

import (
	"slices"

	"github.com/incidentbot/incidentbot/bot"
)

// Concepts are classes of words that say little alone but much together:
// "skickade" is not a breach and "fel" is not one, but "skickade … fel" is;
// "ramlade" is an accident at work after "jag" and a failure of care after
// "brukaren". A concept's patterns follow the syntax of cues.go (match.go
// explains it); the combinations below give the weights. They are written
// from the contract's definitions and from what staff in social services,
// LSS, hemtjänst, jobbtorg, police, prison and schools write, in Swedish
// and English, and widened where labelled or development reports showed a
// gap: a word goes in for what it means in any report, never to fix one.

type conceptDef struct {
	name      string
	negatable bool // "ingen skadades", "han slog inte" do not count
	patterns  []string
}

// concepts are all the concepts, from the lexicon_*.go files.
var concepts = slices.Concat(peopleConcepts, workConcepts, dataConcepts, harmConcepts)

// defaultSpan is how many tokens apart two concepts may be and still
// count together: about a sentence.
const defaultSpan = 20

// combinations give concepts their weight, alone (b empty) or together
// within span tokens (defaultSpan when 0; b after a when order is set),
// and not at all when the unless concept is anywhere in the report. Each
// counts once.
var combinations = []struct {
	cat    bot.Category
	weight float64
	a, b   string
	span   int
	order  bool
	unless string
}{
	// Accidents: who fell or got hurt decides between the work
	// environment and care.
	{bot.WorkEnvironment, 2, "fall", "", 0, false, ""},
	{bot.WorkEnvironment, 2, "staff", "fall", 4, true, ""},
	{bot.CareQuality, 4, "client", "fall", 4, true, ""},
	{bot.CareQuality, 2, "client", "injury", 3, true, ""},
	{bot.WorkEnvironment, 3, "injury", "body", 0, false, "harm"},
	{bot.WorkEnvironment, 1, "injury", "", 0, false, "harm"},
	{bot.WorkEnvironment, 2, "staff", "injury", 10, true, "harm"},
	{bot.WorkEnvironment, 3, "nearmiss", "equipment", 0, false, ""},
	{bot.WorkEnvironment, 2, "nearmiss", "fall", 0, false, ""},
	{bot.WorkEnvironment, 2, "hazard", "equipment", 0, false, "harm"},
	{bot.WorkEnvironment, 2, "symptom", "", 0, false, ""},
	{bot.WorkEnvironment, 2, "symptom", "equipment", 0, false, ""},
	{bot.WorkEnvironment, 2, "overload", "", 0, false, ""},
	{bot.WorkEnvironment, 3, "animal", "injury", 0, false, ""},
	{bot.WorkEnvironment, 4, "animal", "harm", 0, false, ""},

	// Personal data: sent, lost or exposed records.
	{bot.PersonalData, 4, "send", "wrong", 0, false, ""},
	{bot.PersonalData, 2, "record", "wrong", 0, false, ""},
	{bot.PersonalData, 2, "wrong", "record", 3, true, ""},
	{bot.PersonalData, 4, "lost", "device", 0, false, ""},
	{bot.PersonalData, 3, "lost", "record", 0, false, ""},
	{bot.PersonalData, 3, "exposed", "record", 0, false, ""},
	{bot.PersonalData, 2, "exposed", "sensitive", 0, false, ""},
	{bot.PersonalData, 4, "record", "disposal", 0, false, ""},
	{bot.PersonalData, 2, "mistake", "send", 0, false, ""},
	{bot.PersonalData, 2, "mistake", "record", 0, false, ""},
	{bot.PersonalData, 2, "send", "sensitive", 0, false, "consent"},
	{bot.PersonalData, 2, "send", "record", 0, false, "consent"},
	{bot.PersonalData, 3, "unprotected", "device", 0, false, ""},
	{bot.PersonalData, 3, "unprotected", "record", 0, false, ""},
	{bot.PersonalData, 2, "breach", "", 0, false, ""},
	{bot.PersonalData, 3, "breach", "record", 0, false, ""},
	{bot.PersonalData, 1, "record", "sensitive", 0, false, ""},

	// Confidentiality: told to outsiders, looked up, too close to a client.
	{bot.Confidentiality, 4, "disclose", "outsider", 0, false, "mistake"},
	{bot.Confidentiality, 2, "disclose", "caseinfo", 0, false, ""},
	{bot.Confidentiality, 4, "lookup", "system", 0, false, ""},
	{bot.Confidentiality, 3, "lookup", "noreason", 0, false, ""},
	{bot.Confidentiality, 3, "caseinfo", "noreason", 0, false, ""},
	{bot.Confidentiality, 2, "system", "noreason", 0, false, ""},
	{bot.Confidentiality, 4, "relation", "client", 0, false, ""},
	{bot.Confidentiality, 3, "staffinfo", "client", 0, false, ""},
	{bot.Confidentiality, 2, "staffinfo", "", 0, false, ""},
	{bot.Confidentiality, 3, "relation", "caseinfo", 0, false, ""},
	{bot.Confidentiality, 2, "disclose", "client", 0, true, ""},
	{bot.Confidentiality, 3, "internal", "send", 0, false, ""},
	{bot.Confidentiality, 3, "internal", "exposed", 0, false, ""},
	{bot.Confidentiality, 3, "internal", "outsider", 0, false, ""},
	{bot.Confidentiality, 3, "internal", "disclose", 0, false, ""},
	{bot.Confidentiality, 2, "caseinfo", "digital", 0, false, ""},
	{bot.Confidentiality, 3, "lookup", "outsider", 0, false, ""},
	{bot.Confidentiality, 3, "credential", "send", 0, false, ""},
	{bot.Confidentiality, 3, "credential", "lookup", 0, false, ""},
	{bot.Confidentiality, 3, "consent", "send", 0, false, ""},
	{bot.Confidentiality, 3, "consent", "disclose", 0, false, ""},
	{bot.Confidentiality, 1, "consent", "", 0, false, ""},
	{bot.Confidentiality, 4, "press", "send", 0, false, "mistake"},
	{bot.Confidentiality, 2, "press", "internal", 0, false, ""},
	{bot.Confidentiality, 2, "press", "record", 0, false, ""},
	{bot.Confidentiality, 1, "press", "", 0, false, ""},

	// Threats and violence.
	{bot.ThreatViolence, 3, "harm", "", 0, false, "animal"},
	{bot.ThreatViolence, 4, "weapon", "", 0, false, ""},
	{bot.ThreatViolence, 2, "threatspeech", "", 0, false, ""},
	{bot.ThreatViolence, 3, "threatspeech", "harmword", 0, false, ""},
	{bot.ThreatViolence, 3, "threatspeech", "target", 0, false, ""},
	{bot.ThreatViolence, 2, "harmword", "", 0, false, ""},
	{bot.ThreatViolence, 2, "target", "surveil", 0, false, ""},
	{bot.ThreatViolence, 2, "surveil", "", 0, false, ""},
	{bot.ThreatViolence, 1.5, "fear", "", 0, false, ""},
	{bot.ThreatViolence, 2, "harm", "body", 6, false, "animal"},
	{bot.ThreatViolence, 2, "harm", "staff", 5, false, "animal"},
	{bot.ThreatViolence, 3, "condition", "harmword", 0, false, ""},
	{bot.ThreatViolence, 2, "condition", "target", 0, false, ""},
	{bot.ThreatViolence, 3, "ominous", "target", 0, false, ""},

	// Harassment.
	{bot.Harassment, 3, "comment", "identity", 0, false, ""},
	{bot.Harassment, 2, "degrade", "", 0, false, ""},
	{bot.Harassment, 3, "comment", "slur", 0, false, ""},
	{bot.Harassment, 2, "slur", "", 0, false, ""},
	{bot.Harassment, 3, "sexual", "", 0, false, ""},
	{bot.Harassment, 2, "unwanted", "", 0, false, ""},
	{bot.Harassment, 2, "speech", "identity", 12, false, ""},
	{bot.Harassment, 2, "speech", "slur", 12, false, ""},
	{bot.Harassment, 1, "repeat", "digital", 0, false, ""},
	{bot.Harassment, 2, "identity", "degrade", 0, false, ""},
	{bot.Harassment, 2, "digital", "degrade", 0, false, ""},
	{bot.Harassment, 1, "comment", "", 0, false, ""},
	{bot.Harassment, 1, "identity", "", 0, false, ""},
	{bot.Harassment, 1, "fear", "", 0, false, ""},
	{bot.Harassment, 3, "touch", "intimate", 5, false, ""},
	{bot.Harassment, 1, "touch", "", 0, false, ""},
	{bot.Harassment, 2, "personalq", "", 0, false, ""},
	{bot.Harassment, 2, "night", "digital", 0, false, ""},
	{bot.Harassment, 2, "retaliation", "degrade", 0, false, ""},
	{bot.Harassment, 1, "retaliation", "", 0, false, ""},
	{bot.Harassment, 1, "avoid", "", 0, false, ""},
	{bot.Harassment, 2, "avoid", "repeat", 0, false, ""},

	// Care.
	{bot.CareQuality, 3, "client", "carefail", 0, false, "nearmiss"},
	{bot.CareQuality, 3, "careobj", "carefail", 0, false, ""},
	{bot.CareQuality, 1, "caresetting", "carefail", 0, false, ""},
	{bot.CareQuality, 2, "careharm", "", 0, false, ""},
	{bot.CareQuality, 3, "coercion", "client", 0, false, ""},
	{bot.CareQuality, 2, "routine", "client", 0, false, ""},
	{bot.CareQuality, 1, "client", "careobj", 0, false, ""},
	{bot.CareQuality, 0.5, "caresetting", "", 0, false, ""},
}
