package incidentbot

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestComposeRunsReplicasBehindOneAddress: docker-compose.yml runs two bot
// replicas on one Redis with the append-only file on, behind a proxy that
// sends to both.
func TestComposeRunsReplicasBehindOneAddress(t *testing.T) {
	b, err := os.ReadFile("docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Image       string
			Command     string
			Environment map[string]string
			Ports       []string
			Volumes     []string
		}
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(compose.Services["redis"].Command, "--appendonly yes") {
		t.Error("redis runs without the append-only file")
	}
	conf, err := os.ReadFile("deploy/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"incidentbot-1", "incidentbot-2"} {
		s := compose.Services[name]
		if s.Environment["REDIS_URL"] != "redis://redis:6379/0" || len(s.Ports) != 0 {
			t.Errorf("%s: %+v", name, s)
		}
		if !strings.Contains(string(conf), "server "+name+":3000") {
			t.Errorf("the proxy does not send to %s", name)
		}
	}
	if p := compose.Services["proxy"]; len(p.Ports) != 1 || !strings.Contains(strings.Join(p.Volumes, " "), "deploy/nginx.conf") {
		t.Errorf("proxy: %+v", p)
	}
}
