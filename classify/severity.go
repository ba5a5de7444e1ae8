package classify

import "github.com/incidentbot/incidentbot/bot"

// severityCues raise a suggestion's severity to at least their level; all
// of them are negation-aware ("ingen kniv").
var severityCues = []struct {
	severity bot.Severity
	patterns []string
}{
	{bot.Critical, []string{
		"kniv", "knife", "vapen", "weapon", "gun=", "skjut", "shoot", "gisslan", "hostage", "i fara", "in danger", "skyddad identitet",
		"skyddade personuppgift", "skyddade adress", "skyddad adress", "protected identity",
		"allvarligt missforhallande", "medvetslos", "unconscious", "burn down", "branna ner",
		"vasst foremal", "tappade medvetandet", "forlorade medvetandet", "lost consciousness",
		"knocked out", "svarade inte pa tilltal", "broke her", "broke his", "broke my", "broken arm",
		"broken leg", "broken wrist", "bruten", "brutit", "benbrott", "armen var av", "benet var av",
		"brannskad", "blasor", "stromstot", "electric shock", "lades in", "inlagd", "admitted",
		"dog=", "avled", "died", "dodsfall", "brot=", "brot handleden", "brot armen", "brot benet",
		"fraktur", "fracture", "svimma", "fainted", "passed out", "elstot", "stot av", "strypgrepp",
		"strupgrepp", "strangl", "chokehold", "by the throat", "om halsen", "smalla pa", "bomb",
		"spranga", "was out for", "out cold", "hangde konstigt", "waistband", "i midjan", "got a shock", "fick en stot",
		"still inside", "locked the front door", "lasta in sig", "dina barn", "your children", "your kids",
		// Someone unconscious, if briefly, or missing still.
		"avsvimmad", "var borta en stund", "var borta en kort", "svarade inte", "blacked out", "still missing",
		"har inte kommit tillbaka", "inte kommit tillbaka", "har inte synts", "inte synts till", "fortfarande forsvunnen",
		// Data open to anyone.
		"oppen lank", "delad lank", "oppna delen", "webbplats", "website", "vem som helst", "anyone with the link",
	}},
	// A threat to kill is high by itself and critical with the specifics
	// the guidelines name: a place, a time, a means, someone known to be
	// violent (assess.go).
	{bot.High, []string{
		"doda", "ska do=", "kill=", "killed", "killing", "ihjal", "dodshot",
		"blod=", "blodet", "blodde", "blodig", "bloder", "bleeding", "livradd", "sjukhus", "hospital", "akuten", "ambulans", "ambulance", "sys=",
		"stitches", "misshandl", "punch", "slog till",
		"vet var jag bor", "knows where i live", "halsouppgift", "diagnos", "lakarintyg",
		"medical certificate", "okrypter", "personnum", "utredningar om barn", "orosanmalan",
		"pagar", "hela tiden", "ongoing", "every day", "varje dag", "varje kvall", "upprepade",
		"repeatedly", "satte i halsen", "sjukskriv", "allvarlig", "serious",
		"belastningsregist", "media", "journalist", "could have killed", "kunde ha dott",
	}},
}

// lowCues mark a work-environment report where nobody came to harm; they
// lower it to low unless something else raised it.
var lowCues = []string{
	"ingen skadades", "ingen skada", "inga skador", "ingen blev skadad", "nobody was hurt",
	"no one was hurt", "nobody was injured", "no injury", "no injuries", "det gick bra",
	"skadades inte", "nobody was there",
}

