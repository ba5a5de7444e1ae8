package config

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// getenv is an environment that holds only vars.
func getenv(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

// The secrets carry a marker that must never show in output.
const (
	botToken = "xoxb-hush1"
	signing  = "hush2"
	appToken = "xapp-hush3"
	apiKey   = "sk-hush4"
	redisPW  = "redis://default:hush5@redis.internal:6379/0"
)

func TestLoadEnvDefaults(t *testing.T) {
	got := LoadEnv(getenv(map[string]string{"LISTEN_ADDR": "", "SLACK_API_URL": "http://127.0.0.1:9999/api"}))
	want := Env{SlackAPIURL: "http://127.0.0.1:9999/api/", ListenAddr: ":3000", OpenAIModel: "gpt-4o-mini", LogLevel: "info", Workers: "2"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("env (-got +want):\n%s", diff)
	}
	if got.SocketMode() {
		t.Errorf("SocketMode without SLACK_APP_TOKEN")
	}
}

func TestEnvValidate(t *testing.T) {
	http := map[string]string{"SLACK_BOT_TOKEN": botToken, "SLACK_SIGNING_SECRET": signing}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{"SLACK_BOT_TOKEN": botToken, "SLACK_SIGNING_SECRET": signing, "OPENAI_API_KEY": apiKey}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name  string
		vars  map[string]string
		serve bool
		want  string
	}{
		{"http mode", http, true, ""},
		{"socket mode", map[string]string{"SLACK_BOT_TOKEN": botToken, "SLACK_APP_TOKEN": appToken}, true, ""},
		{"not serving needs no tokens", nil, false, ""},
		{"everything set", with(map[string]string{"REDIS_URL": redisPW, "OPENAI_BASE_URL": "http://localhost:11434/v1", "LISTEN_ADDR": "127.0.0.1:8080"}), true, ""},
		{"rediss", with(map[string]string{"REDIS_URL": "rediss://:hush5@cache.example.org:6380"}), true, ""},
		{"no bot token", map[string]string{"SLACK_SIGNING_SECRET": signing}, true, "SLACK_BOT_TOKEN is required to serve"},
		{"user token", with(map[string]string{"SLACK_BOT_TOKEN": "xoxp-hush1"}), true, "SLACK_BOT_TOKEN must start with xoxb-"},
		{"bad token when not serving", map[string]string{"SLACK_BOT_TOKEN": "hush1"}, false, "SLACK_BOT_TOKEN must start with xoxb-"},
		{"token with newline", with(map[string]string{"SLACK_BOT_TOKEN": botToken + "\n"}), true, "SLACK_BOT_TOKEN has leading or trailing whitespace"},
		{"no signing secret", map[string]string{"SLACK_BOT_TOKEN": botToken}, true, "SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)"},
		{"bad app token", with(map[string]string{"SLACK_APP_TOKEN": "xoxb-hush3"}), true, "SLACK_APP_TOKEN must start with xapp-"},
		{"cluster", with(map[string]string{"REDIS_URL": "redis+cluster://:hush5@r1:6379?addr=r2:6379&addr=r3:6379"}), true, ""},
		{"sentinel", with(map[string]string{"REDIS_URL": "rediss+sentinel://:hush5@s1:26379?master_name=main&addr=s2:26379"}), true, ""},
		{"sentinel without master", with(map[string]string{"REDIS_URL": "redis+sentinel://s1:26379"}), true, "REDIS_URL: a Sentinel URL needs ?master_name=, as in redis+sentinel://sentinel1:26379?master_name=mymaster"},
		{"cluster database", with(map[string]string{"REDIS_URL": "redis+cluster://r1:6379/2"}), true, "REDIS_URL: a cluster has no database number: leave the path out"},
		{"redis scheme", with(map[string]string{"REDIS_URL": "http://hush5@redis:6379"}), true, "REDIS_URL: must start with redis://, rediss://, redis+cluster:// or redis+sentinel:// (rediss+… for TLS)"},
		{"redis no scheme", with(map[string]string{"REDIS_URL": "redis.internal:6379"}), true, "REDIS_URL: must start with redis://, rediss://, redis+cluster:// or redis+sentinel:// (rediss+… for TLS)"},
		{"redis unparseable", with(map[string]string{"REDIS_URL": "redis://:hush5%zz@redis:6379"}), true, "REDIS_URL: not a valid URL (check the port, and percent-encode special characters in the password)"},
		{"redis no host", with(map[string]string{"REDIS_URL": "redis:///0"}), true, "REDIS_URL: no host, as in redis://localhost:6379/0"},
		{"redis database", with(map[string]string{"REDIS_URL": "redis://redis:6379/cases"}), true, "REDIS_URL: the path must be a database number, as in redis://localhost:6379/0"},
		{"slack api url", with(map[string]string{"SLACK_API_URL": "slack.com/api/"}), true, "SLACK_API_URL must be an http(s) URL ending in /"},
		{"listen addr", with(map[string]string{"LISTEN_ADDR": "3000"}), true, "LISTEN_ADDR must be host:port or :port, such as :3000"},
		{"openai base url", with(map[string]string{"OPENAI_BASE_URL": "localhost:11434"}), true, "OPENAI_BASE_URL must be an http(s) URL"},
		{"workers", with(map[string]string{"INCIDENTBOT_WORKERS": "4"}), true, ""},
		{"no workers", with(map[string]string{"INCIDENTBOT_WORKERS": "0"}), true, "INCIDENTBOT_WORKERS must be a number from 1 to 16"},
		{"workers not a number", with(map[string]string{"INCIDENTBOT_WORKERS": "two"}), true, "INCIDENTBOT_WORKERS must be a number from 1 to 16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := LoadEnv(getenv(tt.vars))
			got := ""
			if err := env.Validate(tt.serve); err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Validate(%v) = %q, want %q", tt.serve, got, tt.want)
			}
			if strings.Contains(got, "hush") {
				t.Errorf("error shows a secret: %q", got)
			}
		})
	}
}

