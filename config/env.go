package config

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/kelseyhightower/envconfig"

	"github.com/incidentbot/incidentbot/seal"
)

// Env is the environment incidentbot reads, as listed in the contract.
type Env struct {
	SlackBotToken      string `envconfig:"SLACK_BOT_TOKEN" desc:"bot token (xoxb-…); required to serve"`
	SlackSigningSecret string `envconfig:"SLACK_SIGNING_SECRET" desc:"verifies every HTTP request from Slack; required in HTTP mode"`
	SlackAppToken      string `envconfig:"SLACK_APP_TOKEN" desc:"app-level token (xapp-…); set, the bot uses Socket Mode"`
	// SlackAPIURL always ends in "/": slack-go appends method names to it
	// as they are, so without the slash "…/apichat.postMessage" is called.
	SlackAPIURL   string `envconfig:"SLACK_API_URL" default:"https://slack.com/api/" desc:"Slack's Web API base URL"`
	RedisURL      string `envconfig:"REDIS_URL" desc:"redis:// or rediss:// URL; unset, an in-memory store that nothing survives"`
	ListenAddr    string `envconfig:"LISTEN_ADDR" default:":3000" desc:"HTTP listen address"`
	ConfigPath    string `envconfig:"INCIDENTBOT_CONFIG" desc:"the YAML configuration; unset, ./incidentbot.yaml, else the bundled example"`
	OpenAIAPIKey  string `envconfig:"OPENAI_API_KEY" desc:"enables classification suggestions by a language model"`
	OpenAIBaseURL string `envconfig:"OPENAI_BASE_URL" desc:"any OpenAI-compatible endpoint"`
	OpenAIModel   string `envconfig:"OPENAI_MODEL" default:"gpt-4o-mini" desc:"the language model's name"`
	DataKey       string `envconfig:"INCIDENTBOT_DATA_KEY" desc:"32 random bytes in base64 (openssl rand -base64 32): seals every free text and the anonymous relay before it reaches Redis; unset, stored in clear"`
	OldDataKeys   string `envconfig:"INCIDENTBOT_OLD_DATA_KEYS" desc:"comma-separated earlier data keys, still read after a key change; 'incidentbot rekey' seals everything again with the current key"`
	LogLevel      string `envconfig:"LOG_LEVEL" default:"info" desc:"debug, info, warn or error"`
	MetricsAddr   string `envconfig:"METRICS_ADDR" desc:"serve /metrics (and the probes) on this address instead of LISTEN_ADDR, off the port Slack reaches"`
	Workers       string `envconfig:"INCIDENTBOT_WORKERS" default:"2" desc:"how many tasks that follow acknowledgements (deliveries, announcements, Home tabs) run at once, 1 to 16"`
}

// Level is LOG_LEVEL as a slog level; Validate refuses any other value.
func (e Env) Level() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(e.LogLevel)); err != nil {
		return slog.LevelInfo
	}
	return l
}

// Sealer is the sealer of INCIDENTBOT_DATA_KEY and the old keys still
// read; nil when no key is set.
func (e Env) Sealer() (*seal.Sealer, error) {
	if e.DataKey == "" {
		if e.OldDataKeys != "" {
			return nil, errors.New("INCIDENTBOT_OLD_DATA_KEYS is set without INCIDENTBOT_DATA_KEY")
		}
		return nil, nil
	}
	return seal.New(e.DataKey, strings.Split(e.OldDataKeys, ","))
}

// LoadEnv reads the environment through getenv (os.Getenv in main, a map
// in tests), by Env's envconfig tags: the variable's name, and its default
// for an unset or empty one – a variable set to "" counts as unset, as
// `VAR=` in an env file means. SLACK_API_URL gets its trailing slash.
func LoadEnv(getenv func(string) string) Env {
	var e Env
	v, t := reflect.ValueOf(&e).Elem(), reflect.TypeFor[Env]()
	for i := range t.NumField() {
		f := t.Field(i)
		v.Field(i).SetString(cmp.Or(getenv(f.Tag.Get("envconfig")), f.Tag.Get("default")))
	}
	if !strings.HasSuffix(e.SlackAPIURL, "/") {
		e.SlackAPIURL += "/"
	}
	return e
}

// Usage writes the table of the environment variables Env reads, with
// their defaults and what they mean.
func Usage(w io.Writer) error {
	return envconfig.Usagef("", &Env{}, w, usageFormat)
}

const usageFormat = `environment:
{{range .}}  {{usage_key . | printf "%-22s"}} {{usage_description .}}{{if usage_default .}} (default {{usage_default .}}){{end}}
{{end}}`

// WorkerCount is INCIDENTBOT_WORKERS as a number; 0 when it is not one.
func (e Env) WorkerCount() int {
	n, err := strconv.Atoi(strings.TrimSpace(e.Workers))
	if err != nil {
		return 0
	}
	return n
}

// SocketMode reports whether the bot connects out over Socket Mode rather
// than taking HTTP requests from Slack.
func (e Env) SocketMode() bool { return e.SlackAppToken != "" }