// regimeCues suggest a regime when the report's category is one of only.
var regimeCues = []struct {
	regime   bot.Regime
	only     []bot.Category
	patterns []string
}{
	// Lex Sarah covers a service to an individual under social services or
	// LSS: a breach about such a client, or harassment among them.
	{bot.LexSarah, []bot.Category{bot.Harassment, bot.PersonalData}, []string{
		"brukare", "boende=", "de boende", "omsorg", "lss", "sis=", "sis hemmet", "hvb",
		"gruppbostad", "korttidsboende", "hemtjanst", "dagliga verksamhet", "missforhallande",
		"lex sarah", "placerat barn", "placerade barn", "resident", "orosanmal", "vardnadsutredning",
	}},
	// Harassment between participants obliges as bot.Assess has it.
	{bot.LexSarah, []bot.Category{bot.Harassment}, []string{"deltagare", "participants"}},
	{bot.GDPRBreach, []bot.Category{bot.Confidentiality}, []string{
		"personuppgift", "personnum", "slagning", "slagit upp", "slog upp", "kollat upp",
		"kollat i", "sokning", "sokt pa", "look up", "looked up", "arende", "akt=", "akten",
		"journal", "register", "registret", "registren", "belastningsregist", "folkbokforing", "uppgifter om", "skyddad identitet",
		"records", "file=", "cases", "klient", "client", "var hans", "bor nu", "notes about",
	}},
	{bot.WorkEnvironmentSerious, []bot.Category{bot.ThreatViolence, bot.WorkEnvironment, bot.Harassment}, []string{
		"kniv", "knife", "vapen", "weapon", "gun=", "skjut", "shoot", "gisslan", "hostage", "vasst foremal", "burn down", "branna ner",
		"tappade medvetandet", "forlorade medvetandet", "lost consciousness", "knocked out",
		"broke her", "broke his", "broke my", "bruten", "brutit", "benbrott", "brannskad", "stromstot",
		"electric shock", "elstot", "strypgrepp", "strupgrepp", "strangl", "chokehold", "by the throat",
		"bomb", "smalla pa", "was out for", "out cold", "waistband", "i midjan", "got a shock",
		"fick en stot", "still inside", "locked the front door", "dina barn", "your children", "your kids", "utanfor mitt hus", "utanfor mitt hem", "utanfor min bostad", "outside my house",
		"outside my home", "hemadress", "home address", "min familj", "my family", "mina barn", "my children",
		"i fara", "in danger", "ambulans", "ambulance", "sjukhus", "hospital", "brot=", "fraktur",
		"fracture", "medvetslos", "unconscious", "allvarligt tillbud", "could have killed",
		"kunde ha dott", "vet var jag bor", "knows where i live",
	}},
	{bot.PoliceReport, []bot.Category{bot.Harassment, bot.Confidentiality}, []string{
		"ofred", "blottade", "blottar", "tafs", "rumpa", "brost=", "brosten", "forfoljer", "foljer efter",
		"following", "stalk", "slagning", "slagit upp", "slog upp", "dataintrang",
		"obehorig", "unauthori", "utan tjanstebehov", "selling", "saljer", "mutor", "bribe",
		"looked up", "kollat upp", "kollat i", "sokt pa", "logs in", "husrannsakan",
	}},
}

// defaultSeverity is each category's starting point before the cues. It
// is the higher of two levels where the labelled sets have both about as
// often: harassment and care reports are high far more often than not
// (docs/classification.md), and a coordinator can lower a suggestion.
var defaultSeverity = map[bot.Category]bot.Severity{
	bot.PersonalData:    bot.Medium,
	bot.Harassment:      bot.High,
	bot.ThreatViolence:  bot.High,
	bot.Confidentiality: bot.High,
	bot.CareQuality:     bot.High,
	bot.WorkEnvironment: bot.Medium,
	bot.Other:           bot.Low,
}

// defaultRegimes hold for every report of the category, as in bot.Assess,
// except that the text makes a confidentiality case a breach only when it
// is about people (textRules); a form filed as confidentiality still starts
// the clock by bot.Assess.
var defaultRegimes = map[bot.Category][]bot.Regime{
	bot.PersonalData:   {bot.GDPRBreach},
	bot.ThreatViolence: {bot.PoliceReport},
	bot.CareQuality:    {bot.LexSarah},
}
