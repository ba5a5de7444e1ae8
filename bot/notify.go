package bot

import (
	"slices"
	"time"
)

// Authority is someone outside the organisation a case may have to be
// notified to.
type Authority string

// The authorities a case may be notified to.
const (
	AuthorityIMY Authority = "imy"
	// AuthorityIMYLaw is IMY under the law-enforcement data act, on its
	// own form: for the police and the prison and probation service.
	AuthorityIMYLaw          Authority = "imy_law_enforcement"
	AuthorityIVO             Authority = "ivo"
	AuthorityWorkEnvironment Authority = "work_environment"
	AuthorityPolice          Authority = "police"
	AuthoritySocialInsurance Authority = "social_insurance"
)

// AuthorityInfo names an authority and what a notification to it may be
// in part.
type AuthorityInfo struct {
	ID   Authority
	Name Text
	// Partial names what a notification that is not the last one is:
	// IMY's in phases, IVO's of an unfinished investigation. Empty where
	// there is no such thing.
	Partial Text
}

// Authorities lists them in the order the notification dialog offers them.
var Authorities = []AuthorityInfo{
	{AuthorityIMY, Text{"IMY (Integritetsskyddsmyndigheten)", "IMY (the Data Protection Authority)"},
		Text{"Anmälan i omgångar: fler uppgifter följer", "Notified in phases: more information follows"}},
	{AuthorityIMYLaw, Text{"IMY enligt brottsdatalagen (polis, kriminalvård)", "IMY under the law-enforcement data act (police, prison and probation)"},
		Text{"Anmälan i omgångar: fler uppgifter följer", "Notified in phases: more information follows"}},
	{AuthorityIVO, Text{"IVO (Inspektionen för vård och omsorg)", "IVO (the Health and Social Care Inspectorate)"},
		Text{"Utredningen är inte klar: den följer inom två månader", "The investigation is not finished: it follows within two months"}},
	{AuthorityWorkEnvironment, Text{"Arbetsmiljöverket", "The Work Environment Authority"}, Text{}},
	{AuthorityPolice, Text{"Polisen", "The police"}, Text{}},
	{AuthoritySocialInsurance, Text{"Försäkringskassan (arbetsskadeanmälan)", "The Social Insurance Agency (work injury report)"}, Text{}},
}

// Info names the authority; ok is false for an unknown one.
func (a Authority) Info() (AuthorityInfo, bool) {
	i := slices.IndexFunc(Authorities, func(info AuthorityInfo) bool { return info.ID == a })
	if i < 0 {
		return AuthorityInfo{}, false
	}
	return Authorities[i], true
}

// Notification records that an authority was notified of a case: which,
// when, its reference (ärendenummer), and who recorded it. It meets the
// clocks it stops.
type Notification struct {
	Authority Authority `json:"authority"`
	At        time.Time `json:"at"`
	Reference string    `json:"reference,omitempty"`
	// Partial marks a notification that is not the last: IMY's in phases,
	// IVO's of an unfinished investigation.
	Partial    bool      `json:"partial,omitempty"`
	By         Signature `json:"by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// Field ids of the notification dialog.
const (
	FieldAuthorityID   = "notify_authority"
	FieldNotifiedAt    = "notified_at"
	FieldReference     = "notify_reference"
	FieldNotifyNote    = "notify_note"
	FieldNotifyPartial = "notify_partial"
	MaxReference       = 50
)

// Injured reports whether a report tells of an injury at work, in an
// accident or from threats and violence, which is also reported to the
// Social Insurance Agency.
func Injured(c Category, a Answers) bool {
	id := QWEInjury
	switch c {
	case WorkEnvironment:
	case ThreatViolence:
		id = QTVInjury
	default:
		return false
	}
	return a.Has(id, "minor") || a.Has(id, "care") || a.Has(id, "serious")
}
