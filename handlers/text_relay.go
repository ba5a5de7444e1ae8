package handlers

// rtxt holds the texts of the relay with the reporter, the reporter's
// news, legal holds and culling, Swedish first.
var rtxt = struct {
	ActAsk, AskTitle, AskIntro, AskIntroAnonymous, AskLabel, AskSend T
	QuestionHeader, QuestionAnonymous, QuestionNamed, ActAnswer      T
	ActAddInfo, AnswerTitle, AddInfoTitle, AnswerLabel, AddInfoLabel T
	AnswerQuestion, AnswerHintAnonymous, AnswerHintNamed, AnswerSent T
	AnswerClosed, AnswerNotYours, HandlerAnswered, HandlerAdded      T
	CardAsked, CardAnswered, DetailsRelay, DetailsQuestion           T
	DetailsAnswer, DetailsAdded, DetailsEarlierMessages              T
	NewsAcknowledged, NewsAssigned, NewsClosed, NewsFeedback         T
	CloseFeedback, CloseFeedbackHint, CloseFeedbackHintRequired      T
	ActHold, HoldTitle, HoldIntro, HoldReason, HoldLift, HoldCurrent T
	CardHold, CardCulled, DetailsCulled, DetailsHold, DoneThreatLine T
	StatusAddInfo, RefuseSlack, RefuseRateLimited                    T
}{
	ActAsk:   tx("Fråga rapportören", "Ask the reporter"),
	AskTitle: tx("Fråga rapportören", "Ask the reporter"),
	AskIntro: tx("Boten skickar frågan till rapportören som ett direktmeddelande, med en knapp för att svara. Svaret kommer till ärendet; du får ett meddelande när det har kommit.",
		"The bot sends the question to the reporter as a direct message, with a button to answer. The answer comes to the case; you get a message when it has arrived."),
	AskIntroAnonymous: tx("Rapporten är anonym: frågan går genom boten, och varken du eller någon annan som handlägger ärendet får veta vem rapportören är. Skriv inget i frågan som rapportören inte redan vet.",
		"The report is anonymous: the question goes through the bot, and neither you nor anyone else handling the case learns who the reporter is. Write nothing in the question that the reporter does not already know."),
	AskLabel: tx("Din fråga", "Your question"),
	AskSend:  tx("Skicka frågan", "Send the question"),

	QuestionHeader: tx(":speech_balloon: *En fråga om din rapport %s* från den som handlägger den:", ":speech_balloon: *A question about your report %s* from the person handling it:"),
	QuestionAnonymous: tx("Du rapporterade anonymt. Ditt svar går genom boten; den som frågar ser inte vem du är. Skriv inte ditt namn om du vill förbli anonym.",
		"You reported anonymously. Your answer goes through the bot; the person asking does not see who you are. Do not write your name if you want to stay anonymous."),
	QuestionNamed:       tx("Ditt svar läggs till ärendet och läses av den som handlägger det.", "Your answer is added to the case and read by the person handling it."),
	ActAnswer:           tx("Svara", "Answer"),
	ActAddInfo:          tx("Lägg till information", "Add information"),
	AnswerTitle:         tx("Svara på frågan", "Answer the question"),
	AddInfoTitle:        tx("Lägg till information", "Add information"),
	AnswerLabel:         tx("Ditt svar", "Your answer"),
	AddInfoLabel:        tx("Vad vill du lägga till?", "What do you want to add?"),
	AnswerQuestion:      tx("*Frågan:*", "*The question:*"),
	AnswerHintAnonymous: tx("Du rapporterade anonymt: den som läser ser inte vem du är.", "You reported anonymously: whoever reads this does not see who you are."),
	AnswerHintNamed:     tx("Läggs till ärendet med ditt namn.", "Added to the case with your name."),
	AnswerSent:          tx("Tack. Det du skrev har lagts till ärendet %s, och den som handlägger det har fått veta det.", "Thank you. What you wrote has been added to case %s, and the person handling it has been told."),
	AnswerClosed: tx("Ärendet %s är avslutat och tar inte emot fler svar. Har något nytt hänt: skriv `/report` och gör en ny rapport.",
		"Case %s is closed and takes no more answers. If something new has happened, type `/report` and make a new report."),
	AnswerNotYours:  tx("Det här kan bara den som rapporterade ärendet svara på.", "Only the person who reported this case can answer here."),
	HandlerAnswered: tx(":speech_balloon: Rapportören har svarat på din fråga i ärende *%s*. Läs svaret under *Detaljer* – läsningen loggas.", ":speech_balloon: The reporter has answered your question on case *%s*. Read the answer under *Details* – the read is logged."),
	HandlerAdded:    tx(":speech_balloon: Rapportören har lagt till information i ärende *%s*. Läs den under *Detaljer* – läsningen loggas.", ":speech_balloon: The reporter has added information to case *%s*. Read it under *Details* – the read is logged."),
	CardAsked:       tx(":speech_balloon: %d meddelanden med rapportören, inget svar än.", ":speech_balloon: %d messages with the reporter, no answer yet."),
	CardAnswered:    tx(":speech_balloon: %d meddelanden med rapportören, senast från rapportören %s. Läs dem under Detaljer.", ":speech_balloon: %d messages with the reporter, the latest from the reporter %s. Read them under Details."),
	DetailsRelay:    tx("*Frågor och svar med rapportören*", "*Questions and answers with the reporter*"),
	DetailsQuestion: tx("*Fråga %d* · %s · %s", "*Question %d* · %s · %s"),
	DetailsAnswer:   tx("*Svar på fråga %d* · rapportören · %s", "*Answer to question %d* · the reporter · %s"),
	DetailsAdded:    tx("*Tillagt av rapportören* · %s", "*Added by the reporter* · %s"),
	DetailsEarlierMessages: tx("%d tidigare meddelanden med rapportören visas inte här; de finns i utredningsdokumentet (`incidentbot case export`).",
		"%d earlier messages with the reporter are not shown here; the investigation document has them (`incidentbot case export`)."),

	NewsAcknowledged: tx(":inbox_tray: Din rapport *%s* har tagits emot och hanteras nu. Du får ett meddelande här om någon har en fråga till dig, och när ärendet avslutas.",
		":inbox_tray: Your report *%s* has been acknowledged and is being handled. You will get a message here if someone has a question for you, and when the case is closed."),
	NewsAssigned: tx(":bust_in_silhouette: Din rapport *%s* har fått en handläggare.", ":bust_in_silhouette: Your report *%s* has been given to a case handler."),
	NewsClosed: tx(":white_check_mark: Ärendet *%s* som du rapporterade är nu avslutat. Tack för att du rapporterade.",
		":white_check_mark: The case *%s* you reported is now closed. Thank you for reporting."),
	NewsFeedback:              tx("*Återkoppling från den som handlade ärendet:*", "*Feedback from the person who handled the case:*"),
	CloseFeedback:             tx("Återkoppling till rapportören", "Feedback to the reporter"),
	CloseFeedbackHint:         tx("Skickas till rapportören när ärendet avslutas: vad som gjorts, i ord för hen. Inga interna anteckningar, inga namn.", "Sent to the reporter when the case closes: what was done, in words for them. No internal notes, no names."),
	CloseFeedbackHintRequired: tx("Krävs enligt visselblåsarlagen. Skickas till rapportören när ärendet avslutas: vad som gjorts och varför. Inga interna anteckningar, inga namn.", "Required by the whistleblowing act. Sent to the reporter when the case closes: what was done and why. No internal notes, no names."),

	ActHold:   tx("Bevara", "Legal hold"),
	HoldTitle: tx("Bevara ärendet", "Keep the case"),
	HoldIntro: tx("Ett ärende som bevaras gallras inte när lagringstiden har gått ut – till exempel vid en tvist, ett överklagande eller en begäran från en myndighet. Skälet och vem som angav det loggas.",
		"A case under legal hold is not culled when its retention time has passed – for example during a dispute, an appeal or a request from an authority. The reason and who gave it are logged."),
	HoldReason:     tx("Skäl att bevara", "Reason to keep it"),
	HoldLift:       tx("Häv bevarandet: ärendet gallras enligt lagringsreglerna", "Lift the hold: the case is culled by the retention rules"),
	HoldCurrent:    tx("Bevaras sedan %s av %s: %s", "Kept since %s by %s: %s"),
	CardHold:       tx(":lock: Bevaras: gallras inte förrän bevarandet hävs.", ":lock: Under legal hold: not culled until the hold is lifted."),
	CardCulled:     tx(":wastebasket: Gallrat %s: rapportens text, anteckningar, frågor och svar och uppgifterna om personerna är borttagna.", ":wastebasket: Culled %s: the report's text, notes, questions and answers and the data about the people are removed."),
	DetailsCulled:  tx("Ärendet gallrades %s. Kvar finns kategori, enhet, allvarlighet, regelverk, status, beslut och datum.", "The case was culled %s. What remains is its category, unit, severity, regimes, status, decision and dates."),
	DetailsHold:    tx(":lock: *Bevaras* sedan %s av %s", ":lock: *Legal hold* since %s by %s"),
	DoneThreatLine: tx("Känner du dig hotad? Prata i dag med säkerhetsansvarig eller någon du litar på utanför din chefslinje. Vid fara: ring 112.", "Do you feel threatened? Talk today to security or someone you trust outside your reporting line. In danger: call 112."),
	StatusAddInfo:  tx("Vill du lägga till något i en öppen rapport? Använd knappen under den.", "Want to add something to an open report? Use the button under it."),
	RefuseSlack: tx("Slack svarade inte som det skulle, så det blev inget av det med ärende %s. Försök igen om en stund.",
		"Slack did not answer as it should, so nothing came of that on case %s. Please try again in a moment."),
	RefuseRateLimited: tx("Slack tar emot för många anrop just nu, så det blev inget av det med ärende %s. Försök igen om en halv minut.",
		"Slack is taking too many calls right now, so nothing came of that on case %s. Please try again in half a minute."),
}
