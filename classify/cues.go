package classify

import "github.com/incidentbot/incidentbot/bot"

// The cue tables. A pattern is one or more normalised words (lower case,
// å/ä→a, ö→o); every word but the last must match a token exactly, the
// last is a prefix of its token ("hota" finds "hotade", "hotat") unless it
// ends in "=" ("hot=" is the word alone, not "hotell"). A leading "+"
// keeps a cue counting after a negator in a table that is otherwise
// negation-aware: "ingen varningsskylt" is still about the work environment.
// Weights: 5 all but decides, 3-4 strong, 2 typical, 1 context.

type cueDef struct {
	pattern string
	weight  float64
}

type categoryTable struct {
	category bot.Category
	// negatable tables are those where "not X" means the opposite of X; in
	// neglect and breaches, the negation is often the report itself
	// ("inte fått sin medicin", "inte krypterad").
	negatable bool
	cues      []cueDef
}

var categoryCues = []categoryTable{
	{bot.PersonalData, false, []cueDef{
		{"personuppgift", 4}, {"personal data", 4}, {"personnummer", 2}, {"fel mottagare", 5},
		{"wrong recipient", 5}, {"till fel", 3}, {"fel person", 4}, {"fel kuvert", 4}, {"fel adress", 4},
		{"wrong address", 4}, {"wrong person", 4}, {"the wrong", 2}, {"fel nummer", 3},
		{"mejl", 1}, {"mail", 1}, {"e post", 1}, {"epost", 1}, {"emailed", 2}, {"skickade", 1},
		{"skickades", 1}, {"sent", 1}, {"kopia", 2}, {"dold kopia", 2}, {"bcc", 3}, {"kuvert", 2},
		{"brev", 1}, {"letter", 1}, {"tappat", 2}, {"tappade", 2}, {"forlorat", 2}, {"lost", 2},
		{"stulen", 2}, {"stolen", 2}, {"tjanstemobil", 2}, {"mobil", 1}, {"dator", 2}, {"laptop", 2},
		{"usb", 3}, {"krypter", 3}, {"okrypter", 3}, {"encrypt", 3}, {"skrivare", 1}, {"printer", 1},
		{"skanna", 3}, {"skanning", 3}, {"scan", 3}, {"utskrift", 2}, {"inloggad", 1},
		{"inloggningen", 1}, {"intyg", 2}, {"lakarintyg", 2}, {"certificate", 2}, {"journal", 1},
		{"halsouppgift", 3}, {"diagnos", 2}, {"health data", 3}, {"skarm", 2}, {"screen", 2},
		{"publik", 2}, {"sokmotor", 3}, {"shared folder", 3}, {"gemensamma mapp", 3}, {"fax", 3},
		{"remiss", 1}, {"bilaga", 2}, {"bifogat", 2}, {"attachment", 2}, {"flik", 1}, {"excel", 2},
		{"synlig", 2}, {"visible", 2}, {"adressregister", 2}, {"handlingar", 1}, {"parm", 2},
		{"glomdes kvar", 3}, {"lag kvar", 3}, {"forsvann", 2}, {"strimla", 2}, {"utredning", 1},
		{"addresses", 1}, {"adresser", 1}, {"skyddade adress", 2}, {"mottagare", 2},
		// Round 2 (see docs/classification.md): general vocabulary.
		{"fel fil", 3}, {"bifoga", 2}, {"sjukdom", 2}, {"anteckningar", 1}, {"kvar pa", 2},
		{"tappade bort", 3}, {"by mistake", 2}, {"av misstag", 2}, {"rakade", 1}, {"pasted", 2},
		{"public", 2}, {"gammalt nummer", 3}, {"postades", 2}, {"liknande namn", 2}, {"forvaxl", 3},
		{"mix up", 3}, {"mixed up", 3}, {"exposed", 3}, {"exponera", 3}, {"data breach", 5},
		{"hacka", 3}, {"hacked", 3}, {"phishing", 2}, {"natfiske", 2}, {"benefit decisions", 2},
		{"sms=", 1}, {"kallelse", 1},
	}},
	{bot.Harassment, true, []cueDef{
		{"trakasser", 5}, {"ofred", 5}, {"harass", 5}, {"krank", 3}, {"sexuell", 3}, {"sexual", 3},
		{"sexliv", 3}, {"snusk", 3}, {"nedsattande", 3}, {"mobb", 5}, {"bully", 5}, {"bullied", 5},
		{"utfrys", 4}, {"utfrus", 4}, {"excluded", 3}, {"hanar", 3}, {"retad", 3}, {"retar", 3},
		{"forolampa", 3}, {"insult", 3}, {"rasist", 4}, {"racist", 4}, {"skamt", 1}, {"jokes", 1},
		{"mock", 3}, {"kallade mig", 3}, {"kallad", 2}, {"calling me", 3}, {"names", 1},
		{"blatte", 3}, {"hora=", 3}, {"kropp", 2}, {"body", 2}, {"looks", 2}, {"clothes", 2},
		{"touching", 3}, {"beroring", 3}, {"tafs", 4}, {"ovalkomn", 3}, {"unwelcome", 3},
		{"rumpa", 4}, {"brost", 4}, {"tog mig pa", 3}, {"tar mig pa", 3}, {"blottade", 5}, {"blottar", 5}, {"uncomfortable", 2},
		{"obehaglig", 2}, {"sagt nej", 2}, {"sa ifran", 2}, {"sager ifran", 2}, {"snapchat", 1},
		{"instagram", 1}, {"facebook", 1}, {"chatt", 1}, {"gruppchatt", 1}, {"chat", 1},
		{"following", 2}, {"karleksbrev", 3}, {"upprepade", 1}, {"repeatedly", 1}, {"hela tiden", 1},
		{"keeps", 1}, {"dum i huvudet", 3}, {"religion", 2}, {"ursprung", 2}, {"accent", 2},
		{"anspelning", 3}, {"privata", 1}, {"private", 1}, {"smsar", 1}, {"ringer mig", 1},
		{"tala det", 2}, {"tala=", 1}, {"meddelanden", 1}, {"messages", 1}, {"memes", 2},
		{"skriker at mig", 2},
		// Round 2 (see docs/classification.md): general vocabulary.
		{"gumman", 3}, {"klappa", 2}, {"bett honom sluta", 3}, {"sluta", 1}, {"made fun", 4},
		{"makes fun", 4}, {"driver med", 3}, {"filmade", 2}, {"filmed", 2}, {"lappar", 1}, {"elak", 3},
		{"kommentarer om min", 2}, {"vikt=", 1}, {"weight", 1}, {"fotar", 2}, {"i smyg", 3},
		{"secretly", 2}, {"privatliv", 1}, {"sent pa kvallarna", 2}, {"late at night", 2},
		{"nedvarderande", 3}, {"fornedra", 3}, {"humiliat", 3}, {"degrad", 3}, {"diskrimin", 3},
		{"discriminat", 3}, {"homofob", 4}, {"sexist", 4}, {"stalk", 4}, {"forfoljer", 3}, {"flirt", 2},
		{"raggar", 3}, {"ignorerar mig", 2},
	}},
	{bot.ThreatViolence, true, []cueDef{
		{"hot=", 4}, {"hota", 4}, {"hotfull", 4}, {"hotbrev", 5}, {"hotelse", 4}, {"dodshot", 5},
		{"threat", 4}, {"slog till", 4}, {"slog naven", 2}, {"slag=", 3}, {"misshandl", 5},
		{"knuffa", 3}, {"sparka", 3}, {"spotta", 3}, {"spat", 3}, {"bet=", 3}, {"rev henne", 3},
		{"skalla", 3}, {"attack", 4}, {"punch", 4}, {"shoved", 3}, {"pushed", 2}, {"threw", 2},
		{"kastade", 2}, {"kniv", 4}, {"knife", 4}, {"vapen", 4}, {"gun=", 4}, {"weapon", 4},
		{"skjut", 4}, {"shoot", 4}, {"doda", 4}, {"ska do=", 4}, {"kill", 4}, {"ihjal", 4},
		{"mord", 4}, {"gisslan", 5}, {"hostage", 5}, {"burn down", 4}, {"branna ner", 4},
		{"akta dig", 3}, {"akta mig", 3}, {"vet var jag bor", 4}, {"knows where i live", 4},
		{"hitta mig", 2}, {"vanta pa mig", 3}, {"fa se vad", 3}, {"fa betala", 3}, {"livradd", 3},
		{"radd", 2}, {"scared", 2}, {"afraid", 2}, {"vagar inte", 2}, {"larmade", 2}, {"vakt", 1},
		{"blodde", 2}, {"bleeding", 2}, {"bruise", 2}, {"aggressiv", 3}, {"arg=", 1}, {"skrek", 2},
		{"vasst foremal", 4}, {"polisen", 1}, {"skakade", 1}, {"skadas", 2}, {"skada dig", 3},
		{"slog pa rutan", 2}, {"bankade", 2}, {"alldeles for nara", 2},
		// Round 2 (see docs/classification.md): general vocabulary.
		{"strupgrepp", 5}, {"grepp om", 2}, {"slog sonder", 2}, {"headbutt", 4}, {"batong", 2},
		{"baton", 2}, {"smalla", 3}, {"bomb", 4}, {"spranga", 4}, {"angra dig", 3}, {"angra sig", 3},
		{"slagsmal", 4}, {"brottade", 3}, {"strypa", 4}, {"strypt", 4}, {"assault", 5}, {"hit me", 3},
		{"hit her", 3}, {"hit him", 3}, {"kicked", 3}, {"bitten", 3}, {"vald=", 2}, {"valdsam", 4},
		{"violent", 4}, {"violence", 4}, {"vet vilken", 2}, {"vet vad jag heter", 2}, {"intimidat", 3},
	}},
	{bot.Confidentiality, false, []cueDef{
		{"slagning", 5}, {"slagit upp", 5}, {"slog upp", 5}, {"kollat upp", 3}, {"kollade upp", 3},
		{"kollat i", 3}, {"sokning", 3}, {"sokt pa", 3}, {"look up", 4}, {"looked up", 4},
		{"obehorig", 4}, {"unauthori", 4}, {"utan tjanstebehov", 5}, {"tjanstebehov", 3},
		{"work reason", 4}, {"logg", 3}, {"log check", 3}, {"lack", 4}, {"leak", 4},
		{"sekretess", 4}, {"confidential", 4}, {"roj", 4}, {"intern", 3}, {"journalist", 3},
		{"media", 3}, {"forum", 1}, {"privat relation", 4}, {"privat forhallande", 4},
		{"forhallande med", 4}, {"relation med", 3}, {"relationship", 3}, {"hemlig relation", 4},
		{"berattat for", 2}, {"berattar for", 2}, {"berattade for", 2}, {"pratar om", 2}, {"fors vidare", 3},
		{"fort vidare", 3}, {"forts vidare", 3}, {"sprid", 3}, {"spreds", 3}, {"selling", 3},
		{"information", 1}, {"saljer", 3}, {"utomstaende", 3}, {"outside", 1}, {"akt=", 2},
		{"akten", 2}, {"file=", 1}, {"register", 2}, {"registret", 2}, {"registren", 2}, {"belastningsregist", 2}, {"folkbokforing", 2},
		{"socialregist", 2}, {"verksamhetssystem", 2}, {"journalsystem", 2}, {"systemen", 2},
		{"records", 2}, {"my account", 3}, {"mitt konto", 3}, {"logs in", 2}, {"fotografera", 2},
		{"exmake", 2}, {"fore detta", 2}, {"ex flickvan", 2}, {"partners ex", 2}, {"skyddad identitet", 2},
		{"arenden", 1}, {"arende", 1}, {"uppgifter om", 2}, {"the minutes", 2}, {"internal", 3},
		{"domd", 1}, {"granne", 1}, {"grannar", 1}, {"utlatande", 1},
		// Round 2 (see docs/classification.md): general vocabulary.
		{"audit trail", 4}, {"audit log", 4}, {"accessed", 3}, {"snoop", 4}, {"umgas privat", 4},
		{"privat med", 2}, {"lanat ut pengar", 2}, {"pratat om", 2}, {"pratade om", 2}, {"lagt upp", 2},
		{"sociala medier", 2}, {"social media", 2}, {"tipsat", 3}, {"tipped off", 3}, {"avsloja", 3},
		{"disclos", 3}, {"jav=", 3}, {"javsituation", 4}, {"conflict of interest", 4}, {"muta", 4},
		{"mutor", 4}, {"bribe", 4}, {"behorighet", 2}, {"losenord", 2}, {"password", 2},
	}},
	{bot.CareQuality, false, []cueDef{
		{"missforhallande", 5}, {"lex sarah", 5}, {"brukare", 1.5}, {"boende=", 1}, {"de boende", 2},
		{"insats", 3}, {"verkstall", 3}, {"omsorg", 2}, {"hemtjanst", 1.5}, {"lss", 1.5}, {"sis=", 1},
		{"sis hemmet", 2}, {"hvb", 2}, {"gruppbostad", 1}, {"korttidsboende", 1}, {"demens", 2},
		{"medicin", 3}, {"lakemedel", 3}, {"dos=", 2}, {"insulin", 3}, {"ordinera", 3},
		{"blodsocker", 3}, {"blood sugar", 3}, {"bloja", 3}, {"dusch", 3}, {"hjalp att ata", 3},
		{"eaten", 3}, {"food", 2}, {"fridge", 1}, {"personalbrist", 3}, {"saknas personal", 3},
		{"rutin", 2}, {"saknas rutin", 2}, {"ingen rutin", 2}, {"no routine", 3}, {"dokumenter", 1},
		{"foljer upp", 2}, {"foljdes upp", 2}, {"folja upp", 2}, {"followed up", 2}, {"follow up", 2},
		{"reagerat", 2}, {"forsumm", 4}, {"neglect", 4}, {"vanvard", 4}, {"nedlatande", 3},
		{"nattlinne", 1}, {"forvirrad", 1}, {"lag pa golvet", 3}, {"missat", 2}, {"missade", 2},
		{"besok", 1}, {"besoket", 2}, {"visit", 1}, {"fallit bort", 3}, {"avskiljning", 4},
		{"tvang", 4}, {"fasthall", 3}, {"laste in", 3}, {"inlast", 3}, {"straff", 1},
		{"umgange", 3}, {"skolgang", 3}, {"placera", 2}, {"foster care", 3}, {"social worker", 1},
		{"handlaggning", 2}, {"bistand", 2}, {"forsorjningsstod", 1}, {"resident", 1},
		{"elderly", 2}, {"wheelchair", 2}, {"forgot", 2}, {"glomde", 2}, {"hjalpmedel", 3},
		{"introduktion", 1}, {"satte i halsen", 2}, {"anfall", 2}, {"epilepsi", 2},
		{"kontaktperson", 3}, {"beviljad", 3}, {"den enskilde", 2}, {"tillsyn", 2}, {"ingen kom", 2},
		{"sjukskoterska", 2}, {"orosanmal", 2}, {"obehandlad", 3}, {"anhoriga", 1}, {"vikarie", 1},
		{"ensam i badet", 3}, {"dagliga verksamhet", 1}, {"kilo", 2}, {"plan says", 2}, {"sar=", 2},
		// Round 2 (see docs/classification.md): general vocabulary.
		{"promenad", 2}, {"genomforandeplan", 3}, {"vardplan", 3}, {"care plan", 3}, {"as planned", 2},
		{"trycksar", 4}, {"pressure sore", 4}, {"bedridden", 2}, {"sangliggande", 2},
		{"sarskilt stod", 3}, {"assistent", 2}, {"elev", 1}, {"specialkost", 3}, {"allergi", 2},
		{"matlad", 2}, {"kvallsmat", 2}, {"dokumentation", 1}, {"ensam hela natten", 2},
		{"lamnad ensam", 3}, {"lamnades ensam", 3}, {"left alone", 3}, {"unattended", 3},
		{"vardtagare", 2}, {"omsorgstagare", 2}, {"aldreboende", 2}, {"sarskilt boende", 2},
		{"nursing home", 2}, {"care home", 2}, {"home care", 2}, {"fel dos", 3}, {"wrong dose", 3},
		{"medication", 3}, {"hygien", 2}, {"undernar", 3}, {"malnutrition", 3}, {"dehydr", 3},
		{"uttorkad", 3}, {"ivo=", 3},
	}},
	{bot.WorkEnvironment, true, []cueDef{
		{"+tillbud", 5}, {"+near miss", 5}, {"+olycka", 4}, {"+accident", 4}, {"halka", 4},
		{"slipped", 4}, {"ramla", 4}, {"foll", 2}, {"fell", 2}, {"snubbla", 4}, {"tripped", 4},
		{"stukade", 4}, {"brot=", 3}, {"handled", 2}, {"klamde", 4}, {"klamt", 4}, {"cut=", 3},
		{"nalstick", 5}, {"kemikalie", 4}, {"chemical", 4}, {"eksem", 3}, {"handskar", 1},
		{"ryggen", 2}, {"my back", 3}, {"lifting", 2}, {"hoist", 3}, {"lyften", 3}, {"tung", 1},
		{"heavy", 1}, {"kartong", 2}, {"stege", 3}, {"ladder", 3}, {"hylla", 3}, {"shelf", 3},
		{"trappan", 2}, {"golv", 1}, {"blota", 2}, {"isen=", 2}, {"sandat", 2}, {"+varningsskylt", 3},
		{"+brandlarm", 4}, {"+nodutgang", 4}, {"fire", 2}, {"gas=", 3}, {"+ventilation", 3},
		{"luktar", 1}, {"luktade", 1}, {"eluttag", 3}, {"gnistra", 3}, {"brant", 2},
		{"air conditioning", 3}, {"heat", 2}, {"svimma", 2}, {"fainted", 2}, {"huvudvark", 2},
		{"ont i huvudet", 2}, {"headache", 2}, {"stress", 3}, {"utmattning", 3}, {"sjukskriv", 3},
		{"arbetsbelastning", 3}, {"ensam pa natten", 3}, {"ensamarbete", 3}, {"jobbat ensam", 3},
		{"tjanstebil", 2}, {"bromsar", 3}, {"sladd", 3}, {"dack", 2}, {"korsning", 2},
		{"krock", 3}, {"fonsterkarm", 2}, {"dorrstangare", 3}, {"+overfallslarm", 3},
		{"kunde ha gatt illa", 3}, {"could have", 2}, {"nara att", 2}, {"nastan", 2},
		{"holl pa att", 2}, {"+trasig", 1}, {"broken", 1}, {"sonder", 1}, {"glass", 1},
		{"stitches", 2}, {"knee", 2}, {"knat", 2}, {"hurt my", 2}, {"foten", 1}, {"injur", 3},
		{"arbetsskada", 4}, {"skadades", 1}, {"swollen", 1}, {"ogat", 1}, {"back hurts", 3},
		{"blocked", 2}, {"blockerad", 2}, {"fungerade inte", 1}, {"ramlade", 4},
		// Round 2 (see docs/classification.md): general vocabulary.
		{"elstot", 4}, {"electric shock", 4}, {"twisted", 3}, {"ankle", 3}, {"vrickade", 4},
		{"vrickat", 4}, {"fotleden", 2}, {"ramp", 2}, {"gav vika", 3}, {"valta", 2}, {"nacken", 2},
		{"axlar", 2}, {"neck", 2}, {"shoulders", 2}, {"ergonomi", 3}, {"ergonomic", 3}, {"yr=", 2},
		{"dizzy", 2}, {"arbetsmiljo", 3}, {"skyddsombud", 3}, {"safety representative", 3}, {"lyfte", 2},
		{"belastning", 2}, {"fire alarm", 4}, {"rok=", 2}, {"smoke", 2}, {"mogel", 3}, {"mould", 3},
		{"mold", 3}, {"buller", 3}, {"noise", 2},
	}},
	{bot.Other, false, []cueDef{
		{"kaffe", 3}, {"coffee", 3}, {"parker", 3}, {"parking", 3}, {"paraply", 3}, {"umbrella", 3},
		{"projektor", 3}, {"wifi", 3}, {"semester", 3}, {"lon=", 3}, {"salary", 3}, {"tidrapport", 3},
		{"stolar", 2}, {"kontorsstol", 3}, {"chairs", 2}, {"vegetari", 3}, {"personalfest", 3},
		{"fika", 3}, {"julfika", 3}, {"cykel", 2}, {"tack=", 2}, {"thanks", 2}, {"forslag", 2},
		{"suggestion", 2}, {"lunch", 2}, {"kylskap", 1}, {"micro", 3}, {"mikro", 3},
		{"stadschema", 2}, {"bestalla", 2}, {"bestall", 2}, {"post it", 2}, {"it support", 3},
		{"intranet", 3}, {"intranat", 3}, {"phone list", 3}, {"telefonlista", 3}, {"nyckelbricka", 3},
		{"keycard", 3}, {"tolk", 2}, {"boka", 2}, {"jamming", 3}, {"mossa", 3}, {"hittat", 1},
		{"hittade", 1}, {"borttappad", 2}, {"for kallt", 2}, {"element", 2}, {"langsamt", 2},
		{"slow", 2}, {"hur=", 1}, {"how do", 1}, {"who is responsible", 2}, {"vem ska", 1},
		{"oppet hus", 3}, {"motesrum", 1}, {"konferensrum", 1}, {"service", 1}, {"parmar", 2},
		{"var far man", 2}, {"fungerar inte", 1},
		// Round 2 (see docs/classification.md): general vocabulary.
		{"frukt", 2}, {"banan", 2}, {"nycklar", 2}, {"nyckel", 2}, {"hiss", 3}, {"elevator", 3},
		{"apt=", 2}, {"kalender", 2}, {"calendar", 2}, {"lampa", 3}, {"lampan", 3},
		{"fastighetsskotare", 3}, {"blinkar", 1}, {"leverantor", 2}, {"undrar", 2}, {"fraga=", 1},
		{"fragor", 1}, {"question", 2}, {"wondering", 2}, {"anyone know", 2}, {"out of order", 3},
		{"ur funktion", 3}, {"diskmaskin", 3}, {"toalett", 2}, {"toner", 2},
	}},
}

