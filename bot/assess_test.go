package bot

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestAssess(t *testing.T) {
	ls := Unit{ID: "socialtjanst", LexSarah: true}
	plain := Unit{ID: "frivarden"}
	tests := []struct {
		name    string
		cat     Category
		a       Answers
		unit    Unit
		sev     Severity
		regimes []Regime
	}{
		{"contained single-person breach", PersonalData,
			Answers{QPDDataKind: {"contact"}, QPDCount: {"1"}, QPDLeftOrg: {No}, QPDContained: {Yes}}, plain, Medium, []Regime{GDPRBreach}},
		{"medical certificate in the wrong inbox, contained", PersonalData,
			Answers{QPDDataKind: {"health"}, QPDCount: {"1"}, QPDLeftOrg: {No}, QPDContained: {Yes}}, plain, Medium, []Regime{GDPRBreach}},
		{"health data that left the organisation", PersonalData,
			Answers{QPDDataKind: {"health"}, QPDCount: {"1"}, QPDLeftOrg: {Yes}, QPDContained: {No}}, plain, High, []Regime{GDPRBreach}},
		{"protected identity", PersonalData,
			Answers{QPDDataKind: {"protected"}, QPDCount: {"1"}, QPDLeftOrg: {No}, QPDContained: {Yes}}, plain, Critical, []Regime{GDPRBreach}},
		{"mass breach outside", PersonalData,
			Answers{QPDDataKind: {"contact"}, QPDCount: {"101+"}, QPDLeftOrg: {Yes}, QPDContained: {No}}, plain, Critical, []Regime{GDPRBreach}},
		{"harassment between participants in a Lex Sarah unit", Harassment,
			Answers{QHAByRole: {"participant"}, QHAAgainstRole: {"participant"}, QHASexual: {No}, QHAOngoing: {Yes}, QHAOffence: {No}}, ls, High, []Regime{LexSarah}},
		{"harassment between participants at the prison and probation service", Harassment,
			Answers{QHAByRole: {"participant"}, QHAAgainstRole: {"participant"}, QHASexual: {No}, QHAOngoing: {Yes}, QHAOffence: {No}}, plain, High, nil},
		{"staff harassing a client in a Lex Sarah unit", Harassment,
			Answers{QHAByRole: {"staff"}, QHAAgainstRole: {"client"}, QHASexual: {No}, QHAOngoing: {No}, QHAOffence: {No}}, ls, Medium, []Regime{LexSarah}},
		{"a client harassing staff in a Lex Sarah unit", Harassment,
			Answers{QHAByRole: {"client"}, QHAAgainstRole: {"staff"}, QHASexual: {No}, QHAOngoing: {No}, QHAOffence: {No}}, ls, Medium, nil},
		{"harassment between colleagues that may be unlawful molesting", Harassment,
			Answers{QHAByRole: {"staff"}, QHAAgainstRole: {"staff"}, QHASexual: {No}, QHAOngoing: {No}, QHAOffence: {Unknown}}, plain, Medium, []Regime{PoliceReport}},
		{"harassment between colleagues, no crime", Harassment,
			Answers{QHAByRole: {"manager"}, QHAAgainstRole: {"staff"}, QHASexual: {No}, QHAOngoing: {No}, QHAOffence: {No}}, plain, Medium, nil},
		{"sexual harassment, not thought a crime", Harassment,
			Answers{QHAByRole: {"staff"}, QHAAgainstRole: {"staff"}, QHASexual: {Yes}, QHAOngoing: {No}, QHAOffence: {No}}, plain, High, []Regime{PoliceReport}},
		{"threat, no danger", ThreatViolence,
			Answers{QTVDanger: {No}, QTVKind: {"verbal"}}, plain, High, []Regime{PoliceReport}},
		{"threat with weapon", ThreatViolence,
			Answers{QTVDanger: {No}, QTVKind: {"weapon"}}, plain, Critical, []Regime{WorkEnvironmentSerious, PoliceReport}},
		{"death threat meant seriously", ThreatViolence,
			Answers{QTVDanger: {No}, QTVKind: {"written", "death"}}, plain, Critical, []Regime{WorkEnvironmentSerious, PoliceReport}},
		{"immediate danger", ThreatViolence,
			Answers{QTVDanger: {Yes}}, plain, Critical, []Regime{WorkEnvironmentSerious, PoliceReport}},
		{"threat with a serious injury", ThreatViolence,
			Answers{QTVDanger: {No}, QTVKind: {"verbal"}, QTVInjury: {"serious"}}, plain, Critical, []Regime{WorkEnvironmentSerious, PoliceReport}},
		{"threat with an injury that needed care", ThreatViolence,
			Answers{QTVDanger: {No}, QTVKind: {"verbal"}, QTVInjury: {"care"}}, plain, High, []Regime{PoliceReport}},
		{"serious harm in care in a Lex Sarah unit", CareQuality, Answers{QCQHarm: {"serious"}}, ls, Critical, []Regime{LexSarah}},
		{"risk in care in a Lex Sarah unit", CareQuality, Answers{QCQHarm: {"risk"}}, ls, Medium, []Regime{LexSarah}},
		{"risk in care, the person not safe now", CareQuality, Answers{QCQHarm: {"risk"}, QCQSafe: {No}}, ls, High, []Regime{LexSarah}},
		{"risk in care, the person safe now", CareQuality, Answers{QCQHarm: {"risk"}, QCQSafe: {Yes}}, ls, Medium, []Regime{LexSarah}},
		{"care at the prison and probation service", CareQuality, Answers{QCQHarm: {"harm"}}, plain, High, nil},
		{"near miss", WorkEnvironment, Answers{QWEInjury: {"none"}, QWESickLeave: {No}, QWECouldHave: {No}}, plain, Low, nil},
		{"serious near miss", WorkEnvironment, Answers{QWEInjury: {"none"}, QWESickLeave: {No}, QWECouldHave: {Yes}}, plain, High, []Regime{WorkEnvironmentSerious}},
		{"injury with sick leave", WorkEnvironment, Answers{QWEInjury: {"minor"}, QWESickLeave: {Yes}, QWECouldHave: {No}}, plain, High, nil},
		{"serious injury", WorkEnvironment, Answers{QWEInjury: {"serious"}}, plain, Critical, []Regime{WorkEnvironmentSerious}},
		{"several injured", WorkEnvironment, Answers{QWEInjury: {"minor"}, QWESeveral: {Yes}, QWESickLeave: {No}, QWECouldHave: {No}}, plain, Critical, []Regime{WorkEnvironmentSerious}},
		{"one minor injury", WorkEnvironment, Answers{QWEInjury: {"minor"}, QWESeveral: {No}, QWESickLeave: {No}, QWECouldHave: {No}}, plain, Medium, nil},
		{"leak of internal information", Confidentiality, Answers{QCOKind: {"leak"}}, plain, High, []Regime{GDPRBreach, PoliceReport}},
		{"unauthorised look-up", Confidentiality, Answers{QCOKind: {"lookup"}}, plain, High, []Regime{GDPRBreach, PoliceReport}},
		{"improper relationship", Confidentiality, Answers{QCOKind: {"relationship"}}, plain, High, []Regime{GDPRBreach}},
		{"someone at risk now from a leak", Confidentiality, Answers{QCOKind: {"leak"}, QCORisk: {Yes}}, plain, High, []Regime{GDPRBreach, PoliceReport}},
		{"other", Other, Answers{}, plain, Low, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sev, regimes := Assess(tt.cat, tt.a, tt.unit)
			if sev != tt.sev {
				t.Errorf("severity = %s, want %s", sev, tt.sev)
			}
			if diff := cmp.Diff(regimes, tt.regimes, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("regimes (-got +want):\n%s", diff)
			}
		})
	}
}

// TestRegimeRulesSayWhy: every rule has its reason in both languages.
func TestRegimeRulesSayWhy(t *testing.T) {
	for _, r := range RegimeRules {
		if r.Why.SV == "" || r.Why.EN == "" {
			t.Errorf("%s/%s: no reason in words", r.Category, r.Regime)
		}
	}
}
