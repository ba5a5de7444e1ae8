package bot

import "testing"

// TestInjured: an injury at work, in an accident or from violence, is
// also a work injury for the Social Insurance Agency; a near miss is not.
func TestInjured(t *testing.T) {
	tests := []struct {
		cat  Category
		a    Answers
		want bool
	}{
		{WorkEnvironment, Answers{QWEInjury: {"none"}}, false},
		{WorkEnvironment, Answers{QWEInjury: {"minor"}}, true},
		{WorkEnvironment, Answers{QWEInjury: {"serious"}}, true},
		{ThreatViolence, Answers{QTVInjury: {"none"}}, false},
		{ThreatViolence, Answers{QTVInjury: {"care"}}, true},
		{ThreatViolence, Answers{QWEInjury: {"care"}}, false},
		{Harassment, Answers{QTVInjury: {"care"}, QWEInjury: {"care"}}, false},
	}
	for _, tt := range tests {
		if got := Injured(tt.cat, tt.a); got != tt.want {
			t.Errorf("Injured(%s, %v) = %v, want %v", tt.cat, tt.a, got, tt.want)
		}
	}
}