// severityCues raise a suggestion's severity to at least their level; all
// of them are negation-aware ("ingen kniv").
var severityCues = []struct {
	severity bot.Severity
	patterns []string
}{
	{bot.Critical, []string{
		"kniv", "knife", "vapen", "weapon", "gun=", "skjut", "shoot", "doda", "ska do=", "kill",
		"ihjal", "dodshot", "gisslan", "hostage", "i fara", "in danger", "skyddad identitet",
		"skyddade personuppgift", "skyddade adress", "skyddad adress", "protected identity",
		"allvarligt missforhallande", "medvetslos", "unconscious", "burn down", "branna ner",
		"vasst foremal",
	}},
	{bot.High, []string{
		"blod", "bleeding", "livradd", "sjukhus", "hospital", "akuten", "ambulans", "ambulance", "sys=",
		"stitches", "brot=", "fraktur", "fracture", "misshandl", "punch", "slog till",
		"vet var jag bor", "knows where i live", "halsouppgift", "diagnos", "lakarintyg",
		"medical certificate", "okrypter", "personnummer", "utredningar om barn", "orosanmalan",
		"pagar", "hela tiden", "ongoing", "every day", "varje dag", "varje kvall", "upprepade",
		"repeatedly", "satte i halsen", "svimma", "fainted", "sjukskriv", "allvarlig", "serious",
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
		"personuppgift", "personnummer", "slagning", "slagit upp", "slog upp", "kollat upp",
		"kollat i", "sokning", "sokt pa", "look up", "looked up", "arende", "akt=", "akten",
		"journal", "register", "registret", "registren", "belastningsregist", "folkbokforing", "uppgifter om", "skyddad identitet",
		"records", "file=", "cases", "klient", "client", "var hans", "bor nu", "notes about",
	}},
	{bot.WorkEnvironmentSerious, []bot.Category{bot.ThreatViolence, bot.WorkEnvironment, bot.Harassment}, []string{
		"kniv", "knife", "vapen", "weapon", "gun=", "skjut", "shoot", "doda", "ska do=", "kill",
		"ihjal", "dodshot", "gisslan", "hostage", "vasst foremal", "burn down", "branna ner",
		"i fara", "in danger", "ambulans", "ambulance", "sjukhus", "hospital", "brot=", "fraktur",
		"fracture", "medvetslos", "unconscious", "allvarligt tillbud", "could have killed",
		"kunde ha dott", "vet var jag bor", "knows where i live",
	}},
	{bot.PoliceReport, []bot.Category{bot.Harassment, bot.Confidentiality}, []string{
		"ofred", "blottade", "blottar", "tafs", "rumpa", "brost", "forfoljer", "foljer efter",
		"following", "stalk", "slagning", "slagit upp", "slog upp", "dataintrang",
		"obehorig", "unauthori", "utan tjanstebehov", "selling", "saljer", "mutor", "bribe",
		"looked up", "kollat upp", "kollat i", "sokt pa", "logs in", "husrannsakan",
	}},
}

// defaultSeverity is each category's starting point, as bot.Assess has it
// before the reporter's answers.
var defaultSeverity = map[bot.Category]bot.Severity{
	bot.PersonalData:    bot.Medium,
	bot.Harassment:      bot.Medium,
	bot.ThreatViolence:  bot.High,
	bot.Confidentiality: bot.High,
	bot.CareQuality:     bot.Medium,
	bot.WorkEnvironment: bot.Medium,
	bot.Other:           bot.Low,
}

// defaultRegimes hold for every report of the category, as in bot.Assess.
var defaultRegimes = map[bot.Category][]bot.Regime{
	bot.PersonalData:   {bot.GDPRBreach},
	bot.ThreatViolence: {bot.PoliceReport},
	bot.CareQuality:    {bot.LexSarah},
}
