package config

import (
	"os"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, and that it returns
// either a configuration or an error.
func FuzzParse(f *testing.F) {
	example, err := os.ReadFile("../incidentbot.example.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{string(example), base, "", "units: x", "units: [[]]", "a: &a [*a]\nunits: *a", "routes: [{units: [*]}]"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, _, err := Parse("f.yaml", data)
		if (cfg == nil) == (err == nil) {
			t.Fatalf("Parse returned config %v and error %v; want exactly one", cfg != nil, err)
		}
	})
}
