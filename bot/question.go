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

// OptionLabel is the label of the option with value v among opts, in l;
// a dash when there is none.
func OptionLabel(opts []Option, v string, l Lang) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label.In(l)
		}
	}
	return "–"
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
	QWhere         = "where"
	QHowNoticed    = "how_noticed"
	QActions       = "actions"
	QInvolved      = "involved"
	QInvolvedOther = "involved_other"
	QReportingLine = "reporting_line"
)

// Answer ids of the category questions, which the rules in this package,
// the investigation document and the breach record read.
const (
	QPDDataKind       = "pd_data_kind"
	QPDWhose          = "pd_whose"
	QPDHow            = "pd_how"
	QPDCount          = "pd_count"
	QPDRecipient      = "pd_recipient"
	QPDRecipientBound = "pd_recipient_bound"
	QPDLeftOrg        = "pd_left_org"
	QPDContained      = "pd_contained"
	QHAByRole         = "ha_by_role"
	QHAAgainstRole    = "ha_against_role"
	QHASexual         = "ha_sexual"
	QHAWitnesses      = "ha_witnesses"
	QHAOngoing        = "ha_ongoing"
	QHAAware          = "ha_aware"
	QHAOffence        = "ha_offence"
	QTVDanger         = "tv_danger"
	QTVBy             = "tv_by"
	QTVAgainst        = "tv_against"
	QTVKind           = "tv_kind"
	QTVInjury         = "tv_injury"
	QTVSickLeave      = "tv_sick_leave"
	QTVEvidence       = "tv_evidence"
	QTVPolice         = "tv_police"
	QCOWhat           = "co_what"
	QCOSystem         = "co_system"
	QCOTo             = "co_to"
	QCOBy             = "co_by"
	QCOKind           = "co_kind"
	QCORisk           = "co_risk"
	QCORiskHow        = "co_risk_how"
	QCOBefore         = "co_before"
	QCOBeforeWhat     = "co_before_what"
	QCQService        = "cq_service"
	QCQWho            = "cq_who"
	QCQHarm           = "cq_consequence"
	QCQSafe           = "cq_safe"
	QCQBefore         = "cq_before"
	QWEInjury         = "we_injury"
	QWEWho            = "we_who"
	QWESeveral        = "we_several"
	QWESickLeave      = "we_sick_leave"
	QWECouldHave      = "we_could_have"
	QWESafetyRep      = "we_safety_rep"
	MaxDescLength     = 3000
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

// roles are who did something and whom it was aimed at, in harassment.
var roles = []Option{
	{"participant", Text{"Deltagare", "A participant"}},
	{"client", Text{"Klient, brukare eller patient", "A client, service user or patient"}},
	{"staff", Text{"Medarbetare", "A member of staff"}},
	{"manager", Text{"Chef", "A manager"}},
	{"other", Text{"Någon annan", "Someone else"}},
	{Unknown, Text{"Vet inte", "Don't know"}},
}

// injuries grades an injury the same way wherever it is asked; none is
// how "no injury" reads in the question's own category.
func injuries(none Text) []Option {
	return []Option{
		{"none", none},
		{"minor", Text{"Ja, en lindrig skada", "Yes, a minor injury"}},
		{"care", Text{"Ja, en skada som krävde vård", "Yes, an injury that needed care"}},
		{"serious", Text{"Ja, en allvarlig skada", "Yes, a serious injury"}},
	}
}

var injuryHint = Text{"Allvarlig skada: t.ex. benbrott, brännskada, medvetslöshet eller att någon lades in på sjukhus.",
	"A serious injury: e.g. a fracture, a burn, unconsciousness or someone admitted to hospital."}

var categoryQuestions = map[Category][]Question{
	PersonalData: {
		{ID: QPDWhose, Kind: KindMulti, Required: true,
			Label: Text{"Vems uppgifter gäller det?", "Whose data is it?"},
			Options: []Option{
				{"clients", Text{"Klienter, deltagare, brukare eller patienter", "Clients, participants, service users or patients"}},
				{"staff", Text{"Medarbetare", "Staff"}},
				{"others", Text{"Andra", "Others"}},
			}},
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
		{ID: QPDHow, Kind: KindChoice, Required: true,
			Label: Text{"Hur hände det?", "How did it happen?"},
			Options: []Option{
				{"wrong_recipient", Text{"Skickades eller lämnades till fel mottagare", "Sent or handed to the wrong recipient"}},
				{"lost_device", Text{"Förlorad eller stulen enhet eller handling", "A lost or stolen device or document"}},
				{"unauthorised_access", Text{"Obehörig åtkomst eller obehörig sökning i register eller journal",
					"Unauthorised access, or an unauthorised look-up in a register or record"}},
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
		{ID: QPDRecipient, Kind: KindText, MaxLen: 500,
			Label: Text{"Vem fick uppgifterna?", "Who received the data?"},
			Hint: Text{"En roll räcker, t.ex. \"en annan klient\" eller \"en handläggare på Försäkringskassan\". Lämna tomt om ingen fick dem eller om du inte vet.",
				"A role is enough, e.g. \"another client\" or \"a case officer at the Social Insurance Agency\". Leave empty if no one did or you don't know."}},
		{ID: QPDRecipientBound, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Har mottagaren tystnadsplikt?", "Is the recipient bound by confidentiality?"},
			Hint: Text{"T.ex. personal på en annan myndighet: ja. En privatperson: nej. Svara vet inte om du är osäker eller om ingen fick uppgifterna.",
				"E.g. another authority's staff: yes. A private person: no. Answer don't know if unsure or if no one received the data."}},
		{ID: QPDLeftOrg, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Har uppgifterna lämnat organisationen?", "Did the data leave the organisation?"}},
		{ID: QPDContained, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Är det under kontroll nu (raderat, återkallat, hittat)?", "Is it contained now (deleted, recalled, found)?"}},
	},
	Harassment: {
		{ID: QHAByRole, Kind: KindChoice, Required: true, Options: roles,
			Label: Text{"Vem gjorde det?", "Who did it?"},
			Hint: Text{"Välj rollen. Kollegor som är inblandade väljer du längre ner.",
				"Pick the role. Colleagues who are involved are picked further down."}},
		{ID: QHAAgainstRole, Kind: KindChoice, Required: true, Options: roles,
			Label: Text{"Vem var det riktat mot?", "Who was it aimed at?"}},
		{ID: QHASexual, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Var det sexuellt, t.ex. kommentarer, bilder eller beröring?", "Was it sexual, e.g. comments, pictures or touching?"}},
		{ID: QHAWitnesses, Kind: KindText, MaxLen: 500,
			Label: Text{"Vittnen", "Witnesses"},
			Hint:  Text{"Vem såg eller hörde det? Roller räcker.", "Who saw or heard it? Roles are enough."}},
		{ID: QHAOngoing, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Pågår det fortfarande?", "Is it still going on?"}},
		{ID: QHAAware, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Vet den som drabbades om den här rapporten?", "Does the person affected know about this report?"},
			Hint:  Text{"Svara ja om det är du själv.", "Answer yes if it is you."}},
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
		{ID: QTVInjury, Kind: KindChoice, Required: true, Options: injuries(Text{"Nej", "No"}),
			Label: Text{"Blev någon skadad?", "Was anyone injured?"}, Hint: injuryHint},
		{ID: QTVSickLeave, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Ledde det till sjukskrivning?", "Did it lead to sick leave?"}},
		{ID: QTVEvidence, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Finns meddelanden, samtal eller annat sparat som kan visa vad som hände?",
				"Are there messages, calls or anything else saved that can show what happened?"},
			Hint: Text{"Spara dem. Radera inte meddelanden eller samtalslistor.", "Keep them. Do not delete messages or call logs."}},
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
		{ID: QCOSystem, Kind: KindText, MaxLen: 300,
			Label: Text{"Vilket system eller register?", "Which system or register?"},
			Hint:  Text{"Lämna tomt om det inte gällde något system.", "Leave empty if no system was involved."}},
		{ID: QCOTo, Kind: KindText, Required: true, MaxLen: 500,
			Label: Text{"Till vem gick den?", "Who received it?"}},
		{ID: QCOBy, Kind: KindText, MaxLen: 500,
			Label: Text{"Vem lämnade ut den?", "Who disclosed it?"},
			Hint:  Text{"Lämna tomt om du inte vet.", "Leave empty if you don't know."}},
		{ID: QCORisk, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Riskerar någon att skadas eller hotas nu på grund av det?", "Is anyone at risk of harm or threats now because of it?"}},
		{ID: QCORiskHow, Kind: KindText, MaxLen: 500,
			Label: Text{"Om ja: hur kan det gå till?", "If yes: how could it happen?"},
			Hint: Text{"T.ex. \"klienten vet nu var kollegan bor\". Roller räcker.",
				"E.g. \"the client now knows where the colleague lives\". Roles are enough."}},
		{ID: QCOBefore, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Har det tagits upp tidigare?", "Has it been raised before?"}},
		{ID: QCOBeforeWhat, Kind: KindText, MaxLen: 500,
			Label: Text{"Om ja: med vem, och vad beslutades?", "If yes: with whom, and what was decided?"},
			Hint: Text{"T.ex. \"med närmaste chef, som beslutade att inte göra något\". Roller räcker.",
				"E.g. \"with my manager, who decided to take no action\". Roles are enough."}},
	},
	CareQuality: {
		{ID: QCQService, Kind: KindText, Required: true, MaxLen: 300,
			Label: Text{"Vilken insats eller verksamhet?", "Which service?"}},
		{ID: QCQWho, Kind: KindText, Required: true, MaxLen: 300,
			Label: Text{"Vem drabbades?", "Who was affected?"},
			Hint: Text{"En roll, t.ex. \"boende på avdelning 2\". Skriv inte namn eller personnummer.",
				"A role, e.g. \"a resident on ward 2\". Do not write names or personal identity numbers."}},
		{ID: QCQHarm, Kind: KindChoice, Required: true,
			Label: Text{"Följder för den enskilde", "Consequences for the individual"},
			Options: []Option{
				{"none", Text{"Inga kända följder", "None known"}},
				{"risk", Text{"Risk för skada", "Risk of harm"}},
				{"harm", Text{"Skada eller lidande", "Harm or suffering"}},
				{"serious", Text{"Allvarlig skada, fara för liv eller hälsa", "Serious harm, danger to life or health"}},
			}},
		{ID: QCQSafe, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Är den enskilde i säkerhet nu?", "Is the person safe now?"},
			Hint:  Text{"Svara nej om risken finns kvar.", "Answer no if the risk remains."}},
		{ID: QCQBefore, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Har det hänt förut?", "Has it happened before?"}},
	},
	WorkEnvironment: {
		{ID: QWEInjury, Kind: KindChoice, Required: true, Options: injuries(Text{"Nej, det var ett tillbud", "No, it was a near miss"}),
			Label: Text{"Blev någon skadad?", "Was anyone injured?"}, Hint: injuryHint},
		{ID: QWEWho, Kind: KindText, MaxLen: 300,
			Label: Text{"Vem skadades?", "Who was injured?"},
			Hint: Text{"En roll räcker, t.ex. \"lärare\" eller \"besökare\". Lämna tomt om ingen skadades.",
				"A role is enough, e.g. \"teacher\" or \"visitor\". Leave empty if no one was."}},
		{ID: QWESeveral, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Skadades flera personer?", "Were several people injured?"}},
		{ID: QWESickLeave, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Ledde det till sjukskrivning?", "Did it lead to sick leave?"}},
		{ID: QWECouldHave, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Var det ett allvarligt tillbud: kunde det ha lett till allvarlig skada eller död?",
				"Was it a serious near miss: could it have led to serious injury or death?"},
			Hint: Text{"T.ex. benbrott, brännskada, medvetslöshet, el, fall från höjd.", "E.g. a fracture, a burn, unconsciousness, electricity, a fall from height."}},
		{ID: QWESafetyRep, Kind: KindChoice, Required: true, Options: yesNoUnknown,
			Label: Text{"Har skyddsombudet fått veta?", "Has the safety representative been told?"},
			Hint: Text{"Skyddsombudet ska få veta om olyckor och allvarliga tillbud.",
				"The safety representative is to be told of accidents and serious near misses."}},
	},
	Other: nil,
}

var commonQuestions = []Question{
	{ID: QDescription, Kind: KindParagraph, Required: true, MaxLen: MaxDescLength,
		Label: Text{"Beskriv vad som hände", "Describe what happened"},
		Hint: Text{"Fakta: vad som hände och vem som drabbades. Skriv inte personnummer.",
			"Facts: what happened and who was affected. Do not write personal identity numbers."}},
	{ID: QWhere, Kind: KindText, Required: true, MaxLen: 300,
		Label: Text{"Var hände det?", "Where did it happen?"},
		Hint: Text{"En plats, t.ex. \"receptionen\", \"gruppbostadens kök\" eller \"i ett mejl\" – inte vem det gällde.",
			"A place, e.g. \"the reception\", \"the group home's kitchen\" or \"in an e-mail\" – not who it concerned."}},
	{ID: QHowNoticed, Kind: KindChoice, Required: true,
		Label: Text{"Hur upptäcktes det?", "How was it discovered?"},
		Options: []Option{
			{"self", Text{"Jag såg eller hörde det själv", "I saw or heard it myself"}},
			{"told_affected", Text{"Den som drabbades berättade", "The person affected told me"}},
			{"told_other", Text{"En kollega eller någon annan berättade", "A colleague or someone else told me"}},
			{"found", Text{"Upptäcktes i ett system, en handling eller en kontroll", "Found in a system, a document or during a check"}},
			{"other", Text{"Annat", "Other"}},
		}},
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