// Validate returns the first problem with the environment as one line that
// names the variable. Formats are always checked; serve adds what serving
// needs. No value appears in the message, since most are secrets.
func (e Env) Validate(serve bool) error {
	for _, s := range []struct{ name, value string }{
		{"SLACK_BOT_TOKEN", e.SlackBotToken},
		{"SLACK_SIGNING_SECRET", e.SlackSigningSecret},
		{"SLACK_APP_TOKEN", e.SlackAppToken},
		{"OPENAI_API_KEY", e.OpenAIAPIKey},
	} {
		// A secret read from a file often keeps its newline.
		if strings.TrimSpace(s.value) != s.value {
			return fmt.Errorf("%s has leading or trailing whitespace", s.name)
		}
	}
	switch {
	case serve && e.SlackBotToken == "":
		return errors.New("SLACK_BOT_TOKEN is required to serve")
	case e.SlackBotToken != "" && !strings.HasPrefix(e.SlackBotToken, "xoxb-"):
		return errors.New("SLACK_BOT_TOKEN must start with xoxb-")
	case e.SlackAppToken != "" && !strings.HasPrefix(e.SlackAppToken, "xapp-"):
		return errors.New("SLACK_APP_TOKEN must start with xapp-")
	case serve && !e.SocketMode() && e.SlackSigningSecret == "":
		return errors.New("SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)")
	}
	if _, err := e.Sealer(); err != nil {
		return err
	}
	switch strings.ToLower(e.LogLevel) {
	case "debug", "info", "warn", "error":
	default:
		return errors.New("LOG_LEVEL must be debug, info, warn or error")
	}
	if e.RedisURL != "" {
		if reason := redisURLProblem(e.RedisURL); reason != "" {
			return errors.New("REDIS_URL: " + reason)
		}
	}
	if u, ok := httpURL(e.SlackAPIURL); !ok || !strings.HasSuffix(u.Path, "/") || u.RawQuery != "" {
		return errors.New("SLACK_API_URL must be an http(s) URL ending in /")
	}
	if _, _, err := net.SplitHostPort(e.ListenAddr); err != nil {
		return errors.New("LISTEN_ADDR must be host:port or :port, such as :3000")
	}
	if _, _, err := net.SplitHostPort(e.MetricsAddr); e.MetricsAddr != "" && err != nil {
		return errors.New("METRICS_ADDR must be host:port or :port, such as 127.0.0.1:9090")
	}
	if _, ok := httpURL(e.OpenAIBaseURL); e.OpenAIBaseURL != "" && !ok {
		return errors.New("OPENAI_BASE_URL must be an http(s) URL")
	}
	if n := e.WorkerCount(); n < 1 || n > 16 {
		return errors.New("INCIDENTBOT_WORKERS must be a number from 1 to 16")
	}
	return nil
}

// redisURLProblem says what is wrong with a Redis URL, without quoting it:
// it may hold a password.
func redisURLProblem(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "not a valid URL (check the port, and percent-encode special characters in the password)"
	case !slices.Contains([]string{"redis", "rediss", "redis+cluster", "rediss+cluster", "redis+sentinel", "rediss+sentinel"}, u.Scheme):
		return "must start with redis://, rediss://, redis+cluster:// or redis+sentinel:// (rediss+… for TLS)"
	case u.Host == "":
		return "no host, as in redis://localhost:6379/0"
	case strings.HasSuffix(u.Scheme, "+sentinel") && u.Query().Get("master_name") == "":
		return "a Sentinel URL needs ?master_name=, as in redis+sentinel://sentinel1:26379?master_name=mymaster"
	case strings.HasSuffix(u.Scheme, "+cluster") && strings.Trim(u.Path, "/") != "":
		return "a cluster has no database number: leave the path out"
	}
	if db := strings.TrimPrefix(u.Path, "/"); db != "" {
		if _, err := strconv.Atoi(db); err != nil {
			return "the path must be a database number, as in redis://localhost:6379/0"
		}
	}
	return ""
}

func httpURL(s string) (*url.URL, bool) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	return u, true
}

// LogValue shows the settings and which secrets are set, never their values.
func (e Env) LogValue() slog.Value {
	mode := "http"
	if e.SocketMode() {
		mode = "socket"
	}
	return slog.GroupValue(
		slog.String("mode", mode),
		slog.String("slack_bot_token", isSet(e.SlackBotToken)),
		slog.String("slack_signing_secret", isSet(e.SlackSigningSecret)),
		slog.String("slack_app_token", isSet(e.SlackAppToken)),
		slog.String("slack_api_url", redacted(e.SlackAPIURL)),
		slog.String("redis_url", redacted(e.RedisURL)),
		slog.String("listen_addr", e.ListenAddr),
		slog.String("config", cmp.Or(e.ConfigPath, "unset")),
		slog.String("openai_api_key", isSet(e.OpenAIAPIKey)),
		slog.String("openai_base_url", redacted(e.OpenAIBaseURL)),
		slog.String("openai_model", e.OpenAIModel),
	)
}

// String is LogValue's text, so that printing an Env shows no secret.
func (e Env) String() string { return e.LogValue().String() }

// GoString keeps %#v from printing the secrets too.
func (e Env) GoString() string { return e.String() }

func isSet(s string) string {
	if s == "" {
		return "unset"
	}
	return "set"
}

// redacted shows a URL without its user info, query and fragment, where
// credentials hide (some Redis hosts put the password in the user name);
// an unparseable URL is only said to be set.
func redacted(s string) string {
	if s == "" {
		return "unset"
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" {
		return "set"
	}
	if u.User != nil {
		u.User = url.User("xxxxx")
	}
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	return u.String()
}
