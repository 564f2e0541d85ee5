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

func TestLoadConfigAllowLists(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{
		"NEWSBOT_DATA_DIR":    "/x",
		"NEWSBOT_ALLOW_HOSTS": "feeds.lan, nas.home.arpa",
		"NEWSBOT_ALLOW_CIDRS": "192.168.1.10,10.8.0.9/24 ::ffff:172.16.0.1 fd00::/8",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.AllowHosts, " "); got != "feeds.lan nas.home.arpa" {
		t.Errorf("AllowHosts = %q", got)
	}
	var cidrs []string
	for _, p := range c.AllowCIDRs {
		cidrs = append(cidrs, p.String())
	}
	if got := strings.Join(cidrs, " "); got != "192.168.1.10/32 10.8.0.0/24 172.16.0.1/32 fd00::/8" {
		t.Errorf("AllowCIDRs = %q", got)
	}
	if c.AllowPrivate {
		t.Error("allow lists must not turn on AllowPrivate")
	}
}

func TestLoadConfigFullTextCaps(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x"}))
	if err != nil || c.FullTextBudget != 0 || c.FullTextDeadline != 0 {
		t.Errorf("unset caps = %d, %v (%v); want 0 so that ingest's defaults apply", c.FullTextBudget, c.FullTextDeadline, err)
	}
	c, err = LoadConfig(envMap(map[string]string{
		"NEWSBOT_DATA_DIR": "/x", "NEWSBOT_FULL_TEXT_BUDGET": "-1", "NEWSBOT_FULL_TEXT_DEADLINE": "45s",
	}))
	if err != nil || c.FullTextBudget != -1 || c.FullTextDeadline != 45*time.Second {
		t.Errorf("caps = %d, %v (%v); want -1 and 45s", c.FullTextBudget, c.FullTextDeadline, err)
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
		{"NEWSBOT_ALLOW_HOSTS", "https://feeds.lan/rss"},
		{"NEWSBOT_ALLOW_HOSTS", "feeds.lan:8080"},
		{"NEWSBOT_ALLOW_HOSTS", "*.lan"},
		{"NEWSBOT_ALLOW_CIDRS", "192.168.1.0/33"},
		{"NEWSBOT_ALLOW_CIDRS", "feeds.lan"},
		{"NEWSBOT_FULL_TEXT_BUDGET", "many"},
		{"NEWSBOT_FULL_TEXT_DEADLINE", "soon"},
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

func TestParseWhen(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"24h", now.Add(-24 * time.Hour)},
		{"3d", now.Add(-72 * time.Hour)},
		{"2w", now.Add(-14 * 24 * time.Hour)},
		{"2026-11-20", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		got, err := parseWhen(tt.in, now)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseWhen(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	if _, err := parseWhen("next tuesday-ish", now); err == nil {
		t.Error("nonsense accepted")
	}
}
