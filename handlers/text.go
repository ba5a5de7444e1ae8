package handlers

import "github.com/incidentbot/incidentbot/bot"

// T is shorthand for a bilingual text.
type T = bot.Text

// tx builds a bilingual text: Swedish first, then English.
func tx(sv, en string) T { return T{SV: sv, EN: en} }

// txt holds every fixed piece of text the Slack adapter shows; domain text
// (categories, questions) lives in bot. Fields, not map keys, so a typo is a
// compile error.
var txt = struct {
	ReportTitle, ReviewTitle, DoneTitle, ErrorTitle         T
	Next, Cancel, Back, Send, Close                         T
	Call112, Call112Header, Call112Body                     T
	Resumed, DiscardDraft, FromMessage, MessageTruncated    T
	StepOne, StepTwo, StepThree                             T
	UnitLabel, UnitHint, CategoryLabel                      T
	OccurredLabel, OccurredHint, DiscoveredLabel            T
	DiscoveredHint, UnitGroup                               T
	SourceLink                                              T
	ReviewIntro, ReviewWhat, ReviewUnit, ReviewOccurred     T
	ReviewDiscovered, ReviewTo, ReviewChannelSees           T
	ReviewCoordinators, ReviewCoordinatorsCheck             T
	ReviewEscalated, ReviewNoRecipient                      T
	ReviewIndependent, ReviewLineKeptOut, ReviewInvolvedOut T
	ReviewNoRecipientChoose, SendToLabel, SendToOption      T
	SendToDesc, RoutedEscalation, RoutedIndependent         T
	ReasonReporterChose, ReasonEscalation                   T
	CardIndependent                                         T
	ReasonReportingLine, ReasonCoordinator, ReasonChannel   T
	IdentityLabel, IdentityHint, Named, NamedDesc           T
	Anonymous, AnonymousDesc                                T
	DoneHeader, DoneNext, DoneAnonymous                     T
	DoneNoRecipient, DoneGDPR, DoneThreat, DoneLexSarah     T
	StoreDown, DraftGone, Stale, SlackTrouble, StoreDownCmd T
	ReceiptHeader, ReceiptIntro, ReceiptNext, Category      T
	Unit, Occurred, Discovered, Status, Severity, Regimes   T
	Reporter, ReporterNamed, ReporterAnonymous, Routed      T
	RoutedUnit                                              T
	CardHeader, CardNoText, CardEscalated, CardDanger       T
	CardBy, CardDecision, Assignee, Received, Notes         T
	ClockAck, ClockAckRule, ClockBy, ClockPassed            T
	ClockMet, ClockMetLate, ClockNotified, ClockRef         T
	ActNotify, NotifyTitle, NotifyIntro, NotifyAuthority    T
	NotifyAt, NotifyReference, NotifyReferenceHint          T
	NotifyPartialLabel, NotifyPartial, NotifyPartialHint    T
	NotifyNote, NotifyNoteHint                              T
	ReminderTitle, ReminderQuarter, ReminderPassed          T
	ReminderPassedAgain, ReminderInfoOnly                   T
	WeakensSeverity, WeakensRegimes, WeakensAsk             T
	DigestClocksMet                                         T
	ConfirmAcceptTitle, ConfirmAccept, ConfirmAcceptNote    T
	ActAck, ActAssign, ActEscalate, ActNote, ActDetails     T
	ActClose                                                T
	Save, EscalateTitle, EscalateIntro, EscalateReason      T
	EscalateTo, EscalateToLine, EscalateToLineDesc          T
	EscalateToIndependentDesc, EscalateNowhere              T
	NoteTitle, NoteIntro, NoteText, NoteSource, NoteKind    T
	NoteSourceHint, NoteFact, NoteAssessment                T
	NoteAttachment, NoteAttachmentHint                      T
	CloseTitle, CloseLexSarah, CloseDecision                T
	CloseRootCauses, CloseRootCauseText, CloseActionsTaken  T
	CloseActionsAt, CloseActionsPlanned, CloseFollowUp      T
	CloseRegistry, CloseCommittee, CloseIVO                 T
	DetailsNotes, DetailsEarlierNotes, DetailsLogged        T
	RefuseNotAllowed, RefuseImplicated, RefuseConflict      T
	RefuseGone, HomeQueue, HomeQueueMore, HomeOverdue       T
	SuggestionLine, SourceRules, SourceLearned, SourceLLM   T
	SourceFallback, SuggestionFromAnswers                   T
	ActAccept, ActReclassify, ClassAccepted, ClassChanged   T
	ReclassifyTitle, ReclassifyIntro, SuggestionCues        T
	DigestTitle, DigestAbout, DigestLate, DigestFooter      T
	DigestNew, DigestNewLine, DigestNewTotal, DigestOpen    T
	DigestOpenStatus, DigestOpenAge, DigestAckOverdue       T
	DigestClocks, DigestClosed, DigestClosedLine            T
	DigestAuthorities, DigestMedians, DigestDays            T
	DigestOver90, DigestClassification, DigestAgreement     T
	DigestChartTitle, DigestNotManager, DigestPreview       T
	HomeDigest, HomeDigestPaused, HomePause, HomeResume     T
	DigestMoreUnits, DigestLexSarah                         T
	StatusHeader, StatusNone, StatusLine                    T
	Help, HelpUnknown                                       T
	HomeHeader, HomeIntro, HomeReport, HomeDrafts           T
	HomeDraftLine, HomeContinue, HomeDiscard, HomeMine      T
	HomeEmbedded, HomeHowElse                               T
}{
	ReportTitle: tx("Rapportera", "Report an incident"),
	ReviewTitle: tx("Granska och skicka", "Review and send"),
	DoneTitle:   tx("Rapporten är skickad", "Report sent"),
	ErrorTitle:  tx("Något gick fel", "Something went wrong"),
	Next:        tx("Nästa", "Next"),
	Cancel:      tx("Avbryt", "Cancel"),
	Back:        tx("Tillbaka", "Back"),
	Send:        tx("Skicka", "Send"),
	Close:       tx("Stäng", "Close"),

	Call112:       tx(":rotating_light: Är någon i fara just nu? Ring *112* först.", ":rotating_light: Is anyone in danger right now? Call *112* first."),
	Call112Header: tx("🚨 Ring 112 nu", "🚨 Call 112 now"),
	Call112Body: tx("Du har svarat att någon är i omedelbar fara. *Ring 112 innan du gör något annat.* Rapporten kan vänta – den finns kvar här.",
		"You said someone is in immediate danger. *Call 112 before anything else.* The report can wait – it stays here."),

	Resumed:          tx("Du fortsätter på ett utkast som sparades %s.", "You are continuing a draft saved %s."),
	DiscardDraft:     tx("Kasta utkastet och börja om", "Discard the draft and start over"),
	FromMessage:      tx("Rapporten gäller ett Slack-meddelande. Dess text finns i nästa steg.", "This report is about a Slack message. Its text is in the next step."),
	MessageTruncated: tx("Meddelandet var längre än 3000 tecken; början är kopierad och länken går till hela meddelandet.", "The message was longer than 3000 characters; its start is copied and the link leads to all of it."),
	StepOne:          tx("Steg 1 av 3 · Vad, var och när", "Step 1 of 3 · What, where and when"),
	StepTwo:          tx("Steg 2 av 3 · %s", "Step 2 of 3 · %s"),
	StepThree:        tx("Steg 3 av 3 · Granska och skicka", "Step 3 of 3 · Review and send"),

	CategoryLabel:   tx("Vad hände?", "What happened?"),
	UnitLabel:       tx("Vilken enhet?", "Which unit?"),
	UnitHint:        tx("Enheten där det hände. Vem som får rapporten visas innan du skickar.", "The unit where it happened. Who receives the report is shown before you send it."),
	UnitGroup:       tx("Enheter %s–%s", "Units %s–%s"),
	OccurredLabel:   tx("När hände det?", "When did it happen?"),
	OccurredHint:    tx("Din bästa uppskattning räcker.", "Your best estimate is fine."),
	DiscoveredLabel: tx("När upptäcktes det?", "When was it discovered?"),
	DiscoveredHint: tx("Fristen att anmäla en personuppgiftsincident (72 timmar) räknas från upptäckten.",
		"The deadline for reporting a personal data breach (72 hours) counts from discovery."),
	SourceLink: tx("<%s|Meddelandet som rapporten gäller>", "<%s|The message this report is about>"),

	ReviewIntro:      tx("Kontrollera rapporten. Inget skickas förrän du trycker *Skicka*.", "Check the report. Nothing is sent until you press *Send*."),
	ReviewWhat:       tx("Kategori", "Category"),
	ReviewUnit:       tx("Enhet", "Unit"),
	ReviewOccurred:   tx("Hände", "Happened"),
	ReviewDiscovered: tx("Upptäcktes", "Discovered"),
	ReviewTo:         tx("*Vem får rapporten*", "*Who receives the report*"),
	ReviewChannelSees: tx("Mottagarna – och deras kanal, om de har en – ser ärendenummer, kategori, enhet, allvarlighet, vilka regler som kan gälla, om du rapporterade anonymt, status och beslut – aldrig din text, ditt namn eller vilka som är inblandade.",
		"The recipients – and their channel, if they have one – see the case id, category, unit, severity, the rules that may apply, whether you reported anonymously, its status and decision – never your text, your name or the people involved."),
	ReviewCoordinators: tx("Mottagarna av ärenden om %s från %s: %s", "The recipients of cases about %s from %s: %s"),
	ReviewCoordinatorsCheck: tx("Är någon av dem inblandad? Gå *Tillbaka* och lägg till dem bland de inblandade, så går rapporten förbi dem.",
		"Is one of them involved? Go *Back* and add them to the people involved, and the report goes past them."),
	ReviewEscalated:   tx("Eskaleringspersonerna för %s, nästa nivå i linjen: %s – eftersom %s.", "The escalation people of %s, the next level of the line: %s – because %s."),
	ReviewIndependent: tx("*%s*, en oberoende funktion utanför enhetens chefslinje – eftersom %s.", "*%s*, an independent function outside the unit's reporting line – because %s."),
	ReviewLineKeptOut: tx("Ingen i enhetens linje – samordnare, eskaleringspersoner, chefer – får se rapporten.", "No one in the unit's line – coordinators, escalation people, managers – will see the report."),
	ReviewInvolvedOut: tx("De som är inblandade får inte se rapporten.", "The people involved will not see the report."),
	ReviewNoRecipient: tx(":warning: Det finns ingen här som kan ta emot rapporten utan att vara inblandad, så den kan inte skickas. Vänd dig till HR eller någon du litar på utanför din chefslinje.",
		":warning: There is no one here who could receive the report without being involved, so it cannot be sent. Please turn to HR or someone you trust outside your reporting line."),
	ReviewNoRecipientChoose: tx(":warning: Det finns ingen i enhetens linje som kan ta emot rapporten utan att vara inblandad. Kryssa i *%s* nedan för att skicka den dit.",
		":warning: There is no one in the unit's line who could receive the report without being involved. Tick *%s* below to send it there."),
	SendToLabel:  tx("Mottagare", "Recipient"),
	SendToOption: tx("Skicka i stället till %s", "Send it to %s instead"),
	SendToDesc:   tx("Utanför din chefslinje: ingen i enhetens linje ser rapporten.", "Outside your reporting line: no one in the unit's line sees it."),

	ReasonReportingLine: tx("någon i din chefslinje är inblandad", "someone in your reporting line is involved"),
	ReasonCoordinator:   tx("en av de ordinarie mottagarna är inblandad", "one of the usual recipients is involved"),
	ReasonChannel:       tx("en inblandad person är med i mottagarnas kanal", "an involved person is in the recipients' channel"),
	ReasonReporterChose: tx("rapportören valde det", "the reporter chose it"),
	ReasonEscalation:    tx("både de ordinarie mottagarna och eskaleringspersonerna är inblandade", "both the usual recipients and the escalation people are involved"),

	IdentityLabel: tx("Hur vill du skicka rapporten?", "How do you want to send the report?"),
	IdentityHint: tx("Anonymt: mottagarna ser inte vem du är. De kan ändå ställa frågor genom boten, och du svarar här utan att de får veta vem du är. Men det du skriver kan avslöja dig, och en Lex Sarah-utredning blir svårare utan en namngiven rapportör.",
		"Anonymously: the recipients do not see who you are. They can still ask questions through the bot, and you answer here without them learning who you are. What you write may give you away, though, and a Lex Sarah investigation is harder without a named reporter."),
	Named:         tx("Med mitt namn", "With my name"),
	NamedDesc:     tx("Mottagarna ser ditt namn och kan kontakta dig direkt", "The recipients see your name and can contact you directly"),
	Anonymous:     tx("Anonymt", "Anonymously"),
	AnonymousDesc: tx("Mottagarna ser inte vem du är; frågor går genom boten", "The recipients do not see who you are; questions go through the bot"),

	DoneHeader: tx("Ärende %s", "Case %s"),
	DoneNext: tx("*Vad händer nu*\n1. Mottagarna får ett meddelande om ärendet – utan din text – och bekräftar att de tagit emot det.\n2. Du får ett kvitto som direktmeddelande från boten nu, och meddelanden när ärendet tas emot, får en handläggare, när någon har en fråga till dig och när det avslutas.\n3. Status ser du med `/report status` eller under fliken *Hem* hos boten; där kan du också lägga till information.",
		"*What happens next*\n1. The recipients get a message about the case – without your text – and acknowledge it.\n2. You get a receipt as a direct message from the bot now, and messages when the case is acknowledged, given a case handler, when someone has a question for you and when it is closed.\n3. See the status with `/report status` or on the bot's *Home* tab; you can add information there too."),
	DoneAnonymous:   tx("Du rapporterade anonymt: mottagarna ser inte vem du är.", "You reported anonymously: the recipients do not see who you are."),
	DoneNoRecipient: tx(":warning: Ingen mottagare är konfigurerad. Rapporten är sparad; vänd dig till HR eller någon du litar på utanför din chefslinje.", ":warning: No recipient is configured. The report is stored; please turn to HR or someone you trust outside your reporting line."),
	DoneGDPR: tx("En personuppgiftsincident kan behöva anmälas till IMY inom 72 timmar från upptäckten. Mottagaren bedömer det – rapportera gärna även om du är osäker.",
		"A personal data breach may have to be reported to IMY within 72 hours of discovery. The recipient decides – reporting is right even when you are unsure."),
	DoneThreat: tx("Känner du dig hotad? Prata med din chef eller säkerhetsansvarig i dag. Vid fara: ring 112.",
		"Do you feel threatened? Talk to your manager or security today. In danger: call 112."),
	DoneLexSarah: tx("Missförhållanden ska rapporteras genast; verksamheten utreder utan dröjsmål och anmäler allvarliga fall till IVO.",
		"Shortcomings are to be reported at once; the organisation investigates without delay and notifies IVO of serious ones."),

	StoreDown: tx("Rapporttjänsten når inte sin lagring just nu. Inget du skrivit har försvunnit – försök igen om en stund.",
		"The report service cannot reach its storage right now. Nothing you wrote is lost – please try again in a moment."),
	StoreDownCmd: tx(":warning: Rapporttjänsten når inte sin lagring just nu. Försök igen om en stund. Är någon i fara: ring 112.",
		":warning: The report service cannot reach its storage right now. Please try again in a moment. If anyone is in danger, call 112."),
	DraftGone: tx("Utkastet finns inte längre (det kan ha skickats från ett annat fönster). Stäng och öppna /report igen.",
		"The draft is gone (it may have been sent from another window). Close this and open /report again."),
	Stale:        tx("Formuläret är inaktuellt. Gå tillbaka till första steget och tryck Nästa igen.", "This form is out of date. Go back to the first step and press Next again."),
	SlackTrouble: tx("Slack svarade inte i tid, så formuläret kunde inte öppnas. Försök igen. Är någon i fara: ring 112.", "Slack did not answer in time, so the form could not open. Please try again. If anyone is in danger, call 112."),

	ReceiptHeader: tx("Kvitto: %s", "Receipt: %s"),
	ReceiptIntro:  tx("Din rapport är mottagen och registrerad som *%s*.", "Your report is received and registered as *%s*."),
	ReceiptNext: tx("Du får ett meddelande här när ärendet tas emot, får en handläggare, när någon har en fråga till dig och när det avslutas. Vill du lägga till något: knappen nedan. Status: `/report status`.",
		"You will get a message here when the case is acknowledged, given a case handler, when someone has a question for you and when it is closed. To add something: the button below. Status: `/report status`."),
	Category:          tx("Kategori", "Category"),
	Unit:              tx("Enhet", "Unit"),
	Occurred:          tx("Hände", "Happened"),
	Discovered:        tx("Upptäcktes", "Discovered"),
	Status:            tx("Status", "Status"),
	Severity:          tx("Allvarlighet", "Severity"),
	Regimes:           tx("Kan omfattas av", "May fall under"),
	Reporter:          tx("Rapportör", "Reporter"),
	ReporterNamed:     tx("Namngiven", "Named"),
	ReporterAnonymous: tx("Anonym", "Anonymous"),
	Routed:            tx("Skickad till", "Sent to"),
	RoutedUnit:        tx("Mottagarna av ärenden om %s från %s", "The recipients of cases about %s from %s"),
	RoutedEscalation:  tx("Eskaleringspersonerna för %s, nästa nivå i linjen", "The escalation people of %s, the next level of the line"),
	RoutedIndependent: tx("%s, en oberoende funktion utanför enhetens chefslinje", "%s, an independent function outside the unit's reporting line"),

	CardHeader:                tx("%s · %s", "%s · %s"),
	CardBy:                    tx("av %s", "by %s"),
	CardDecision:              tx("*Beslut:* %s", "*Decision:* %s"),
	Assignee:                  tx("Ansvarig", "Assignee"),
	Received:                  tx("Inkom", "Received"),
	Notes:                     tx("Anteckningar", "Notes"),
	ClockAck:                  tx("Bekräfta mottagandet", "Acknowledge"),
	ClockAckRule:              tx("enhetens mål", "the unit's target"),
	ClockBy:                   tx("senast", "by"),
	ClockPassed:               tx("– *passerad*", "– *passed*"),
	ClockMet:                  tx("klart", "done"),
	ClockMetLate:              tx("(efter fristen)", "(after the deadline)"),
	ClockNotified:             tx("underrättad", "notified"),
	ClockRef:                  tx("ref.", "ref."),
	ActNotify:                 tx("Anmälan till myndighet", "Notify an authority"),
	NotifyTitle:               tx("Anmälan till myndighet", "Notify an authority"),
	NotifyIntro:               tx("Registrera en anmälan som är gjord. Den stoppar den fristen, syns på kortet och kommer med i historiken och utredningen.", "Record a notification that has been made. It stops that deadline, shows on the card and goes into the history and the investigation."),
	NotifyAuthority:           tx("Myndighet", "Authority"),
	NotifyAt:                  tx("När gjordes anmälan?", "When was it notified?"),
	NotifyReference:           tx("Myndighetens ärendenummer", "The authority's reference"),
	NotifyReferenceHint:       tx("Står i kvittot eller bekräftelsen.", "It is on the receipt or confirmation."),
	NotifyPartialLabel:        tx("Mer följer", "More follows"),
	NotifyPartial:             tx("Anmälan är inte komplett", "The notification is not complete"),
	NotifyPartialHint:         tx("IMY: anmält i omgångar. IVO: utredningen är inte klar.", "IMY: notified in phases. IVO: the investigation is not finished."),
	NotifyNote:                tx("Anteckning till den löpande dokumentationen", "Note for the running log"),
	ReminderTitle:             tx("Påminnelse %s: %s", "Reminder %s: %s"),
	WeakensSeverity:           tx("Förslaget sänker allvarligheten från %s till %s.", "The suggestion lowers the severity from %s to %s."),
	WeakensRegimes:            tx("Det tar bort %s, och fristerna som hör till upphör.", "It removes %s, and the deadlines that go with it stop."),
	WeakensAsk:                tx("*Godta* frågar först.", "*Accept* asks first."),
	ConfirmAcceptTitle:        tx("Godta förslaget?", "Accept the suggestion?"),
	ConfirmAccept:             tx("Godta ändå", "Accept anyway"),
	ConfirmAcceptNote:         tx("Det du godtar sparas i ärendets historik.", "What you accept is kept in the case's history."),
	ReminderQuarter:           tx("En fjärdedel av tiden återstår: senast %s.", "A quarter of the time is left: by %s."),
	ReminderPassed:            tx(":warning: Fristen har passerat: den var %s.", ":warning: The deadline has passed: it was %s."),
	ReminderPassedAgain:       tx(":warning: Ärendet har inte bekräftats, och målet passerades %s. Som eskaleringsperson får du veta det; ärendet ligger kvar hos sina mottagare.", ":warning: The case has not been acknowledged, and its target passed %s. As an escalation person you are told; the case stays with its recipients."),
	ReminderInfoOnly:          tx("Du ser inte ärendet förrän det eskaleras till dig. Kontakta enhetens samordnare.", "You will not see the case unless it is escalated to you. Contact the unit's coordinators."),
	NotifyNoteHint:            tx("T.ex. vad som anmäldes och hur. Visas bara för behöriga.", "E.g. what was notified and how. Shown only to those allowed."),
	ActAck:                    tx("Bekräfta", "Acknowledge"),
	ActAssign:                 tx("Tilldela…", "Assign…"),
	ActEscalate:               tx("Eskalera", "Escalate"),
	ActNote:                   tx("Anteckning", "Add note"),
	ActDetails:                tx("Visa detaljer", "View details"),
	ActClose:                  tx("Avsluta", "Close"),
	Save:                      tx("Spara", "Save"),
	EscalateTitle:             tx("Eskalera ärende", "Escalate case"),
	EscalateIntro:             tx("Mottagarna får kortet direkt; den som är inblandad i ärendet får det aldrig. Skälet sparas i ärendets historik.", "The recipients get the card directly; no one involved in the case ever does. The reason is kept in the case's history."),
	EscalateTo:                tx("Vart ska ärendet?", "Where does the case go?"),
	EscalateToLine:            tx("Enhetens eskaleringspersoner", "The unit's escalation people"),
	EscalateToLineDesc:        tx("Nästa nivå i linjen för %s.", "The next level of the line for %s."),
	EscalateToIndependentDesc: tx("Utanför enhetens linje: HR, säkerhet, visselblåsning.", "Outside the unit's line: HR, security, whistleblowing."),
	EscalateNowhere:           tx("Ärendet kan inte eskaleras: det ligger redan hos alla som kan ta emot det, eller så finns där ingen som inte är inblandad.", "The case cannot be escalated: it is with everyone who could receive it already, or no one there is uninvolved."),
	EscalateReason:            tx("Varför eskaleras ärendet?", "Why is the case escalated?"),
	NoteTitle:                 tx("Ny anteckning", "New note"),
	NoteIntro:                 tx("Anteckningen dateras nu och signeras med namn och titel från din Slack-profil.", "The note is dated now and signed with the name and title from your Slack profile."),
	NoteText:                  tx("Vad dokumenteras?", "What is documented?"),
	NoteSource:                tx("Källa", "Source"),
	NoteSourceHint:            tx("Var kommer uppgiften ifrån? T.ex. samtal med personal, journal, rapportören.", "Where does it come from? E.g. a talk with staff, a record, the reporter."),
	NoteKind:                  tx("Är det ett faktum eller en bedömning?", "Is it a fact or an assessment?"),
	NoteFact:                  tx("Faktum", "Fact"),
	NoteAssessment:            tx("Bedömning", "Assessment"),
	NoteAttachment:            tx("Bilaga", "Attachment"),
	NoteAttachmentHint:        tx("Bilagans nummer eller diarienummer, om det finns en.", "The attachment's number or registry number, if there is one."),
	CloseTitle:                tx("Avsluta ärende", "Close case"),
	CloseLexSarah:             tx("*Lex Sarah – välj ett av de fem besluten:*", "*Lex Sarah – choose one of the five decisions:*"),
	CloseDecision:             tx("Beslut", "Decision"),
	CloseRootCauses:           tx("Orsaker", "Root causes"),
	CloseRootCauseText:        tx("Beskriv orsakerna", "Describe the causes"),
	CloseActionsTaken:         tx("Åtgärder som vidtagits", "Actions taken"),
	CloseActionsAt:            tx("När vidtogs åtgärderna?", "When were they taken?"),
	CloseActionsPlanned:       tx("Planerade åtgärder för att förhindra att det händer igen", "Actions planned to prevent it happening again"),
	CloseFollowUp:             tx("Behov av uppföljning, utvärdering och kontroll", "Need for follow-up, evaluation and control"),
	CloseRegistry:             tx("Diarienummer", "Registry number"),
	CloseCommittee:            tx("När informerades nämnden?", "When was the committee informed?"),
	CloseIVO:                  tx("När anmäldes ärendet till IVO?", "When was IVO notified?"),
	DetailsNotes:              tx("*Anteckningar*", "*Notes*"),
	DetailsEarlierNotes:       tx("%d tidigare anteckningar finns i exporten.", "%d earlier notes are in the export."),
	DetailsLogged:             tx(":lock: Att du öppnade detaljerna är loggat i ärendets historik.", ":lock: Your opening of the details is recorded in the case's history."),
	RefuseNotAllowed:          tx(":no_entry: Du får inte hantera ärende %s. Försöket är loggat i ärendets historik.", ":no_entry: You are not allowed to handle case %s. The attempt is recorded in the case's history."),
	RefuseImplicated:          tx(":no_entry: Personen är inblandad i ärende %s och kan inte få det.", ":no_entry: That person is involved in case %s and cannot be given it."),
	RefuseConflict:            tx("Ärende %s har redan ändrats av någon annan (det kan vara avslutat). Kortet visar nu hur det ser ut.", "Case %s was already changed by someone else (it may be closed). The card now shows where it stands."),
	RefuseGone:                tx("Ärende %s finns inte.", "Case %s does not exist."),
	HomeQueue:                 tx("*Ärenden att hantera* (äldst först)", "*Cases to handle* (oldest first)"),
	HomeQueueMore:             tx("Fler ärenden väntar. De visas här när de äldsta är hanterade, och deras kort finns där ärendena kom in.", "More cases are waiting. They show here as the oldest are handled, and their cards are where the cases came in."),
	HomeOverdue:               tx(":warning: försenat", ":warning: overdue"),
	SuggestionLine:            tx(":bulb: *Förslag* (%s, %d %% säkert): %s · %s · %s", ":bulb: *Suggestion* (%s, %d %% sure): %s · %s · %s"),
	SourceRules:               tx("regler", "rules"),
	SourceLearned:             tx("regler – utifrån inlärda ord", "rules – from learned words"),
	SourceLLM:                 tx("språkmodell", "language model"),
	SourceFallback:            tx("regler – språkmodellen svarade inte", "rules – the language model did not answer"),
	ActAccept:                 tx("Godta förslaget", "Accept"),
	ActReclassify:             tx("Ändra…", "Change…"),
	ClassAccepted:             tx("Förslaget godtogs av %s.", "The suggestion was accepted by %s."),
	ClassChanged:              tx("Klassningen sattes av %s.", "The classification was set by %s."),
	ReclassifyTitle:           tx("Klassning", "Classification"),
	ReclassifyIntro:           tx("Kategori, allvarlighet och regelverk styr ärendets tidsfrister. Förslaget är förifyllt; ditt val sparas i historiken.", "Category, severity and regimes drive the case's deadlines. The suggestion is filled in; your choice is kept in the history."),
	SuggestionCues:            tx("Förslaget bygger på: %s", "The suggestion rests on: %s"),
	SuggestionFromAnswers:     tx("Förslaget har höjts till det som anmälarens svar i formuläret ger.", "The suggestion was raised to what the reporter's answers in the form give."),
	DigestTitle:               tx("Veckosammanfattning %s", "Weekly digest %s"),
	DigestAbout:               tx("%s · läget %s", "%s · as of %s"),
	DigestLate:                tx(":alarm_clock: Sen leverans: boten var nere vid den schemalagda tiden.", ":alarm_clock: Sent late: the bot was down at the scheduled time."),
	DigestFooter:              tx("Bara antal – inga namn och ingen text ur rapporterna. Antal på 1 eller 2 visas som 1–2, så att ingen pekas ut; summorna är exakta. Ärenden där du själv är inblandad räknas inte här. Pausa sammanfattningen under fliken Hem.", "Counts only – no names and no text from the reports. Counts of 1 or 2 are shown as 1–2, so that no one is pointed at; totals are exact. Cases you are involved in yourself are not counted here. Pause the digest on the Home tab."),
	DigestNew:                 tx("Nya rapporter", "New reports"),
	DigestNewLine:             tx("%s: %s (förra veckan %s, snitt fyra veckor %s)", "%s: %s (last week %s, four-week average %s)"),
	DigestNewTotal:            tx("*Totalt: %d* (förra veckan %d, snitt %s)", "*Total: %d* (last week %d, average %s)"),
	DigestOpen:                tx("Öppna ärenden", "Open cases"),
	DigestOpenStatus:          tx("Nya %s · mottagna %s · eskalerade %s", "New %s · acknowledged %s · escalated %s"),
	DigestOpenAge:             tx("Ålder: 0–2 dagar %s · 3–7 dagar %s · 8–30 dagar %s · äldre %s", "Age: 0–2 days %s · 3–7 days %s · 8–30 days %s · older %s"),
	DigestAckOverdue:          tx(":warning: Inte bekräftade inom målet: %s", ":warning: Not acknowledged within the target: %s"),
	DigestClocks:              tx(":stopwatch: Regelfrister: %s passerade, %s infaller denna vecka", ":stopwatch: Regulatory deadlines: %s missed, %s due this week"),
	DigestClosed:              tx("Avslutade", "Closed"),
	DigestClosedLine:          tx("Totalt: %d", "Total: %d"),
	DigestMoreUnits:           tx(" och %d enheter till", " and %d more units"),
	DigestLexSarah:            tx("Lex Sarah", "Lex Sarah"),
	DigestAuthorities:         tx("Anmälda till IVO: %s · till IMY: %s", "Reported to IVO: %s · to IMY: %s"),
	DigestClocksMet:           tx("Anmälningar inom fristen: %s · efter fristen: %s", "Notifications within the deadline: %s · after it: %s"),
	DigestMedians:             tx("Mediantid till bekräftelse %s · till avslut %s", "Median time to acknowledge %s · to close %s"),
	DigestDays:                tx("dygn", "days"),
	DigestOver90:              tx("> 90 dygn", "> 90 days"),
	DigestClassification:      tx("Klassning", "Classification"),
	DigestAgreement:           tx("Förslaget behölls i %s av %s ärenden", "The suggested category was kept in %s of %s cases"),
	DigestChartTitle:          tx("Nya rapporter per vecka och kategori", "New reports by week and category"),
	DigestNotManager:          tx("Veckosammanfattningen går till de chefer som står i konfigurationen, och du är inte en av dem.", "The weekly digest goes to the managers named in the configuration, and you are not one of them."),
	DigestPreview:             tx("_Förhandsvisning – diagrammet följer med måndagens meddelande._", "_Preview – the chart comes with Monday's message._"),
	HomeDigest:                tx("*Veckosammanfattning:* kommer enligt schemat till dig som chef.", "*Weekly digest:* comes to you as a manager on schedule."),
	HomeDigestPaused:          tx("*Veckosammanfattning:* pausad.", "*Weekly digest:* paused."),
	HomePause:                 tx("Pausa", "Pause"),
	HomeResume:                tx("Återuppta", "Resume"),
	CardDanger:                tx(":rotating_light: Rapportören angav att någon var i omedelbar fara.", ":rotating_light: The reporter said someone was in immediate danger."),
	CardNoText:                tx("Rapportens text, rapportören och de inblandade visas bara för behöriga under Detaljer, aldrig i kanalen.", "The report's text, the reporter and the people in it are shown only to those allowed, under Details, never in the channel."),
	CardEscalated:             tx(":arrow_double_up: Eskalerad förbi den ordinarie mottagaren: %s.", ":arrow_double_up: Escalated past the usual recipient: %s."),
	CardIndependent:           tx(":shield: Skickad till %s i stället för enhetens linje: %s.", ":shield: Sent to %s instead of the unit's line: %s."),

	StatusHeader: tx("Dina rapporter", "Your reports"),
	StatusNone:   tx("Du har inte rapporterat något än. Skriv `/report` för att börja.", "You have not reported anything yet. Type `/report` to start."),
	StatusLine:   tx("*%s* · %s · %s · %s", "*%s* · %s · %s · %s"),

	Help: tx("*%[1]s* öppnar rapportformuläret.\n*%[1]s status* visar dina rapporter och deras status, och låter dig lägga till information i en öppen rapport.\n*%[1]s help* visar den här hjälpen.\nDu kan också rapportera från fliken *Hem* hos boten, eller välja *Rapportera meddelande* i ett meddelandes meny. Är någon i fara: ring 112.",
		"*%[1]s* opens the report form.\n*%[1]s status* lists your reports and their status, and lets you add information to an open one.\n*%[1]s help* shows this help.\nYou can also report from the bot's *Home* tab, or pick *Report message* in a message's menu. If anyone is in danger, call 112."),
	HelpUnknown: tx("Det kommandot känner jag inte igen.", "I don't know that command."),

	HomeHeader: tx("Incidentrapportering", "Incident reporting"),
	HomeIntro: tx("Rapportera det som inte ska hända: personuppgifter som hamnat fel, hot och våld, trakasserier, informationsläckor, brister i en insats eller olyckor. Rapporten går till dem som tar emot sådana ärenden för din enhet – eller förbi dem om de är inblandade – och du ser vilka innan du skickar.",
		"Report what should not happen: personal data in the wrong place, threats and violence, harassment, leaks, failings in a service, or accidents. The report goes to those who receive such cases for your unit – or past them if they are involved – and you see who before you send it."),
	HomeReport:    tx("Rapportera en incident", "Report an incident"),
	HomeDrafts:    tx("*Påbörjade rapporter*", "*Unfinished reports*"),
	HomeDraftLine: tx("%s · sparad %s", "%s · saved %s"),
	HomeContinue:  tx("Fortsätt", "Continue"),
	HomeDiscard:   tx("Kasta", "Discard"),
	HomeMine:      tx("*Mina rapporter*", "*My reports*"),
	HomeEmbedded: tx(":warning: Testläge: boten saknar REDIS_URL och sparar allt i minnet. Inget finns kvar när den startas om.",
		":warning: Test mode: the bot has no REDIS_URL and keeps everything in memory. Nothing survives a restart."),
	HomeHowElse: tx("Du kan också skriva `/report`, eller välja *Rapportera meddelande* i ett meddelandes meny.", "You can also type `/report`, or pick *Report message* in a message's menu."),
}
