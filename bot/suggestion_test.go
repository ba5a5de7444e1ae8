package bot

import (
	"slices"
	"testing"
)

// TestSuggestionWithAnswers: the suggestion never rates lower, nor leaves
// out a regime, than the reporter's answers give; what the classifier
// read beyond them stays; and it says when the answers raised it.
func TestSuggestionWithAnswers(t *testing.T) {
	ls := Unit{ID: "socialtjanst", LexSarah: true}
	plain := Unit{ID: "frivarden"}
	tests := []struct {
		name    string
		sg      Suggestion
		cat     Category
		a       Answers
		unit    Unit
		sev     Severity
		regimes []Regime
		raised  bool
	}{
		{"a weapon answered, a calm text", Suggestion{Category: ThreatViolence, Severity: Medium},
			ThreatViolence, Answers{QTVDanger: {No}, QTVKind: {"weapon"}}, plain,
			Critical, []Regime{WorkEnvironmentSerious, PoliceReport}, true},
		{"someone in danger now, the text read as something else", Suggestion{Category: Other, Severity: Low},
			ThreatViolence, Answers{QTVDanger: {Yes}, QTVKind: {"verbal"}}, plain,
			Critical, []Regime{WorkEnvironmentSerious}, true},
		{"another category: what the chosen form alone gives does not count", Suggestion{Category: ThreatViolence, Severity: High, Regimes: []Regime{PoliceReport}},
			PersonalData, Answers{QPDDataKind: {"contact"}, QPDCount: {"1"}, QPDLeftOrg: {No}, QPDContained: {Yes}}, plain,
			High, []Regime{PoliceReport}, false},
		{"another category: a protected identity still counts", Suggestion{Category: Confidentiality, Severity: High, Regimes: []Regime{GDPRBreach}},
			PersonalData, Answers{QPDDataKind: {"protected"}, QPDCount: {"1"}, QPDLeftOrg: {No}, QPDContained: {Yes}}, plain,
			Critical, []Regime{GDPRBreach}, true},
		{"health data that left the organisation", Suggestion{Category: PersonalData, Severity: Medium, Regimes: []Regime{GDPRBreach}},
			PersonalData, Answers{QPDDataKind: {"health"}, QPDCount: {"1"}, QPDLeftOrg: {Yes}, QPDContained: {No}}, plain,
			High, []Regime{GDPRBreach}, true},
		{"many people's data outside", Suggestion{Category: PersonalData, Severity: High},
			PersonalData, Answers{QPDDataKind: {"contact"}, QPDCount: {"101+"}, QPDLeftOrg: {Yes}, QPDContained: {No}}, plain,
			Critical, []Regime{GDPRBreach}, true},
		{"another category: an injury that needed care still counts", Suggestion{Category: Other, Severity: Low},
			ThreatViolence, Answers{QTVDanger: {No}, QTVKind: {"verbal"}, QTVInjury: {"care"}}, plain,
			High, nil, true},
		{"another category: a threat alone gives nothing", Suggestion{Category: Other, Severity: Low},
			ThreatViolence, Answers{QTVDanger: {No}, QTVKind: {"verbal"}, QTVInjury: {"none"}}, plain,
			Low, nil, false},
		{"another category: someone at risk now still counts", Suggestion{Category: PersonalData, Severity: Medium, Regimes: []Regime{GDPRBreach}},
			Confidentiality, Answers{QCOKind: {"other"}, QCORisk: {Yes}}, plain,
			High, []Regime{GDPRBreach}, true},
		{"another category: a person not safe in care still counts", Suggestion{Category: Other, Severity: Low},
			CareQuality, Answers{QCQHarm: {"risk"}, QCQSafe: {No}}, plain,
			High, nil, true},
		{"a serious injury in a threat", Suggestion{Category: ThreatViolence, Severity: High, Regimes: []Regime{PoliceReport}},
			ThreatViolence, Answers{QTVDanger: {No}, QTVKind: {"physical"}, QTVInjury: {"serious"}}, plain,
			Critical, []Regime{WorkEnvironmentSerious, PoliceReport}, true},
		{"several injured", Suggestion{Category: WorkEnvironment, Severity: Medium},
			WorkEnvironment, Answers{QWEInjury: {"minor"}, QWESeveral: {Yes}}, plain,
			Critical, []Regime{WorkEnvironmentSerious}, true},
		{"sexual harassment answered, the text read as no crime", Suggestion{Category: Harassment, Severity: Medium},
			Harassment, Answers{QHAByRole: {"staff"}, QHAAgainstRole: {"staff"}, QHASexual: {Yes}, QHAOffence: {No}}, plain,
			High, []Regime{PoliceReport}, true},
		{"a serious injury answered", Suggestion{Category: WorkEnvironment, Severity: Low},
			WorkEnvironment, Answers{QWEInjury: {"serious"}}, plain,
			Critical, []Regime{WorkEnvironmentSerious}, true},
		{"the text says more than the answers: kept", Suggestion{Category: ThreatViolence, Severity: Critical, Regimes: []Regime{PoliceReport, WorkEnvironmentSerious}},
			ThreatViolence, Answers{QTVDanger: {No}, QTVKind: {"verbal"}}, plain,
			Critical, []Regime{WorkEnvironmentSerious, PoliceReport}, false},
		{"Lex Sarah only where the unit is under it", Suggestion{Category: CareQuality, Severity: Medium},
			CareQuality, Answers{}, ls, Medium, []Regime{LexSarah}, true},
		{"nothing to add", Suggestion{Category: CareQuality, Severity: High},
			CareQuality, Answers{}, plain, High, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.sg.Regimes)
			got := tt.sg.WithAnswers(tt.cat, tt.a, tt.unit)
			if got.Severity != tt.sev || !slices.Equal(got.Regimes, tt.regimes) || got.FromAnswers != tt.raised {
				t.Errorf("got %s %v raised %v, want %s %v raised %v", got.Severity, got.Regimes, got.FromAnswers, tt.sev, tt.regimes, tt.raised)
			}
			if got.Category != tt.sg.Category {
				t.Errorf("category changed to %s", got.Category)
			}
			if !slices.Equal(tt.sg.Regimes, before) {
				t.Errorf("the original suggestion's regimes changed: %v", tt.sg.Regimes)
			}
			if sev, regimes := Assess(tt.cat, tt.a, tt.unit); got.Category == tt.cat && (got.Severity.Rank() < sev.Rank() ||
				slices.ContainsFunc(regimes, func(r Regime) bool { return !slices.Contains(got.Regimes, r) })) {
				t.Errorf("contradicts the answers: %s %v against %s %v", got.Severity, got.Regimes, sev, regimes)
			}
		})
	}
}
