package bot

// Kind is the type of answer a question takes; the Slack adapter renders
// each kind as one standard Block Kit input element.
type Kind int

// Question kinds.
const (
	// KindText is one line of free text.
	KindText Kind = iota
	// KindParagraph is several lines of free text.
	KindParagraph
	// KindChoice picks exactly one option.
	KindChoice
	// KindMulti picks any number of options.
	KindMulti
	// KindUsers picks Slack users.
	KindUsers
	// KindTick is a single tick box; its answer is "yes" when ticked.
	KindTick
)

// Option is one choice of a KindChoice or KindMulti question.
type Option struct {
	Value string
	Label Text
}

// Question is one field of the category step of the report dialog.
type Question struct {
	ID       string
	Kind     Kind
	Label    Text
	Hint     Text
	Options  []Option
	Required bool
	// MaxLen bounds free text in characters; MaxItems bounds picks.
	MaxLen   int
	MaxItems int
}

// Option returns the option with value v.
func (q Question) Option(v string) (Option, bool) {
	for _, o := range q.Options {
		if o.Value == v {
			return o, true
		}
	}
	return Option{}, false
}

// Answer ids shared by every category.
const (
	QDescription   = "description"
	QActions       = "actions"
	QInvolved      = "involved"
	QInvolvedOther = "involved_other"
	QReportingLine = "reporting_line"
)

// Answer ids of the category questions that rules in this package read.
const (
	QPDDataKind   = "pd_data_kind"
	QPDCount      = "pd_count"
	QPDLeftOrg    = "pd_left_org"
	QPDContained  = "pd_contained"
	QHABetween    = "ha_between"
	QHAWitnesses  = "ha_witnesses"
	QHAOngoing    = "ha_ongoing"
	QHAOffence    = "ha_offence"
	QTVDanger     = "tv_danger"
	QTVBy         = "tv_by"
	QTVAgainst    = "tv_against"
	QTVKind       = "tv_kind"
	QTVPolice     = "tv_police"
	QCOWhat       = "co_what"
	QCOTo         = "co_to"
	QCOBy         = "co_by"
	QCOKind       = "co_kind"
	QCQService    = "cq_service"
	QCQHarm       = "cq_consequence"
	QCQBefore     = "cq_before"
	QWEInjury     = "we_injury"
	QWESickLeave  = "we_sick_leave"
	QWECouldHave  = "we_could_have"
	MaxDescLength = 3000
)

// Common answer values.
const (
	Yes     = "yes"
	No      = "no"
	Unknown = "unknown"
)

var yesNoUnknown = []Option{
	{Yes, Text{"Ja", "Yes"}},
	{No, Text{"Nej", "No"}},
	{Unknown, Text{"Vet inte", "Don't know"}},
}