func TestEnvHidesSecrets(t *testing.T) {
	env := LoadEnv(getenv(map[string]string{
		"SLACK_BOT_TOKEN": botToken, "SLACK_SIGNING_SECRET": signing, "SLACK_APP_TOKEN": appToken,
		"OPENAI_API_KEY": apiKey, "REDIS_URL": redisPW, "OPENAI_BASE_URL": "https://hush6@llm.example.org/v1?key=hush7",
	}))
	var log bytes.Buffer
	slog.New(slog.NewJSONHandler(&log, nil)).Info("start", "env", env)
	slog.New(slog.NewTextHandler(&log, nil)).Info("start", "env", env)
	for _, out := range []string{log.String(), env.String(), fmt.Sprint(env), fmt.Sprintf("%+v %#v", env, env)} {
		if strings.Contains(out, "hush") {
			t.Errorf("output shows a secret: %s", out)
		}
	}
	for _, want := range []string{`"slack_bot_token":"set"`, `"mode":"socket"`, `"redis_url":"redis://xxxxx@redis.internal:6379/0"`, `"openai_base_url":"https://xxxxx@llm.example.org/v1"`} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, log.String())
		}
	}
}

func TestUsageListsEveryVariable(t *testing.T) {
	var out bytes.Buffer
	if err := Usage(&out); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "REDIS_URL",
		"LISTEN_ADDR", "INCIDENTBOT_CONFIG", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL"} {
		if !strings.Contains(out.String(), name) {
			t.Errorf("usage lacks %s:\n%s", name, out.String())
		}
	}
	if !strings.Contains(out.String(), "(default :3000)") {
		t.Errorf("usage lacks LISTEN_ADDR's default:\n%s", out.String())
	}
}
