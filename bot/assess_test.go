package bot

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestAssess(t *testing.T) {
	tests := []struct {
		name    string
		cat     Category
		a       Answers
		sev     Severity
		regimes []Regime
	}{
		{"contained single-person breach", PersonalData,
			Answers{QPDDataKind: {"contact"}, QPDCount: {"1"}, QPDLeftOrg: {No}, QPDContained: {Yes}}, Medium, []Regime{GDPRBreach}},
		{"medical certificate in the wrong inbox, contained", PersonalData,
			Answers{QPDDataKind: {"health"}, QPDCount: {"1"}, QPDLeftOrg: {No}, QPDContained: {Yes}}, Medium, []Regime{GDPRBreach}},
		{"health data that left the organisation", PersonalData,
			Answers{QPDDataKind: {"health"}, QPDCount: {"1"}, QPDLeftOrg: {Yes}, QPDContained: {No}}, High, []Regime{GDPRBreach}},
		{"protected identity", PersonalData,
			Answers{QPDDataKind: {"protected"}, QPDCount: {"1"}, QPDLeftOrg: {No}, QPDContained: {Yes}}, Critical, []Regime{GDPRBreach}},
		{"mass breach outside", PersonalData,
			Answers{QPDDataKind: {"contact"}, QPDCount: {"101+"}, QPDLeftOrg: {Yes}, QPDContained: {No}}, Critical, []Regime{GDPRBreach}},
		{"harassment between participants", Harassment,
			Answers{QHABetween: {"participants"}, QHAOngoing: {Yes}}, High, []Regime{LexSarah}},
		{"harassment between colleagues", Harassment,
			Answers{QHABetween: {"colleagues"}, QHAOngoing: {No}}, Medium, nil},
		{"threat, no danger", ThreatViolence,
			Answers{QTVDanger: {No}, QTVKind: {"verbal"}}, High, []Regime{PoliceReport}},
		{"threat with weapon", ThreatViolence,
			Answers{QTVDanger: {No}, QTVKind: {"weapon"}}, High, []Regime{WorkEnvironmentSerious, PoliceReport}},
		{"immediate danger", ThreatViolence,
			Answers{QTVDanger: {Yes}}, Critical, []Regime{WorkEnvironmentSerious, PoliceReport}},
		{"serious harm in care", CareQuality, Answers{QCQHarm: {"serious"}}, Critical, []Regime{LexSarah}},
		{"risk in care", CareQuality, Answers{QCQHarm: {"risk"}}, Medium, []Regime{LexSarah}},
		{"near miss", WorkEnvironment, Answers{QWEInjury: {"none"}, QWESickLeave: {No}}, Low, nil},
		{"injury with sick leave", WorkEnvironment, Answers{QWEInjury: {"minor"}, QWESickLeave: {Yes}}, High, nil},
		{"serious injury", WorkEnvironment, Answers{QWEInjury: {"serious"}}, Critical, []Regime{WorkEnvironmentSerious}},
		{"leak", Confidentiality, Answers{}, High, []Regime{GDPRBreach}},
		{"other", Other, Answers{}, Low, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sev, regimes := Assess(tt.cat, tt.a)
			if sev != tt.sev {
				t.Errorf("severity = %s, want %s", sev, tt.sev)
			}
			if diff := cmp.Diff(regimes, tt.regimes, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("regimes (-got +want):\n%s", diff)
			}
		})
	}
}