var categoryQuestions = map[Category][]Question{
	PersonalData: {
		{ID: QPDDataKind, Kind: KindMulti, Required: true,
			Label: Text{"Vilka slags uppgifter?", "What kind of data?"},
			Options: []Option{
				{"health", Text{"Hälsa, t.ex. läkarintyg eller sjukintyg", "Health, e.g. a medical certificate"}},
				{"id_number", Text{"Personnummer eller samordningsnummer", "Identity or coordination numbers"}},
				{"contact", Text{"Namn, adress, telefon, e-post", "Name, address, phone, e-mail"}},
				{"financial", Text{"Ekonomi, t.ex. bistånd eller lön", "Financial, e.g. benefits or salary"}},
				{"criminal", Text{"Brott eller lagöverträdelser", "Crimes or offences"}},
				{"protected", Text{"Skyddad identitet", "Protected identity"}},
				{"children", Text{"Uppgifter om barn", "Data about children"}},
				{"other", Text{"Annat", "Other"}},
			}},
		{ID: QPDCount, Kind: KindChoice, Required: true,
			Label: Text{"Ungefär hur många personer gäller det?", "Roughly how many people does it concern?"},
			Options: []Option{
				{"1", Text{"En", "One"}},
				{"2-10", Text{"2–10", "2–10"}},
				{"11-100", Text{"11–100", "11–100"}},
				{"101+", Text{"Fler än 100", "More than 100"}},
				{Unknown, Text{"Vet inte", "Don't know"}},
			}},
		{ID: QPDLeftOrg, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Har uppgifterna lämnat organisationen?", "Did the data leave the organisation?"}},
		{ID: QPDContained, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Är det under kontroll nu (raderat, återkallat, hittat)?", "Is it contained now (deleted, recalled, found)?"}},
	},
	Harassment: {
		{ID: QHABetween, Kind: KindChoice, Required: true,
			Label: Text{"Mellan vilka?", "Between whom?"},
			Options: []Option{
				{"participants", Text{"Deltagare eller klienter sinsemellan", "Participants or clients"}},
				{"colleagues", Text{"Kollegor", "Colleagues"}},
				{"to_staff", Text{"Från deltagare/klient mot personal", "From a participant or client to staff"}},
				{"to_client", Text{"Från personal mot deltagare/klient", "From staff to a participant or client"}},
				{"other", Text{"Annat", "Other"}},
			}},
		{ID: QHAWitnesses, Kind: KindText, MaxLen: 500,
			Label: Text{"Vittnen", "Witnesses"},
			Hint:  Text{"Vem såg eller hörde det? Roller räcker.", "Who saw or heard it? Roles are enough."}},
		{ID: QHAOngoing, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Pågår det fortfarande?", "Is it still going on?"}},
		{ID: QHAOffence, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Kan det vara ett brott, t.ex. ofredande eller sexuellt ofredande?", "Could it be a crime, such as unlawful molesting, sexual or not?"},
			Hint: Text{"Svara vet inte om du är osäker; den som tar emot ärendet bedömer.",
				"Answer don't know if unsure; whoever receives the case decides."}},
	},
	ThreatViolence: {
		{ID: QTVDanger, Kind: KindChoice, Required: true,
			Label: Text{"Är någon i omedelbar fara just nu?", "Is anyone in immediate danger right now?"},
			Options: []Option{
				{Yes, Text{"Ja", "Yes"}},
				{No, Text{"Nej", "No"}},
			}},
		{ID: QTVBy, Kind: KindText, Required: true, MaxLen: 500,
			Label: Text{"Vem hotade eller utövade våld?", "Who made the threat or used violence?"},
			Hint:  Text{"Roll eller relation räcker, t.ex. \"klient\" eller \"okänd\".", "A role or relation is enough, e.g. \"client\" or \"unknown\"."}},
		{ID: QTVAgainst, Kind: KindText, Required: true, MaxLen: 500,
			Label: Text{"Mot vem?", "Against whom?"}},
		{ID: QTVKind, Kind: KindMulti,
			Label: Text{"Vad hände?", "What happened?"},
			Options: []Option{
				{"verbal", Text{"Muntligt hot", "Verbal threat"}},
				{"written", Text{"Skriftligt eller digitalt hot", "Written or online threat"}},
				{"physical", Text{"Fysiskt våld", "Physical violence"}},
				{"weapon", Text{"Vapen eller tillhygge", "Weapon involved"}},
				{"death", Text{"Dödshot som verkar allvarligt menat", "A death threat that seems meant seriously"}},
				{"home", Text{"Hot mot familj eller hem", "Threat against family or home"}},
			}},
		{ID: QTVPolice, Kind: KindChoice, Required: true,
			Label: Text{"Har polisen kontaktats?", "Have the police been contacted?"},
			Options: []Option{
				{Yes, Text{"Ja", "Yes"}},
				{No, Text{"Nej", "No"}},
				{"not_yet", Text{"Inte än", "Not yet"}},
			}},
	},
	Confidentiality: {
		{ID: QCOKind, Kind: KindChoice, Required: true,
			Label: Text{"Vad gällde det?", "What was it?"},
			Options: []Option{
				{"leak", Text{"Intern eller sekretessbelagd information lämnades ut", "Internal or confidential information was disclosed"}},
				{"lookup", Text{"Obehörig sökning i register eller journal", "An unauthorised look-up in a register or record"}},
				{"relationship", Text{"Olämplig relation till en klient", "An improper relationship with a client"}},
				{"other", Text{"Annat", "Other"}},
			}},
		{ID: QCOWhat, Kind: KindText, Required: true, MaxLen: 1000,
			Label: Text{"Vilken information?", "What information?"}},
		{ID: QCOTo, Kind: KindText, Required: true, MaxLen: 500,
			Label: Text{"Till vem gick den?", "Who received it?"}},
		{ID: QCOBy, Kind: KindText, MaxLen: 500,
			Label: Text{"Vem lämnade ut den?", "Who disclosed it?"},
			Hint:  Text{"Lämna tomt om du inte vet.", "Leave empty if you don't know."}},
	},
	CareQuality: {
		{ID: QCQService, Kind: KindText, Required: true, MaxLen: 300,
			Label: Text{"Vilken insats eller verksamhet?", "Which service?"}},
		{ID: QCQHarm, Kind: KindChoice, Required: true,
			Label: Text{"Följder för den enskilde", "Consequences for the individual"},
			Options: []Option{
				{"none", Text{"Inga kända följder", "None known"}},
				{"risk", Text{"Risk för skada", "Risk of harm"}},
				{"harm", Text{"Skada eller lidande", "Harm or suffering"}},
				{"serious", Text{"Allvarlig skada, fara för liv eller hälsa", "Serious harm, danger to life or health"}},
			}},
		{ID: QCQBefore, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Har det hänt förut?", "Has it happened before?"}},
	},
	WorkEnvironment: {
		{ID: QWEInjury, Kind: KindChoice, Required: true,
			Label: Text{"Blev någon skadad?", "Was anyone injured?"},
			Options: []Option{
				{"none", Text{"Ingen skada (tillbud)", "No injury (near miss)"}},
				{"minor", Text{"Lindrig skada", "Minor injury"}},
				{"care", Text{"Skada som krävde vård", "Injury that needed care"}},
				{"serious", Text{"Allvarlig skada", "Serious injury"}},
			}},
		{ID: QWESickLeave, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Ledde det till sjukskrivning?", "Did it lead to sick leave?"}},
		{ID: QWECouldHave, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Kunde det ha lett till allvarlig skada eller död?", "Could it have led to serious injury or death?"},
			Hint:  Text{"T.ex. benbrott, brännskada, medvetslöshet, el, fall från höjd.", "E.g. a fracture, a burn, unconsciousness, electricity, a fall from height."}},
	},
	Other: nil,
}

var commonQuestions = []Question{
	{ID: QDescription, Kind: KindParagraph, Required: true, MaxLen: MaxDescLength,
		Label: Text{"Beskriv vad som hände", "Describe what happened"},
		Hint: Text{"Fakta: vad, var, vem som drabbades. Skriv inte personnummer.",
			"Facts: what, where, who was affected. Do not write personal identity numbers."}},
	{ID: QActions, Kind: KindParagraph, MaxLen: 2000,
		Label: Text{"Vad har gjorts hittills?", "What has been done so far?"},
		Hint:  Text{"T.ex. raderat mejlet, kontaktat chef, larmat.", "E.g. deleted the e-mail, told a manager, raised the alarm."}},
	{ID: QInvolved, Kind: KindUsers, MaxItems: 20,
		Label: Text{"Inblandade kollegor i Slack", "People involved who are in Slack"},
		Hint: Text{"De får inte se ärendet och det går förbi dem.",
			"They will not see the case; it is routed past them."}},
	{ID: QInvolvedOther, Kind: KindText, MaxLen: 500,
		Label: Text{"Andra inblandade (utan Slack)", "Others involved (not in Slack)"},
		Hint:  Text{"Roller räcker, t.ex. \"deltagare\" eller \"besökare\".", "Roles are enough, e.g. \"participant\" or \"visitor\"."}},
	{ID: QReportingLine, Kind: KindTick,
		Label: Text{"Chefslinjen", "Reporting line"},
		Options: []Option{{Yes, Text{"Någon i min egen chefslinje är inblandad",
			"Someone in my own reporting line is involved"}}},
		Hint: Text{"Då går rapporten förbi din chefslinje. Granskningen visar vem som får den.", "The report then goes past your reporting line. The review shows who receives it."}},
}

// QuestionsFor lists the category step's questions for c: the category's
// own questions first, then those every report has.
func QuestionsFor(c Category) []Question {
	qs := append([]Question(nil), categoryQuestions[c]...)
	return append(qs, commonQuestions...)
}

// QuestionByID finds a question of category c by id.
func QuestionByID(c Category, id string) (Question, bool) {
	for _, q := range QuestionsFor(c) {
		if q.ID == id {
			return q, true
		}
	}
	return Question{}, false
}
