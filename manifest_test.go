package incidentbot

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// manifest is the part of Slack's app manifest that must agree with the
// routes, callback ids and API calls in the code.
type manifest struct {
	Features struct {
		AppHome struct {
			HomeTabEnabled bool `yaml:"home_tab_enabled"`
		} `yaml:"app_home"`
		SlashCommands []struct {
			Command string `yaml:"command"`
			URL     string `yaml:"url"`
		} `yaml:"slash_commands"`
		Shortcuts []manifestShortcut `yaml:"shortcuts"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			RequestURL string   `yaml:"request_url"`
			BotEvents  []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled  bool   `yaml:"is_enabled"`
			RequestURL string `yaml:"request_url"`
		} `yaml:"interactivity"`
		SocketModeEnabled *bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

// manifestShortcut is one entry of features.shortcuts.
type manifestShortcut struct {
	Name       string `yaml:"name"`
	Type       string `yaml:"type"`
	CallbackID string `yaml:"callback_id"`
}

func loadManifest(t *testing.T) manifest {
	t.Helper()
	b, err := os.ReadFile("manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest.yaml: %v", err)
	}
	return m
}

func TestManifestRequestURLs(t *testing.T) {
	m := loadManifest(t)
	if m.Settings.SocketModeEnabled == nil {
		t.Fatal("settings.socket_mode_enabled is missing")
	}
	socket := *m.Settings.SocketModeEnabled
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/report" {
		t.Fatalf("slash_commands = %+v, want exactly /report", m.Features.SlashCommands)
	}
	if !m.Settings.Interactivity.IsEnabled {
		t.Error("settings.interactivity.is_enabled is false: shortcuts and dialogs would never reach the bot")
	}
	for _, tc := range []struct {
		field, url, path string
	}{
		{"features.slash_commands[0].url", m.Features.SlashCommands[0].URL, "/slack/commands"},
		{"settings.interactivity.request_url", m.Settings.Interactivity.RequestURL, "/slack/interactions"},
		{"settings.event_subscriptions.request_url", m.Settings.EventSubscriptions.RequestURL, "/slack/events"},
	} {
		// Socket Mode apps have no request URLs; HTTP-mode apps need all three.
		if tc.url == "" && socket {
			continue
		}
		if !strings.HasPrefix(tc.url, "https://") || !strings.HasSuffix(tc.url, tc.path) {
			t.Errorf("%s = %q, want https://…%s", tc.field, tc.url, tc.path)
		}
	}
}

func TestManifestShortcuts(t *testing.T) {
	m := loadManifest(t)
	if len(m.Features.Shortcuts) != 2 {
		t.Errorf("%d shortcuts, want 2", len(m.Features.Shortcuts))
	}
	for _, tc := range []struct{ callbackID, typ string }{
		{"report_incident", "global"},
		{"report_message", "message"},
	} {
		i := slices.IndexFunc(m.Features.Shortcuts, func(s manifestShortcut) bool { return s.CallbackID == tc.callbackID })
		if i < 0 {
			t.Errorf("no shortcut with callback_id %s", tc.callbackID)
			continue
		}
		s := m.Features.Shortcuts[i]
		if s.Type != tc.typ {
			t.Errorf("shortcut %s: type %q, want %q", tc.callbackID, s.Type, tc.typ)
		}
		// Slack rejects a manifest whose shortcut name is longer.
		if n := len([]rune(s.Name)); n == 0 || n > 24 {
			t.Errorf("shortcut %s: name %q has %d characters, want 1–24", tc.callbackID, s.Name, n)
		}
	}
}

func TestManifestScopesAndEvents(t *testing.T) {
	m := loadManifest(t)
	if !m.Features.AppHome.HomeTabEnabled {
		t.Error("features.app_home.home_tab_enabled is false: the bot publishes a Home tab")
	}
	scopes, events := m.OAuthConfig.Scopes.Bot, m.Settings.EventSubscriptions.BotEvents
	for _, tc := range []struct {
		field string
		have  []string
		want  string
	}{
		{"oauth_config.scopes.bot", scopes, "commands"},
		{"oauth_config.scopes.bot", scopes, "chat:write"},
		{"oauth_config.scopes.bot", scopes, "im:write"},
		{"oauth_config.scopes.bot", scopes, "users:read"},
		{"oauth_config.scopes.bot", scopes, "files:write"},
		{"oauth_config.scopes.bot", scopes, "channels:read"},
		// conversations.history, to find a message an earlier try posted.
		{"oauth_config.scopes.bot", scopes, "channels:history"},
		{"oauth_config.scopes.bot", scopes, "groups:history"},
		{"oauth_config.scopes.bot", scopes, "im:history"},
		{"oauth_config.scopes.bot", scopes, "groups:read"},
		{"settings.event_subscriptions.bot_events", events, "app_home_opened"},
	} {
		if !slices.Contains(tc.have, tc.want) {
			t.Errorf("%s lacks %s (has %v)", tc.field, tc.want, tc.have)
		}
	}
}
