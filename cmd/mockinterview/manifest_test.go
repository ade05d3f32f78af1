package main

import (
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestAppManifest keeps app-manifest.yaml in step with what the bot serves.
func TestAppManifest(t *testing.T) {
	data, err := os.ReadFile("../../app-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			AppHome struct {
				HomeTab     bool `yaml:"home_tab_enabled"`
				MessagesTab bool `yaml:"messages_tab_enabled"`
			} `yaml:"app_home"`
			SlashCommands []struct {
				Command, URL string
			} `yaml:"slash_commands"`
		}
		OAuth struct {
			Scopes struct{ Bot []string } `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				URL    string   `yaml:"request_url"`
				Events []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				Enabled bool   `yaml:"is_enabled"`
				URL     string `yaml:"request_url"`
			}
			SocketMode bool `yaml:"socket_mode_enabled"`
		}
	}
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/mock-interview" {
		t.Errorf("slash command: %+v", m.Features.SlashCommands)
	}
	for _, s := range []string{"commands", "chat:write", "im:write", "im:history", "channels:history", "users:read"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("missing bot scope %s", s)
		}
	}
	for _, e := range []string{"app_home_opened", "message.im", "message.channels"} {
		if !slices.Contains(m.Settings.Events.Events, e) {
			t.Errorf("missing event %s", e)
		}
	}
	if !m.Features.AppHome.HomeTab || !m.Features.AppHome.MessagesTab || !m.Settings.Interactivity.Enabled || !m.Settings.SocketMode {
		t.Errorf("home tab, messages tab, interactivity and socket mode must be on: %+v", m)
	}
	if m.Features.SlashCommands[0].URL != "https://example.com/slack/commands" || m.Settings.Events.URL != "https://example.com/slack/events" || m.Settings.Interactivity.URL != "https://example.com/slack/interactions" {
		t.Errorf("request URLs do not match the bot's routes")
	}
}
