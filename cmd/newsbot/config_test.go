package main

import (
	"strings"
	"testing"
	"time"
)

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfigDefaults(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{"XDG_DATA_HOME": "/tmp/xdg"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/tmp/xdg/newsbot" {
		t.Errorf("DataDir = %q, want /tmp/xdg/newsbot", c.DataDir)
	}
	if c.MaxBodyBytes != 10<<20 || c.FetchTimeout != 30*time.Second || !c.FullText || c.AllowPrivate {
		t.Errorf("fetch defaults wrong: %+v", c)
	}
	if c.LLMConfigured() {
		t.Error("no key and no base URL must mean no LLM")
	}
}

func TestLoadConfigValues(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{
		"NEWSBOT_DATA_DIR":      "/srv/newsbot",
		"NEWSBOT_ALLOW_PRIVATE": "true",
		"NEWSBOT_FEEDS":         "https://a.example/rss, https://b.example/atom",
		"OPENAI_BASE_URL":       "http://localhost:11434/v1",
		"NEWSBOT_POLL_INTERVAL": "10m",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/srv/newsbot" || !c.AllowPrivate || c.PollInterval != 10*time.Minute {
		t.Errorf("values not read: %+v", c)
	}
	if len(c.Feeds) != 2 || c.Feeds[1] != "https://b.example/atom" {
		t.Errorf("Feeds = %q", c.Feeds)
	}
	if !c.LLMConfigured() {
		t.Error("a base URL alone (a local server) must configure the LLM")
	}
}

func TestLoadConfigErrorsNameTheVariable(t *testing.T) {
	tests := []struct {
		key, value string
	}{
		{"NEWSBOT_ALLOW_PRIVATE", "maybe"},
		{"NEWSBOT_FETCH_TIMEOUT", "soon"},
		{"NEWSBOT_POLL_INTERVAL", "5s"},
		{"NEWSBOT_FEEDS", "ftp://x.example/feed"},
		{"OPENAI_BASE_URL", "localhost:11434"},
		{"DISCORD_API_URL", "not a url"},
		{"NEWSBOT_MAX_QUESTION_LEN", "abc"},
		{"NEWSBOT_LOG_LEVEL", "loud"},
		{"NEWSBOT_MAX_BODY_BYTES", "12"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			_, err := LoadConfig(envMap(map[string]string{tt.key: tt.value, "NEWSBOT_DATA_DIR": "/x"}))
			if err == nil {
				t.Fatalf("%s=%q accepted", tt.key, tt.value)
			}
			if !strings.Contains(err.Error(), tt.key) {
				t.Errorf("error %q does not name %s", err, tt.key)
			}
		})
	}
}
